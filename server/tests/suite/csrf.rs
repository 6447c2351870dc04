//! CSRF: every state-changing request under /api needs the signed token
//! from the `ds_csrf` cookie echoed in `X-CSRF-Token`.

use crate::support;

use dropstream_api::ErrorCode;
use reqwest::Method;
use support::{error_of, TestServer};

/// Posts `body` to `url` with `client` (its cookies, if it keeps any) and
/// exactly these extra headers, as a page on another site might.
async fn post(
    client: &reqwest::Client,
    url: String,
    headers: &[(&str, &String)],
    body: &serde_json::Value,
) -> reqwest::Response {
    let mut request = client.post(url).json(body);
    for (name, value) in headers {
        request = request.header(*name, value.as_str());
    }
    request.send().await.unwrap()
}

#[tokio::test]
async fn state_changes_without_a_matching_csrf_token_are_refused() {
    let s = TestServer::start().await;
    let body = serde_json::json!({"body": "hello"});
    let path = "/api/help/articles/test-connection/comments";
    s.sign_in_demo(0).await;

    // No header at all.
    let r = post(&s.client, s.url(path), &[], &body).await;
    let e = error_of(r, 403, ErrorCode::CsrfFailed).await;
    assert!(e.message.contains("Reload"), "{}", e.message);

    // A header that is not the cookie's value.
    let token = s.cookie("ds_csrf").unwrap();
    let (nonce, _) = token.split_once('.').unwrap();
    let wrong = format!("{nonce}.{}", "0".repeat(64));
    let r = post(&s.client, s.url(path), &[("x-csrf-token", &wrong)], &body).await;
    error_of(r, 403, ErrorCode::CsrfFailed).await;

    // Cookie and header agree but the cookie was not signed by us.
    let forged = format!("{}.{}", "a".repeat(32), "b".repeat(64));
    let headers = [
        ("cookie", &format!("ds_csrf={forged}")),
        ("x-csrf-token", &forged),
    ];
    let r = post(&reqwest::Client::new(), s.url(path), &headers, &body).await;
    error_of(r, 403, ErrorCode::CsrfFailed).await;

    // The token from before sign-in no longer works after it.
    let other = s.other_browser().await;
    let before = other.cookie("ds_csrf").unwrap();
    other.sign_in_demo(1).await;
    assert_ne!(other.cookie("ds_csrf").unwrap(), before);
    let r = post(
        &other.client,
        other.url(path),
        &[("x-csrf-token", &before)],
        &body,
    )
    .await;
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
