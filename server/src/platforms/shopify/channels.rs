//! Shopify as a channel's store. Sales Orders reads
//! `GET /admin/api/{version}/orders.json?status=open&fulfillment_status=unshipped&limit=50`
//! (Admin REST; needs `read_orders`), oldest first by id, and follows the
//! `Link: <…page_info=…>; rel="next"` header to the next page, where only
//! `limit` and `page_info` may be sent (Shopify's pagination rules).
//! Each order's `id` is the reference the warehouse keeps; its `name`
//! (`#1001`) is what the run log shows.

use super::connector::{admin_api, refusal};
use crate::channels::{Address, Call, Halt, Line, Order, OrderSource, Page, Roles};
use crate::connectors::{Connectors, Credentials};
use dropstream_api::{Platform, Side};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::Shopify;

/// Orders per page; Shopify allows up to 250.
const PAGE: u32 = 50;

/// Shopify is a store that Sales Orders reads.
pub const ROLES: Roles = Roles {
    orders_from: Some(|c, creds| Box::new(ShopifyStore::new(c, creds))),
    ..Roles::NONE
};

pub struct ShopifyStore<'a> {
    c: &'a Connectors,
    shop: String,
    api: String,
    headers: HeaderMap,
}

impl<'a> ShopifyStore<'a> {
    pub fn new(c: &'a Connectors, creds: &Credentials) -> ShopifyStore<'a> {
        let (shop, api, headers) = admin_api(c, creds);
        ShopifyStore {
            c,
            shop,
            api,
            headers,
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

impl OrderSource for ShopifyStore<'_> {
    fn orders<'a>(&'a self, page: Option<&'a str>) -> Call<'a, Result<Page<Order>, Halt>> {
        Box::pin(self.open_orders(page))
    }
}

impl ShopifyStore<'_> {
    async fn open_orders(&self, page: Option<&str>) -> Result<Page<Order>, Halt> {
        let url = match page {
            None => format!(
                "{}/orders.json?status=open&fulfillment_status=unshipped&limit={PAGE}",
                self.api
            ),
            Some(next) => next.to_string(),
        };
        let reply = self
            .c
            .get(P, &url, self.headers.clone())
            .await
            .map_err(|result| self.halt(result))?;
        if reply.status != StatusCode::OK {
            return Err(self.halt(refusal(&self.shop, &reply)));
        }
        let Some(body) = reply.json::<Orders>() else {
            return Err(self.halt(refusal(&self.shop, &reply)));
        };
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
