//! ShipHero sandbox: `POST /auth/refresh` and `POST /graphql`. GraphQL
//! failures come back as HTTP 200 with `errors[]`, as ShipHero documents.

use super::fixtures;
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
}

#[derive(Deserialize)]
struct Refresh {
    refresh_token: String,
}

const TOKEN_PREFIX: &str = "shiphero-access-for-";

async fn refresh(body: Option<Json<Refresh>>) -> Response {
    let known = [
        working("refresh_token"),
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
        Some(Json(r)) if known.contains(&r.refresh_token.as_str()) => Json(json!({
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

async fn graphql(headers: HeaderMap) -> Response {
    let Some(refresh) = crate::sandbox::bearer(&headers).and_then(|t| t.strip_prefix(TOKEN_PREFIX))
    else {
        return (
            StatusCode::UNAUTHORIZED,
            Json(json!({"code": "401", "message": "Invalid token"})),
        )
            .into_response();
    };
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

/// What the fixtures' row `name` enters.
fn row(name: &str) -> &'static str {
    fixtures::FIXTURES.input(name)
}

/// The fixtures' working value of field `key`.
fn working(key: &str) -> &'static str {
    fixtures::FIXTURES.working(key)
}
