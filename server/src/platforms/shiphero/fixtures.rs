//! ShipHero's sandbox inputs: the refresh token picks the failure.

use crate::platforms::fixtures::*;

/// The refresh token the demo connections and a clean run use.
pub const SHIPHERO_REFRESH_TOKEN: &str = "shr_sandbox_demo_outfitters_0001";
/// Works for [`REVOKED_AFTER`] orders; then `/graphql` answers 401 and
/// `/auth/refresh` refuses it, as a token revoked in the middle of a run does.
pub const SHIPHERO_REVOKED_MIDRUN_TOKEN: &str = "shr_sandbox_revoked_midrun_0001";
pub const REVOKED_AFTER: usize = 2;
/// What the sandbox can ship of each stocked SKU (ShipHero's `available`),
/// for Inventory.
pub const SHIPHERO_STOCK: &[(&str, i64)] = &stocked([17, 0, 42, 6]);

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("refresh_token", SHIPHERO_REFRESH_TOKEN)], hanging: ("refresh_token", "shr_sandbox_hanging_0001"), cases: &[
    ok("success", &[], S, &["ShipHero"]),
    fail("wrong refresh token", &[("refresh_token", "shr_not_the_right_token_0")], InvalidCredentials, 403, [P, F, S], &["refresh token"]),
    fail("user without access", &[("refresh_token", "shr_sandbox_no_access_0001")], MissingPermissions, 200, [P, P, F], &["access to the account"]),
    // GraphQL throttling arrives as HTTP 200 with errors[].
    limited("out of credits", &[("refresh_token", "shr_sandbox_throttled_0001")], 200, 7, &["Wait 7 seconds", "credits"]),
    fail("html page", &[("refresh_token", "shr_sandbox_html_page_0001")], Setup, 200, [P, F, S], &["web page"]),
    fail("outage", &[("refresh_token", "shr_sandbox_outage_0001")], Outage, 503, [P, S, S], &["ShipHero"]),
] };
