//! Shopify Admin API: `GET https://{shop}/admin/api/{version}/shop.json` with
//! the `X-Shopify-Access-Token` header. shop.json needs no access scope, so a
//! 200 proves the token belongs to this shop. The permissions step then reads
//! `GET https://{shop}/admin/oauth/access_scopes.json`
//! (`{"access_scopes":[{"handle":"read_orders"},…]}`, Shopify's docs) and
//! compares the handles with what the channels need.
//!
//! Shopify answers (its docs, and public client code): 401 with
//! `{"errors":"[API] Invalid API key or access token …"}` for a bad token,
//! 404 `{"errors":"Not Found"}` for an unknown shop, 402 for a frozen
//! (unpaid) shop, 423 for a locked one, 429 with `Retry-After`, 5xx outages.

use crate::connectors::permissions::{compare, Authenticated};
use crate::connectors::{
    generic_status_failure, not_the_api, required, sensitive_header, stop, Connectors, Credentials,
    Failure, Reply, Run, Stopped,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::Shopify;

/// The Admin API version we call; Shopify serves each version for at least
/// twelve months and answers an expired one with the oldest supported.
pub const API_VERSION: &str = "2026-07";

const TOKEN_GUIDANCE: &str = "Copy the Admin API access token again from Shopify admin → Settings → Apps and sales channels → Develop apps → your app → API credentials. If the app was uninstalled or its token rotated, reinstall it to get a new token.";

#[derive(Deserialize)]
struct ShopEnvelope {
    shop: Shop,
}

#[derive(Deserialize)]
struct Shop {
    name: String,
}

#[derive(Deserialize)]
struct AccessScopes {
    access_scopes: Vec<AccessScope>,
}

#[derive(Deserialize)]
struct AccessScope {
    handle: String,
}

const GRANT_GUIDANCE: &str = "In Shopify admin → Settings → Apps and sales channels → Develop apps → your app → Configuration, add the missing Admin API access scopes, save, and install the app again so the token receives them.";

#[derive(Deserialize)]
struct ErrorBody {
    errors: serde_json::Value,
}

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let shop = required(creds, "shop_domain");
    let base = c.endpoints.of(P).replace("{shop}", shop);
    let url = format!("{base}/admin/api/{API_VERSION}/shop.json");
    let reply = c.get(P, &url, headers_for(creds)).await?;
    let name = shop_answer(shop, &reply)?;
    let message = format!("Connected to the Shopify store “{name}” ({shop}).");

    // The permissions step: which scopes the token was granted.
    let url = format!("{base}/admin/oauth/access_scopes.json");
    let reply = c.get(P, &url, headers_for(creds)).await?;
    Ok(scopes_answer(shop, &reply, message))
}

/// The answer of shop.json: the shop's name, or why the test ends.
fn shop_answer(shop: &str, reply: &Reply) -> Result<String, Stopped> {
    let status = reply.status;
    let platform_says = reply.json::<ErrorBody>().map(|b| match b.errors {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });
    let failure = match status {
        StatusCode::OK => {
            return reply
                .json::<ShopEnvelope>()
                .map(|body| body.shop.name)
                .ok_or_else(|| not_the_api(P, shop, reply, SHOP_FIX).into())
        }
        StatusCode::UNAUTHORIZED => Failure::new(
            Category::InvalidCredentials,
            format!("Shopify refused the Admin API access token for {shop}."),
        )
        .guidance(TOKEN_GUIDANCE)
        .at_auth(platform_says),
        StatusCode::FORBIDDEN => Failure::new(
            Category::MissingPermissions,
            format!("The token for {shop} is valid but lacks a permission Shopify requires."),
        )
        .guidance("In Shopify admin, open your app's Admin API access scopes, grant the scopes the error names, save, and reinstall the app.")
        .at_permissions(platform_says),
        StatusCode::NOT_FOUND => Failure::new(
            Category::Setup,
            format!("No Shopify store answers at {shop}."),
        )
        .guidance("Check the shop domain: use the permanent your-store.myshopify.com domain shown in Shopify admin → Settings → Domains, not a custom domain."),
        StatusCode::PAYMENT_REQUIRED => Failure::new(
            Category::Setup,
            format!("The Shopify store {shop} is frozen or unavailable."),
        )
        .guidance("Shopify freezes a store with an unpaid bill or a closed plan. The store owner must settle it in Shopify admin → Settings → Plan; then test again."),
        StatusCode::LOCKED => Failure::new(
            Category::Setup,
            format!("The Shopify store {shop} is locked."),
        )
        .guidance("Shopify locks stores it is reviewing. The store owner should contact Shopify support; then test again."),
        _ => return stop(generic_status_failure(P, shop, reply)),
    };
    stop(failure.answered(shop, status))
}

const SHOP_FIX: &str =
    "Check the shop domain: it must be the store's your-store.myshopify.com domain.";

fn headers_for(creds: &Credentials) -> HeaderMap {
    let mut headers = HeaderMap::new();
    if let Some(token) = sensitive_header(required(creds, "access_token")) {
        headers.insert("x-shopify-access-token", token);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));
    headers
}

/// The answer of access_scopes.json, compared with what the channels need.
fn scopes_answer(shop: &str, reply: &Reply, message: String) -> TestResult {
    match (reply.status, reply.json::<AccessScopes>()) {
        (StatusCode::OK, Some(scopes)) => {
            let granted: Vec<&str> = scopes
                .access_scopes
                .iter()
                .map(|s| s.handle.as_str())
                .collect();
            compare(
                P,
                &granted,
                Authenticated {
                    host: shop,
                    status: reply.status,
                    message,
                    auth_detail: "Shopify accepted the access token".to_string(),
                },
                GRANT_GUIDANCE,
            )
        }
        (StatusCode::OK, None) => not_the_api(P, shop, reply, SHOP_FIX),
        _ => generic_status_failure(P, shop, reply),
    }
}

/// Why an Admin API answer other than 200 ends a test or a channel run:
/// the same reading as shop.json's.
pub(super) fn refusal(shop: &str, reply: &Reply) -> TestResult {
    match shop_answer(shop, reply) {
        Err(Stopped(result)) => *result,
        Ok(_) => generic_status_failure(P, shop, reply),
    }
}

/// The Admin API base of the shop in `creds`, and the headers every call
/// carries.
pub(super) fn admin_api(c: &Connectors, creds: &Credentials) -> (String, String, HeaderMap) {
    let shop = required(creds, "shop_domain").to_string();
    let base = c.endpoints.of(P).replace("{shop}", &shop);
    (
        shop,
        format!("{base}/admin/api/{API_VERSION}"),
        headers_for(creds),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use dropstream_api::StepStatus::{Failed as F, Passed as P_, Skipped as S};

    const SHOP: &str = "demo.myshopify.com";

    fn steps(r: &TestResult) -> Vec<dropstream_api::StepStatus> {
        r.steps.iter().map(|s| s.status).collect()
    }

    #[test]
    fn a_shop_answer_gives_its_name() {
        let reply = Reply::canned(200, r#"{"shop":{"name":"Demo Outfitters"}}"#);
        assert_eq!(
            shop_answer(SHOP, &reply).ok().as_deref(),
            Some("Demo Outfitters")
        );
    }

    #[test]
    fn shop_json_failures_by_status() {
        for (status, body, category, expected) in [
            (
                401,
                r#"{"errors":"[API] Invalid API key or access token"}"#,
                Category::InvalidCredentials,
                [P_, F, S],
            ),
            (
                403,
                r#"{"errors":"needs merchant approval"}"#,
                Category::MissingPermissions,
                [P_, P_, F],
            ),
            (
                404,
                r#"{"errors":"Not Found"}"#,
                Category::Setup,
                [P_, S, S],
            ),
            (
                402,
                r#"{"errors":"Unavailable Shop"}"#,
                Category::Setup,
                [P_, S, S],
            ),
            (423, "", Category::Setup, [P_, S, S]),
            (503, "<html></html>", Category::Outage, [P_, S, S]),
            (
                200,
                "<!DOCTYPE html><html></html>",
                Category::Setup,
                [P_, F, S],
            ),
        ] {
            let r = shop_answer(SHOP, &Reply::canned(status, body)).unwrap_err();
            assert_eq!(r.category, Some(category), "{status}");
            assert_eq!(r.http_status, Some(status), "{status}");
            assert_eq!(steps(&r), expected, "{status}");
        }
    }

    #[test]
    fn what_shopify_said_is_the_auth_steps_detail() {
        let reply = Reply::canned(401, r#"{"errors":"[API] Invalid API key or access token"}"#);
        let r = shop_answer(SHOP, &reply).unwrap_err();
        assert_eq!(
            r.steps[1].detail.as_deref(),
            Some("[API] Invalid API key or access token")
        );
        assert!(r.message.contains(SHOP), "{}", r.message);
    }

    #[test]
    fn a_429_waits_as_long_as_retry_after_says() {
        let reply = Reply::canned(429, r#"{"errors":"Exceeded 2 calls per second"}"#)
            .with_header("retry-after", "2.0");
        let r = shop_answer(SHOP, &reply).unwrap_err();
        assert_eq!(r.category, Some(Category::RateLimited));
        assert_eq!(r.retry_after, Some(2));
    }

    #[test]
    fn missing_scopes_fail_the_permissions_step() {
        let reply = Reply::canned(
            200,
            r#"{"access_scopes":[{"handle":"read_orders"},{"handle":"read_products"}]}"#,
        );
        let r = scopes_answer(SHOP, &reply, "Connected".to_string());
        assert_eq!(r.category, Some(Category::MissingPermissions));
        assert_eq!(steps(&r), [P_, P_, F]);
        assert!(r.message.contains("write_fulfillments"), "{}", r.message);
    }

    #[test]
    fn every_scope_granted_is_a_success() {
        let handles = Platform::Shopify
            .needed_permissions()
            .iter()
            .map(|h| format!(r#"{{"handle":"{h}"}}"#))
            .collect::<Vec<_>>()
            .join(",");
        let body = format!(r#"{{"access_scopes":[{handles}]}}"#);
        let r = scopes_answer(SHOP, &Reply::canned(200, &body), "Connected".to_string());
        assert!(r.ok, "{r:?}");
        assert_eq!(r.message, "Connected");
        assert_eq!(steps(&r), [P_, P_, P_]);
    }
}
