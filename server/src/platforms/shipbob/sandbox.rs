//! ShipBob API sandbox: `GET /1.0/channel` with a Bearer token, and the
//! orders a Sales Orders run creates (`POST /1.0/order`, refused when the
//! reference is taken or a SKU unknown; `GET /1.0/order?ReferenceIds=`),
//! kept per token for as long as the sandbox runs. Every order it holds has
//! shipped at once, with tracking: `GET /1.0/order?HasTracking=true&IsTrackingUploaded=false`
//! lists the ones whose tracking the store has not had, paged by `Page`
//! and `Limit` with `Page-Number`, `Total-Pages` and `Next-Page` headers,
//! and `PUT /1.0/shipment/{id}` with `{"is_tracking_uploaded": true}`
//! takes one off that list. `GET /1.0/product` lists the stocked SKUs with
//! their fulfillable quantities ([`fixtures::SHIPBOB_STOCK`]), paged the
//! same way.

use super::fixtures;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/1.0/channel", get(channels))
        .route("/1.0/order", get(find_orders).post(create_order))
        .route("/1.0/shipment/{id}", put(update_shipment))
        .route("/1.0/product", get(products))
        .with_state(Warehouse::default())
}

/// The orders created so far, by token, then by reference, and the
/// shipments whose tracking went to the store.
#[derive(Clone, Default)]
struct Warehouse(Arc<Mutex<Books>>);

#[derive(Default)]
struct Books {
    orders: HashMap<String, BTreeMap<String, i64>>,
    uploaded: HashSet<i64>,
}

/// Each order's one shipment.
fn shipment_of(order: i64) -> i64 {
    order + 100_000_000
}

fn no_valid_key() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        [("www-authenticate", "Bearer")],
        Json(json!({"message": "No valid API key provided"})),
    )
        .into_response()
}

/// The token of a request that may use the order API, if any.
fn order_token(warehouse: &Warehouse, headers: &HeaderMap) -> Option<String> {
    let token = crate::sandbox::bearer(headers).unwrap_or_default();
    let made = |t: &str| {
        warehouse
            .0
            .lock()
            .expect("sandbox lock")
            .orders
            .get(t)
            .map_or(0, BTreeMap::len)
    };
    match token {
        fixtures::SHIPBOB_TOKEN => Some(token.to_string()),
        fixtures::SHIPBOB_REVOKED_MIDRUN_TOKEN if made(token) < fixtures::REVOKED_AFTER => {
            Some(token.to_string())
        }
        _ => None,
    }
}

/// The token of a request that may use the order API; answered 401 before
/// the body is read otherwise, as ShipBob does.
struct OrderToken(String);

impl FromRequestParts<Warehouse> for OrderToken {
    type Rejection = Response;

    async fn from_request_parts(
        parts: &mut Parts,
        warehouse: &Warehouse,
    ) -> Result<Self, Response> {
        order_token(warehouse, &parts.headers)
            .map(OrderToken)
            .ok_or_else(no_valid_key)
    }
}

#[derive(Deserialize)]
struct NewOrder {
    reference_id: String,
    #[serde(default)]
    products: Vec<NewProduct>,
}

#[derive(Deserialize)]
struct NewProduct {
    reference_id: String,
    quantity: u32,
}

async fn create_order(
    State(warehouse): State<Warehouse>,
    OrderToken(token): OrderToken,
    headers: HeaderMap,
    Json(order): Json<NewOrder>,
) -> Response {
    if headers.get("shipbob_channel_id").is_none() {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"errors": {"shipbob_channel_id": ["The shipbob_channel_id header is required."]}})),
        )
            .into_response();
    }
    let mut errors = serde_json::Map::new();
    for (n, product) in order.products.iter().enumerate() {
        if !fixtures::SHIPBOB_SKUS.contains(&product.reference_id.as_str()) || product.quantity == 0
        {
            errors.insert(
                format!("Products[{n}]"),
                json!([format!(
                    "Product with reference id '{}' does not exist",
                    product.reference_id
                )]),
            );
        }
    }
    let mut books = warehouse.0.lock().expect("sandbox lock");
    let orders = books.orders.entry(token).or_default();
    if orders.contains_key(&order.reference_id) {
        errors.insert(
            "ReferenceId".into(),
            json!([format!("Duplicate reference id {}", order.reference_id)]),
        );
    }
    if !errors.is_empty() {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "errors": errors })),
        )
            .into_response();
    }
    let id = 300_000_000 + orders.len() as i64 + 1;
    orders.insert(order.reference_id.clone(), id);
    (
        StatusCode::CREATED,
        Json(json!({"id": id, "reference_id": order.reference_id, "status": "Processing"})),
    )
        .into_response()
}

#[derive(Deserialize)]
struct FindQuery {
    #[serde(rename = "ReferenceIds")]
    reference_ids: Option<String>,
    #[serde(rename = "IsTrackingUploaded")]
    is_tracking_uploaded: Option<bool>,
    #[serde(rename = "Page")]
    page: Option<usize>,
    #[serde(rename = "Limit")]
    limit: Option<usize>,
}

/// The token's orders, or those with the given references, or those whose
/// tracking is (not) uploaded; 50 a page unless `Limit` says (at most 250).
async fn find_orders(
    State(warehouse): State<Warehouse>,
    OrderToken(token): OrderToken,
    Query(query): Query<FindQuery>,
) -> Response {
    let books = warehouse.0.lock().expect("sandbox lock");
    let orders = books.orders.get(&token).cloned().unwrap_or_default();
    let wanted: Option<Vec<&str>> = query
        .reference_ids
        .as_deref()
        .map(|r| r.split(',').collect());
    let listed: Vec<_> = orders
        .iter()
        .filter(|(reference, _)| {
            wanted
                .as_ref()
                .is_none_or(|w| w.contains(&reference.as_str()))
        })
        .filter(|(_, id)| {
            let uploaded = books.uploaded.contains(&shipment_of(**id));
            query.is_tracking_uploaded.is_none_or(|u| u == uploaded)
        })
        .map(|(reference, id)| {
            let uploaded = books.uploaded.contains(&shipment_of(*id));
            json!({
                "id": id,
                "reference_id": reference,
                "status": "Completed",
                "shipments": [shipment_json(*id, reference, uploaded)],
            })
        })
        .collect();
    paged("/1.0/order", &listed, query.page, query.limit)
}

/// One page of a listing, 50 a page unless `limit` says (at most 250), with
/// ShipBob's paging headers; `Next-Page` only while there is one.
fn paged(
    path: &str,
    listed: &[serde_json::Value],
    page: Option<usize>,
    limit: Option<usize>,
) -> Response {
    let limit = limit.unwrap_or(50).clamp(1, 250);
    let page = page.unwrap_or(1).max(1);
    let pages = listed.len().div_ceil(limit).max(1);
    let items: Vec<_> = listed.iter().skip((page - 1) * limit).take(limit).collect();
    let mut response = (
        StatusCode::OK,
        [
            ("total-count", listed.len().to_string()),
            ("page-number", page.to_string()),
            ("total-pages", pages.to_string()),
        ],
        Json(items),
    )
        .into_response();
    if page < pages {
        let next = format!("{path}?Page={}&Limit={limit}", page + 1);
        if let Ok(value) = HeaderValue::from_str(&next) {
            response.headers_mut().insert("next-page", value);
        }
    }
    response
}

#[derive(Deserialize)]
struct PageQuery {
    #[serde(rename = "Page")]
    page: Option<usize>,
    #[serde(rename = "Limit")]
    limit: Option<usize>,
}

/// `GET /1.0/product`: the stocked SKUs, each with what can be shipped.
async fn products(OrderToken(_): OrderToken, Query(query): Query<PageQuery>) -> Response {
    let listed: Vec<_> = fixtures::SHIPBOB_STOCK
        .iter()
        .enumerate()
        .map(|(n, (sku, quantity))| {
            json!({
                "id": 700_000 + n,
                "reference_id": sku,
                "sku": sku,
                "name": sku,
                "total_fulfillable_quantity": quantity,
                "total_onhand_quantity": quantity,
            })
        })
        .collect();
    paged("/1.0/product", &listed, query.page, query.limit)
}

fn shipment_json(order: i64, reference: &str, uploaded: bool) -> serde_json::Value {
    let number = format!("9400{:018}", shipment_of(order));
    json!({
        "id": shipment_of(order),
        "order_id": order,
        "reference_id": reference,
        "status": "Completed",
        "is_tracking_uploaded": uploaded,
        "tracking": {
            "carrier": "USPS",
            "tracking_number": number,
            "tracking_url": format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
        }
    })
}

#[derive(Deserialize)]
struct ShipmentUpdate {
    is_tracking_uploaded: Option<bool>,
}

/// `PUT /1.0/shipment/{id}`: marks a shipment's tracking as uploaded.
async fn update_shipment(
    State(warehouse): State<Warehouse>,
    OrderToken(token): OrderToken,
    Path(id): Path<i64>,
    Json(update): Json<ShipmentUpdate>,
) -> Response {
    let mut books = warehouse.0.lock().expect("sandbox lock");
    let Some((reference, order)) = books
        .orders
        .get(&token)
        .and_then(|orders| orders.iter().find(|(_, o)| shipment_of(**o) == id))
        .map(|(r, o)| (r.clone(), *o))
    else {
        return (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "Shipment not found"})),
        )
            .into_response();
    };
    if update.is_tracking_uploaded == Some(true) {
        books.uploaded.insert(id);
    }
    let uploaded = books.uploaded.contains(&id);
    Json(shipment_json(order, &reference, uploaded)).into_response()
}

async fn channels(State(warehouse): State<Warehouse>, headers: HeaderMap) -> Response {
    let scopes_without_inventory = [
        "channels_read",
        "fulfillments_read",
        "orders_read",
        "orders_write",
        "products_read",
    ];
    match crate::sandbox::bearer(&headers) {
        Some(x) if x == row("channel lacks a scope") => (
            StatusCode::OK,
            Json(json!([{
                "id": 100_103,
                "name": "DropStream",
                "application_name": "DropStream",
                "scopes": scopes_without_inventory
            }])),
        )
            .into_response(),
        Some(x) if x == fixtures::FIXTURES.hanging.1 => crate::sandbox::hang().await,
        Some(x) if x == row("html page") => crate::sandbox::html(
            StatusCode::OK,
            "<!DOCTYPE html><html><body><h1>ShipBob</h1><p>Sign in</p></body></html>",
        ),
        Some(fixtures::SHIPBOB_TOKEN | fixtures::SHIPBOB_REVOKED_MIDRUN_TOKEN)
            if order_token(&warehouse, &headers).is_some() =>
        {
            (
                StatusCode::OK,
                Json(json!([{
                    "id": 100_102,
                    "name": "DropStream",
                    "application_name": "DropStream",
                    "scopes": [
                        "channels_read", "fulfillments_read", "inventory_read",
                        "orders_read", "orders_write", "products_read", "receiving_read"
                    ]
                }])),
            )
                .into_response()
        }
        Some(x) if x == row("no access") => (
            StatusCode::FORBIDDEN,
            Json(json!({"statusCode": 403, "message": "The user doesn't have permissions to access this resource."})),
        )
            .into_response(),
        Some(x) if x == row("rate limited") => (
            StatusCode::TOO_MANY_REQUESTS,
            [("x-retry-after", "25"), ("x-remaining-calls", "0")],
            Json(json!({"statusCode": 429, "message": "Rate limit is exceeded. Try again in 25 seconds."})),
        )
            .into_response(),
        Some(x) if x == row("outage") => (
            StatusCode::SERVICE_UNAVAILABLE,
            Json(json!({"statusCode": 503, "message": "Service Unavailable"})),
        )
            .into_response(),
        _ => (
            StatusCode::UNAUTHORIZED,
            [("www-authenticate", "Bearer")],
            Json(json!({"message": "No valid API key provided"})),
        )
            .into_response(),
    }
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}
