//! Magento 2 / Adobe Commerce, on the merchant's own site.
//!
//! 1. `GET {site}/rest/default/V1/store/storeConfigs` without credentials:
//!    any JSON answer (data, or a JSON 401) shows Magento's REST API is
//!    there; 404 "Request does not match any route." or HTML means the URL is
//!    wrong. (Whether this call needs a token varies by version, so both a
//!    200 and a JSON 401 count as "Magento answered".)
//! 2. `GET {site}/rest/default/V1/orders?searchCriteria[pageSize]=1` with
//!    `Authorization: Bearer {integration access token}`.
//!
//! Magento gives one 401 ("The consumer isn't authorized to access
//! %resources.") for three different causes: a wrong token, an integration
//! without the `Magento_Sales::actions_view` ACL, and — since 2.4.4, per
//! Adobe's docs — integration tokens not allowed as standalone bearer tokens.
//! The result names all three.

use super::{
    answered_failure, bearer, blocked_result, generic_status_failure, json_headers, required,
    steps_after_reply, Connectors, Credentials, FailedAt, Reply,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::Magento;

const WRONG_URL: &str = "Check the store URL: use the store's base address (e.g. https://shop.example.com), without /admin or /rest, and make sure Magento's REST API is reachable there.";

const THREE_CAUSES: &str = "Magento gives the same answer for three causes; check each: (1) the access token is the integration's current one (System → Extensions → Integrations → your integration → Reauthorize resets it); (2) the integration's API resources include Sales → Operations → Orders → Actions → View (Magento_Sales::actions_view); (3) Stores → Configuration → Services → OAuth → Consumer Settings → “Allow OAuth Access Tokens to be used as standalone Bearer tokens” is Yes (off by default since 2.4.4).";

#[derive(Deserialize)]
struct MagentoError {
    message: String,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let site = required(creds, "site_url");
    let base = match c.merchant_base(&c.endpoints.magento, site) {
        Ok(base) => base,
        Err(refusal) => return blocked_result(P, &refusal),
    };
    let host = super::host_of(site);

    let probe = match c
        .get(
            P,
            &format!("{base}/rest/default/V1/store/storeConfigs"),
            json_headers(None),
        )
        .await
    {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    if let Some(failure) = check_probe(&host, &probe) {
        return failure;
    }

    let url = format!("{base}/rest/default/V1/orders?searchCriteria%5BpageSize%5D=1");
    let reply = match c
        .get(
            P,
            &url,
            json_headers(bearer(required(creds, "access_token"))),
        )
        .await
    {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    match status {
        StatusCode::OK if reply.json::<serde_json::Value>().is_some() => TestResult::success(
            format!("Connected to the Magento store at {host}."),
            steps_after_reply(
                &host,
                status,
                (StepStatus::Passed, Some("Magento accepted the integration token".into())),
                (
                    StepStatus::Passed,
                    Some("The integration may read orders (Magento_Sales::actions_view); shipments and inventory also need Magento_Sales::ship and Magento_Catalog::products".into()),
                ),
            ),
            200,
        ),
        StatusCode::UNAUTHORIZED => answered_failure(
            Category::InvalidCredentials,
            "Magento refused the request: a wrong token, a missing ACL permission, or bearer tokens disabled.".to_string(),
            THREE_CAUSES,
            &host,
            status,
            FailedAt::Auth(reply.json::<MagentoError>().map(|e| e.message)),
        ),
        StatusCode::NOT_FOUND => wrong_route(&host, &reply),
        _ if status.is_success() => wrong_route(&host, &reply),
        _ => generic_status_failure(P, &host, &reply),
    }
}

/// `None` when Magento's REST API answered the probe.
fn check_probe(host: &str, reply: &Reply) -> Option<TestResult> {
    let json = reply.json::<serde_json::Value>().is_some();
    match reply.status {
        StatusCode::OK | StatusCode::UNAUTHORIZED if json => None,
        StatusCode::NOT_FOUND => Some(wrong_route(host, reply)),
        s if s.is_success() || s.is_client_error() && s != StatusCode::TOO_MANY_REQUESTS => {
            Some(wrong_route(host, reply))
        }
        _ => Some(generic_status_failure(P, host, reply)),
    }
}

fn wrong_route(host: &str, reply: &Reply) -> TestResult {
    let what = if reply.looks_like_html() {
        "a web page instead of Magento's REST API".to_string()
    } else {
        match reply.json::<MagentoError>() {
            Some(e) => format!("“{}”", e.message),
            None => "something other than Magento's REST API".to_string(),
        }
    };
    answered_failure(
        Category::Setup,
        format!("{host} answered with {what}: the store URL looks wrong."),
        WRONG_URL,
        host,
        reply.status,
        FailedAt::Setup,
    )
}
