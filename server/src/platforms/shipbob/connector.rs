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

use crate::connectors::permissions::{compare, Authenticated};
use crate::connectors::{
    generic_status_failure, host_of, required, sensitive_header, Connectors, Credentials, Failure,
    Reply, Run,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::ShipBob;

const GRANT_GUIDANCE: &str = "Generate a new personal access token in ShipBob (Integrations → API Tokens) from a user who can act for the DropStream channel with read and write access; a token only carries the scopes of the channels it was created for.";

const TOKEN_GUIDANCE: &str = "Generate a new personal access token in ShipBob (Integrations → API Tokens → Generate New Token), paste it here and test again. Tokens stop working when they are revoked.";

#[derive(Deserialize)]
struct Channel {
    name: String,
    #[serde(default)]
    scopes: Vec<String>,
}

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let url = format!("{}/1.0/channel", c.endpoints.of(P).trim_end_matches('/'));
    let mut headers = HeaderMap::new();
    if let Some(auth) = sensitive_header(&format!("Bearer {}", required(creds, "access_token"))) {
        headers.insert("authorization", auth);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));
    let reply = c.get(P, &url, headers).await?;
    Ok(classify(&host_of(&url), &reply))
}

/// The answer of `/1.0/channel`: the channels' scopes, compared with what
/// the Connection needs.
fn classify(host: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    let failure = match status {
        StatusCode::OK => match reply.json::<Vec<Channel>>() {
            Some(channels) => return granted(host, status, &channels),
            None => Failure::new(
                Category::Setup,
                format!("{host} answered with something other than ShipBob's API."),
            )
            .guidance("Contact support: the ShipBob address configured for this server looks wrong.")
            .at_auth(Some("The answer was not ShipBob's API".into())),
        },
        StatusCode::UNAUTHORIZED => Failure::new(
            Category::InvalidCredentials,
            "ShipBob refused the personal access token.",
        )
        .guidance(TOKEN_GUIDANCE)
        .at_auth(Some("ShipBob did not accept the token".into())),
        StatusCode::FORBIDDEN => Failure::new(
            Category::MissingPermissions,
            "The ShipBob token is valid but may not read channels.",
        )
        .guidance("Generate the token from a ShipBob user with access to the account's channels, or ask the account owner to grant it.")
        .at_permissions(Some("ShipBob refused access to channels".into())),
        _ => return generic_status_failure(P, host, reply),
    };
    failure.answered(host, status)
}

fn granted(host: &str, status: StatusCode, channels: &[Channel]) -> TestResult {
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
        P,
        &scopes,
        Authenticated {
            host,
            status,
            message,
            auth_detail: format!("ShipBob accepted the token; granted: {granted}"),
        },
        GRANT_GUIDANCE,
    )
}

/// Why an API answer other than success ends a test or a channel run: the
/// same reading as `/1.0/channel`'s.
pub(super) fn refusal(host: &str, reply: &Reply) -> TestResult {
    classify(host, reply)
}

/// The API base and the headers every call with this token carries.
pub(super) fn api(c: &Connectors, creds: &Credentials) -> (String, HeaderMap) {
    let base = c.endpoints.of(P).trim_end_matches('/').to_string();
    let mut headers = HeaderMap::new();
    if let Some(auth) = sensitive_header(&format!("Bearer {}", required(creds, "access_token"))) {
        headers.insert("authorization", auth);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));
    (base, headers)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "api.shipbob.com";

    fn channel(scopes: &[&str]) -> String {
        let scopes: Vec<String> = scopes.iter().map(|s| format!("\"{s}\"")).collect();
        format!(
            r#"[{{"id":1,"name":"DropStream","scopes":[{}]}}]"#,
            scopes.join(",")
        )
    }

    #[test]
    fn a_channel_with_every_scope_is_a_success() {
        let body = channel(&P.needed_permissions());
        let r = classify(HOST, &Reply::canned(200, &body));
        assert!(r.ok, "{r:?}");
        assert_eq!(r.message, "Connected to ShipBob (channel “DropStream”).");
        assert!(r.steps[1]
            .detail
            .as_deref()
            .unwrap()
            .starts_with("ShipBob accepted the token; granted: "));
    }

    #[test]
    fn a_missing_scope_fails_the_permissions_step() {
        let scopes: Vec<&str> = P
            .needed_permissions()
            .into_iter()
            .filter(|s| *s != "inventory_read")
            .collect();
        let r = classify(HOST, &Reply::canned(200, &channel(&scopes)));
        assert_eq!(r.category, Some(Category::MissingPermissions));
        assert!(r.message.contains("inventory_read"), "{}", r.message);
    }

    #[test]
    fn failures_by_status_and_headers() {
        let rate =
            r#"{"statusCode":429,"message":"Rate limit is exceeded. Try again in 25 seconds."}"#;
        for (reply, category, retry_after) in [
            (Reply::canned(401, ""), Category::InvalidCredentials, None),
            (Reply::canned(403, ""), Category::MissingPermissions, None),
            (Reply::canned(200, "<html></html>"), Category::Setup, None),
            (Reply::canned(503, ""), Category::Outage, None),
            (
                Reply::canned(429, rate).with_header("x-retry-after", "25"),
                Category::RateLimited,
                Some(25),
            ),
        ] {
            let r = classify(HOST, &reply);
            assert_eq!(
                (r.category, r.retry_after),
                (Some(category), retry_after),
                "{r:?}"
            );
        }
    }
}
