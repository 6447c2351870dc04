//! Magento's sandbox inputs: the site (see
//! [`crate::platforms::merchant_sites`]) picks the failure; one token works.

use crate::platforms::fixtures::*;
use crate::platforms::merchant_sites::*;
use crate::platforms::open_orders::{demo_orders, mismatch_order, StoreInputs, StoreOrder};

/// Orders in `processing` on the demo site, by `entity_id` and `increment_id`.
pub const MAGENTO_ORDERS: [StoreOrder; 3] =
    demo_orders([(101, "000000101"), (102, "000000102"), (103, "000000103")]);

/// Sales Orders inputs, by site (see [`store_inputs`]); the mismatch site
/// adds order `000000201`.
pub const MAGENTO_STORE: StoreInputs =
    store_inputs(&MAGENTO_ORDERS, mismatch_order(201, "000000201"));

/// An integration token granted only the orders (Sales → Operations →
/// Orders → Actions → View): Sales Orders runs, and shipping or setting
/// stock answers Magento's 401 naming the resource the call needs.
pub const MAGENTO_ORDERS_ONLY_TOKEN: &str = "mg_sandbox_orders_only_0001";

/// What each SKU of a store has in stock until a run sets it.
pub const MAGENTO_STARTING_STOCK: i64 = 5;

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("site_url", MERCHANT_SITE), ("access_token", "mg_sandbox_demo_outfitters_0001")], hanging: ("site_url", MERCHANT_HANGING_SITE), cases: &[
    ok("success", &[], P, &["shop.demo-outfitters.example"]),
    fail("one 401, three causes", &[("access_token", "mg_not_the_right_token_0")], InvalidCredentials, 401, [P, F, S], &["wrong token", "missing ACL", "bearer tokens disabled", "Magento_Sales::actions_view", "standalone Bearer tokens"]),
    fail("wrong store", &[("site_url", "https://wrong-store.demo-outfitters.example")], Setup, 404, [P, S, S], &["Request does not match any route", "store URL"]),
    fail("not magento", &[("site_url", MERCHANT_HTML_SITE)], Setup, 200, [P, S, S], &["web page"]),
    fail("maintenance", &[("site_url", MERCHANT_OUTAGE_SITE)], Outage, 503, [P, S, S], &["Magento 2"]),
    limited("rate limited by a proxy", &[("site_url", MERCHANT_BUSY_SITE)], 429, 30, &["Wait 30 seconds"]),
] };
