//! Every platform, when the network fails: nothing listening (refused), a
//! name that does not resolve (DNS), a server that does not speak TLS, and a
//! platform that never answers (the test deadline). Also: each seeded demo
//! connection works with its saved secrets.

use crate::support;

use dropstream_api::{Category, Platform, Side, StepStatus, TestRequest, TestResult};
use dropstream_server::connectors::Endpoints;
use dropstream_server::demo_seed::connection_of;
use dropstream_server::platforms::fixtures;
use std::future::Future;
use std::pin::Pin;
use std::task::Poll;
use std::time::{Duration, Instant};
use support::{closed_port, valid, with, TestServer};
use tokio::io::AsyncWriteExt;
use tokio::net::TcpListener;

fn assert_network(r: &TestResult, platform: Platform, says: &str) {
    assert!(!r.ok, "{platform}: {r:?}");
    assert_eq!(r.category, Some(Category::Network), "{platform}: {r:?}");
    assert!(
        r.message.contains(says),
        "{platform}: {says:?} not in {}",
        r.message
    );
    assert_eq!(r.http_status, None, "{platform}");
    assert!(r.retryable, "{platform}");
    let steps: Vec<StepStatus> = r.steps.iter().map(|s| s.status).collect();
    assert_eq!(
        steps,
        [StepStatus::Failed, StepStatus::Skipped, StepStatus::Skipped],
        "{platform}"
    );
    assert!(!r.guidance.is_empty());
    assert_eq!(r.help.as_ref().unwrap().anchor, "network");
}

#[tokio::test]
async fn nothing_listening_is_refused_for_every_platform() {
    let addr = closed_port().await;
    let s = TestServer::pointing_at(addr, Duration::from_secs(5)).await;
    for p in Platform::ALL {
        let r = s.test(p.side(), &valid(p)).await;
        assert_network(&r, p, "refused");
    }
}

#[tokio::test]
async fn an_unresolvable_host_is_a_dns_failure_for_every_platform() {
    let s = TestServer::start_with(
        |_| Endpoints::all_at("http://no-such-host.invalid"),
        Duration::from_secs(5),
    )
    .await;
    for p in Platform::ALL {
        let r = s.test(p.side(), &valid(p)).await;
        assert_network(&r, p, "DNS");
    }
}

/// A listener that answers plain HTTP to whoever connects, so a TLS client
/// fails its handshake.
async fn plain_http_listener() -> std::net::SocketAddr {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move {
        while let Ok((mut socket, _)) = listener.accept().await {
            let _ = socket
                .write_all(b"HTTP/1.1 400 Bad Request\r\ncontent-length: 0\r\n\r\n")
                .await;
        }
    });
    addr
}

#[tokio::test]
async fn a_failed_tls_handshake_is_told_apart_for_every_platform() {
    let addr = plain_http_listener().await;
    let s = TestServer::start_with(
        |_| Endpoints::all_at(&format!("https://{addr}")),
        Duration::from_secs(5),
    )
    .await;
    for p in Platform::ALL {
        let r = s.test(p.side(), &valid(p)).await;
        assert_network(&r, p, "TLS");
    }
}

fn hanging(p: Platform) -> TestRequest {
    with(p, &[fixtures::of(p).hanging])
}

#[tokio::test]
async fn a_hanging_platform_ends_at_the_deadline_for_every_platform() {
    let deadline = Duration::from_millis(500);
    let s = TestServer::start_with(|e| e, deadline).await;
    // All at once: each ends at its own deadline, and the server keeps
    // answering other requests meanwhile.
    let runs = Platform::ALL.map(|p| {
        let s = &s;
        async move {
            let started = Instant::now();
            let r = s.test_on(connection_of(p), p.side(), &hanging(p)).await;
            (p, r, started.elapsed())
        }
    });
    let list = async {
        let started = Instant::now();
        assert_eq!(s.get("/api/connections").await.status(), 200);
        started.elapsed()
    };
    let (results, list_took) = tokio::join!(join_all(runs), list);
    assert!(list_took < deadline, "the server stalled: {list_took:?}");
    for (p, r, took) in results {
        assert_network(&r, p, "did not answer");
        assert!(took >= deadline && took < deadline * 6, "{p}: {took:?}");
        assert!(r.duration_ms >= 500, "{p}: {}", r.duration_ms);
    }
}

/// Runs the futures at once and gathers their outputs, in order.
async fn join_all<F: Future>(futures: impl IntoIterator<Item = F>) -> Vec<F::Output> {
    let mut running: Vec<Option<Pin<Box<F>>>> =
        futures.into_iter().map(|f| Some(Box::pin(f))).collect();
    let mut outputs: Vec<Option<F::Output>> = running.iter().map(|_| None).collect();
    std::future::poll_fn(|cx| {
        for (slot, output) in running.iter_mut().zip(outputs.iter_mut()) {
            if let Some(future) = slot {
                if let Poll::Ready(out) = future.as_mut().poll(cx) {
                    *output = Some(out);
                    *slot = None;
                }
            }
        }
        if running.iter().all(Option::is_none) {
            Poll::Ready(())
        } else {
            Poll::Pending
        }
    })
    .await;
    outputs.into_iter().map(Option::unwrap).collect()
}

#[tokio::test]
async fn every_seeded_connection_works_with_its_saved_secrets() {
    let s = TestServer::start().await;
    for p in Platform::ALL {
        // Plain fields as saved, secrets blank: "use the saved one".
        let mut request = valid(p);
        for spec in p.fields().iter().filter(|f| f.secret) {
            request.fields.insert(spec.key.to_string(), String::new());
        }
        let id = connection_of(p);
        let r = s.test_on(id, p.side(), &request).await;
        assert!(r.ok, "{p} on connection {id}: {r:?}");
    }
    // Saved secrets are never used for another platform.
    let mut request = valid(Platform::BigCommerce);
    request.fields.insert("access_token".into(), String::new());
    let r = s.test_on(1, Side::Store, &request).await;
    assert_eq!(r.category, Some(Category::InvalidInput), "{r:?}");
}

#[tokio::test]
async fn no_seeded_secret_is_ever_shown() {
    let s = TestServer::start().await;
    let secrets: Vec<(String, String)> = Platform::ALL
        .into_iter()
        .flat_map(|p| {
            let request = valid(p);
            p.fields()
                .iter()
                .filter(|f| f.secret)
                .map(move |f| (f.key.to_string(), request.fields[f.key].clone()))
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(secrets.len() >= Platform::ALL.len());
    let seeded = Platform::ALL.map(connection_of).into_iter().max().unwrap();
    for id in 1..=seeded {
        let (status, body) = s.get_text(&format!("/api/connections/{id}")).await;
        assert_eq!(status, 200, "{body}");
        for (key, secret) in &secrets {
            assert!(
                !body.contains(secret.as_str()),
                "connection {id} shows {key}"
            );
        }
        assert!(body.contains("\"kind\":\"secret\""), "{body}");
    }
}
