//! CSRF: every state-changing request under /api needs the signed token
//! from the `ds_csrf` cookie echoed in `X-CSRF-Token`.

use crate::support;

use dropstream_api::ErrorCode;
use reqwest::Method;
use support::{error_of, TestServer};

#[tokio::test]
async fn state_changes_without_a_matching_csrf_token_are_refused() {
    let s = TestServer::start().await;
    let body = serde_json::json!({"body": "hello"});
    let path = "/api/help/articles/test-connection/comments";
    s.sign_in_demo(0).await;

    // No header at all.
    let r = s.client.post(s.url(path)).json(&body).send().await.unwrap();
    let e = error_of(r, 403, ErrorCode::CsrfFailed).await;
    assert!(e.message.contains("Reload"), "{}", e.message);

    // A header that is not the cookie's value.
    let token = s.cookie("ds_csrf").unwrap();
    let (nonce, _) = token.split_once('.').unwrap();
    let r = s
        .client
        .post(s.url(path))
        .header("x-csrf-token", format!("{nonce}.{}", "0".repeat(64)))
        .json(&body)
        .send()
        .await
        .unwrap();
    error_of(r, 403, ErrorCode::CsrfFailed).await;

    // Cookie and header agree but the cookie was not signed by us.
    let forged = format!("{}.{}", "a".repeat(32), "b".repeat(64));
    let r = reqwest::Client::new()
        .post(s.url(path))
        .header("cookie", format!("ds_csrf={forged}"))
        .header("x-csrf-token", &forged)
        .json(&body)
        .send()
        .await
        .unwrap();
    error_of(r, 403, ErrorCode::CsrfFailed).await;

    // The token from before sign-in no longer works after it.
    let other = s.other_browser().await;
    let before = other.cookie("ds_csrf").unwrap();
    other.sign_in_demo(1).await;
    assert_ne!(other.cookie("ds_csrf").unwrap(), before);
    let r = other
        .client
        .post(other.url(path))
        .header("x-csrf-token", &before)
        .json(&body)
        .send()
        .await
        .unwrap();
    error_of(r, 403, ErrorCode::CsrfFailed).await;

    // Sign-in, sign-out, votes and Test Connection are guarded too.
    for (method, path) in [
        (Method::POST, "/api/session"),
        (Method::DELETE, "/api/session"),
        (Method::PUT, "/api/help/articles/test-connection/vote"),
        (Method::POST, "/api/connections/1/store/test"),
        (Method::PATCH, "/api/comments/1"),
        (Method::DELETE, "/api/comments/1"),
    ] {
        let r = s
            .client
            .request(method.clone(), s.url(path))
            .json(&serde_json::json!({}))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status(), 403, "{method} {path}");
    }
    // With the token the same session works.
    let r = s.send(Method::POST, path).json(&body).send().await.unwrap();
    assert_eq!(r.status(), 201);
}
