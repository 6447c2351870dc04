//! Channels over HTTP: each connection has its three, off until someone
//! turns them on; who may see and change them; runs and their logs.

use crate::support;

use dropstream_api::{Channel, ChannelState, ErrorCode, Schedule};
use dropstream_server::demo_seed::{DEMO_MERCHANT_USER, DEMO_STAFF, OTHER_MERCHANT_USER};
use reqwest::Method;
use serde_json::json;
use support::{error_of, TestServer};

async fn channels(b: &support::Browser, id: i64) -> Vec<ChannelState> {
    let r = b.get(&format!("/api/connections/{id}/channels")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

#[tokio::test]
async fn every_connection_has_three_channels_off_until_turned_on() {
    let s = TestServer::start().await;
    let listed = channels(&s, 1).await;
    assert_eq!(
        listed.iter().map(|c| c.channel).collect::<Vec<_>>(),
        Channel::ALL
    );
    assert!(listed.iter().all(|c| !c.enabled && c.latest.is_none()));
    assert!(listed.iter().all(|c| c.schedule == Schedule::Hourly));

    let r = s
        .send_body(
            Method::PATCH,
            "/api/connections/1/channels/orders",
            &json!({"enabled": true, "schedule": "every_15_minutes"}),
        )
        .await;
    assert_eq!(r.status(), 200);
    let orders: ChannelState = r.json().await.unwrap();
    assert!(orders.enabled);
    assert_eq!(orders.schedule, Schedule::Every15Minutes);
    // Only what was sent changes.
    let r = s
        .send_body(
            Method::PATCH,
            "/api/connections/1/channels/orders",
            &json!({"enabled": false}),
        )
        .await;
    let orders: ChannelState = r.json().await.unwrap();
    assert!(!orders.enabled);
    assert_eq!(orders.schedule, Schedule::Every15Minutes);
    assert_eq!(channels(&s, 1).await[0], orders);

    // A connection made now has its channels too.
    let r = s
        .send_body(
            Method::POST,
            "/api/connections",
            &json!({"name": "Fresh", "store_platform": "shopify",
                    "warehouse_platform": "shipbob", "merchant_id": 1}),
        )
        .await;
    let id = r.json::<serde_json::Value>().await.unwrap()["id"]
        .as_i64()
        .unwrap();
    assert_eq!(channels(&s, id).await.len(), 3);
}

#[tokio::test]
async fn channels_answer_as_their_connection_does_for_each_person() {
    let s = TestServer::start().await;
    let on = json!({"enabled": true});
    let path = "/api/connections/1/channels/inventory";
    let owner = s.browser_as(DEMO_MERCHANT_USER).await;
    assert_eq!(
        owner.send_body(Method::PATCH, path, &on).await.status(),
        200
    );
    let staff = s.browser_as(DEMO_STAFF).await;
    assert_eq!(staff.get("/api/connections/1/channels").await.status(), 200);
    error_of(
        staff.send_body(Method::PATCH, path, &on).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    let other = s.browser_as(OTHER_MERCHANT_USER).await;
    error_of(
        other.get("/api/connections/1/channels").await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    error_of(
        other.send_body(Method::PATCH, path, &on).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let signed_out = s.signed_out().await;
    assert_eq!(
        signed_out.get("/api/connections/1/channels").await.status(),
        401
    );

    // Names that are not channels or schedules.
    let r = s
        .send_body(Method::PATCH, "/api/connections/1/channels/returns", &on)
        .await;
    let e = error_of(r, 404, ErrorCode::NotFound).await;
    assert!(
        e.message.contains("orders, shipments or inventory"),
        "{}",
        e.message
    );
    let r = s
        .send_body(Method::PATCH, path, &json!({"schedule": "every_minute"}))
        .await;
    error_of(r, 422, ErrorCode::InvalidJson).await;
    assert_eq!(s.get("/api/connections/1/runs/77").await.status(), 404);
}
