//! Shipments into WooCommerce. Core WooCommerce has no tracking field, so
//! a shipment is recorded the way a merchant records one by hand:
//!
//! 1. `GET /orders?include={id}&_fields=id,status` finds the order (a
//!    listing, so a deleted order is an empty page rather than a 404). An
//!    order already `completed` was shipped earlier (by a run, or by hand)
//!    and is left alone; a `cancelled`, `refunded`, `failed` or draft order
//!    is not shipped, and fails this shipment only.
//! 2. `POST /orders/{id}/notes` with the carrier, tracking number and link,
//!    and `customer_note: true`, so WooCommerce emails it to the shopper
//!    and shows it on their order page; unless `GET /orders/{id}/notes?type=customer`
//!    shows a note with this tracking number already.
//! 3. `PUT /orders/{id}` with `{"status": "completed"}`, which takes the
//!    order out of the `processing` listing that Sales Orders reads (and
//!    sends WooCommerce's "order completed" email).
//!
//! The note goes first: if completing then fails, the next run finds the
//! order still processing and the note there, and only completes it, so
//! the shopper gets one email with the tracking, never an order completed
//! without it.
//!
//! Not the Shipment Tracking extension (`…/orders/{id}/shipment-trackings`):
//! it is a paid add-on that many stores lack, and its route has moved
//! between versions; a note works on every store. Both writes need a
//! Read/Write key of a user who may edit orders.

use super::channels::{said, WooCommerceStore};
use crate::channels::{Fulfilled, Refusal, Shipment, ShipmentSink, Tracking};
use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;

/// An order note as `GET /orders/{id}/notes` lists it.
#[derive(Deserialize)]
struct OrderNote {
    #[serde(default)]
    note: String,
}

#[derive(Deserialize)]
struct OrderStatus {
    id: u64,
    #[serde(default)]
    status: String,
}

/// What to do with a store order, by its status.
#[derive(Debug, PartialEq)]
enum Step {
    Ship,
    /// Completed already: nothing to do.
    Done,
    /// Not to be shipped: why, for the log.
    Refuse(String),
}

fn next_step(order: &str, status: &str) -> Step {
    match status {
        "completed" => Step::Done,
        "cancelled" | "refunded" | "failed" | "checkout-draft" | "trash" => Step::Refuse(format!(
            "Order {order} is {status} in the store, so it was not completed."
        )),
        _ => Step::Ship,
    }
}

/// The note the shopper reads.
fn note(t: &Tracking) -> String {
    let carrier = if t.carrier.is_empty() {
        String::new()
    } else {
        format!(" with {}", t.carrier.to_uppercase())
    };
    match &t.url {
        Some(url) => format!(
            "Your order has shipped{carrier}. Tracking number: {} ({url})",
            t.number
        ),
        None => format!(
            "Your order has shipped{carrier}. Tracking number: {}",
            t.number
        ),
    }
}

fn missing(order: &str) -> Refusal {
    Refusal::Record {
        sku: None,
        reason: format!("Order {order} is not in the store (deleted, or never there)."),
    }
}

impl WooCommerceStore<'_> {
    /// A write about order `order`. A 400 or 404 is about this order only;
    /// any other refusal ends the run.
    async fn write(
        &self,
        method: Method,
        path: &str,
        body: &serde_json::Value,
        what: &str,
    ) -> Result<(), Refusal> {
        let reply = self.api.send(method, path, body).await?;
        match reply.status.as_u16() {
            200..=299 => Ok(()),
            400 | 404 => Err(Refusal::Record {
                sku: None,
                reason: format!("WooCommerce refused the {what}: {}", said(&reply)),
            }),
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

#[async_trait]
impl ShipmentSink for WooCommerceStore<'_> {
    async fn fulfill(&self, order: &str, shipment: &Shipment) -> Result<Fulfilled, Refusal> {
        let Ok(id) = order.parse::<u64>() else {
            return Err(missing(order));
        };
        let query = [("include", id.to_string()), ("_fields", "id,status".into())];
        let (found, _) = self.api.get::<Vec<OrderStatus>>("/orders", &query).await?;
        let Some(found) = found.into_iter().find(|o| o.id == id) else {
            return Err(missing(order));
        };
        match next_step(order, &found.status) {
            Step::Ship => {}
            Step::Done => return Ok(Fulfilled::AlreadyThere),
            Step::Refuse(reason) => return Err(Refusal::Record { sku: None, reason }),
        }
        let notes = [("type", "customer".to_string())];
        let (written, _) = self
            .api
            .get::<Vec<OrderNote>>(&format!("/orders/{id}/notes"), &notes)
            .await?;
        let number = &shipment.tracking.number;
        if !written.iter().any(|n| n.note.contains(number.as_str())) {
            let body = json!({"note": note(&shipment.tracking), "customer_note": true});
            self.write(
                Method::POST,
                &format!("/orders/{id}/notes"),
                &body,
                "order note",
            )
            .await?;
        }
        let body = json!({"status": "completed"});
        self.write(Method::PUT, &format!("/orders/{id}"), &body, "order update")
            .await?;
        Ok(Fulfilled::New)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_completed_order_is_left_alone_and_a_cancelled_one_refused() {
        assert_eq!(next_step("727", "processing"), Step::Ship);
        assert_eq!(next_step("727", "on-hold"), Step::Ship);
        assert_eq!(next_step("727", "completed"), Step::Done);
        assert_eq!(
            next_step("727", "cancelled"),
            Step::Refuse("Order 727 is cancelled in the store, so it was not completed.".into())
        );
    }

    #[test]
    fn the_note_names_the_carrier_number_and_link() {
        let mut t = Tracking {
            number: "9400111".into(),
            carrier: "usps".into(),
            url: Some("https://t.example/9400111".into()),
        };
        assert_eq!(
            note(&t),
            "Your order has shipped with USPS. Tracking number: 9400111 (https://t.example/9400111)"
        );
        t.url = None;
        t.carrier.clear();
        assert_eq!(note(&t), "Your order has shipped. Tracking number: 9400111");
    }
}
