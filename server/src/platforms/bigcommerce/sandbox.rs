//! BigCommerce sandbox: `GET /stores/{hash}/v2/store` with `X-Auth-Token`.
//! Every answer carries the rate-limit headers BigCommerce documents.

use super::fixtures;
use axum::extract::Path;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new().route("/stores/{hash}/v2/store", get(store))
}

async fn store(Path(hash): Path<String>, headers: HeaderMap) -> Response {
    match hash.as_str() {
        x if x == row("outage") => {
            return with_limits(
                (
                    StatusCode::SERVICE_UNAVAILABLE,
                    Json(
                        json!({"status": 503, "title": "Service Unavailable", "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"}),
                    ),
                ),
                "149",
            )
        }
        x if x == fixtures::FIXTURES.hanging.1 => return crate::sandbox::hang().await,
        x if x == row("rate limited") => {
            let mut r = with_limits(
                (
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(json!({"status": 429, "title": "Too many requests"})),
                ),
                "0",
            );
            r.headers_mut().insert(
                "x-rate-limit-time-reset-ms",
                HeaderValue::from_static("15000"),
            );
            return r;
        }
        x if x == row("deleted store") => {
            return with_limits(
                (
                    StatusCode::NOT_FOUND,
                    Json(json!({"status": 404, "title": "Store not found"})),
                ),
                "149",
            )
        }
        _ => {}
    }
    let token = headers.get("x-auth-token").and_then(|v| v.to_str().ok());
    let known = [working("access_token"), row("token without scope")]
        .into_iter()
        .any(|t| token == Some(t));
    if !known {
        return with_limits(
            (
                StatusCode::UNAUTHORIZED,
                Json(
                    json!({"status": 401, "title": "Unauthorized", "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"}),
                ),
            ),
            "149",
        );
    }
    // A token used on a store it does not belong to is 403, like a missing
    // scope.
    if hash != working("store_hash") || token == Some(row("token without scope")) {
        return with_limits(
            (
                StatusCode::FORBIDDEN,
                Json(
                    json!({"status": 403, "title": "You don't have a required scope to access the endpoint", "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"}),
                ),
            ),
            "149",
        );
    }
    with_limits(
        (
            StatusCode::OK,
            Json(json!({
                "id": working("store_hash"),
                "domain": "shop.demo-outfitters.example",
                "name": "Demo Outfitters",
                "currency": "USD",
                "plan_name": "Standard"
            })),
        ),
        "149",
    )
}

fn with_limits(r: impl IntoResponse, left: &'static str) -> Response {
    let mut response = r.into_response();
    let h = response.headers_mut();
    h.insert(
        "x-rate-limit-requests-quota",
        HeaderValue::from_static("150"),
    );
    h.insert("x-rate-limit-requests-left", HeaderValue::from_static(left));
    h.insert(
        "x-rate-limit-time-window-ms",
        HeaderValue::from_static("30000"),
    );
    response
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
