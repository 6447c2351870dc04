//! The egress policy's pieces, over real sockets: the harness control for
//! the destination table in `server/tests/suite/egress_api.rs`, redirects, and the
//! blocked address ranges.

use super::{Connectors, Endpoints};
use crate::connectors::egress::Egress;
use dropstream_api::{Category, Platform, TestResult};
use reqwest::header::HeaderMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

async fn counting_listener(addr: &str) -> (SocketAddr, Arc<AtomicUsize>) {
    crate::sandbox::counting_listener(addr).await.unwrap()
}

async fn run(connectors: &Connectors, url: &str) -> TestResult {
    match connectors
        .get(Platform::Shopify, url, HeaderMap::new())
        .await
    {
        Ok(reply) => panic!("{url} was fetched: HTTP {}", reply.status),
        Err(result) => result,
    }
}

/// The control: the same harness does see a connection when the policy lets
/// one through, so the zero counts above mean something.
#[tokio::test]
async fn the_listener_counts_a_destination_the_policy_allows() {
    let (addr, count) = counting_listener("127.0.0.1:0").await;
    let connectors = Connectors::new(
        Endpoints::production(),
        Duration::from_millis(500),
        Egress::sandbox(),
    )
    .unwrap();
    let result = run(&connectors, &format!("http://{addr}/")).await;
    assert_eq!(result.category, Some(Category::Network));
    assert_eq!(count.load(Ordering::SeqCst), 1);
}

/// A platform that answers with a redirect to an internal address is not
/// followed: the answer is reported as a setup problem and the internal
/// address never sees a connection.
#[tokio::test]
async fn a_redirect_to_loopback_is_not_followed() {
    let (target, count) = counting_listener("127.0.0.1:0").await;
    let redirector = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let from = redirector.local_addr().unwrap();
    let location = format!("http://{target}/admin");
    tokio::spawn(async move {
        let app = axum::Router::new().fallback(move || {
            let location = location.clone();
            async move { (axum::http::StatusCode::FOUND, [("location", location)]) }
        });
        axum::serve(redirector, app).await.unwrap();
    });
    let connectors = Connectors::new(
        Endpoints::production(),
        Duration::from_secs(5),
        Egress::sandbox(),
    )
    .unwrap();
    let reply = connectors
        .get(
            Platform::Shopify,
            &format!("http://{from}/"),
            HeaderMap::new(),
        )
        .await
        .map_err(|r| r.message)
        .unwrap();
    assert_eq!(reply.status, 302);
    assert_eq!(count.load(Ordering::SeqCst), 0);
}

#[test]
fn blocked_ranges_cover_the_special_purpose_registries() {
    use crate::connectors::egress::is_blocked;
    let blocked = [
        "0.1.2.3",
        "10.255.0.1",
        "100.127.255.254",
        "127.255.255.255",
        "169.254.0.1",
        "172.31.255.255",
        "192.0.0.8",
        "192.0.2.1",
        "192.168.0.1",
        "198.19.0.1",
        "198.51.100.7",
        "203.0.113.9",
        "239.255.255.250",
        "255.255.255.255",
        "::",
        "::1",
        "::127.0.0.1",
        "::ffff:10.0.0.1",
        "64:ff9b::a00:1",
        "2002:a00:1::",
        "2001:db8::1",
        "2001:0:4136:e378::1",
        "fc00::1",
        "fe80::1",
        "fec0::1",
        "ff02::1",
    ];
    for ip in blocked {
        assert!(is_blocked(ip.parse().unwrap()), "{ip} should be blocked");
    }
    let public = [
        "23.227.38.65",
        "104.16.0.1",
        "8.8.8.8",
        "100.128.0.1",
        "172.32.0.1",
        "192.169.0.1",
        "2606:4700::6810:84e5",
        "::ffff:8.8.8.8",
        "64:ff9b::808:808",
        "2002:808:808::",
    ];
    for ip in public {
        assert!(!is_blocked(ip.parse().unwrap()), "{ip} should be allowed");
    }
}
