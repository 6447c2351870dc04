//! Magento 2 sandbox, keyed on the site's host name, under
//! `/{host}/rest/{store}/V1`: `store/storeConfigs`, `orders` (the open
//! orders of [`fixtures::MAGENTO_STORE`]) and `orders/{id}`; shipping
//! (`order/{id}/ship`, `shipments`) in [`shipping`]; stock items
//! (`stockItems/{sku}`, `products/{sku}/stockItems/{itemId}`) in [`stock`].
//!
//! The demo token may do everything; [`fixtures::MAGENTO_ORDERS_ONLY_TOKEN`]
//! only read orders; any other token gets Magento's 401 naming the
//! resource the route needs, as Magento answers a token it does not know
//! (it is then a guest, whom the route's ACL refuses).

mod shipping;
mod stock;

use super::fixtures;
use crate::platforms::merchant_sites;
use crate::platforms::open_orders::{OpenOrder, PageQuery, StoreBook, SHIP_TO};
use axum::extract::{FromRef, Path, Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post, put};
use axum::{Json, Router};
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    let v1 = "/{host}/rest/{store}/V1";
    Router::new()
        .route(&format!("{v1}/store/storeConfigs"), get(store_configs))
        .route(&format!("{v1}/orders"), get(orders))
        .route(&format!("{v1}/orders/{{id}}"), get(order))
        .route(&format!("{v1}/order/{{id}}/ship"), post(shipping::ship))
        .route(&format!("{v1}/shipments"), get(shipping::shipments))
        .route(&format!("{v1}/stockItems/{{sku}}"), get(stock::stock_item))
        .route(
            &format!("{v1}/products/{{sku}}/stockItems/{{item}}"),
            put(stock::set_stock_item),
        )
        .with_state(Books::default())
}

/// What the sandbox's stores remember while it runs: the orders shipped
/// and the stock set ([`StoreBook`]), and each shipment's tracks.
#[derive(Clone, Default, FromRef)]
struct Books {
    book: StoreBook,
    tracks: shipping::Tracks,
}

/// The ACL resource of the order routes.
const ORDERS: &str = "Magento_Sales::actions_view";

/// Magento's 401 when the call's token may not use a route guarded by
/// `resource`.
fn unauthorized(headers: &HeaderMap, resource: &str) -> Option<Response> {
    let token = crate::sandbox::bearer(headers);
    let orders_only = token == Some(fixtures::MAGENTO_ORDERS_ONLY_TOKEN) && resource == ORDERS;
    if token == Some(working("access_token")) || orders_only {
        return None;
    }
    Some(error(
        StatusCode::UNAUTHORIZED,
        "The consumer isn't authorized to access %resources.",
        json!({ "resources": resource }),
    ))
}

/// Magento's error body: a message with placeholders, and their values.
fn error(status: StatusCode, message: &str, parameters: serde_json::Value) -> Response {
    let mut body = json!({ "message": message });
    if !parameters.is_null() {
        body["parameters"] = parameters;
    }
    (status, Json(body)).into_response()
}

/// Magento's 404 for an order (or other record) it does not have.
fn no_such_entity() -> Response {
    error(
        StatusCode::NOT_FOUND,
        "The entity that was requested doesn't exist. Verify the entity and try again.",
        serde_json::Value::Null,
    )
}

/// The site's answer before Magento's own code, then the token's: `Ok`
/// for a call that Magento would go on to answer.
async fn admit(host: &str, headers: &HeaderMap, resource: &str) -> Result<(), Response> {
    match site_failure(host).await {
        Some(r) => Err(r),
        None => unauthorized(headers, resource).map_or(Ok(()), Err),
    }
}

/// Every order the site has (open or shipped), or `None` for a site with
/// no orders.
fn orders_of(host: &str) -> Option<Vec<OpenOrder>> {
    fixtures::MAGENTO_STORE.open_orders(host, working("site_url"))
}

/// Order `id` of the site, for a call admitted to `resource`; the site's
/// or the token's refusal first, then Magento's 404 for an order it does
/// not have.
async fn admitted_order(
    host: &str,
    headers: &HeaderMap,
    resource: &str,
    id: u64,
) -> Result<OpenOrder, Response> {
    admit(host, headers, resource).await?;
    orders_of(host)
        .and_then(|all| all.into_iter().find(|o| o.id == id))
        .ok_or_else(no_such_entity)
}

const LOOK: merchant_sites::SiteLook = merchant_sites::SiteLook {
    maintenance_page: "<!DOCTYPE html><html><body><h1>Service Temporarily Unavailable</h1><p>The server is temporarily unable to service your request due to maintenance downtime.</p></body></html>",
    // Magento has no API rate limit of its own; a CDN or WAF in front
    // answers like this.
    busy_body: || "Too Many Requests".into_response(),
};

async fn site_failure(host: &str) -> Option<Response> {
    if host == crate::sandbox::host_of(row("wrong store")) {
        return Some(error(
            StatusCode::NOT_FOUND,
            "Request does not match any route.",
            serde_json::Value::Null,
        ));
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

/// `GET /V1/orders`: the site's orders in `processing`, oldest first,
/// `searchCriteria[pageSize]` a page (Magento's default 20, at most 300).
async fn orders(
    State(book): State<StoreBook>,
    Path((host, _store)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
    // The same 401 for a wrong token, a missing ACL and disabled bearer
    // tokens.
    if let Err(r) = admit(&host, &headers, ORDERS).await {
        return r;
    }
    let (size, page) = (query.limit.unwrap_or(20), query.page.unwrap_or(1));
    if size > 300 {
        return error(
            StatusCode::BAD_REQUEST,
            "Maximum SearchCriteria pageSize is %max",
            json!({"max": 300}),
        );
    }
    let listing = fixtures::MAGENTO_STORE
        .page(&book, &host, working("site_url"), page.max(1), size.max(1))
        .await;
    let Ok((orders, total)) = listing else {
        return merchant_sites::busy(&LOOK);
    };
    let items: Vec<_> = orders.iter().map(|o| order_json(o, false)).collect();
    Json(json!({"items": items, "search_criteria": {"current_page": page, "page_size": size}, "total_count": total}))
        .into_response()
}

/// `GET /V1/orders/{id}`: one order, open or shipped (then `complete`).
async fn order(
    State(book): State<StoreBook>,
    Path((host, _store, id)): Path<(String, String, u64)>,
    headers: HeaderMap,
) -> Response {
    let found = match admitted_order(&host, &headers, ORDERS, id).await {
        Ok(o) => o,
        Err(r) => return r,
    };
    let shipped = book.tracking(&host, id).is_some();
    Json(order_json(&found, shipped)).into_response()
}

/// An order's lines as Magento lists them: `(item_id, SKU, quantity)` of
/// each configurable product's line, the one a shipment names; its simple
/// child (`parent_item_id`), as for a T-shirt in a size, is `item_id + 1`.
fn parent_items(o: &OpenOrder) -> impl Iterator<Item = (u64, &'static str, u32)> + '_ {
    (0..)
        .zip(&o.lines)
        .map(|(n, (sku, qty))| (o.id * 100 + 2 * n, *sku, *qty))
}

/// An order as Magento answers it, `complete` with every line shipped once
/// a shipment took it.
fn order_json(o: &OpenOrder, shipped: bool) -> serde_json::Value {
    let items: Vec<_> = parent_items(o)
        .flat_map(|(parent, sku, qty)| {
            let done = if shipped { qty } else { 0 };
            [
                json!({"item_id": parent, "order_id": o.id, "sku": sku, "qty_ordered": qty, "qty_shipped": done, "product_type": "configurable"}),
                json!({"item_id": parent + 1, "order_id": o.id, "sku": sku, "qty_ordered": qty, "qty_shipped": done, "product_type": "simple", "parent_item_id": parent}),
            ]
        })
        .collect();
    let a = &SHIP_TO;
    let address = json!({"address_type": "shipping", "firstname": a.first_name, "lastname": a.last_name, "street": [a.street], "city": a.city, "postcode": a.postal_code, "country_id": a.country});
    let state = if shipped { "complete" } else { "processing" };
    json!({
        "entity_id": o.id,
        "increment_id": o.number,
        "state": state,
        "status": state,
        "items": items,
        "extension_attributes": {"shipping_assignments": [{"shipping": {"address": address, "method": "flatrate_flatrate"}}]}
    })
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}
