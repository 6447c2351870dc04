//! A real server on a loopback port, with its own temporary database and the
//! platform sandboxes, driven over HTTP by reqwest.

#![allow(dead_code)]

use dropstream_api::{Side, TestRequest, TestResult};
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::egress::Egress;
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
        let connectors = Connectors::new(endpoints.clone(), deadline, Egress::sandbox()).unwrap();
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
        TestServer::start_with(|_| Endpoints::all_at(&format!("http://{addr}")), deadline).await
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every state-changing request goes through here, so a header every
    /// such request needs (CSRF) is added in one place.
    pub fn send(&self, method: reqwest::Method, path: &str) -> reqwest::RequestBuilder {
        self.client.request(method, self.url(path))
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

    /// Tests a side of connection 1 (Shopify + ShipBob when saved values
    /// matter; any platform of the side can be sent).
    pub async fn test(&self, side: Side, request: &TestRequest) -> TestResult {
        self.test_on(1, side, request).await
    }

    /// Tests a side of the given demo connection.
    pub async fn test_on(&self, id: i64, side: Side, request: &TestRequest) -> TestResult {
        let body = serde_json::to_string(request).unwrap();
        let (status, text) = self
            .post_test_raw(&id.to_string(), side.as_str(), &body)
            .await;
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

/// A test request for `platform` with these field values.
pub fn request(platform: Platform, pairs: &[(&str, &str)]) -> TestRequest {
    TestRequest {
        platform,
        fields: fields(pairs),
    }
}

/// What one row of a platform × category table expects.
pub struct Case {
    pub name: &'static str,
    pub request: TestRequest,
    /// `None`: success.
    pub category: Option<Category>,
    pub http_status: Option<u16>,
    /// Reach host, Authenticate, Check permissions.
    pub steps: [StepStatus; 3],
    /// Text the message or the guidance must contain (each, case-sensitive).
    pub says: &'static [&'static str],
    pub retry_after: Option<u64>,
}

use dropstream_api::{Category, Platform, StepStatus};

/// Runs every case against `server` and checks category, status, steps,
/// wording, retry figures and the help link.
pub async fn check_cases(server: &TestServer, cases: Vec<Case>) {
    for case in cases {
        let side = case.request.platform.side();
        let r = server.test(side, &case.request).await;
        let name = case.name;
        assert_eq!(r.ok, case.category.is_none(), "{name}: {r:#?}");
        assert_eq!(r.category, case.category, "{name}: {r:#?}");
        assert_eq!(r.http_status, case.http_status, "{name}: {r:#?}");
        let steps: Vec<StepStatus> = r.steps.iter().map(|s| s.status).collect();
        assert_eq!(steps, case.steps, "{name}: {r:#?}");
        let names: Vec<&str> = r.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Reach host", "Authenticate", "Check permissions"],
            "{name}"
        );
        let text = format!("{} | {}", r.message, r.guidance);
        for needle in case.says {
            assert!(text.contains(needle), "{name}: {needle:?} not in {text:?}");
        }
        assert_eq!(r.retry_after, case.retry_after, "{name}: {r:#?}");
        match case.category {
            Some(category) => {
                assert!(!r.message.is_empty() && !r.guidance.is_empty(), "{name}");
                assert_eq!(r.retryable, category.retryable(), "{name}");
                let help = r
                    .help
                    .as_ref()
                    .unwrap_or_else(|| panic!("{name}: no help link"));
                assert_eq!(help.slug, "test-connection", "{name}");
                assert_eq!(help.anchor, category.as_str().replace('_', "-"), "{name}");
            }
            None => assert!(r.help.is_none() && !r.retryable, "{name}"),
        }
    }
}

#[allow(unused_imports)]
pub use StepStatus::{Failed as F, Passed as P, Skipped as S};

/// Working sandbox credentials for `platform`, every field typed.
pub fn valid(platform: Platform) -> TestRequest {
    use dropstream_server::sandbox::demo as d;
    let pairs: &[(&str, &str)] = match platform {
        Platform::Shopify => &[
            ("shop_domain", d::SHOPIFY_SHOP),
            ("access_token", d::SHOPIFY_TOKEN),
        ],
        Platform::BigCommerce => &[
            ("store_hash", d::BIGCOMMERCE_HASH),
            ("access_token", d::BIGCOMMERCE_TOKEN),
        ],
        Platform::WooCommerce => &[
            ("site_url", d::MERCHANT_SITE),
            ("consumer_key", d::WOO_KEY),
            ("consumer_secret", d::WOO_SECRET),
        ],
        Platform::Magento => &[
            ("site_url", d::MERCHANT_SITE),
            ("access_token", d::MAGENTO_TOKEN),
        ],
        Platform::ShipStation => &[
            ("api_key", d::SHIPSTATION_KEY),
            ("api_secret", d::SHIPSTATION_SECRET),
        ],
        Platform::ShipBob => &[("access_token", d::SHIPBOB_TOKEN)],
        Platform::Extensiv => &[
            ("client_id", d::EXTENSIV_CLIENT_ID),
            ("client_secret", d::EXTENSIV_CLIENT_SECRET),
            ("tpl_key", d::EXTENSIV_TPL),
            ("user_login_id", d::EXTENSIV_USER),
        ],
        Platform::ShipHero => &[("refresh_token", d::SHIPHERO_REFRESH)],
    };
    request(platform, pairs)
}

/// `valid(platform)` with some fields replaced.
pub fn with(platform: Platform, changes: &[(&str, &str)]) -> TestRequest {
    let mut r = valid(platform);
    for (k, v) in changes {
        r.fields.insert(k.to_string(), v.to_string());
    }
    r
}
