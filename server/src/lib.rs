//! DropStream Connection Desk backend: the JSON API, the platform connectors,
//! the sandboxes, and the built SPA served from the same origin.

pub mod channels;
pub mod config;
pub mod connectors;
pub mod delivery;
pub mod demo_seed;
pub mod edge;
pub mod error;
pub mod help;
pub mod platforms;
pub mod routes;
pub mod sandbox;
pub mod security;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::extract::Request;
use axum::middleware::{from_fn, from_fn_with_state, Next};
use axum::response::{IntoResponse, Response};
use axum::Router;
use connectors::Connectors;
use std::path::Path;
use std::sync::Arc;
use store::Store;
use tokio::sync::Semaphore;
use tower_http::timeout::RequestBodyTimeoutLayer;
use tower_http::trace::TraceLayer;

/// Request bodies above this are refused with 413; credentials are small.
pub const BODY_LIMIT: usize = 16 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub connectors: Connectors,
    pub limits: security::rate_limit::Limits,
    /// Mark cookies Secure: set when the site is served over https.
    pub secure_cookies: bool,
    /// Demo mode's outbox: invitation links are written to the log with
    /// this base URL. None elsewhere (links then come from the command line).
    pub invite_links: Option<String>,
    /// Outbound tests running at once, all connections together.
    pub test_slots: Arc<Semaphore>,
    pub timeouts: edge::Timeouts,
    pub headers: security::headers::HeaderPolicy,
    /// Reverse proxies whose `X-Forwarded-For` names the client.
    pub trusted_proxies: Vec<ipnet::IpNet>,
    /// How long a channel run may go on before it stops between records.
    pub run_deadline: std::time::Duration,
}

/// Default of `--max-concurrent-tests`.
pub const MAX_CONCURRENT_TESTS: usize = 32;

impl AppState {
    pub fn new(store: Store, connectors: Connectors) -> AppState {
        AppState {
            store,
            connectors,
            limits: Default::default(),
            secure_cookies: false,
            invite_links: None,
            test_slots: Arc::new(Semaphore::new(MAX_CONCURRENT_TESTS)),
            timeouts: Default::default(),
            headers: Default::default(),
            trusted_proxies: Vec::new(),
            run_deadline: channels::runner::RUN_DEADLINE,
        }
    }
}

/// The whole application (serve it with connect info so rate limits see
/// client addresses): `/api/*`, and when `dist` is given, the SPA with
/// `index.html` answering every other path (client-side routing); see
/// [`delivery`] for compression and cache headers.
pub fn app(mut state: AppState, dist: Option<&Path>) -> Router {
    let store = state.store.clone();
    state.limits.share_through(&store);
    // The inline boot scripts of the two pages the desk serves, each
    // allowed on its own page only.
    let hashes = |page: &str| {
        dist.and_then(|d| std::fs::read_to_string(d.join(page)).ok())
            .map(|html| security::headers::inline_script_hashes(&html))
            .unwrap_or_default()
    };
    state.headers.script_hashes = hashes("index.html");
    state.headers.embed_script_hashes = hashes(delivery::EMBED_PAGE);
    let api = routes::api_router()
        .route_layer(from_fn_with_state(
            state.clone(),
            security::rate_limit::test_connection_guard,
        ))
        // Outermost: a request failing the CSRF check goes no further.
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), security::csrf::guard))
        .layer(from_fn(security::cookies::partition_for_frames))
        .layer(from_fn_with_state(
            state.timeouts.request,
            edge::request_deadline,
        ))
        .layer(delivery::api_compression())
        .with_state(state.clone());
    let router = Router::new().nest("/api", api);
    let router = match dist {
        Some(dist) => router.fallback_service(delivery::spa(dist)),
        None => router,
    };
    let router = if state.trusted_proxies.is_empty() {
        router
    } else {
        router.layer(from_fn_with_state(
            state.clone(),
            security::proxy::forwarded_client,
        ))
    };
    router
        .layer(from_fn(no_overlong_segments))
        .layer(RequestBodyTimeoutLayer::new(state.timeouts.body))
        .layer(from_fn_with_state(
            state,
            security::headers::security_headers,
        ))
        .layer(TraceLayer::new_for_http())
}

/// The longest file name most file systems allow, in bytes.
const MAX_SEGMENT: usize = 255;

/// A path segment longer than any file name is nothing we serve: 404 here,
/// before the file server gets an OS error for it and answers 500.
async fn no_overlong_segments(request: Request, next: Next) -> Response {
    if request
        .uri()
        .path()
        .split('/')
        .any(|segment| segment.len() > MAX_SEGMENT)
    {
        return error::AppError::NotFound("There is nothing at this address.".into())
            .into_response();
    }
    next.run(request).await
}
