//! ShipBob as a channel's warehouse. Sales Orders creates each store order
//! with `POST /1.0/order` (needs `orders_write`), sent on behalf of the
//! token's first channel (`shipbob_channel_id` header, from
//! `GET /1.0/channel`). The order's `reference_id` is our reference:
//! ShipBob refuses a second order with the same one (422), and the order
//! made the first time is then found with `GET /1.0/order?ReferenceIds=…`.
//! Products are matched by SKU (`reference_id` of each product line); a SKU
//! ShipBob does not know is a 422 about that product, which fails the order
//! but not the run.

use super::connector::{api, refusal};
use crate::channels::{Call, Created, Halt, Order, OrderSink, Refusal, Roles};
use crate::connectors::{host_of, Connectors, Credentials, Reply};
use dropstream_api::{Platform, Side, TestResult};
use reqwest::header::{HeaderMap, HeaderValue};
use serde::Deserialize;
use serde_json::json;
use tokio::sync::OnceCell;

const P: Platform = Platform::ShipBob;

/// ShipBob is a warehouse that Sales Orders sends orders to.
pub const ROLES: Roles = Roles {
    orders_to: Some(|c, creds| Box::new(ShipBobWarehouse::new(c, creds))),
    ..Roles::NONE
};

pub struct ShipBobWarehouse<'a> {
    c: &'a Connectors,
    base: String,
    headers: HeaderMap,
    channel: OnceCell<i64>,
}

#[derive(Deserialize)]
struct ChannelEntry {
    id: i64,
}

#[derive(Deserialize)]
struct CreatedOrder {
    id: i64,
}

impl<'a> ShipBobWarehouse<'a> {
    pub fn new(c: &'a Connectors, creds: &Credentials) -> ShipBobWarehouse<'a> {
        let (base, headers) = api(c, creds);
        ShipBobWarehouse {
            c,
            base,
            headers,
            channel: OnceCell::new(),
        }
    }

    fn halt(&self, result: TestResult) -> Halt {
        Halt {
            side: Side::Warehouse,
            result,
        }
    }

    fn refused(&self, url: &str, reply: &Reply) -> Halt {
        self.halt(refusal(&host_of(url), reply))
    }

    /// The headers of a call made for the token's channel.
    async fn channel_headers(&self) -> Result<HeaderMap, Halt> {
        let id = self
            .channel
            .get_or_try_init(|| async {
                let url = format!("{}/1.0/channel", self.base);
                let reply = self
                    .c
                    .get(P, &url, self.headers.clone())
                    .await
                    .map_err(|r| self.halt(r))?;
                let first = reply
                    .status
                    .is_success()
                    .then(|| reply.json::<Vec<ChannelEntry>>())
                    .flatten()
                    .and_then(|channels| channels.into_iter().next());
                first
                    .map(|c| c.id)
                    .ok_or_else(|| self.refused(&url, &reply))
            })
            .await?;
        let mut headers = self.headers.clone();
        headers.insert("shipbob_channel_id", HeaderValue::from(*id));
        Ok(headers)
    }

    /// The order an earlier call made under `reference`, if any.
    async fn find(&self, reference: &str, headers: HeaderMap) -> Result<Option<String>, Halt> {
        let url = format!("{}/1.0/order?ReferenceIds={reference}", self.base);
        let reply = self
            .c
            .get(P, &url, headers)
            .await
            .map_err(|r| self.halt(r))?;
        if !reply.status.is_success() {
            return Err(self.refused(&url, &reply));
        }
        let found = reply.json::<Vec<CreatedOrder>>().unwrap_or_default();
        Ok(found.first().map(|o| o.id.to_string()))
    }
}

impl OrderSink for ShipBobWarehouse<'_> {
    fn create_order<'a>(
        &'a self,
        order: &'a Order,
        reference: &'a str,
    ) -> Call<'a, Result<Created, Refusal>> {
        Box::pin(self.create(order, reference))
    }
}

impl ShipBobWarehouse<'_> {
    async fn create(&self, order: &Order, reference: &str) -> Result<Created, Refusal> {
        let headers = self.channel_headers().await?;
        let products: Vec<_> = order
            .lines
            .iter()
            .map(|l| json!({"reference_id": l.sku, "quantity": l.quantity}))
            .collect();
        let a = &order.ship_to;
        let body = json!({
            "reference_id": reference,
            "order_number": order.number,
            "shipping_method": "Standard",
            "recipient": {
                "name": a.name,
                "address": {
                    "address1": a.street,
                    "city": a.city,
                    "zip_code": a.postal_code,
                    "country": a.country,
                },
            },
            "products": products,
        });
        let url = format!("{}/1.0/order", self.base);
        let reply = self
            .c
            .post_json(P, &url, headers.clone(), &body)
            .await
            .map_err(|r| self.halt(r))?;
        if reply.status.is_success() {
            return match reply.json::<CreatedOrder>() {
                Some(created) => Ok(Created::New(created.id.to_string())),
                None => Err(self.refused(&url, &reply).into()),
            };
        }
        if reply.status.as_u16() != 422 {
            return Err(self.refused(&url, &reply).into());
        }
        let problem = Unprocessable::read(&reply);
        if problem.duplicate_reference {
            return match self.find(reference, headers).await? {
                Some(id) => Ok(Created::AlreadyThere(id)),
                None => Err(Refusal::Record {
                    sku: None,
                    reason: "ShipBob says this order exists but does not list it.".into(),
                }),
            };
        }
        Err(Refusal::Record {
            sku: problem.unknown_sku.clone(),
            reason: match problem.unknown_sku {
                Some(sku) => format!("SKU {sku} is not in the warehouse."),
                None => format!("ShipBob refused the order: {}", problem.text),
            },
        })
    }
}

/// What a 422 from `POST /1.0/order` is about.
struct Unprocessable {
    duplicate_reference: bool,
    unknown_sku: Option<String>,
    /// The messages, joined, for the log.
    text: String,
}

impl Unprocessable {
    /// Reads `{"errors": {"<field>": ["message", …]}}`; the messages name a
    /// duplicate reference or the product reference that is unknown.
    fn read(reply: &Reply) -> Unprocessable {
        let messages: Vec<(String, String)> = reply
            .json::<serde_json::Value>()
            .and_then(|v| v.get("errors").cloned())
            .and_then(|e| e.as_object().cloned())
            .map(|fields| {
                fields
                    .into_iter()
                    .flat_map(|(field, list)| {
                        let list = list.as_array().cloned().unwrap_or_default();
                        list.into_iter()
                            .filter_map(|m| m.as_str().map(str::to_string))
                            .map(move |m| (field.clone(), m))
                            .collect::<Vec<_>>()
                    })
                    .collect()
            })
            .unwrap_or_default();
        let duplicate_reference = messages
            .iter()
            .any(|(_, m)| m.to_ascii_lowercase().contains("duplicate"));
        let unknown_sku = messages.iter().find_map(|(_, m)| {
            let rest = m.split_once("reference id ")?.1;
            let sku = rest.split_whitespace().next()?;
            m.contains("does not exist")
                .then(|| sku.trim_matches('\'').to_string())
        });
        let text = messages
            .iter()
            .map(|(_, m)| m.as_str())
            .collect::<Vec<_>>()
            .join("; ");
        Unprocessable {
            duplicate_reference,
            unknown_sku,
            text,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_422_names_a_duplicate_or_the_unknown_sku() {
        let dup = Reply::canned(
            422,
            r#"{"errors":{"ReferenceId":["Duplicate reference id ds-1-5"]}}"#,
        );
        let read = Unprocessable::read(&dup);
        assert!(read.duplicate_reference);
        assert_eq!(read.unknown_sku, None);
        let sku = Reply::canned(
            422,
            r#"{"errors":{"Products[0]":["Product with reference id 'SOCKS-STRIPE-L' does not exist"]}}"#,
        );
        let read = Unprocessable::read(&sku);
        assert!(!read.duplicate_reference);
        assert_eq!(read.unknown_sku.as_deref(), Some("SOCKS-STRIPE-L"));
        let other = Unprocessable::read(&Reply::canned(422, "not json"));
        assert!(!other.duplicate_reference && other.unknown_sku.is_none());
    }
}
