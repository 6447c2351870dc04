//! ShipStation sandbox: `GET /stores` and `GET /orders` (the open orders
//! of [`fixtures::SHIPSTATION_STORE`]) with HTTP Basic `key:secret`. Every
//! answer carries the documented `X-Rate-Limit-*` headers.

use super::fixtures;
use crate::platforms::open_orders::{PageQuery, SHIP_TO, StoreBook, lines_json};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/stores", get(stores))
        .route("/orders", get(orders))
        .with_state(StoreBook::default())
}

async fn stores(headers: HeaderMap) -> Response {
    let (key, secret) = crate::sandbox::basic(&headers).unwrap_or_default();
    let r = match key.as_str() {
        x if x == fixtures::FIXTURES.hanging.1 => return crate::sandbox::hang().await,
        x if x == row("rate limited") => return too_many_requests(),
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
        x if known(x) && secret == working("api_secret") => Json(json!([{
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

/// Whether the demo secret goes with `key`: the demo key, and the keys of
/// the Sales Orders inputs.
fn known(key: &str) -> bool {
    key == working("api_key") || fixtures::SHIPSTATION_STORE.knows(key)
}

/// Over 40 requests a minute; the window resets in 40 s.
fn too_many_requests() -> Response {
    let mut r = (
        StatusCode::TOO_MANY_REQUESTS,
        Json(json!({"message": "Too Many Requests"})),
    )
        .into_response();
    limits(&mut r, "0", "40");
    r
}

/// `GET /orders`: `{orders, total, page, pages}`, `pageSize` a page
/// (100 unless asked, 500 at most).
async fn orders(
    State(book): State<StoreBook>,Query(query): Query<PageQuery>, headers: HeaderMap) -> Response {
    let (key, secret) = crate::sandbox::basic(&headers).unwrap_or_default();
    if !known(&key) || secret != working("api_secret") {
        let mut r = StatusCode::UNAUTHORIZED.into_response();
        limits(&mut r, "39", "58");
        return r;
    }
    let (page, size) = (query.page.unwrap_or(1).max(1), query.limit.unwrap_or(100));
    let size = size.clamp(1, 500);
    let listing = fixtures::SHIPSTATION_STORE
        .page(&book, &key, working("api_key"), page, size)
        .await;
    let Ok((orders, total)) = listing else {
        return too_many_requests();
    };
    let a = &SHIP_TO;
    let listed: Vec<_> = orders
        .iter()
        .map(|o| {
            let items = lines_json(o, |id, sku, quantity| json!({"orderItemId": id, "lineItemKey": format!("li-{id}"), "sku": sku, "name": sku, "quantity": quantity, "adjustment": false}));
            json!({
                "orderId": o.id,
                "orderNumber": o.number,
                "orderKey": format!("ds-demo-{}", o.id),
                "orderStatus": "awaiting_shipment",
                "shipTo": {"name": format!("{} {}", a.first_name, a.last_name), "company": null, "street1": a.street, "street2": "", "street3": null, "city": a.city, "state": "ME", "postalCode": a.postal_code, "country": a.country, "phone": null, "residential": true},
                "items": items,
            })
        })
        .collect();
    let pages = total.div_ceil(size);
    let mut r = Json(json!({"orders": listed, "total": total, "page": page, "pages": pages}))
        .into_response();
    limits(&mut r, "38", "57");
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
