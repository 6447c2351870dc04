//! Durability: the real server binary, several acknowledged saves over HTTP,
//! then SIGKILL (no shutdown, no checkpoint). Restarted on the same data
//! directory and key, it must still hold every acknowledged save.

#![cfg(unix)]

use crate::support;

use dropstream_api::{ConnectionDetail, SavedValue, SideSettings};
use dropstream_server::store::crypto::Kek;
use dropstream_server::store::Store;
use serde_json::json;
use std::process::Command;
use support::process::{ServerProcess, KEK_HEX};
use support::{Browser, Scratch};

/// A state-changing request the way the SPA sends it (with the CSRF token)
/// that must succeed; the body it answered.
async fn send(
    browser: &Browser,
    method: reqwest::Method,
    path: &str,
    body: serde_json::Value,
) -> String {
    let (status, text) = browser.send_json(method, path, &body).await;
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
    use reqwest::Method;

    // Several connections, each side saved several times: only the last
    // acknowledged value of each must be there after the kill.
    let mut expected = Vec::new();
    for n in 0..3 {
        let id = support::create_connection(&browser, &format!("Durable {n}"))
            .await
            .id;
        let mut token = String::new();
        for version in 0..3 {
            token = format!("shpat_durable_{n}_{version}_abcd{n}{version}00");
            send(
                &browser,
                Method::PUT,
                &format!("/api/connections/{id}/store"),
                json!({"platform": "shopify", "version": version,
                       "fields": {"shop_domain": format!("durable-{n}"), "access_token": token}}),
            )
            .await;
        }
        let wh_token = format!("sbpat_durable_{n}_wh_ef{n}9");
        send(
            &browser,
            Method::PUT,
            &format!("/api/connections/{id}/warehouse"),
            json!({"platform": "shipbob", "version": 0, "fields": {"access_token": wh_token}}),
        )
        .await;
        send(
            &browser,
            Method::PATCH,
            &format!("/api/connections/{id}"),
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
    // The same browser: its session outlived the kill with the database.
    let browser = browser.at(server.base.clone());
    for (id, n, token, wh_token) in &expected {
        let (status, body) = browser.get_text(&format!("/api/connections/{id}")).await;
        assert_eq!(status, 200, "{body}");
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
