//! Shopify Admin API: `GET https://{shop}/admin/api/{version}/shop.json` with
//! the `X-Shopify-Access-Token` header. shop.json needs no access scope, so a
//! 200 proves the token belongs to this shop.
//!
//! Shopify answers (its docs, and public client code): 401 with
//! `{"errors":"[API] Invalid API key or access token …"}` for a bad token,
//! 404 `{"errors":"Not Found"}` for an unknown shop, 402 for a frozen
//! (unpaid) shop, 423 for a locked one, 429 with `Retry-After`, 5xx outages.

use super::{
    answered_failure, generic_status_failure, required, sensitive_header, steps_after_reply,
    Connectors, Credentials, FailedAt,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::header::HeaderMap;
use reqwest::StatusCode;
use serde::Deserialize;

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
struct ErrorBody {
    errors: serde_json::Value,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let shop = required(creds, "shop_domain");
    let base = c.endpoints.shopify.replace("{shop}", shop);
    let url = format!("{base}/admin/api/{API_VERSION}/shop.json");

    let mut headers = HeaderMap::new();
    if let Some(token) = sensitive_header(required(creds, "access_token")) {
        headers.insert("x-shopify-access-token", token);
    }
    headers.insert("accept", "application/json".parse().expect("static header"));

    let reply = match c.get(Platform::Shopify, &url, headers).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    let platform_says = reply.json::<ErrorBody>().map(|b| match b.errors {
        serde_json::Value::String(s) => s,
        other => other.to_string(),
    });

    match status {
        StatusCode::OK => match reply.json::<ShopEnvelope>() {
            Some(body) => TestResult::success(
                format!("Connected to the Shopify store “{}” ({shop}).", body.shop.name),
                steps_after_reply(
                    shop,
                    status,
                    (StepStatus::Passed, Some("Shopify accepted the access token".into())),
                    (
                        StepStatus::Skipped,
                        Some("Access scopes are not compared with the channels' needs yet".into()),
                    ),
                ),
                status.as_u16(),
            ),
            None => not_the_api(shop, &reply),
        },
        StatusCode::UNAUTHORIZED => answered_failure(
            Category::InvalidCredentials,
            format!("Shopify refused the Admin API access token for {shop}."),
            TOKEN_GUIDANCE,
            shop,
            status,
            FailedAt::Auth(platform_says),
        ),
        StatusCode::FORBIDDEN => answered_failure(
            Category::MissingPermissions,
            format!("The token for {shop} is valid but lacks a permission Shopify requires."),
            "In Shopify admin, open your app's Admin API access scopes, grant the scopes the error names, save, and reinstall the app.",
            shop,
            status,
            FailedAt::Permissions(platform_says),
        ),
        StatusCode::NOT_FOUND => answered_failure(
            Category::Setup,
            format!("No Shopify store answers at {shop}."),
            "Check the shop domain: use the permanent your-store.myshopify.com domain shown in Shopify admin → Settings → Domains, not a custom domain.",
            shop,
            status,
            FailedAt::Setup,
        ),
        StatusCode::PAYMENT_REQUIRED => answered_failure(
            Category::Setup,
            format!("The Shopify store {shop} is frozen or unavailable."),
            "Shopify freezes a store with an unpaid bill or a closed plan. The store owner must settle it in Shopify admin → Settings → Plan; then test again.",
            shop,
            status,
            FailedAt::Setup,
        ),
        StatusCode::LOCKED => answered_failure(
            Category::Setup,
            format!("The Shopify store {shop} is locked."),
            "Shopify locks stores it is reviewing. The store owner should contact Shopify support; then test again.",
            shop,
            status,
            FailedAt::Setup,
        ),
        _ => generic_status_failure(Platform::Shopify, shop, &reply),
    }
}

fn not_the_api(shop: &str, reply: &super::Reply) -> TestResult {
    let what = if reply.looks_like_html() {
        "a web page"
    } else {
        "something"
    };
    answered_failure(
        Category::Setup,
        format!("{shop} answered with {what} instead of Shopify's Admin API."),
        "Check the shop domain: it must be the store's your-store.myshopify.com domain.",
        shop,
        reply.status,
        FailedAt::Auth(Some("The answer was not Shopify's API".into())),
    )
}
