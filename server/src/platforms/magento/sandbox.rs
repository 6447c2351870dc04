//! Magento 2 sandbox, keyed on the site's host name:
//! `/{host}/rest/{store}/V1/store/storeConfigs` and `/{host}/rest/{store}/V1/orders`
//! (the open orders of [`fixtures::MAGENTO_STORE`]).

use super::fixtures;
use crate::platforms::merchant_sites;
use crate::platforms::open_orders::{OpenOrder, PageQuery, SHIP_TO, StoreBook};
use axum::extract::{Path, Query, State};
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
        .with_state(StoreBook::default())
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

/// `GET /V1/orders`: the site's orders in `processing`, oldest first,
/// `searchCriteria[pageSize]` a page (Magento's default 20, at most 300).
async fn orders(
    State(book): State<StoreBook>,
    Path((host, _store)): Path<(String, String)>,
    Query(query): Query<PageQuery>,
    headers: HeaderMap,
) -> Response {
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
    let (size, page) = (query.limit.unwrap_or(20), query.page.unwrap_or(1));
    if size > 300 {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"message": "Maximum SearchCriteria pageSize is %max", "parameters": {"max": 300}})),
        )
            .into_response();
    }
    let listing = fixtures::MAGENTO_STORE
        .page(&book, &host, working("site_url"), page.max(1), size.max(1))
        .await;
    let Ok((orders, total)) = listing else {
        return merchant_sites::busy(&LOOK);
    };
    let items: Vec<_> = orders.iter().map(order_json).collect();
    Json(json!({"items": items, "search_criteria": {"current_page": page, "page_size": size}, "total_count": total}))
        .into_response()
}

/// An order as Magento lists it: each line a configurable product's line
/// and its simple child (`parent_item_id`), as for a T-shirt in a size.
fn order_json(o: &OpenOrder) -> serde_json::Value {
    let items: Vec<_> = o
        .lines
        .iter()
        .enumerate()
        .flat_map(|(n, (sku, qty))| {
            let parent = o.id * 100 + 2 * n as u64;
            [
                json!({"item_id": parent, "order_id": o.id, "sku": sku, "qty_ordered": qty, "qty_shipped": 0, "product_type": "configurable"}),
                json!({"item_id": parent + 1, "order_id": o.id, "sku": sku, "qty_ordered": qty, "qty_shipped": 0, "product_type": "simple", "parent_item_id": parent}),
            ]
        })
        .collect();
    let a = &SHIP_TO;
    let address = json!({"address_type": "shipping", "firstname": a.first_name, "lastname": a.last_name, "street": [a.street], "city": a.city, "postcode": a.postal_code, "country_id": a.country});
    json!({
        "entity_id": o.id,
        "increment_id": o.number,
        "state": "processing",
        "status": "processing",
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
