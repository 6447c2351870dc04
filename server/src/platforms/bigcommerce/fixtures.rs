//! BigCommerce's sandbox inputs: the store hash picks the failure. Any other
//! hash answers 403, as BigCommerce answers a token used on another store.

use crate::platforms::fixtures::*;

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
