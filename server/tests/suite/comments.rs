//! Article comments over real HTTP: authorization, validation, cursors,
//! rate limits, and hostile text stored and returned as plain text.

use crate::support;

use dropstream_api::help::{Comment, CommentPage, COMMENTS_PER_PAGE, COMMENT_MAX_CHARS};
use dropstream_api::ErrorCode;
use dropstream_server::security::rate_limit::RateLimiter;
use reqwest::Method;
use std::time::Duration;
use support::{error_of, Browser, TestServer};

const COMMENTS: &str = "/api/help/articles/test-connection/comments";

async fn post(b: &Browser, body: &str) -> reqwest::Response {
    post_to(b, COMMENTS, serde_json::json!({ "body": body })).await
}

/// Posts `json` as a comment to the comments at `path`.
async fn post_to(b: &Browser, path: &str, json: serde_json::Value) -> reqwest::Response {
    b.send_body(Method::POST, path, &json).await
}

/// Edits the comment at `path` to say `body`.
async fn edit(b: &Browser, path: &str, body: &str) -> reqwest::Response {
    let json = serde_json::json!({ "body": body });
    b.send_body(Method::PATCH, path, &json).await
}

/// Deletes the comment at `path`.
async fn delete(b: &Browser, path: &str) -> reqwest::Response {
    b.send(Method::DELETE, path).send().await.unwrap()
}

async fn post_ok(b: &Browser, body: &str) -> Comment {
    let r = post(b, body).await;
    assert_eq!(r.status(), 201);
    r.json().await.unwrap()
}

async fn page(b: &Browser, query: &str) -> CommentPage {
    let r = b.get(&format!("{COMMENTS}{query}")).await;
    assert_eq!(r.status(), 200);
    r.json().await.unwrap()
}

/// Posting limits high enough for bulk tests.
async fn roomy_server() -> TestServer {
    TestServer::start_configured(|st| {
        st.limits.posting = RateLimiter::new(1_000, Duration::from_secs(60));
    })
    .await
}

#[tokio::test]
async fn signed_out_readers_see_comments_but_cannot_post() {
    let server = TestServer::start().await;
    let s = server.signed_out().await;
    let e = error_of(post(&s, "hello").await, 401, ErrorCode::Unauthorized).await;
    assert!(e.message.contains("sign in"), "{}", e.message);
    let p = page(&s, "").await;
    assert_eq!((p.total, p.comments.len()), (0, 0));
}

#[tokio::test]
async fn authors_edit_and_delete_their_own_comments_and_nobody_elses() {
    let s = TestServer::start().await;
    let ana = s.other_browser().await;
    let ben = s.other_browser().await;
    ana.sign_in_demo(0).await;
    ben.sign_in_demo(1).await;

    let c = post_ok(&ana, "  Which scope do I need for inventory?  ").await;
    assert_eq!(c.body, "Which scope do I need for inventory?");
    assert_eq!(c.author, "Ana Merchant");
    assert!(c.mine && c.edited_at.is_none());
    assert!(
        c.created_at.ends_with('Z') && c.created_at.contains('T'),
        "{}",
        c.created_at
    );

    // Others see it, not as theirs.
    let seen = page(&ben, "").await;
    assert_eq!(seen.total, 1);
    assert!(!seen.comments[0].mine);
    assert!(!page(&s, "").await.comments[0].mine, "signed out");

    // Ben can neither edit nor delete it.
    let path = format!("/api/comments/{}", c.id);
    let r = edit(&ben, &path, "hijacked").await;
    error_of(r, 403, ErrorCode::Forbidden).await;
    error_of(delete(&ben, &path).await, 403, ErrorCode::Forbidden).await;
    // Signed out: 401.
    let r = delete(&s.signed_out().await, &path).await;
    error_of(r, 401, ErrorCode::Unauthorized).await;
    assert_eq!(page(&s, "").await.comments[0].body, c.body);

    // Ana can.
    let r = edit(
        &ana,
        &path,
        "Which scope for inventory? Found it: write_inventory.",
    )
    .await;
    assert_eq!(r.status(), 200);
    let edited: Comment = r.json().await.unwrap();
    assert!(edited.edited_at.is_some());
    assert_eq!(page(&ben, "").await.comments[0].body, edited.body);

    assert_eq!(delete(&ana, &path).await.status(), 204);
    assert_eq!(page(&s, "").await.total, 0);
    error_of(delete(&ana, &path).await, 404, ErrorCode::NotFound).await;
    let r = delete(&ana, "/api/comments/abc").await;
    error_of(r, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn comment_length_is_checked_with_clear_messages() {
    let s = roomy_server().await;
    s.sign_in_demo(0).await;
    let e = error_of(post(&s, " \n\t ").await, 422, ErrorCode::Validation).await;
    assert_eq!(e.message, "Write something before posting.");
    let too_long = "x".repeat(COMMENT_MAX_CHARS + 1);
    let e = error_of(post(&s, &too_long).await, 422, ErrorCode::Validation).await;
    assert!(
        e.message.contains("5000") && e.message.contains("5001"),
        "{}",
        e.message
    );
    // Exactly the limit is fine, even in 4-byte characters (20 KB of JSON,
    // more than the API's usual body limit).
    let at_limit = "🙂".repeat(COMMENT_MAX_CHARS);
    assert_eq!(post_ok(&s, &at_limit).await.body, at_limit);

    let r = post_to(&s, COMMENTS, serde_json::json!({"text": "wrong field"})).await;
    error_of(r, 422, ErrorCode::InvalidJson).await;
    let elsewhere = "/api/help/articles/no-such-article/comments";
    let r = post_to(&s, elsewhere, serde_json::json!({"body": "hi"})).await;
    error_of(r, 404, ErrorCode::NotFound).await;
}

#[tokio::test]
async fn pages_of_twenty_walk_both_orders_without_gaps_or_repeats() {
    let s = roomy_server().await;
    s.sign_in_demo(0).await;
    let mut ids = Vec::new();
    for n in 0..45 {
        ids.push(post_ok(&s, &format!("comment {n}")).await.id);
    }
    // Another article's comments never show here.
    let other_article = "/api/help/articles/error-setup/comments";
    let r = post_to(&s, other_article, serde_json::json!({"body": "elsewhere"})).await;
    assert_eq!(r.status(), 201);

    for (order, expected) in [
        ("newest", ids.iter().rev().copied().collect::<Vec<_>>()),
        ("oldest", ids.clone()),
    ] {
        let mut seen = Vec::new();
        let mut sizes = Vec::new();
        let mut query = format!("?order={order}");
        loop {
            let p = page(&s, &query).await;
            assert_eq!(p.total, 45);
            sizes.push(p.comments.len());
            seen.extend(p.comments.iter().map(|c| c.id));
            match p.next_cursor {
                Some(cursor) => query = format!("?order={order}&cursor={cursor}"),
                None => break,
            }
        }
        assert_eq!(sizes, [COMMENTS_PER_PAGE, COMMENTS_PER_PAGE, 5], "{order}");
        assert_eq!(seen, expected, "{order}");
    }
    // Newest is the default.
    assert_eq!(page(&s, "").await.comments[0].id, *ids.last().unwrap());

    // A cursor of one order does not continue the other; junk is refused.
    let newest = page(&s, "?order=newest").await.next_cursor.unwrap();
    for query in [
        format!("?order=oldest&cursor={newest}"),
        "?cursor=not-a-cursor".to_string(),
        "?order=sideways".to_string(),
    ] {
        let r = s.get(&format!("{COMMENTS}{query}")).await;
        error_of(r, 400, ErrorCode::BadRequest).await;
    }
}

#[tokio::test]
async fn posting_is_rate_limited_per_user() {
    let s = TestServer::start_configured(|st| {
        st.limits.posting = RateLimiter::new(2, Duration::from_secs(60));
    })
    .await;
    s.sign_in_demo(0).await;
    post_ok(&s, "one").await;
    post_ok(&s, "two").await;
    let r = post(&s, "three").await;
    let retry = r.headers()["retry-after"].to_str().unwrap().to_string();
    let e = error_of(r, 429, ErrorCode::RateLimited).await;
    assert_eq!(e.retry_after.map(|n| n.to_string()), Some(retry));
    assert_eq!(page(&s, "").await.total, 2);
    // Someone else may still post.
    let ben = s.other_browser().await;
    ben.sign_in_demo(1).await;
    post_ok(&ben, "mine").await;
}

#[tokio::test]
async fn hostile_text_is_stored_and_returned_verbatim_as_json_text() {
    let fixture: serde_json::Value =
        serde_json::from_str(include_str!("../../../tests/fixtures/xss-payloads.json")).unwrap();
    let payloads: Vec<String> = serde_json::from_value(fixture["payloads"].clone()).unwrap();
    assert!(payloads.len() >= 20);

    let s = roomy_server().await;
    s.sign_in_demo(0).await;
    for p in &payloads {
        assert_eq!(&post_ok(&s, p).await.body, p);
    }
    let mut returned = Vec::new();
    let mut query = "?order=oldest".to_string();
    loop {
        let r = s.get(&format!("{COMMENTS}{query}")).await;
        assert_eq!(
            r.headers()["content-type"].to_str().unwrap(),
            "application/json"
        );
        let p: CommentPage = r.json().await.unwrap();
        returned.extend(p.comments.into_iter().map(|c| c.body));
        match p.next_cursor {
            Some(c) => query = format!("?order=oldest&cursor={c}"),
            None => break,
        }
    }
    assert_eq!(returned, payloads);

    // The article's own HTML is untouched by what readers post.
    let article = s
        .get("/api/help/articles/test-connection")
        .await
        .text()
        .await
        .unwrap();
    assert!(
        !article.contains("xss-"),
        "comment text leaked into the article"
    );
}
