//! Help-center pieces in a real browser: comment text stays text, the
//! comment form checks before sending, and state-changing calls carry the
//! CSRF token.

use crate::support::*;
use dropstream_api::help::Comment;
use dropstream_desk::api;
use dropstream_desk::components::comment_form::CommentAction;
use dropstream_desk::components::{CommentForm, CommentItem};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn set_csrf_cookie(value: &str) {
    let document: web_sys::HtmlDocument = leptos::prelude::document().unchecked_into();
    document
        .set_cookie(&format!("ds_csrf={value}; path=/"))
        .unwrap();
}

fn comment(body: &str) -> Comment {
    Comment {
        id: 7,
        author: "<b>Mallory</b>".into(),
        mine: true,
        body: body.into(),
        created_at: "2026-01-02T03:04:05Z".into(),
        edited_at: None,
    }
}

#[wasm_bindgen_test]
async fn comment_text_is_text_and_only_http_addresses_become_links() {
    let body = "<img src=x onerror=alert(1)> <script>alert(2)</script>\n\nsee https://example.com/a?b=1. and javascript:alert(3)";
    let el = mount(move || {
        view! { <CommentItem comment=comment(body) on_deleted=Callback::new(|_| {}) /> }
    })
    .await;
    assert!(query(&el, "img").is_none());
    assert!(query(&el, "script").is_none());
    assert_eq!(text(&el, ".comment__author"), "<b>Mallory</b>");
    let paragraphs = el.query_selector_all(".comment__body p").unwrap();
    assert_eq!(paragraphs.length(), 2);
    assert_eq!(
        paragraphs.item(0).unwrap().text_content().unwrap(),
        "<img src=x onerror=alert(1)> <script>alert(2)</script>"
    );
    let links = el.query_selector_all(".comment__body a").unwrap();
    assert_eq!(links.length(), 1);
    let link: web_sys::Element = links.item(0).unwrap().unchecked_into();
    assert_eq!(
        link.get_attribute("href").unwrap(),
        "https://example.com/a?b=1"
    );
    assert!(link.get_attribute("rel").unwrap().contains("nofollow"));
    // The exact time is on hover; the relative one is shown.
    let time = get(&el, ".comment__time");
    assert!(time.get_attribute("title").is_some());
    assert!(time.text_content().unwrap().ends_with("ago"));
}

#[wasm_bindgen_test]
async fn delete_asks_in_the_page_before_sending() {
    let backend = FakeBackend::install();
    set_csrf_cookie("n1.t1");
    let deleted = RwSignal::new(None::<i64>);
    let el = mount(move || {
        view! { <CommentItem comment=comment("bye") on_deleted=Callback::new(move |id| deleted.set(Some(id))) /> }
    })
    .await;
    click(&button(&el, "Delete")).await;
    assert_eq!(backend.request_count(), 0, "nothing sent before confirming");
    click(&button(&el, "Keep it")).await;
    click(&button(&el, "Delete")).await;
    click(&button(&el, "Yes, delete")).await;
    assert_eq!(backend.request_count(), 1);
    assert_eq!(backend.method(0), "DELETE");
    assert_eq!(backend.header(0, "x-csrf-token").as_deref(), Some("n1.t1"));
    backend.respond(204, "").await;
    settle().await;
    assert_eq!(deleted.get_untracked(), Some(7));
}

#[wasm_bindgen_test]
async fn the_form_checks_length_before_sending_and_shows_the_servers_wait() {
    let backend = FakeBackend::install();
    set_csrf_cookie("n2.t2");
    let el = mount(move || {
        let action: CommentAction = dropstream_desk::task::Task::new(|text: &String| {
            let text = text.clone();
            async move { api::post_comment("test-connection".into(), text).await }
        });
        view! { <CommentForm initial="" label="Comment" submit_label="Post comment" action clear_on_success=true /> }
    })
    .await;
    submit_form(&el);
    settle().await;
    assert_eq!(
        text(&el, ".comment-form__error"),
        "Write something before posting."
    );
    type_into(&el, "textarea", &"x".repeat(5_001));
    settle().await;
    assert_eq!(text(&el, ".comment-form__count"), "5001 / 5000");
    assert!(query(&el, ".comment-form__count--over").is_some());
    submit_form(&el);
    settle().await;
    assert!(text(&el, ".comment-form__error").contains("at most 5000"));
    assert_eq!(backend.request_count(), 0);

    type_into(&el, "textarea", "Hello there");
    submit_form(&el);
    settle().await;
    assert_eq!(backend.request_count(), 1);
    assert_eq!(backend.method(0), "POST");
    assert_eq!(backend.header(0, "x-csrf-token").as_deref(), Some("n2.t2"));
    let (url, sent) = backend
        .respond(
            429,
            r#"{"error":"rate_limited","message":"Too many comments in a short time. Try again in 12 seconds.","retry_after":12}"#,
        )
        .await;
    assert!(
        url.ends_with("/api/help/articles/test-connection/comments"),
        "{url}"
    );
    assert_eq!(sent, r#"{"body":"Hello there"}"#);
    settle().await;
    assert_eq!(
        text(&el, ".comment-form__error"),
        "Too many comments in a short time. Try again in 12 seconds."
    );
    let area: web_sys::HtmlTextAreaElement = get(&el, "textarea").unchecked_into();
    assert_eq!(area.value(), "Hello there", "kept for another try");
}

#[wasm_bindgen_test]
async fn a_rate_limit_answer_exposes_its_wait() {
    let backend = FakeBackend::install();
    let outcome = std::rc::Rc::new(std::cell::RefCell::new(None));
    let slot = outcome.clone();
    leptos::task::spawn_local(async move {
        let result = api::sign_in("a@b.c".into(), "pw".into()).await;
        *slot.borrow_mut() = Some(result);
    });
    settle().await;
    backend
        .respond(
            429,
            r#"{"error":"rate_limited","message":"Too many sign-in attempts. Try again in 30 seconds.","retry_after":30}"#,
        )
        .await;
    settle().await;
    assert_eq!(backend.request_count(), 1);
    let result = outcome.borrow_mut().take().expect("the call finished");
    assert_eq!(result.err().and_then(|e| e.retry_after()), Some(30));
}

#[wasm_bindgen_test]
fn relative_times_round_to_the_nearest_unit() {
    use dropstream_desk::time::relative;
    let now = 1_000_000_000_000.0;
    let ago = |s: f64| relative(now - s * 1000.0, now);
    assert_eq!(ago(3.0), "just now");
    assert_eq!(ago(60.0), "1 minute ago");
    assert_eq!(ago(150.0), "3 minutes ago");
    assert_eq!(ago(7_200.0), "2 hours ago");
    assert_eq!(ago(86_400.0 * 3.0), "3 days ago");
    assert_eq!(ago(-50.0), "just now", "a clock slightly ahead");
}
