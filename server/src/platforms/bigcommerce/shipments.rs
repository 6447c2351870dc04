//! BigCommerce orders fulfilled with the warehouse's tracking, for
//! Shipments (the API account needs the Orders: modify scope,
//! `store_v2_orders`). For each shipment the run reads, under
//! `/stores/{hash}/v2`:
//!
//! 1. `GET /orders/{id}`: an order with `status_id` 2 (Shipped) was
//!    shipped already, by an earlier run or by hand, and is left alone; a
//!    cancelled, refunded or declined one (5, 4, 6) has nothing to ship.
//!    404 means the order is gone from the store.
//! 2. `GET /orders/{id}/shipping_addresses`: the first address is the one
//!    Sales Orders sent to the warehouse; its `id` is the shipment's
//!    `order_address_id`.
//! 3. `GET /orders/{id}/products?limit=250`: the lines at that address
//!    with what is left to ship (`quantity` less `quantity_shipped`) are
//!    the shipment's `items` (`order_product_id` is the line's `id`). None
//!    left means the order was shipped already.
//! 4. `POST /orders/{id}/shipments` with `order_address_id`, `items`,
//!    `tracking_number`, and the carrier as `tracking_carrier` when it is
//!    one of the few Aftership slugs we can name with certainty (`ups`,
//!    `usps`, `fedex`, `dhl`), else empty, so BigCommerce links the number
//!    through Aftership; a tracking link the warehouse gave goes in
//!    `tracking_link`. `shipping_provider` stays empty: it names the
//!    store's own shipping integration, which the warehouse did not use.
//!    BigCommerce answers 201. That the order then turns Shipped once every
//!    item has shipped is how the control panel's Ship Items behaves; the
//!    API reference does not say it for API shipments, so step 3 is what
//!    keeps a second send from happening either way.
//!
//! A 400, 404 or 422 to the POST is about this order (BigCommerce says
//! why in its v2 error list) and fails only it; 401, 403 (a token without
//! the scope), 429 and 5xx end the run as Test Connection reads them.

use super::channels::api;
use super::connector::v2_api;
use crate::channels::{Fulfilled, Refusal, Shipment, ShipmentSink};
use crate::connectors::{Connectors, Credentials, Reply};
use crate::platforms::paging::StoreApi;
use async_trait::async_trait;
use dropstream_api::Platform;
use reqwest::header::HeaderMap;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// The order statuses that mean there is nothing to ship: Refunded,
/// Cancelled, Declined.
const NOTHING_TO_SHIP: [u32; 3] = [4, 5, 6];
/// The order status BigCommerce gives an order once all of it shipped.
const SHIPPED: u32 = 2;

/// A BigCommerce store that takes the warehouse's shipments.
pub(super) struct Shipper<'a> {
    api: StoreApi<'a>,
    /// For the one read whose 404 is about the order, not the run.
    c: &'a Connectors,
    base: String,
    headers: HeaderMap,
}

#[derive(Deserialize)]
struct StoreOrder {
    status_id: u32,
    #[serde(default)]
    status: String,
}

#[derive(Deserialize)]
struct OrderAddress {
    id: u64,
}

#[derive(Deserialize)]
struct OrderProduct {
    id: u64,
    quantity: u32,
    #[serde(default)]
    quantity_shipped: u32,
    #[serde(default)]
    order_address_id: Option<u64>,
}

impl<'a> Shipper<'a> {
    pub(super) fn new(c: &'a Connectors, creds: &Credentials) -> Shipper<'a> {
        let (base, headers) = v2_api(c, creds);
        Shipper {
            api: api(c, creds),
            c,
            base,
            headers,
        }
    }
}

/// The shipment's items: every line at `address` with something left to
/// ship, and how much.
fn items(lines: &[OrderProduct], address: u64) -> Vec<Value> {
    lines
        .iter()
        .filter(|l| l.order_address_id.is_none_or(|a| a == address))
        .filter(|l| l.quantity > l.quantity_shipped)
        .map(|l| json!({"order_product_id": l.id, "quantity": l.quantity - l.quantity_shipped}))
        .collect()
}

/// The Aftership slug of a carrier we can name with certainty, else "".
fn tracking_carrier(carrier: &str) -> &'static str {
    let name: String = carrier
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect::<String>()
        .to_ascii_lowercase();
    match name.as_str() {
        "ups" => "ups",
        "usps" => "usps",
        "fedex" => "fedex",
        "dhl" | "dhlexpress" => "dhl",
        _ => "",
    }
}

/// What a refusal about one order says: the v2 error list's messages, or
/// a v3-style `title`.
fn said(reply: &Reply) -> String {
    let body = reply.json::<Value>();
    let messages: Vec<&str> = match body.as_ref() {
        Some(Value::Array(errors)) => errors
            .iter()
            .filter_map(|e| e.get("message")?.as_str())
            .collect(),
        Some(one) => one
            .get("title")
            .and_then(Value::as_str)
            .into_iter()
            .collect(),
        None => Vec::new(),
    };
    if messages.is_empty() {
        return format!("HTTP {} without a reason", reply.status.as_u16());
    }
    messages.join("; ").chars().take(300).collect()
}

fn order_refusal(reason: String) -> Refusal {
    Refusal::Record { sku: None, reason }
}

impl Shipper<'_> {
    /// The store order's status, or why this order (or the run) stops.
    async fn status(&self, order: &str) -> Result<StoreOrder, Refusal> {
        let url = format!("{}/orders/{order}", self.base);
        let reply = self
            .c
            .get(Platform::BigCommerce, &url, self.headers.clone())
            .await
            .map_err(|result| self.api.halt(result))?;
        match reply.status {
            StatusCode::OK => match reply.json::<StoreOrder>() {
                Some(found) => Ok(found),
                None => Err(self.api.refused(&reply).into()),
            },
            StatusCode::NOT_FOUND => Err(order_refusal(format!(
                "Order {order} is not in the store (deleted, or never there)."
            ))),
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

#[async_trait]
impl ShipmentSink for Shipper<'_> {
    async fn fulfill(&self, order: &str, shipment: &Shipment) -> Result<Fulfilled, Refusal> {
        // The id comes back from the warehouse's reference: only a number
        // goes into a store path.
        if order.parse::<u64>().is_err() {
            return Err(order_refusal(format!(
                "Order {order} is not a BigCommerce order id, so its tracking was not sent."
            )));
        }
        let found = self.status(order).await?;
        if found.status_id == SHIPPED {
            return Ok(Fulfilled::AlreadyThere);
        }
        if NOTHING_TO_SHIP.contains(&found.status_id) {
            return Err(order_refusal(format!(
                "Order {order} is {} in BigCommerce, so it is not marked shipped.",
                found.status.to_lowercase()
            )));
        }
        let path = format!("/orders/{order}");
        let addresses = format!("{path}/shipping_addresses");
        let (addresses, _) = self.api.get::<Vec<OrderAddress>>(&addresses, &[]).await?;
        let Some(address) = addresses.first().map(|a| a.id) else {
            return Err(order_refusal(format!(
                "Order {order} has no shipping address to ship to."
            )));
        };
        let limit = [("limit", "250".to_string())];
        let products = format!("{path}/products");
        let (lines, _) = self.api.get::<Vec<OrderProduct>>(&products, &limit).await?;
        let items = items(&lines, address);
        if items.is_empty() {
            return Ok(Fulfilled::AlreadyThere);
        }
        let t = &shipment.tracking;
        let mut body = json!({
            "order_address_id": address,
            "items": items,
            "tracking_number": t.number,
            "tracking_carrier": tracking_carrier(&t.carrier),
            "shipping_provider": "",
        });
        if let Some(link) = &t.url {
            body["tracking_link"] = json!(link);
        }
        let reply = self
            .api
            .send(Method::POST, &format!("{path}/shipments"), &body)
            .await?;
        match reply.status {
            s if s.is_success() => Ok(Fulfilled::New),
            StatusCode::BAD_REQUEST | StatusCode::NOT_FOUND | StatusCode::UNPROCESSABLE_ENTITY => {
                Err(order_refusal(format!(
                    "BigCommerce refused the shipment: {}",
                    said(&reply)
                )))
            }
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_is_left_at_the_address_ships() {
        let lines: Vec<OrderProduct> = serde_json::from_str(
            r#"[{"id":1000,"quantity":2,"quantity_shipped":0,"order_address_id":1},
                {"id":1001,"quantity":3,"quantity_shipped":1,"order_address_id":1},
                {"id":1002,"quantity":1,"quantity_shipped":1,"order_address_id":1},
                {"id":1003,"quantity":4,"quantity_shipped":0,"order_address_id":2}]"#,
        )
        .unwrap();
        assert_eq!(
            items(&lines, 1),
            [
                json!({"order_product_id": 1000, "quantity": 2}),
                json!({"order_product_id": 1001, "quantity": 2})
            ]
        );
    }

    #[test]
    fn only_carriers_we_can_name_get_a_slug() {
        assert_eq!(tracking_carrier("UPS"), "ups");
        assert_eq!(tracking_carrier("FedEx"), "fedex");
        assert_eq!(tracking_carrier("DHL Express"), "dhl");
        assert_eq!(tracking_carrier("Will Call"), "");
    }

    #[test]
    fn a_refusal_says_what_bigcommerce_said() {
        let v2 = Reply::canned(
            400,
            r#"[{"status":400,"message":"The field 'order_address_id' is invalid."}]"#,
        );
        assert_eq!(said(&v2), "The field 'order_address_id' is invalid.");
        let v3 = Reply::canned(422, r#"{"status":422,"title":"Bad item"}"#);
        assert_eq!(said(&v3), "Bad item");
        assert_eq!(said(&Reply::canned(404, "")), "HTTP 404 without a reason");
    }
}
