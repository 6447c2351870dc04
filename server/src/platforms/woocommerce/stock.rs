//! Inventory into WooCommerce. The store's products are read once per run,
//! page by page up to `X-WP-TotalPages`:
//! `GET /products?_fields=id,sku,type,manage_stock,stock_quantity&per_page=50&page={n}`,
//! and for each `variable` product its variations with
//! `GET /products/{id}/variations` (same fields), since `/products` lists
//! parents only and sizes and colours are usually variations. A SKU's
//! stock is set with `PUT /products/{id}` (or
//! `PUT /products/{parent}/variations/{id}`) and
//! `{"manage_stock": true, "stock_quantity": N}`: set, not added, and not
//! sent when the store already tracks that quantity. A SKU no product or
//! variation has is a mismatch for the log. Reading needs a key with Read
//! permission, writing Read/Write, of a user who may edit products.

use super::channels::{said, total_pages, WooCommerceStore};
use crate::channels::{Halt, Refusal, StockLevel, StockSet, StockSink};
use crate::platforms::paging::StoreApi;
use async_trait::async_trait;
use reqwest::Method;
use serde::Deserialize;
use serde_json::json;
use std::collections::HashMap;

const FIELDS: (&str, &str) = ("_fields", "id,sku,type,manage_stock,stock_quantity");

/// Each SKU's product (or variation): where to write its stock, and the
/// stock the store tracks now (`None` when it does not track any).
pub struct Catalog(HashMap<String, (String, Option<i64>)>);

#[derive(Deserialize)]
struct Product {
    id: u64,
    #[serde(default)]
    sku: String,
    #[serde(default, rename = "type")]
    kind: String,
    #[serde(default)]
    manage_stock: serde_json::Value,
    #[serde(default)]
    stock_quantity: Option<i64>,
}

impl Product {
    /// The quantity the store tracks: a variation's `manage_stock` may be
    /// `"parent"`, whose quantity it then shows.
    fn tracked(&self) -> Option<i64> {
        let managed = matches!(&self.manage_stock, serde_json::Value::Bool(true));
        self.stock_quantity.filter(|_| managed)
    }
}

/// Every page of the listing at `path`.
async fn all_pages(api: &StoreApi<'_>, path: &str) -> Result<Vec<Product>, Halt> {
    let mut all = Vec::new();
    let mut page = 1;
    loop {
        let (items, headers) = api
            .page::<Vec<Product>>(path, &[FIELDS], ("page", "per_page"), page)
            .await?;
        all.extend(items);
        if page >= total_pages(&headers) {
            return Ok(all);
        }
        page += 1;
    }
}

impl WooCommerceStore<'_> {
    async fn load_catalog(&self) -> Result<Catalog, Halt> {
        let mut items = HashMap::new();
        for product in all_pages(&self.api, "/products").await? {
            if product.kind == "variable" {
                let path = format!("/products/{}/variations", product.id);
                for variation in all_pages(&self.api, &path).await? {
                    let at = format!("{path}/{}", variation.id);
                    add(&mut items, &variation, at);
                }
            }
            let at = format!("/products/{}", product.id);
            add(&mut items, &product, at);
        }
        Ok(Catalog(items))
    }
}

/// Notes a product with a SKU; the first one listed with it is kept.
fn add(items: &mut HashMap<String, (String, Option<i64>)>, p: &Product, at: String) {
    if !p.sku.is_empty() {
        items
            .entry(p.sku.clone())
            .or_insert_with(|| (at, p.tracked()));
    }
}

#[async_trait]
impl StockSink for WooCommerceStore<'_> {
    async fn set_stock(&self, level: &StockLevel) -> Result<StockSet, Refusal> {
        let catalog = self.catalog.get_or_try_init(|| self.load_catalog()).await?;
        let Some((at, now)) = catalog.0.get(&level.sku) else {
            return Err(Refusal::Record {
                sku: Some(level.sku.clone()),
                reason: format!("SKU {} is not in the store.", level.sku),
            });
        };
        if *now == Some(level.quantity) {
            return Ok(StockSet::Unchanged);
        }
        let body = json!({"manage_stock": true, "stock_quantity": level.quantity});
        let reply = self.api.send(Method::PUT, at, &body).await?;
        match reply.status.as_u16() {
            200..=299 => Ok(StockSet::Changed),
            400 | 404 => Err(Refusal::Record {
                sku: Some(level.sku.clone()),
                reason: format!(
                    "WooCommerce refused the stock of {}: {}",
                    level.sku,
                    said(&reply)
                ),
            }),
            _ => Err(self.api.refused(&reply).into()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_quantity_the_store_manages_counts_as_tracked() {
        let products: Vec<Product> = serde_json::from_str(
            r#"[{"id":1,"sku":"CAP-RED","type":"simple","manage_stock":true,"stock_quantity":4},
                {"id":2,"sku":"TOTE-NATURAL","type":"simple","manage_stock":false,"stock_quantity":null},
                {"id":3,"sku":"HOODIE-GREY-L","manage_stock":"parent","stock_quantity":9},
                {"id":4,"sku":"","type":"variable","manage_stock":false}]"#,
        )
        .unwrap();
        let tracked: Vec<_> = products.iter().map(Product::tracked).collect();
        assert_eq!(tracked, [Some(4), None, None, None]);
        let mut items = HashMap::new();
        for p in &products {
            add(&mut items, p, format!("/products/{}", p.id));
        }
        assert_eq!(items.len(), 3, "a product without a SKU is left out");
        assert_eq!(items["CAP-RED"], ("/products/1".to_string(), Some(4)));
    }
}
