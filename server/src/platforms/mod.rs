//! Every platform the desk can test, keyed by [`Platform`], each in its own
//! folder: `connector.rs` (the real Test Connection call), `sandbox.rs` (the
//! loopback imitation of its API), `fixtures.rs` (what the sandbox accepts,
//! and the inputs that make each failure); its help article is
//! `content/help/platform-<name>.md`. The shared places (the connectors' dispatch, the endpoints, the
//! sandboxes' router) loop over [`home`], whose `match` makes a new
//! platform a compile error until it has a folder here.

pub mod bigcommerce;
pub mod extensiv;
pub mod fixtures;
pub mod magento;
pub mod merchant_sites;
pub mod shipbob;
pub mod shiphero;
pub mod shipstation;
pub mod shopify;
pub mod woocommerce;

use crate::connectors::{Connectors, Credentials, Run};
use axum::Router;
use dropstream_api::Platform;
use fixtures::Fixtures;
use std::future::Future;
use std::pin::Pin;

/// A Test Connection call under way.
pub type TestCall<'a> = Pin<Box<dyn Future<Output = Run> + Send + 'a>>;

/// What the server knows of one platform.
pub struct Home {
    /// The production API base; `{shop}`, `{site}` and `{host}` stand for
    /// the shop or site the user entered.
    pub production: &'static str,
    /// What follows a sandbox's (or a test server's) base in the API base:
    /// the part that names the shop or site (`/{shop}`, `/{host}`).
    pub sandbox_tail: &'static str,
    /// The Test Connection call.
    pub test: for<'a> fn(&'a Connectors, &'a Credentials) -> TestCall<'a>,
    /// The sandbox's routes, served under `/{wire name}`.
    pub sandbox: fn() -> Router,
    /// What the sandbox accepts, and the inputs that make each failure.
    pub fixtures: &'static Fixtures,
    /// The help article about the platform (Markdown, under content/help/).
    pub help: &'static str,
}

/// The home of `platform`.
pub fn home(platform: Platform) -> &'static Home {
    match platform {
        Platform::Shopify => &shopify::HOME,
        Platform::BigCommerce => &bigcommerce::HOME,
        Platform::WooCommerce => &woocommerce::HOME,
        Platform::Magento => &magento::HOME,
        Platform::ShipStation => &shipstation::HOME,
        Platform::ShipBob => &shipbob::HOME,
        Platform::Extensiv => &extensiv::HOME,
        Platform::ShipHero => &shiphero::HOME,
    }
}
