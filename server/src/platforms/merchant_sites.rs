//! The sites both merchant-hosted sandboxes (WooCommerce, Magento) know: the
//! site's host picks the failure. The ones only one of them knows are in
//! its own fixtures.

use super::open_orders::{StoreInputs, StoreOrder};
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
/// A store whose open orders name a SKU no warehouse stocks, beside
/// stocked ones (Sales Orders runs).
pub const MERCHANT_MISMATCH_SITE: &str = "https://new-collection.demo-outfitters.example";
/// A store whose second page of open orders answers 429.
pub const MERCHANT_THROTTLED_PAGES_SITE: &str = "https://throttled-pages.demo-outfitters.example";
/// A store whose second page of open orders never answers.
pub const MERCHANT_STALLED_PAGES_SITE: &str = "https://stalled-pages.demo-outfitters.example";
/// The stores both platforms answer themselves: the demo's, and the ones
/// whose open orders make a run's failures.
const STORES: [&str; 4] = [
    MERCHANT_SITE,
    MERCHANT_MISMATCH_SITE,
    MERCHANT_THROTTLED_PAGES_SITE,
    MERCHANT_STALLED_PAGES_SITE,
];

/// A merchant-hosted store's Sales Orders inputs, by site: the demo site
/// lists `orders`; [`MERCHANT_MISMATCH_SITE`] the first two and
/// `mismatch_order`; the second page of orders on
/// [`MERCHANT_THROTTLED_PAGES_SITE`] answers 429 `Retry-After: 30` (as a
/// host or firewall does: neither platform limits its REST API itself),
/// and on [`MERCHANT_STALLED_PAGES_SITE`] never answers.
pub const fn store_inputs(
    orders: &'static [StoreOrder],
    mismatch_order: StoreOrder,
) -> StoreInputs {
    StoreInputs {
        field: "site_url",
        orders,
        mismatch: MERCHANT_MISMATCH_SITE,
        mismatch_order,
        throttled: MERCHANT_THROTTLED_PAGES_SITE,
        stalled: MERCHANT_STALLED_PAGES_SITE,
    }
}

/// Whether `host` is one of the stores both platforms answer themselves.
pub(super) fn is_store(host: &str) -> bool {
    STORES
        .iter()
        .any(|site| host == crate::sandbox::host_of(site))
}

/// How one merchant-hosted platform's site looks when it is down or busy.
pub(super) struct SiteLook {
    /// The page the site shows during maintenance (503).
    pub maintenance_page: &'static str,
    /// The body of the site's 429; the status and `Retry-After: 30` are
    /// added here.
    pub busy_body: fn() -> Response,
}

/// The answer of a demo site whose failure comes before the platform's own
/// code (maintenance, busy, hanging, a plain web page); None for the
/// stores and for `platform_sites`, which the platform answers itself.
pub(super) async fn site_failure(
    host: &str,
    platform_sites: &[&str],
    look: &SiteLook,
) -> Option<Response> {
    let h = crate::sandbox::host_of;
    if is_store(host) || platform_sites.iter().any(|site| host == h(site)) {
        return None;
    }
    Some(match host {
        x if x == h(MERCHANT_OUTAGE_SITE) => {
            crate::sandbox::html(StatusCode::SERVICE_UNAVAILABLE, look.maintenance_page)
        }
        x if x == h(MERCHANT_BUSY_SITE) => busy(look),
        x if x == h(MERCHANT_HANGING_SITE) => crate::sandbox::hang().await,
        // Any other site: a web page, not the platform.
        _ => crate::sandbox::html(
            StatusCode::OK,
            "<!DOCTYPE html><html><head><title>Demo Outfitters</title></head><body>Our shop</body></html>",
        ),
    })
}

/// The site's 429 (its host's or its firewall's: neither platform limits
/// its REST API itself), with `Retry-After: 30`.
pub(super) fn busy(look: &SiteLook) -> Response {
    let mut busy = (look.busy_body)();
    *busy.status_mut() = StatusCode::TOO_MANY_REQUESTS;
    busy.headers_mut()
        .insert(RETRY_AFTER, HeaderValue::from_static("30"));
    busy
}
