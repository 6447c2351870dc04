//! Extensiv 3PL Central sandbox: `POST /AuthServer/api/Token` and
//! `GET /customers`. The user login id picks the failure. Error bodies are
//! undocumented; these are plausible, and the connector ignores them.

use super::fixtures;
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
}

#[derive(Deserialize)]
struct TokenRequest {
    grant_type: String,
    user_login_id: String,
    tpl: String,
}

const TOKEN_PREFIX: &str = "ext-access-for-user-";

async fn token(headers: HeaderMap, body: Option<Json<TokenRequest>>) -> Response {
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
    let known_user = [working("user_login_id"), row("user without access")]
        .contains(&req.user_login_id.as_str());
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

async fn customers(headers: HeaderMap) -> Response {
    let user = crate::sandbox::bearer(&headers).and_then(|t| t.strip_prefix(TOKEN_PREFIX));
    match user {
        Some(x) if x == working("user_login_id") => (
            [("content-type", "application/hal+json")],
            Json(json!({"totalResults": 1, "_embedded": {"http://api.3plCentral.com/rels/customers/customer": [{"companyInfo": {"companyName": "Demo Outfitters"}}]}})),
        )
            .into_response(),
        Some(_) => StatusCode::FORBIDDEN.into_response(),
        None => StatusCode::UNAUTHORIZED.into_response(),
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
