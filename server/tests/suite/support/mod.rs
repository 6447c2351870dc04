//! A real server on a loopback port, with its own temporary database and the
//! platform sandboxes, driven over HTTP by reqwest.

mod browser;
pub mod process;
pub mod runs;

pub use browser::Browser;

use dropstream_api::{Side, TestRequest, TestResult};
use dropstream_server::connectors::egress::Egress;
use dropstream_server::connectors::{Connectors, Endpoints};
use dropstream_server::sandbox::{self, Sandboxes};
use dropstream_server::store::Store;
use dropstream_server::{app, demo_seed, AppState};
use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::atomic::AtomicUsize;
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;

/// Set to a PostgreSQL URL (of a database the tests may create others
/// from), every test runs on a fresh PostgreSQL database of its own instead
/// of SQLite in its temporary directory. `cargo xtask test` runs the suite
/// both ways.
pub const POSTGRES_ENV: &str = "DROPSTREAM_TEST_POSTGRES";

/// A database of the test's own: a fresh PostgreSQL database when
/// [`POSTGRES_ENV`] is set, else none (SQLite in the data directory).
pub async fn fresh_database_url() -> Option<String> {
    use sqlx::Connection;
    static NEXT: AtomicUsize = AtomicUsize::new(0);
    let admin = std::env::var(POSTGRES_ENV).ok()?;
    let name = format!(
        "t_{}_{}_{}",
        std::process::id(),
        NEXT.fetch_add(1, std::sync::atomic::Ordering::Relaxed),
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .unwrap()
            .subsec_nanos()
    );
    let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
    sqlx::raw_sql(&format!("CREATE DATABASE {name}"))
        .execute(&mut conn)
        .await
        .unwrap();
    let (base, _) = admin.rsplit_once('/').expect("a URL ending in /database");
    Some(format!("{base}/{name}"))
}

/// True when the suite runs on PostgreSQL.
pub fn on_postgres() -> bool {
    std::env::var_os(POSTGRES_ENV).is_some()
}

/// The store of a test: its own database, the key in `dir`.
pub async fn open_store(dir: &std::path::Path) -> Store {
    let url = fresh_database_url().await;
    Store::open_config(dir, url.as_deref()).await.unwrap()
}

/// A test's data directory and database, to open (and reopen) a store on,
/// or to hand to a server process.
pub struct Scratch {
    pub dir: tempfile::TempDir,
    /// The PostgreSQL database, when the suite runs on PostgreSQL.
    pub url: Option<String>,
}

impl Scratch {
    pub async fn new() -> Scratch {
        Scratch {
            dir: tempfile::tempdir().unwrap(),
            url: fresh_database_url().await,
        }
    }

    pub fn path(&self) -> &std::path::Path {
        self.dir.path()
    }

    /// The database's URL (SQLite's file in the directory, or PostgreSQL).
    pub fn database_url(&self) -> String {
        self.url.clone().unwrap_or_else(|| {
            format!(
                "sqlite://{}",
                self.path().join("dropstream.sqlite3").display()
            )
        })
    }

    /// Opens the store as the server does (key file in the directory).
    pub async fn open(&self) -> anyhow::Result<Store> {
        Store::open_config(self.path(), self.url.as_deref()).await
    }

    /// The server's options for this directory and database.
    pub fn args(&self) -> Vec<std::ffi::OsString> {
        let mut args = vec!["--data-dir".into(), self.path().into()];
        if let Some(url) = &self.url {
            args.extend(["--database-url".into(), url.into()]);
        }
        args
    }
}

/// The permission bits (rwx for user, group, others) of the file at `path`.
#[cfg(unix)]
pub fn mode_of(path: &std::path::Path) -> u32 {
    use std::os::unix::fs::PermissionsExt;
    let permissions = std::fs::metadata(path).unwrap().permissions();
    permissions.mode() & 0o777
}

/// A disabled Shopify + ShipBob connection named `name` with the store
/// side saved (`shop_domain`, `access_token`), in a fresh store on
/// `scratch`; returns the store and the connection's id.
pub async fn seeded_shopify(
    scratch: &Scratch,
    name: &str,
    shop_domain: &str,
    token: &str,
) -> (Store, i64) {
    use dropstream_api::Platform;
    use dropstream_server::store::Secret;
    let store = scratch.open().await.unwrap();
    let merchant = store.ensure_merchant("Test merchant").await.unwrap().id;
    let id = store
        .create_connection(merchant, name, Platform::Shopify, Platform::ShipBob, false)
        .await
        .unwrap();
    let values = BTreeMap::from([
        ("shop_domain".to_string(), Secret::new(shop_domain)),
        ("access_token".to_string(), Secret::new(token)),
    ]);
    store
        .save_credentials(id, Side::Store, &values)
        .await
        .unwrap();
    (store, id)
}

/// The server and one browser talking to it (`server.send(…)`,
/// `server.client`, … reach the browser), signed in as the demo admin;
/// [`TestServer::other_browser`] makes more, each with its own cookies.
pub struct TestServer {
    browser: Browser,
    /// The server's own database, for what no endpoint gives out (e.g. a
    /// set-password token).
    pub store: Store,
    pub sandboxes: Sandboxes,
    _dir: tempfile::TempDir,
    task: tokio::task::JoinHandle<()>,
}

impl std::ops::Deref for TestServer {
    type Target = Browser;
    fn deref(&self) -> &Browser {
        &self.browser
    }
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
        TestServer::start_full(adjust, deadline, |_| {}).await
    }

    /// Demo data and the sandboxes, with `configure` applied to the state
    /// (e.g. smaller rate limits).
    pub async fn start_configured(configure: impl FnOnce(&mut AppState)) -> TestServer {
        TestServer::start_full(|e| e, Duration::from_secs(10), configure).await
    }

    pub async fn start_full(
        adjust: impl FnOnce(Endpoints) -> Endpoints,
        deadline: Duration,
        configure: impl FnOnce(&mut AppState),
    ) -> TestServer {
        TestServer::start_serving(adjust, deadline, configure, None).await
    }

    /// As [`TestServer::start_full`], also serving a built SPA from `dist`.
    pub async fn start_serving(
        adjust: impl FnOnce(Endpoints) -> Endpoints,
        deadline: Duration,
        configure: impl FnOnce(&mut AppState),
        dist: Option<&std::path::Path>,
    ) -> TestServer {
        let dir = tempfile::tempdir().unwrap();
        let store = open_store(dir.path()).await;
        demo_seed::seed(&store).await.unwrap();
        demo_seed::seed_users(&store).await.unwrap();
        let sandboxes = sandbox::start().await.unwrap();
        let endpoints = adjust(sandboxes.endpoints.clone());
        let connectors = Connectors::new(endpoints, deadline, Egress::sandbox()).unwrap();
        let mut state = AppState::new(store, connectors);
        configure(&mut state);
        let store = state.store.clone();
        let timeouts = state.timeouts;
        let router = app(state, dist);
        let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
        let addr = listener.local_addr().unwrap();
        // Served the way the binary serves, with the edge's timeouts.
        let task = tokio::spawn(async move {
            dropstream_server::edge::serve(listener, router, timeouts, std::future::pending())
                .await
                .unwrap();
        });
        let browser = Browser::open(format!("http://{addr}")).await;
        browser.sign_in_demo(demo_seed::DEMO_ADMIN).await;
        TestServer {
            browser,
            store,
            sandboxes,
            _dir: dir,
            task,
        }
    }

    /// Every platform's API pointed at `addr` (a closed port, a counter…).
    pub async fn pointing_at(addr: SocketAddr, deadline: Duration) -> TestServer {
        TestServer::pointing_at_configured(addr, deadline, |_| {}).await
    }

    /// As [`TestServer::pointing_at`], with `configure` applied to the state.
    pub async fn pointing_at_configured(
        addr: SocketAddr,
        deadline: Duration,
        configure: impl FnOnce(&mut AppState),
    ) -> TestServer {
        let at = format!("http://{addr}");
        TestServer::start_full(|_| Endpoints::all_at(&at), deadline, configure).await
    }

    /// Another browser on the same server, with its own cookies, signed
    /// in as the demo admin.
    pub async fn other_browser(&self) -> Browser {
        self.browser_as(demo_seed::DEMO_ADMIN).await
    }

    /// Another browser, signed in as `demo_seed::DEMO_USERS[n]`.
    pub async fn browser_as(&self, n: usize) -> Browser {
        let browser = self.signed_out().await;
        browser.sign_in_demo(n).await;
        browser
    }

    /// Another browser that has not signed in.
    pub async fn signed_out(&self) -> Browser {
        Browser::open(self.base.clone()).await
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

/// A new Shopify + ShipBob connection of merchant 1, made over HTTP by `b`,
/// which must be allowed to.
pub async fn create_connection(b: &Browser, name: &str) -> dropstream_api::ConnectionSummary {
    let body = serde_json::json!({"name": name, "store_platform": "shopify",
        "warehouse_platform": "shipbob", "merchant_id": 1});
    let r = b
        .send_body(reqwest::Method::POST, "/api/connections", &body)
        .await;
    assert_eq!(r.status(), 201, "{name}");
    r.json().await.unwrap()
}

pub fn fields(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
    pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect()
}

/// Asserts an error answer's status and code; returns its body.
pub async fn error_of(
    r: reqwest::Response,
    status: u16,
    code: dropstream_api::ErrorCode,
) -> dropstream_api::ApiError {
    assert_eq!(r.status().as_u16(), status);
    let body: dropstream_api::ApiError = r.json().await.unwrap();
    assert_eq!(body.error, code, "{body:?}");
    body
}

/// GETs each of `paths` with `b`: every one must be a JSON 404 that says
/// what it could not find.
pub async fn assert_not_found(b: &Browser, paths: &[&str]) {
    for path in paths {
        let r = b.get(path).await;
        assert_eq!(r.status(), 404, "{path}");
        let e = error_of(r, 404, dropstream_api::ErrorCode::NotFound).await;
        assert!(!e.message.is_empty(), "{path}: {e:?}");
    }
}

/// As [`error_of`], and the message says `words`.
pub async fn error_saying(
    r: reqwest::Response,
    status: u16,
    code: dropstream_api::ErrorCode,
    words: &str,
) -> dropstream_api::ApiError {
    let body = error_of(r, status, code).await;
    assert!(body.message.contains(words), "{words:?}: {body:?}");
    body
}

/// A loopback port with nothing listening: bound, read, released.
pub async fn closed_port() -> SocketAddr {
    let l = TcpListener::bind("127.0.0.1:0").await.unwrap();
    l.local_addr().unwrap()
}

/// A listener on loopback that counts the connections made to it and never
/// answers.
pub async fn counting_listener() -> (SocketAddr, Arc<AtomicUsize>) {
    sandbox::counting_listener("127.0.0.1:0").await.unwrap()
}

mod cases;

#[allow(unused_imports)]
pub use cases::*;
