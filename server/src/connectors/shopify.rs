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

use super::permissions::{compare, Authenticated};
use super::{
    answered_failure, generic_status_failure, not_the_api, required, sensitive_header, Connectors,
    Credentials, FailedAt, Reply,
};
use dropstream_api::{Category, Platform, TestResult};
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

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let shop = required(creds, "shop_domain");
    let base = c.endpoints.shopify.replace("{shop}", shop);
    let url = format!("{base}/admin/api/{API_VERSION}/shop.json");

    let reply = match c.get(Platform::Shopify, &url, headers_for(creds)).await {
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
            Some(body) => {
                let message =
                    format!("Connected to the Shopify store “{}” ({shop}).", body.shop.name);
                check_scopes(c, &base, shop, headers_for(creds), message).await
            }
            None => not_the_api(Platform::Shopify, shop, &reply, SHOP_FIX),
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

/// The permissions step: which scopes the token was granted.
async fn check_scopes(
    c: &Connectors,
    base: &str,
    shop: &str,
    headers: HeaderMap,
    message: String,
) -> TestResult {
    let url = format!("{base}/admin/oauth/access_scopes.json");
    let reply: Reply = match c.get(Platform::Shopify, &url, headers).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    match (reply.status, reply.json::<AccessScopes>()) {
        (StatusCode::OK, Some(scopes)) => {
            let granted: Vec<&str> = scopes
                .access_scopes
                .iter()
                .map(|s| s.handle.as_str())
                .collect();
            compare(
                Platform::Shopify,
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
        (StatusCode::OK, None) => not_the_api(Platform::Shopify, shop, &reply, SHOP_FIX),
        _ => generic_status_failure(Platform::Shopify, shop, &reply),
    }
}
