//! Every platform over real HTTP against its sandbox: each row of its
//! fixtures (one per way the sandbox answers), checked for its category,
//! steps, wording and retry figures; one test per outcome. Network failures
//! and timeouts of every platform: platform_network.rs.

use crate::support;

use dropstream_api::{Category, Platform, Side};
use dropstream_server::platforms::fixtures;
use support::{check_rows, with, TestServer};

/// Runs every platform's rows of `category` (`None`: success).
async fn rows_of(category: Option<Category>) {
    let s = TestServer::start().await;
    let ran = check_rows(&s, |case| case.category == category).await;
    assert!(ran > 0, "no rows of {category:?}");
}

/// One test per outcome, each running that outcome's rows of every
/// platform.
macro_rules! outcome_tests {
    ($($test:ident: $category:expr;)+) => {$(
        #[tokio::test]
        async fn $test() {
            rows_of($category).await;
        }
    )+};
}

outcome_tests! {
    every_platform_succeeds_with_what_its_sandbox_accepts: None;
    invalid_credentials_of_every_platform: Some(Category::InvalidCredentials);
    missing_permissions_of_every_platform: Some(Category::MissingPermissions);
    setup_problems_of_every_platform: Some(Category::Setup);
    outages_of_every_platform: Some(Category::Outage);
    rate_limits_of_every_platform: Some(Category::RateLimited);
}

/// The permissions step's detail for `platform`'s fixture row `row` (a
/// token its sandbox grants too little).
async fn missing_detail(platform: Platform, row: &str) -> String {
    let token = fixtures::of(platform).input(row);
    let s = TestServer::start().await;
    let r = s
        .test(platform.side(), &with(platform, &[("access_token", token)]))
        .await;
    r.steps[2].detail.clone().unwrap()
}

#[tokio::test]
async fn shopify_names_each_missing_scope_with_its_channel() {
    let detail = missing_detail(Platform::Shopify, "scopes missing").await;
    assert!(
        detail.contains("write_fulfillments (Shipments)"),
        "{detail}"
    );
    assert!(detail.contains("write_inventory (Inventory)"), "{detail}");
    // Granted read scopes are not reported missing.
    assert!(!detail.contains("read_fulfillments"), "{detail}");
    assert!(!detail.contains("read_orders"), "{detail}");
}

#[tokio::test]
async fn shipbob_names_the_missing_scope_and_its_channel() {
    let detail = missing_detail(Platform::ShipBob, "channel lacks a scope").await;
    assert_eq!(detail, "Missing: inventory_read (Inventory)");
}

#[tokio::test]
async fn shipbob_reports_the_scopes_it_granted() {
    let s = TestServer::start().await;
    let r = s.test(Side::Warehouse, &with(Platform::ShipBob, &[])).await;
    assert!(r.ok, "{r:?}");
    let auth = r.steps[1].detail.as_deref().unwrap();
    assert!(auth.contains("orders_write"), "{auth}");
}
