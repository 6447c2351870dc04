//! Shopify Admin API sandbox: `/{shop}/admin/api/{version}/shop.json` and
//! `/{shop}/admin/oauth/access_scopes.json`.

use super::fixtures;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/{shop}/admin/api/{version}/shop.json", get(shop_json))
        .route("/{shop}/admin/oauth/access_scopes.json", get(access_scopes))
}

async fn shop_json(Path((shop, _version)): Path<(String, String)>, headers: HeaderMap) -> Response {
    match shop.as_str() {
        x if x == row("outage") => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [("content-type", "text/html; charset=utf-8")],
                "<!DOCTYPE html><html><body><h1>Shopify is down for maintenance</h1></body></html>",
            )
                .into_response();
        }
        x if x == fixtures::FIXTURES.hanging.1 => return crate::sandbox::hang().await,
        x if x == row("frozen shop") => {
            return with_call_limit((
                StatusCode::PAYMENT_REQUIRED,
                Json(json!({"errors": "Unavailable Shop"})),
            ))
        }
        x if x == row("html page") => {
            return crate::sandbox::html(
                StatusCode::OK,
                "<!DOCTYPE html><html><head><title>Storefront</title></head><body>Welcome to our store</body></html>",
            )
        }
        x if x == row("rate limited") => {
            let mut r = with_call_limit((
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({
                    "errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."
                })),
            ));
            r.headers_mut()
                .insert("retry-after", HeaderValue::from_static("2.0"));
            return r;
        }
        fixtures::SHOPIFY_SHOP => {}
        _ => return with_call_limit((StatusCode::NOT_FOUND, Json(json!({"errors": "Not Found"})))),
    }
    if known_token(&headers).is_none() {
        return unauthorized();
    }
    with_call_limit((
        StatusCode::OK,
        Json(json!({
            "shop": {
                "id": 548_380_009,
                "name": "Demo Outfitters",
                "email": "owner@demo-outfitters.example",
                "domain": "shop.demo-outfitters.example",
                "myshopify_domain": fixtures::SHOPIFY_SHOP,
                "plan_name": "basic",
                "currency": "USD",
                "iana_timezone": "America/New_York"
            }
        })),
    ))
}

/// Every Admin API answer carries the leaky-bucket state.
fn with_call_limit(r: impl IntoResponse) -> Response {
    let mut response = r.into_response();
    response.headers_mut().insert(
        "x-shopify-shop-api-call-limit",
        HeaderValue::from_static("1/40"),
    );
    response
}

/// The token's scopes: the demo token has every scope the channels need,
/// the "no fulfillments" token lacks the write scopes of shipments and
/// inventory.
async fn access_scopes(Path(shop): Path<String>, headers: HeaderMap) -> Response {
    if shop != fixtures::SHOPIFY_SHOP {
        return with_call_limit((StatusCode::NOT_FOUND, Json(json!({"errors": "Not Found"}))));
    }
    let Some(token) = known_token(&headers) else {
        return unauthorized();
    };
    let handles: &[&str] = if token == row("scopes missing") {
        &[
            "read_orders",
            "read_products",
            "read_fulfillments",
            "read_locations",
            "read_inventory",
        ]
    } else {
        &[
            "read_orders",
            "read_products",
            "write_fulfillments",
            "read_locations",
            "write_inventory",
            "read_customers",
        ]
    };
    let scopes: Vec<_> = handles.iter().map(|h| json!({"handle": h})).collect();
    with_call_limit((StatusCode::OK, Json(json!({"access_scopes": scopes}))))
}

/// The request's token, when the sandbox knows it.
fn known_token(headers: &HeaderMap) -> Option<&str> {
    let token = headers
        .get("x-shopify-access-token")
        .and_then(|v| v.to_str().ok())?;
    [
        fixtures::SHOPIFY_TOKEN,
        row("scopes missing"),
    ]
    .contains(&token)
    .then_some(token)
}

/// Shopify's answer to an unknown token.
fn unauthorized() -> Response {
    with_call_limit((
        StatusCode::UNAUTHORIZED,
        Json(json!({
            "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
        })),
    ))
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}
