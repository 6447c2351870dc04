//! The egress policy against crafted destinations, over real sockets.
//!
//! A listener on loopback counts every TCP connection made to it. The policy
//! under test is production's, except that its only allowed HTTPS port is
//! the listener's and its name service is a table: every crafted name points
//! at addresses where the listener would be reached if the policy let the
//! request through. Each destination must come back `blocked_destination`
//! for the expected reason, and the count must stay at zero.

use super::{Connectors, Endpoints};
use crate::egress::{Egress, StaticLookup};
use dropstream_api::{Category, Platform, StepStatus, TestResult};
use reqwest::header::HeaderMap;
use std::net::{IpAddr, SocketAddr};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

async fn counting_listener(addr: &str) -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind(addr).await.unwrap();
    let local = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (local, count)
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
    ("https://localhost.:{p}/", "own addresses"),
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
    ("http://shop.example.com:{p}/", "only https"),
    ("https://intranet:{p}/", "full public domain name"),
];

async fn run(connectors: &Connectors, url: &str) -> TestResult {
    match connectors
        .get(Platform::Shopify, url, HeaderMap::new())
        .await
    {
        Ok(reply) => panic!("{url} was fetched: HTTP {}", reply.status),
        Err(result) => result,
    }
}

#[tokio::test]
async fn crafted_destinations_are_refused_without_connecting() {
    let (v4, count) = counting_listener("127.0.0.1:0").await;
    let port = v4.port();
    // The same port on ::1 where the machine has IPv6, counted alike.
    let v6_count = match TcpListener::bind(("::1", port)).await {
        Ok(l) => {
            drop(l);
            Some(counting_listener(&format!("[::1]:{port}")).await.1)
        }
        Err(_) => None,
    };
    let (other, other_count) = counting_listener("127.0.0.1:0").await;
    let egress = Egress::production_with(Arc::new(attacker_dns()), port);
    let connectors =
        Connectors::new(Endpoints::production(), Duration::from_secs(5), egress).unwrap();

    assert!(DESTINATIONS.len() >= 30);
    for (template, reason) in DESTINATIONS {
        let url = template
            .replace("{p}", &port.to_string())
            .replace("{q}", &other.port().to_string());
        let result = run(&connectors, &url).await;
        assert_eq!(
            result.category,
            Some(Category::BlockedDestination),
            "{url}: {result:?}"
        );
        assert!(
            result.message.contains(reason),
            "{url}: expected “{reason}” in “{}”",
            result.message
        );
        assert_eq!(result.steps[0].status, StepStatus::Failed, "{url}");
        assert!(!result.retryable, "{url}: a refusal is not worth retrying");
        assert_eq!(count.load(Ordering::SeqCst), 0, "{url} connected");
        assert_eq!(other_count.load(Ordering::SeqCst), 0, "{url} connected");
        if let Some(c) = &v6_count {
            assert_eq!(c.load(Ordering::SeqCst), 0, "{url} connected over IPv6");
        }
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
    use crate::egress::is_blocked;
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
