//! BigCommerce sandbox: `GET /stores/{hash}/v2/store` with `X-Auth-Token`,
//! the open orders of [`fixtures::BIGCOMMERCE_STORE`] with their
//! `products` and `shipping_addresses`, each order by id, its shipments
//! ([`shipments`]) and the v3 catalog's variants ([`catalog`]). Shipments
//! and stock levels are kept in the router's [`StoreBook`] by store hash; a
//! shipped order is Shipped (status 2) and leaves the open listing. Every
//! answer carries the rate-limit headers BigCommerce documents.

mod catalog;
mod shipments;

use super::fixtures;
use crate::platforms::open_orders::{lines_json, OpenOrder, PageQuery, StoreBook, SHIP_TO};
use crate::sandbox::gate::{Admitted, AdmittedOrder, Gate};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    let store = Router::new()
        .route("/v2/store", get(store))
        .route("/v2/orders", get(orders))
        .route("/v2/orders/{id}", get(order))
        .route("/v2/orders/{id}/{part}", get(order_part))
        .route(
            "/v2/orders/{id}/shipments",
            get(shipments::list).post(shipments::create),
        )
        .route(
            "/v3/catalog/variants",
            get(catalog::variants).put(catalog::update_variants),
        );
    Router::new()
        .nest("/stores/{hash}", store)
        .with_state(StoreBook::default())
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
        x if x == row("rate limited") => return too_many_requests(),
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
    if let Some(r) = refused(&hash, &headers) {
        return r;
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

/// The refusal of the request's token on `hash`, if any: 401 for a token
/// BigCommerce does not know, 403 for one without the scope or used on
/// another store.
fn refused(hash: &str, headers: &HeaderMap) -> Option<Response> {
    let token = headers.get("x-auth-token").and_then(|v| v.to_str().ok());
    let known = [
        working("access_token"),
        row("token without scope"),
        fixtures::BIGCOMMERCE_READ_ONLY_TOKEN,
    ]
    .into_iter()
    .any(|t| token == Some(t));
    if !known {
        return Some(with_limits(
            (
                StatusCode::UNAUTHORIZED,
                Json(
                    json!({"status": 401, "title": "Unauthorized", "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"}),
                ),
            ),
            "149",
        ));
    }
    // A token used on a store it does not belong to is 403, like a missing
    // scope.
    let ours = hash == working("store_hash") || fixtures::BIGCOMMERCE_STORE.knows(hash);
    if !ours || token == Some(row("token without scope")) {
        return Some(missing_scope());
    }
    None
}

/// The refusal of a write (a shipment, a stock level) on `hash`, if any:
/// as [`refused`], and 403 for the read-only token.
fn refused_write(hash: &str, headers: &HeaderMap) -> Option<Response> {
    if let Some(r) = refused(hash, headers) {
        return Some(r);
    }
    let token = headers.get("x-auth-token").and_then(|v| v.to_str().ok());
    (token == Some(fixtures::BIGCOMMERCE_READ_ONLY_TOKEN)).then(missing_scope)
}

/// BigCommerce's 403 for a token without the scope (or another store's).
fn missing_scope() -> Response {
    with_limits(
        (
            StatusCode::FORBIDDEN,
            Json(
                json!({"status": 403, "title": "You don't have a required scope to access the endpoint", "type": "https://developer.bigcommerce.com/api-docs/getting-started/api-status-codes"}),
            ),
        ),
        "149",
    )
}

/// The v2 API's 404: its errors are an array.
fn not_found() -> Response {
    let missing = json!([{"status": 404, "message": "The requested resource was not found."}]);
    with_limits((StatusCode::NOT_FOUND, Json(missing)), "148")
}

/// Order `id` of the store `hash`, open or shipped, if it has one.
fn order_of(hash: &str, id: u64) -> Option<OpenOrder> {
    fixtures::BIGCOMMERCE_STORE
        .open_orders(hash, working("store_hash"))
        .and_then(|orders| orders.into_iter().find(|o| o.id == id))
}

/// BigCommerce's check of the `X-Auth-Token` on the store `{hash}` names.
struct Tokens;

impl Gate for Tokens {
    const ACCOUNT: &'static str = "hash";

    async fn refusal(hash: &str, headers: &HeaderMap, write: bool) -> Option<Response> {
        if write {
            refused_write(hash, headers)
        } else {
            refused(hash, headers)
        }
    }

    fn order(hash: &str, id: &str) -> Option<OpenOrder> {
        order_of(hash, id.parse().ok()?)
    }

    fn no_such_order() -> Response {
        not_found()
    }
}

/// The store `{hash}` names, asked for with a token that may read it (or
/// write to it, for anything but a `GET` or `HEAD`).
type Store = Admitted<Tokens>;

/// The order `/orders/{id}` names, of such a store; BigCommerce's 404 for
/// one it does not have.
type StoreOrder = AdmittedOrder<Tokens>;

/// BigCommerce's 429: the quota used up, refilled in 15 s.
fn too_many_requests() -> Response {
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
    r
}

/// `GET /v2/orders`: a bare array, `limit` a page (50 unless asked, 250
/// at most); an empty page is 204 with no body.
async fn orders(
    State(book): State<StoreBook>,
    Admitted(hash, _): Store,
    Query(query): Query<PageQuery>,
) -> Response {
    let (page, limit) = (query.page.unwrap_or(1), query.limit.unwrap_or(50));
    let listing = fixtures::BIGCOMMERCE_STORE
        .page(
            &book,
            &hash,
            working("store_hash"),
            page.max(1),
            limit.clamp(1, 250),
        )
        .await;
    let Ok((orders, _)) = listing else {
        return too_many_requests();
    };
    if orders.is_empty() {
        return with_limits(StatusCode::NO_CONTENT, "148");
    }
    let base = format!("https://api.bigcommerce.com/stores/{hash}/v2/orders");
    let listed: Vec<_> = orders
        .iter()
        .map(|o| {
            let link = |part: &str| json!({"url": format!("{base}/{}/{part}", o.id), "resource": format!("/orders/{}/{part}", o.id)});
            json!({
                "id": o.id,
                "status_id": 11,
                "status": "Awaiting Fulfillment",
                "items_total": o.lines.iter().map(|(_, q)| q).sum::<u32>(),
                "items_shipped": 0,
                "products": link("products"),
                "shipping_addresses": link("shipping_addresses"),
            })
        })
        .collect();
    with_limits((StatusCode::OK, Json(json!(listed))), "148")
}

/// `GET /v2/orders/{id}`: the order, Shipped (2) once the book has its
/// shipment, else Awaiting Fulfillment (11).
async fn order(State(book): State<StoreBook>, AdmittedOrder(hash, o, _): StoreOrder) -> Response {
    let items: u32 = o.lines.iter().map(|(_, q)| q).sum();
    let shipped = book.tracking(&hash, o.id).is_some();
    let (status_id, status) = if shipped {
        (2, "Shipped")
    } else {
        (11, "Awaiting Fulfillment")
    };
    let body = json!({
        "id": o.id,
        "status_id": status_id,
        "status": status,
        "items_total": items,
        "items_shipped": if shipped { items } else { 0 },
    });
    with_limits((StatusCode::OK, Json(body)), "148")
}

/// `GET /v2/orders/{id}/products` and `/shipping_addresses`.
async fn order_part(
    State(book): State<StoreBook>,
    AdmittedOrder(hash, o, _): StoreOrder,
    Path((.., part)): Path<(String, u64, String)>,
) -> Response {
    let shipped = book.tracking(&hash, o.id).is_some();
    let a = &SHIP_TO;
    let body = match part.as_str() {
        "products" => json!(lines_json(&o, |id, sku, quantity| {
            let sent = if shipped { quantity } else { 0 };
            json!({"id": id, "order_id": o.id, "sku": sku, "quantity": quantity, "quantity_shipped": sent, "order_address_id": o.id * 10})
        })),
        "shipping_addresses" => json!([{
            "id": o.id * 10, "order_id": o.id, "first_name": a.first_name, "last_name": a.last_name,
            "street_1": a.street, "street_2": "", "city": a.city, "zip": a.postal_code,
            "country": "United States", "country_iso2": a.country
        }]),
        _ => return not_found(),
    };
    with_limits((StatusCode::OK, Json(body)), "148")
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
