//! WooCommerce's sandbox inputs: the site (see
//! [`crate::platforms::merchant_sites`]) and the consumer key pick the
//! failure.

use crate::platforms::fixtures::*;
use crate::platforms::merchant_sites::*;
use crate::platforms::open_orders::{demo_orders, mismatch_order, StoreInputs, StoreOrder};

/// Orders in `processing` on the demo site, by `id` and `number`.
pub const WOOCOMMERCE_ORDERS: [StoreOrder; 3] =
    demo_orders([(727, "727"), (728, "728"), (729, "729")]);

/// Sales Orders inputs, by site (see [`store_inputs`]); the mismatch site
/// adds order "801".
pub const WOOCOMMERCE_STORE: StoreInputs =
    store_inputs(&WOOCOMMERCE_ORDERS, mismatch_order(801, "801"));

/// A Read-only consumer key (with the working secret): it reads orders and
/// products, and every write is refused with 401 "…does not have write
/// permissions", as WooCommerce refuses a read-only key. Test Connection
/// passes with it (it only reads), so it is no row of the table.
pub const WOOCOMMERCE_READ_ONLY_KEY: &str = "ck_sandbox_read_only_key_0001";

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("site_url", MERCHANT_SITE), ("consumer_key", "ck_sandbox_demo_outfitters_0001"), ("consumer_secret", "cs_sandbox_demo_outfitters_0001")], hanging: ("site_url", MERCHANT_HANGING_SITE), cases: &[
    ok("success", &[], P, &["shop.demo-outfitters.example"]),
    ok("site typed without https", &[("site_url", "Shop.Demo-Outfitters.example/")], P, &["shop.demo-outfitters.example"]),
    fail("wrong key", &[("consumer_key", "ck_not_the_right_key_0000")], InvalidCredentials, 401, [P, F, S], &["consumer key"]),
    fail("wrong secret", &[("consumer_secret", "cs_not_the_right_secret_00")], InvalidCredentials, 401, [P, F, S], &["consumer secret"]),
    fail("write-only key", &[("consumer_key", "ck_sandbox_write_only_key_0001")], MissingPermissions, 401, [P, P, F], &["Read/Write"]),
    fail("user without capability", &[("consumer_key", "ck_sandbox_customer_user_0001")], MissingPermissions, 403, [P, P, F], &["Shop manager"]),
    fail("not wordpress", &[("site_url", MERCHANT_HTML_SITE)], Setup, 200, [P, S, S], &["web page", "store URL"]),
    fail("wordpress without woocommerce", &[("site_url", "https://blog.demo-outfitters.example")], Setup, 200, [P, S, S], &["WooCommerce"]),
    fail("rest_no_route", &[("site_url", "https://locked.demo-outfitters.example")], Setup, 404, [P, S, S], &["not a WooCommerce site", "rest_no_route"]),
    fail("maintenance", &[("site_url", MERCHANT_OUTAGE_SITE)], Outage, 503, [P, S, S], &["WooCommerce"]),
    limited("rate limited", &[("site_url", MERCHANT_BUSY_SITE)], 429, 30, &["Wait 30 seconds"]),
] };
