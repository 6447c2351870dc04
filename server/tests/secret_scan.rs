//! A full flow over HTTP (create, save both sides, save again with a blank
//! secret, a stale save, invalid saves, tests with saved and typed secrets,
//! history, list, rename, detail, malformed bodies) while every log line of
//! the process is captured at TRACE. Then every answer and the whole log are
//! scanned for every secret that went in: none may appear.
//!
//! One test in its own binary: it owns the process-wide log subscriber,
//! which in the shared suite would capture every other test's logs too.

// This binary uses part of the suite's support.
#[allow(dead_code)]
#[path = "suite/support/mod.rs"]
mod support;

use dropstream_api::{ConnectionSummary, SideSettings};
use dropstream_server::platforms::shipbob::fixtures::SHIPBOB_TOKEN;
use dropstream_server::platforms::shopify::fixtures::{SHOPIFY_SHOP, SHOPIFY_TOKEN};
use reqwest::Method;
use serde_json::json;
use std::io::Write;
use std::sync::{Arc, Mutex};
use support::TestServer;

#[derive(Clone, Default)]
struct Captured(Arc<Mutex<Vec<u8>>>);

impl Write for Captured {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        self.0.lock().unwrap().extend_from_slice(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

/// Every answer of the flow: method, path, status, headers and body.
#[derive(Default)]
struct Answers(Vec<String>);

impl Answers {
    async fn call(
        &mut self,
        s: &TestServer,
        method: Method,
        path: &str,
        body: Option<String>,
    ) -> (u16, String) {
        let mut request = if method == Method::GET {
            s.client.get(s.url(path))
        } else {
            s.send(method.clone(), path)
        };
        if let Some(body) = body {
            request = request
                .header("content-type", "application/json")
                .body(body);
        }
        let r = request.send().await.unwrap();
        let status = r.status().as_u16();
        let headers = format!("{:?}", r.headers());
        let text = r.text().await.unwrap();
        self.0
            .push(format!("{method} {path} {status} {headers} {text}"));
        (status, text)
    }

    async fn json(
        &mut self,
        s: &TestServer,
        method: Method,
        path: &str,
        body: serde_json::Value,
    ) -> (u16, String) {
        self.call(s, method, path, Some(body.to_string())).await
    }
}

const STORE_TOKEN: &str = "shpat_scan_store_secret_7c41";
const WAREHOUSE_TOKEN: &str = "sbpat_scan_warehouse_secret_e9d2";
const TYPED_WRONG: &str = "shpat_scan_typed_wrong_55aa";
const REFUSED_TOKEN: &str = "shpat_scan refused_with_space_0b0b";
const IN_BROKEN_JSON: &str = "sbpat_scan_in_broken_json_1f1f";

#[tokio::test]
async fn no_answer_and_no_log_line_carries_a_secret() {
    let log = Captured::default();
    let writer = log.clone();
    tracing_subscriber::fmt()
        .with_max_level(tracing::Level::TRACE)
        .with_ansi(false)
        .with_writer(move || writer.clone())
        .init();

    let s = TestServer::start().await;
    let mut a = Answers::default();

    let (status, body) = a
        .json(
            &s,
            Method::POST,
            "/api/connections",
            json!({"name": "Scan", "store_platform": "shopify", "warehouse_platform": "shipbob", "merchant_id": 1}),
        )
        .await;
    assert_eq!(status, 201, "{body}");
    let id = serde_json::from_str::<ConnectionSummary>(&body).unwrap().id;
    let store = format!("/api/connections/{id}/store");
    let warehouse = format!("/api/connections/{id}/warehouse");

    // Save both sides, then save the store again with the secret left blank.
    let save = |version: i64, token: &str| {
        json!({"platform": "shopify", "version": version,
               "fields": {"shop_domain": "scan-shop", "access_token": token}})
    };
    let (status, body) = a.json(&s, Method::PUT, &store, save(0, STORE_TOKEN)).await;
    assert_eq!(status, 200, "{body}");
    let (status, body) = a.json(&s, Method::PUT, &store, save(1, "")).await;
    assert_eq!(status, 200, "{body}");
    assert_eq!(
        serde_json::from_str::<SideSettings>(&body).unwrap().version,
        2
    );
    let (status, _) = a.json(&s, Method::PUT, &store, save(0, TYPED_WRONG)).await;
    assert_eq!(status, 409, "a stale save");
    let (status, _) = a
        .json(&s, Method::PUT, &store, save(2, REFUSED_TOKEN))
        .await;
    assert_eq!(status, 422, "a token with a space");
    let (status, body) = a
        .json(
            &s,
            Method::PUT,
            &warehouse,
            json!({"platform": "shipbob", "version": 0, "fields": {"access_token": WAREHOUSE_TOKEN}}),
        )
        .await;
    assert_eq!(status, 200, "{body}");
    let broken = format!(
        r#"{{"platform":"shipbob","version":1,"fields":{{"access_token":"{IN_BROKEN_JSON}""#
    );
    let (status, _) = a.call(&s, Method::PUT, &warehouse, Some(broken)).await;
    assert_eq!(status, 400, "malformed JSON");
    let wrong_type =
        format!(r#"{{"platform":"shipbob","version":"{IN_BROKEN_JSON}","fields":{{}}}}"#);
    let (status, _) = a.call(&s, Method::PUT, &warehouse, Some(wrong_type)).await;
    assert_eq!(status, 422, "wrong type");

    // Tests: the demo connection with its saved secrets (blank fields), a
    // typed wrong token, and the new connection's saved (wrong) tokens.
    let demo_store =
        json!({"platform": "shopify", "fields": {"shop_domain": SHOPIFY_SHOP, "access_token": ""}});
    let demo_wh = json!({"platform": "shipbob", "fields": {"access_token": ""}});
    for (side, request) in [("store", demo_store), ("warehouse", demo_wh)] {
        let path = format!("/api/connections/1/{side}/test");
        let (status, body) = a.json(&s, Method::POST, &path, request).await;
        assert!(status == 200 && body.contains(r#""ok":true"#), "{body}");
    }
    let typed = json!({"platform": "shopify", "fields": {"shop_domain": SHOPIFY_SHOP, "access_token": TYPED_WRONG}});
    let (status, body) = a
        .json(&s, Method::POST, "/api/connections/1/store/test", typed)
        .await;
    assert!(
        status == 200 && body.contains("invalid_credentials"),
        "{body}"
    );
    for side in ["store", "warehouse"] {
        let platform = if side == "store" {
            "shopify"
        } else {
            "shipbob"
        };
        let mut fields = json!({"access_token": ""});
        if side == "store" {
            fields["shop_domain"] = json!("scan-shop");
        }
        let (status, body) = a
            .json(
                &s,
                Method::POST,
                &format!("/api/connections/{id}/{side}/test"),
                json!({"platform": platform, "fields": fields}),
            )
            .await;
        assert_eq!(status, 200, "{body}");
    }

    // Everything that reads back.
    for path in [
        "/api/connections".to_string(),
        format!("/api/connections/{id}"),
        "/api/connections/1".to_string(),
        format!("/api/connections/{id}/store/history"),
        format!("/api/connections/{id}/warehouse/history"),
        "/api/connections/1/store/history".to_string(),
        // The audit log names the saved fields, never their values.
        "/api/admin/audit".to_string(),
        "/api/account/sessions".to_string(),
    ] {
        let (status, body) = a.call(&s, Method::GET, &path, None).await;
        assert_eq!(status, 200, "{path}: {body}");
    }
    let (status, _) = a
        .json(
            &s,
            Method::PATCH,
            &format!("/api/connections/{id}"),
            json!({"enabled": true}),
        )
        .await;
    assert_eq!(status, 200);

    let secrets = [
        SHOPIFY_TOKEN,
        SHIPBOB_TOKEN,
        STORE_TOKEN,
        WAREHOUSE_TOKEN,
        TYPED_WRONG,
        REFUSED_TOKEN,
        "refused_with_space_0b0b",
        IN_BROKEN_JSON,
    ];
    let answers = a.0.join("\n");
    // The scan reads real answers: the masked hints are there.
    assert!(answers.contains("•••• 7c41"), "{answers}");
    assert!(answers.contains("•••• e9d2"), "{answers}");
    for secret in secrets {
        assert!(
            !answers.contains(secret),
            "an answer carries {secret}:\n{answers}"
        );
    }

    drop(s);
    let log = String::from_utf8_lossy(&log.0.lock().unwrap()).into_owned();
    // The scan reads a real log: saves, tests and request spans are in it.
    for expected in ["credentials saved", "test connection", "TRACE", "DEBUG"] {
        assert!(
            log.contains(expected),
            "no {expected:?} in the captured log"
        );
    }
    for secret in secrets {
        let line = log.lines().find(|l| l.contains(secret));
        assert!(line.is_none(), "a log line carries {secret}: {line:?}");
    }
    eprintln!(
        "scanned {} answers ({} bytes) and {} log lines ({} bytes)",
        a.0.len(),
        answers.len(),
        log.lines().count(),
        log.len()
    );
}
