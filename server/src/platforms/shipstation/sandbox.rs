//! ShipStation sandbox: `GET /stores` with HTTP Basic `key:secret`. Every
//! answer carries the documented `X-Rate-Limit-*` headers.

use super::fixtures;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new().route("/stores", get(stores))
}

async fn stores(headers: HeaderMap) -> Response {
    let (key, secret) = crate::sandbox::basic(&headers).unwrap_or_default();
    let r = match key.as_str() {
        x if x == fixtures::FIXTURES.hanging.1 => return crate::sandbox::hang().await,
        x if x == row("rate limited") => {
            let mut r = (
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({"message": "Too Many Requests"})),
            )
                .into_response();
            limits(&mut r, "0", "40");
            return r;
        }
        x if x == row("outage") => (
            StatusCode::INTERNAL_SERVER_ERROR,
            Json(json!({"Message": "An error has occurred."})),
        )
            .into_response(),
        x if x == row("redirect to login") => (
            StatusCode::FOUND,
            [("location", "https://ss.shipstation.com/#!/login")],
        )
            .into_response(),
        x if x == working("api_key") && secret == working("api_secret") => Json(json!([{
            "storeId": 22_766,
            "storeName": "Demo Outfitters",
            "marketplaceId": 0,
            "marketplaceName": "ShipStation",
            "active": true
        }]))
        .into_response(),
        // The 401 body is undocumented; ShipStation sends an empty one.
        _ => StatusCode::UNAUTHORIZED.into_response(),
    };
    let mut r = r;
    limits(&mut r, "39", "58");
    r
}

fn limits(r: &mut Response, remaining: &'static str, reset: &'static str) {
    let h = r.headers_mut();
    h.insert("x-rate-limit-limit", HeaderValue::from_static("40"));
    h.insert(
        "x-rate-limit-remaining",
        HeaderValue::from_static(remaining),
    );
    h.insert("x-rate-limit-reset", HeaderValue::from_static(reset));
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
