//! Magento as the store of Inventory: each SKU's quantity is set to what
//! the warehouse can ship, through the CatalogInventory stock item API
//! (ACL `Magento_CatalogInventory::cataloginventory`, "Stores → Settings →
//! Configuration → Inventory Section" in the integration's resource tree):
//!
//! 1. `GET /V1/stockItems/{sku}`: the SKU's stock item (`item_id`, `qty`,
//!    `is_in_stock`). A quantity and status the store has already are left
//!    alone. A 404 ("The Product with the "%1" SKU doesn't exist.") is a SKU
//!    the store does not sell: a mismatch for the log, not the end of the run.
//! 2. `PUT /V1/products/{sku}/stockItems/{item_id}` with
//!    `{"stockItem": {"qty": N, "is_in_stock": N > 0}}`: sets the quantity
//!    (Magento answers the item id). `is_in_stock` goes with it, since
//!    Magento does not put an item back in stock by itself when its
//!    quantity rises.
//!
//! Why not Inventory Management (MSI) `POST /V1/inventory/source-items`:
//! that call needs the source's code, which differs per store, and answers
//! an unknown SKU with a validation error for the whole batch rather than
//! a 404 for the one SKU. The stock item API works with and without MSI; on
//! an MSI store it sets the `default` source, which is the store's only
//! source unless the merchant added others (then quantities at the other
//! sources are not touched — not confirmed against a live multi-source
//! store).
//!
//! A SKU goes in the path percent-encoded. A SKU with a `/` reaches
//! Magento only where the web server passes an encoded slash on (Apache:
//! `AllowEncodedSlashes NoDecode`); otherwise the stock item routes answer
//! 404 "Request does not match any route." (magento/magento2 issues #8615,
//! #13343), which fails that SKU and says so instead of ending the run.

use super::connector::{message_of, missing_entity, no_route_for};
use crate::channels::{Refusal, StockLevel, StockSet, StockSink};
use crate::platforms::paging::StoreApi;
use async_trait::async_trait;
use reqwest::{Method, StatusCode};
use serde::Deserialize;
use serde_json::json;

pub(super) struct MagentoStock<'a> {
    pub api: StoreApi<'a>,
}

/// `cataloginventory-data-stock-item-interface`, the fields a run reads.
#[derive(Deserialize)]
struct StockItem {
    item_id: u64,
    /// Null for a product whose stock Magento does not manage.
    #[serde(default)]
    qty: Option<f64>,
    #[serde(default)]
    is_in_stock: bool,
}

impl StockItem {
    fn holds(&self, quantity: i64) -> bool {
        self.qty.map(|q| q.round() as i64) == Some(quantity) && self.is_in_stock == (quantity > 0)
    }
}

#[async_trait]
impl StockSink for MagentoStock<'_> {
    async fn set_stock(&self, level: &StockLevel) -> Result<StockSet, Refusal> {
        let sku = segment(&level.sku);
        let not_sold = || Refusal::Record {
            sku: Some(level.sku.clone()),
            reason: format!("SKU {} is not in the store.", level.sku),
        };
        let slash = || Refusal::Record {
            sku: None,
            reason: format!("Magento's web server did not pass SKU {} on to Magento: a “/” in a SKU needs encoded slashes allowed (Apache: AllowEncodedSlashes NoDecode).", level.sku),
        };
        let reply = self.api.fetch(&format!("/stockItems/{sku}"), &[]).await?;
        if missing_entity(&reply) {
            return Err(not_sold());
        }
        if level.sku.contains('/') && no_route_for(&reply) {
            return Err(slash());
        }
        let item = (reply.status == StatusCode::OK)
            .then(|| reply.json::<StockItem>())
            .flatten();
        let Some(item) = item else {
            return Err(self.api.refused(&reply).into());
        };
        if item.holds(level.quantity) {
            return Ok(StockSet::Unchanged);
        }
        let body = json!({
            "stockItem": {"qty": level.quantity, "is_in_stock": level.quantity > 0}
        });
        let path = format!("/products/{sku}/stockItems/{}", item.item_id);
        let reply = self.api.send(Method::PUT, &path, &body).await?;
        match reply.status {
            StatusCode::OK => Ok(StockSet::Changed),
            _ if missing_entity(&reply) => Err(not_sold()),
            _ if level.sku.contains('/') && no_route_for(&reply) => Err(slash()),
            StatusCode::BAD_REQUEST => Err(Refusal::Record {
                sku: None,
                reason: format!(
                    "Magento refused the stock level: {}",
                    message_of(&reply).unwrap_or_else(|| "it gave no reason.".into())
                ),
            }),
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

/// A SKU as one path segment: everything but RFC 3986's unreserved
/// characters percent-encoded.
fn segment(sku: &str) -> String {
    sku.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'.' | b'_' | b'~' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_sku_goes_in_the_path_as_one_segment() {
        assert_eq!(segment("BLUE-TEE-M"), "BLUE-TEE-M");
        assert_eq!(segment("MUG 12/oz#2"), "MUG%2012%2Foz%232");
        assert_eq!(segment("CAFÉ"), "CAF%C3%89");
    }

    #[test]
    fn a_stock_item_holds_a_level_when_quantity_and_status_match() {
        let item = |body: &str| serde_json::from_str::<StockItem>(body).unwrap();
        let five = item(r#"{"item_id":3,"product_id":3,"stock_id":1,"qty":5.0000,"is_in_stock":true}"#);
        assert!(five.holds(5));
        assert!(!five.holds(6));
        let empty_but_in_stock = item(r#"{"item_id":3,"qty":0,"is_in_stock":true}"#);
        assert!(!empty_but_in_stock.holds(0));
        let unmanaged = item(r#"{"item_id":3,"qty":null,"is_in_stock":true}"#);
        assert!(!unmanaged.holds(1));
    }
}
