//! ShipStation's sandbox inputs: the API key picks the failure; the secret
//! must match.

use crate::platforms::fixtures::{fail, limited, ok, Case, Fixtures, F, P, S};
use dropstream_api::Category::*;

pub const SHIPSTATION_KEY: &str = "ss_sandbox_demo_outfitters_key1";
pub const SHIPSTATION_SECRET: &str = "ss_sandbox_demo_outfitters_secret1";
/// Never answers.
pub const SHIPSTATION_HANGING_KEY: &str = "ss_sandbox_hanging_key001";

pub const FIXTURES: Fixtures = Fixtures {
    working: &[
        ("api_key", SHIPSTATION_KEY),
        ("api_secret", SHIPSTATION_SECRET),
    ],
    hanging: ("api_key", SHIPSTATION_HANGING_KEY),
    cases: CASES,
};

#[rustfmt::skip]
const CASES: &[Case] = &[
    ok("success", &[], S, &["1 store"]),
    fail("wrong secret", &[("api_secret", "ss_not_the_right_secret")], InvalidCredentials, 401, [P, F, S], &["API key and secret"]),
    fail("redirect to login", &[("api_key", "ss_sandbox_login_redirect1")], Setup, 302, [P, S, S], &["redirect"]),
    fail("outage", &[("api_key", "ss_sandbox_outage_key0001")], Outage, 500, [P, S, S], &["ShipStation"]),
    limited("rate limited", &[("api_key", "ss_sandbox_rate_limited_key1")], 429, 40, &["Wait 40 seconds"]),
];
