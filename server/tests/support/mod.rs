//! A real server on a loopback port, with its own temporary database and the
//! platform sandboxes, driven over HTTP by reqwest.

#![allow(dead_code)]

use dropstream_api::{Side, TestRequest, TestResult};
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::sandbox::{self, Sandboxes};
use dropstream_server::store::Store;
use dropstream_server::{app, demo, AppState};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

pub struct TestServer {
    pub base: String,
    pub client: reqwest::Client,
    pub endpoints: Endpoints,
    _sandboxes: Sandboxes,
    _dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl Drop for TestServer {
    fn drop(&mut self) {
        self.task.abort();
    }
}

impl TestServer {
    /// Demo data against the sandboxes, with a 10 s deadline.
    pub async fn start() -> TestServer {
        TestServer::start_with(|e| e, Duration::from_secs(10)).await
    }

    /// `adjust` may point endpoints elsewhere (a closed port, a counter).
    pub async fn start_with(
        adjust: impl FnOnce(Endpoints) -> Endpoints,
        deadline: Duration,
    ) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let store = Store::open_dir(dir.path()).await.unwrap();
        demo::seed(&store).await.unwrap();
        let sandboxes = sandbox::start().await.unwrap();
        let endpoints = adjust(sandboxes.endpoints.clone());
        let connectors = Connectors::new(endpoints.clone(), deadline).unwrap();
        let router = app(AppState::new(store, connectors), None);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        let task = tokio::spawn(async move {
            axum::serve(listener, router).await.unwrap();
        });
        TestServer {
            base: format!("http://{addr}"),
            client: reqwest::Client::new(),
            endpoints,
            _sandboxes: sandboxes,
            _dir: dir,
            task,
        }
    }

    /// Every platform's API pointed at `addr` (a closed port, a counter…).
    pub async fn pointing_at(addr: SocketAddr, deadline: Duration) -> TestServer {
        TestServer::start_with(
            |mut e| {
                e.shipbob = format!("http://{addr}");
                e.shopify = format!("http://{addr}/{{shop}}");
                e
            },
            deadline,
        )
        .await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every state-changing request goes through here, so request-wide
    /// headers (e.g. a CSRF token) are added in one place.
    pub fn send(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
    }

    /// Sends `body` as JSON with `method`; returns the status and raw body.
    pub async fn send_json(
        &self,
        method: reqwest::Method,
        path: &str,
        body: &serde_json::Value,
    ) -> (u16, String) {
        let r = self.send(method, path).json(body).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn get(&self, path: &str) -> (u16, String) {
        let r = self.client.get(self.url(path)).send().await.unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    /// Posts a test request and returns the HTTP status and raw body.
    pub async fn post_test_raw(&self, id: &str, side: &str, body: &str) -> (u16, String) {
        let r = self
            .send(
                reqwest::Method::POST,
                &format!("/api/connections/{id}/{side}/test"),
            )
            .header("content-type", "application/json")
            .body(body.to_string())
            .send()
            .await
            .unwrap();
        (r.status().as_u16(), r.text().await.unwrap())
    }

    pub async fn test(&self, side: Side, request: &TestRequest) -> TestResult {
        let body = serde_json::to_string(request).unwrap();
        let (status, text) = self.post_test_raw("1", side.as_str(), &body).await;
        assert_eq!(status, 200, "{text}");
        serde_json::from_str(&text).unwrap()
    }
}

pub fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// A loopback port with nothing listening: bound, read, released.
pub async fn closed_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap()
}

/// A listener that counts the connections made to it and never answers.
pub async fn counting_listener() -> (SocketAddr, Arc<AtomicUsize>) {
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    let count = Arc::new(AtomicUsize::new(0));
    let c = count.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            c.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    (addr, count)
}
