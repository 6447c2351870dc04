//! Two server processes on one PostgreSQL database agree: one test per side
//! at a time across both, a session signed out on one is refused by the
//! other, rate limits count on both together. And behind a trusted proxy,
//! the forwarded client address is the one recorded.
//!
//! The two-server tests need PostgreSQL (`cargo xtask test` provides it);
//! on SQLite, which one server owns, they say so and pass.

#![cfg(unix)]

use crate::support;

use dropstream_server::demo_seed;
use dropstream_server::platforms::shipbob::fixtures::SHIPBOB_TOKEN;
use support::process::ServerProcess;
use support::{Browser, Scratch};

/// Two demo servers on one fresh database; the second starts once the
/// first has seeded it.
async fn two_servers(extra: &[&str]) -> Option<(Scratch, ServerProcess, ServerProcess)> {
    if !support::on_postgres() {
        eprintln!("skipped: two servers share a database only on PostgreSQL");
        return None;
    }
    let scratch = Scratch::new().await;
    let mut args = vec!["--demo"];
    args.extend_from_slice(extra);
    let a = ServerProcess::start(&scratch, &args);
    let b = ServerProcess::start(&scratch, &args);
    Some((scratch, a, b))
}

async fn signed_in(server: &ServerProcess, user: usize) -> Browser {
    let browser = Browser::open(server.base.clone()).await;
    browser.sign_in_demo(user).await;
    browser
}

#[tokio::test]
async fn a_test_running_on_one_server_makes_the_other_answer_409() {
    let Some((_scratch, a, b)) = two_servers(&["--test-timeout-ms", "2500"]).await else {
        return;
    };
    let on_a = signed_in(&a, demo_seed::DEMO_ADMIN).await;
    let on_b = signed_in(&b, demo_seed::DEMO_ADMIN).await;
    let after = std::time::Duration::from_millis(500);
    let warehouse =
        format!(r#"{{"platform":"shipbob","fields":{{"access_token":"{SHIPBOB_TOKEN}"}}}}"#);
    let [(status, body), (conflict, message), (other, _)] =
        support::overlapping_tests(&on_a, &on_b, after, &warehouse).await;
    assert_eq!(status, 200, "{body}");
    assert!(
        body.contains("did not answer within"),
        "the hanging shop times out: {body}"
    );
    assert_eq!(conflict, 409, "{message}");
    assert!(message.contains("already running"), "{message}");
    assert_eq!(other, 200, "the other side is free");
    // Released when the first test ended: the side can be tested again, from
    // either server.
    let hanging = support::hanging_shopify_test();
    let (again, body) = on_b.post_test_raw("1", "store", &hanging).await;
    assert_eq!(again, 200, "{body}");
}

#[tokio::test]
async fn a_session_signed_out_on_one_server_is_refused_by_the_other() {
    let Some((_scratch, a, b)) = two_servers(&[]).await else {
        return;
    };
    let on_a = signed_in(&a, demo_seed::DEMO_ADMIN).await;
    // The same browser (its cookies) talking to the other server.
    let session = on_a.cookie("ds_session").expect("a session cookie");
    let csrf = on_a.cookie("ds_csrf").expect("a CSRF cookie");
    let client = reqwest::Client::new();
    let list_on_b = || {
        client
            .get(format!("{}/api/connections", b.base))
            .header("cookie", format!("ds_session={session}; ds_csrf={csrf}"))
            .send()
    };
    assert_eq!(
        list_on_b().await.unwrap().status(),
        200,
        "B knows A's session"
    );
    let (status, _) = on_a
        .send_json(
            reqwest::Method::DELETE,
            "/api/session",
            &serde_json::json!({}),
        )
        .await;
    assert!((200..300).contains(&status), "signed out on A: {status}");
    assert_eq!(list_on_b().await.unwrap().status(), 401);
}

#[tokio::test]
async fn sign_in_attempts_are_counted_across_both_servers() {
    let Some((_scratch, a, b)) = two_servers(&["--sign-ins-per-minute", "4"]).await else {
        return;
    };
    let mut statuses = Vec::new();
    for server in [&a, &b, &a, &b, &a, &b] {
        let browser = Browser::open(server.base.clone()).await;
        let (status, _) = browser
            .sign_in_raw("nobody@example.com", "not-the-password")
            .await;
        statuses.push(status);
    }
    // Four attempts a minute from this address, whichever server they reach.
    assert_eq!(statuses, [401, 401, 401, 401, 429, 429]);
}

/// Signs `browser` in as the demo admin through a proxy that says the
/// request came `forwarded_for` these addresses.
async fn sign_in_forwarded_for(browser: &Browser, forwarded_for: &str) {
    let user = &demo_seed::DEMO_USERS[demo_seed::DEMO_ADMIN];
    let signed_in = browser
        .send(reqwest::Method::POST, "/api/session")
        .header("x-forwarded-for", forwarded_for)
        .json(&serde_json::json!({"email": user.email, "password": user.password}))
        .send()
        .await
        .unwrap();
    assert_eq!(signed_in.status(), 200);
}

#[tokio::test]
async fn behind_a_trusted_proxy_the_forwarded_address_is_recorded() {
    let scratch = Scratch::new().await;
    let server = ServerProcess::start(&scratch, &["--demo", "--trusted-proxies", "127.0.0.1"]);
    let browser = Browser::open(server.base.clone()).await;
    sign_in_forwarded_for(&browser, "198.51.100.1, 203.0.113.7").await;
    let (status, sessions) = browser.get_text("/api/account/sessions").await;
    assert_eq!(status, 200, "{sessions}");
    assert!(sessions.contains("203.0.113.7"), "{sessions}");
    assert!(
        !sessions.contains("198.51.100.1"),
        "only the hop the proxy saw is believed: {sessions}"
    );

    // Without the option, the header is the client's word and ignored.
    let plain = ServerProcess::start(&Scratch::new().await, &["--demo"]);
    let browser = Browser::open(plain.base.clone()).await;
    sign_in_forwarded_for(&browser, "203.0.113.7").await;
    let (_, sessions) = browser.get_text("/api/account/sessions").await;
    assert!(sessions.contains("127.0.0.1"), "{sessions}");
    assert!(!sessions.contains("203.0.113.7"), "{sessions}");
}
