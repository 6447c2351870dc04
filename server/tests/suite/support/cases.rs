//! Table-driven checks of Test Connection results: one `Case` per platform
//! × category row, and working sandbox credentials per platform.

use super::{fields, TestServer};
use dropstream_api::{Category, Platform, StepStatus, TestRequest};

/// A test request for `platform` with these field values.
pub fn request(platform: Platform, pairs: &[(&str, &str)]) -> TestRequest {
    TestRequest {
        platform,
        fields: fields(pairs),
    }
}

/// What one row of a platform × category table expects.
pub struct Case {
    pub name: &'static str,
    pub request: TestRequest,
    /// `None`: success.
    pub category: Option<Category>,
    pub http_status: Option<u16>,
    /// Reach host, Authenticate, Check permissions.
    pub steps: [StepStatus; 3],
    /// Text the message or the guidance must contain (each, case-sensitive).
    pub says: &'static [&'static str],
    pub retry_after: Option<u64>,
}

/// Runs every case against `server` and checks category, status, steps,
/// wording, retry figures and the help link.
pub async fn check_cases(server: &TestServer, cases: Vec<Case>) {
    for case in cases {
        let side = case.request.platform.side();
        let r = server.test(side, &case.request).await;
        let name = case.name;
        assert_eq!(r.ok, case.category.is_none(), "{name}: {r:#?}");
        assert_eq!(r.category, case.category, "{name}: {r:#?}");
        assert_eq!(r.http_status, case.http_status, "{name}: {r:#?}");
        let steps: Vec<StepStatus> = r.steps.iter().map(|s| s.status).collect();
        assert_eq!(steps, case.steps, "{name}: {r:#?}");
        let names: Vec<&str> = r.steps.iter().map(|s| s.name.as_str()).collect();
        assert_eq!(
            names,
            ["Reach host", "Authenticate", "Check permissions"],
            "{name}"
        );
        let text = format!("{} | {}", r.message, r.guidance);
        for needle in case.says {
            assert!(text.contains(needle), "{name}: {needle:?} not in {text:?}");
        }
        assert_eq!(r.retry_after, case.retry_after, "{name}: {r:#?}");
        match case.category {
            Some(category) => {
                assert!(!r.message.is_empty() && !r.guidance.is_empty(), "{name}");
                assert_eq!(r.retryable, category.retryable(), "{name}");
                let help = r
                    .help
                    .as_ref()
                    .unwrap_or_else(|| panic!("{name}: no help link"));
                assert_eq!(help.slug, "test-connection", "{name}");
                assert_eq!(help.anchor, category.as_str().replace('_', "-"), "{name}");
            }
            None => assert!(r.help.is_none() && !r.retryable, "{name}"),
        }
    }
}

#[allow(unused_imports)]
pub use StepStatus::{Failed as F, Passed as P, Skipped as S};

/// Working sandbox credentials for `platform`, every field typed.
pub fn valid(platform: Platform) -> TestRequest {
    use dropstream_server::sandbox::demo as d;
    let pairs: &[(&str, &str)] = match platform {
        Platform::Shopify => &[
            ("shop_domain", d::SHOPIFY_SHOP),
            ("access_token", d::SHOPIFY_TOKEN),
        ],
        Platform::BigCommerce => &[
            ("store_hash", d::BIGCOMMERCE_HASH),
            ("access_token", d::BIGCOMMERCE_TOKEN),
        ],
        Platform::WooCommerce => &[
            ("site_url", d::MERCHANT_SITE),
            ("consumer_key", d::WOO_KEY),
            ("consumer_secret", d::WOO_SECRET),
        ],
        Platform::Magento => &[
            ("site_url", d::MERCHANT_SITE),
            ("access_token", d::MAGENTO_TOKEN),
        ],
        Platform::ShipStation => &[
            ("api_key", d::SHIPSTATION_KEY),
            ("api_secret", d::SHIPSTATION_SECRET),
        ],
        Platform::ShipBob => &[("access_token", d::SHIPBOB_TOKEN)],
        Platform::Extensiv => &[
            ("client_id", d::EXTENSIV_CLIENT_ID),
            ("client_secret", d::EXTENSIV_CLIENT_SECRET),
            ("tpl_key", d::EXTENSIV_TPL),
            ("user_login_id", d::EXTENSIV_USER),
        ],
        Platform::ShipHero => &[("refresh_token", d::SHIPHERO_REFRESH)],
    };
    request(platform, pairs)
}

/// `valid(platform)` with some fields replaced.
pub fn with(platform: Platform, changes: &[(&str, &str)]) -> TestRequest {
    let mut r = valid(platform);
    for (k, v) in changes {
        r.fields.insert(k.to_string(), v.to_string());
    }
    r
}

/// A success row: every step passed but `perms`.
pub fn ok(
    name: &'static str,
    request: TestRequest,
    perms: StepStatus,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        request,
        category: None,
        http_status: Some(200),
        steps: [StepStatus::Passed, StepStatus::Passed, perms],
        says,
        retry_after: None,
    }
}

/// A failure row.
pub fn fail(
    name: &'static str,
    request: TestRequest,
    category: Category,
    status: u16,
    steps: [StepStatus; 3],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        request,
        category: Some(category),
        http_status: Some(status),
        steps,
        says,
        retry_after: None,
    }
}

/// A rate-limited row: the platform answered `status` and said to wait.
pub fn limited(
    name: &'static str,
    request: TestRequest,
    status: u16,
    secs: u64,
    says: &'static [&'static str],
) -> Case {
    use StepStatus::{Passed, Skipped};
    Case {
        retry_after: Some(secs),
        ..fail(
            name,
            request,
            Category::RateLimited,
            status,
            [Passed, Skipped, Skipped],
            says,
        )
    }
}

/// A Shopify test of the demo's shop that never answers (the sandbox
/// holds it), as JSON: the test runs until its deadline.
pub fn hanging_shopify_test() -> String {
    use dropstream_server::sandbox::demo;
    format!(
        r#"{{"platform":"shopify","fields":{{"shop_domain":"{}","access_token":"{}"}}}}"#,
        demo::SHOPIFY_HANGING_SHOP,
        demo::SHOPIFY_TOKEN
    )
}
