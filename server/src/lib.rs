//! DropStream Connection Desk backend: the JSON API, the platform connectors,
//! the sandboxes, and the built SPA served from the same origin.

pub mod config;
pub mod connectors;
pub mod delivery;
pub mod demo;
pub mod egress;
pub mod error;
pub mod help;
pub mod routes;
pub mod sandbox;
pub mod security;
pub mod store;

use axum::extract::DefaultBodyLimit;
use axum::middleware::from_fn_with_state;
use axum::Router;
use connectors::Connectors;
use std::path::Path;
use store::Store;
use tower_http::trace::TraceLayer;

/// Request bodies above this are refused with 413; credentials are small.
pub const BODY_LIMIT: usize = 16 * 1024;

#[derive(Clone)]
pub struct AppState {
    pub store: Store,
    pub connectors: Connectors,
    pub in_flight: routes::connections::InFlightSet,
    pub limits: security::rate_limit::Limits,
    /// Mark cookies Secure: set when the site is served over https.
    pub secure_cookies: bool,
    /// Demo mode's outbox: invitation links are written to the log with
    /// this base URL. None elsewhere (links then come from the command line).
    pub invite_links: Option<String>,
}

impl AppState {
    pub fn new(store: Store, connectors: Connectors) -> AppState {
        AppState {
            store,
            connectors,
            in_flight: Default::default(),
            limits: Default::default(),
            secure_cookies: false,
            invite_links: None,
        }
    }
}

/// The whole application (serve it with connect info so rate limits see
/// client addresses): `/api/*`, and when `dist` is given, the SPA with
/// `index.html` answering every other path (client-side routing); see
/// [`delivery`] for compression and cache headers.
pub fn app(state: AppState, dist: Option<&Path>) -> Router {
    let api = routes::api_router()
        .route_layer(from_fn_with_state(
            state.clone(),
            security::rate_limit::test_connection_guard,
        ))
        // Outermost: a request failing the CSRF check goes no further.
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(from_fn_with_state(state.clone(), security::csrf::guard))
        .layer(delivery::api_compression())
        .with_state(state);
    let router = Router::new().nest("/api", api);
    let router = match dist {
        Some(dist) => router.fallback_service(delivery::spa(dist)),
        None => router,
    };
    router.layer(TraceLayer::new_for_http())
}
