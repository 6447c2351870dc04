//! Table-driven checks of Test Connection results: each platform's rows
//! come from its fixtures (shared with the demo's seeds and the browser
//! tests) and run against its sandbox.

use super::{fields, Browser, TestServer};
use dropstream_api::{Platform, StepStatus, TestRequest};
use dropstream_server::platforms::fixtures::{self, Case};

/// A test request for `platform` with these field values.
pub fn request(platform: Platform, pairs: &[(&str, &str)]) -> TestRequest {
    TestRequest {
        platform,
        fields: fields(pairs),
    }
}

/// Values `platform`'s sandbox accepts, every field typed.
pub fn valid(platform: Platform) -> TestRequest {
    request(platform, fixtures::of(platform).working)
}

/// `valid(platform)` with some fields replaced.
pub fn with(platform: Platform, changes: &[(&str, &str)]) -> TestRequest {
    let mut r = valid(platform);
    for (k, v) in changes {
        r.fields.insert(k.to_string(), v.to_string());
    }
    r
}

/// Runs the rows `pick` keeps, of every platform, against `server`; checks
/// category, status, steps, wording, retry figures and the help link.
/// Returns how many rows ran.
pub async fn check_rows(server: &TestServer, pick: impl Fn(&Case) -> bool) -> usize {
    let mut ran = 0;
    for platform in Platform::ALL {
        for case in fixtures::of(platform).cases.iter().filter(|c| pick(c)) {
            check_row(server, platform, case).await;
            ran += 1;
        }
    }
    ran
}

async fn check_row(server: &TestServer, platform: Platform, case: &Case) {
    let r = server
        .test(platform.side(), &with(platform, case.changes))
        .await;
    let name = format!("{platform}: {}", case.name);
    assert_eq!(r.ok, case.category.is_none(), "{name}: {r:#?}");
    assert_eq!(r.category, case.category, "{name}: {r:#?}");
    assert_eq!(r.http_status, Some(case.http_status), "{name}: {r:#?}");
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

/// A Shopify test of the demo's shop that never answers (the sandbox
/// holds it), as JSON: the test runs until its deadline.
pub fn hanging_shopify_test() -> String {
    let request = with(
        Platform::Shopify,
        &[fixtures::of(Platform::Shopify).hanging],
    );
    serde_json::to_string(&request).unwrap()
}

/// One test per side at a time: `first` runs [`hanging_shopify_test`] on
/// connection 1's store side; `after` into it, `second` (the same browser
/// or another, on this server or another) tests the store side too, then
/// the warehouse side with `warehouse` (JSON). Answers the three tests'
/// (status, body), in that order.
pub async fn overlapping_tests(
    first: &Browser,
    second: &Browser,
    after: std::time::Duration,
    warehouse: &str,
) -> [(u16, String); 3] {
    let hanging = hanging_shopify_test();
    let running = first.post_test_raw("1", "store", &hanging);
    let meanwhile = async {
        tokio::time::sleep(after).await;
        let same_side = second.post_test_raw("1", "store", &hanging).await;
        let other_side = second.post_test_raw("1", "warehouse", warehouse).await;
        (same_side, other_side)
    };
    let (first, (same_side, other_side)) = tokio::join!(running, meanwhile);
    [first, same_side, other_side]
}
