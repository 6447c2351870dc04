//! ShipHero's sandbox inputs: the refresh token picks the failure.

use crate::platforms::fixtures::{fail, limited, ok, Case, Fixtures, F, P, S};
use dropstream_api::Category::*;

pub const SHIPHERO_REFRESH: &str = "shr_sandbox_demo_outfitters_0001";
/// GraphQL never answers.
pub const SHIPHERO_HANGING_REFRESH: &str = "shr_sandbox_hanging_0001";

pub const FIXTURES: Fixtures = Fixtures {
    working: &[("refresh_token", SHIPHERO_REFRESH)],
    hanging: ("refresh_token", SHIPHERO_HANGING_REFRESH),
    cases: CASES,
};

#[rustfmt::skip]
const CASES: &[Case] = &[
    ok("success", &[], S, &["ShipHero"]),
    fail("wrong refresh token", &[("refresh_token", "shr_not_the_right_token_0")], InvalidCredentials, 403, [P, F, S], &["refresh token"]),
    fail("user without access", &[("refresh_token", "shr_sandbox_no_access_0001")], MissingPermissions, 200, [P, P, F], &["access to the account"]),
    // GraphQL throttling arrives as HTTP 200 with errors[].
    limited("out of credits", &[("refresh_token", "shr_sandbox_throttled_0001")], 200, 7, &["Wait 7 seconds", "credits"]),
    fail("html page", &[("refresh_token", "shr_sandbox_html_page_0001")], Setup, 200, [P, F, S], &["web page"]),
    fail("outage", &[("refresh_token", "shr_sandbox_outage_0001")], Outage, 503, [P, S, S], &["ShipHero"]),
];
