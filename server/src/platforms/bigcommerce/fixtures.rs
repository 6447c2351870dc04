//! BigCommerce's sandbox inputs: the store hash picks the failure. Any other
//! hash answers 403, as BigCommerce answers a token used on another store.

use crate::platforms::fixtures::*;
use crate::platforms::open_orders::{demo_orders, mismatch_order, StoreInputs, StoreOrder};

/// Orders Awaiting Fulfillment in the demo store, by id (also the number
/// the merchant sees).
pub const BIGCOMMERCE_ORDERS: [StoreOrder; 3] =
    demo_orders([(100, "100"), (101, "101"), (102, "102")]);

/// Sales Orders inputs, by store hash: the demo store lists
/// [`BIGCOMMERCE_ORDERS`]; `newcollection1` adds order 200 with
/// [`MISMATCHED_SKU`]; the second page of orders of `throttledpages`
/// answers 429 with `X-Rate-Limit-Time-Reset-Ms: 15000`, and of
/// `stalledpages` never answers. The demo token works on all four.
pub const BIGCOMMERCE_STORE: StoreInputs = StoreInputs {
    field: "store_hash",
    orders: &BIGCOMMERCE_ORDERS,
    mismatch: "newcollection1",
    mismatch_order: mismatch_order(200, "200"),
    throttled: "throttledpages",
    stalled: "stalledpages",
};

/// What each variant of a store's catalog has in stock until a run sets it.
pub const BIGCOMMERCE_STARTING_STOCK: i64 = 5;

/// A token of the demo stores with the read-only scopes only: it reads
/// orders and the catalog, and BigCommerce answers 403 to its writes
/// (a shipment, a stock level).
pub const BIGCOMMERCE_READ_ONLY_TOKEN: &str = "bc_sandbox_read_only_0001";

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("store_hash", "d3m0outfitters"), ("access_token", "bc_sandbox_demo_outfitters_0001")], hanging: ("store_hash", "slowstore"), cases: &[
    ok("success", &[], S, &["Demo Outfitters"]),
    fail("wrong token", &[("access_token", "bc_wrong_token_0000")], InvalidCredentials, 401, [P, F, S], &["access token"]),
    fail("token without scope", &[("access_token", "bc_sandbox_no_scope_0001")], MissingPermissions, 403, [P, P, F], &["lacks a scope, or the store hash is wrong", "Information & settings: read-only"]),
    fail("another store's hash", &[("store_hash", "stores/otherstore1")], MissingPermissions, 403, [P, P, F], &["otherstore1", "store hash"]),
    fail("deleted store", &[("store_hash", "closedstore")], Setup, 404, [P, S, S], &["closedstore"]),
    fail("outage", &[("store_hash", "maintenance")], Outage, 503, [P, S, S], &["BigCommerce"]),
    limited("rate limited", &[("store_hash", "busystore")], 429, 15, &["Wait 15 seconds"]),
] };
