//! WooCommerce REST API v3, on the merchant's own WordPress site.
//!
//! 1. `GET {site}/wp-json/` without credentials: WordPress lists its REST
//!    namespaces; without `wc/v3` the site is not running WooCommerce.
//! 2. `GET {site}/wp-json/wc/v3/orders?per_page=1&_fields=id` with HTTP Basic
//!    `consumer_key:consumer_secret` over HTTPS.
//!
//! From WooCommerce's source: an unknown key gives 401
//! `woocommerce_rest_cannot_view`; a wrong secret 401
//! `woocommerce_rest_authentication_error` ("Consumer secret is invalid."); a
//! key without read permission 401 "…does not have read permissions"; a user
//! lacking the capability 403 `woocommerce_rest_cannot_view`. WordPress
//! without WooCommerce answers 404 `rest_no_route`; a site that is not
//! WordPress answers HTML. Maintenance pages (503 HTML) are from public
//! reports, not docs.

use super::{
    answered_failure, basic_auth, blocked_result, generic_status_failure, json_headers,
    not_the_api, required, steps_after_reply, Connectors, Credentials, FailedAt, Reply,
};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::StatusCode;
use serde::Deserialize;

const P: Platform = Platform::WooCommerce;

const NOT_WOO: &str = "Check the store URL: it must be the WordPress site where WooCommerce is installed and active, with its REST API enabled (WordPress → Settings → Permalinks must not be “Plain”).";

#[derive(Deserialize)]
struct Index {
    #[serde(default)]
    namespaces: Vec<String>,
}

#[derive(Deserialize)]
struct WpError {
    #[serde(default)]
    code: String,
    #[serde(default)]
    message: String,
}

pub(super) async fn test(c: &Connectors, creds: &Credentials) -> TestResult {
    let site = required(creds, "site_url");
    let base = match c.merchant_base(&c.endpoints.woocommerce, site) {
        Ok(base) => base,
        Err(refusal) => return blocked_result(P, &refusal),
    };
    let host = super::host_of(site);

    // Step 1: is this WordPress with WooCommerce?
    let index = match c
        .get(P, &format!("{base}/wp-json/"), json_headers(None))
        .await
    {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    if let Some(failure) = check_index(&host, &index) {
        return failure;
    }

    // Step 2: do the keys work?
    let auth = basic_auth(
        required(creds, "consumer_key"),
        required(creds, "consumer_secret"),
    );
    let url = format!("{base}/wp-json/wc/v3/orders?per_page=1&_fields=id");
    let reply = match c.get(P, &url, json_headers(auth)).await {
        Ok(reply) => reply,
        Err(network) => return network,
    };
    let status = reply.status;
    let err = reply.json::<WpError>();
    let says = err.as_ref().map(|e| format!("{}: {}", e.code, e.message));
    match status {
        StatusCode::OK if reply.json::<Vec<serde_json::Value>>().is_some() => TestResult::success(
            format!("Connected to the WooCommerce store at {host}."),
            steps_after_reply(
                &host,
                status,
                (StepStatus::Passed, Some("WooCommerce accepted the consumer key and secret".into())),
                (
                    StepStatus::Passed,
                    Some("The key may read orders; make sure it is Read/Write, which shipments and inventory need".into()),
                ),
            ),
            200,
        ),
        StatusCode::UNAUTHORIZED => {
            let message = err.map(|e| e.message).unwrap_or_default();
            if message.contains("read permission") {
                answered_failure(
                    Category::MissingPermissions,
                    "The WooCommerce key works but may not read orders.".to_string(),
                    "In WooCommerce → Settings → Advanced → REST API, edit the key and set Permissions to Read/Write, then test again.",
                    &host,
                    status,
                    FailedAt::Permissions(says),
                )
            } else {
                let which = if message.contains("secret") {
                    "consumer secret"
                } else {
                    "consumer key"
                };
                answered_failure(
                    Category::InvalidCredentials,
                    format!("WooCommerce refused the {which}."),
                    "Copy the consumer key and secret again from WooCommerce → Settings → Advanced → REST API (the secret is shown only when the key is created; if you lost it, create a new key).",
                    &host,
                    status,
                    FailedAt::Auth(says),
                )
            }
        }
        StatusCode::FORBIDDEN => answered_failure(
            Category::MissingPermissions,
            "The WooCommerce key belongs to a user who may not manage orders.".to_string(),
            "Create the key for a WordPress user with the Administrator or Shop manager role, with Read/Write permission.",
            &host,
            status,
            FailedAt::Permissions(says),
        ),
        StatusCode::NOT_FOUND => not_woocommerce(&host, &reply),
        _ if status.is_success() => not_the_api(P, &host, &reply, NOT_WOO),
        _ => generic_status_failure(P, &host, &reply),
    }
}

/// The unauthenticated probe: `None` when the site runs WooCommerce.
fn check_index(host: &str, reply: &Reply) -> Option<TestResult> {
    match reply.status {
        StatusCode::OK => match reply.json::<Index>() {
            Some(index) if index.namespaces.iter().any(|n| n == "wc/v3") => None,
            Some(_) => Some(answered_failure(
                Category::Setup,
                format!("{host} is a WordPress site, but WooCommerce's REST API is not there."),
                "Install and activate WooCommerce on this site (or use the URL of the site where it runs), then test again.",
                host,
                reply.status,
                FailedAt::Setup,
            )),
            None => Some(not_wordpress(host, reply)),
        },
        StatusCode::NOT_FOUND => Some(not_woocommerce(host, reply)),
        // Some sites lock the REST index to signed-in users: the keys decide.
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            if reply.json::<WpError>().is_some() =>
        {
            None
        }
        s if s.is_success() => Some(not_wordpress(host, reply)),
        _ => Some(generic_status_failure(P, host, reply)),
    }
}

fn not_woocommerce(host: &str, reply: &Reply) -> TestResult {
    let no_route = reply
        .json::<WpError>()
        .is_some_and(|e| e.code == "rest_no_route");
    if !no_route {
        return not_wordpress(host, reply);
    }
    answered_failure(
        Category::Setup,
        format!("{host} is not a WooCommerce site (WordPress answered rest_no_route)."),
        NOT_WOO,
        host,
        reply.status,
        FailedAt::Setup,
    )
}

fn not_wordpress(host: &str, reply: &Reply) -> TestResult {
    let what = if reply.looks_like_html() {
        "a web page"
    } else {
        "something other than WordPress"
    };
    answered_failure(
        Category::Setup,
        format!(
            "{host} answered with {what}, not WordPress's REST API: the store URL looks wrong."
        ),
        NOT_WOO,
        host,
        reply.status,
        FailedAt::Setup,
    )
}
