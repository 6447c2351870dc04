//! The Test Connection history over HTTP: every run that reached a
//! platform is recorded (never a secret), newest first, and the list and the
//! detail carry each side's latest run.

use crate::support;

use dropstream_api::{ApiError, ConnectionDetail, ConnectionSummary, ErrorCode, Platform, TestRun};
use dropstream_server::platforms::shopify::fixtures::SHOPIFY_SHOP;
use serde_json::json;
use support::TestServer;

fn decode<T: serde::de::DeserializeOwned>(status: u16, body: &str, expected: u16) -> T {
    assert_eq!(status, expected, "{body}");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

async fn detail(s: &TestServer, id: i64) -> ConnectionDetail {
    let (status, body) = s.get_text(&format!("/api/connections/{id}")).await;
    decode(status, &body, 200)
}

#[tokio::test]
async fn every_test_run_lands_in_the_history_and_the_list() {
    let s = TestServer::start().await;
    let (status, body) = s.get_text("/api/connections/1/store/history").await;
    let empty: Vec<TestRun> = decode(status, &body, 200);
    assert!(empty.is_empty());

    let ok =
        json!({"platform": "shopify", "fields": {"shop_domain": SHOPIFY_SHOP, "access_token": ""}});
    let bad = json!({"platform": "shopify", "fields": {"shop_domain": SHOPIFY_SHOP, "access_token": "shpat_wrong_token_1"}});
    for body in [&ok, &bad] {
        let (status, text) = s.post_test_raw("1", "store", &body.to_string()).await;
        assert_eq!(status, 200, "{text}");
    }
    // An invalid form sends nothing to the platform and is not a run.
    let (status, _) = s
        .post_test_raw(
            "1",
            "store",
            r#"{"platform":"shopify","fields":{"shop_domain":"x.example.com"}}"#,
        )
        .await;
    assert_eq!(status, 200);

    let (status, body) = s.get_text("/api/connections/1/store/history").await;
    assert!(!body.contains("shpat_wrong_token_1"), "{body}");
    let runs: Vec<TestRun> = decode(status, &body, 200);
    assert_eq!(runs.len(), 2, "{body}");
    let (newest, oldest) = (&runs[0], &runs[1]);
    assert!(!newest.ok);
    assert_eq!(
        newest.category,
        Some(dropstream_api::Category::InvalidCredentials)
    );
    assert_eq!(newest.http_status, Some(401));
    assert!(oldest.ok);
    assert_eq!(oldest.http_status, Some(200));
    assert_eq!(oldest.platform, Platform::Shopify);
    assert_eq!(oldest.ran_by, "Ada Admin");
    assert!(
        oldest.at.ends_with('Z') && oldest.at <= newest.at,
        "{}",
        oldest.at
    );

    let (_, body) = s.get_text("/api/connections/1/warehouse/history").await;
    assert_eq!(body, "[]");

    let (status, body) = s.get_text("/api/connections").await;
    let list: Vec<ConnectionSummary> = decode(status, &body, 200);
    assert_eq!(list[0].store_last.as_ref(), Some(newest));
    assert_eq!(list[0].warehouse_last, None);
    let d = detail(&s, 1).await;
    assert_eq!(d.store.last_test.as_ref(), Some(newest));

    let (status, body) = s.get_text("/api/connections/9/store/history").await;
    let e: ApiError = decode(status, &body, 404);
    assert_eq!(e.error, ErrorCode::NotFound);
}

/// "Who ran it" is the signed-in account's display name.
#[tokio::test]
async fn a_signed_in_run_records_who_ran_it() {
    let s = TestServer::start().await;
    let user = s.sign_in_demo(0).await;
    let ok =
        json!({"platform": "shopify", "fields": {"shop_domain": SHOPIFY_SHOP, "access_token": ""}});
    let (status, text) = s.post_test_raw("1", "store", &ok.to_string()).await;
    assert_eq!(status, 200, "{text}");
    let (status, body) = s.get_text("/api/connections/1/store/history").await;
    let runs: Vec<TestRun> = decode(status, &body, 200);
    assert_eq!(runs.len(), 1, "{body}");
    assert_eq!(runs[0].ran_by, user.display_name);
    assert_eq!(runs[0].ran_by, "Ana Merchant");
}
