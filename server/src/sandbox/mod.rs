//! Local platform sandboxes: loopback HTTP servers that answer the Test
//! Connection calls the way each platform does (status codes, headers, error
//! bodies), so the connectors are exercised over real HTTP.
//!
//! They run only in demo mode and in tests; production endpoints are used
//! otherwise. Which failure a sandbox produces is chosen by the credentials
//! (see [`demo`]), so every badge can be seen from the UI.

pub mod shipbob;
pub mod shopify;

use crate::connectors::Endpoints;
use std::net::SocketAddr;
use tokio::net::TcpListener;
use tokio::task::JoinHandle;

/// Credentials the sandboxes know, and the inputs that trigger each failure.
/// The README lists them.
pub mod demo {
    /// A shop that exists and accepts [`SHOPIFY_TOKEN`].
    pub const SHOPIFY_SHOP: &str = "demo-outfitters.myshopify.com";
    pub const SHOPIFY_TOKEN: &str = "shpat_sandbox_demo_outfitters_0001";
    /// A shop whose API answers 503 (a platform outage).
    pub const SHOPIFY_OUTAGE_SHOP: &str = "under-maintenance.myshopify.com";
    /// A shop whose API never answers (ends at the test deadline).
    pub const SHOPIFY_HANGING_SHOP: &str = "slow-to-answer.myshopify.com";
    /// A shop whose API answers 429 with `Retry-After: 2.0`.
    pub const SHOPIFY_BUSY_SHOP: &str = "busy-shop.myshopify.com";
    // Any other shop does not exist (404).

    pub const SHIPBOB_TOKEN: &str = "sbpat_sandbox_demo_outfitters_0001";
    /// A ShipBob token the sandbox answers with 503.
    pub const SHIPBOB_OUTAGE_TOKEN: &str = "sbpat_sandbox_outage_0001";
    /// A valid ShipBob token without access to channels (403).
    pub const SHIPBOB_NO_ACCESS_TOKEN: &str = "sbpat_sandbox_no_access_0001";
    /// A ShipBob token over its rate limit (429, `x-retry-after: 25`).
    pub const SHIPBOB_RATE_LIMITED_TOKEN: &str = "sbpat_sandbox_rate_limited_0001";
}

/// The running sandboxes and where they listen.
pub struct Sandboxes {
    pub endpoints: Endpoints,
    tasks: Vec<JoinHandle<()>>,
}

impl Drop for Sandboxes {
    fn drop(&mut self) {
        for t in &self.tasks {
            t.abort();
        }
    }
}

/// Starts every sandbox on an ephemeral loopback port.
pub async fn start() -> anyhow::Result<Sandboxes> {
    let (shopify_addr, shopify_task) = serve(shopify::router()).await?;
    let (shipbob_addr, shipbob_task) = serve(shipbob::router()).await?;
    Ok(Sandboxes {
        endpoints: Endpoints {
            shopify: format!("http://{shopify_addr}/{{shop}}"),
            shipbob: format!("http://{shipbob_addr}"),
        },
        tasks: vec![shopify_task, shipbob_task],
    })
}

async fn serve(router: axum::Router) -> anyhow::Result<(SocketAddr, JoinHandle<()>)> {
    let listener = TcpListener::bind(("127.0.0.1", 0)).await?;
    let addr = listener.local_addr()?;
    let task = tokio::spawn(async move {
        if let Err(e) = axum::serve(listener, router).await {
            tracing::error!(error = %e, "sandbox stopped");
        }
    });
    Ok((addr, task))
}
