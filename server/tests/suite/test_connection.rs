//! Test Connection's handling of what the form sends: a blank secret, a
//! saved secret with another identifier, and values that fail validation.
//! What each platform answers is in platform_tables.rs (rows of its
//! fixtures); network failures of every platform in platform_network.rs.

use crate::support;

use dropstream_api::{Category, Platform, Side, StepStatus, TestRequest, TestResult};
use dropstream_server::platforms::shopify::fixtures::SHOPIFY_SHOP;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use support::{counting_listener, fields, TestServer};

fn shopify(pairs: &[(&str, &str)]) -> TestRequest {
    TestRequest {
        platform: Platform::Shopify,
        fields: fields(pairs),
    }
}

fn shipbob(token: &str) -> TestRequest {
    TestRequest {
        platform: Platform::ShipBob,
        fields: fields(&[("access_token", token)]),
    }
}

fn assert_failed(result: &TestResult, category: Category) {
    assert!(!result.ok, "{result:?}");
    assert_eq!(result.category, Some(category), "{result:?}");
    assert!(!result.message.is_empty());
    assert!(!result.guidance.is_empty(), "no guidance: {result:?}");
    assert_eq!(result.retryable, category.retryable());
    let help = result.help.as_ref().expect("a help link");
    assert_eq!(help.anchor, category.help().anchor);
}

#[tokio::test]
async fn a_blank_secret_uses_the_saved_one() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[("shop_domain", SHOPIFY_SHOP), ("access_token", "")]),
        )
        .await;
    assert!(r.ok, "{r:?}");
    let r = s.test(Side::Warehouse, &shipbob("")).await;
    assert!(r.ok, "{r:?}");
}

/// A Shopify test on a server whose platforms only count the connections
/// made to them; the answer must be invalid input.
async fn refused_shopify_test(
    pairs: &[(&str, &str)],
) -> (TestServer, Arc<AtomicUsize>, TestResult) {
    let (addr, connections) = counting_listener().await;
    let s = TestServer::pointing_at(addr, Duration::from_secs(2)).await;
    let r = s.test(Side::Store, &shopify(pairs)).await;
    assert_failed(&r, Category::InvalidInput);
    (s, connections, r)
}

#[tokio::test]
async fn a_saved_token_is_never_sent_to_another_shop() {
    let (_s, connections, r) =
        refused_shopify_test(&[("shop_domain", "someone-elses-shop"), ("access_token", "")]).await;
    assert_eq!(r.field_errors.len(), 1);
    assert_eq!(r.field_errors[0].field, "access_token");
    assert!(
        r.field_errors[0].message.contains("shop domain"),
        "{}",
        r.field_errors[0].message
    );
    assert_eq!(connections.load(Ordering::SeqCst), 0, "a request was made");
}

#[tokio::test]
async fn invalid_input_is_answered_without_any_request() {
    let (s, connections, r) = refused_shopify_test(&[
        ("shop_domain", "shop.example.com"),
        ("access_token", "shpat with spaces"),
    ])
    .await;
    let mut bad: Vec<_> = r.field_errors.iter().map(|e| e.field.as_str()).collect();
    bad.sort();
    assert_eq!(bad, ["access_token", "shop_domain"]);
    assert!(r.steps.iter().all(|s| s.status == StepStatus::Skipped));

    let r = s.test(Side::Warehouse, &shipbob("short")).await;
    assert_failed(&r, Category::InvalidInput);
    assert_eq!(r.field_errors[0].field, "access_token");
    assert_eq!(connections.load(Ordering::SeqCst), 0, "a request was made");
}
