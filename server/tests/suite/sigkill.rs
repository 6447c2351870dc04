//! Durability: the real server binary, several acknowledged saves over HTTP,
//! then SIGKILL (no shutdown, no checkpoint). Restarted on the same data
//! directory and key, it must still hold every acknowledged save.

#![cfg(unix)]

use crate::support;

use dropstream_api::{ConnectionDetail, ConnectionSummary, SavedValue, SideSettings};
use dropstream_server::store::crypto::Kek;
use dropstream_server::store::Store;
use serde_json::json;
use std::process::Command;
use support::process::{ServerProcess, KEK_HEX};
use support::{Browser, Scratch};

/// A state-changing request the way the SPA sends it (with the CSRF token).
async fn send(
    browser: &Browser,
    method: reqwest::Method,
    url: String,
    body: serde_json::Value,
) -> String {
    let path = url
        .strip_prefix(&browser.base)
        .expect("a URL of this server");
    let r = browser.send(method, path).json(&body).send().await.unwrap();
    let status = r.status().as_u16();
    let text = r.text().await.unwrap();
    assert!((200..300).contains(&status), "{status}: {text}");
    text
}

fn hint(settings: &SideSettings, key: &str) -> Option<String> {
    match &settings.field(key).unwrap().value {
        SavedValue::Secret { hint, .. } => hint.clone(),
        SavedValue::Plain { .. } => panic!("{key} is not a secret"),
    }
}

/// A fresh install's first steps: a merchant and its first admin, made on
/// the command line before the server starts.
fn add_admin(dir: &Scratch) -> (&'static str, &'static str) {
    let (email, password) = ("owner@durable.test", "durable-owner-pass");
    for args in [
        vec!["add-merchant", "--name", "Durable Goods"],
        vec![
            "add-user", "--email", email, "--name", "Owner", "--role", "admin",
        ],
    ] {
        let out = Command::new(env!("CARGO_BIN_EXE_dropstream-server"))
            .args(dir.args())
            .args(args)
            .env("DROPSTREAM_KEK", KEK_HEX)
            .env("DROPSTREAM_PASSWORD", password)
            .output()
            .unwrap();
        assert!(out.status.success(), "{out:?}");
    }
    (email, password)
}

#[tokio::test]
async fn acknowledged_saves_survive_sigkill() {
    let dir = Scratch::new().await;
    let (email, password) = add_admin(&dir);
    let server = ServerProcess::start(&dir, &[] as &[&str]);
    let browser = Browser::open(server.base.clone()).await;
    assert_eq!(browser.sign_in_raw(email, password).await.0, 200);
    let client = &browser.client;
    let api = |path: &str| format!("{}/api{path}", server.base);
    use reqwest::Method;

    // Several connections, each side saved several times: only the last
    // acknowledged value of each must be there after the kill.
    let mut expected = Vec::new();
    for n in 0..3 {
        let body = send(
            &browser,
            Method::POST,
            api("/connections"),
            json!({"name": format!("Durable {n}"), "store_platform": "shopify", "warehouse_platform": "shipbob", "merchant_id": 1}),
        )
        .await;
        let id = serde_json::from_str::<ConnectionSummary>(&body).unwrap().id;
        let mut token = String::new();
        for version in 0..3 {
            token = format!("shpat_durable_{n}_{version}_abcd{n}{version}00");
            send(
                &browser,
                Method::PUT,
                api(&format!("/connections/{id}/store")),
                json!({"platform": "shopify", "version": version,
                       "fields": {"shop_domain": format!("durable-{n}"), "access_token": token}}),
            )
            .await;
        }
        let wh_token = format!("sbpat_durable_{n}_wh_ef{n}9");
        send(
            &browser,
            Method::PUT,
            api(&format!("/connections/{id}/warehouse")),
            json!({"platform": "shipbob", "version": 0, "fields": {"access_token": wh_token}}),
        )
        .await;
        send(
            &browser,
            Method::PATCH,
            api(&format!("/connections/{id}")),
            json!({"name": format!("Durable {n} (renamed)"), "enabled": true}),
        )
        .await;
        expected.push((id, n, token, wh_token));
    }
    let log = server.kill();
    for (_, _, token, wh) in &expected {
        assert!(
            !log.contains(token.as_str()) && !log.contains(wh.as_str()),
            "secret in the log"
        );
    }
    assert!(log.contains("credentials saved"), "the log was captured");

    // Over HTTP after a restart: names, flags, versions, masked secrets.
    let server = ServerProcess::start(&dir, &[] as &[&str]);
    let api = |path: &str| format!("{}/api{path}", server.base);
    for (id, n, token, wh_token) in &expected {
        let body = client
            .get(api(&format!("/connections/{id}")))
            .send()
            .await
            .unwrap()
            .text()
            .await
            .unwrap();
        let d: ConnectionDetail = serde_json::from_str(&body).unwrap();
        assert_eq!(d.name, format!("Durable {n} (renamed)"));
        assert!(d.enabled);
        assert_eq!(d.store.version, 3);
        assert_eq!(
            d.store.plain_value("shop_domain"),
            format!("durable-{n}.myshopify.com")
        );
        assert_eq!(
            hint(&d.store, "access_token"),
            Some(format!("•••• {}", &token[token.len() - 4..]))
        );
        assert_eq!(d.warehouse.version, 1);
        assert_eq!(
            hint(&d.warehouse, "access_token"),
            Some(format!("•••• {}", &wh_token[wh_token.len() - 4..]))
        );
    }
    server.kill();

    // And the exact values, decrypted with the same key.
    let url = dir.database_url();
    let store = Store::open(&url, Kek::from_hex(KEK_HEX).unwrap())
        .await
        .unwrap();
    for (id, _, token, wh_token) in &expected {
        let saved = store
            .credentials(*id, dropstream_api::Side::Store)
            .await
            .unwrap();
        assert_eq!(saved["access_token"].expose(), token);
        let saved = store
            .credentials(*id, dropstream_api::Side::Warehouse)
            .await
            .unwrap();
        assert_eq!(saved["access_token"].expose(), wh_token);
    }
}
