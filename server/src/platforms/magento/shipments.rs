//! Magento as the store of Shipments: each store order the warehouse
//! shipped gets a Magento shipment carrying the tracking.
//!
//! 1. `GET /V1/orders/{entity_id}` (`Magento_Sales::actions_view`): the
//!    order's `state` and its items. A `complete` order was shipped already
//!    (by an earlier run, or by hand), so nothing is sent twice; `holded`,
//!    `canceled`, `payment_review` and `closed` orders cannot be shipped
//!    (Magento's `CanShip` check refuses the first three), which fails this
//!    shipment only. A 404 ("The entity that was requested doesn't
//!    exist…") is an order deleted from the store.
//! 2. `POST /V1/order/{entity_id}/ship` (`Magento_Sales::ship`) with
//!    `{"items": [{"order_item_id", "qty"}], "notify": true, "tracks":
//!    [{"track_number", "title", "carrier_code": "custom"}]}`: each
//!    top-level item (a configurable product's child line ships with its
//!    parent) with what is left to ship of it. Magento answers the new
//!    shipment's id, and the order becomes `complete` once everything is
//!    shipped. `notify` sends the customer Magento's shipment email. The
//!    carrier goes as the track's title under Magento's `custom` carrier,
//!    which takes any name; Magento's tracks have no URL field, so the
//!    warehouse's tracking URL is not sent.
//!
//! A 400 from the ship call ("Shipment Document Validation Error(s): The
//! order does not allow a shipment to be created.", when the order changed
//! between the two calls) fails this shipment with Magento's words: the
//! warehouse keeps it unsent, and the next run reads the order again. A 401
//! ends the run as Test Connection reads it, naming the ACL resource the
//! call needed (Magento names it in the answer's `parameters`).
//!
//! Not confirmed against a live store: whether every Magento version fills
//! `qty_refunded` / `qty_canceled` on order items (missing ones count as 0),
//! and how bundle products shipped separately must be listed (their child
//! lines are left out here, like a configurable product's).

use super::connector::{message_of, missing_entity};
use crate::channels::{Fulfilled, Refusal, Shipment, ShipmentSink};
use crate::connectors::Reply;
use crate::platforms::paging::StoreApi;
use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

pub(super) struct MagentoShipments<'a> {
    pub api: StoreApi<'a>,
}

/// `sales-data-order-interface`, the fields a shipment needs.
#[derive(Deserialize, Debug, Default)]
struct MagentoOrder {
    #[serde(default)]
    state: String,
    #[serde(default)]
    status: String,
    #[serde(default)]
    items: Vec<OrderItem>,
}

#[derive(Deserialize, Debug, Default)]
#[serde(default)]
struct OrderItem {
    item_id: u64,
    parent_item_id: Option<u64>,
    product_type: Option<String>,
    qty_ordered: f64,
    qty_shipped: f64,
    qty_refunded: f64,
    qty_canceled: f64,
}

/// What a shipment does to a store order, read from the order.
#[derive(Debug, PartialEq)]
enum Plan {
    /// These items (`order_item_id`, quantity) are left to ship.
    Ship(Vec<(u64, f64)>),
    /// Everything was shipped already.
    Done,
    /// Magento will not ship it, for this reason.
    Blocked(String),
}

fn plan(id: &str, order: &MagentoOrder) -> Plan {
    let blocked = |why: &str| Plan::Blocked(format!("Order {id} is {why} in Magento, so it cannot be shipped."));
    match order.state.as_str() {
        "complete" => return Plan::Done,
        "holded" => return blocked("on hold"),
        "canceled" => return blocked("canceled"),
        "payment_review" => return blocked("in payment review"),
        "closed" => return blocked("closed (refunded)"),
        _ => {}
    }
    let physical = |i: &&OrderItem| {
        i.parent_item_id.is_none()
            && !matches!(i.product_type.as_deref(), Some("virtual" | "downloadable"))
    };
    let items: Vec<&OrderItem> = order.items.iter().filter(physical).collect();
    let left: Vec<(u64, f64)> = items
        .iter()
        .map(|i| {
            let left = i.qty_ordered - i.qty_shipped - i.qty_refunded - i.qty_canceled;
            (i.item_id, left)
        })
        .filter(|(_, qty)| *qty > 0.0)
        .collect();
    match left.is_empty() {
        false => Plan::Ship(left),
        true if items.iter().any(|i| i.qty_shipped > 0.0) => Plan::Done,
        true => Plan::Blocked(format!(
            "Order {id} has nothing Magento can ship (status “{}”).",
            order.status
        )),
    }
}

#[async_trait]
impl ShipmentSink for MagentoShipments<'_> {
    async fn fulfill(&self, order: &str, shipment: &Shipment) -> Result<Fulfilled, Refusal> {
        // The id comes back from the warehouse's reference: only a number
        // goes into a store path.
        if order.parse::<u64>().is_err() {
            return Err(Refusal::Record {
                sku: None,
                reason: format!("Order {order} is not a Magento order id, so it was not shipped."),
            });
        }
        let reply = self.api.fetch(&format!("/orders/{order}"), &[]).await?;
        let read = match reply.status {
            StatusCode::OK => reply.json::<MagentoOrder>(),
            StatusCode::NOT_FOUND if missing_entity(&reply) => {
                return Err(Refusal::Record {
                    sku: None,
                    reason: format!("Order {order} is not in the store (deleted, or never there)."),
                })
            }
            _ => None,
        };
        let Some(read) = read else {
            return Err(self.api.refused(&reply).into());
        };
        let items = match plan(order, &read) {
            Plan::Ship(items) => items,
            Plan::Done => return Ok(Fulfilled::AlreadyThere),
            Plan::Blocked(reason) => return Err(Refusal::Record { sku: None, reason }),
        };
        let items: Vec<_> = items
            .into_iter()
            .map(|(id, qty)| json!({"order_item_id": id, "qty": qty}))
            .collect();
        let t = &shipment.tracking;
        let body = json!({
            "items": items,
            "notify": true,
            "tracks": [{"track_number": t.number, "title": t.carrier, "carrier_code": "custom"}],
        });
        let reply = self
            .api
            .send(Method::POST, &format!("/order/{order}/ship"), &body)
            .await?;
        match reply.status {
            StatusCode::OK => Ok(Fulfilled::New),
            StatusCode::BAD_REQUEST => Err(Refusal::Record {
                sku: None,
                reason: format!("Magento refused the shipment: {}", said(&reply)),
            }),
            // Deleted between the read and the shipment.
            StatusCode::NOT_FOUND if missing_entity(&reply) => Err(Refusal::Record {
                sku: None,
                reason: format!("Order {order} is not in the store (deleted, or never there)."),
            }),
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

/// Magento's message, on one line.
fn said(reply: &Reply) -> String {
    match message_of(reply) {
        Some(message) => message.split_whitespace().collect::<Vec<_>>().join(" "),
        None => "it gave no reason.".into(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn order(body: &str) -> MagentoOrder {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn what_is_left_of_each_top_level_item_is_shipped() {
        let o = order(
            r#"{"state":"processing","status":"processing","items":[
                {"item_id":40,"sku":"BLUE-TEE-M","qty_ordered":2.0,"qty_shipped":0,"product_type":"configurable"},
                {"item_id":41,"sku":"BLUE-TEE-M","qty_ordered":2.0,"qty_shipped":0,"product_type":"simple","parent_item_id":40},
                {"item_id":42,"sku":"CAP-RED","qty_ordered":3.0,"qty_shipped":1.0,"qty_canceled":1.0,"product_type":"simple"},
                {"item_id":43,"sku":"GIFT-CARD","qty_ordered":1.0,"product_type":"virtual"}]}"#,
        );
        assert_eq!(plan("12", &o), Plan::Ship(vec![(40, 2.0), (42, 1.0)]));
    }

    #[test]
    fn a_shipped_order_is_done_and_one_magento_cannot_ship_is_refused() {
        let complete = order(r#"{"state":"complete","status":"complete","items":[]}"#);
        assert_eq!(plan("12", &complete), Plan::Done);
        let all_shipped = order(
            r#"{"state":"processing","status":"processing","items":[
                {"item_id":42,"qty_ordered":1.0,"qty_shipped":1.0,"product_type":"simple"}]}"#,
        );
        assert_eq!(plan("12", &all_shipped), Plan::Done);
        let held = order(r#"{"state":"holded","status":"holded","items":[{"item_id":1,"qty_ordered":1}]}"#);
        assert_eq!(
            plan("12", &held),
            Plan::Blocked("Order 12 is on hold in Magento, so it cannot be shipped.".into())
        );
        let virtual_only = order(
            r#"{"state":"processing","status":"processing","items":[
                {"item_id":43,"qty_ordered":1.0,"product_type":"downloadable"}]}"#,
        );
        assert!(matches!(plan("12", &virtual_only), Plan::Blocked(_)));
    }

    #[test]
    fn a_refusal_reads_on_one_line() {
        let reply = Reply::canned(
            400,
            r#"{"message":"Shipment Document Validation Error(s):\nThe order does not allow a shipment to be created."}"#,
        );
        assert_eq!(
            said(&reply),
            "Shipment Document Validation Error(s): The order does not allow a shipment to be created."
        );
    }
}
