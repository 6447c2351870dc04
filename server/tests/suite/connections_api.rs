//! The connections API: shapes, masking, and clear 4xx JSON errors.

use crate::support;

use dropstream_api::{
    ApiError, ConnectionDetail, ConnectionSummary, ErrorCode, Platform, SavedValue, Side,
};
use dropstream_server::platforms::shipbob::fixtures::SHIPBOB_TOKEN;
use dropstream_server::platforms::shopify::fixtures::{
    FIXTURES as SHOPIFY, SHOPIFY_SHOP, SHOPIFY_TOKEN,
};
use support::TestServer;

fn api_error(status: u16, body: &str, expected_status: u16, code: ErrorCode) -> ApiError {
    assert_eq!(status, expected_status, "{body}");
    let e: ApiError =
        serde_json::from_str(body).unwrap_or_else(|_| panic!("not an ApiError: {body}"));
    assert_eq!(e.error, code, "{body}");
    assert!(!e.message.is_empty());
    e
}

#[tokio::test]
async fn lists_the_demo_connection() {
    let s = TestServer::start().await;
    let (status, body) = s.get_text("/api/connections").await;
    assert_eq!(status, 200);
    let list: Vec<ConnectionSummary> = serde_json::from_str(&body).unwrap();
    // Connection 1 is the original demo pair; more demo connections follow
    // so every platform is reachable.
    assert_eq!(list[0].id, 1);
    assert_eq!(list[0].name, "Demo Outfitters");
    assert_eq!(list[0].store_platform, Platform::Shopify);
    assert_eq!(list[0].warehouse_platform, Platform::ShipBob);
    for platform in Platform::ALL {
        assert!(
            list.iter()
                .any(|c| c.store_platform == platform || c.warehouse_platform == platform),
            "no demo connection uses {platform}"
        );
    }
}

#[tokio::test]
async fn detail_shows_plain_values_and_masks_secrets() {
    let s = TestServer::start().await;
    let (status, body) = s.get_text("/api/connections/1").await;
    assert_eq!(status, 200);
    assert!(
        !body.contains(SHOPIFY_TOKEN) && !body.contains(SHIPBOB_TOKEN),
        "{body}"
    );
    let c: ConnectionDetail = serde_json::from_str(&body).unwrap();
    let store = c.side(Side::Store);
    assert_eq!(
        store.field("shop_domain").unwrap().value,
        SavedValue::Plain {
            value: SHOPIFY_SHOP.into()
        }
    );
    assert_eq!(
        store.field("access_token").unwrap().value,
        SavedValue::Secret {
            set: true,
            hint: Some("•••• 0001".into())
        }
    );
    assert!(matches!(
        c.side(Side::Warehouse).field("access_token").unwrap().value,
        SavedValue::Secret { set: true, .. }
    ));
}

#[tokio::test]
async fn unknown_connections_sides_and_endpoints_are_404_json() {
    let s = TestServer::start().await;
    let paths = [
        "/api/connections/99",
        "/api/connections/abc",
        "/api/connections/0",
        "/api/nothing-here",
    ];
    support::assert_not_found(&s, &paths).await;
    let ok = r#"{"platform":"shopify","fields":{}}"#;
    let (status, body) = s.post_test_raw("99", "store", ok).await;
    let e = api_error(status, &body, 404, ErrorCode::NotFound);
    assert!(e.message.contains("99"), "{}", e.message);
    let (status, body) = s.post_test_raw("1", "billing", ok).await;
    let e = api_error(status, &body, 404, ErrorCode::NotFound);
    assert!(e.message.contains("store or warehouse"), "{}", e.message);
}

#[tokio::test]
async fn malformed_bodies_get_clear_errors() {
    let s = TestServer::start().await;
    let (status, body) = s.post_test_raw("1", "store", r#"{"platform":"#).await;
    api_error(status, &body, 400, ErrorCode::InvalidJson);

    let (status, body) = s
        .post_test_raw("1", "store", r#"{"platform":"prestashop"}"#)
        .await;
    let e = api_error(status, &body, 422, ErrorCode::InvalidJson);
    assert!(e.message.contains("platform"), "{}", e.message);

    let (status, body) = s
        .post_test_raw(
            "1",
            "store",
            r#"{"platform":"shopify","fields":{"shop_domain":5}}"#,
        )
        .await;
    api_error(status, &body, 422, ErrorCode::InvalidJson);

    let r = s
        .send(reqwest::Method::POST, "/api/connections/1/store/test")
        .header("content-type", "text/plain")
        .body(r#"{"platform":"shopify"}"#)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    api_error(
        status,
        &r.text().await.unwrap(),
        415,
        ErrorCode::UnsupportedMediaType,
    );
}

#[tokio::test]
async fn oversized_bodies_are_refused_with_413() {
    let s = TestServer::start().await;
    let huge = "x".repeat(dropstream_server::BODY_LIMIT + 1);
    let body = format!(r#"{{"platform":"shopify","fields":{{"access_token":"{huge}"}}}}"#);
    let (status, text) = s.post_test_raw("1", "store", &body).await;
    api_error(status, &text, 413, ErrorCode::PayloadTooLarge);
}

#[tokio::test]
async fn a_platform_of_the_other_side_is_refused() {
    let s = TestServer::start().await;
    let (status, body) = s
        .post_test_raw("1", "store", r#"{"platform":"shipbob","fields":{}}"#)
        .await;
    let e = api_error(status, &body, 400, ErrorCode::BadRequest);
    assert!(e.message.contains("warehouse platform"), "{}", e.message);
}

/// The side is free again by the time an answer arrives: a client that
/// tests again straight away is never told a test is still running (on
/// PostgreSQL the lease row is deleted before the answer goes out).
#[tokio::test]
async fn back_to_back_tests_of_one_side_all_run() {
    let s = TestServer::start_configured(|state| {
        state.limits.test_connection = dropstream_server::security::rate_limit::RateLimiter::new(
            1_000,
            std::time::Duration::from_secs(60),
        );
    })
    .await;
    let request = format!(
        r#"{{"platform":"shopify","fields":{{"shop_domain":"{}","access_token":""}}}}"#,
        SHOPIFY_SHOP
    );
    for n in 0..200 {
        let (status, body) = s.post_test_raw("1", "store", &request).await;
        assert_eq!(status, 200, "test {n}: {body}");
    }
}

#[tokio::test]
async fn one_test_per_side_at_a_time() {
    let s = TestServer::start_with(|e| e, std::time::Duration::from_millis(1500)).await;
    let after = std::time::Duration::from_millis(300);
    let warehouse = r#"{"platform":"shipbob"}"#;
    let [first, (status, body), other] = support::overlapping_tests(&s, &s, after, warehouse).await;
    assert_eq!(first.0, 200, "{}", first.1);
    api_error(status, &body, 409, ErrorCode::Conflict);
    // The other side is independent.
    assert_eq!(other.0, 200, "{}", other.1);
    // The slot is free again once the first test ended.
    let (again, _) = s
        .post_test_raw(
            "1",
            "store",
            r#"{"platform":"shopify","fields":{"shop_domain":"demo-outfitters"}}"#,
        )
        .await;
    assert_eq!(again, 200);
}

#[tokio::test]
async fn no_answer_of_the_flow_contains_a_saved_secret() {
    let s = TestServer::start().await;
    let mut bodies = vec![
        s.get_text("/api/connections").await.1,
        s.get_text("/api/connections/1").await.1,
    ];
    for (side, body) in [
        (
            "store",
            format!(
                r#"{{"platform":"shopify","fields":{{"shop_domain":"{}"}}}}"#,
                SHOPIFY_SHOP
            ),
        ),
        (
            "store",
            format!(
                r#"{{"platform":"shopify","fields":{{"shop_domain":"{}"}}}}"#,
                SHOPIFY.input("outage")
            ),
        ),
        (
            "store",
            r#"{"platform":"shopify","fields":{"shop_domain":"unknown-shop"}}"#.to_string(),
        ),
        (
            "store",
            r#"{"platform":"shopify","fields":{"shop_domain":"bad domain!"}}"#.to_string(),
        ),
        ("warehouse", r#"{"platform":"shipbob"}"#.to_string()),
        ("warehouse", r#"{"platform":"shopify"}"#.to_string()),
    ] {
        bodies.push(s.post_test_raw("1", side, &body).await.1);
    }
    // Malformed bodies carrying a secret: serde's messages quote bad values.
    for body in [
        format!(r#"{{"platform":"{}"}}"#, SHOPIFY_TOKEN),
        format!(
            r#"{{"platform":"shopify","fields":{{"access_token":["{}"]}}}}"#,
            SHOPIFY_TOKEN
        ),
        format!(r#"{{"platform":"shopify","fields":"{}"}}"#, SHOPIFY_TOKEN),
    ] {
        let (status, answer) = s.post_test_raw("1", "store", &body).await;
        assert_eq!(status, 422, "{answer}");
        bodies.push(answer);
    }
    for body in &bodies {
        for secret in [SHOPIFY_TOKEN, SHIPBOB_TOKEN] {
            assert!(!body.contains(secret), "secret leaked in {body}");
        }
    }
    // The scan can find a secret: the seeded ones are what the sandboxes accept.
    assert!(bodies.iter().any(|b| b.contains("\"ok\":true")));
}
