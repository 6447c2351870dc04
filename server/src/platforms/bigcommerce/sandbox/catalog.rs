//! The sandbox's v3 catalog: `GET /v3/catalog/variants` (all, or by
//! `sku`) and `PUT /v3/catalog/variants` (the batch update). Each SKU that
//! [`StoreInputs::catalog`](crate::platforms::open_orders::StoreInputs::catalog)
//! says the store sells is one product with its base variant; its
//! `inventory_level` is what the book holds, else
//! [`fixtures::BIGCOMMERCE_STARTING_STOCK`].

use super::{fixtures, with_limits, working, Store};
use crate::platforms::open_orders::StoreBook;
use crate::sandbox::gate::Admitted;
use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::Response;
use axum::Json;
use serde::Deserialize;
use serde_json::{json, Value};

/// The store's variants: (variant id, SKU).
fn catalog(hash: &str) -> Vec<(u64, &'static str)> {
    let skus = fixtures::BIGCOMMERCE_STORE.catalog(hash, working("store_hash"));
    (0u64..).map(|n| 3_001 + n).zip(skus).collect()
}

fn variant_json(book: &StoreBook, hash: &str, (id, sku): (u64, &str)) -> Value {
    let level = book
        .stock(hash, sku)
        .unwrap_or(fixtures::BIGCOMMERCE_STARTING_STOCK);
    json!({
        "id": id,
        "product_id": id - 1_000,
        "sku": sku,
        "option_values": [],
        "inventory_level": level,
        "inventory_warning_level": 0,
        "purchasing_disabled": false,
    })
}

/// A v3 list: its `data` and the one page's `meta`.
fn list_json(data: Vec<Value>) -> Value {
    let n = data.len();
    json!({
        "data": data,
        "meta": {"pagination": {"total": n, "count": n, "per_page": 50, "current_page": 1, "total_pages": 1}},
    })
}

#[derive(Deserialize)]
pub(super) struct VariantQuery {
    sku: Option<String>,
}

/// `GET /v3/catalog/variants`: every variant, or those with `sku`.
pub(super) async fn variants(
    State(book): State<StoreBook>,
    Admitted(hash, _): Store,
    Query(query): Query<VariantQuery>,
) -> Response {
    let data = catalog(&hash)
        .into_iter()
        .filter(|(_, sku)| query.sku.as_deref().is_none_or(|wanted| wanted == *sku))
        .map(|v| variant_json(&book, &hash, v))
        .collect();
    with_limits((StatusCode::OK, Json(list_json(data))), "148")
}

/// `PUT /v3/catalog/variants`: sets each listed variant's
/// `inventory_level`; a variant the store lacks is BigCommerce's 422, and
/// nothing is changed.
pub(super) async fn update_variants(
    State(book): State<StoreBook>,
    Admitted(hash, _): Store,
    body: Option<Json<Vec<Value>>>,
) -> Response {
    let store = catalog(&hash);
    let updates: Option<Vec<((u64, &str), i64)>> = body.map(|Json(b)| b).and_then(|b| {
        b.iter()
            .map(|u| {
                let id = u["id"].as_u64()?;
                let found = store.iter().copied().find(|(v, _)| *v == id)?;
                Some((found, u["inventory_level"].as_i64()?))
            })
            .collect()
    });
    let Some(updates) = updates.filter(|u| !u.is_empty()) else {
        let body = json!({"status": 422, "title": "The variant was not found, or the request names no inventory_level.", "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes", "errors": {}});
        return with_limits((StatusCode::UNPROCESSABLE_ENTITY, Json(body)), "148");
    };
    let data = updates
        .into_iter()
        .map(|((id, sku), level)| {
            book.set_stock(&hash, sku, level);
            variant_json(&book, &hash, (id, sku))
        })
        .collect();
    with_limits((StatusCode::OK, Json(list_json(data))), "147")
}
