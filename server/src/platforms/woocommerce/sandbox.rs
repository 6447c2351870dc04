//! WooCommerce sandbox, keyed on the site's host name:
//! `/{host}/wp-json/` and `/{host}/wp-json/wc/v3/orders` (the open orders
//! of [`fixtures::WOOCOMMERCE_STORE`]).

use super::fixtures;
use crate::platforms::merchant_sites;
use crate::platforms::open_orders::{PageQuery, SHIP_TO, StoreBook, lines_json};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/{host}/wp-json/", get(index))
        .route("/{host}/wp-json/wc/v3/orders", get(orders))
        .with_state(StoreBook::default())
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
    if merchant_sites::is_store(&host) {
        namespaces.extend(["wc/v1", "wc/v2", "wc/v3", "wc/store/v1"]);
    }
    Json(json!({
        "name": "Demo Outfitters",
        "url": format!("https://{host}"),
        "namespaces": namespaces
    }))
    .into_response()
}

/// `GET /wc/v3/orders`: the site's orders in `processing`, oldest first,
/// `per_page` a page (WordPress's default 10, at most 100), with
/// `X-WP-Total`, `X-WP-TotalPages` and a `Link` header.
async fn orders(
    State(book): State<StoreBook>,
    Path(host): Path<String>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    if let Some(r) = site_failure(&host).await {
        return r;
    }
    if !merchant_sites::is_store(&host) {
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
        _ => open_orders(&book, &host, query.page.unwrap_or(1), query.limit.unwrap_or(10)).await,
    }
}

async fn open_orders(book: &StoreBook, host: &str, page: usize, per_page: usize) -> Response {
    if !(1..=100).contains(&per_page) {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"code": "rest_invalid_param", "message": "Invalid parameter(s): per_page", "data": {"status": 400, "params": {"per_page": "per_page must be between 1 (inclusive) and 100 (inclusive)"}}})),
        )
            .into_response();
    }
    let listing = fixtures::WOOCOMMERCE_STORE
        .page(book, host, working("site_url"), page.max(1), per_page)
        .await;
    let Ok((orders, total)) = listing else {
        return merchant_sites::busy(&LOOK);
    };
    let a = &SHIP_TO;
    let listed: Vec<_> = orders
        .iter()
        .map(|o| {
            let items = lines_json(o, |id, sku, quantity| json!({"id": id, "name": sku, "product_id": 93, "variation_id": 0, "quantity": quantity, "sku": sku}));
            json!({
                "id": o.id,
                "number": o.number,
                "status": "processing",
                "currency": "USD",
                "shipping": {"first_name": a.first_name, "last_name": a.last_name, "company": "", "address_1": a.street, "address_2": "", "city": a.city, "state": "ME", "postcode": a.postal_code, "country": a.country},
                "line_items": items,
            })
        })
        .collect();
    let pages = total.div_ceil(per_page);
    let mut r = Json(json!(listed)).into_response();
    let h = r.headers_mut();
    h.insert("x-wp-total", HeaderValue::from(total));
    h.insert("x-wp-totalpages", HeaderValue::from(pages));
    if page < pages {
        let next = format!(
            "<https://{host}/wp-json/wc/v3/orders?page={}&per_page={per_page}>; rel=\"next\"",
            page + 1
        );
        if let Ok(link) = HeaderValue::from_str(&next) {
            h.insert("link", link);
        }
    }
    r
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
