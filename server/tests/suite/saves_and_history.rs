//! Managing connections over HTTP: create / rename / enable / delete, and
//! saving a side's credentials (validated, masked, versioned: a stale save
//! is 409).

use crate::support;

use dropstream_api::{
    ApiError, ConnectionDetail, ConnectionSummary, ErrorCode, Platform, SavedValue, Side,
    SideSettings,
};
use reqwest::Method;
use serde_json::json;
use support::TestServer;

fn decode<T: serde::de::DeserializeOwned>(status: u16, body: &str, expected: u16) -> T {
    assert_eq!(status, expected, "{body}");
    serde_json::from_str(body).unwrap_or_else(|e| panic!("{e}: {body}"))
}

fn error(status: u16, body: &str, expected: u16, code: ErrorCode) -> ApiError {
    let e: ApiError = decode(status, body, expected);
    assert_eq!(e.error, code, "{body}");
    e
}

async fn detail(s: &TestServer, id: i64) -> ConnectionDetail {
    let (status, body) = s.get_text(&format!("/api/connections/{id}")).await;
    decode(status, &body, 200)
}

async fn save(s: &TestServer, id: i64, side: Side, body: serde_json::Value) -> (u16, String) {
    s.send_json(Method::PUT, &format!("/api/connections/{id}/{side}"), &body)
        .await
}

fn shopify_save(version: i64, shop: &str, token: &str) -> serde_json::Value {
    json!({"platform": "shopify", "version": version,
           "fields": {"shop_domain": shop, "access_token": token}})
}

/// Saves the store side of connection `id` as the Shopify shop `shop` with
/// `token`, from a form opened at `version`.
async fn save_shop(
    s: &TestServer,
    id: i64,
    version: i64,
    shop: &str,
    token: &str,
) -> (u16, String) {
    save(s, id, Side::Store, shopify_save(version, shop, token)).await
}

#[tokio::test]
async fn create_rename_enable_and_delete() {
    let s = TestServer::start().await;
    let (status, body) = s.get_text("/api/connections").await;
    let seeded: Vec<ConnectionSummary> = decode(status, &body, 200);
    let c = support::create_connection(&s, "  Acme Outdoor  ").await;
    assert_eq!(c.name, "Acme Outdoor");
    assert!(!c.enabled, "new connections start disabled");
    assert_eq!(c.store_platform, Platform::Shopify);

    // Renamed and enabled at once, then only disabled: the name stays.
    let path = format!("/api/connections/{}", c.id);
    for (change, enabled) in [
        (json!({"name": "Acme Outdoor EU", "enabled": true}), true),
        (json!({"enabled": false}), false),
    ] {
        let (status, body) = s.send_json(Method::PATCH, &path, &change).await;
        let changed: ConnectionSummary = decode(status, &body, 200);
        let now = (changed.name.as_str(), changed.enabled);
        assert_eq!(now, ("Acme Outdoor EU", enabled), "{change}");
    }

    let (status, body) = s.get_text("/api/connections").await;
    let list: Vec<ConnectionSummary> = decode(status, &body, 200);
    assert_eq!(list.len(), seeded.len() + 1);
    assert!(list
        .iter()
        .any(|l| l.id == c.id && l.name == "Acme Outdoor EU"));

    let delete = || s.send(Method::DELETE, &path).send();
    assert_eq!(delete().await.unwrap().status(), 204);
    let (status, body) = s.get_text(&path).await;
    error(status, &body, 404, ErrorCode::NotFound);
    assert_eq!(delete().await.unwrap().status(), 404, "deleted already");
}

#[tokio::test]
async fn bad_connection_input_is_422_naming_the_field() {
    let s = TestServer::start().await;
    let (status, body) = s
        .send_json(
            Method::POST,
            "/api/connections",
            &json!({"name": " ", "store_platform": "shipbob", "warehouse_platform": "shipbob", "merchant_id": 1}),
        )
        .await;
    let e = error(status, &body, 422, ErrorCode::Validation);
    let fields: Vec<_> = e.fields.iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["name", "store_platform"], "{body}");

    let (status, body) = s
        .send_json(
            Method::PATCH,
            "/api/connections/1",
            &json!({"name": "x".repeat(201)}),
        )
        .await;
    let e = error(status, &body, 422, ErrorCode::Validation);
    assert_eq!(e.fields[0].field, "name");

    let (status, body) = s
        .send_json(
            Method::PATCH,
            "/api/connections/999",
            &json!({"enabled": true}),
        )
        .await;
    error(status, &body, 404, ErrorCode::NotFound);
    let (status, body) = s
        .send_json(Method::POST, "/api/connections", &json!({"name": 5}))
        .await;
    error(status, &body, 422, ErrorCode::InvalidJson);
}

#[tokio::test]
async fn saving_masks_secrets_bumps_the_version_and_keeps_a_blank_secret() {
    let s = TestServer::start().await;
    let c = support::create_connection(&s, "Saver").await;
    let before = detail(&s, c.id).await;
    assert_eq!(before.store.version, 0);

    let token = "shpat_saved_by_test_9f3e";
    let (status, body) = save_shop(&s, c.id, 0, "saver", token).await;
    assert!(!body.contains(token), "{body}");
    let saved: SideSettings = decode(status, &body, 200);
    assert_eq!(saved.version, 1);
    assert_eq!(
        saved.field("shop_domain").unwrap().value,
        SavedValue::Plain {
            value: "saver.myshopify.com".into()
        },
        "normalised by the api crate's rule"
    );
    assert_eq!(
        saved.field("access_token").unwrap().value,
        SavedValue::Secret {
            set: true,
            hint: Some("•••• 9f3e".into())
        }
    );

    // Blank secret, same shop: the saved token stays.
    let (status, body) = save_shop(&s, c.id, 1, "saver", "").await;
    let saved: SideSettings = decode(status, &body, 200);
    assert_eq!(saved.version, 2);
    assert!(matches!(
        saved.field("access_token").unwrap().value,
        SavedValue::Secret { set: true, .. }
    ));
    // Blank secret with another shop: refused, the token is not moved there.
    let (status, body) = save_shop(&s, c.id, 2, "elsewhere", "").await;
    let e = error(status, &body, 422, ErrorCode::Validation);
    assert_eq!(e.fields[0].field, "access_token", "{body}");
    assert_eq!(detail(&s, c.id).await.store.version, 2, "nothing saved");
}

#[tokio::test]
async fn a_stale_save_is_refused_with_409_and_changes_nothing() {
    let s = TestServer::start().await;
    let c = support::create_connection(&s, "Two editors").await;
    // Both open the form at version 0; Alice saves first.
    let (status, body) = save_shop(&s, c.id, 0, "alice", "shpat_alice_00001").await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = save_shop(&s, c.id, 0, "bob", "shpat_bob_0000002").await;
    let e = error(status, &body, 409, ErrorCode::Conflict);
    assert!(
        e.message
            .contains("Someone else saved these Store credentials since you opened them"),
        "{}",
        e.message
    );
    let d = detail(&s, c.id).await;
    assert_eq!(d.store.plain_value("shop_domain"), "alice.myshopify.com");
    assert_eq!(d.store.version, 1);
    // The warehouse side has its own version.
    let (status, body) = save(
        &s,
        c.id,
        Side::Warehouse,
        json!({"platform": "shipbob", "version": 0, "fields": {"access_token": "sbpat_wh_000001"}}),
    )
    .await;
    assert_eq!(status, 200, "{body}");
}

#[tokio::test]
async fn a_save_must_use_a_platform_of_its_side() {
    let s = TestServer::start().await;
    let (status, body) = save(
        &s,
        1,
        Side::Store,
        json!({"platform": "shipbob", "version": 1, "fields": {"access_token": "sbpat_x_0000001"}}),
    )
    .await;
    let e = error(status, &body, 422, ErrorCode::Validation);
    assert_eq!(e.fields[0].field, "platform");
    let (status, body) = save(&s, 1, Side::Store, json!({"platform": "shopify"})).await;
    error(status, &body, 422, ErrorCode::InvalidJson);
    let (status, body) = save_shop(&s, 99, 0, "a", "shpat_0123456789").await;
    error(status, &body, 404, ErrorCode::NotFound);
    let (status, body) = s
        .send_json(
            Method::PUT,
            "/api/connections/1/middle",
            &shopify_save(0, "a", "shpat_0123456789"),
        )
        .await;
    error(status, &body, 404, ErrorCode::NotFound);
}

/// Switching a side to another platform: blank secrets are not filled from
/// the old platform's values.
#[tokio::test]
async fn a_new_platform_does_not_inherit_the_old_secrets() {
    let s = TestServer::start().await;
    for side in Side::ALL {
        let d = detail(&s, 1).await;
        let current = d.side(side).platform;
        let other = dropstream_api::platforms_for(side)
            .find(|p| *p != current)
            .expect("the catalog has more than one platform per side");
        let fields: serde_json::Map<_, _> = other
            .fields()
            .iter()
            .map(|f| (f.key.to_string(), json!("")))
            .collect();
        let (status, body) = save(
            &s,
            1,
            side,
            json!({"platform": other, "version": d.side(side).version, "fields": fields}),
        )
        .await;
        // Blank values: the old platform's secrets are not carried over.
        error(status, &body, 422, ErrorCode::Validation);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn concurrent_saves_of_one_version_let_exactly_one_win() {
    let s = TestServer::start().await;
    let c = support::create_connection(&s, "Race").await;
    let path = format!("/api/connections/{}/store", c.id);
    let mut saves = tokio::task::JoinSet::new();
    for n in 0..8 {
        let body = shopify_save(0, &format!("racer-{n}"), &format!("shpat_racer_{n}_000000"));
        let request = s.send(Method::PUT, &path).json(&body);
        saves.spawn(async move {
            let r = request.send().await.unwrap();
            (r.status().as_u16(), r.text().await.unwrap())
        });
    }
    let answers = saves.join_all().await;
    let count = |code: u16| answers.iter().filter(|(status, _)| *status == code).count();
    assert_eq!((count(200), count(409)), (1, 7), "{answers:?}");
    let d = detail(&s, c.id).await;
    assert_eq!(d.store.version, 1);
}
