//! Magento 2 sandbox, keyed on the site's host name:
//! `/{host}/rest/{store}/V1/store/storeConfigs` and `/{host}/rest/{store}/V1/orders`.

use super::fixtures;
use crate::platforms::merchant_sites;
use axum::extract::Path;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route(
            "/{host}/rest/{store}/V1/store/storeConfigs",
            get(store_configs),
        )
        .route("/{host}/rest/{store}/V1/orders", get(orders))
}

async fn site_failure(host: &str) -> Option<Response> {
    let h = crate::sandbox::host_of;
    Some(match host {
        x if x == h(merchant_sites::MERCHANT_SITE) => return None,
        x if x == h(row("wrong store")) => (
            StatusCode::NOT_FOUND,
            Json(json!({"message": "Request does not match any route."})),
        )
            .into_response(),
        x if x == h(merchant_sites::MERCHANT_OUTAGE_SITE) => crate::sandbox::html(
            StatusCode::SERVICE_UNAVAILABLE,
            "<!DOCTYPE html><html><body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime.</p></body></html>",
        ),
        // Magento has no API rate limit of its own; a CDN or WAF in front
        // answers like this.
        x if x == h(merchant_sites::MERCHANT_BUSY_SITE) => (
            StatusCode::TOO_MANY_REQUESTS,
            [("retry-after", "30")],
            "Too Many Requests",
        )
            .into_response(),
        x if x == h(merchant_sites::MERCHANT_HANGING_SITE) => crate::sandbox::hang().await,
        _ => crate::sandbox::html(
            StatusCode::OK,
            "<!DOCTYPE html><html><head><title>Demo Outfitters</title></head><body>Our shop</body></html>",
        ),
    })
}

async fn store_configs(Path((host, _store)): Path<(String, String)>) -> Response {
    if let Some(r) = site_failure(&host).await {
        return r;
    }
    Json(json!([{"id": 1, "code": "default", "website_id": 1, "locale": "en_US", "base_currency_code": "USD"}]))
        .into_response()
}

async fn orders(Path((host, _store)): Path<(String, String)>, headers: HeaderMap) -> Response {
    if let Some(r) = site_failure(&host).await {
        return r;
    }
    if crate::sandbox::bearer(&headers) != Some(working("access_token")) {
        // The same answer for a wrong token, a missing ACL and disabled
        // bearer tokens.
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({
                "message": "The consumer isn't authorized to access %resources.",
                "parameters": {"resources": "Magento_Sales::actions_view"}
            })),
        )
            .into_response();
    }
    Json(json!({"items": [{"entity_id": 1, "increment_id": "000000001"}], "total_count": 1}))
        .into_response()
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}
