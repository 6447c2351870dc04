//! ShipBob API sandbox: `GET /1.0/channel` with a Bearer token.

use super::fixtures;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new().route("/1.0/channel", get(channels))
}

async fn channels(headers: HeaderMap) -> Response {
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
        Some(fixtures::SHIPBOB_TOKEN) => (
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
            .into_response(),
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
