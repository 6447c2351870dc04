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

const LOOK: merchant_sites::SiteLook = merchant_sites::SiteLook {
    maintenance_page: "<!DOCTYPE html><html><body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime.</p></body></html>",
    // Magento has no API rate limit of its own; a CDN or WAF in front
    // answers like this.
    busy_body: || "Too Many Requests".into_response(),
};

async fn site_failure(host: &str) -> Option<Response> {
    if host == crate::sandbox::host_of(row("wrong store")) {
        return Some(
            (
                StatusCode::NOT_FOUND,
                Json(json!({"message": "Request does not match any route."})),
            )
                .into_response(),
        );
    }
    merchant_sites::site_failure(host, &[], &LOOK).await
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
