//! The merchant-hosted store platforms (WooCommerce, Magento 2) over real
//! HTTP against their sandboxes, which tell sites apart by host name: every
//! category each one can produce, with its steps, wording and retry figures.

use crate::support;

use dropstream_api::{Category, Platform};
use dropstream_server::sandbox::demo as d;
use support::{check_cases, fail, limited, ok, valid, with, TestServer, F, P, S};

use Category::*;

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
                429,
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
                429,
                30,
                &["Wait 30 seconds"],
            ),
        ],
    )
    .await;
}
