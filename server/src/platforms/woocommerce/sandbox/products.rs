//! The sandbox's catalog, for Inventory: the SKUs the site sells
//! ([`StoreInputs::catalog`](crate::platforms::open_orders::StoreInputs::catalog)),
//! each a simple product but the hoodie sizes, which are variations of one
//! variable product (as a clothing store keeps sizes). Stock set with
//! `PUT` is kept in the [`StoreBook`](crate::platforms::open_orders::StoreBook);
//! a SKU never set has no stock managed. `/products` lists parents only,
//! as WooCommerce does, filtered by `sku` when asked, paged with
//! `X-WP-Total` and `X-WP-TotalPages`.

use super::{fixtures, refused, working, Shop, Site};
use crate::platforms::fixtures::{MISMATCHED_SKU, STOCKED_SKUS};
use crate::sandbox::gate::Admitted;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde_json::{json, Value};
use std::collections::HashMap;

/// The variable product whose variations the hoodie sizes are.
const HOODIE: u64 = 600;

fn is_variation(sku: &str) -> bool {
    sku.starts_with("HOODIE-")
}

/// Each SKU's product (or variation) id: the same on every site.
fn id_of(sku: &str) -> u64 {
    let all = STOCKED_SKUS.iter().chain([&MISMATCHED_SKU]);
    501 + all.take_while(|s| **s != sku).count() as u64
}

/// The SKUs the site sells.
fn catalog(host: &str) -> Vec<&'static str> {
    fixtures::WOOCOMMERCE_STORE.catalog(host, working("site_url"))
}

fn item_json(shop: &Shop, host: &str, sku: &str, kind: &str) -> Value {
    let stock = shop.book.stock(host, sku);
    json!({
        "id": id_of(sku),
        "name": sku,
        "sku": sku,
        "type": kind,
        "status": "publish",
        "manage_stock": stock.is_some(),
        "stock_quantity": stock,
        "stock_status": if stock.unwrap_or(1) > 0 { "instock" } else { "outofstock" },
    })
}

/// The site's products: simple ones, and the variable hoodie when it sells
/// a size of it.
fn products(shop: &Shop, host: &str) -> Vec<(Option<&'static str>, Value)> {
    let skus = catalog(host);
    let mut listed: Vec<_> = skus
        .iter()
        .filter(|sku| !is_variation(sku))
        .map(|sku| (Some(*sku), item_json(shop, host, sku, "simple")))
        .collect();
    if skus.iter().any(|sku| is_variation(sku)) {
        let hoodie = json!({"id": HOODIE, "name": "Grey hoodie", "sku": "HOODIE-GREY", "type": "variable", "status": "publish", "manage_stock": false, "stock_quantity": null});
        listed.push((None, hoodie));
    }
    listed
}

/// A page of `items` with WordPress's paging headers.
fn paged(items: Vec<Value>, query: &HashMap<String, String>) -> Response {
    let per_page: usize = query
        .get("per_page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(10);
    let page: usize = query
        .get("page")
        .and_then(|p| p.parse().ok())
        .unwrap_or(1)
        .max(1);
    if !(1..=100).contains(&per_page) {
        return refused(
            StatusCode::BAD_REQUEST,
            "rest_invalid_param",
            "Invalid parameter(s): per_page",
        );
    }
    let total = items.len();
    let shown: Vec<_> = items
        .into_iter()
        .skip((page - 1) * per_page)
        .take(per_page)
        .collect();
    let mut r = Json(json!(shown)).into_response();
    let h = r.headers_mut();
    h.insert("x-wp-total", HeaderValue::from(total));
    h.insert(
        "x-wp-totalpages",
        HeaderValue::from(total.div_ceil(per_page)),
    );
    r
}

/// `GET /products`, with `sku` (comma-separated, exact) when given.
pub(super) async fn list(
    State(shop): State<Shop>,
    Admitted(host, _): Site,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let wanted: Option<Vec<&str>> = query
        .get("sku")
        .map(|s| s.split(',').map(str::trim).collect());
    let items = products(&shop, &host)
        .into_iter()
        .filter(|(sku, p)| match &wanted {
            None => true,
            Some(skus) => skus.iter().any(|w| Some(*w) == *sku || p["sku"] == *w),
        })
        .map(|(_, p)| p)
        .collect();
    paged(items, &query)
}

/// `GET /products/{id}/variations`: the hoodie sizes the site sells.
pub(super) async fn variations(
    State(shop): State<Shop>,
    Admitted(host, _): Site,
    Path((_, id)): Path<(String, u64)>,
    Query(query): Query<HashMap<String, String>>,
) -> Response {
    let items = catalog(&host)
        .into_iter()
        .filter(|sku| id == HOODIE && is_variation(sku))
        .map(|sku| item_json(&shop, &host, sku, "variation"))
        .collect();
    paged(items, &query)
}

/// Answers a `PUT` of a product's (or variation's) stock: WooCommerce's
/// 404 with `missing` as its code when the site sells no SKU that is
/// `wanted`; else sets that SKU's stock from a body with `manage_stock`
/// and `stock_quantity` and answers the item.
fn put_stock(
    shop: &Shop,
    host: &str,
    wanted: impl Fn(&str) -> bool,
    kind: &str,
    missing: &str,
    body: Option<Json<Value>>,
) -> Response {
    let Some(sku) = catalog(host).into_iter().find(|sku| wanted(sku)) else {
        return refused(StatusCode::NOT_FOUND, missing, "Invalid ID.");
    };
    let body = body.map(|Json(b)| b).unwrap_or_default();
    if let Some(quantity) = body["stock_quantity"].as_i64() {
        shop.book.set_stock(host, sku, quantity);
    }
    Json(item_json(shop, host, sku, kind)).into_response()
}

/// `PUT /products/{id}`.
pub(super) async fn update(
    State(shop): State<Shop>,
    Admitted(host, _): Site,
    Path((_, id)): Path<(String, u64)>,
    body: Option<Json<Value>>,
) -> Response {
    let wanted = |sku: &str| !is_variation(sku) && id_of(sku) == id;
    put_stock(
        &shop,
        &host,
        wanted,
        "simple",
        "woocommerce_rest_product_invalid_id",
        body,
    )
}

/// `PUT /products/{id}/variations/{variation}`.
pub(super) async fn update_variation(
    State(shop): State<Shop>,
    Admitted(host, _): Site,
    Path((_, id, variation)): Path<(String, u64, u64)>,
    body: Option<Json<Value>>,
) -> Response {
    let wanted = |sku: &str| id == HOODIE && is_variation(sku) && id_of(sku) == variation;
    put_stock(
        &shop,
        &host,
        wanted,
        "variation",
        "woocommerce_rest_product_variation_invalid_id",
        body,
    )
}
