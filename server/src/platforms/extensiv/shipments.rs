//! Extensiv 3PL Warehouse Manager's shipments, for Shipments. The run reads
//! the customer's closed orders (the warehouse confirmed them shipped),
//! [`PAGE_SIZE`] a page:
//! `GET /orders?pgsiz=50&pgnum={n}&rql=readOnly.isClosed==true;readOnly.customerIdentifier.id=={customer}`
//! (the user needs the role to view orders), paged while `pgnum × pgsiz`
//! is short of `totalResults`, the orders under `_embedded` (HAL). Each
//! order is one shipment: its `readOnly.orderId`, our reference
//! (`referenceNum`) and its tracking, `routingInfo.trackingNumber` with
//! `routingInfo.carrier` (Extensiv gives no tracking link). A closed order
//! without a tracking number (a pickup, a freight load) has nothing to
//! send.
//!
//! Marking sent: Extensiv keeps no "tracking sent to the store" flag (as
//! ShipBob's `is_tracking_uploaded`), and writing one of our own into the
//! order (`PUT /orders/{id}` with its ETag) would change the warehouse's
//! order for our bookkeeping. So [`ShipmentSource::mark_sent`] does
//! nothing: a closed order is listed again by every run, and the run skips
//! it without asking the store, because the desk notes the tracking number
//! it sent to each store order (and a store that shipped the order anyway
//! answers [`crate::channels::Fulfilled::AlreadyThere`]). The cost is a
//! listing that grows with the customer's closed orders.
//!
//! Assumed from client code, not from reachable reference docs: the RQL
//! paths `readOnly.isClosed` and `readOnly.customerIdentifier.id`, and that
//! `routingInfo` comes with the list without a `detail` parameter.

use super::channels::{embedded, ExtensivWarehouse};
use crate::channels::{Halt, Page, Shipment, ShipmentSource, Tracking};
use crate::platforms::paging::{more_after, next_page, page_number, PAGE_SIZE};
use async_trait::async_trait;
use serde_json::Value;

#[async_trait]
impl ShipmentSource for ExtensivWarehouse<'_> {
    async fn shipments(&self, page: Option<&str>) -> Result<Page<Shipment>, Halt> {
        let customer = self.customer().await?;
        let rql = format!(
            "readOnly.isClosed==true;readOnly.customerIdentifier.id=={}",
            customer.id
        );
        let rql: String = url::form_urlencoded::byte_serialize(rql.as_bytes()).collect();
        let number = page_number(page);
        let url = format!(
            "{}/orders?pgsiz={PAGE_SIZE}&pgnum={number}&rql={rql}",
            self.base
        );
        let list = self.read(&url, ("GET /orders", "view orders")).await?;
        Ok(Page {
            items: shipped(&list),
            next: next_page(number, more_after(number, total(&list))),
        })
    }

    /// Nothing to tell Extensiv: see the module's notes.
    async fn mark_sent(&self, _shipment: &Shipment) -> Result<(), Halt> {
        Ok(())
    }
}

/// How many records a list says it holds in all (`totalResults`).
pub(super) fn total(list: &Value) -> u64 {
    ["totalResults", "TotalResults"]
        .iter()
        .find_map(|k| list.get(*k)?.as_u64())
        .unwrap_or(0)
}

/// The shipments of a page of closed orders: those with a tracking number.
fn shipped(list: &Value) -> Vec<Shipment> {
    embedded(list)
        .iter()
        .filter_map(|order| {
            let text = |path: &str| {
                order
                    .pointer(path)
                    .and_then(Value::as_str)
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
            };
            Some(Shipment {
                id: order.pointer("/readOnly/orderId")?.as_u64()?.to_string(),
                reference: text("/referenceNum")?.to_string(),
                tracking: Tracking {
                    number: text("/routingInfo/trackingNumber")?.to_string(),
                    carrier: text("/routingInfo/carrier").unwrap_or_default().to_string(),
                    url: None,
                },
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closed_orders_with_a_tracking_number_are_shipments() {
        let list: Value = serde_json::from_str(
            r#"{"totalResults":3,"_embedded":{"http://api.3plCentral.com/rels/orders/order":[
                {"readOnly":{"orderId":90001,"isClosed":true},"referenceNum":"ds-1-100",
                 "routingInfo":{"carrier":"UPS","mode":"Ground","trackingNumber":"1Z999AA10123456784"}},
                {"readOnly":{"orderId":90002,"isClosed":true},"referenceNum":"ds-1-101",
                 "routingInfo":{"carrier":"Will Call","trackingNumber":""}},
                {"readOnly":{"orderId":90003,"isClosed":true},"referenceNum":"ds-1-102"}]}}"#,
        )
        .unwrap();
        assert_eq!(
            shipped(&list),
            [Shipment {
                id: "90001".into(),
                reference: "ds-1-100".into(),
                tracking: Tracking {
                    number: "1Z999AA10123456784".into(),
                    carrier: "UPS".into(),
                    url: None,
                },
            }]
        );
        assert_eq!(total(&list), 3);
        assert!(shipped(&serde_json::json!({"totalResults": 0})).is_empty());
    }
}
