//! WooCommerce sandbox, keyed on the site's host name:
//! `/{host}/wp-json/` and `/{host}/wp-json/wc/v3/orders`.

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
        .route("/{host}/wp-json/", get(index))
        .route("/{host}/wp-json/wc/v3/orders", get(orders))
}

const LOOK: merchant_sites::SiteLook = merchant_sites::SiteLook {
    maintenance_page: "<!DOCTYPE html><html><body><p>Briefly unavailable for scheduled maintenance. Check back in a minute.</p></body></html>",
    busy_body: || {
        Json(json!({"code": "too_many_requests", "message": "Too many requests.", "data": {"status": 429}}))
            .into_response()
    },
};

/// Failures that depend only on the site, for every path.
async fn site_failure(host: &str) -> Option<Response> {
    merchant_sites::site_failure(
        host,
        &[row("wordpress without woocommerce"), row("rest_no_route")],
        &LOOK,
    )
    .await
}

async fn index(Path(host): Path<String>) -> Response {
    if let Some(r) = site_failure(&host).await {
        return r;
    }
    if host == crate::sandbox::host_of(row("rest_no_route")) {
        return no_route();
    }
    let mut namespaces = vec!["oembed/1.0", "wp/v2", "wp-site-health/v1"];
    if host == crate::sandbox::host_of(merchant_sites::MERCHANT_SITE) {
        namespaces.extend(["wc/v1", "wc/v2", "wc/v3", "wc/store/v1"]);
    }
    Json(json!({
        "name": "Demo Outfitters",
        "url": format!("https://{host}"),
        "namespaces": namespaces
    }))
    .into_response()
}

async fn orders(Path(host): Path<String>, headers: HeaderMap) -> Response {
    if let Some(r) = site_failure(&host).await {
        return r;
    }
    if host != crate::sandbox::host_of(merchant_sites::MERCHANT_SITE) {
        return no_route();
    }
    let Some((key, secret)) = crate::sandbox::basic(&headers) else {
        return cannot_view();
    };
    let known_key = [
        working("consumer_key"),
        row("write-only key"),
        row("user without capability"),
    ]
    .contains(&key.as_str());
    if !known_key {
        return cannot_view();
    }
    if secret != working("consumer_secret") {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": "woocommerce_rest_authentication_error", "message": "Consumer secret is invalid.", "data": {"status": 401}})),
        )
            .into_response();
    }
    match key.as_str() {
        x if x == row("write-only key") => (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": "woocommerce_rest_authentication_error", "message": "The API key provided does not have read permissions.", "data": {"status": 401}})),
        )
            .into_response(),
        x if x == row("user without capability") => (
            StatusCode::FORBIDDEN,
            Json(json!({"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.", "data": {"status": 403}})),
        )
            .into_response(),
        _ => Json(json!([{"id": 727}])).into_response(),
    }
}

fn cannot_view() -> Response {
    (
        StatusCode::UNAUTHORIZED,
        Json(json!({"code": "woocommerce_rest_cannot_view", "message": "Sorry, you cannot list resources.", "data": {"status": 401}})),
    )
        .into_response()
}

fn no_route() -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"code": "rest_no_route", "message": "No route was found matching the URL and request method.", "data": {"status": 404}})),
    )
        .into_response()
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
