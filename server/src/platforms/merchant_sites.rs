//! The sites both merchant-hosted sandboxes (WooCommerce, Magento) know: the
//! site's host picks the failure. The ones only one of them knows are in
//! its own fixtures.

use axum::http::header::RETRY_AFTER;
use axum::http::{HeaderValue, StatusCode};
use axum::response::Response;

/// The demo's store.
pub const MERCHANT_SITE: &str = "https://shop.demo-outfitters.example";
/// A web page, not WordPress / not Magento (setup).
pub const MERCHANT_HTML_SITE: &str = "https://www.demo-outfitters.example";
/// 503 HTML "Briefly unavailable for scheduled maintenance."
pub const MERCHANT_OUTAGE_SITE: &str = "https://maintenance.demo-outfitters.example";
/// 429 with `Retry-After: 30`.
pub const MERCHANT_BUSY_SITE: &str = "https://busy.demo-outfitters.example";
/// Never answers.
pub const MERCHANT_HANGING_SITE: &str = "https://slow.demo-outfitters.example";

/// How one merchant-hosted platform's site looks when it is down or busy.
pub(super) struct SiteLook {
    /// The page the site shows during maintenance (503).
    pub maintenance_page: &'static str,
    /// The body of the site's 429; the status and `Retry-After: 30` are
    /// added here.
    pub busy_body: fn() -> Response,
}

/// The answer of a demo site whose failure comes before the platform's own
/// code (maintenance, busy, hanging, a plain web page); None for the demo's
/// store and for `platform_sites`, which the platform answers itself.
pub(super) async fn site_failure(
    host: &str,
    platform_sites: &[&str],
    look: &SiteLook,
) -> Option<Response> {
    let h = crate::sandbox::host_of;
    if host == h(MERCHANT_SITE) || platform_sites.iter().any(|site| host == h(site)) {
        return None;
    }
    Some(match host {
        x if x == h(MERCHANT_OUTAGE_SITE) => {
            crate::sandbox::html(StatusCode::SERVICE_UNAVAILABLE, look.maintenance_page)
        }
        x if x == h(MERCHANT_BUSY_SITE) => {
            let mut busy = (look.busy_body)();
            *busy.status_mut() = StatusCode::TOO_MANY_REQUESTS;
            busy.headers_mut()
                .insert(RETRY_AFTER, HeaderValue::from_static("30"));
            busy
        }
        x if x == h(MERCHANT_HANGING_SITE) => crate::sandbox::hang().await,
        // Any other site: a web page, not the platform.
        _ => crate::sandbox::html(
            StatusCode::OK,
            "<!DOCTYPE html><html><head><title>Demo Outfitters</title></head><body>Our shop</body></html>",
        ),
    })
}
