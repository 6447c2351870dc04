//! ShipStation's sandbox inputs: the API key picks the failure; the secret
//! must match.

use crate::platforms::fixtures::{fail, limited, ok, Case, Fixtures, F, P, S};
use dropstream_api::Category::*;

pub const SHIPSTATION_KEY: &str = "ss_sandbox_demo_outfitters_key1";
pub const SHIPSTATION_SECRET: &str = "ss_sandbox_demo_outfitters_secret1";
/// 429 with `X-Rate-Limit-Reset: 40`.
pub const SHIPSTATION_RATE_LIMITED_KEY: &str = "ss_sandbox_rate_limited_key1";
/// 500.
pub const SHIPSTATION_OUTAGE_KEY: &str = "ss_sandbox_outage_key0001";
/// Never answers.
pub const SHIPSTATION_HANGING_KEY: &str = "ss_sandbox_hanging_key001";
/// 302 to a login page (redirects are not followed: setup).
pub const SHIPSTATION_REDIRECT_KEY: &str = "ss_sandbox_login_redirect1";

pub const FIXTURES: Fixtures = Fixtures {
    working: &[
        ("api_key", SHIPSTATION_KEY),
        ("api_secret", SHIPSTATION_SECRET),
    ],
    hanging: ("api_key", SHIPSTATION_HANGING_KEY),
    cases: CASES,
};

const CASES: &[Case] = &[
    ok("success", &[], S, &["1 store"]),
    fail(
        "wrong secret",
        &[("api_secret", "ss_not_the_right_secret")],
        InvalidCredentials,
        401,
        [P, F, S],
        &["API key and secret"],
    ),
    fail(
        "redirect to login",
        &[("api_key", SHIPSTATION_REDIRECT_KEY)],
        Setup,
        302,
        [P, S, S],
        &["redirect"],
    ),
    fail(
        "outage",
        &[("api_key", SHIPSTATION_OUTAGE_KEY)],
        Outage,
        500,
        [P, S, S],
        &["ShipStation"],
    ),
    limited(
        "rate limited",
        &[("api_key", SHIPSTATION_RATE_LIMITED_KEY)],
        429,
        40,
        &["Wait 40 seconds"],
    ),
];
