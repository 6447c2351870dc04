//! WooCommerce's sandbox inputs: the site (see [`crate::platforms::merchant_sites`]) and the
//! consumer key pick the failure.

use crate::platforms::fixtures::{fail, limited, ok, Case, Fixtures, F, P, S};
use crate::platforms::merchant_sites::{
    MERCHANT_BUSY_SITE, MERCHANT_HANGING_SITE, MERCHANT_HTML_SITE, MERCHANT_OUTAGE_SITE,
    MERCHANT_SITE,
};
use dropstream_api::Category::*;

/// WordPress without WooCommerce (no `wc/v3` namespace).
pub const WOO_WORDPRESS_ONLY_SITE: &str = "https://blog.demo-outfitters.example";
/// The REST index is disabled and answers `rest_no_route`.
pub const WOO_NO_ROUTE_SITE: &str = "https://locked.demo-outfitters.example";

pub const WOO_KEY: &str = "ck_sandbox_demo_outfitters_0001";
pub const WOO_SECRET: &str = "cs_sandbox_demo_outfitters_0001";
/// A key created with Write permission only (401 "no read permissions").
pub const WOO_WRITE_ONLY_KEY: &str = "ck_sandbox_write_only_key_0001";
/// A key of a user without the capability to list orders (403).
pub const WOO_CUSTOMER_KEY: &str = "ck_sandbox_customer_user_0001";

pub const FIXTURES: Fixtures = Fixtures {
    working: &[
        ("site_url", MERCHANT_SITE),
        ("consumer_key", WOO_KEY),
        ("consumer_secret", WOO_SECRET),
    ],
    hanging: ("site_url", MERCHANT_HANGING_SITE),
    cases: CASES,
};

const CASES: &[Case] = &[
    ok("success", &[], P, &["shop.demo-outfitters.example"]),
    ok(
        "site typed without https",
        &[("site_url", "Shop.Demo-Outfitters.example/")],
        P,
        &["shop.demo-outfitters.example"],
    ),
    fail(
        "wrong key",
        &[("consumer_key", "ck_not_the_right_key_0000")],
        InvalidCredentials,
        401,
        [P, F, S],
        &["consumer key"],
    ),
    fail(
        "wrong secret",
        &[("consumer_secret", "cs_not_the_right_secret_00")],
        InvalidCredentials,
        401,
        [P, F, S],
        &["consumer secret"],
    ),
    fail(
        "write-only key",
        &[("consumer_key", WOO_WRITE_ONLY_KEY)],
        MissingPermissions,
        401,
        [P, P, F],
        &["Read/Write"],
    ),
    fail(
        "user without capability",
        &[("consumer_key", WOO_CUSTOMER_KEY)],
        MissingPermissions,
        403,
        [P, P, F],
        &["Shop manager"],
    ),
    fail(
        "not wordpress",
        &[("site_url", MERCHANT_HTML_SITE)],
        Setup,
        200,
        [P, S, S],
        &["web page", "store URL"],
    ),
    fail(
        "wordpress without woocommerce",
        &[("site_url", WOO_WORDPRESS_ONLY_SITE)],
        Setup,
        200,
        [P, S, S],
        &["WooCommerce"],
    ),
    fail(
        "rest_no_route",
        &[("site_url", WOO_NO_ROUTE_SITE)],
        Setup,
        404,
        [P, S, S],
        &["not a WooCommerce site", "rest_no_route"],
    ),
    fail(
        "maintenance",
        &[("site_url", MERCHANT_OUTAGE_SITE)],
        Outage,
        503,
        [P, S, S],
        &["WooCommerce"],
    ),
    limited(
        "rate limited",
        &[("site_url", MERCHANT_BUSY_SITE)],
        429,
        30,
        &["Wait 30 seconds"],
    ),
];
