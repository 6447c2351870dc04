//! ShipBob's sandbox inputs: the token picks the failure.

use crate::platforms::fixtures::*;

pub const SHIPBOB_TOKEN: &str = "sbpat_sandbox_demo_outfitters_0001";

/// SKUs the sandbox warehouse stocks; an order naming any other is refused.
pub const SHIPBOB_SKUS: &[&str] = super::super::fixtures::STOCKED_SKUS;
/// What the sandbox can ship of each stocked SKU, for Inventory.
pub const SHIPBOB_STOCK: &[(&str, i64)] = &stocked([24, 9, 0, 31]);
/// Works for [`REVOKED_AFTER`] orders, then answers 401 to everything, as a
/// token revoked in the middle of a run does.
pub const SHIPBOB_REVOKED_MIDRUN_TOKEN: &str = "sbpat_sandbox_revoked_midrun_0001";
pub const REVOKED_AFTER: usize = 2;

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("access_token", SHIPBOB_TOKEN)], hanging: ("access_token", "sbpat_sandbox_hanging_0001"), cases: &[
    ok("success", &[], P, &["DropStream"]),
    fail("channel lacks a scope", &[("access_token", "sbpat_sandbox_no_inventory_0001")], MissingPermissions, 200, [P, P, F], &["inventory_read"]),
    fail("wrong token", &[("access_token", "sbpat_wrong_000000")], InvalidCredentials, 401, [P, F, S], &["personal access token"]),
    fail("no access", &[("access_token", "sbpat_sandbox_no_access_0001")], MissingPermissions, 403, [P, P, F], &["channels"]),
    fail("html page", &[("access_token", "sbpat_sandbox_html_page_0001")], Setup, 200, [P, F, S], &["ShipBob's API"]),
    fail("outage", &[("access_token", "sbpat_sandbox_outage_0001")], Outage, 503, [P, S, S], &["ShipBob"]),
    limited("rate limited", &[("access_token", "sbpat_sandbox_rate_limited_0001")], 429, 25, &["Wait 25 seconds"]),
] };
