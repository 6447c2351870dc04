//! BigCommerce: `GET https://api.bigcommerce.com/stores/{hash}/v2/store` with
//! `X-Auth-Token` and `Accept: application/json` (BigCommerce's docs). The
//! endpoint needs the "Information & settings: read-only" scope.
//!
//! BigCommerce answers 401 for a bad token and 403 both for a token lacking
//! the scope and for a store hash the token does not belong to (docs), so a
//! 403 names both causes. 429 carries `X-Rate-Limit-Time-Reset-Ms`; 5xx
//! during maintenance. Store-level API accounts cannot list their own scopes
//! through the API, so the permissions step names what to grant instead.

use crate::connectors::{
    generic_status_failure, host_of, not_the_api, required, sensitive_header, Connectors,
    Credentials, Failure, Reply, Run, Success,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::BigCommerce;

const FIX: &str = "Check the store hash: it is the code after /stores/ in the API path shown with your API account.";

#[derive(Deserialize)]
struct Store {
    name: String,
}

#[derive(Deserialize)]
struct ErrorBody {
    #[serde(default)]
    title: Option<String>,
}

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let hash = required(creds, "store_hash");
    let (base, headers) = v2_api(c, creds);
    let url = format!("{base}/store");
    let reply = c.get(P, &url, headers).await?;
    Ok(classify(hash, &host_of(&url), &reply))
}

/// The v2 API base of the store in `creds`, and the headers every call
/// carries.
pub(super) fn v2_api(c: &Connectors, creds: &Credentials) -> (String, HeaderMap) {
    let hash = required(creds, "store_hash");
    let base = c.endpoints.of(P).trim_end_matches('/');
    let mut headers = HeaderMap::new();
    if let Some(token) = sensitive_header(required(creds, "access_token")) {
        headers.insert("x-auth-token", token);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));
    (format!("{base}/stores/{hash}/v2"), headers)
}

/// The answer of `/stores/{hash}/v2/store`; in a run, why an answer other
/// than a page of orders ends it (the statuses mean the same there).
pub(super) fn classify(hash: &str, host: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    let says = reply.json::<ErrorBody>().and_then(|b| b.title);
    let failure = match status {
        StatusCode::OK => {
            return match reply.json::<Store>() {
                Some(store) => Success::new(format!(
                    "Connected to the BigCommerce store “{}” ({hash}).",
                    store.name
                ))
                .accepted("BigCommerce accepted the access token")
                .unchecked(format!(
                    "BigCommerce does not report an API account's scopes; the channels need {}",
                    P.needed_permissions().join(", ")
                ))
                .answered(host, status),
                None => not_the_api(P, host, reply, FIX),
            }
        }
        StatusCode::UNAUTHORIZED => Failure::new(
            Category::InvalidCredentials,
            "BigCommerce refused the access token.",
        )
        .guidance("Create a new store-level API account in BigCommerce (Settings → API → Store-level API accounts), copy its access token — it is shown only once — and test again.")
        .at_auth(says),
        StatusCode::FORBIDDEN => Failure::new(
            Category::MissingPermissions,
            format!("BigCommerce refused access to store {hash}: the token lacks a scope, or the store hash is wrong."),
        )
        .guidance(format!(
            "Check the store hash first (a token only works for its own store). If it is right, edit the API account's OAuth scopes to include {}, save, and use the new token.",
            P.needed_permissions().join(", ")
        ))
        .at_permissions(Some(says.unwrap_or_else(|| "HTTP 403: missing scope or wrong store hash".into()))),
        StatusCode::NOT_FOUND => Failure::new(
            Category::Setup,
            format!("No BigCommerce store answers to the store hash {hash}."),
        )
        .guidance(FIX),
        _ if status.is_success() => return not_the_api(P, host, reply, FIX),
        _ => return generic_status_failure(P, host, reply),
    };
    failure.answered(host, status)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn classified(status: u16, body: &str) -> TestResult {
        classify("d3m0", "api.bigcommerce.com", &Reply::canned(status, body))
    }

    #[test]
    fn a_store_answer_is_a_success_that_names_the_scopes_needed() {
        let r = classified(200, r#"{"name":"Demo Outfitters"}"#);
        assert!(r.ok, "{r:?}");
        assert!(
            r.message.contains("“Demo Outfitters” (d3m0)"),
            "{}",
            r.message
        );
        assert_eq!(r.steps[2].status, dropstream_api::StepStatus::Skipped);
    }

    #[test]
    fn failures_by_status() {
        for (status, body, category) in [
            (
                401,
                r#"{"status":401,"title":"Unauthorized"}"#,
                Category::InvalidCredentials,
            ),
            (
                403,
                r#"{"status":403,"title":"You don't have a required scope"}"#,
                Category::MissingPermissions,
            ),
            (
                404,
                r#"{"status":404,"title":"Not Found"}"#,
                Category::Setup,
            ),
            (204, "", Category::Setup),
            (503, "", Category::Outage),
        ] {
            let r = classified(status, body);
            assert_eq!(r.category, Some(category), "{status}");
            assert_eq!(r.http_status, Some(status), "{status}");
        }
    }

    #[test]
    fn a_403_without_a_title_names_both_causes() {
        let r = classified(403, "");
        assert_eq!(
            r.steps[2].detail.as_deref(),
            Some("HTTP 403: missing scope or wrong store hash")
        );
    }

    #[test]
    fn a_429_waits_for_the_reset_in_milliseconds() {
        let reply = Reply::canned(429, "").with_header("x-rate-limit-time-reset-ms", "15000");
        let r = classify("d3m0", "api.bigcommerce.com", &reply);
        assert_eq!(r.category, Some(Category::RateLimited));
        assert_eq!(r.retry_after, Some(15));
    }
}
