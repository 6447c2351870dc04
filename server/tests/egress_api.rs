//! The egress policy seen through the API: a server outside sandbox mode
//! refuses platform addresses that lead to this machine, and never connects.

mod support;

use dropstream_api::{Category, Platform, Side, StepStatus, TestRequest, TestResult};
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::egress::{Egress, StaticLookup};
use dropstream_server::store::Store;
use dropstream_server::{app, demo, sandbox, AppState};
use std::net::IpAddr;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use support::counting_listener;
use tokio::net::TcpListener;

/// A production-mode server (no sandbox allowance) on loopback.
async fn production_server(endpoints: Endpoints, egress: Egress) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    demo::seed(&store).await.unwrap();
    let connectors = Connectors::new(endpoints, Duration::from_secs(5), egress).unwrap();
    let router = app(AppState::new(store, connectors), None);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, router).await.unwrap() });
    (format!("http://{addr}"), dir)
}

async fn run_test(base: &str, side: Side, platform: Platform) -> TestResult {
    // The saved shop domain, and a blank secret: the saved one is used.
    let mut fields = std::collections::BTreeMap::new();
    if platform == Platform::Shopify {
        fields.insert(
            "shop_domain".to_string(),
            sandbox::demo::SHOPIFY_SHOP.to_string(),
        );
    }
    let request = TestRequest { platform, fields };
    let answer = reqwest::Client::new()
        .post(format!("{base}/api/connections/1/{side}/test"))
        .json(&request)
        .send()
        .await
        .unwrap();
    assert_eq!(answer.status(), 200);
    answer.json().await.unwrap()
}

fn assert_blocked(result: &TestResult, reason: &str) {
    assert_eq!(
        result.category,
        Some(Category::BlockedDestination),
        "{result:?}"
    );
    assert!(result.message.contains(reason), "{}", result.message);
    assert_eq!(result.steps[0].status, StepStatus::Failed);
    assert!(result.http_status.is_none());
}

#[tokio::test]
async fn platform_hosts_that_resolve_to_this_machine_are_refused() {
    let (counter, count) = counting_listener().await;
    let loopback: IpAddr = "127.0.0.1".parse().unwrap();
    let dns = StaticLookup(vec![
        (sandbox::demo::SHOPIFY_SHOP.to_string(), vec![loopback]),
        ("api.shipbob.com".to_string(), vec![loopback]),
    ]);
    // Production's hosts, on the counter's port: if the policy let a request
    // through, the counter would see it.
    let mut endpoints = Endpoints::production();
    endpoints.shopify = format!("https://{{shop}}:{}", counter.port());
    endpoints.shipbob = format!("https://api.shipbob.com:{}", counter.port());
    let egress = Egress::production_with(Arc::new(dns), counter.port());
    let (base, _dir) = production_server(endpoints, egress).await;

    let store = run_test(&base, Side::Store, Platform::Shopify).await;
    assert_blocked(&store, "loopback address");
    let warehouse = run_test(&base, Side::Warehouse, Platform::ShipBob).await;
    assert_blocked(&warehouse, "loopback address");
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[tokio::test]
async fn the_sandboxes_are_unreachable_outside_sandbox_mode() {
    let sandboxes = sandbox::start().await.unwrap();
    let (base, _dir) = production_server(sandboxes.endpoints.clone(), Egress::production()).await;
    let store = run_test(&base, Side::Store, Platform::Shopify).await;
    assert_blocked(&store, "only https");
    let warehouse = run_test(&base, Side::Warehouse, Platform::ShipBob).await;
    assert_blocked(&warehouse, "only https");

    // The same sandboxes in sandbox mode: reachable, and the test passes.
    let (base, _dir) = production_server(sandboxes.endpoints.clone(), Egress::sandbox()).await;
    assert!(run_test(&base, Side::Store, Platform::Shopify).await.ok);
    assert!(run_test(&base, Side::Warehouse, Platform::ShipBob).await.ok);
}
