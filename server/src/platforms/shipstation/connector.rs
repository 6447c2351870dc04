//! ShipStation API v1: `GET https://ssapi.shipstation.com/stores` with HTTP
//! Basic `api_key:api_secret` (ShipStation's docs).
//!
//! Documented: 401 for bad keys (the body is not documented, so we classify
//! on the status only), 429 `{"message":"Too Many Requests"}` with
//! `X-Rate-Limit-Reset` in seconds (40 requests a minute), 500 on errors.
//! ShipStation keys have no scopes, so there is no permissions step.

use crate::connectors::{
    basic_auth, generic_status_failure, host_of, json_headers, not_the_api, required, Connectors,
    Credentials, Failure, Reply, Run, Success,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;

const P: Platform = Platform::ShipStation;

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let (base, headers) = api(c, creds);
    let url = format!("{base}/stores");
    let reply = c.get(P, &url, headers).await?;
    Ok(classify(&host_of(&url), &reply))
}

/// The API base, and the headers every call carries (HTTP Basic with the
/// key and secret).
pub(super) fn api(c: &Connectors, creds: &Credentials) -> (String, HeaderMap) {
    let base = c.endpoints.of(P).trim_end_matches('/').to_string();
    let auth = basic_auth(required(creds, "api_key"), required(creds, "api_secret"));
    (base, json_headers(auth))
}

/// The answer of `/stores`; in a run, why an answer other than a page of
/// orders ends it (the statuses mean the same there).
pub(super) fn classify(host: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    match status {
        StatusCode::OK => match reply.json::<Vec<serde_json::Value>>() {
            Some(stores) => Success::new(format!(
                "Connected to ShipStation ({} store{} in the account).",
                stores.len(),
                if stores.len() == 1 { "" } else { "s" }
            ))
            .accepted("ShipStation accepted the API key and secret")
            .unchecked("ShipStation API keys have no scopes: they act as the account owner")
            .answered(host, status),
            None => not_the_api(P, host, reply, "Contact support: the ShipStation address configured for this server looks wrong."),
        },
        StatusCode::UNAUTHORIZED => Failure::new(
            Category::InvalidCredentials,
            "ShipStation refused the API key and secret.",
        )
        .guidance("Copy both values again from ShipStation → Settings → Account → API Settings (only the account owner sees them). If they were regenerated, the old pair stops working.")
        .at_auth(Some("ShipStation did not accept the key pair".into()))
        .answered(host, status),
        _ => generic_status_failure(P, host, reply),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "ssapi.shipstation.com";

    #[test]
    fn the_stores_answer_counts_the_stores() {
        let r = classify(
            HOST,
            &Reply::canned(200, r#"[{"storeId":1},{"storeId":2}]"#),
        );
        assert!(r.ok, "{r:?}");
        assert!(r.message.contains("2 stores"), "{}", r.message);
        let r = classify(HOST, &Reply::canned(200, r#"[{"storeId":1}]"#));
        assert!(r.message.contains("(1 store in"), "{}", r.message);
    }

    #[test]
    fn failures_by_status_and_headers() {
        let r = classify(HOST, &Reply::canned(401, ""));
        assert_eq!(r.category, Some(Category::InvalidCredentials));
        let busy = Reply::canned(429, r#"{"message":"Too Many Requests"}"#)
            .with_header("x-rate-limit-reset", "40");
        let r = classify(HOST, &busy);
        assert_eq!(
            (r.category, r.retry_after),
            (Some(Category::RateLimited), Some(40))
        );
        let login = Reply::canned(302, "").with_header("location", "https://ss.shipstation.com/");
        let r = classify(HOST, &login);
        assert_eq!(r.category, Some(Category::Setup));
        assert!(r.message.contains("redirect"), "{}", r.message);
        let page = classify(HOST, &Reply::canned(200, "<html></html>"));
        assert_eq!(page.category, Some(Category::Setup));
        assert_eq!(
            classify(HOST, &Reply::canned(500, "")).category,
            Some(Category::Outage)
        );
    }
}
