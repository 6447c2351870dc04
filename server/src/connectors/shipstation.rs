//! ShipStation API v1: `GET https://ssapi.shipstation.com/stores` with HTTP
//! Basic `api_key:api_secret` (ShipStation's docs).
//!
//! Documented: 401 for bad keys (the body is not documented, so we classify
//! on the status only), 429 `{"message":"Too Many Requests"}` with
//! `X-Rate-Limit-Reset` in seconds (40 requests a minute), 500 on errors.
//! ShipStation keys have no scopes, so there is no permissions step.

use super::{
    answered_failure, basic_auth, generic_status_failure, json_headers, not_the_api, required,
    steps_after_reply, Connectors, Credentials, FailedAt,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::StatusCode;

const P: Platform = Platform::ShipStation;

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let url = format!("{}/stores", c.endpoints.shipstation.trim_end_matches('/'));
    let host = super::host_of(&url);
    let auth = basic_auth(required(creds, "api_key"), required(creds, "api_secret"));
    let reply = match c.get(P, &url, json_headers(auth)).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    match status {
        StatusCode::OK => match reply.json::<Vec<serde_json::Value>>() {
            Some(stores) => TestResult::success(
                format!(
                    "Connected to ShipStation ({} store{} in the account).",
                    stores.len(),
                    if stores.len() == 1 { "" } else { "s" }
                ),
                steps_after_reply(
                    &host,
                    status,
                    (StepStatus::Passed, Some("ShipStation accepted the API key and secret".into())),
                    (
                        StepStatus::Skipped,
                        Some("ShipStation API keys have no scopes: they act as the account owner".into()),
                    ),
                ),
                200,
            ),
            None => not_the_api(P, &host, &reply, "Contact support: the ShipStation address configured for this server looks wrong."),
        },
        StatusCode::UNAUTHORIZED => answered_failure(
            Category::InvalidCredentials,
            "ShipStation refused the API key and secret.".to_string(),
            "Copy both values again from ShipStation → Settings → Account → API Settings (only the account owner sees them). If they were regenerated, the old pair stops working.",
            &host,
            status,
            FailedAt::Auth(Some("ShipStation did not accept the key pair".into())),
        ),
        _ => generic_status_failure(P, &host, &reply),
    }
}
