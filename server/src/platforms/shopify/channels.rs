//! Shopify as a channel's store. Sales Orders reads
//! `GET /admin/api/{version}/orders.json?status=open&fulfillment_status=unshipped&limit=50`
//! (Admin REST; needs `read_orders`), oldest first by id, and follows the
//! `Link: <…page_info=…>; rel="next"` header to the next page, where only
//! `limit` and `page_info` may be sent (Shopify's pagination rules).
//! Each order's `id` is the reference the warehouse keeps; its `name`
//! (`#1001`) is what the run log shows.
//!
//! Shipments fulfils a store order with the warehouse's tracking: it reads
//! `GET orders/{id}/fulfillment_orders.json` and sends the open ones to
//! `POST fulfillments.json` with `tracking_info` and `notify_customer`
//! (needs `write_merchant_managed_fulfillment_orders`). An order whose
//! fulfillment orders are all `closed` was fulfilled already, so nothing is
//! sent twice.
//!
//! Inventory sets each SKU's available quantity with
//! `POST inventory_levels/set.json` (needs `write_inventory`) at the shop's
//! first active location (`GET locations.json`, `read_locations`). The SKU
//! is found among the variants of `GET products.json?fields=id,variants`
//! (`read_products`; the REST API cannot search variants by SKU), read once
//! per run and paged by `Link`. A quantity the store has already is left
//! alone; a SKU the store does not sell is a mismatch for the log.

use super::connector::{admin_api, refusal};
use crate::channels::{
    Address, Fulfilled, Halt, Line, Order, OrderSource, Page, Refusal, Roles, Shipment,
    ShipmentSink, StockLevel, StockSet, StockSink,
};
use crate::connectors::{Connectors, Credentials, Reply};
use dropstream_api::{Category, Platform, Side, TestResult};
use std::collections::HashMap;
use tokio::sync::OnceCell;
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

const P: Platform = Platform::Shopify;

/// Orders per page; Shopify allows up to 250.
const PAGE: u32 = 50;

/// Shopify is a store that Sales Orders reads and Shipments fulfils.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| Box::new(ShopifyStore::new(c, creds))),
    shipments_to: Some(|c, creds| Box::new(ShopifyStore::new(c, creds))),
    stock_to: Some(|c, creds| Box::new(ShopifyStore::new(c, creds))),
    ..Roles::NONE
};

pub struct ShopifyStore<'a> {
    c: &'a Connectors,
    shop: String,
    api: String,
    headers: HeaderMap,
    catalog: OnceCell<Catalog>,
}

/// Where a run sets stock: the location, and each SKU's inventory item
/// with its quantity now.
struct Catalog {
    location: u64,
    items: HashMap<String, (u64, i64)>,
}

impl<'a> ShopifyStore<'a> {
    pub fn new(c: &'a Connectors, creds: &Credentials) -> ShopifyStore<'a> {
        let (shop, api, headers) = admin_api(c, creds);
        ShopifyStore {
            c,
            shop,
            api,
            headers,
            catalog: OnceCell::new(),
        }
    }

    fn halt(&self, result: dropstream_api::TestResult) -> Halt {
        Halt {
            side: Side::Store,
            result,
        }
    }
}

#[derive(Deserialize)]
struct Orders {
    orders: Vec<ShopifyOrder>,
}

#[derive(Deserialize)]
struct ShopifyOrder {
    id: u64,
    name: String,
    line_items: Vec<LineItem>,
    #[serde(default)]
    shipping_address: Option<ShippingAddress>,
}

#[derive(Deserialize)]
struct LineItem {
    #[serde(default)]
    sku: Option<String>,
    quantity: u32,
}

#[derive(Deserialize, Default)]
struct ShippingAddress {
    #[serde(default)]
    name: String,
    #[serde(default)]
    address1: String,
    #[serde(default)]
    city: String,
    #[serde(default)]
    zip: String,
    #[serde(default)]
    country_code: String,
}

#[async_trait]
impl OrderSource for ShopifyStore<'_> {
    async fn orders(&self, page: Option<&str>) -> Result<Page<Order>, Halt> {
        let url = match page {
            None => format!(
                "{}/orders.json?status=open&fulfillment_status=unshipped&limit={PAGE}",
                self.api
            ),
            Some(next) => next.to_string(),
        };
        let (body, reply) = self.read::<Orders>(&url).await?;
        let items = body
            .orders
            .into_iter()
            .map(|o| {
                let a = o.shipping_address.unwrap_or_default();
                Order {
                    id: o.id.to_string(),
                    number: o.name,
                    lines: o
                        .line_items
                        .into_iter()
                        .map(|l| Line {
                            sku: l.sku.unwrap_or_default(),
                            quantity: l.quantity,
                        })
                        .collect(),
                    ship_to: Address {
                        name: a.name,
                        street: a.address1,
                        city: a.city,
                        postal_code: a.zip,
                        country: a.country_code,
                    },
                }
            })
            .collect();
        Ok(Page {
            items,
            next: next_link(&reply.headers),
        })
    }
}

#[derive(Deserialize)]
struct FulfillmentOrders {
    fulfillment_orders: Vec<FulfillmentOrder>,
}

#[derive(Deserialize)]
struct FulfillmentOrder {
    id: u64,
    status: String,
}

/// What to do with an order's fulfillment orders: fulfil the open ones, or
/// nothing when every one is closed already.
fn open_fulfillment_orders(list: &[FulfillmentOrder]) -> Result<Vec<u64>, Fulfilled> {
    let open: Vec<u64> = list
        .iter()
        .filter(|fo| matches!(fo.status.as_str(), "open" | "in_progress"))
        .map(|fo| fo.id)
        .collect();
    if open.is_empty() && list.iter().any(|fo| fo.status == "closed") {
        return Err(Fulfilled::AlreadyThere);
    }
    Ok(open)
}

#[derive(Deserialize)]
struct Locations {
    locations: Vec<Location>,
}

#[derive(Deserialize)]
struct Location {
    id: u64,
    #[serde(default)]
    active: bool,
}

#[derive(Deserialize)]
struct Products {
    products: Vec<Product>,
}

#[derive(Deserialize)]
struct Product {
    variants: Vec<Variant>,
}

#[derive(Deserialize)]
struct Variant {
    sku: Option<String>,
    inventory_item_id: u64,
    #[serde(default)]
    inventory_quantity: i64,
}

impl ShopifyStore<'_> {
    /// A GET on the Admin API that must answer 200 with `T`.
    async fn read<T: serde::de::DeserializeOwned>(&self, url: &str) -> Result<(T, Reply), Halt> {
        let reply = self
            .c
            .get(P, url, self.headers.clone())
            .await
            .map_err(|result| self.halt(result))?;
        match (reply.status == StatusCode::OK)
            .then(|| reply.json::<T>())
            .flatten()
        {
            Some(body) => Ok((body, reply)),
            None => Err(self.halt(refusal(&self.shop, &reply))),
        }
    }

    /// A POST on the Admin API. A 422 refuses this record only ("Shopify
    /// refused the {what}: …"); any other refusal ends the run.
    async fn write(
        &self,
        path: &str,
        body: &serde_json::Value,
        what: &str,
    ) -> Result<(), Refusal> {
        let url = format!("{}/{path}", self.api);
        let reply = self
            .c
            .post_json(P, &url, self.headers.clone(), body)
            .await
            .map_err(|result| self.halt(result))?;
        match reply.status {
            StatusCode::OK | StatusCode::CREATED => Ok(()),
            StatusCode::UNPROCESSABLE_ENTITY => Err(Refusal::Record {
                sku: None,
                reason: format!("Shopify refused the {what}: {}", errors_of(&reply)),
            }),
            _ => Err(self.halt(refusal(&self.shop, &reply)).into()),
        }
    }

    async fn load_catalog(&self) -> Result<Catalog, Halt> {
        let (found, _) = self
            .read::<Locations>(&format!("{}/locations.json", self.api))
            .await?;
        let Some(location) = found.locations.iter().find(|l| l.active) else {
            return Err(self.halt(TestResult::failure(
                Category::Setup,
                "The shop has no active location to keep stock at.".into(),
                "Add a location in Shopify (Settings › Locations), or make one active, then run Inventory again.".into(),
            )));
        };
        let mut items = HashMap::new();
        let mut url = Some(format!(
            "{}/products.json?fields=id,variants&limit=250",
            self.api
        ));
        while let Some(next) = url {
            let (page, reply) = self.read::<Products>(&next).await?;
            for variant in page.products.into_iter().flat_map(|p| p.variants) {
                if let Some(sku) = variant.sku.filter(|s| !s.is_empty()) {
                    items.insert(sku, (variant.inventory_item_id, variant.inventory_quantity));
                }
            }
            url = next_link(&reply.headers);
        }
        Ok(Catalog {
            location: location.id,
            items,
        })
    }

}

#[async_trait]
impl StockSink for ShopifyStore<'_> {
    async fn set_stock(&self, level: &StockLevel) -> Result<StockSet, Refusal> {
        let catalog = self.catalog.get_or_try_init(|| self.load_catalog()).await?;
        let Some(&(item, now)) = catalog.items.get(&level.sku) else {
            return Err(Refusal::Record {
                sku: Some(level.sku.clone()),
                reason: format!("SKU {} is not in the store.", level.sku),
            });
        };
        if now == level.quantity {
            return Ok(StockSet::Unchanged);
        }
        let body = json!({
            "location_id": catalog.location,
            "inventory_item_id": item,
            "available": level.quantity,
        });
        self.write("inventory_levels/set.json", &body, "stock level")
            .await
            .map(|()| StockSet::Changed)
    }
}

#[async_trait]
impl ShipmentSink for ShopifyStore<'_> {
    async fn fulfill(&self, order: &str, shipment: &Shipment) -> Result<Fulfilled, Refusal> {
        let url = format!("{}/orders/{order}/fulfillment_orders.json", self.api);
        let reply = self
            .c
            .get(P, &url, self.headers.clone())
            .await
            .map_err(|result| self.halt(result))?;
        if reply.status == StatusCode::NOT_FOUND {
            return Err(Refusal::Record {
                sku: None,
                reason: format!("Order {order} is not in the store (deleted, or never there)."),
            });
        }
        let Some(list) = (reply.status == StatusCode::OK)
            .then(|| reply.json::<FulfillmentOrders>())
            .flatten()
        else {
            return Err(self.halt(refusal(&self.shop, &reply)).into());
        };
        let open = match open_fulfillment_orders(&list.fulfillment_orders) {
            Ok(open) if open.is_empty() => {
                return Err(Refusal::Record {
                    sku: None,
                    reason: format!("Order {order} has nothing left to fulfil (cancelled or on hold)."),
                })
            }
            Ok(open) => open,
            Err(done) => return Ok(done),
        };
        let by_order: Vec<_> = open
            .iter()
            .map(|id| json!({"fulfillment_order_id": id}))
            .collect();
        let t = &shipment.tracking;
        let body = json!({
            "fulfillment": {
                "line_items_by_fulfillment_order": by_order,
                "tracking_info": {"number": t.number, "company": t.carrier, "url": t.url},
                "notify_customer": true,
            }
        });
        self.write("fulfillments.json", &body, "fulfillment")
            .await
            .map(|()| Fulfilled::New)
    }
}

/// Shopify's `errors`, a string or a list of them, as one line.
fn errors_of(reply: &Reply) -> String {
    match reply.json::<serde_json::Value>().and_then(|v| v.get("errors").cloned()) {
        Some(serde_json::Value::String(one)) => one,
        Some(serde_json::Value::Array(many)) => many
            .iter()
            .filter_map(|m| m.as_str())
            .collect::<Vec<_>>()
            .join("; "),
        _ => "it gave no reason.".into(),
    }
}

/// The `rel="next"` address of a `Link` header.
fn next_link(headers: &HeaderMap) -> Option<String> {
    let link = headers.get("link")?.to_str().ok()?;
    link.split(',').find_map(|part| {
        let (target, params) = part.split_once(';')?;
        params
            .split(';')
            .any(|p| p.trim() == "rel=\"next\"")
            .then(|| {
                target
                    .trim()
                    .trim_start_matches('<')
                    .trim_end_matches('>')
                    .to_string()
            })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_fulfillment_orders_are_fulfilled_and_closed_ones_left_alone() {
        let fo = |id, status: &str| FulfillmentOrder {
            id,
            status: status.into(),
        };
        assert_eq!(
            open_fulfillment_orders(&[fo(1, "open"), fo(2, "closed"), fo(3, "in_progress")]),
            Ok(vec![1, 3])
        );
        assert_eq!(
            open_fulfillment_orders(&[fo(2, "closed"), fo(4, "cancelled")]),
            Err(Fulfilled::AlreadyThere)
        );
        assert_eq!(open_fulfillment_orders(&[fo(5, "on_hold")]), Ok(vec![]));
    }

    #[test]
    fn the_next_page_is_read_from_the_link_header() {
        let mut headers = HeaderMap::new();
        headers.insert(
            "link",
            "<https://s.example/a?page_info=p1&limit=50>; rel=\"previous\", <https://s.example/a?page_info=n2&limit=50>; rel=\"next\""
                .parse()
                .unwrap(),
        );
        assert_eq!(
            next_link(&headers).as_deref(),
            Some("https://s.example/a?page_info=n2&limit=50")
        );
        headers.insert(
            "link",
            "<https://s.example/a?page_info=p1>; rel=\"previous\""
                .parse()
                .unwrap(),
        );
        assert_eq!(next_link(&headers), None);
    }
}
