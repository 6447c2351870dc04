//! ShipStation's sandbox inputs: the API key picks the failure; the secret
//! must match.

use crate::platforms::fixtures::*;

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("api_key", "ss_sandbox_demo_outfitters_key1"), ("api_secret", "ss_sandbox_demo_outfitters_secret1")], hanging: ("api_key", "ss_sandbox_hanging_key001"), cases: &[
    ok("success", &[], S, &["1 store"]),
    fail("wrong secret", &[("api_secret", "ss_not_the_right_secret")], InvalidCredentials, 401, [P, F, S], &["API key and secret"]),
    fail("redirect to login", &[("api_key", "ss_sandbox_login_redirect1")], Setup, 302, [P, S, S], &["redirect"]),
    fail("outage", &[("api_key", "ss_sandbox_outage_key0001")], Outage, 500, [P, S, S], &["ShipStation"]),
    limited("rate limited", &[("api_key", "ss_sandbox_rate_limited_key1")], 429, 40, &["Wait 40 seconds"]),
] };
