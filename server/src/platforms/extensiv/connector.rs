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

use crate::connectors::{
    basic_auth, bearer, generic_status_failure, host_of, json_headers, not_the_api, required,
    stop, Connectors, Credentials, Failure, Success, Reply, Run, Stopped,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::{HeaderMap, HeaderValue};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;

const P: Platform = Platform::Extensiv;

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let token = access_token(c, creds).await?;
    let url = format!("{}/customers?pgsiz=1", base(c));
    let reply = c.get(P, &url, hal_headers(&token)).await?;
    let user = required(creds, "user_login_id");
    Ok(customers_answer(&host_of(&url), user, &reply))
}

/// The API base.
pub(super) fn base(c: &Connectors) -> &str {
    c.endpoints.of(P).trim_end_matches('/')
}

/// An access token for the client and user, or why the call ends.
pub(super) async fn access_token(c: &Connectors, creds: &Credentials) -> Result<String, Stopped> {
    let token_url = format!("{}/AuthServer/api/Token", base(c));
    let auth = basic_auth(
        required(creds, "client_id"),
        required(creds, "client_secret"),
    );
    let body = json!({
        "grant_type": "client_credentials",
        "user_login_id": required(creds, "user_login_id"),
        "tpl": required(creds, "tpl_key"),
    });
    let reply = c
        .post_json(P, &token_url, json_headers(auth), &body)
        .await?;
    token_answer(&host_of(&token_url), &reply)
}

/// Headers of an API call with the token, asking for HAL JSON.
pub(super) fn hal_headers(token: &str) -> HeaderMap {
    let mut headers = json_headers(bearer(token));
    headers.insert(
        reqwest::header::ACCEPT,
        HeaderValue::from_static("application/hal+json"),
    );
    headers
}

/// The token endpoint's answer: the access token, or why the test ends.
fn token_answer(host: &str, reply: &Reply) -> Result<String, Stopped> {
    match (reply.status, reply.json::<Token>()) {
        (StatusCode::OK, Some(t)) => Ok(t.access_token),
        (StatusCode::OK, None) => stop(not_the_api(P, host, reply, "Contact support: the Extensiv address configured for this server looks wrong.")),
        (s, _) if s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS => stop(Failure::new(
            Category::InvalidCredentials,
            "Extensiv refused the credentials.",
        )
        .guidance("Check all four values with your 3PL: the client ID and secret, the 3PL key (TPL GUID) and the user login ID must belong together. Extensiv does not say which one is wrong.")
        .at_auth(Some(format!("The token endpoint answered HTTP {}", s.as_u16())))
        .answered(host, s)),
        _ => stop(generic_status_failure(P, host, reply)),
    }
}

/// The answer of `/customers` for the user `user_login_id`.
fn customers_answer(host: &str, user_login_id: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    match status {
        StatusCode::OK if reply.json::<serde_json::Value>().is_some() => {
            Success::new("Connected to Extensiv 3PL Central.")
                .accepted("Extensiv issued an access token")
                .permitted("The user may list customers; order and inventory roles are not reported by the API")
                .answered(host, status)
        }
        _ => refusal(host, user_login_id, reply, ("GET /customers", "read customers")),
    }
}

/// Why an API answer other than success to `call` ends a test or a run:
/// 401/403 with a token Extensiv just issued is the user's roles (it may
/// not do `what`), the rest is read by status.
pub(super) fn refusal(
    host: &str,
    user_login_id: &str,
    reply: &Reply,
    (call, what): (&str, &str),
) -> TestResult {
    let status = reply.status;
    match status {
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN => Failure::new(
            Category::MissingPermissions,
            format!("Extensiv accepted the credentials, but the user may not {what}."),
        )
        .guidance(format!(
            "Ask your 3PL to give the user (login ID {user_login_id}) access to your customer account with the roles: {}.",
            P.needed_permissions().join(", ")
        ))
        .at_permissions(Some(format!("{call} answered HTTP {}", status.as_u16())))
        .answered(host, status),
        _ => generic_status_failure(P, host, reply),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_token_endpoint_gives_a_token_or_ends_the_test() {
        let issued = Reply::canned(200, r#"{"access_token":"abc","token_type":"Bearer"}"#);
        assert_eq!(token_answer("secure-wms.com", &issued).ok().as_deref(), Some("abc"));
        for (reply, category) in [
            (Reply::canned(401, ""), Category::InvalidCredentials),
            (
                Reply::canned(400, r#"{"error":"invalid_client"}"#),
                Category::InvalidCredentials,
            ),
            (Reply::canned(200, "<html></html>"), Category::Setup),
            (
                Reply::canned(302, "").with_header("location", "https://example.com/"),
                Category::Setup,
            ),
            (
                Reply::canned(429, "").with_header("retry-after", "60"),
                Category::RateLimited,
            ),
            (Reply::canned(503, ""), Category::Outage),
        ] {
            let r = token_answer("secure-wms.com", &reply).unwrap_err();
            assert_eq!(r.category, Some(category), "{r:?}");
        }
    }

    #[test]
    fn customers_refused_is_the_users_permissions() {
        let r = customers_answer("secure-wms.com", "2002", &Reply::canned(200, r#"{"TotalResults":1}"#));
        assert!(r.ok, "{r:?}");
        let r = customers_answer("secure-wms.com", "2002", &Reply::canned(403, ""));
        assert_eq!(r.category, Some(Category::MissingPermissions));
        assert!(r.guidance.contains("login ID 2002"), "{}", r.guidance);
        assert_eq!(
            r.steps[2].detail.as_deref(),
            Some("GET /customers answered HTTP 403")
        );
    }
}
