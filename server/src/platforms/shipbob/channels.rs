//! ShipBob as a channel's warehouse. Sales Orders creates each store order
//! with `POST /1.0/order` (needs `orders_write`), sent on behalf of the
//! token's first channel (`shipbob_channel_id` header, from
//! `GET /1.0/channel`). The order's `reference_id` is our reference:
//! ShipBob refuses a second order with the same one (422), and the order
//! made the first time is then found with `GET /1.0/order?ReferenceIds=…`.
//! Products are matched by SKU (`reference_id` of each product line); a SKU
//! ShipBob does not know is a 422 about that product, which fails the order
//! but not the run.
//!
//! Shipments reads `GET /1.0/order?HasTracking=true&IsTrackingUploaded=false`
//! (needs `orders_read`), 250 a page, following `Page` while ShipBob sends
//! a `Next-Page` header, and takes each order's shipments with their
//! `tracking`. Once the store has a shipment's tracking,
//! `PUT /1.0/shipment/{id}` with `{"is_tracking_uploaded": true}` takes it
//! off that list, so the next run does not send it again.
//!
//! Inventory reads `GET /1.0/product` (needs `products_read`), 250 a page
//! the same way: each product's `reference_id` is the merchant's SKU, and
//! its `total_fulfillable_quantity` (on hand less what open orders hold) is
//! the stock the store may sell.

use super::connector::{api, refusal};
use crate::channels::{
    Created, Halt, Order, OrderSink, Page, Refusal, Roles, Shipment, ShipmentSource, StockLevel,
    StockSource, Tracking,
};
use crate::connectors::{host_of, Connectors, Credentials, Reply};
use async_trait::async_trait;
use dropstream_api::{Platform, Side, TestResult};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::Method;
use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::json;
use tokio::sync::OnceCell;

const P: Platform = Platform::ShipBob;

/// ShipBob is a warehouse that Sales Orders sends orders to, and whose
/// shipments go back to the store.
pub const ROLES: Roles = Roles {
    orders_to: Some(|c, creds| Box::new(ShipBobWarehouse::new(c, creds))),
    shipments_from: Some(|c, creds| Box::new(ShipBobWarehouse::new(c, creds))),
    stock_from: Some(|c, creds| Box::new(ShipBobWarehouse::new(c, creds))),
    ..Roles::NONE
};

/// Records per page of a listing; ShipBob allows up to 250.
const LIST_PAGE: u32 = 250;

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

#[derive(Deserialize)]
struct ShippedOrder {
    reference_id: String,
    #[serde(default)]
    shipments: Vec<ShipBobShipment>,
}

#[derive(Deserialize)]
struct ShipBobShipment {
    id: i64,
    #[serde(default)]
    is_tracking_uploaded: bool,
    tracking: Option<ShipBobTracking>,
}

#[derive(Deserialize)]
struct ShipBobTracking {
    #[serde(default)]
    carrier: String,
    tracking_number: Option<String>,
    tracking_url: Option<String>,
}

#[derive(Deserialize)]
struct Product {
    reference_id: String,
    #[serde(default)]
    total_fulfillable_quantity: i64,
}

/// The shipments of a listing page that have tracking the store lacks.
fn unsent(orders: Vec<ShippedOrder>) -> Vec<Shipment> {
    orders
        .into_iter()
        .flat_map(|order| {
            let reference = order.reference_id;
            order.shipments.into_iter().filter_map(move |s| {
                let tracking = s.tracking.filter(|_| !s.is_tracking_uploaded)?;
                Some(Shipment {
                    id: s.id.to_string(),
                    reference: reference.clone(),
                    tracking: Tracking {
                        number: tracking.tracking_number.filter(|n| !n.is_empty())?,
                        carrier: tracking.carrier,
                        url: tracking.tracking_url,
                    },
                })
            })
        })
        .collect()
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

    /// A GET that must succeed with a `T`; the reply too, for its headers.
    async fn read<T: DeserializeOwned>(
        &self,
        url: &str,
        headers: HeaderMap,
    ) -> Result<(T, Reply), Halt> {
        let reply = self
            .c
            .get(P, url, headers)
            .await
            .map_err(|r| self.halt(r))?;
        match reply
            .status
            .is_success()
            .then(|| reply.json::<T>())
            .flatten()
        {
            Some(body) => Ok((body, reply)),
            None => Err(self.refused(url, &reply)),
        }
    }

    /// The headers of a call made for the token's channel.
    async fn channel_headers(&self) -> Result<HeaderMap, Halt> {
        let id = self
            .channel
            .get_or_try_init(|| async {
                let url = format!("{}/1.0/channel", self.base);
                let (channels, reply) = self
                    .read::<Vec<ChannelEntry>>(&url, self.headers.clone())
                    .await?;
                channels
                    .first()
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
        let (found, _) = self.read::<Vec<CreatedOrder>>(&url, headers).await?;
        Ok(found.first().map(|o| o.id.to_string()))
    }
}

impl ShipBobWarehouse<'_> {
    /// Page `page` (the first when None) of a listing at `path` (with its
    /// query), and the next page's number while ShipBob sends `Next-Page`.
    async fn list<T: DeserializeOwned>(
        &self,
        path: &str,
        page: Option<&str>,
    ) -> Result<Page<T>, Halt> {
        let headers = self.channel_headers().await?;
        let number: u32 = page.and_then(|p| p.parse().ok()).unwrap_or(1);
        let url = format!("{}{path}&Limit={LIST_PAGE}&Page={number}", self.base);
        let (items, reply) = self.read::<Vec<T>>(&url, headers).await?;
        Ok(Page {
            items,
            next: reply
                .headers
                .contains_key("next-page")
                .then(|| (number + 1).to_string()),
        })
    }
}

#[async_trait]
impl ShipmentSource for ShipBobWarehouse<'_> {
    async fn shipments(&self, page: Option<&str>) -> Result<Page<Shipment>, Halt> {
        let listed: Page<ShippedOrder> = self
            .list("/1.0/order?HasTracking=true&IsTrackingUploaded=false", page)
            .await?;
        Ok(Page {
            items: unsent(listed.items),
            next: listed.next,
        })
    }

    async fn mark_sent(&self, shipment: &Shipment) -> Result<(), Halt> {
        let headers = self.channel_headers().await?;
        let url = format!("{}/1.0/shipment/{}", self.base, shipment.id);
        let body = json!({"is_tracking_uploaded": true});
        let reply = self
            .c
            .send_json(P, Method::PUT, &url, headers, &body)
            .await
            .map_err(|r| self.halt(r))?;
        if reply.status.is_success() {
            Ok(())
        } else {
            Err(self.refused(&url, &reply))
        }
    }
}

#[async_trait]
impl StockSource for ShipBobWarehouse<'_> {
    async fn stock(&self, page: Option<&str>) -> Result<Page<StockLevel>, Halt> {
        let listed: Page<Product> = self.list("/1.0/product?IsActive=true", page).await?;
        Ok(Page {
            items: listed
                .items
                .into_iter()
                .map(|p| StockLevel {
                    sku: p.reference_id,
                    quantity: p.total_fulfillable_quantity,
                })
                .collect(),
            next: listed.next,
        })
    }
}

#[async_trait]
impl OrderSink for ShipBobWarehouse<'_> {
    async fn create_order(&self, order: &Order, reference: &str) -> Result<Created, Refusal> {
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
    fn only_shipments_with_tracking_not_yet_uploaded_go_to_the_store() {
        let listed: Vec<ShippedOrder> = serde_json::from_str(
            r#"[{"id":1,"reference_id":"ds-1-5","shipments":[
                  {"id":11,"is_tracking_uploaded":false,"tracking":{"carrier":"USPS","tracking_number":"9400","tracking_url":null}},
                  {"id":12,"is_tracking_uploaded":true,"tracking":{"carrier":"USPS","tracking_number":"9401"}},
                  {"id":13,"is_tracking_uploaded":false,"tracking":null},
                  {"id":14,"is_tracking_uploaded":false,"tracking":{"carrier":"UPS","tracking_number":""}}]},
                {"id":2,"reference_id":"other"}]"#,
        )
        .unwrap();
        assert_eq!(
            unsent(listed),
            [Shipment {
                id: "11".into(),
                reference: "ds-1-5".into(),
                tracking: Tracking {
                    number: "9400".into(),
                    carrier: "USPS".into(),
                    url: None
                },
            }]
        );
    }

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
