//! The egress policy seen through the API: a server outside sandbox mode
//! refuses platform addresses that lead to this machine, and never connects.

use crate::support;

use dropstream_api::{Category, Platform, Side, StepStatus, TestRequest, TestResult};
use dropstream_server::connectors::egress::{Egress, StaticLookup};
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::platforms::shopify::fixtures::SHOPIFY_SHOP;
use dropstream_server::security::rate_limit::RateLimiter;
use dropstream_server::{app, demo_seed, sandbox, AppState};
use reqwest::Method;
use std::collections::BTreeMap;
use std::net::IpAddr;
use std::sync::atomic::AtomicUsize;
use std::sync::atomic::Ordering;
use std::sync::Arc;
use std::time::Duration;
use support::{counting_listener, Browser};
use tokio::net::TcpListener;

/// A production-mode server (no sandbox allowance) on loopback.
async fn production_server(endpoints: Endpoints, egress: Egress) -> (String, tempfile::TempDir) {
    let dir = tempfile::tempdir().unwrap();
    let store = support::open_store(dir.path()).await;
    demo_seed::seed(&store).await.unwrap();
    demo_seed::seed_users(&store).await.unwrap();
    let connectors = Connectors::new(endpoints, Duration::from_secs(5), egress).unwrap();
    let mut state = AppState::new(store, connectors);
    // The destination table runs more tests than a person may in a minute.
    state.limits.test_connection = RateLimiter::new(1000, Duration::from_secs(60));
    let router = app(state, None);
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let service = router.into_make_service_with_connect_info::<std::net::SocketAddr>();
    tokio::spawn(async move { axum::serve(listener, service).await.unwrap() });
    (format!("http://{addr}"), dir)
}

async fn run_test(base: &str, side: Side, platform: Platform) -> TestResult {
    // The saved shop domain, and a blank secret: the saved one is used.
    let mut fields = std::collections::BTreeMap::new();
    if platform == Platform::Shopify {
        fields.insert("shop_domain".to_string(), SHOPIFY_SHOP.to_string());
    }
    let request = TestRequest { platform, fields };
    let browser = Browser::open(base.to_string()).await;
    browser.sign_in_demo(demo_seed::DEMO_ADMIN).await;
    let answer = browser
        .send_body(
            Method::POST,
            &format!("/api/connections/1/{side}/test"),
            &request,
        )
        .await;
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
        (SHOPIFY_SHOP.to_string(), vec![loopback]),
        ("api.shipbob.com".to_string(), vec![loopback]),
    ]);
    // Production's hosts, on the counter's port: if the policy let a request
    // through, the counter would see it.
    let mut endpoints = Endpoints::production();
    endpoints.set(
        Platform::Shopify,
        format!("https://{{shop}}:{}", counter.port()),
    );
    endpoints.set(
        Platform::ShipBob,
        format!("https://api.shipbob.com:{}", counter.port()),
    );
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

fn ips(list: &[&str]) -> Vec<IpAddr> {
    list.iter().map(|ip| ip.parse().unwrap()).collect()
}

/// Names an attacker controls, resolving where they would like us to go.
fn attacker_dns() -> StaticLookup {
    let table = [
        ("loopback.attacker.example", ips(&["127.0.0.1"])),
        (
            "rebind.attacker.example",
            ips(&["93.184.215.14", "127.0.0.1"]),
        ),
        ("metadata.attacker.example", ips(&["169.254.169.254"])),
        ("private.attacker.example", ips(&["10.1.2.3"])),
        ("cgnat.attacker.example", ips(&["100.64.0.1"])),
        ("mapped.attacker.example", ips(&["::ffff:127.0.0.1"])),
        ("ula.attacker.example", ips(&["fd00::1"])),
        ("nat64.attacker.example", ips(&["64:ff9b::7f00:1"])),
        ("sixtofour.attacker.example", ips(&["2002:7f00:1::1"])),
        ("v6loopback.attacker.example", ips(&["::1"])),
        ("office.attacker.example", ips(&["192.168.0.10"])),
        ("shop.example.com", ips(&["127.0.0.1"])),
    ];
    StaticLookup(
        table
            .into_iter()
            .map(|(name, ips)| (name.to_string(), ips))
            .collect(),
    )
}

/// (destination, words the refusal must contain). `{p}` is the listener's
/// port, `{q}` a second listener's (for the wrong-port case).
const DESTINATIONS: &[(&str, &str)] = &[
    ("https://127.0.0.1:{p}/", "IP addresses"),
    ("https://localhost:{p}/", "own addresses"),
    ("https://LocalHost:{p}/", "own addresses"),
    ("https://api.localhost:{p}/", "own addresses"),
    ("https://0.0.0.0:{p}/", "IP addresses"),
    ("https://[::1]:{p}/", "IP addresses"),
    ("https://[::ffff:127.0.0.1]:{p}/", "IP addresses"),
    ("https://[::]:{p}/", "IP addresses"),
    ("https://[fe80::1]:{p}/", "IP addresses"),
    ("https://[fd00::1]:{p}/", "IP addresses"),
    ("https://10.0.0.1:{p}/", "IP addresses"),
    ("https://172.16.0.1:{p}/", "IP addresses"),
    ("https://192.168.1.1:{p}/", "IP addresses"),
    (
        "https://169.254.169.254:{p}/latest/meta-data/",
        "IP addresses",
    ),
    ("https://100.64.0.1:{p}/", "IP addresses"),
    ("https://224.0.0.1:{p}/", "IP addresses"),
    ("https://2130706433:{p}/", "IP addresses"),
    ("https://0177.0.0.1:{p}/", "IP addresses"),
    ("https://0x7f.0.0.1:{p}/", "IP addresses"),
    ("https://0x7f000001:{p}/", "IP addresses"),
    ("https://127.1:{p}/", "IP addresses"),
    ("https://loopback.attacker.example:{p}/", "loopback address"),
    ("https://rebind.attacker.example:{p}/", "loopback address"),
    (
        "https://metadata.attacker.example:{p}/",
        "link-local address",
    ),
    (
        "https://private.attacker.example:{p}/",
        "private network address",
    ),
    (
        "https://cgnat.attacker.example:{p}/",
        "private network address",
    ),
    ("https://mapped.attacker.example:{p}/", "loopback address"),
    (
        "https://ula.attacker.example:{p}/",
        "private network address",
    ),
    ("https://nat64.attacker.example:{p}/", "loopback address"),
    (
        "https://sixtofour.attacker.example:{p}/",
        "loopback address",
    ),
    (
        "https://v6loopback.attacker.example:{p}/",
        "loopback address",
    ),
    (
        "https://user:secret@shop.example.com:{p}/",
        "user name or password",
    ),
    (
        "https://shop.example.com@127.0.0.1:{p}/",
        "user name or password",
    ),
    ("https://shop.example.com:{q}/", "standard HTTPS port"),
    ("https://[0:0:0:0:0:ffff:7f00:1]:{p}/", "IP addresses"),
    (
        "https://office.attacker.example:{p}/",
        "private network address",
    ),
];

/// A second counter on `[::1]` at the same port, where the machine has IPv6.
async fn v6_counter(port: u16) -> Option<Arc<AtomicUsize>> {
    let (_, count) = sandbox::counting_listener(&format!("[::1]:{port}"))
        .await
        .ok()?;
    Some(count)
}

/// Each crafted WooCommerce site, entered in the form of connection 3
/// (WooCommerce + ShipHero in the demo seed), is refused as
/// `blocked_destination` for its own reason, and nothing ever connects: the
/// names resolve to loopback addresses on the counter's port, which is also
/// the only HTTPS port this policy allows, so a leak would be counted.
#[tokio::test]
async fn crafted_merchant_sites_are_refused_without_connecting() {
    let (counter, count) = counting_listener().await;
    let port = counter.port();
    let v6_count = v6_counter(port).await;
    let (other, other_count) = counting_listener().await;
    let egress = Egress::production_with(Arc::new(attacker_dns()), port);
    let (base, _dir) = production_server(Endpoints::production(), egress).await;
    let browser = Browser::open(base.clone()).await;
    browser.sign_in_demo(demo_seed::DEMO_ADMIN).await;

    assert!(DESTINATIONS.len() >= 30);
    for (template, reason) in DESTINATIONS {
        let site = template
            .replace("{p}", &port.to_string())
            .replace("{q}", &other.port().to_string());
        let mut fields = BTreeMap::new();
        fields.insert("site_url".to_string(), site.clone());
        fields.insert(
            "consumer_key".to_string(),
            "ck_typed_for_this_site_01".to_string(),
        );
        fields.insert(
            "consumer_secret".to_string(),
            "cs_typed_for_this_site_01".to_string(),
        );
        let request = TestRequest {
            platform: Platform::WooCommerce,
            fields,
        };
        let answer = browser
            .send_body(Method::POST, "/api/connections/3/store/test", &request)
            .await;
        assert_eq!(answer.status(), 200, "{site}");
        let result: TestResult = answer.json().await.unwrap();
        assert_eq!(
            result.category,
            Some(Category::BlockedDestination),
            "{site}: {result:?}"
        );
        assert!(
            result.message.contains(reason),
            "{site}: expected “{reason}” in “{}”",
            result.message
        );
        assert!(!result.retryable, "{site}: a refusal is not worth retrying");
        assert_eq!(count.load(Ordering::SeqCst), 0, "{site} connected");
        assert_eq!(other_count.load(Ordering::SeqCst), 0, "{site} connected");
        if let Some(c) = &v6_count {
            assert_eq!(c.load(Ordering::SeqCst), 0, "{site} connected over IPv6");
        }
    }
}

/// Demo mode reaches the sandboxes on loopback, but a merchant site typed
/// into the form is still held to the production rules: it is refused as a
/// blocked destination before anything is sent.
#[tokio::test]
async fn demo_mode_refuses_the_same_merchant_sites_as_production() {
    let (counter, count) = counting_listener().await;
    let s = support::TestServer::pointing_at(counter, Duration::from_secs(5)).await;
    let sites = [
        ("https://localhost", "own addresses"),
        ("https://10.0.0.1", "IP addresses"),
        ("https://shop.example.com:8443", "standard HTTPS port"),
        (
            "https://admin:hunter2@shop.example.com",
            "user name or password",
        ),
    ];
    for (platform, id, secrets) in [
        (
            Platform::WooCommerce,
            3,
            &[
                ("consumer_key", "ck_typed_for_this_site_01"),
                ("consumer_secret", "cs_typed_for_this_site_01"),
            ][..],
        ),
        (
            Platform::Magento,
            4,
            &[("access_token", "typed_integration_token_01")][..],
        ),
    ] {
        for (site, reason) in sites {
            let mut fields: BTreeMap<String, String> = secrets
                .iter()
                .map(|(k, v)| (k.to_string(), v.to_string()))
                .collect();
            fields.insert("site_url".to_string(), site.to_string());
            let result = s
                .test_on(id, Side::Store, &TestRequest { platform, fields })
                .await;
            assert_blocked(&result, reason);
        }
    }
    assert_eq!(count.load(Ordering::SeqCst), 0);
}
