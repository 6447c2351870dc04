//! BigCommerce stock set from the warehouse's, for Inventory (the API
//! account needs the Products: modify scope, `store_v2_products`). Per SKU,
//! under `/stores/{hash}/v3`:
//!
//! 1. `GET /catalog/variants?sku={sku}` finds the variant with exactly
//!    that SKU (a product without options has one, its base variant) and
//!    its `inventory_level`; none means the store does not sell the SKU.
//! 2. A level the store has already is left alone; otherwise
//!    `PUT /catalog/variants` (the batch update, one variant here) with
//!    `[{"id", "inventory_level"}]` sets it, answered 200.
//!
//! The Catalog API reads and writes the level at the store's default
//! location only, and BigCommerce counts it only when the product tracks
//! inventory (`inventory_tracking` `variant`, or `product` for a product
//! without options); the Inventory API's
//! `PUT /inventory/adjustments/absolute` is the per-location alternative
//! BigCommerce recommends for many items at once. A 422 to the PUT (e.g.
//! BigCommerce's "tracked by product" refusal) fails only that SKU; any
//! other refusal ends the run as Test Connection reads it.

use crate::channels::{Refusal, StockLevel, StockSet, StockSink};
use crate::platforms::paging::StoreApi;
use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::{json, Value};

/// A BigCommerce store whose stock the warehouse's sets, through its v3
/// catalog API.
pub(super) struct StockKeeper<'a>(pub(super) StoreApi<'a>);

#[derive(Deserialize, Default)]
struct Variants {
    #[serde(default)]
    data: Vec<Variant>,
}

#[derive(Deserialize)]
struct Variant {
    id: u64,
    #[serde(default)]
    sku: String,
    #[serde(default)]
    inventory_level: Option<i64>,
}

/// The variant with exactly `sku` among those a SKU filter listed.
fn with_sku<'v>(variants: &'v Variants, sku: &str) -> Option<&'v Variant> {
    variants.data.iter().find(|v| v.sku == sku)
}

#[async_trait]
impl StockSink for StockKeeper<'_> {
    async fn set_stock(&self, level: &StockLevel) -> Result<StockSet, Refusal> {
        let api = &self.0;
        let query = [("sku", level.sku.clone())];
        let (found, _) = api.get::<Variants>("/catalog/variants", &query).await?;
        let Some(variant) = with_sku(&found, &level.sku) else {
            return Err(Refusal::Record {
                sku: Some(level.sku.clone()),
                reason: format!("SKU {} is not in the store.", level.sku),
            });
        };
        if variant.inventory_level == Some(level.quantity) {
            return Ok(StockSet::Unchanged);
        }
        let body = json!([{"id": variant.id, "inventory_level": level.quantity}]);
        let reply = api.send(Method::PUT, "/catalog/variants", &body).await?;
        match reply.status {
            StatusCode::OK => Ok(StockSet::Changed),
            StatusCode::UNPROCESSABLE_ENTITY | StatusCode::NOT_FOUND => {
                let title = reply
                    .json::<Value>()
                    .and_then(|v| v.get("title")?.as_str().map(str::to_string))
                    .unwrap_or_else(|| format!("HTTP {}", reply.status.as_u16()));
                Err(Refusal::Record {
                    sku: None,
                    reason: format!("BigCommerce refused the stock level: {title}"),
                })
            }
            _ => Err(api.refused(&reply).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_the_variant_with_exactly_the_sku_is_set() {
        let listed: Variants = serde_json::from_str(
            r#"{"data":[{"id":382,"product_id":77,"sku":"CAP-RED-XL","inventory_level":4},
                        {"id":381,"product_id":77,"sku":"CAP-RED","inventory_level":9}],
                "meta":{"pagination":{"total":2,"count":2,"per_page":50,"current_page":1,"total_pages":1}}}"#,
        )
        .unwrap();
        let found = with_sku(&listed, "CAP-RED").unwrap();
        assert_eq!((found.id, found.inventory_level), (381, Some(9)));
        assert!(with_sku(&listed, "CAP").is_none());
        assert!(with_sku(&Variants::default(), "CAP-RED").is_none());
    }
}
