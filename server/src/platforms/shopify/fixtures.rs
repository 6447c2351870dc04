//! Shopify's sandbox inputs: the shop picks the failure, the token the
//! permissions. Any other shop does not exist (404).

use crate::platforms::fixtures::*;

/// A shop that exists and accepts [`SHOPIFY_TOKEN`].
pub const SHOPIFY_SHOP: &str = "demo-outfitters.myshopify.com";
pub const SHOPIFY_TOKEN: &str = "shpat_sandbox_demo_outfitters_0001";

/// An open order the sandbox lists: its id, its name, and (SKU, quantity)
/// per line.
pub struct SandboxOrder {
    pub id: u64,
    pub name: &'static str,
    pub lines: &'static [(&'static str, u32)],
}

/// Open orders of [`SHOPIFY_SHOP`]. Every SKU is one the warehouse sandbox
/// stocks.
pub const SHOPIFY_ORDERS: &[SandboxOrder] = &[
    SandboxOrder {
        id: 5_610_000_001,
        name: "#1001",
        lines: &[("BLUE-TEE-M", 2)],
    },
    SandboxOrder {
        id: 5_610_000_002,
        name: "#1002",
        lines: &[("CAP-RED", 1), ("TOTE-NATURAL", 1)],
    },
    SandboxOrder {
        id: 5_610_000_003,
        name: "#1003",
        lines: &[("HOODIE-GREY-L", 1)],
    },
];
/// A shop whose open orders name a SKU the warehouse does not stock
/// ([`MISMATCHED_SKU`]) beside ones it does.
pub const SHOPIFY_MISMATCH_SHOP: &str = "new-collection.myshopify.com";
pub use super::super::fixtures::MISMATCHED_SKU;
/// What each of a shop's SKUs has in stock until a run sets it.
pub const SHOPIFY_STARTING_STOCK: i64 = 5;
/// A shop with [`BULK_ORDERS`] open orders, for the bench.
pub const SHOPIFY_BULK_SHOP: &str = "bulk-orders.myshopify.com";
pub const BULK_ORDERS: u64 = 1000;
/// A shop whose second page of orders answers 429 with `Retry-After`.
pub const SHOPIFY_THROTTLED_PAGES_SHOP: &str = "throttled-pages.myshopify.com";
/// A shop whose second page of orders never answers.
pub const SHOPIFY_STALLED_PAGES_SHOP: &str = "stalled-pages.myshopify.com";

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("shop_domain", SHOPIFY_SHOP), ("access_token", SHOPIFY_TOKEN)], hanging: ("shop_domain", "slow-to-answer.myshopify.com"), cases: &[
    ok("success", &[], P, &["Demo Outfitters"]),
    ok("shop typed as a bare handle", &[("shop_domain", "Demo-Outfitters")], P, &["demo-outfitters.myshopify.com"]),
    fail("scopes missing", &[("access_token", "shpat_sandbox_no_fulfillments_0001")], MissingPermissions, 200, [P, P, F], &["write_fulfillments", "write_inventory", "install the app again"]),
    fail("wrong token", &[("access_token", "shpat_wrong_0000")], InvalidCredentials, 401, [P, F, S], &["Admin API access token"]),
    fail("unknown shop", &[("shop_domain", "no-such-shop")], Setup, 404, [P, S, S], &["no-such-shop.myshopify.com", "shop domain"]),
    fail("frozen shop", &[("shop_domain", "frozen-shop.myshopify.com")], Setup, 402, [P, S, S], &["frozen"]),
    fail("html page", &[("shop_domain", "storefront-page.myshopify.com")], Setup, 200, [P, F, S], &["web page"]),
    fail("outage", &[("shop_domain", "under-maintenance.myshopify.com")], Outage, 503, [P, S, S], &["status page"]),
    limited("rate limited", &[("shop_domain", "busy-shop.myshopify.com")], 429, 2, &["Wait 2 seconds"]),
] };
