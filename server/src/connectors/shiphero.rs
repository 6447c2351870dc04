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

use super::{
    answered_failure, bearer, generic_status_failure, json_headers, not_the_api, required,
    steps_after_reply, Connectors, Credentials, FailedAt, Reply,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::StatusCode;
use serde::Deserialize;
use serde_json::json;

const P: Platform = Platform::ShipHero;

const TOKEN_GUIDANCE: &str = "Create a new token in ShipHero (My Account → Developer → Third-Party Developer → Manage Tokens) and paste its refresh token. Refresh tokens stop working when revoked or when the user is deactivated.";

#[derive(Deserialize)]
struct Token {
    access_token: String,
}

#[derive(Deserialize)]
struct GraphQl {
    #[serde(default)]
    data: Option<serde_json::Value>,
    #[serde(default)]
    errors: Vec<GraphQlError>,
}

#[derive(Deserialize)]
struct GraphQlError {
    #[serde(default)]
    message: String,
    #[serde(default)]
    code: Option<i64>,
    #[serde(default)]
    time_remaining: Option<String>,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let base = c.endpoints.shiphero.trim_end_matches('/');
    let host = super::host_of(base);
    let refresh = json!({ "refresh_token": required(creds, "refresh_token") });
    let reply = match c
        .post_json(
            P,
            &format!("{base}/auth/refresh"),
            json_headers(None),
            &refresh,
        )
        .await
    {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let token = match (reply.status, reply.json::<Token>()) {
        (StatusCode::OK, Some(t)) => t.access_token,
        (StatusCode::OK, None) => {
            return not_the_api(
                P,
                &host,
                &reply,
                "Contact support: the ShipHero address configured for this server looks wrong.",
            )
        }
        (s, _) if s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS => {
            return answered_failure(
                Category::InvalidCredentials,
                "ShipHero refused the refresh token.".to_string(),
                TOKEN_GUIDANCE,
                &host,
                s,
                FailedAt::Auth(Some(format!("/auth/refresh answered HTTP {}", s.as_u16()))),
            )
        }
        _ => return generic_status_failure(P, &host, &reply),
    };

    let query = json!({ "query": "query { account { request_id complexity data { id } } }" });
    let reply = match c
        .post_json(
            P,
            &format!("{base}/graphql"),
            json_headers(bearer(&token)),
            &query,
        )
        .await
    {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    match (reply.status, reply.json::<GraphQl>()) {
        (StatusCode::OK, Some(answer)) => classify_graphql(&host, &reply, answer),
        (StatusCode::OK, None) => not_the_api(
            P,
            &host,
            &reply,
            "Contact support: the ShipHero address configured for this server looks wrong.",
        ),
        (StatusCode::UNAUTHORIZED, _) => answered_failure(
            Category::InvalidCredentials,
            "ShipHero refused the access token it had just issued.".to_string(),
            TOKEN_GUIDANCE,
            &host,
            reply.status,
            FailedAt::Auth(None),
        ),
        _ => generic_status_failure(P, &host, &reply),
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
        return TestResult::success(
            "Connected to ShipHero.".to_string(),
            steps_after_reply(
                host,
                status,
                (
                    StepStatus::Passed,
                    Some("ShipHero accepted the refresh token".into()),
                ),
                (
                    StepStatus::Skipped,
                    Some(
                        "ShipHero tokens act as their user; there are no scopes to compare".into(),
                    ),
                ),
            ),
            200,
        );
    };
    let message = first.message.clone();
    let lower = message.to_lowercase();
    if first.code == Some(30) || lower.contains("not enough credits") {
        let wait = first.time_remaining.as_deref().and_then(leading_number);
        let when = wait.map_or("a minute".to_string(), |s| format!("{s} seconds"));
        let mut r = answered_failure(
            Category::RateLimited,
            "ShipHero is out of API credits for this account right now.".to_string(),
            format!("Wait {when}, then test again. Other apps using the same ShipHero account share these credits."),
            host,
            status,
            FailedAt::Setup,
        );
        r.retry_after = wait;
        return r;
    }
    if lower.contains("permission") || lower.contains("not allowed") || lower.contains("access") {
        return answered_failure(
            Category::MissingPermissions,
            "ShipHero accepted the token, but its user may not read the account.".to_string(),
            "Create the token from a ShipHero user with access to the account (an admin of the account, or a 3PL user with access to this customer).",
            host,
            status,
            FailedAt::Permissions(Some(message)),
        );
    }
    answered_failure(
        Category::InvalidCredentials,
        "ShipHero refused the request made with this token.".to_string(),
        TOKEN_GUIDANCE,
        host,
        status,
        FailedAt::Auth(Some(message)),
    )
}

/// `"3 seconds"` → 3 (rounded up when fractional).
fn leading_number(s: &str) -> Option<u64> {
    let n: f64 = s.split_whitespace().next()?.parse().ok()?;
    (n.is_finite() && n >= 0.0).then(|| n.ceil() as u64)
}
