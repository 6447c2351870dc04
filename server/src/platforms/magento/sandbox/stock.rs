//! Stock items in the Magento sandbox (`Magento_CatalogInventory::cataloginventory`):
//! `GET /V1/stockItems/{sku}` and `PUT /V1/products/{sku}/stockItems/{itemId}`
//! for the SKUs the site sells ([`crate::platforms::open_orders::StoreInputs::catalog`]);
//! any other SKU answers Magento's 404 "The Product with the "%1" SKU
//! doesn't exist.". A SKU never set has
//! [`fixtures::MAGENTO_STARTING_STOCK`]; `is_in_stock` follows the
//! quantity.

use super::{admit, error, fixtures, working};
use crate::platforms::fixtures::{MISMATCHED_SKU, STOCKED_SKUS};
use crate::platforms::open_orders::StoreBook;
use axum::extract::{Path, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

const INVENTORY: &str = "Magento_CatalogInventory::cataloginventory";

/// The stock item (and product) id of a SKU.
fn item_of(sku: &str) -> u64 {
    let all = STOCKED_SKUS.iter().chain([&MISMATCHED_SKU]);
    1 + all.take_while(|s| **s != sku).count() as u64
}

/// `sku` as the site sells it, if it does.
fn sold(host: &str, sku: &str) -> Option<&'static str> {
    let catalog = fixtures::MAGENTO_STORE.catalog(host, working("site_url"));
    catalog.into_iter().find(|s| *s == sku)
}

fn not_sold(sku: &str) -> Response {
    error(
        StatusCode::NOT_FOUND,
        "The Product with the \"%1\" SKU doesn't exist.",
        json!([sku]),
    )
}

/// `GET /V1/stockItems/{sku}`.
pub(super) async fn stock_item(
    State(book): State<StoreBook>,
    Path((host, _store, sku)): Path<(String, String, String)>,
    headers: HeaderMap,
) -> Response {
    if let Err(r) = admit(&host, &headers, INVENTORY).await {
        return r;
    }
    let Some(sku) = sold(&host, &sku) else {
        return not_sold(&sku);
    };
    let qty = book
        .stock(&host, sku)
        .unwrap_or(fixtures::MAGENTO_STARTING_STOCK);
    let id = item_of(sku);
    Json(json!({
        "item_id": id,
        "product_id": id,
        "stock_id": 1,
        "qty": qty,
        "is_in_stock": qty > 0,
        "is_qty_decimal": false,
        "manage_stock": true,
        "use_config_manage_stock": true
    }))
    .into_response()
}

#[derive(Deserialize)]
pub(super) struct StockItemUpdate {
    #[serde(rename = "stockItem")]
    stock_item: StockItemFields,
}

#[derive(Deserialize)]
struct StockItemFields {
    #[serde(default)]
    qty: Option<f64>,
}

/// `PUT /V1/products/{sku}/stockItems/{itemId}`: sets the quantity and
/// answers the item id.
pub(super) async fn set_stock_item(
    State(book): State<StoreBook>,
    Path((host, _store, sku, _item)): Path<(String, String, String, String)>,
    headers: HeaderMap,
    Json(update): Json<StockItemUpdate>,
) -> Response {
    if let Err(r) = admit(&host, &headers, INVENTORY).await {
        return r;
    }
    let Some(sku) = sold(&host, &sku) else {
        return not_sold(&sku);
    };
    if let Some(qty) = update.stock_item.qty {
        book.set_stock(&host, sku, qty.round() as i64);
    }
    Json(item_of(sku)).into_response()
}
