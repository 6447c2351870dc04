//! ShipHero sandbox: `POST /auth/refresh` and `POST /graphql`. GraphQL
//! failures come back as HTTP 200 with `errors[]`, as ShipHero documents.
//! Besides the account query it answers the Sales Orders calls, told apart
//! by the operation the query names and read from its variables (as the
//! connector sends them): `order_create` (refused when the
//! `partner_order_id` is taken or a SKU is not stocked) and
//! `orders(partner_order_id:)`. Orders are kept per refresh token for as
//! long as the sandbox runs.
//!
//! For Shipments every order ships as soon as it is made, one shipment
//! with one USPS label: `shipments(date_from:)` lists them (with the
//! order's `partner_order_id` and `tags`; `date_from` is not checked, every
//! shipment is recent) and `order_add_tags` tags an order. For Inventory
//! `products` lists [`fixtures::SHIPHERO_STOCK`], one warehouse each.

use super::fixtures;
use crate::platforms::warehouses::{stocked, OrderBook};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;
use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/auth/refresh", post(refresh))
        .route("/graphql", post(graphql))
        .with_state(Books::default())
}

/// The orders each account made, and the tags added to them since.
#[derive(Clone, Default)]
struct Books {
    orders: OrderBook,
    tags: Arc<Mutex<TagsByAccount>>,
}

/// Each order's tags, by account and order legacy id.
type TagsByAccount = HashMap<String, BTreeMap<u64, Vec<String>>>;

impl Books {
    fn tags(&self, account: &str, order: u64) -> Vec<String> {
        let tags = self.tags.lock().expect("sandbox lock");
        tags.get(account)
            .and_then(|orders| orders.get(&order))
            .cloned()
            .unwrap_or_default()
    }

    fn add_tags(&self, account: &str, order: u64, added: &[String]) {
        let mut tags = self.tags.lock().expect("sandbox lock");
        let now = tags
            .entry(account.to_string())
            .or_default()
            .entry(order)
            .or_default();
        for tag in added {
            if !now.contains(tag) {
                now.push(tag.clone());
            }
        }
    }
}

#[derive(Deserialize)]
struct Refresh {
    refresh_token: String,
}

const TOKEN_PREFIX: &str = "shiphero-access-for-";

async fn refresh(
    State(Books { orders: book, .. }): State<Books>,
    body: Option<Json<Refresh>>,
) -> Response {
    let known = [
        working("refresh_token"),
        fixtures::SHIPHERO_REVOKED_MIDRUN_TOKEN,
        row("user without access"),
        row("out of credits"),
        row("outage"),
        fixtures::FIXTURES.hanging.1,
    ];
    if matches!(&body, Some(Json(r)) if r.refresh_token == row("html page")) {
        return crate::sandbox::html(
            StatusCode::OK,
            "<!DOCTYPE html><html><body><h1>ShipHero</h1><p>Log in</p></body></html>",
        );
    }
    match body {
        Some(Json(r)) if known.contains(&r.refresh_token.as_str()) && allows(&book, &r.refresh_token) => Json(json!({
            "access_token": format!("{TOKEN_PREFIX}{}", r.refresh_token),
            "expires_in": 2_419_200,
            "scope": "openid profile offline_access",
            "token_type": "Bearer"
        }))
        .into_response(),
        // The body of this refusal is not documented.
        _ => (
            StatusCode::FORBIDDEN,
            Json(json!({"error": "invalid_grant", "error_description": "Unknown or invalid refresh token."})),
        )
            .into_response(),
    }
}

/// Whether the refresh token (or an access token issued for it) still works.
fn allows(book: &OrderBook, refresh: &str) -> bool {
    book.allows(
        refresh,
        fixtures::SHIPHERO_REVOKED_MIDRUN_TOKEN,
        fixtures::REVOKED_AFTER,
    )
}

#[derive(Deserialize)]
struct Request {
    #[serde(default)]
    query: String,
    #[serde(default)]
    variables: serde_json::Value,
}

async fn graphql(
    State(books): State<Books>,
    headers: HeaderMap,
    body: Option<Json<Request>>,
) -> Response {
    let book = &books.orders;
    let refresh = crate::sandbox::bearer(&headers).and_then(|t| t.strip_prefix(TOKEN_PREFIX));
    let Some(refresh) = refresh.filter(|r| allows(book, r)) else {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": "401", "message": "Invalid token"})),
        )
            .into_response();
    };
    let request = body.map(|Json(r)| r).unwrap_or(Request {
        query: String::new(),
        variables: serde_json::Value::Null,
    });
    match refresh {
        x if x == fixtures::FIXTURES.hanging.1 => crate::sandbox::hang().await,
        x if x == row("outage") => crate::sandbox::html(
            StatusCode::SERVICE_UNAVAILABLE,
            "<html><body><h1>503 Service Temporarily Unavailable</h1></body></html>",
        ),
        x if x == row("out of credits") => Json(json!({
            "errors": [{
                "message": "There are not enough credits to perform the requested operation, which requires 1 credits. The max allowed for your account is 4004 credits per operation. Please wait 7 seconds for the credits to be restored.",
                "operation": "account",
                "field": "account",
                "request_id": "5f4e3b2a1c0d9e8f7a6b5c4d",
                "code": 30,
                "required_credits": 1,
                "remaining_credits": 0,
                "time_remaining": "7 seconds"
            }],
            "data": {"account": null}
        }))
        .into_response(),
        x if x == row("user without access") => Json(json!({
            "errors": [{
                "message": "You do not have permission to access this account.",
                "operation": "account",
                "field": "account",
                "request_id": "5f4e3b2a1c0d9e8f7a6b5c4e",
                "code": 7
            }],
            "data": {"account": null}
        }))
        .into_response(),
        _ if request.query.contains("order_add_tags") => add_tags(&books, refresh, &request.variables),
        _ if request.query.contains("shipments(") => shipments(&books, refresh),
        _ if request.query.contains("products {") => products(),
        _ if request.query.contains("order_create") => create_order(book, refresh, &request.variables),
        _ if request.query.contains("orders(") => find_orders(book, refresh, &request.variables),
        _ => Json(json!({
            "data": {"account": {
                "request_id": "5f4e3b2a1c0d9e8f7a6b5c4f",
                "complexity": 1,
                "data": {"id": "QWNjb3VudDo0MjQy"}
            }}
        }))
        .into_response(),
    }
}

/// One GraphQL error answer, with the operation's field `null`.
fn graphql_error(operation: &str, error: serde_json::Value) -> Response {
    let mut error = error;
    error["operation"] = json!(operation);
    error["field"] = json!(operation);
    error["request_id"] = json!("5f4e3b2a1c0d9e8f7a6b5c50");
    Json(json!({"errors": [error], "data": {operation: null}})).into_response()
}

/// The answer to a `query` that lists things: all of them on one page,
/// as the sandbox never has a second.
fn one_page(
    query: &str,
    request_id: &str,
    complexity: u32,
    edges: Vec<serde_json::Value>,
) -> Response {
    Json(json!({"data": {query: {
        "request_id": request_id,
        "complexity": complexity,
        "data": {"pageInfo": {"hasNextPage": false, "endCursor": null}, "edges": edges}
    }}}))
    .into_response()
}

/// ShipHero's ids are base64 of `Order:{legacy id}`.
fn order_id(legacy: u64) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("Order:{legacy}"))
}

fn create_order(book: &OrderBook, account: &str, variables: &serde_json::Value) -> Response {
    let data = &variables["data"];
    let reference = data["partner_order_id"].as_str().unwrap_or_default();
    let skus = data["line_items"].as_array().into_iter().flatten();
    let unknown = skus
        .filter_map(|line| line["sku"].as_str())
        .find(|sku| !stocked(sku));
    if let Some(sku) = unknown {
        // The wording of this error is not documented; 5 is ShipHero's
        // "not found" code.
        return graphql_error(
            "order_create",
            json!({"message": format!("Product with sku {sku} not found"), "code": 5}),
        );
    }
    let Some(legacy) = book.add(account, reference, 400_000_001) else {
        // ShipHero does not document refusing a taken partner_order_id;
        // this sandbox does, so the connector's second look is exercised.
        return graphql_error(
            "order_create",
            json!({"message": format!("Order with partner_order_id {reference} already exists"), "code": 9}),
        );
    };
    Json(json!({"data": {"order_create": {
        "request_id": "5f4e3b2a1c0d9e8f7a6b5c51",
        "complexity": 10,
        "order": {
            "id": order_id(legacy),
            "legacy_id": legacy,
            "order_number": data["order_number"],
            "partner_order_id": reference,
        }
    }}}))
    .into_response()
}

/// `orders(partner_order_id:)`: the account's orders with that reference,
/// or all of them when none is given.
fn find_orders(book: &OrderBook, account: &str, variables: &serde_json::Value) -> Response {
    let wanted = variables["partner_order_id"].as_str();
    let edges: Vec<_> = book
        .list(account, wanted)
        .into_iter()
        .map(|(reference, legacy)| {
            json!({"node": {"id": order_id(legacy), "legacy_id": legacy, "partner_order_id": reference}})
        })
        .collect();
    one_page("orders", "5f4e3b2a1c0d9e8f7a6b5c52", 1, edges)
}

/// ShipHero's ids are base64 of `Shipment:{legacy id}` too.
fn shipment_id(legacy: u64) -> String {
    use base64::Engine as _;
    base64::engine::general_purpose::STANDARD.encode(format!("Shipment:{legacy}"))
}

/// The legacy id of an order's one shipment.
fn shipment_of(order: u64) -> u64 {
    order + 100_000_000
}

/// `shipments`: every order the account made, shipped, one page.
fn shipments(books: &Books, account: &str) -> Response {
    let edges: Vec<_> = books
        .orders
        .list(account, None)
        .into_iter()
        .map(|(reference, legacy)| {
            let shipment = shipment_of(legacy);
            let number = format!("9400{shipment:018}");
            json!({"node": {
                "id": shipment_id(shipment),
                "legacy_id": shipment,
                "order_id": order_id(legacy),
                "order": {"partner_order_id": reference, "tags": books.tags(account, legacy)},
                "shipping_labels": [{
                    "tracking_number": number,
                    "carrier": "usps",
                    "tracking_url": format!("https://tools.usps.com/go/TrackConfirmAction?tLabels={number}"),
                }],
            }})
        })
        .collect();
    one_page("shipments", "5f4e3b2a1c0d9e8f7a6b5c53", 101, edges)
}

/// `order_add_tags(data: {order_id, tags})`.
fn add_tags(books: &Books, account: &str, variables: &serde_json::Value) -> Response {
    let data = &variables["data"];
    let wanted = data["order_id"].as_str().unwrap_or_default();
    let found = books
        .orders
        .list(account, None)
        .into_iter()
        .find(|(_, legacy)| order_id(*legacy) == wanted);
    let Some((_, legacy)) = found else {
        // The wording of this error is not documented.
        return graphql_error(
            "order_add_tags",
            json!({"message": format!("Order {wanted} not found"), "code": 5}),
        );
    };
    let tags: Vec<String> = data["tags"]
        .as_array()
        .into_iter()
        .flatten()
        .filter_map(|t| t.as_str().map(str::to_string))
        .collect();
    books.add_tags(account, legacy, &tags);
    Json(json!({"data": {"order_add_tags": {
        "request_id": "5f4e3b2a1c0d9e8f7a6b5c54",
        "complexity": 5,
        "order": {"id": wanted, "tags": books.tags(account, legacy)}
    }}}))
    .into_response()
}

/// `products`: each stocked SKU, available in one warehouse.
fn products() -> Response {
    let edges: Vec<_> = fixtures::SHIPHERO_STOCK
        .iter()
        .map(|(sku, available)| {
            json!({"node": {
                "sku": sku,
                "active": true,
                "warehouse_products": [{"available": available}],
            }})
        })
        .collect();
    one_page("products", "5f4e3b2a1c0d9e8f7a6b5c55", 101, edges)
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
