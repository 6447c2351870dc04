//! Store platforms over real HTTP against their sandboxes: every category
//! each one can produce, with its steps, wording and retry figures.
//! (Network failures and timeouts for every platform: platform_network.rs.)

mod support;

use dropstream_api::{Category, Platform};
use dropstream_server::sandbox::demo as d;
use support::{check_cases, valid, with, Case, TestServer, F, P, S};

use Category::*;

fn ok(
    name: &'static str,
    request: dropstream_api::TestRequest,
    perms: dropstream_api::StepStatus,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        request,
        category: None,
        http_status: Some(200),
        steps: [P, P, perms],
        says,
        retry_after: None,
    }
}

fn fail(
    name: &'static str,
    request: dropstream_api::TestRequest,
    category: Category,
    status: u16,
    steps: [dropstream_api::StepStatus; 3],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        request,
        category: Some(category),
        http_status: Some(status),
        steps,
        says,
        retry_after: None,
    }
}

fn limited(
    name: &'static str,
    request: dropstream_api::TestRequest,
    secs: u64,
    says: &'static [&'static str],
) -> Case {
    Case {
        retry_after: Some(secs),
        ..fail(name, request, RateLimited, 429, [P, S, S], says)
    }
}

#[tokio::test]
async fn shopify_every_category() {
    let s = TestServer::start().await;
    let p = Platform::Shopify;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), P, &["Demo Outfitters"]),
            fail(
                "scopes missing",
                with(p, &[("access_token", d::SHOPIFY_NO_FULFILLMENTS_TOKEN)]),
                MissingPermissions,
                200,
                [P, P, F],
                &[
                    "write_fulfillments",
                    "write_inventory",
                    "install the app again",
                ],
            ),
            fail(
                "wrong token",
                with(p, &[("access_token", "shpat_wrong_0000")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["Admin API access token"],
            ),
            fail(
                "unknown shop",
                with(p, &[("shop_domain", "no-such-shop")]),
                Setup,
                404,
                [P, S, S],
                &["no-such-shop.myshopify.com", "shop domain"],
            ),
            fail(
                "frozen shop",
                with(p, &[("shop_domain", d::SHOPIFY_FROZEN_SHOP)]),
                Setup,
                402,
                [P, S, S],
                &["frozen"],
            ),
            fail(
                "html page",
                with(p, &[("shop_domain", d::SHOPIFY_HTML_SHOP)]),
                Setup,
                200,
                [P, F, S],
                &["web page"],
            ),
            fail(
                "outage",
                with(p, &[("shop_domain", d::SHOPIFY_OUTAGE_SHOP)]),
                Outage,
                503,
                [P, S, S],
                &["status page"],
            ),
            limited(
                "rate limited",
                with(p, &[("shop_domain", d::SHOPIFY_BUSY_SHOP)]),
                2,
                &["Wait 2 seconds"],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn shopify_names_each_missing_scope_with_its_channel() {
    let s = TestServer::start().await;
    let r = s
        .test(
            dropstream_api::Side::Store,
            &with(
                Platform::Shopify,
                &[("access_token", d::SHOPIFY_NO_FULFILLMENTS_TOKEN)],
            ),
        )
        .await;
    let detail = r.steps[2].detail.clone().unwrap();
    assert!(
        detail.contains("write_fulfillments (Shipments)"),
        "{detail}"
    );
    assert!(detail.contains("write_inventory (Inventory)"), "{detail}");
    // Granted read scopes are not reported missing.
    assert!(!detail.contains("read_fulfillments"), "{detail}");
    assert!(!detail.contains("read_orders"), "{detail}");
}

#[tokio::test]
async fn bigcommerce_every_category() {
    let s = TestServer::start().await;
    let p = Platform::BigCommerce;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), S, &["Demo Outfitters"]),
            fail(
                "wrong token",
                with(p, &[("access_token", "bc_wrong_token_0000")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["access token"],
            ),
            fail(
                "token without scope",
                with(p, &[("access_token", d::BIGCOMMERCE_NO_SCOPE_TOKEN)]),
                MissingPermissions,
                403,
                [P, P, F],
                &[
                    "lacks a scope, or the store hash is wrong",
                    "Information & settings: read-only",
                ],
            ),
            fail(
                "another store's hash",
                with(p, &[("store_hash", "stores/otherstore1")]),
                MissingPermissions,
                403,
                [P, P, F],
                &["otherstore1", "store hash"],
            ),
            fail(
                "deleted store",
                with(p, &[("store_hash", d::BIGCOMMERCE_GONE_HASH)]),
                Setup,
                404,
                [P, S, S],
                &["closedstore"],
            ),
            fail(
                "outage",
                with(p, &[("store_hash", d::BIGCOMMERCE_OUTAGE_HASH)]),
                Outage,
                503,
                [P, S, S],
                &["BigCommerce"],
            ),
            limited(
                "rate limited",
                with(p, &[("store_hash", d::BIGCOMMERCE_BUSY_HASH)]),
                15,
                &["Wait 15 seconds"],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn woocommerce_every_category() {
    let s = TestServer::start().await;
    let p = Platform::WooCommerce;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), P, &["shop.demo-outfitters.example"]),
            ok(
                "site typed without https",
                with(p, &[("site_url", "Shop.Demo-Outfitters.example/")]),
                P,
                &["shop.demo-outfitters.example"],
            ),
            fail(
                "wrong key",
                with(p, &[("consumer_key", "ck_not_the_right_key_0000")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["consumer key"],
            ),
            fail(
                "wrong secret",
                with(p, &[("consumer_secret", "cs_not_the_right_secret_00")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["consumer secret"],
            ),
            fail(
                "write-only key",
                with(p, &[("consumer_key", d::WOO_WRITE_ONLY_KEY)]),
                MissingPermissions,
                401,
                [P, P, F],
                &["Read/Write"],
            ),
            fail(
                "user without capability",
                with(p, &[("consumer_key", d::WOO_CUSTOMER_KEY)]),
                MissingPermissions,
                403,
                [P, P, F],
                &["Shop manager"],
            ),
            fail(
                "not wordpress",
                with(p, &[("site_url", d::MERCHANT_HTML_SITE)]),
                Setup,
                200,
                [P, S, S],
                &["web page", "store URL"],
            ),
            fail(
                "wordpress without woocommerce",
                with(p, &[("site_url", d::WOO_WORDPRESS_ONLY_SITE)]),
                Setup,
                200,
                [P, S, S],
                &["WooCommerce"],
            ),
            fail(
                "rest_no_route",
                with(p, &[("site_url", d::WOO_NO_ROUTE_SITE)]),
                Setup,
                404,
                [P, S, S],
                &["not a WooCommerce site", "rest_no_route"],
            ),
            fail(
                "maintenance",
                with(p, &[("site_url", d::MERCHANT_OUTAGE_SITE)]),
                Outage,
                503,
                [P, S, S],
                &["WooCommerce"],
            ),
            limited(
                "rate limited",
                with(p, &[("site_url", d::MERCHANT_BUSY_SITE)]),
                30,
                &["Wait 30 seconds"],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn magento_every_category() {
    let s = TestServer::start().await;
    let p = Platform::Magento;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), P, &["shop.demo-outfitters.example"]),
            fail(
                "one 401, three causes",
                with(p, &[("access_token", "mg_not_the_right_token_0")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &[
                    "wrong token",
                    "missing ACL",
                    "bearer tokens disabled",
                    "Magento_Sales::actions_view",
                    "standalone Bearer tokens",
                ],
            ),
            fail(
                "wrong store",
                with(p, &[("site_url", d::MAGENTO_WRONG_STORE_SITE)]),
                Setup,
                404,
                [P, S, S],
                &["Request does not match any route", "store URL"],
            ),
            fail(
                "not magento",
                with(p, &[("site_url", d::MERCHANT_HTML_SITE)]),
                Setup,
                200,
                [P, S, S],
                &["web page"],
            ),
            fail(
                "maintenance",
                with(p, &[("site_url", d::MERCHANT_OUTAGE_SITE)]),
                Outage,
                503,
                [P, S, S],
                &["Magento 2"],
            ),
            limited(
                "rate limited by a proxy",
                with(p, &[("site_url", d::MERCHANT_BUSY_SITE)]),
                30,
                &["Wait 30 seconds"],
            ),
        ],
    )
    .await;
}

#[tokio::test]
async fn shipstation_every_category() {
    let s = TestServer::start().await;
    let p = Platform::ShipStation;
    check_cases(
        &s,
        vec![
            ok("success", valid(p), S, &["1 store"]),
            fail(
                "wrong secret",
                with(p, &[("api_secret", "ss_not_the_right_secret")]),
                InvalidCredentials,
                401,
                [P, F, S],
                &["API key and secret"],
            ),
            fail(
                "redirect to login",
                with(p, &[("api_key", d::SHIPSTATION_REDIRECT_KEY)]),
                Setup,
                302,
                [P, S, S],
                &["redirect"],
            ),
            fail(
                "outage",
                with(p, &[("api_key", d::SHIPSTATION_OUTAGE_KEY)]),
                Outage,
                500,
                [P, S, S],
                &["ShipStation"],
            ),
            limited(
                "rate limited",
                with(p, &[("api_key", d::SHIPSTATION_RATE_LIMITED_KEY)]),
                40,
                &["Wait 40 seconds"],
            ),
        ],
    )
    .await;
}
