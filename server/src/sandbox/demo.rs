//! Credentials the sandboxes know, and the inputs that trigger each failure.
//! The README's "Trying every badge" table lists them; every value here
//! passes the api crate's validation, so it reaches the sandbox.

// Shopify: the shop picks the failure, the token the permissions.
/// A shop that exists and accepts [`SHOPIFY_TOKEN`].
pub const SHOPIFY_SHOP: &str = "demo-outfitters.myshopify.com";
pub const SHOPIFY_TOKEN: &str = "shpat_sandbox_demo_outfitters_0001";
/// Valid for [`SHOPIFY_SHOP`], but granted neither `write_fulfillments` nor
/// `write_inventory` (found by the permissions step).
pub const SHOPIFY_NO_FULFILLMENTS_TOKEN: &str = "shpat_sandbox_no_fulfillments_0001";
/// A shop whose API answers 503 (a platform outage).
pub const SHOPIFY_OUTAGE_SHOP: &str = "under-maintenance.myshopify.com";
/// A shop whose API never answers (ends at the test deadline).
pub const SHOPIFY_HANGING_SHOP: &str = "slow-to-answer.myshopify.com";
/// A shop whose API answers 429 with `Retry-After: 2.0`.
pub const SHOPIFY_BUSY_SHOP: &str = "busy-shop.myshopify.com";
/// A frozen shop (402 "Unavailable Shop").
pub const SHOPIFY_FROZEN_SHOP: &str = "frozen-shop.myshopify.com";
/// Answers an HTML page with 200 where the API should be.
pub const SHOPIFY_HTML_SHOP: &str = "storefront-page.myshopify.com";
// Any other shop does not exist (404).

// BigCommerce: the store hash picks the failure.
pub const BIGCOMMERCE_HASH: &str = "d3m0outfitters";
pub const BIGCOMMERCE_TOKEN: &str = "bc_sandbox_demo_outfitters_0001";
/// A valid token without the "Information & settings" scope (403).
pub const BIGCOMMERCE_NO_SCOPE_TOKEN: &str = "bc_sandbox_no_scope_0001";
pub const BIGCOMMERCE_OUTAGE_HASH: &str = "maintenance";
/// 429 with `X-Rate-Limit-Time-Reset-Ms: 15000`.
pub const BIGCOMMERCE_BUSY_HASH: &str = "busystore";
pub const BIGCOMMERCE_HANGING_HASH: &str = "slowstore";
/// A store hash that was deleted: 404.
pub const BIGCOMMERCE_GONE_HASH: &str = "closedstore";
// Any other hash: 403, as BigCommerce answers a token used on another store.

// WooCommerce and Magento: the site's host picks the failure. Both sandboxes
// know the same host names; some only one of them.
pub const MERCHANT_SITE: &str = "https://shop.demo-outfitters.example";
/// A web page, not WordPress / not Magento (setup).
pub const MERCHANT_HTML_SITE: &str = "https://www.demo-outfitters.example";
/// 503 HTML "Briefly unavailable for scheduled maintenance."
pub const MERCHANT_OUTAGE_SITE: &str = "https://maintenance.demo-outfitters.example";
/// 429 with `Retry-After: 30`.
pub const MERCHANT_BUSY_SITE: &str = "https://busy.demo-outfitters.example";
/// Never answers.
pub const MERCHANT_HANGING_SITE: &str = "https://slow.demo-outfitters.example";
/// WooCommerce only: WordPress without WooCommerce (no `wc/v3` namespace).
pub const WOO_WORDPRESS_ONLY_SITE: &str = "https://blog.demo-outfitters.example";
/// WooCommerce only: the REST index is disabled and answers `rest_no_route`.
pub const WOO_NO_ROUTE_SITE: &str = "https://locked.demo-outfitters.example";
/// Magento only: 404 "Request does not match any route." (wrong store).
pub const MAGENTO_WRONG_STORE_SITE: &str = "https://wrong-store.demo-outfitters.example";

pub const WOO_KEY: &str = "ck_sandbox_demo_outfitters_0001";
pub const WOO_SECRET: &str = "cs_sandbox_demo_outfitters_0001";
/// A key created with Write permission only (401 "no read permissions").
pub const WOO_WRITE_ONLY_KEY: &str = "ck_sandbox_write_only_key_0001";
/// A key of a user without the capability to list orders (403).
pub const WOO_CUSTOMER_KEY: &str = "ck_sandbox_customer_user_0001";

pub const MAGENTO_TOKEN: &str = "mg_sandbox_demo_outfitters_0001";

// ShipStation: the API key picks the failure; the secret must match.
pub const SHIPSTATION_KEY: &str = "ss_sandbox_demo_outfitters_key1";
pub const SHIPSTATION_SECRET: &str = "ss_sandbox_demo_outfitters_secret1";
/// 429 with `X-Rate-Limit-Reset: 40`.
pub const SHIPSTATION_RATE_LIMITED_KEY: &str = "ss_sandbox_rate_limited_key1";
/// 500.
pub const SHIPSTATION_OUTAGE_KEY: &str = "ss_sandbox_outage_key0001";
/// Never answers.
pub const SHIPSTATION_HANGING_KEY: &str = "ss_sandbox_hanging_key001";
/// 302 to a login page (redirects are not followed: setup).
pub const SHIPSTATION_REDIRECT_KEY: &str = "ss_sandbox_login_redirect1";

// ShipBob: the token picks the failure.
pub const SHIPBOB_TOKEN: &str = "sbpat_sandbox_demo_outfitters_0001";
/// A ShipBob token the sandbox answers with 503.
pub const SHIPBOB_OUTAGE_TOKEN: &str = "sbpat_sandbox_outage_0001";
/// A valid ShipBob token without access to channels (403).
pub const SHIPBOB_NO_ACCESS_TOKEN: &str = "sbpat_sandbox_no_access_0001";
/// A ShipBob token over its rate limit (429, `x-retry-after: 25`).
pub const SHIPBOB_RATE_LIMITED_TOKEN: &str = "sbpat_sandbox_rate_limited_0001";
/// Valid, but its channel lacks `inventory_read` (permissions step).
pub const SHIPBOB_NO_INVENTORY_TOKEN: &str = "sbpat_sandbox_no_inventory_0001";
/// Never answers.
pub const SHIPBOB_HANGING_TOKEN: &str = "sbpat_sandbox_hanging_0001";
/// Answers an HTML page with 200.
pub const SHIPBOB_HTML_TOKEN: &str = "sbpat_sandbox_html_page_0001";

// Extensiv: the user login id picks the failure; the other three must match.
pub const EXTENSIV_CLIENT_ID: &str = "ext_sandbox_client_0001";
pub const EXTENSIV_CLIENT_SECRET: &str = "ext_sandbox_secret_0001";
pub const EXTENSIV_TPL: &str = "{8b1c3a5e-0000-4000-8000-000000000001}";
pub const EXTENSIV_USER: &str = "1001";
/// Token issued, but the user may not read customers (403).
pub const EXTENSIV_NO_ACCESS_USER: &str = "2002";
/// Token endpoint answers 429 with `Retry-After: 60`.
pub const EXTENSIV_RATE_LIMITED_USER: &str = "4290";
/// Token endpoint answers 503.
pub const EXTENSIV_OUTAGE_USER: &str = "5030";
/// Token endpoint never answers.
pub const EXTENSIV_HANGING_USER: &str = "9990";
/// Token endpoint redirects to a sign-in page (redirects are not followed).
pub const EXTENSIV_REDIRECT_USER: &str = "3020";

// ShipHero: the refresh token picks the failure.
pub const SHIPHERO_REFRESH: &str = "shr_sandbox_demo_outfitters_0001";
/// GraphQL answers an errors[] permission message.
pub const SHIPHERO_NO_ACCESS_REFRESH: &str = "shr_sandbox_no_access_0001";
/// GraphQL answers code 30 "not enough credits", `time_remaining: 7 seconds`.
pub const SHIPHERO_THROTTLED_REFRESH: &str = "shr_sandbox_throttled_0001";
/// GraphQL answers 503.
pub const SHIPHERO_OUTAGE_REFRESH: &str = "shr_sandbox_outage_0001";
/// GraphQL never answers.
pub const SHIPHERO_HANGING_REFRESH: &str = "shr_sandbox_hanging_0001";
/// The refresh endpoint answers an HTML page with 200.
pub const SHIPHERO_HTML_REFRESH: &str = "shr_sandbox_html_page_0001";
