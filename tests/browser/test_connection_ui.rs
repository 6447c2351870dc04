//! The Test Connection form and its reactive result, in a real browser,
//! against a fake backend: idle → testing → success / error, stale results,
//! per-side results, inline validation.

use crate::support::*;
use dropstream_api::{Platform, SavedField, SavedValue, Side, SideSettings};
use dropstream_desk::components::CredentialsForm;
use dropstream_desk::form::ConnectionForms;
use leptos::prelude::*;
use wasm_bindgen_test::*;

const SUCCESS: &str = r#"{"ok":true,"message":"Connected to the Shopify store “Demo Outfitters”.","guidance":"",
  "steps":[{"name":"Reach host","status":"passed"},{"name":"Authenticate","status":"passed"}],
  "http_status":200,"duration_ms":42,"retryable":false}"#;

const INVALID: &str = r#"{"ok":false,"category":"invalid_credentials",
  "message":"Shopify refused the Admin API access token.","guidance":"Copy the token again from Shopify admin.",
  "steps":[{"name":"Reach host","status":"passed","detail":"answered HTTP 401"},{"name":"Authenticate","status":"failed"},{"name":"Check permissions","status":"skipped"}],
  "http_status":401,"duration_ms":37,"retryable":false,"help":{"slug":"test-connection","anchor":"invalid-credentials"}}"#;

fn shipbob_saved() -> SideSettings {
    SideSettings {
        platform: Platform::ShipBob,
        fields: vec![SavedField {
            key: "access_token".into(),
            value: SavedValue::Secret {
                set: true,
                hint: None,
            },
        }],
        version: 1,
        last_test: None,
        saved_at: None,
        saved_by: None,
    }
}

/// Mounts the form of `shown` side; switching `shown` replaces the form the
/// way switching tabs does, while the forms' state lives above it.
async fn mount_sides(shown: RwSignal<Side>) -> Mounted {
    mount(move || {
        let forms = ConnectionForms::new();
        move || {
            let side = shown.get();
            let settings = match side {
                Side::Store => shopify_saved(1, "0001"),
                Side::Warehouse => shipbob_saved(),
            };
            view! { <CredentialsForm connection_id=7 settings form=forms.side(side) /> }
        }
    })
    .await
}

/// A fake backend, then the store side's form, mounted over it.
async fn store_side() -> (FakeBackend, Mounted) {
    let backend = FakeBackend::install();
    (backend, mount_sides(RwSignal::new(Side::Store)).await)
}

/// Clicks Test Connection, answers the request, lets the page update; returns
/// the request's URL and body.
async fn test_and_answer(
    backend: &FakeBackend,
    root: &web_sys::HtmlElement,
    status: u16,
    json: &str,
) -> (String, String) {
    click(&test_button(root)).await;
    let sent = backend.respond(status, json).await;
    settle().await;
    sent
}

fn status_region(root: &web_sys::HtmlElement) -> web_sys::HtmlElement {
    get(root, "[role=status]")
}

/// Asserts that the side shows a success badge and no error badge.
fn assert_shows_success(root: &web_sys::HtmlElement) {
    assert_eq!(text(root, ".badge--success .badge__headline"), "Success!");
    assert!(query(root, ".badge--error").is_none());
}

#[wasm_bindgen_test]
async fn idle_shows_fields_from_the_spec_and_no_badge() {
    let (_backend, root) = store_side().await;

    assert_eq!(text(&root, "label[for=store-shop_domain]"), "Shop domain");
    assert_eq!(
        text(&root, "label[for=store-access_token]"),
        "Admin API access token"
    );
    let token = get(&root, "#store-access_token");
    assert_eq!(token.get_attribute("type").as_deref(), Some("password"));
    assert!(text(&root, ".field__saved").contains("•••• 0001"));
    let region = status_region(&root);
    assert_eq!(region.get_attribute("aria-live").as_deref(), Some("polite"));
    assert_eq!(region.get_attribute("aria-busy").as_deref(), Some("false"));
    assert_eq!(region.text_content().unwrap_or_default().trim(), "");
    assert!(query(&root, ".badge").is_none());
}

#[wasm_bindgen_test]
async fn testing_then_success() {
    let (backend, root) = store_side().await;

    click(&test_button(&root)).await;
    // Testing: button disabled, region busy, spinner text.
    assert_eq!(backend.waiting(), 1);
    assert!(test_button(&root).has_attribute("disabled"));
    assert_eq!(
        status_region(&root).get_attribute("aria-busy").as_deref(),
        Some("true")
    );
    assert!(text(&root, ".badge--testing").contains("Testing"));

    // A second submit while testing (Enter in a field) sends nothing more.
    submit_form(&root);
    settle().await;
    assert_eq!(backend.request_count(), 1);

    let (url, body) = backend.respond(200, SUCCESS).await;
    settle().await;
    assert!(url.ends_with("/api/connections/7/store/test"), "{url}");
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["platform"], "shopify");
    assert_eq!(
        sent["fields"]["shop_domain"],
        "demo-outfitters.myshopify.com"
    );
    // The secret was left blank: the server uses the saved one.
    assert_eq!(sent["fields"]["access_token"], "");

    assert!(!test_button(&root).has_attribute("disabled"));
    assert_eq!(
        status_region(&root).get_attribute("aria-busy").as_deref(),
        Some("false")
    );
    assert_shows_success(&root);
}

#[wasm_bindgen_test]
async fn error_names_the_category_and_what_to_do() {
    let (backend, root) = store_side().await;

    type_into(&root, "#store-access_token", "shpat_wrong_token_1234");
    let (_, body) = test_and_answer(&backend, &root, 200, INVALID).await;
    assert!(body.contains("shpat_wrong_token_1234"));

    assert_eq!(
        text(&root, ".badge--error .badge__headline"),
        "Invalid credentials"
    );
    assert!(text(&root, ".badge__message").contains("refused"));
    assert!(text(&root, ".badge__guidance").contains("Copy the token again"));
    assert!(text(&root, ".step--failed").contains("Authenticate"));
    // Announced: the summary. Beside it, not announced each time: the steps.
    assert!(query(&status_region(&root), ".badge__guidance").is_some());
    assert!(query(&status_region(&root), ".steps").is_none());
    assert!(text(&root, ".badge__facts").contains("HTTP 401"));
    let help = get(&root, ".badge__help");
    assert_eq!(
        help.get_attribute("href").as_deref(),
        Some("/help/test-connection#invalid-credentials")
    );
    // The typed credentials stay: the article opens beside the form.
    assert_eq!(help.get_attribute("target").as_deref(), Some("_blank"));
    assert!(query(&root, ".badge--success").is_none());
}

#[wasm_bindgen_test]
async fn a_server_error_is_shown_as_a_test_that_could_not_run() {
    let (backend, root) = store_side().await;
    click(&test_button(&root)).await;
    backend
        .respond(409, r#"{"error":"conflict","message":"A test of this connection's store credentials is already running."}"#)
        .await;
    settle().await;
    assert_eq!(
        text(&root, ".badge--error .badge__headline"),
        "The test could not run"
    );
    assert!(text(&root, ".badge__message").contains("already running"));
}

#[wasm_bindgen_test]
async fn editing_after_a_result_marks_it_stale_until_the_next_test() {
    let (backend, root) = store_side().await;
    test_and_answer(&backend, &root, 200, SUCCESS).await;
    assert!(query(&root, ".badge--stale").is_none());

    type_into(&root, "#store-access_token", "shpat_another_token_99");
    settle().await;
    assert!(query(&root, ".badge--success.badge--stale").is_some());
    assert!(text(&root, ".badge__stale").contains("Test again"));

    let (_, body) = test_and_answer(&backend, &root, 200, INVALID).await;
    assert!(body.contains("shpat_another_token_99"));
    assert!(query(&root, ".badge--stale").is_none());
    assert!(query(&root, ".badge--error").is_some());
}

#[wasm_bindgen_test]
async fn store_and_warehouse_keep_their_own_results() {
    let backend = FakeBackend::install();
    let shown = RwSignal::new(Side::Store);
    let root = mount_sides(shown).await;

    test_and_answer(&backend, &root, 200, SUCCESS).await;
    assert!(query(&root, ".badge--success").is_some());

    shown.set(Side::Warehouse);
    settle().await;
    assert!(query(&root, "#warehouse-access_token").is_some());
    assert!(
        query(&root, ".badge").is_none(),
        "the warehouse side has no result yet"
    );
    let (url, _) = test_and_answer(&backend, &root, 200, INVALID).await;
    assert!(url.ends_with("/7/warehouse/test"), "{url}");
    assert!(query(&root, ".badge--error").is_some());

    shown.set(Side::Store);
    settle().await;
    assert_shows_success(&root);
}

#[wasm_bindgen_test]
async fn invalid_fields_are_explained_inline_and_nothing_is_sent() {
    let (backend, root) = store_side().await;

    type_into(&root, "#store-shop_domain", "www.example.com");
    settle().await;
    let error = text(&root, "#store-shop_domain-error");
    assert!(error.contains("myshopify.com"), "{error}");
    assert_eq!(
        get(&root, "#store-shop_domain")
            .get_attribute("aria-invalid")
            .as_deref(),
        Some("true")
    );

    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 0);
    assert!(query(&root, ".badge").is_none());

    type_into(&root, "#store-shop_domain", "demo-outfitters");
    settle().await;
    assert_eq!(text(&root, "#store-shop_domain-error"), "");
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 1);
}

#[wasm_bindgen_test]
async fn leaving_the_page_aborts_a_running_test() {
    let backend = FakeBackend::install();
    // `on_page` false stands for navigating away: the reactive closure drops
    // the view and cleans up its owner, as the router does for a route.
    let on_page = RwSignal::new(true);
    let root = mount(move || {
        move || {
            on_page.get().then(|| {
                let forms = ConnectionForms::new();
                view! { <CredentialsForm connection_id=7 settings=shopify_saved(1, "0001") form=forms.store /> }
            })
        }
    })
    .await;
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 1);
    assert!(!backend.aborted(0));

    on_page.set(false);
    settle().await;
    assert!(query(&root, "form").is_none());
    assert!(backend.aborted(0), "the request outlived the page");
}

#[wasm_bindgen_test]
async fn a_changed_shop_domain_needs_the_token_again() {
    let (backend, root) = store_side().await;

    type_into(&root, "#store-shop_domain", "another-shop");
    click(&test_button(&root)).await;
    assert_eq!(
        backend.request_count(),
        0,
        "the saved token must not go to another shop"
    );
    let error = text(&root, "#store-access_token-error");
    assert!(
        error.contains("Enter the Admin API access token again"),
        "{error}"
    );

    type_into(&root, "#store-access_token", "shpat_for_another_shop_01");
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 1);
}
