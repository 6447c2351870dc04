//! Extensiv 3PL Central sandbox: `POST /AuthServer/api/Token`,
//! `GET /customers`, and the channels' calls: `POST /orders` (refused
//! when the customer has an order with that `referenceNum` or a SKU is not
//! stocked), `GET /orders` (`pgsiz`/`pgnum` pages; of the RQL only
//! `referenceNum==…` and `readOnly.isClosed==…` filter, since the user
//! acts for one customer), and `GET /inventory/stocksummaries`
//! ([`fixtures::EXTENSIV_STOCK`] at the customer's facility). Every order
//! ships as soon as it is made (closed, with a [`fixtures::EXTENSIV_CARRIER`]
//! tracking number in `routingInfo`), so Shipments has something to send
//! right after Sales Orders. The user login id picks the failure; orders
//! are kept per user for as long as the sandbox runs. Error bodies are
//! undocumented; these are plausible, and the connector reads only what
//! they say, not their shape.

use super::fixtures;
use crate::platforms::warehouses::{stocked, OrderBook};
use axum::extract::{Query, State};
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/AuthServer/api/Token", post(token))
        .route("/customers", get(customers))
        .route("/orders", get(find_orders).post(create_order))
        .route("/inventory/stocksummaries", get(stock_summaries))
        .with_state(OrderBook::default())
}

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: String,
    user_login_id: String,
    tpl: String,
}

const TOKEN_PREFIX: &str = "ext-access-for-user-";

async fn token(
    State(book): State<OrderBook>,
    headers: HeaderMap,
    body: Option<Json<TokenRequest>>,
) -> Response {
    let Some(Json(req)) = body else {
        return (
            StatusCode::BAD_REQUEST,
            Json(json!({"error": "invalid_request"})),
        )
            .into_response();
    };
    match req.user_login_id.as_str() {
        x if x == fixtures::FIXTURES.hanging.1 => return crate::sandbox::hang().await,
        x if x == row("redirect to sign-in") => {
            return (
                StatusCode::FOUND,
                [("location", "https://secure-wms.com/webui/login")],
            )
                .into_response()
        }
        x if x == row("rate limited") => {
            return (
                StatusCode::TOO_MANY_REQUESTS,
                [("retry-after", "60")],
                Json(json!({"error": "rate_limited"})),
            )
                .into_response()
        }
        x if x == row("outage") => {
            return (
                StatusCode::SERVICE_UNAVAILABLE,
                Json(json!({"error": "unavailable"})),
            )
                .into_response()
        }
        _ => {}
    }
    let client_ok = crate::sandbox::basic(&headers)
        == Some((
            working("client_id").to_string(),
            working("client_secret").to_string(),
        ));
    let known_user = [
        working("user_login_id"),
        row("user without access"),
        fixtures::EXTENSIV_REVOKED_MIDRUN_USER,
    ]
    .contains(&req.user_login_id.as_str())
        && allows(&book, &req.user_login_id);
    if !client_ok
        || req.grant_type != "client_credentials"
        || req.tpl != working("tpl_key")
        || !known_user
    {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"error": "invalid_client"})),
        )
            .into_response();
    }
    Json(json!({
        "access_token": format!("{TOKEN_PREFIX}{}", req.user_login_id),
        "token_type": "Bearer",
        "expires_in": 3600
    }))
    .into_response()
}

/// Whether the user's credentials still work.
fn allows(book: &OrderBook, user: &str) -> bool {
    book.allows(
        user,
        fixtures::EXTENSIV_REVOKED_MIDRUN_USER,
        fixtures::REVOKED_AFTER,
    )
}

/// The user whose token a request carries, if that user may act for the
/// customer; otherwise the refusal (401 without a valid token, 403 for a
/// user without the roles).
fn customer_user(book: &OrderBook, headers: &HeaderMap) -> Result<String, StatusCode> {
    let user = crate::sandbox::bearer(headers).and_then(|t| t.strip_prefix(TOKEN_PREFIX));
    match user {
        Some(x) if !allows(book, x) => Err(StatusCode::UNAUTHORIZED),
        Some(x)
            if x == working("user_login_id") || x == fixtures::EXTENSIV_REVOKED_MIDRUN_USER =>
        {
            Ok(x.to_string())
        }
        Some(_) => Err(StatusCode::FORBIDDEN),
        None => Err(StatusCode::UNAUTHORIZED),
    }
}

fn hal(status: StatusCode, body: serde_json::Value) -> Response {
    (status, [("content-type", "application/hal+json")], Json(body)).into_response()
}

async fn customers(State(book): State<OrderBook>, headers: HeaderMap) -> Response {
    if let Err(refused) = customer_user(&book, &headers) {
        return refused.into_response();
    }
    let facility = json!({"id": fixtures::EXTENSIV_FACILITY_ID, "name": "LAX-1"});
    hal(
        StatusCode::OK,
        json!({"totalResults": 1, "_embedded": {"http://api.3plCentral.com/rels/customers/customer": [{
            "readOnly": {"customerId": fixtures::EXTENSIV_CUSTOMER_ID, "deactivated": false},
            "companyInfo": {"companyName": "Demo Outfitters"},
            "facilities": [facility],
            "primaryFacilityIdentifier": facility,
        }]}}),
    )
}

/// An order as the API shows it: closed, shipped with a tracking number.
fn order(id: u64, reference: &str) -> serde_json::Value {
    json!({
        "readOnly": {
            "orderId": id,
            "customerIdentifier": {"id": fixtures::EXTENSIV_CUSTOMER_ID},
            "facilityIdentifier": {"id": fixtures::EXTENSIV_FACILITY_ID},
            "isClosed": true,
            "status": 1,
        },
        "referenceNum": reference,
        "routingInfo": {
            "carrier": fixtures::EXTENSIV_CARRIER,
            "mode": "Ground",
            "trackingNumber": format!("1ZEXT{id:011}"),
        },
        "_links": {"self": {"href": format!("/orders/{id}")}},
    })
}

/// A refused order, in the error shape this sandbox assumes.
fn order_error(code: &str, hint: String) -> Response {
    (
        StatusCode::BAD_REQUEST,
        Json(json!({"ErrorCode": code, "Hint": hint, "Properties": {}})),
    )
        .into_response()
}

async fn create_order(
    State(book): State<OrderBook>,
    headers: HeaderMap,
    body: Option<Json<serde_json::Value>>,
) -> Response {
    let user = match customer_user(&book, &headers) {
        Ok(user) => user,
        Err(refused) => return refused.into_response(),
    };
    let Some(Json(body)) = body else {
        return order_error("InvalidJson", "The body is not an order.".into());
    };
    if body.pointer("/customerIdentifier/id").and_then(|v| v.as_u64())
        != Some(fixtures::EXTENSIV_CUSTOMER_ID)
    {
        return order_error(
            "CustomerNotFound",
            "customerIdentifier does not name a customer of this user.".into(),
        );
    }
    let items = body["orderItems"].as_array().cloned().unwrap_or_default();
    let unknown = items
        .iter()
        .filter_map(|i| i.pointer("/itemIdentifier/sku")?.as_str())
        .find(|sku| !stocked(sku));
    if let Some(sku) = unknown {
        return order_error(
            "ItemNotFound",
            format!("Item with SKU {sku} not found for this customer."),
        );
    }
    let reference = body["referenceNum"].as_str().unwrap_or_default();
    let Some(id) = book.add(&user, reference, 90_001) else {
        return order_error(
            "DuplicateReferenceNum",
            format!("An order with referenceNum {reference} already exists for this customer."),
        );
    };
    let mut answer = hal(StatusCode::CREATED, order(id, reference));
    let headers = answer.headers_mut();
    headers.insert("location", format!("/orders/{id}").parse().expect("a path"));
    headers.insert("etag", format!("\"{id}-1\"").parse().expect("an etag"));
    answer
}

/// A list's query: its RQL and page (`pgnum` from 1, `pgsiz` records).
#[derive(Deserialize)]
struct ListQuery {
    rql: Option<String>,
    pgnum: Option<usize>,
    pgsiz: Option<usize>,
}

impl ListQuery {
    /// The value of the RQL term `name==value`, if the query has one.
    fn term(&self, name: &str) -> Option<&str> {
        let rql = self.rql.as_deref()?;
        rql.split(';')
            .find_map(|term| term.strip_prefix(name)?.strip_prefix("=="))
            .map(|v| v.trim_matches('"'))
    }

    /// This query's page of `all`, and how many `all` holds.
    fn page<T>(&self, all: Vec<T>) -> (Vec<T>, usize) {
        let total = all.len();
        let size = self.pgsiz.unwrap_or(100).clamp(1, 1000);
        let skip = self.pgnum.unwrap_or(1).max(1).saturating_sub(1) * size;
        (all.into_iter().skip(skip).take(size).collect(), total)
    }
}

/// The user's orders, or those whose `referenceNum==` the RQL names; all
/// of them are closed, so `readOnly.isClosed==false` lists none.
async fn find_orders(
    State(book): State<OrderBook>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    let user = match customer_user(&book, &headers) {
        Ok(user) => user,
        Err(refused) => return refused.into_response(),
    };
    let open_only = query
        .term("readOnly.isClosed")
        .is_some_and(|v| v.eq_ignore_ascii_case("false"));
    let listed = if open_only {
        Vec::new()
    } else {
        book.list(&user, query.term("referenceNum"))
    };
    let (orders, total) = query.page(listed);
    let orders: Vec<_> = orders
        .iter()
        .map(|(reference, id)| order(*id, reference))
        .collect();
    hal(
        StatusCode::OK,
        json!({"totalResults": total, "_embedded": {"http://api.3plCentral.com/rels/orders/order": orders}}),
    )
}

/// `GET /inventory/stocksummaries`: what the customer has at its facility.
async fn stock_summaries(
    State(book): State<OrderBook>,
    headers: HeaderMap,
    Query(query): Query<ListQuery>,
) -> Response {
    if let Err(refused) = customer_user(&book, &headers) {
        return refused.into_response();
    }
    let (page, total) = query.page(fixtures::EXTENSIV_STOCK.iter().enumerate().collect());
    let summaries: Vec<_> = page
        .into_iter()
        .map(|(n, (sku, available))| {
            let held = 2.0;
            json!({
                "facilityId": fixtures::EXTENSIV_FACILITY_ID,
                "itemIdentifier": {"sku": sku, "id": 7001 + n},
                "qualifier": "",
                "totalReceived": *available as f64 + held,
                "allocated": held,
                "onHold": 0.0,
                "available": *available as f64,
                "onHand": *available as f64 + held,
            })
        })
        .collect();
    hal(
        StatusCode::OK,
        json!({"totalResults": total, "summaries": summaries}),
    )
}

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
