//! Extensiv 3PL Central (secure-wms.com).
//!
//! 1. `POST /AuthServer/api/Token` with `Authorization: Basic
//!    base64(client_id:client_secret)` and JSON
//!    `{"grant_type":"client_credentials","user_login_id":…,"tpl":"{GUID}"}`
//!    → `{"access_token","token_type":"Bearer","expires_in"}`.
//! 2. `GET /customers?pgsiz=1` with `Accept: application/hal+json` and the
//!    bearer token.
//!
//! Only the request shapes come from public client code; the error bodies
//! are undocumented, so we classify by status alone: any 4xx from the token
//! endpoint is a credentials problem (we cannot tell which of the four
//! values is wrong, so we name them all), 401/403 on the customers call is a
//! permissions problem of that user.

use super::{
    answered_failure, basic_auth, bearer, generic_status_failure, json_headers, not_the_api,
    required, steps_after_reply, Connectors, Credentials, FailedAt,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::header::HeaderValue;
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;

const P: Platform = Platform::Extensiv;

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let base = c.endpoints.extensiv.trim_end_matches('/');
    let token_url = format!("{base}/AuthServer/api/Token");
    let host = super::host_of(&token_url);
    let auth = basic_auth(
        required(creds, "client_id"),
        required(creds, "client_secret"),
    );
    let body = json!({
        "grant_type": "client_credentials",
        "user_login_id": required(creds, "user_login_id"),
        "tpl": required(creds, "tpl_key"),
    });
    let reply = match c.post_json(P, &token_url, json_headers(auth), &body).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    let token = match (status, reply.json::<Token>()) {
        (StatusCode::OK, Some(t)) => t.access_token,
        (StatusCode::OK, None) => {
            return not_the_api(P, &host, &reply, "Contact support: the Extensiv address configured for this server looks wrong.")
        }
        (s, _) if s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS => {
            return answered_failure(
                Category::InvalidCredentials,
                "Extensiv refused the credentials.".to_string(),
                "Check all four values with your 3PL: the client ID and secret, the 3PL key (TPL GUID) and the user login ID must belong together. Extensiv does not say which one is wrong.",
                &host,
                status,
                FailedAt::Auth(Some(format!("The token endpoint answered HTTP {}", s.as_u16()))),
            )
        }
        _ => return generic_status_failure(P, &host, &reply),
    };

    let mut headers = json_headers(bearer(&token));
    headers.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/hal+json"),
    );
    let reply = match c
        .get(P, &format!("{base}/customers?pgsiz=1"), headers)
        .await
    {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    match status {
        StatusCode::OK if reply.json::<serde_json::Value>().is_some() => TestResult::success(
            "Connected to Extensiv 3PL Central.".to_string(),
            steps_after_reply(
                &host,
                status,
                (StepStatus::Passed, Some("Extensiv issued an access token".into())),
                (
                    StepStatus::Passed,
                    Some("The user may list customers; order and inventory roles are not reported by the API".into()),
                ),
            ),
            200,
        ),
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => answered_failure(
            Category::MissingPermissions,
            "Extensiv accepted the credentials, but the user may not read customers.".to_string(),
            format!(
                "Ask your 3PL to give the user (login ID {}) access to your customer account with the roles: {}.",
                required(creds, "user_login_id"),
                P.needed_permissions().join(", ")
            ),
            &host,
            status,
            FailedAt::Permissions(Some(format!("GET /customers answered HTTP {}", status.as_u16()))),
        ),
        _ => generic_status_failure(P, &host, &reply),
    }
}
