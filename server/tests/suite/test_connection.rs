//! Test Connection over real HTTP: the server calls the platform sandboxes,
//! and every category the slice can produce is checked with its steps and
//! guidance.

use crate::support;

use dropstream_api::{Category, Platform, Side, StepStatus, TestRequest, TestResult};
use dropstream_server::sandbox::demo;
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};
use support::{closed_port, counting_listener, fields, TestServer};

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

fn step(result: &TestResult, name: &str) -> StepStatus {
    result
        .steps
        .iter()
        .find(|s| s.name == name)
        .unwrap_or_else(|| panic!("no step {name} in {result:?}"))
        .status
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
async fn shopify_with_the_right_token_succeeds() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", demo::SHOPIFY_SHOP),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        )
        .await;
    assert!(r.ok, "{r:?}");
    assert_eq!(r.category, None);
    assert_eq!(r.http_status, Some(200));
    assert!(r.message.contains("Demo Outfitters"), "{}", r.message);
    assert_eq!(step(&r, "Reach host"), StepStatus::Passed);
    assert_eq!(step(&r, "Authenticate"), StepStatus::Passed);
    assert!(r.help.is_none());
}

#[tokio::test]
async fn a_bare_shop_handle_is_normalised_before_the_request() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", "Demo-Outfitters"),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        )
        .await;
    assert!(r.ok, "{r:?}");
}

#[tokio::test]
async fn a_blank_secret_uses_the_saved_one() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[("shop_domain", demo::SHOPIFY_SHOP), ("access_token", "")]),
        )
        .await;
    assert!(r.ok, "{r:?}");
    let r = s.test(Side::Warehouse, &shipbob("")).await;
    assert!(r.ok, "{r:?}");
}

#[tokio::test]
async fn a_saved_token_is_never_sent_to_another_shop() {
    let (addr, connections) = counting_listener().await;
    let s = TestServer::pointing_at(addr, Duration::from_secs(2)).await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[("shop_domain", "someone-elses-shop"), ("access_token", "")]),
        )
        .await;
    assert_failed(&r, Category::InvalidInput);
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
async fn shopify_wrong_token_is_invalid_credentials() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", demo::SHOPIFY_SHOP),
                ("access_token", "shpat_not_the_right_one"),
            ]),
        )
        .await;
    assert_failed(&r, Category::InvalidCredentials);
    assert_eq!(r.http_status, Some(401));
    assert_eq!(step(&r, "Reach host"), StepStatus::Passed);
    assert_eq!(step(&r, "Authenticate"), StepStatus::Failed);
    assert_eq!(step(&r, "Check permissions"), StepStatus::Skipped);
    assert!(
        r.guidance.contains("Admin API access token"),
        "{}",
        r.guidance
    );
}

#[tokio::test]
async fn shipbob_wrong_token_is_invalid_credentials() {
    let s = TestServer::start().await;
    let r = s
        .test(Side::Warehouse, &shipbob("sbpat_revoked_token_0002"))
        .await;
    assert_failed(&r, Category::InvalidCredentials);
    assert_eq!(r.http_status, Some(401));
    assert_eq!(step(&r, "Authenticate"), StepStatus::Failed);
    assert!(
        r.guidance.contains("personal access token"),
        "{}",
        r.guidance
    );
}

#[tokio::test]
async fn shipbob_with_the_right_token_lists_granted_scopes() {
    let s = TestServer::start().await;
    let r = s.test(Side::Warehouse, &shipbob(demo::SHIPBOB_TOKEN)).await;
    assert!(r.ok, "{r:?}");
    let auth = r.steps.iter().find(|s| s.name == "Authenticate").unwrap();
    assert!(
        auth.detail.as_deref().unwrap().contains("orders_write"),
        "{auth:?}"
    );
    assert_eq!(step(&r, "Check permissions"), StepStatus::Passed);
}

#[tokio::test]
async fn an_unknown_shop_is_a_setup_problem() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", "no-such-shop.myshopify.com"),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        )
        .await;
    assert_failed(&r, Category::Setup);
    assert_eq!(r.http_status, Some(404));
    assert!(
        r.message.contains("no-such-shop.myshopify.com"),
        "{}",
        r.message
    );
    assert!(r.guidance.contains("shop domain"), "{}", r.guidance);
}

#[tokio::test]
async fn a_platform_5xx_is_an_outage() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", demo::SHOPIFY_OUTAGE_SHOP),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        )
        .await;
    assert_failed(&r, Category::Outage);
    assert_eq!(r.http_status, Some(503));
    assert!(r.retryable);

    let r = s
        .test(Side::Warehouse, &shipbob(demo::SHIPBOB_OUTAGE_TOKEN))
        .await;
    assert_failed(&r, Category::Outage);
    assert_eq!(r.http_status, Some(503));
}

#[tokio::test]
async fn a_token_without_access_is_missing_permissions() {
    let s = TestServer::start().await;
    let r = s
        .test(Side::Warehouse, &shipbob(demo::SHIPBOB_NO_ACCESS_TOKEN))
        .await;
    assert_failed(&r, Category::MissingPermissions);
    assert_eq!(r.http_status, Some(403));
    assert_eq!(step(&r, "Authenticate"), StepStatus::Passed);
    assert_eq!(step(&r, "Check permissions"), StepStatus::Failed);
}

#[tokio::test]
async fn a_429_is_rate_limited_with_the_platforms_wait() {
    let s = TestServer::start().await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", demo::SHOPIFY_BUSY_SHOP),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        )
        .await;
    assert_failed(&r, Category::RateLimited);
    assert_eq!(r.http_status, Some(429));
    // Shopify sends `Retry-After: 2.0`.
    assert_eq!(r.retry_after, Some(2));
    assert!(r.guidance.contains("Wait 2 seconds"), "{}", r.guidance);

    let r = s
        .test(Side::Warehouse, &shipbob(demo::SHIPBOB_RATE_LIMITED_TOKEN))
        .await;
    assert_failed(&r, Category::RateLimited);
    // ShipBob sends `x-retry-after: 25`.
    assert_eq!(r.retry_after, Some(25));
}

#[tokio::test]
async fn nothing_listening_is_a_refused_network_failure() {
    let addr = closed_port().await;
    let s = TestServer::pointing_at(addr, Duration::from_secs(5)).await;
    for (side, request) in [
        (Side::Warehouse, shipbob(demo::SHIPBOB_TOKEN)),
        (
            Side::Store,
            shopify(&[
                ("shop_domain", demo::SHOPIFY_SHOP),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        ),
    ] {
        let r = s.test(side, &request).await;
        assert_failed(&r, Category::Network);
        assert!(r.message.contains("refused"), "{}", r.message);
        assert_eq!(r.http_status, None);
        assert_eq!(step(&r, "Reach host"), StepStatus::Failed);
        assert_eq!(step(&r, "Authenticate"), StepStatus::Skipped);
    }
}

#[tokio::test]
async fn an_unresolvable_host_is_a_dns_network_failure() {
    let s = TestServer::start_with(
        |mut e| {
            e.set(Platform::ShipBob, "http://no-such-host.invalid");
            e
        },
        Duration::from_secs(5),
    )
    .await;
    let r = s.test(Side::Warehouse, &shipbob(demo::SHIPBOB_TOKEN)).await;
    assert_failed(&r, Category::Network);
    assert!(r.message.contains("DNS"), "{}", r.message);
}

#[tokio::test]
async fn a_hanging_platform_ends_at_the_deadline() {
    let deadline = Duration::from_millis(600);
    let s = TestServer::start_with(|e| e, deadline).await;
    let started = Instant::now();
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", demo::SHOPIFY_HANGING_SHOP),
                ("access_token", demo::SHOPIFY_TOKEN),
            ]),
        )
        .await;
    let took = started.elapsed();
    assert_failed(&r, Category::Network);
    assert!(r.message.contains("did not answer"), "{}", r.message);
    // Ended by the deadline, not by some other limit far later.
    assert!(took >= deadline && took < deadline * 10, "took {took:?}");
    assert!(r.duration_ms >= 600, "{}", r.duration_ms);
}

#[tokio::test]
async fn invalid_input_is_answered_without_any_request() {
    let (addr, connections) = counting_listener().await;
    let s = TestServer::pointing_at(addr, Duration::from_secs(2)).await;
    let r = s
        .test(
            Side::Store,
            &shopify(&[
                ("shop_domain", "shop.example.com"),
                ("access_token", "shpat with spaces"),
            ]),
        )
        .await;
    assert_failed(&r, Category::InvalidInput);
    let mut bad: Vec<_> = r.field_errors.iter().map(|e| e.field.as_str()).collect();
    bad.sort();
    assert_eq!(bad, ["access_token", "shop_domain"]);
    assert!(r.steps.iter().all(|s| s.status == StepStatus::Skipped));

    let r = s.test(Side::Warehouse, &shipbob("short")).await;
    assert_failed(&r, Category::InvalidInput);
    assert_eq!(r.field_errors[0].field, "access_token");
    assert_eq!(connections.load(Ordering::SeqCst), 0, "a request was made");
}
