//! BigCommerce: `GET https://api.bigcommerce.com/stores/{hash}/v2/store` with
//! `X-Auth-Token` and `Accept: application/json` (BigCommerce's docs). The
//! endpoint needs the "Information & settings: read-only" scope.
//!
//! BigCommerce answers 401 for a bad token and 403 both for a token lacking
//! the scope and for a store hash the token does not belong to (docs), so a
//! 403 names both causes. 429 carries `X-Rate-Limit-Time-Reset-Ms`; 5xx
//! during maintenance. Store-level API accounts cannot list their own scopes
//! through the API, so the permissions step names what to grant instead.

use super::{
    answered_failure, generic_status_failure, not_the_api, required, sensitive_header,
    steps_after_reply, Connectors, Credentials, FailedAt,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::BigCommerce;

#[derive(Deserialize)]
struct Store {
    name: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    title: Option<String>,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let hash = required(creds, "store_hash");
    let base = c.endpoints.bigcommerce.trim_end_matches('/');
    let url = format!("{base}/stores/{hash}/v2/store");
    let host = super::host_of(&url);
    let mut headers = HeaderMap::new();
    if let Some(token) = sensitive_header(required(creds, "access_token")) {
        headers.insert("x-auth-token", token);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));

    let reply = match c.get(P, &url, headers).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    let says = reply.json::<ErrorBody>().and_then(|b| b.title);
    let fix = "Check the store hash: it is the code after /stores/ in the API path shown with your API account.";
    match status {
        StatusCode::OK => match reply.json::<Store>() {
            Some(store) => TestResult::success(
                format!("Connected to the BigCommerce store “{}” ({hash}).", store.name),
                steps_after_reply(
                    &host,
                    status,
                    (StepStatus::Passed, Some("BigCommerce accepted the access token".into())),
                    (
                        StepStatus::Skipped,
                        Some(format!(
                            "BigCommerce does not report an API account's scopes; the channels need {}",
                            P.needed_permissions().join(", ")
                        )),
                    ),
                ),
                200,
            ),
            None => not_the_api(P, &host, &reply, fix),
        },
        StatusCode::UNAUTHORIZED => answered_failure(
            Category::InvalidCredentials,
            "BigCommerce refused the access token.".to_string(),
            "Create a new store-level API account in BigCommerce (Settings → API → Store-level API accounts), copy its access token — it is shown only once — and test again.",
            &host,
            status,
            FailedAt::Auth(says),
        ),
        StatusCode::FORBIDDEN => answered_failure(
            Category::MissingPermissions,
            format!("BigCommerce refused access to store {hash}: the token lacks a scope, or the store hash is wrong."),
            format!(
                "Check the store hash first (a token only works for its own store). If it is right, edit the API account's OAuth scopes to include {}, save, and use the new token.",
                P.needed_permissions().join(", ")
            ),
            &host,
            status,
            FailedAt::Permissions(Some(says.unwrap_or_else(|| "HTTP 403: missing scope or wrong store hash".into()))),
        ),
        StatusCode::NOT_FOUND => answered_failure(
            Category::Setup,
            format!("No BigCommerce store answers to the store hash {hash}."),
            fix,
            &host,
            status,
            FailedAt::Setup,
        ),
        _ if status.is_success() => not_the_api(P, &host, &reply, fix),
        _ => generic_status_failure(P, &host, &reply),
    }
}
