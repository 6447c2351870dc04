//! Shopify Admin API sandbox: `/{shop}/admin/api/{version}/shop.json`,
//! `/{shop}/admin/oauth/access_scopes.json`, and the open orders a Sales
//! Orders run reads (`orders.json`, paged by `Link` headers), and what a
//! Shipments run writes: `orders/{id}/fulfillment_orders.json` and
//! `fulfillments.json`. A fulfilled order is no longer listed as open, and
//! its fulfillment order is `closed`, for as long as the sandbox runs.
//! Inventory reads `locations.json` and `products.json` (one variant per
//! SKU, with its `inventory_item_id` and `inventory_quantity`) and writes
//! `inventory_levels/set.json`.

use super::fixtures;
use axum::extract::{FromRef, FromRequestParts, Path, State};
use axum::http::request::Parts;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::json;
use crate::platforms::fixtures::{MISMATCHED_SKU, STOCKED_SKUS};
use std::collections::{HashMap, HashSet};
use std::sync::{Arc, Mutex};

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/{shop}/admin/api/{version}/shop.json", get(shop_json))
        .route("/{shop}/admin/oauth/access_scopes.json", get(access_scopes))
        .route("/{shop}/admin/api/{version}/orders.json", get(orders_json))
        .route(
            "/{shop}/admin/api/{version}/orders/{order}/fulfillment_orders.json",
            get(fulfillment_orders),
        )
        .route(
            "/{shop}/admin/api/{version}/fulfillments.json",
            post(create_fulfillment),
        )
        .route("/{shop}/admin/api/{version}/locations.json", get(locations))
        .route("/{shop}/admin/api/{version}/products.json", get(products))
        .route(
            "/{shop}/admin/api/{version}/inventory_levels/set.json",
            post(set_inventory_level),
        )
        .with_state(Books::default())
}

/// What the sandbox's shops remember while it runs.
#[derive(Clone, Default, FromRef)]
struct Books {
    fulfilled: Fulfilled,
    stock: Stock,
}

/// Available quantities by (shop, inventory item); an item never set has
/// [`fixtures::SHOPIFY_STARTING_STOCK`].
#[derive(Clone, Default)]
struct Stock(Arc<Mutex<HashMap<(String, u64), i64>>>);

/// The one location of every sandbox shop.
const LOCATION: u64 = 655_441_491;

/// The SKUs a shop sells, and each one's inventory item (none for the
/// shops that only show paging).
fn catalog(shop: &str) -> Vec<(&'static str, u64)> {
    let mut skus: Vec<&'static str> = match shop {
        fixtures::SHOPIFY_SHOP => STOCKED_SKUS.to_vec(),
        fixtures::SHOPIFY_MISMATCH_SHOP => {
            let mut some = STOCKED_SKUS[..STOCKED_SKUS.len() - 1].to_vec();
            some.push(MISMATCHED_SKU);
            some
        }
        _ => Vec::new(),
    };
    skus.sort_unstable();
    skus.into_iter()
        .map(|sku| (sku, inventory_item_of(sku)))
        .collect()
}

fn inventory_item_of(sku: &str) -> u64 {
    let all = STOCKED_SKUS.iter().chain([&MISMATCHED_SKU]);
    49_000_000 + all.take_while(|s| **s != sku).count() as u64
}

/// The orders fulfilled so far, by shop.
#[derive(Clone, Default)]
struct Fulfilled(Arc<Mutex<HashSet<(String, u64)>>>);

impl Fulfilled {
    fn has(&self, shop: &str, order: u64) -> bool {
        self.0
            .lock()
            .expect("sandbox lock")
            .contains(&(shop.to_string(), order))
    }
}

/// Each order has one fulfillment order.
fn fulfillment_order_of(order: u64) -> u64 {
    order * 10 + 1
}

/// An open order as the sandbox answers it.
struct OpenOrder {
    id: u64,
    name: String,
    lines: Vec<(String, u32)>,
}

impl From<&fixtures::SandboxOrder> for OpenOrder {
    fn from(o: &fixtures::SandboxOrder) -> OpenOrder {
        OpenOrder {
            id: o.id,
            name: o.name.to_string(),
            lines: o
                .lines
                .iter()
                .map(|(sku, q)| (sku.to_string(), *q))
                .collect(),
        }
    }
}

/// The open orders of a shop the sandbox knows.
fn open_orders(shop: &str) -> Option<Vec<OpenOrder>> {
    match shop {
        fixtures::SHOPIFY_SHOP => Some(
            fixtures::SHOPIFY_ORDERS
                .iter()
                .map(OpenOrder::from)
                .collect(),
        ),
        fixtures::SHOPIFY_MISMATCH_SHOP => {
            let mut orders: Vec<OpenOrder> = fixtures::SHOPIFY_ORDERS[..2]
                .iter()
                .map(OpenOrder::from)
                .collect();
            orders.push(OpenOrder {
                id: 5_620_000_001,
                name: "#2001".into(),
                lines: vec![(fixtures::MISMATCHED_SKU.into(), 3), ("CAP-RED".into(), 1)],
            });
            Some(orders)
        }
        fixtures::SHOPIFY_BULK_SHOP
        | fixtures::SHOPIFY_THROTTLED_PAGES_SHOP
        | fixtures::SHOPIFY_STALLED_PAGES_SHOP => {
            let count = if shop == fixtures::SHOPIFY_BULK_SHOP {
                fixtures::BULK_ORDERS
            } else {
                120
            };
            Some(
                (0..count)
                    .map(|n| OpenOrder {
                        id: 5_700_000_000 + n,
                        name: format!("#{}", 5000 + n),
                        lines: vec![(
                            STOCKED_SKUS[n as usize % STOCKED_SKUS.len()].to_string(),
                            1,
                        )],
                    })
                    .collect(),
            )
        }
        _ => None,
    }
}

/// A call to a shop the sandbox knows with a token it knows, allowed to do
/// what it asks; Shopify's 404, 401 or 403 otherwise.
struct ShopCall {
    shop: String,
    orders: Vec<OpenOrder>,
}

impl<S: Send + Sync> FromRequestParts<S> for ShopCall {
    type Rejection = Response;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Response> {
        let Path(params) = Path::<HashMap<String, String>>::from_request_parts(parts, state)
            .await
            .map_err(IntoResponse::into_response)?;
        let shop = params.get("shop").cloned().unwrap_or_default();
        let orders = open_orders(&shop).ok_or_else(not_found)?;
        let token = known_token(&parts.headers).ok_or_else(unauthorized)?;
        if let Some(scope) = write_scope(parts.uri.path()).filter(|_| token == row("scopes missing")) {
            return Err(with_call_limit((
                StatusCode::FORBIDDEN,
                Json(json!({
                    "errors": format!("[API] This action requires merchant approval for {scope} scope.")
                })),
            )));
        }
        Ok(ShopCall { shop, orders })
    }
}

#[derive(serde::Deserialize)]
struct OrdersQuery {
    limit: Option<usize>,
    page_info: Option<String>,
}

/// `orders.json`: 50 a page by default (250 at most), the next page's
/// address in a `Link` header. On the two paging shops the second page
/// answers 429 or never answers.
async fn orders_json(
    State(fulfilled): State<Fulfilled>,
    ShopCall { shop, orders, .. }: ShopCall,
    Path((_, version)): Path<(String, String)>,
    axum::extract::Query(query): axum::extract::Query<OrdersQuery>,
    headers: HeaderMap,
) -> Response {
    let limit = query.limit.unwrap_or(50).clamp(1, 250);
    let from = match query.page_info.as_deref() {
        None => 0,
        Some(raw) => match raw.strip_prefix("after-").and_then(|n| n.parse().ok()) {
            Some(from) => from,
            None => {
                return with_call_limit((
                    StatusCode::BAD_REQUEST,
                    Json(json!({"errors": {"page_info": "Invalid value."}})),
                ))
            }
        },
    };
    if from > 0 {
        match shop.as_str() {
            fixtures::SHOPIFY_THROTTLED_PAGES_SHOP => {
                let mut r = with_call_limit((
                    StatusCode::TOO_MANY_REQUESTS,
                    Json(
                        json!({"errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."}),
                    ),
                ));
                r.headers_mut()
                    .insert("retry-after", HeaderValue::from_static("2.0"));
                return r;
            }
            fixtures::SHOPIFY_STALLED_PAGES_SHOP => return crate::sandbox::hang().await,
            _ => {}
        }
    }
    let orders: Vec<&OpenOrder> = orders
        .iter()
        .filter(|o| !fulfilled.has(&shop, o.id))
        .collect();
    let page: Vec<_> = orders
        .iter()
        .skip(from)
        .take(limit)
        .map(|&OpenOrder { id, name, lines }| {
            let items: Vec<_> = lines
                .iter()
                .map(|(sku, quantity)| json!({"sku": sku, "quantity": quantity, "fulfillable_quantity": quantity}))
                .collect();
            json!({
                "id": id,
                "name": name,
                "financial_status": "paid",
                "fulfillment_status": null,
                "line_items": items,
                "shipping_address": {
                    "name": "Rae Jordan",
                    "address1": "12 Harbor Street",
                    "city": "Portland",
                    "zip": "04101",
                    "country_code": "US"
                }
            })
        })
        .collect();
    let mut response = with_call_limit((StatusCode::OK, Json(json!({ "orders": page }))));
    if from + limit < orders.len() {
        let host = headers
            .get("host")
            .and_then(|h| h.to_str().ok())
            .unwrap_or("localhost");
        let next = format!(
            "<http://{host}/shopify/{shop}/admin/api/{version}/orders.json?limit={limit}&page_info=after-{}>; rel=\"next\"",
            from + limit
        );
        if let Ok(value) = HeaderValue::from_str(&next) {
            response.headers_mut().insert("link", value);
        }
    }
    response
}

/// `orders/{id}/fulfillment_orders.json`: the order's one fulfillment
/// order, `open` until it is fulfilled, then `closed`.
async fn fulfillment_orders(
    State(fulfilled): State<Fulfilled>,
    ShopCall { shop, orders, .. }: ShopCall,
    Path((_, _, order)): Path<(String, String, u64)>,
) -> Response {
    let Some(found) = orders.iter().find(|o| o.id == order) else {
        return not_found();
    };
    let status = if fulfilled.has(&shop, order) {
        "closed"
    } else {
        "open"
    };
    let items: Vec<_> = found
        .lines
        .iter()
        .enumerate()
        .map(|(n, (_, quantity))| {
            json!({"id": order * 100 + n as u64, "quantity": quantity, "fulfillable_quantity": quantity})
        })
        .collect();
    with_call_limit(Json(json!({
        "fulfillment_orders": [{
            "id": fulfillment_order_of(order),
            "order_id": order,
            "status": status,
            "request_status": "unsubmitted",
            "line_items": items
        }]
    })))
}

#[derive(serde::Deserialize)]
struct NewFulfillment {
    fulfillment: FulfillmentBody,
}

#[derive(serde::Deserialize)]
struct FulfillmentBody {
    line_items_by_fulfillment_order: Vec<ByFulfillmentOrder>,
    tracking_info: Option<serde_json::Value>,
}

#[derive(serde::Deserialize)]
struct ByFulfillmentOrder {
    fulfillment_order_id: u64,
}

/// `fulfillments.json`: fulfils open fulfillment orders (all their items)
/// with the tracking given. The token without write scopes gets Shopify's
/// 403; a closed fulfillment order, its 422.
async fn create_fulfillment(
    State(fulfilled): State<Fulfilled>,
    ShopCall { shop, orders }: ShopCall,
    Json(request): Json<NewFulfillment>,
) -> Response {
    let body = request.fulfillment;
    let mut chosen = Vec::new();
    for by in &body.line_items_by_fulfillment_order {
        let Some(order) = orders
            .iter()
            .find(|o| fulfillment_order_of(o.id) == by.fulfillment_order_id)
        else {
            return not_found();
        };
        if fulfilled.has(&shop, order.id) {
            return with_call_limit((
                StatusCode::UNPROCESSABLE_ENTITY,
                Json(json!({"errors": [format!(
                    "Fulfillment order {} has an unfulfillable status= closed.",
                    by.fulfillment_order_id
                )]})),
            ));
        }
        chosen.push(order.id);
    }
    let Some(&order) = chosen.first() else {
        return with_call_limit((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"errors": ["line_items_by_fulfillment_order is required"]})),
        ));
    };
    {
        let mut all = fulfilled.0.lock().expect("sandbox lock");
        for id in &chosen {
            all.insert((shop.clone(), *id));
        }
    }
    let tracking = body.tracking_info.unwrap_or_default();
    with_call_limit((
        StatusCode::CREATED,
        Json(json!({
            "fulfillment": {
                "id": order * 10 + 7,
                "order_id": order,
                "status": "success",
                "tracking_company": tracking.get("company"),
                "tracking_number": tracking.get("number"),
                "tracking_url": tracking.get("url"),
            }
        })),
    ))
}

/// `locations.json`: the shop's one location.
async fn locations(_: ShopCall) -> Response {
    with_call_limit(Json(json!({
        "locations": [{"id": LOCATION, "name": "Demo Outfitters Warehouse", "active": true}]
    })))
}

/// `products.json`: one product per SKU, each with one variant. The
/// catalogs are small, so one page holds them.
async fn products(State(stock): State<Stock>, ShopCall { shop, .. }: ShopCall) -> Response {
    let skus = catalog(&shop);
    let levels = stock.0.lock().expect("sandbox lock");
    let products: Vec<_> = skus
        .iter()
        .map(|(sku, item)| {
            let available = levels
                .get(&(shop.clone(), *item))
                .copied()
                .unwrap_or(fixtures::SHOPIFY_STARTING_STOCK);
            json!({
                "id": item + 1_000_000,
                "title": sku,
                "variants": [{
                    "id": item + 2_000_000,
                    "sku": sku,
                    "inventory_item_id": item,
                    "inventory_quantity": available,
                    "inventory_management": "shopify"
                }]
            })
        })
        .collect();
    with_call_limit(Json(json!({ "products": products })))
}

#[derive(serde::Deserialize)]
struct SetLevel {
    location_id: u64,
    inventory_item_id: u64,
    available: i64,
}

/// `inventory_levels/set.json`: sets an item's available quantity at the
/// location. The token without write scopes gets Shopify's 403.
async fn set_inventory_level(
    State(stock): State<Stock>,
    ShopCall { shop, .. }: ShopCall,
    Json(set): Json<SetLevel>,
) -> Response {
    let skus = catalog(&shop);
    if set.location_id != LOCATION || !skus.iter().any(|(_, item)| *item == set.inventory_item_id) {
        return with_call_limit((
            StatusCode::UNPROCESSABLE_ENTITY,
            Json(json!({"errors": ["Inventory item does not exist at this location"]})),
        ));
    }
    stock
        .0
        .lock()
        .expect("sandbox lock")
        .insert((shop, set.inventory_item_id), set.available);
    with_call_limit(Json(json!({
        "inventory_level": {
            "inventory_item_id": set.inventory_item_id,
            "location_id": LOCATION,
            "available": set.available
        }
    })))
}

async fn shop_json(Path((shop, _version)): Path<(String, String)>, headers: HeaderMap) -> Response {
    match shop.as_str() {
        x if x == row("outage") => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                [("content-type", "text/html; charset=utf-8")],
                "<!DOCTYPE html><html><body><h1>Shopify is down for maintenance</h1></body></html>",
            )
                .into_response();
        }
        x if x == fixtures::FIXTURES.hanging.1 => return crate::sandbox::hang().await,
        x if x == row("frozen shop") => {
            return with_call_limit((
                StatusCode::PAYMENT_REQUIRED,
                Json(json!({"errors": "Unavailable Shop"})),
            ))
        }
        x if x == row("html page") => {
            return crate::sandbox::html(
                StatusCode::OK,
                "<!DOCTYPE html><html><head><title>Storefront</title></head><body>Welcome to our store</body></html>",
            )
        }
        x if x == row("rate limited") => {
            let mut r = with_call_limit((
                StatusCode::TOO_MANY_REQUESTS,
                Json(json!({
                    "errors": "Exceeded 2 calls per second for api client. Reduce request rates to resume uninterrupted service."
                })),
            ));
            r.headers_mut()
                .insert("retry-after", HeaderValue::from_static("2.0"));
            return r;
        }
        fixtures::SHOPIFY_SHOP => {}
        _ => return not_found(),
    }
    if known_token(&headers).is_none() {
        return unauthorized();
    }
    with_call_limit((
        StatusCode::OK,
        Json(json!({
            "shop": {
                "id": 548_380_009,
                "name": "Demo Outfitters",
                "email": "owner@demo-outfitters.example",
                "domain": "shop.demo-outfitters.example",
                "myshopify_domain": fixtures::SHOPIFY_SHOP,
                "plan_name": "basic",
                "currency": "USD",
                "iana_timezone": "America/New_York"
            }
        })),
    ))
}

/// Every Admin API answer carries the leaky-bucket state.
fn with_call_limit(r: impl IntoResponse) -> Response {
    let mut response = r.into_response();
    response.headers_mut().insert(
        "x-shopify-shop-api-call-limit",
        HeaderValue::from_static("1/40"),
    );
    response
}

/// The token's scopes: the demo token has every scope the channels need,
/// the "no fulfillments" token lacks the write scopes of shipments and
/// inventory.
async fn access_scopes(Path(shop): Path<String>, headers: HeaderMap) -> Response {
    if shop != fixtures::SHOPIFY_SHOP {
        return not_found();
    }
    let Some(token) = known_token(&headers) else {
        return unauthorized();
    };
    let handles: &[&str] = if token == row("scopes missing") {
        &[
            "read_orders",
            "read_products",
            "read_fulfillments",
            "read_locations",
            "read_inventory",
        ]
    } else {
        &[
            "read_orders",
            "read_products",
            "write_fulfillments",
            "read_locations",
            "write_inventory",
            "read_customers",
        ]
    };
    let scopes: Vec<_> = handles.iter().map(|h| json!({"handle": h})).collect();
    with_call_limit((StatusCode::OK, Json(json!({"access_scopes": scopes}))))
}

/// The request's token, when the sandbox knows it.
fn known_token(headers: &HeaderMap) -> Option<&str> {
    let token = headers
        .get("x-shopify-access-token")
        .and_then(|v| v.to_str().ok())?;
    [
        fixtures::SHOPIFY_TOKEN,
        row("scopes missing"),
    ]
    .contains(&token)
    .then_some(token)
}

/// Shopify's answer to a shop, or a record of it, that does not exist.
fn not_found() -> Response {
    with_call_limit((StatusCode::NOT_FOUND, Json(json!({"errors": "Not Found"}))))
}

/// The scope each endpoint a run writes to needs; the token granted only
/// read scopes gets Shopify's 403 for it.
fn write_scope(path: &str) -> Option<&'static str> {
    if path.ends_with("/fulfillments.json") {
        Some("write_merchant_managed_fulfillment_orders")
    } else if path.ends_with("/inventory_levels/set.json") {
        Some("write_inventory")
    } else {
        None
    }
}

/// Shopify's answer to an unknown token.
fn unauthorized() -> Response {
    with_call_limit((
        StatusCode::UNAUTHORIZED,
        Json(json!({
            "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
        })),
    ))
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}
