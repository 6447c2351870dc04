//! WooCommerce sandbox, keyed on the site's host name:
//! `/{host}/wp-json/` and `/{host}/wp-json/wc/v3/orders` (the open orders
//! of [`fixtures::WOOCOMMERCE_STORE`], or with `include` the orders named,
//! whatever their status). Shipments and Inventory write to it through
//! [`orders`] (an order, its notes, its status) and [`products`] (the
//! catalog and its stock); what they write is kept in the [`Shop`] for as
//! long as the sandbox runs.

mod orders;
mod products;

use super::fixtures;
use crate::platforms::merchant_sites;
use crate::platforms::open_orders::{lines_json, OpenOrder, PageQuery, StoreBook, SHIP_TO};
use crate::sandbox::gate::{Admitted, AdmittedOrder, Gate};
use axum::extract::{Path, Query, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, put};
use axum::{Json, Router};
use serde_json::json;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

pub(in crate::platforms) fn router() -> Router {
    let order = "/wc/v3/orders/{id}";
    let product = "/wc/v3/products/{id}";
    let rest = Router::new()
        .route("/wc/v3/orders", get(list_orders))
        .route(order, get(orders::one).put(orders::update))
        .route(
            &format!("{order}/notes"),
            get(orders::notes).post(orders::add_note),
        )
        .route("/wc/v3/products", get(products::list))
        .route(product, put(products::update))
        .route(&format!("{product}/variations"), get(products::variations))
        .route(
            &format!("{product}/variations/{{variation}}"),
            put(products::update_variation),
        );
    Router::new()
        .route("/{host}/wp-json/", get(index))
        .nest("/{host}/wp-json", rest)
        .with_state(Shop::default())
}

/// What runs wrote, by site host: orders completed and stock set (in the
/// [`StoreBook`] the listings read), and each order's notes.
#[derive(Clone, Default)]
pub(super) struct Shop {
    book: StoreBook,
    notes: Arc<Mutex<NotesByOrder>>,
}

/// Each order's notes, oldest first, by site host and order id.
type NotesByOrder = HashMap<(String, u64), Vec<Note>>;

#[derive(Clone)]
struct Note {
    text: String,
    customer_note: bool,
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

/// Whether the keys of `headers` may make this call on `host` (`write`:
/// a POST or PUT): the refusal WooCommerce answers if not.
async fn refusal(host: &str, headers: &HeaderMap, write: bool) -> Option<Response> {
    if let Some(r) = site_failure(host).await {
        return Some(r);
    }
    if !merchant_sites::is_store(host) {
        return Some(no_route());
    }
    let Some((key, secret)) = crate::sandbox::basic(headers) else {
        return Some(cannot_view());
    };
    let known_key = [
        working("consumer_key"),
        fixtures::WOOCOMMERCE_READ_ONLY_KEY,
        row("write-only key"),
        row("user without capability"),
    ]
    .contains(&key.as_str());
    if !known_key {
        return Some(cannot_view());
    }
    if secret != working("consumer_secret") {
        return Some(refused(
            StatusCode::UNAUTHORIZED,
            "woocommerce_rest_authentication_error",
            "Consumer secret is invalid.",
        ));
    }
    match key.as_str() {
        x if x == row("write-only key") && !write => Some(refused(
            StatusCode::UNAUTHORIZED,
            "woocommerce_rest_authentication_error",
            "The API key provided does not have read permissions.",
        )),
        x if x == fixtures::WOOCOMMERCE_READ_ONLY_KEY && write => Some(refused(
            StatusCode::UNAUTHORIZED,
            "woocommerce_rest_authentication_error",
            "The API key provided does not have write permissions.",
        )),
        x if x == row("user without capability") => Some(if write {
            refused(
                StatusCode::FORBIDDEN,
                "woocommerce_rest_cannot_edit",
                "Sorry, you are not allowed to edit this resource.",
            )
        } else {
            refused(
                StatusCode::FORBIDDEN,
                "woocommerce_rest_cannot_view",
                "Sorry, you cannot list resources.",
            )
        }),
        _ => None,
    }
}

/// WooCommerce's check of the consumer key and secret on the site
/// `{host}` names.
pub(super) struct Keys;

impl Gate for Keys {
    const ACCOUNT: &'static str = "host";

    async fn refusal(host: &str, headers: &HeaderMap, write: bool) -> Option<Response> {
        refusal(host, headers, write).await
    }

    fn order(host: &str, id: &str) -> Option<OpenOrder> {
        orders::find(host, id)
    }

    fn no_such_order() -> Response {
        orders::invalid_id()
    }
}

/// The site `{host}` names, asked for with keys that may read it (or
/// change it, for anything but a `GET` or `HEAD`).
pub(super) type Site = Admitted<Keys>;

/// The order `/orders/{id}` names, of such a site; WooCommerce's
/// invalid-id answer for one it does not have.
pub(super) type SiteOrder = AdmittedOrder<Keys>;

/// WooCommerce's error body: `{code, message, data: {status}}`.
pub(super) fn refused(status: StatusCode, code: &str, message: &str) -> Response {
    (
        status,
        Json(json!({"code": code, "message": message, "data": {"status": status.as_u16()}})),
    )
        .into_response()
}

/// `GET /wc/v3/orders`: the site's orders in `processing`, oldest first,
/// `per_page` a page (WordPress's default 10, at most 100), with
/// `X-WP-Total`, `X-WP-TotalPages` and a `Link` header; with
/// `include=1,2`, those orders in any status.
async fn list_orders(
    State(shop): State<Shop>,
    Admitted(host, _): Site,
    Query(query): Query<PageQuery>,
    Query(filters): Query<HashMap<String, String>>,
) -> Response {
    if let Some(ids) = filters.get("include") {
        let ids: Vec<u64> = ids
            .split(',')
            .filter_map(|id| id.trim().parse().ok())
            .collect();
        let listed: Vec<_> = orders::of_site(&host)
            .iter()
            .filter(|o| ids.contains(&o.id))
            .map(|o| order_json(o, &orders::status(&shop, &host, o.id)))
            .collect();
        return Json(json!(listed)).into_response();
    }
    open_orders(
        &shop.book,
        &host,
        query.page.unwrap_or(1),
        query.limit.unwrap_or(10),
    )
    .await
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
    let listed: Vec<_> = orders.iter().map(|o| order_json(o, "processing")).collect();
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

/// An order as WooCommerce answers it.
pub(super) fn order_json(o: &OpenOrder, status: &str) -> serde_json::Value {
    let a = &SHIP_TO;
    let items = lines_json(
        o,
        |id, sku, quantity| json!({"id": id, "name": sku, "product_id": 93, "variation_id": 0, "quantity": quantity, "sku": sku}),
    );
    json!({
        "id": o.id,
        "number": o.number,
        "status": status,
        "currency": "USD",
        "shipping": {"first_name": a.first_name, "last_name": a.last_name, "company": "", "address_1": a.street, "address_2": "", "city": a.city, "state": "ME", "postcode": a.postal_code, "country": a.country},
        "line_items": items,
    })
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
pub(super) fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
