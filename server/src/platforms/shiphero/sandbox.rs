//! ShipHero sandbox: `POST /auth/refresh` and `POST /graphql`. GraphQL
//! failures come back as HTTP 200 with `errors[]`, as ShipHero documents.
//! Besides the account query it answers the Sales Orders calls, told apart
//! by the operation the query names and read from its variables (as the
//! connector sends them): `order_create` (refused when the
//! `partner_order_id` is taken or a SKU is not stocked) and
//! `orders(partner_order_id:)`. Orders are kept per refresh token for as
//! long as the sandbox runs.

use super::fixtures;
use crate::platforms::warehouses::{stocked, OrderBook};
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

pub(in crate::platforms) fn router() -> Router {
    Router::new()
        .route("/auth/refresh", post(refresh))
        .route("/graphql", post(graphql))
        .with_state(OrderBook::default())
}

#[derive(Deserialize)]
struct Refresh {
    refresh_token: String,
}

const TOKEN_PREFIX: &str = "shiphero-access-for-";

async fn refresh(State(book): State<OrderBook>, body: Option<Json<Refresh>>) -> Response {
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
    State(book): State<OrderBook>,
    headers: HeaderMap,
    body: Option<Json<Request>>,
) -> Response {
    let refresh = crate::sandbox::bearer(&headers).and_then(|t| t.strip_prefix(TOKEN_PREFIX));
    let Some(refresh) = refresh.filter(|r| allows(&book, r)) else {
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
        _ if request.query.contains("order_create") => create_order(&book, refresh, &request.variables),
        _ if request.query.contains("orders(") => find_orders(&book, refresh, &request.variables),
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
    Json(json!({"data": {"orders": {
        "request_id": "5f4e3b2a1c0d9e8f7a6b5c52",
        "complexity": 1,
        "data": {"pageInfo": {"hasNextPage": false, "endCursor": null}, "edges": edges}
    }}}))
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
