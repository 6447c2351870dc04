//! Extensiv's sandbox inputs: the user login id picks the failure; the other
//! three values must match.

use crate::platforms::fixtures::*;

/// A user login id whose credentials work for [`REVOKED_AFTER`] orders;
/// then the API answers 401 and the token endpoint refuses them, as
/// credentials revoked in the middle of a run do.
pub const EXTENSIV_REVOKED_MIDRUN_USER: &str = "7001";
pub const REVOKED_AFTER: usize = 2;
/// The customer and facility the sandbox's user acts for.
pub const EXTENSIV_CUSTOMER_ID: u64 = 12;
pub const EXTENSIV_FACILITY_ID: u64 = 3;
/// What the sandbox has available of each stocked SKU at that facility,
/// for Inventory (a SKU sold out among them).
pub const EXTENSIV_STOCK: &[(&str, i64)] = &stocked([18, 0, 7, 42]);
/// The carrier the sandbox ships every order with; each order's tracking
/// number is made from its id.
pub const EXTENSIV_CARRIER: &str = "UPS";

#[rustfmt::skip]
pub const FIXTURES: Fixtures = Fixtures { working: &[("client_id", "ext_sandbox_client_0001"), ("client_secret", "ext_sandbox_secret_0001"), ("tpl_key", "{8b1c3a5e-0000-4000-8000-000000000001}"), ("user_login_id", "1001")], hanging: ("user_login_id", "9990"), cases: &[
    ok("success", &[], P, &["Extensiv"]),
    fail("wrong secret", &[("client_secret", "ext_wrong_secret_00")], InvalidCredentials, 401, [P, F, S], &["3PL key", "client ID and secret"]),
    fail("wrong 3PL key", &[("tpl_key", "00000000-0000-4000-8000-00000000dead")], InvalidCredentials, 401, [P, F, S], &["user login ID"]),
    fail("user without access", &[("user_login_id", "2002")], MissingPermissions, 403, [P, P, F], &["2002", "Orders: create and view"]),
    fail("redirect to sign-in", &[("user_login_id", "3020")], Setup, 302, [P, S, S], &["redirect"]),
    fail("outage", &[("user_login_id", "5030")], Outage, 503, [P, S, S], &["Extensiv"]),
    limited("rate limited", &[("user_login_id", "4290")], 429, 60, &["Wait 60 seconds"]),
] };
