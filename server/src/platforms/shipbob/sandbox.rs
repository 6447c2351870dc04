//! ShipBob API sandbox: `GET /1.0/channel` with a Bearer token, and the
//! orders a Sales Orders run creates (`POST /1.0/order`, refused when the
//! reference is taken or a SKU unknown; `GET /1.0/order?ReferenceIds=`),
//! kept per token for as long as the sandbox runs.

use super::fixtures;
use crate::platforms::warehouses::OrderBook;
use axum::extract::{FromRequestParts, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/1.0/channel", get(channels))
        .route("/1.0/order", get(find_orders).post(create_order))
        .with_state(OrderBook::default())
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
fn order_token(book: &OrderBook, headers: &HeaderMap) -> Option<String> {
    let token = crate::sandbox::bearer(headers).unwrap_or_default();
    let revoked = fixtures::SHIPBOB_REVOKED_MIDRUN_TOKEN;
    let known = [fixtures::SHIPBOB_TOKEN, revoked].contains(&token);
    (known && book.allows(token, revoked, fixtures::REVOKED_AFTER)).then(|| token.to_string())
}

/// The token of a request that may use the order API; answered 401 before
/// the body is read otherwise, as ShipBob does.
struct OrderToken(String);

impl FromRequestParts<OrderBook> for OrderToken {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, book: &OrderBook) -> Result<Self, Response> {
        order_token(book, &parts.headers)
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
    State(book): State<OrderBook>,
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
    let taken = !book.list(&token, Some(&order.reference_id)).is_empty();
    if taken {
        errors.insert(
            "ReferenceId".into(),
            json!([format!("Duplicate reference id {}", order.reference_id)]),
        );
    }
    let id = if errors.is_empty() {
        book.add(&token, &order.reference_id, 300_000_001)
    } else {
        None
    };
    let Some(id) = id else {
        return (
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({ "errors": errors })),
        )
            .into_response();
    };
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
}

/// The token's orders, or those with the given references.
async fn find_orders(
    State(book): State<OrderBook>,
    OrderToken(token): OrderToken,
    Query(query): Query<FindQuery>,
) -> Response {
    let orders = book.list(&token, None);
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
        .map(|(reference, id)| json!({"id": id, "reference_id": reference, "status": "Processing"}))
        .collect();
    (
        StatusCode::OK,
        [("total-count", listed.len().to_string())],
        Json(listed),
    )
        .into_response()
}

async fn channels(State(book): State<OrderBook>, headers: HeaderMap) -> Response {
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
            if order_token(&book, &headers).is_some() =>
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
