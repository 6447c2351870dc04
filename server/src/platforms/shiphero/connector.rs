//! ShipHero public API (GraphQL).
//!
//! 1. `POST /auth/refresh` `{"refresh_token":…}` → `{"access_token",…}`.
//! 2. `POST /graphql` `query { account { request_id complexity data { id } } }`
//!    with the bearer token: the cheapest authenticated query.
//!
//! ShipHero's docs say GraphQL answers HTTP 200 even for failures, with an
//! `errors` array of `{message, code, …}`. Throttling is code 30 ("There are
//! not enough credits…", with a `time_remaining` such as "3 seconds") per
//! public client code; other codes are not documented in a form we could
//! verify, so permission and auth errors are told apart by their message.
//! An HTTP 429 with `Retry-After` is also handled.

use crate::connectors::{
    generic_status_failure, host_of, json_headers, not_the_api, required, stop,
    Connectors, Credentials, Failure, Success, Reply, Run, Stopped,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;

const P: Platform = Platform::ShipHero;

const WRONG_ADDRESS: &str =
    "Contact support: the ShipHero address configured for this server looks wrong.";

const TOKEN_GUIDANCE: &str = "Create a new token in ShipHero (My Account → Developer → Third-Party Developer → Manage Tokens) and paste its refresh token. Refresh tokens stop working when revoked or when the user is deactivated.";

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

/// A GraphQL answer: `data`, and `errors` when something failed.
#[derive(Deserialize)]
pub(super) struct GraphQl {
    #[serde(default)]
    pub data: Option<serde_json::Value>,
    #[serde(default)]
    pub errors: Vec<GraphQlError>,
}

#[derive(Deserialize)]
pub(super) struct GraphQlError {
    #[serde(default)]
    pub message: String,
    #[serde(default)]
    pub code: Option<i64>,
    #[serde(default)]
    time_remaining: Option<String>,
}

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let token = access_token(c, creds).await?;
    let query = json!({ "query": "query { account { request_id complexity data { id } } }" });
    let reply = graphql(c, &token, &query).await?;
    Ok(graphql_answer(&host_of(base(c)), &reply))
}

/// The API base.
pub(super) fn base(c: &Connectors) -> &str {
    c.endpoints.of(P).trim_end_matches('/')
}

/// An access token from the refresh token, or why the call ends.
pub(super) async fn access_token(c: &Connectors, creds: &Credentials) -> Result<String, Stopped> {
    let base = base(c);
    let refresh = json!({ "refresh_token": required(creds, "refresh_token") });
    let reply = c
        .post_json(
            P,
            &format!("{base}/auth/refresh"),
            json_headers(None),
            &refresh,
        )
        .await?;
    token_answer(&host_of(base), &reply)
}

/// One GraphQL request (`{"query", "variables"}`) with an access token.
pub(super) async fn graphql(
    c: &Connectors,
    token: &str,
    request: &serde_json::Value,
) -> Result<Reply, TestResult> {
    let url = format!("{}/graphql", base(c));
    c.post_json(P, &url, json_headers(crate::connectors::bearer(token)), request)
        .await
}

/// The refresh endpoint's answer: the access token, or why the test ends.
fn token_answer(host: &str, reply: &Reply) -> Result<String, Stopped> {
    match (reply.status, reply.json::<Token>()) {
        (StatusCode::OK, Some(t)) => Ok(t.access_token),
        (StatusCode::OK, None) => stop(not_the_api(P, host, reply, WRONG_ADDRESS)),
        (s, _) if s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS => stop(
            Failure::new(
                Category::InvalidCredentials,
                "ShipHero refused the refresh token.",
            )
            .guidance(TOKEN_GUIDANCE)
            .at_auth(Some(format!("/auth/refresh answered HTTP {}", s.as_u16())))
            .answered(host, s),
        ),
        _ => stop(generic_status_failure(P, host, reply)),
    }
}

/// The answer of the account query; for other queries, why their answer
/// ends the call (HTTP status, or the first of `errors[]`).
pub(super) fn graphql_answer(host: &str, reply: &Reply) -> TestResult {
    match (reply.status, reply.json::<GraphQl>()) {
        (StatusCode::OK, Some(answer)) => classify_graphql(host, reply, answer),
        (StatusCode::OK, None) => not_the_api(P, host, reply, WRONG_ADDRESS),
        (StatusCode::UNAUTHORIZED, _) => Failure::new(
            Category::InvalidCredentials,
            "ShipHero refused the access token it had just issued.",
        )
        .guidance(TOKEN_GUIDANCE)
        .at_auth(None)
        .answered(host, reply.status),
        _ => generic_status_failure(P, host, reply),
    }
}

fn classify_graphql(host: &str, reply: &Reply, answer: GraphQl) -> TestResult {
    let status = reply.status;
    let Some(first) = answer.errors.first() else {
        let has_account = answer
            .data
            .as_ref()
            .and_then(|d| d.pointer("/account/data/id"))
            .is_some();
        if !has_account {
            return not_the_api(
                P,
                host,
                reply,
                "Contact support: ShipHero answered without account data.",
            );
        }
        return Success::new("Connected to ShipHero.")
            .accepted("ShipHero accepted the refresh token")
            .unchecked("ShipHero tokens act as their user; there are no scopes to compare")
            .answered(host, status);
    };
    let message = first.message.clone();
    let lower = message.to_lowercase();
    let failure = if is_throttling(first) {
        let wait = first.time_remaining.as_deref().and_then(leading_number);
        let when = wait.map_or("a minute".to_string(), |s| format!("{s} seconds"));
        Failure::new(
            Category::RateLimited,
            "ShipHero is out of API credits for this account right now.",
        )
        .guidance(format!("Wait {when}, then test again. Other apps using the same ShipHero account share these credits."))
        .retry_after(wait)
    } else if lower.contains("permission")
        || lower.contains("not allowed")
        || lower.contains("access")
    {
        Failure::new(
            Category::MissingPermissions,
            "ShipHero accepted the token, but its user may not read the account.",
        )
        .guidance("Create the token from a ShipHero user with access to the account (an admin of the account, or a 3PL user with access to this customer).")
        .at_permissions(Some(message))
    } else {
        Failure::new(
            Category::InvalidCredentials,
            "ShipHero refused the request made with this token.",
        )
        .guidance(TOKEN_GUIDANCE)
        .at_auth(Some(message))
    };
    failure.answered(host, status)
}

/// An answer without the data a query asked for: not ShipHero's API.
pub(super) fn unexpected(host: &str, reply: &Reply) -> TestResult {
    not_the_api(P, host, reply, WRONG_ADDRESS)
}

/// Whether a GraphQL error is ShipHero's throttling (out of credits).
pub(super) fn is_throttling(error: &GraphQlError) -> bool {
    error.code == Some(30) || error.message.to_lowercase().contains("not enough credits")
}

/// `"3 seconds"` → 3 (rounded up when fractional).
fn leading_number(s: &str) -> Option<u64> {
    let n: f64 = s.split_whitespace().next()?.parse().ok()?;
    (n.is_finite() && n >= 0.0).then(|| n.ceil() as u64)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "public-api.shiphero.com";

    #[test]
    fn the_refresh_endpoint_gives_a_token_or_ends_the_test() {
        let issued = Reply::canned(200, r#"{"access_token":"abc","expires_in":2419200}"#);
        assert_eq!(token_answer(HOST, &issued).ok().as_deref(), Some("abc"));
        let r = token_answer(HOST, &Reply::canned(403, "")).unwrap_err();
        assert_eq!(r.category, Some(Category::InvalidCredentials));
        let r = token_answer(HOST, &Reply::canned(200, "<html></html>")).unwrap_err();
        assert_eq!(r.category, Some(Category::Setup));
    }

    #[test]
    fn graphql_errors_are_told_apart_by_code_and_message() {
        let account =
            r#"{"data":{"account":{"request_id":"r","complexity":1,"data":{"id":"QWNj"}}}}"#;
        assert!(graphql_answer(HOST, &Reply::canned(200, account)).ok);
        let throttled = r#"{"errors":[{"message":"There are not enough credits to perform the requested operation","code":30,"time_remaining":"7 seconds"}]}"#;
        let r = graphql_answer(HOST, &Reply::canned(200, throttled));
        assert_eq!(
            (r.category, r.retry_after),
            (Some(Category::RateLimited), Some(7))
        );
        let denied =
            r#"{"errors":[{"message":"You do not have permission to access this account"}]}"#;
        let r = graphql_answer(HOST, &Reply::canned(200, denied));
        assert_eq!(r.category, Some(Category::MissingPermissions));
        let other = r#"{"errors":[{"message":"Invalid token"}]}"#;
        assert_eq!(
            graphql_answer(HOST, &Reply::canned(200, other)).category,
            Some(Category::InvalidCredentials)
        );
        let empty = r#"{"data":{"account":null}}"#;
        assert_eq!(
            graphql_answer(HOST, &Reply::canned(200, empty)).category,
            Some(Category::Setup)
        );
        assert_eq!(
            graphql_answer(HOST, &Reply::canned(401, "")).category,
            Some(Category::InvalidCredentials)
        );
    }
}
