//! Local platform sandboxes: one loopback HTTP server that answers the Test
//! Connection calls the way each platform does (status codes, headers, error
//! bodies), each platform's (`sandbox.rs` in its folder under
//! [`crate::platforms`]) under its own path prefix, so the connectors are
//! exercised over real HTTP.
//!
//! They run only in demo mode and in tests; production endpoints are used
//! otherwise. Which failure a sandbox produces is chosen by the credentials
//! or the shop / site / store hash (see each platform's `fixtures.rs`), so
//! every badge can be seen from the UI.

pub(crate) mod gate;

use crate::connectors::Endpoints;
use crate::platforms::home;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Router;
use dropstream_api::Platform;
use std::net::SocketAddr;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;
use std::time::Duration;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// The running sandboxes and where they listen.
pub struct Sandboxes {
    pub addr: SocketAddr,
    pub endpoints: Endpoints,
    task: JoinHandle<()>,
}

impl Drop for Sandboxes {
    fn drop(&mut self) {
        self.task.abort();
    }
}

/// Every platform's sandbox, each under its wire name.
pub fn router() -> Router {
    Platform::ALL.into_iter().fold(Router::new(), |router, p| {
        router.nest(&format!("/{}", p.as_str()), (home(p).sandbox)())
    })
}

/// Starts the sandboxes on an ephemeral loopback port.
pub async fn start() -> anyhow::Result<Sandboxes> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router()).await {
            tracing::error!(error = %e, "sandbox stopped");
        }
    });
    Ok(Sandboxes {
        addr,
        endpoints: Endpoints::sandboxes_at(&format!("http://{addr}")),
        task,
    })
}

/// A platform that accepts the connection and never answers; the test
/// deadline ends it.
pub(crate) async fn hang() -> Response {
    tokio::time::sleep(Duration::from_secs(3600)).await;
    StatusCode::GATEWAY_TIMEOUT.into_response()
}

/// An HTML page where JSON was expected, with the given status.
pub(crate) fn html(status: StatusCode, body: &'static str) -> Response {
    (status, [("content-type", "text/html; charset=utf-8")], body).into_response()
}

/// The bearer token of a request, if any.
pub(crate) fn bearer(headers: &HeaderMap) -> Option<&str> {
    headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("Bearer ")
}

/// The `user:password` of HTTP Basic authentication, if any.
pub(crate) fn basic(headers: &HeaderMap) -> Option<(String, String)> {
    use base64::Engine as _;
    let encoded = headers
        .get("authorization")?
        .to_str()
        .ok()?
        .strip_prefix("Basic ")?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(encoded)
        .ok()?;
    let text = String::from_utf8(decoded).ok()?;
    let (user, password) = text.split_once(':')?;
    Some((user.to_string(), password.to_string()))
}

/// The host name of a demo site URL (`https://shop.x.example` → `shop.x.example`).
pub(crate) fn host_of(site: &str) -> &str {
    site.trim_start_matches("https://")
}

/// A listener on `addr` that counts the TCP connections made to it and never
/// answers: tests use it to prove that a refused destination was never
/// contacted (and, as a control, that an allowed one was).
pub async fn counting_listener(addr: &str) -> std::io::Result<(SocketAddr, Arc<AtomicUsize>)> {
    let listener = TcpListener::bind(addr).await?;
    let local = listener.local_addr()?;
    let count = Arc::new(AtomicUsize::new(0));
    let seen = count.clone();
    tokio::spawn(async move {
        let mut held = Vec::new();
        while let Ok((socket, _)) = listener.accept().await {
            seen.fetch_add(1, Ordering::SeqCst);
            held.push(socket);
        }
    });
    Ok((local, count))
}
