//! Shopify Admin API sandbox: `/{shop}/admin/api/{version}/shop.json`.

use super::demo;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;
use std::time::Duration;

pub fn router() -> Router {
    Router::new().route("/{shop}/admin/api/{version}/shop.json", get(shop_json))
}

async fn shop_json(Path((shop, _version)): Path<(String, String)>, headers: HeaderMap) -> Response {
    match shop.as_str() {
        demo::SHOPIFY_OUTAGE_SHOP => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [("content-type", "text/html; charset=utf-8")],
                "<!DOCTYPE html><html><body><h1>Shopify is down for maintenance</h1></body></html>",
            )
                .into_response();
        }
        demo::SHOPIFY_HANGING_SHOP => {
            tokio::time::sleep(Duration::from_secs(3600)).await;
            return StatusCode::GATEWAY_TIMEOUT.into_response();
        }
        demo::SHOPIFY_BUSY_SHOP => {
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
        demo::SHOPIFY_SHOP => {}
        _ => return with_call_limit((StatusCode::NOT_FOUND, Json(json!({"errors": "Not Found"})))),
    }
    let token = headers
        .get("x-shopify-access-token")
        .and_then(|v| v.to_str().ok());
    if token != Some(demo::SHOPIFY_TOKEN) {
        return with_call_limit((
            StatusCode::UNAUTHORIZED,
            Json(json!({
                "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
            })),
        ));
    }
    with_call_limit((
        StatusCode::OK,
        Json(json!({
            "shop": {
                "id": 548_380_009,
                "name": "Demo Outfitters",
                "email": "owner@demo-outfitters.example",
                "domain": "shop.demo-outfitters.example",
                "myshopify_domain": demo::SHOPIFY_SHOP,
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
