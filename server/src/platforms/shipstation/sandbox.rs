//! ShipStation sandbox, V1 paths with HTTP Basic `key:secret`:
//! `GET /stores`; the open orders of [`fixtures::SHIPSTATION_STORE`]
//! (`GET /orders`, and one by id, `GET /orders/{orderId}`); and
//! `POST /orders/markasshipped`, which the [`StoreBook`] remembers: a
//! shipped order reads `orderStatus: "shipped"` and leaves the
//! awaiting-shipment listing for as long as the sandbox runs. A body
//! markasshipped cannot use answers 400 in ShipStation's
//! `{"Message", "ExceptionMessage"}` shape. Every answer carries the
//! documented `X-Rate-Limit-*` headers.

use super::fixtures;
use crate::platforms::open_orders::{lines_json, OpenOrder, PageQuery, StoreBook, SHIP_TO};
use axum::body::Bytes;
use axum::extract::{FromRequestParts, Path, Query, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::middleware::map_response;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/stores", get(stores))
        .route("/orders", get(orders))
        .route("/orders/{order_id}", get(order))
        .route("/orders/markasshipped", post(mark_as_shipped))
        .layer(map_response(with_limits))
        .with_state(StoreBook::default())
}

async fn stores(headers: HeaderMap) -> Response {
    let (key, secret) = crate::sandbox::basic(&headers).unwrap_or_default();
    match key.as_str() {
        x if x == fixtures::FIXTURES.hanging.1 => crate::sandbox::hang().await,
        x if x == row("rate limited") => too_many_requests(),
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
    }
}

/// Whether the demo secret goes with `key`: the demo key, and the keys of
/// the Sales Orders inputs.
fn known(key: &str) -> bool {
    key == working("api_key") || fixtures::SHIPSTATION_STORE.knows(key)
}

/// The API key of a request whose key and secret the sandbox takes.
fn account(headers: &HeaderMap) -> Option<String> {
    let (key, secret) = crate::sandbox::basic(headers).unwrap_or_default();
    (known(&key) && secret == working("api_secret")).then_some(key)
}

/// The API key of a request the sandbox takes, as [`account`] finds it;
/// ShipStation's 401 (with no body) otherwise.
struct Account(String);

impl<S: Send + Sync> FromRequestParts<S> for Account {
    type Rejection = StatusCode;

    async fn from_request_parts(parts: &mut Parts, _: &S) -> Result<Self, StatusCode> {
        account(&parts.headers)
            .map(Account)
            .ok_or(StatusCode::UNAUTHORIZED)
    }
}

/// Over 40 requests a minute; the window resets in 40 s.
fn too_many_requests() -> Response {
    let busy = json!({"message": "Too Many Requests"});
    limited((StatusCode::TOO_MANY_REQUESTS, Json(busy)), "0", "40")
}

/// `GET /orders`: `{orders, total, page, pages}`, `pageSize` a page
/// (100 unless asked, 500 at most).
async fn orders(
    State(book): State<StoreBook>,
    Query(query): Query<PageQuery>,
    Account(key): Account,
) -> Response {
    let (page, size) = (query.page.unwrap_or(1).max(1), query.limit.unwrap_or(100));
    let size = size.clamp(1, 500);
    let listing = fixtures::SHIPSTATION_STORE
        .page(&book, &key, working("api_key"), page, size)
        .await;
    let Ok((orders, total)) = listing else {
        return too_many_requests();
    };
    let listed: Vec<_> = orders
        .iter()
        .map(|o| order_json(o, "awaiting_shipment"))
        .collect();
    let pages = total.div_ceil(size);
    let body = json!({"orders": listed, "total": total, "page": page, "pages": pages});
    limited(Json(body), "38", "57")
}

/// `GET /orders/{orderId}`: the order, `shipped` once marked so.
async fn order(
    State(book): State<StoreBook>,
    Path(order_id): Path<String>,
    Account(key): Account,
) -> Response {
    let Some(o) = find(&key, &order_id) else {
        return not_found(&order_id);
    };
    let status = match book.tracking(&key, o.id) {
        Some(_) => "shipped",
        None => "awaiting_shipment",
    };
    Json(order_json(&o, status)).into_response()
}

/// The body of `POST /orders/markasshipped` (ShipStation's docs: `orderId`
/// and `carrierCode` required, the rest optional).
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct MarkAsShipped {
    order_id: Option<u64>,
    carrier_code: Option<String>,
    ship_date: Option<String>,
    tracking_number: Option<String>,
    #[allow(dead_code)] // read for its type only
    notify_customer: Option<bool>,
    #[allow(dead_code)] // read for its type only
    notify_sales_channel: Option<bool>,
}

/// `POST /orders/markasshipped`: ships the order in the book (its first
/// tracking stays if it is marked again) and answers
/// `{"orderId", "orderNumber"}`.
async fn mark_as_shipped(
    State(book): State<StoreBook>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(key) = account(&headers) else {
        return StatusCode::UNAUTHORIZED.into_response();
    };
    let shipped: MarkAsShipped = match serde_json::from_slice(&body) {
        Ok(shipped) => shipped,
        Err(e) => return bad_request(&format!("The request body could not be read: {e}")),
    };
    let Some(order_id) = shipped.order_id else {
        return bad_request("orderId is required.");
    };
    if shipped
        .carrier_code
        .as_deref()
        .unwrap_or("")
        .trim()
        .is_empty()
    {
        return bad_request("carrierCode is required.");
    }
    if let Some(date) = &shipped.ship_date {
        if !is_date(date) {
            return bad_request(&format!("shipDate '{date}' is not a valid date."));
        }
    }
    let Some(o) = find(&key, &order_id.to_string()) else {
        return not_found(&order_id.to_string());
    };
    book.ship(&key, o.id, shipped.tracking_number.as_deref().unwrap_or(""));
    Json(json!({"orderId": o.id, "orderNumber": o.number})).into_response()
}

/// `YYYY-MM-DD` (ShipStation also takes a time after it).
fn is_date(text: &str) -> bool {
    let date = text.get(..10).unwrap_or("");
    let parts: Vec<&str> = date.split('-').collect();
    matches!(parts.as_slice(), [y, m, d]
        if y.len() == 4 && m.len() == 2 && d.len() == 2
            && parts.iter().all(|p| p.bytes().all(|b| b.is_ascii_digit()))
            && (1..=12).contains(&m.parse::<u32>().unwrap_or(0))
            && (1..=31).contains(&d.parse::<u32>().unwrap_or(0)))
}

/// The order `id` among the account's orders, shipped or not.
fn find(key: &str, id: &str) -> Option<OpenOrder> {
    let id: u64 = id.parse().ok()?;
    fixtures::SHIPSTATION_STORE
        .open_orders(key, working("api_key"))?
        .into_iter()
        .find(|o| o.id == id)
}

fn order_json(o: &OpenOrder, status: &str) -> serde_json::Value {
    let a = &SHIP_TO;
    let items = lines_json(
        o,
        |id, sku, quantity| json!({"orderItemId": id, "lineItemKey": format!("li-{id}"), "sku": sku, "name": sku, "quantity": quantity, "adjustment": false}),
    );
    json!({
        "orderId": o.id,
        "orderNumber": o.number,
        "orderKey": format!("ds-demo-{}", o.id),
        "orderStatus": status,
        "shipTo": {"name": format!("{} {}", a.first_name, a.last_name), "company": null, "street1": a.street, "street2": "", "street3": null, "city": a.city, "state": "ME", "postalCode": a.postal_code, "country": a.country, "phone": null, "residential": true},
        "items": items,
    })
}

/// ShipStation's error body (ASP.NET Web API's shape).
fn bad_request(reason: &str) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"Message": "The request is invalid.", "ExceptionMessage": reason})),
    )
        .into_response()
}

/// An order id the account does not have. ShipStation's answer here is
/// undocumented; the sandbox says 404 with its error shape.
fn not_found(order_id: &str) -> Response {
    (
        StatusCode::NOT_FOUND,
        Json(json!({"Message": format!("Order {order_id} was not found.")})),
    )
        .into_response()
}

/// Fills in the rate-limit headers on an answer that has none yet.
async fn with_limits(r: Response) -> Response {
    if r.headers().contains_key("x-rate-limit-limit") {
        return r;
    }
    limited(r, "39", "58")
}

/// The answer with ShipStation's rate-limit headers: `remaining` requests
/// left in the window, which resets in `reset` seconds.
fn limited(r: impl IntoResponse, remaining: &'static str, reset: &'static str) -> Response {
    let mut r = r.into_response();
    let h = r.headers_mut();
    h.insert("x-rate-limit-limit", HeaderValue::from_static("40"));
    h.insert(
        "x-rate-limit-remaining",
        HeaderValue::from_static(remaining),
    );
    h.insert("x-rate-limit-reset", HeaderValue::from_static(reset));
    r
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ship_dates_are_calendar_dates() {
        assert!(is_date("2026-12-03"));
        assert!(is_date("2026-12-03T10:04:05"));
        for bad in ["", "2026-13-01", "03/12/2026", "2026-1-3", "yesterday"] {
            assert!(!is_date(bad), "{bad}");
        }
    }
}
