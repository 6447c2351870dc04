//! ShipHero's shipments, for Shipments. The run reads
//! `shipments(date_from: …)` on `POST /graphql`, 100 to a page through
//! `data(first:, after:)` and `pageInfo { hasNextPage endCursor }`: each
//! shipment with its `shipping_labels` (`tracking_number`, `carrier`,
//! `tracking_url`) and its order's `partner_order_id` (our reference, set
//! by Sales Orders) and `tags`. The token's user must be able to see the
//! account's orders and shipments.
//!
//! ShipHero has no "tracking sent to the store" flag like ShipBob's
//! `is_tracking_uploaded`. Once the store has a shipment's tracking, the
//! run adds the tag `dropstream-sent-{shipment}` to its order with
//! `order_add_tags(data: {order_id, tags})` (the user must be able to edit
//! orders), and a shipment whose order carries its tag is not listed
//! again. The tag lives in ShipHero, so it holds even if the desk forgets
//! a run, and the merchant can see it on the order. Should tagging fail
//! after the store took the tracking, the store side still holds: a
//! WooCommerce order already completed, or a Shopify order already
//! fulfilled, is not fulfilled twice.
//!
//! Only shipments made in the last [`WINDOW_DAYS`] days are read, so a run
//! does not page through the account's whole history; a shipment older
//! than that whose tracking never went out is not sent.
//!
//! Assumed, not confirmed by reachable docs: the `date_from` format
//! (`YYYY-MM-DDTHH:MM:SS`, read as UTC; the schema calls it ISODateTime)
//! and that `order_add_tags` keeps the tags an order had (the schema says
//! `order_update_tags` replaces them). The field names are from ShipHero's
//! published schema.

use super::channels::{read_connection, read_mutation, ShipHeroWarehouse};
use crate::channels::{Halt, Page, Shipment, ShipmentSource, Tracking};
use crate::platforms::warehouses::stopped;
use crate::store::clock;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

/// How far back a run looks for shipments.
pub const WINDOW_DAYS: i64 = 30;

const SHIPMENTS: &str = "query Shipments($date_from: ISODateTime, $after: String) { shipments(date_from: $date_from) { request_id complexity data(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { id legacy_id order_id order { partner_order_id tags } shipping_labels { tracking_number carrier tracking_url } } } } } }";

const MARK_SENT: &str = "mutation MarkSent($data: UpdateTagsInput!) { order_add_tags(data: $data) { request_id complexity order { id tags } } }";

#[derive(Deserialize)]
pub(super) struct ShipmentNode {
    id: String,
    #[serde(default)]
    legacy_id: Option<i64>,
    #[serde(default)]
    order_id: Option<String>,
    #[serde(default)]
    order: Option<OrderOfShipment>,
    #[serde(default)]
    shipping_labels: Option<Vec<Option<Label>>>,
}

#[derive(Deserialize)]
struct OrderOfShipment {
    #[serde(default)]
    partner_order_id: Option<String>,
    #[serde(default)]
    tags: Option<Vec<Option<String>>>,
}

#[derive(Deserialize)]
struct Label {
    #[serde(default)]
    tracking_number: Option<String>,
    #[serde(default)]
    carrier: Option<String>,
    #[serde(default)]
    tracking_url: Option<String>,
}

/// The tag that says a shipment's tracking reached the store.
pub fn sent_tag(shipment: &str) -> String {
    format!("dropstream-sent-{shipment}")
}

/// A listed shipment as the store needs it, with its ShipHero order; none
/// when it has no tracking number or its tracking went out already.
fn unsent(node: ShipmentNode) -> Option<(Shipment, String)> {
    let id = node.legacy_id.map_or(node.id, |n| n.to_string());
    let order = node.order.unwrap_or(OrderOfShipment {
        partner_order_id: None,
        tags: None,
    });
    let tag = sent_tag(&id);
    let tags = order.tags.unwrap_or_default();
    if tags.iter().flatten().any(|t| *t == tag) {
        return None;
    }
    let label = node
        .shipping_labels
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .find(|l| l.tracking_number.as_deref().is_some_and(|n| !n.is_empty()))?;
    let shipment = Shipment {
        id,
        reference: order.partner_order_id.unwrap_or_default(),
        tracking: Tracking {
            number: label.tracking_number.unwrap_or_default(),
            carrier: label.carrier.unwrap_or_default(),
            url: label.tracking_url.filter(|u| !u.is_empty()),
        },
    };
    Some((shipment, node.order_id?))
}

/// `date_from` for a run starting now.
fn window_start() -> String {
    let since = clock::seconds(clock::shifted(-WINDOW_DAYS * 86_400));
    since.trim_end_matches('Z').to_string()
}

#[async_trait]
impl ShipmentSource for ShipHeroWarehouse<'_> {
    async fn shipments(&self, page: Option<&str>) -> Result<Page<Shipment>, Halt> {
        let request = json!({
            "query": SHIPMENTS,
            "variables": {"date_from": window_start(), "after": page},
        });
        let reply = self.request(&request).await?;
        let (nodes, next) =
            read_connection::<ShipmentNode>(&self.host, &reply, "shipments").map_err(stopped)?;
        let mut orders = self.orders_of.lock().expect("run lock");
        let items = nodes
            .into_iter()
            .filter_map(unsent)
            .map(|(shipment, order)| {
                orders.insert(shipment.id.clone(), order);
                shipment
            })
            .collect();
        Ok(Page { items, next })
    }

    async fn mark_sent(&self, shipment: &Shipment) -> Result<(), Halt> {
        let order = self
            .orders_of
            .lock()
            .expect("run lock")
            .get(&shipment.id)
            .cloned();
        let Some(order) = order else {
            // Not listed by this run: nothing to tag.
            return Ok(());
        };
        let data = json!({"order_id": order, "tags": [sent_tag(&shipment.id)]});
        let request = json!({"query": MARK_SENT, "variables": {"data": data}});
        let reply = self.request(&request).await?;
        read_mutation(&self.host, &reply, "order_add_tags").map_err(stopped)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nodes(body: &str) -> Vec<ShipmentNode> {
        serde_json::from_str(body).unwrap()
    }

    #[test]
    fn only_shipments_with_tracking_whose_tag_is_missing_go_to_the_store() {
        let listed = nodes(
            r#"[
            {"id":"U2hpcG1lbnQ6MQ==","legacy_id":1,"order_id":"T3JkZXI6MQ==",
             "order":{"partner_order_id":"ds-1-727","tags":["vip"]},
             "shipping_labels":[{"tracking_number":"","carrier":"usps"},{"tracking_number":"9400111","carrier":"usps","tracking_url":""}]},
            {"id":"U2hpcG1lbnQ6Mg==","legacy_id":2,"order_id":"T3JkZXI6Mg==",
             "order":{"partner_order_id":"ds-1-728","tags":["dropstream-sent-2"]},
             "shipping_labels":[{"tracking_number":"9400222","carrier":"usps"}]},
            {"id":"U2hpcG1lbnQ6Mw==","legacy_id":3,"order_id":"T3JkZXI6Mw==",
             "order":{"partner_order_id":"ds-1-729","tags":null},"shipping_labels":[]},
            {"id":"U2hpcG1lbnQ6NA==","order_id":"T3JkZXI6NA==","order":null,
             "shipping_labels":[null,{"tracking_number":"1Z999","carrier":"ups","tracking_url":"https://ups.example/1Z999"}]}
        ]"#,
        );
        let sent: Vec<_> = listed.into_iter().filter_map(unsent).collect();
        assert_eq!(
            sent,
            [
                (
                    Shipment {
                        id: "1".into(),
                        reference: "ds-1-727".into(),
                        tracking: Tracking {
                            number: "9400111".into(),
                            carrier: "usps".into(),
                            url: None
                        },
                    },
                    "T3JkZXI6MQ==".to_string()
                ),
                (
                    Shipment {
                        id: "U2hpcG1lbnQ6NA==".into(),
                        reference: String::new(),
                        tracking: Tracking {
                            number: "1Z999".into(),
                            carrier: "ups".into(),
                            url: Some("https://ups.example/1Z999".into())
                        },
                    },
                    "T3JkZXI6NA==".to_string()
                ),
            ]
        );
    }

    #[test]
    fn the_window_starts_thirty_days_back_without_a_zone() {
        let start = window_start();
        assert_eq!(start.len(), "2026-01-02T03:04:05".len(), "{start}");
        assert!(!start.ends_with('Z'));
        assert!(start < clock::now_seconds());
    }
}
