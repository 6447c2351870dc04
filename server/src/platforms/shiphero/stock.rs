//! ShipHero's stock, for Inventory. The run reads `products` on
//! `POST /graphql`, 100 to a page through `data(first:, after:)` and
//! `pageInfo { hasNextPage endCursor }`: each product's `sku` and, per
//! warehouse, `warehouse_products { available }` (what can be sold: on hand
//! less what orders hold). A SKU's stock is the sum over the account's
//! warehouses, read from one node, so a SKU is never split across pages.
//! A product marked inactive is left out, as ShipBob's listing leaves it
//! out. The token's user must be able to see the account's products.

use super::channels::{read_connection, ShipHeroWarehouse};
use crate::channels::{Halt, Page, StockLevel, StockSource};
use crate::platforms::warehouses::stopped;
use async_trait::async_trait;
use serde::Deserialize;
use serde_json::json;

const PRODUCTS: &str = "query Stock($after: String) { products { request_id complexity data(first: 100, after: $after) { pageInfo { hasNextPage endCursor } edges { node { sku active warehouse_products { available } } } } } }";

#[derive(Deserialize)]
struct ProductNode {
    #[serde(default)]
    sku: Option<String>,
    #[serde(default)]
    active: Option<bool>,
    #[serde(default)]
    warehouse_products: Option<Vec<Option<InWarehouse>>>,
}

#[derive(Deserialize)]
struct InWarehouse {
    #[serde(default)]
    available: Option<i64>,
}

/// A product's stock level, if it has a SKU and is active.
fn level(node: ProductNode) -> Option<StockLevel> {
    if node.active == Some(false) {
        return None;
    }
    let sku = node.sku.filter(|s| !s.is_empty())?;
    let quantity = node
        .warehouse_products
        .unwrap_or_default()
        .into_iter()
        .flatten()
        .filter_map(|w| w.available)
        .fold(0i64, i64::saturating_add)
        // An oversold warehouse can report less than nothing; a store
        // cannot sell fewer than none.
        .max(0);
    Some(StockLevel { sku, quantity })
}

#[async_trait]
impl StockSource for ShipHeroWarehouse<'_> {
    async fn stock(&self, page: Option<&str>) -> Result<Page<StockLevel>, Halt> {
        let request = json!({"query": PRODUCTS, "variables": {"after": page}});
        let reply = self.request(&request).await?;
        let (nodes, next) =
            read_connection::<ProductNode>(&self.host, &reply, "products").map_err(stopped)?;
        Ok(Page {
            items: nodes.into_iter().filter_map(level).collect(),
            next,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::channels::read_connection;
    use super::*;
    use crate::connectors::Reply;
    use dropstream_api::Category;

    const HOST: &str = "public-api.shiphero.com";

    #[test]
    fn a_skus_stock_is_what_its_warehouses_have_available() {
        let body = r#"{"data":{"products":{"request_id":"r","complexity":101,"data":{
            "pageInfo":{"hasNextPage":true,"endCursor":"YXJyYXljb25uZWN0aW9uOjk5"},
            "edges":[
              {"node":{"sku":"CAP-RED","active":true,"warehouse_products":[{"available":4},{"available":3},{"available":null}]}},
              {"node":{"sku":"OLD-HAT","active":false,"warehouse_products":[{"available":9}]}},
              {"node":{"sku":"","active":true,"warehouse_products":[]}},
              {"node":{"sku":"TOTE-NATURAL","active":true,"warehouse_products":null}},
              {"node":{"sku":"BLUE-TEE-M","active":true,"warehouse_products":[{"available":-3},{"available":1}]}}]}}}}"#;
        let (nodes, next) =
            read_connection::<ProductNode>(HOST, &Reply::canned(200, body), "products").unwrap();
        let levels: Vec<_> = nodes.into_iter().filter_map(level).collect();
        assert_eq!(
            levels,
            [
                StockLevel {
                    sku: "CAP-RED".into(),
                    quantity: 7
                },
                StockLevel {
                    sku: "TOTE-NATURAL".into(),
                    quantity: 0
                },
                // Oversold: none to sell, not fewer.
                StockLevel {
                    sku: "BLUE-TEE-M".into(),
                    quantity: 0
                },
            ]
        );
        assert_eq!(next.as_deref(), Some("YXJyYXljb25uZWN0aW9uOjk5"));
    }

    #[test]
    fn the_last_page_has_no_cursor_and_errors_end_the_run() {
        let last = r#"{"data":{"products":{"data":{"pageInfo":{"hasNextPage":false,"endCursor":"x"},"edges":[]}}}}"#;
        let read = |status, body| {
            read_connection::<ProductNode>(HOST, &Reply::canned(status, body), "products")
                .map(|(nodes, next)| (nodes.len(), next))
                .map_err(|s| s.category)
        };
        assert_eq!(read(200, last), Ok((0, None)));
        let throttled = r#"{"errors":[{"message":"There are not enough credits to perform the requested operation","code":30,"time_remaining":"7 seconds"}],"data":{"products":null}}"#;
        assert_eq!(read(200, throttled), Err(Some(Category::RateLimited)));
        assert_eq!(
            read(200, r#"{"data":{"products":null}}"#),
            Err(Some(Category::Setup))
        );
        assert_eq!(read(401, ""), Err(Some(Category::InvalidCredentials)));
    }
}
