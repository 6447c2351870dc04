//! The sites both merchant-hosted sandboxes (WooCommerce, Magento) know: the
//! site's host picks the failure. The ones only one of them knows are in
//! its own fixtures.

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
