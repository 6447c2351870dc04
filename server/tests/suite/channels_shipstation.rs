//! ShipStation as the store of Shipments and Inventory, over HTTP against
//! the sandboxes, with ShipBob as the warehouse: tracking marks each order
//! shipped once (one shipped by hand is left alone), a secret ShipStation
//! refuses ends the run on the store side, and Inventory, which ShipStation
//! cannot take, is refused by Run now with the reason.

use crate::support::{error_saying, runs, TestServer};
use dropstream_api::{Category, ErrorCode, Platform, RunOutcome, Side};
use dropstream_server::platforms::shipstation::fixtures::{FIXTURES, SHIPSTATION_ORDERS};
use dropstream_server::platforms::{fixtures, shipbob::fixtures as shipbob};
use reqwest::{Method, StatusCode};
use serde_json::json;

/// The demo account's API key and secret.
fn demo() -> (&'static str, &'static str) {
    (FIXTURES.working("api_key"), FIXTURES.working("api_secret"))
}

/// An enabled ShipStation (demo key and secret) + ShipBob (demo token)
/// connection.
async fn pair(s: &TestServer, name: &str) -> i64 {
    let store = fixtures::of(Platform::ShipStation).working;
    let warehouse = [("access_token", shipbob::SHIPBOB_TOKEN)];
    runs::connection_between(
        s,
        name,
        (Platform::ShipStation, store),
        (Platform::ShipBob, &warehouse),
    )
    .await
}

/// `method path` on the ShipStation sandbox as the demo account.
fn shipstation(s: &TestServer, method: Method, path: &str) -> reqwest::RequestBuilder {
    let base = s.sandboxes.endpoints.of(Platform::ShipStation);
    reqwest::Client::new()
        .request(method, format!("{base}{path}"))
        .basic_auth(demo().0, Some(demo().1))
}

/// The order's `orderStatus` as the sandbox answers it.
async fn status_of(s: &TestServer, order: u64) -> String {
    let body = runs::json_of(shipstation(s, Method::GET, &format!("/orders/{order}"))).await;
    body["orderStatus"].as_str().unwrap_or_default().to_string()
}

/// Sales Orders into ShipBob, which must move the three demo orders.
async fn orders_moved(s: &TestServer, id: i64) {
    let run = runs::run_channel(s, id, "orders").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let n = SHIPSTATION_ORDERS.len() as u32;
    assert_eq!((run.counts.read, run.counts.created), (n, n));
}

#[tokio::test]
async fn shipped_orders_are_marked_shipped_in_shipstation_once() {
    let s = TestServer::start().await;
    let id = pair(&s, "ShipStation shipping").await;
    orders_moved(&s, id).await;
    for o in &SHIPSTATION_ORDERS {
        assert_eq!(status_of(&s, o.id).await, "awaiting_shipment");
    }
    // The merchant ships the first order by hand in ShipStation.
    let by_hand = SHIPSTATION_ORDERS[0];
    let body = json!({"orderId": by_hand.id, "carrierCode": "ups", "trackingNumber": "1ZHAND"});
    let r = shipstation(&s, Method::POST, "/orders/markasshipped")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::OK);

    let run = runs::run_channel(&s, id, "shipments").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let c = &run.counts;
    assert_eq!((c.read, c.updated, c.skipped, c.failed), (3, 2, 1, 0));
    for o in &SHIPSTATION_ORDERS {
        assert_eq!(status_of(&s, o.id).await, "shipped", "{}", o.number);
    }

    // Again: ShipBob lists no tracking the store lacks, and ShipStation no
    // order awaiting shipment.
    runs::nothing_left_to_ship(&s, id).await;
    runs::no_open_orders(&s, id).await;
}

#[tokio::test]
async fn a_secret_shipstation_refuses_ends_shipments_on_the_store_side() {
    let s = TestServer::start().await;
    let id = pair(&s, "ShipStation refused").await;
    orders_moved(&s, id).await;
    let wrong = FIXTURES
        .cases
        .iter()
        .find(|c| c.category == Some(Category::InvalidCredentials))
        .unwrap()
        .changes[0];
    assert_eq!(wrong.0, "api_secret");
    let store = [("api_key", demo().0), wrong];
    runs::save_side(&s, id, Side::Store, &store).await;

    let run = runs::run_channel(&s, id, "shipments").await;
    let d = runs::failed_on(&run, Side::Store, Category::InvalidCredentials, "run");
    assert_eq!(
        d.message,
        "The store refused our credentials: update the Store credentials."
    );
    assert_eq!((run.counts.read, run.counts.updated), (1, 0));
    assert_eq!(
        status_of(&s, SHIPSTATION_ORDERS[0].id).await,
        "awaiting_shipment"
    );
    let text = serde_json::to_string(&run).unwrap();
    assert!(!text.contains(wrong.1), "{text}");

    // Nothing was marked sent in ShipBob: with the secret back, all go.
    let store = [("api_key", demo().0), ("api_secret", demo().1)];
    runs::save_side(&s, id, Side::Store, &store).await;
    let retried = runs::run_channel(&s, id, "shipments").await;
    assert_eq!(retried.counts.updated, 3, "{retried:?}");
}

#[tokio::test]
async fn inventory_does_not_run_with_shipstation_and_run_now_says_why() {
    let s = TestServer::start().await;
    let id = pair(&s, "ShipStation stock").await;
    let r = runs::run_now(&s, &format!("/api/connections/{id}"), "inventory").await;
    let e = error_saying(r, 501, ErrorCode::NotBuilt, "keeps no stock levels").await;
    assert!(
        e.message.starts_with(
            "Inventory cannot run between ShipStation and ShipBob: ShipStation's V1 API"
        ),
        "{}",
        e.message
    );
    assert!(!e.message.contains("not built yet"), "{}", e.message);
    // Turning it on says the same, and that it stays off.
    let path = format!("/api/connections/{id}/channels/inventory");
    let r = s
        .send_body(Method::PATCH, &path, &json!({"enabled": true}))
        .await;
    error_saying(r, 501, ErrorCode::NotBuilt, "V2 Inventory API").await;
    let inventory: dropstream_api::ChannelState = s.get_json(&path).await;
    assert!(!inventory.enabled);
    // The permissions list on the settings page says so too.
    let needs = Platform::ShipStation.channel_needs();
    assert!(needs[2].permissions[0].starts_with("not available"));
    // The other channels run.
    orders_moved(&s, id).await;
}

#[tokio::test]
async fn the_sandbox_answers_markasshipped_as_shipstation_does() {
    let s = TestServer::start().await;
    let order = SHIPSTATION_ORDERS[1];
    let mark = |body: serde_json::Value| {
        shipstation(&s, Method::POST, "/orders/markasshipped").json(&body)
    };
    // A body without its carrier: ShipStation's error shape, with limits.
    let r = mark(json!({"orderId": order.id, "shipDate": "2026-12-03"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    assert_eq!(r.headers()["x-rate-limit-limit"], "40");
    let e: serde_json::Value = r.json().await.unwrap();
    assert_eq!(e["Message"], "The request is invalid.");
    assert_eq!(e["ExceptionMessage"], "carrierCode is required.");
    let r = mark(json!({"orderId": order.id, "carrierCode": "usps", "shipDate": "tomorrow"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let r = shipstation(&s, Method::POST, "/orders/markasshipped")
        .header("content-type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::BAD_REQUEST);
    let e: serde_json::Value = r.json().await.unwrap();
    assert!(e["ExceptionMessage"].is_string(), "{e}");
    assert_eq!(status_of(&s, order.id).await, "awaiting_shipment");

    // An order the account lacks.
    let r = mark(json!({"orderId": 1, "carrierCode": "usps"}))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::NOT_FOUND);

    // A good one: the order's id and number, and it leaves the listing.
    let good = json!({"orderId": order.id, "carrierCode": "usps", "shipDate": "2026-12-03",
        "trackingNumber": "9400", "notifyCustomer": true, "notifySalesChannel": true});
    let r = mark(good).send().await.unwrap();
    assert_eq!(r.status(), StatusCode::OK);
    assert_eq!(r.headers()["x-rate-limit-remaining"], "39");
    let answer: serde_json::Value = r.json().await.unwrap();
    assert_eq!(
        answer,
        json!({"orderId": order.id, "orderNumber": order.number})
    );
    assert_eq!(status_of(&s, order.id).await, "shipped");
    let listing = runs::json_of(shipstation(
        &s,
        Method::GET,
        "/orders?orderStatus=awaiting_shipment&page=1&pageSize=50",
    ))
    .await;
    let listed: Vec<u64> = listing["orders"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["orderId"].as_u64().unwrap())
        .collect();
    assert_eq!(listed, [SHIPSTATION_ORDERS[0].id, SHIPSTATION_ORDERS[2].id]);

    // Keys the sandbox does not take get a 401, with the limits too.
    let base = s.sandboxes.endpoints.of(Platform::ShipStation);
    let r = reqwest::Client::new()
        .get(format!("{base}/orders/{}", order.id))
        .basic_auth(demo().0, Some("nope"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), StatusCode::UNAUTHORIZED);
    assert!(r.headers().contains_key("x-rate-limit-reset"));
}
