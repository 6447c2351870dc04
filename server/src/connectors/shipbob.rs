//! ShipBob: `GET https://api.shipbob.com/1.0/channel` with
//! `Authorization: Bearer {personal access token}`. The answer lists the
//! channels the token can act for, each with its granted scopes.
//!
//! The permissions step compares the union of the channels' `scopes` with
//! what the Connection needs (exact names; ShipBob's docs do not say whether
//! a `_write` scope implies `_read`, so we do not assume it).
//!
//! ShipBob documents 401 for a bad token, 403 for a token without the
//! permission, 429 with `x-retry-after` (150 requests a minute), and 5xx.

use super::permissions::{compare, Authenticated};
use super::{
    answered_failure, generic_status_failure, required, sensitive_header, Connectors, Credentials,
    FailedAt,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const GRANT_GUIDANCE: &str = "Generate a new personal access token in ShipBob (Integrations → API Tokens) from a user who can act for the DropStream channel with read and write access; a token only carries the scopes of the channels it was created for.";

const TOKEN_GUIDANCE: &str = "Generate a new personal access token in ShipBob (Integrations → API Tokens → Generate New Token), paste it here and test again. Tokens stop working when they are revoked.";

#[derive(Deserialize)]
struct Channel {
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let url = format!("{}/1.0/channel", c.endpoints.shipbob.trim_end_matches('/'));
    let host = super::host_of(&url);
    let mut headers = HeaderMap::new();
    if let Some(auth) = sensitive_header(&format!("Bearer {}", required(creds, "access_token"))) {
        headers.insert("authorization", auth);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));

    let reply = match c.get(Platform::ShipBob, &url, headers).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;

    match status {
        StatusCode::OK => match reply.json::<Vec<Channel>>() {
            Some(channels) => {
                let mut scopes: Vec<&str> = channels
                    .iter()
                    .flat_map(|c| c.scopes.iter().map(String::as_str))
                    .collect();
                scopes.sort_unstable();
                scopes.dedup();
                let names: Vec<&str> = channels.iter().map(|c| c.name.as_str()).collect();
                let message = match names.as_slice() {
                    [] => "Connected to ShipBob; the token has no channels yet.".to_string(),
                    [one] => format!("Connected to ShipBob (channel “{one}”)."),
                    many => format!("Connected to ShipBob ({} channels).", many.len()),
                };
                let granted = if scopes.is_empty() {
                    "no scopes".to_string()
                } else {
                    scopes.join(", ")
                };
                compare(
                    Platform::ShipBob,
                    &scopes,
                    Authenticated {
                        host: &host,
                        status,
                        message,
                        auth_detail: format!("ShipBob accepted the token; granted: {granted}"),
                    },
                    GRANT_GUIDANCE,
                )
            }
            None => answered_failure(
                Category::Setup,
                format!("{host} answered with something other than ShipBob's API."),
                "Contact support: the ShipBob address configured for this server looks wrong.",
                &host,
                status,
                FailedAt::Auth(Some("The answer was not ShipBob's API".into())),
            ),
        },
        StatusCode::UNAUTHORIZED => answered_failure(
            Category::InvalidCredentials,
            "ShipBob refused the personal access token.".to_string(),
            TOKEN_GUIDANCE,
            &host,
            status,
            FailedAt::Auth(Some("ShipBob did not accept the token".into())),
        ),
        StatusCode::FORBIDDEN => answered_failure(
            Category::MissingPermissions,
            "The ShipBob token is valid but may not read channels.".to_string(),
            "Generate the token from a ShipBob user with access to the account's channels, or ask the account owner to grant it.",
            &host,
            status,
            FailedAt::Permissions(Some("ShipBob refused access to channels".into())),
        ),
        _ => generic_status_failure(Platform::ShipBob, &host, &reply),
    }
}
