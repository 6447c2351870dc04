//! ShipStation's sandbox inputs: the API key picks the failure; the secret
//! must match.

use crate::platforms::fixtures::*;
use crate::platforms::open_orders::{demo_orders, mismatch_order, StoreInputs, StoreOrder};

/// Orders awaiting shipment in the demo account, by `orderId` and
/// `orderNumber`.
pub const SHIPSTATION_ORDERS: [StoreOrder; 3] = demo_orders([
    (94_113_001, "SS-1001"),
    (94_113_002, "SS-1002"),
    (94_113_003, "SS-1003"),
]);

/// Sales Orders inputs, by API key (each with the demo secret): the demo
/// key lists [`SHIPSTATION_ORDERS`]; the new-collection key adds order
/// `SS-2001` with [`MISMATCHED_SKU`]; the second page of orders of the
/// throttled-pages key answers 429 with `X-Rate-Limit-Reset: 40`, and of
/// the stalled-pages key never answers.
pub const SHIPSTATION_STORE: StoreInputs = StoreInputs {
    field: "api_key",
    orders: &SHIPSTATION_ORDERS,
    mismatch: "ss_sandbox_new_collection_key1",
    mismatch_order: mismatch_order(94_114_001, "SS-2001"),
    throttled: "ss_sandbox_throttled_pages_key1",
    stalled: "ss_sandbox_stalled_pages_key1",
};

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("api_key", "ss_sandbox_demo_outfitters_key1"), ("api_secret", "ss_sandbox_demo_outfitters_secret1")], hanging: ("api_key", "ss_sandbox_hanging_key001"), cases: &[
    ok("success", &[], S, &["1 store"]),
    fail("wrong secret", &[("api_secret", "ss_not_the_right_secret")], InvalidCredentials, 401, [P, F, S], &["API key and secret"]),
    fail("redirect to login", &[("api_key", "ss_sandbox_login_redirect1")], Setup, 302, [P, S, S], &["redirect"]),
    fail("outage", &[("api_key", "ss_sandbox_outage_key0001")], Outage, 500, [P, S, S], &["ShipStation"]),
    limited("rate limited", &[("api_key", "ss_sandbox_rate_limited_key1")], 429, 40, &["Wait 40 seconds"]),
] };
