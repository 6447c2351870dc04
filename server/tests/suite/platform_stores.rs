//! Store platforms over real HTTP against their sandboxes: every category
//! each one can produce, with its steps, wording and retry figures.
//! WooCommerce and Magento (merchant-hosted): platform_merchant_sites.rs;
//! network failures and timeouts for every platform: platform_network.rs.

use crate::support;

use dropstream_api::{Category, Platform};
use dropstream_server::sandbox::demo as d;
use support::{check_cases, fail, limited, ok, valid, with, TestServer, F, P, S};

use Category::*;

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
                429,
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
                429,
                15,
                &["Wait 15 seconds"],
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
                429,
                40,
                &["Wait 40 seconds"],
            ),
        ],
    )
    .await;
}
