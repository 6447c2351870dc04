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
//! key without read permission 401 "…does not have read permissions" (and a
//! read-only key that writes, in a run, "…does not have write
//! permissions"); a user
//! lacking the capability 403 `woocommerce_rest_cannot_view`. WordPress
//! without WooCommerce answers 404 `rest_no_route`; a site that is not
//! WordPress answers HTML. Maintenance pages (503 HTML) are from public
//! reports, not docs.

use crate::connectors::{
    basic_auth, generic_status_failure, json_headers, not_the_api, required, stop, wrong_store_url,
    Connectors, Credentials, Failure, Reply, Run, Stopped, Success,
};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
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

pub(in crate::platforms) async fn test(c: &Connectors, creds: &Credentials) -> Run {
    let (base, host) = c.merchant_site(P, required(creds, "site_url"))?;

    // Step 1: is this WordPress with WooCommerce?
    let index = c
        .get(P, &format!("{base}/wp-json/"), json_headers(None))
        .await?;
    check_index(&host, &index)?;

    // Step 2: do the keys work?
    let url = format!("{base}/wp-json/wc/v3/orders?per_page=1&_fields=id");
    let reply = c.get(P, &url, headers_for(creds)).await?;
    Ok(orders_answer(&host, &reply))
}

/// HTTP Basic with the consumer key and secret (the site is https).
pub(super) fn headers_for(creds: &Credentials) -> HeaderMap {
    let auth = basic_auth(
        required(creds, "consumer_key"),
        required(creds, "consumer_secret"),
    );
    json_headers(auth)
}

/// The answer of the orders call made with the keys; in a run, why an
/// answer other than a page of orders ends it.
pub(super) fn orders_answer(host: &str, reply: &Reply) -> TestResult {
    let status = reply.status;
    let err = reply.json::<WpError>();
    let says = err.as_ref().map(|e| format!("{}: {}", e.code, e.message));
    let failure = match status {
        StatusCode::OK if reply.json::<Vec<serde_json::Value>>().is_some() => {
            return Success::new(format!("Connected to the WooCommerce store at {host}."))
                .accepted("WooCommerce accepted the consumer key and secret")
                .permitted("The key may read orders; make sure it is Read/Write, which shipments and inventory need")
                .answered(host, status)
        }
        StatusCode::UNAUTHORIZED => {
            let message = err.map(|e| e.message).unwrap_or_default();
            if message.contains("write permission") {
                // Only a run writes: Test Connection reads.
                Failure::new(
                    Category::MissingPermissions,
                    "The WooCommerce key is read-only: it may not update orders or stock.",
                )
                .guidance("In WooCommerce → Settings → Advanced → REST API, edit the key and set Permissions to Read/Write, then run again.")
                .at_permissions(says)
            } else if message.contains("read permission") {
                Failure::new(
                    Category::MissingPermissions,
                    "The WooCommerce key works but may not read orders.",
                )
                .guidance("In WooCommerce → Settings → Advanced → REST API, edit the key and set Permissions to Read/Write, then test again.")
                .at_permissions(says)
            } else {
                let which = if message.contains("secret") {
                    "consumer secret"
                } else {
                    "consumer key"
                };
                Failure::new(
                    Category::InvalidCredentials,
                    format!("WooCommerce refused the {which}."),
                )
                .guidance("Copy the consumer key and secret again from WooCommerce → Settings → Advanced → REST API (the secret is shown only when the key is created; if you lost it, create a new key).")
                .at_auth(says)
            }
        }
        StatusCode::FORBIDDEN => Failure::new(
            Category::MissingPermissions,
            "The WooCommerce key belongs to a user who may not manage orders.",
        )
        .guidance("Create the key for a WordPress user with the Administrator or Shop manager role, with Read/Write permission.")
        .at_permissions(says),
        StatusCode::NOT_FOUND => return not_woocommerce(host, reply),
        _ if status.is_success() => return not_the_api(P, host, reply, NOT_WOO),
        _ => return generic_status_failure(P, host, reply),
    };
    failure.answered(host, status)
}

/// The unauthenticated probe: `Ok` when the site runs WooCommerce.
fn check_index(host: &str, reply: &Reply) -> Result<(), Stopped> {
    match reply.status {
        StatusCode::OK => match reply.json::<Index>() {
            Some(index) if index.namespaces.iter().any(|n| n == "wc/v3") => Ok(()),
            Some(_) => stop(Failure::new(
                Category::Setup,
                format!("{host} is a WordPress site, but WooCommerce's REST API is not there."),
            )
            .guidance("Install and activate WooCommerce on this site (or use the URL of the site where it runs), then test again.")
            .answered(host, reply.status)),
            None => stop(not_wordpress(host, reply)),
        },
        StatusCode::NOT_FOUND => stop(not_woocommerce(host, reply)),
        // Some sites lock the REST index to signed-in users: the keys decide.
        StatusCode::UNAUTHORIZED | StatusCode::FORBIDDEN
            if reply.json::<WpError>().is_some() =>
        {
            Ok(())
        }
        s if s.is_success() => stop(not_wordpress(host, reply)),
        _ => stop(generic_status_failure(P, host, reply)),
    }
}

fn not_woocommerce(host: &str, reply: &Reply) -> TestResult {
    let no_route = reply
        .json::<WpError>()
        .is_some_and(|e| e.code == "rest_no_route");
    if !no_route {
        return not_wordpress(host, reply);
    }
    Failure::new(
        Category::Setup,
        format!("{host} is not a WooCommerce site (WordPress answered rest_no_route)."),
    )
    .guidance(NOT_WOO)
    .answered(host, reply.status)
}

fn not_wordpress(host: &str, reply: &Reply) -> TestResult {
    let what = reply.page_or("something other than WordPress");
    let what = format!("{what}, not WordPress's REST API");
    wrong_store_url(host, reply, &what, NOT_WOO)
}

#[cfg(test)]
mod tests {
    use super::*;

    const HOST: &str = "shop.example.com";

    #[test]
    fn the_index_decides_whether_woocommerce_is_there() {
        let woo = Reply::canned(200, r#"{"namespaces":["wp/v2","wc/v3"]}"#);
        assert!(check_index(HOST, &woo).is_ok());
        let locked = Reply::canned(401, r#"{"code":"rest_forbidden","message":"Sorry"}"#);
        assert!(check_index(HOST, &locked).is_ok());

        let wordpress_only = Reply::canned(200, r#"{"namespaces":["wp/v2"]}"#);
        let r = check_index(HOST, &wordpress_only).unwrap_err();
        assert!(
            r.message.contains("WooCommerce's REST API is not there"),
            "{}",
            r.message
        );
        let no_route = Reply::canned(404, r#"{"code":"rest_no_route","message":"No route"}"#);
        let r = check_index(HOST, &no_route).unwrap_err();
        assert!(r.message.contains("rest_no_route"), "{}", r.message);
        let page = Reply::canned(200, "<!DOCTYPE html><html></html>");
        let r = check_index(HOST, &page).unwrap_err();
        assert!(r.message.contains("a web page"), "{}", r.message);
        let outage = Reply::canned(503, "<html>Briefly unavailable</html>");
        assert_eq!(
            check_index(HOST, &outage).unwrap_err().category,
            Some(Category::Outage)
        );
    }

    #[test]
    fn the_orders_answer_by_status_and_message() {
        for (status, body, category, says) in [
            (
                401,
                r#"{"code":"woocommerce_rest_cannot_view","message":"Sorry, you cannot list resources."}"#,
                Category::InvalidCredentials,
                "consumer key",
            ),
            (
                401,
                r#"{"code":"woocommerce_rest_authentication_error","message":"Consumer secret is invalid."}"#,
                Category::InvalidCredentials,
                "consumer secret",
            ),
            (
                401,
                r#"{"code":"woocommerce_rest_authentication_error","message":"The API key provided does not have read permissions."}"#,
                Category::MissingPermissions,
                "may not read orders",
            ),
            (
                401,
                r#"{"code":"woocommerce_rest_authentication_error","message":"The API key provided does not have write permissions."}"#,
                Category::MissingPermissions,
                "read-only",
            ),
            (
                403,
                r#"{"code":"woocommerce_rest_cannot_view","message":"Sorry"}"#,
                Category::MissingPermissions,
                "may not manage orders",
            ),
            (
                404,
                r#"{"code":"rest_no_route","message":"No route"}"#,
                Category::Setup,
                "rest_no_route",
            ),
        ] {
            let r = orders_answer(HOST, &Reply::canned(status, body));
            assert_eq!(r.category, Some(category), "{body}");
            assert!(r.message.contains(says), "{says:?} not in {}", r.message);
        }
        let r = orders_answer(HOST, &Reply::canned(200, r#"[{"id":1}]"#));
        assert!(r.ok, "{r:?}");
    }
}
