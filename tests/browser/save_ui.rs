//! Saving credentials from the form, in a real browser against a fake
//! backend: the request carries the version, a 409 shows its message and
//! keeps the edits; "3 minutes ago"; the leave guard.

use crate::support::*;
use dropstream_desk::components::CredentialsForm;
use dropstream_desk::form::ConnectionForms;
use dropstream_desk::leave_guard::{use_leave_guard, LEAVE_QUESTION};
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn input_value(root: &web_sys::HtmlElement, selector: &str) -> String {
    get(root, selector)
        .unchecked_into::<web_sys::HtmlInputElement>()
        .value()
}

/// A fake backend, then the store side's form (version 4), mounted over it.
async fn store_form() -> (FakeBackend, Mounted) {
    let backend = FakeBackend::install();
    let root = mount(move || {
        let forms = ConnectionForms::new();
        view! { <CredentialsForm connection_id=7 settings=shopify_saved(4, "0001") form=forms.store /> }
    })
    .await;
    (backend, root)
}

#[wasm_bindgen_test]
async fn save_sends_the_version_and_shows_the_new_hint() {
    let (backend, root) = store_form().await;
    type_into(&root, "#store-access_token", "shpat_new_token_abcd");
    click(&button(&root, "Save")).await;
    assert!(text(&root, ".save-note").contains("Saving"));
    let answer = serde_json::to_string(&shopify_saved(5, "abcd")).unwrap();
    let (url, body) = backend.respond(200, &answer).await;
    settle().await;
    assert!(url.ends_with("/api/connections/7/store"), "{url}");
    let sent: serde_json::Value = serde_json::from_str(&body).unwrap();
    assert_eq!(sent["version"], 4);
    assert_eq!(sent["platform"], "shopify");
    assert_eq!(sent["fields"]["access_token"], "shpat_new_token_abcd");
    assert_eq!(
        sent["fields"]["shop_domain"],
        "demo-outfitters.myshopify.com"
    );
    assert_eq!(text(&root, ".save-note"), "Saved.");
    // Saved: the field is blank again and the hint is the new one.
    assert_eq!(input_value(&root, "#store-access_token"), "");
    assert!(text(&root, ".field__saved").contains("•••• abcd"));
}

#[wasm_bindgen_test]
async fn who_saved_the_side_is_shown_and_not_for_another_platform() {
    let (_backend, root) = store_form().await;
    let note = text(&root, ".credentials__saved-by");
    assert!(note.starts_with("Saved by Ana Merchant, "), "{note}");
    assert!(note.ends_with(" ago"), "{note}");
    // Another platform's fields start blank: nothing of theirs was saved.
    let select = get(&root, "#store-platform").unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value("bigcommerce");
    select
        .dispatch_event(&web_sys::Event::new("change").unwrap())
        .unwrap();
    settle().await;
    assert!(root
        .query_selector(".credentials__saved-by")
        .unwrap()
        .is_none());
}

#[wasm_bindgen_test]
async fn a_stale_save_shows_the_conflict_and_keeps_the_edits() {
    let (backend, root) = store_form().await;
    type_into(&root, "#store-shop_domain", "my-edit");
    type_into(&root, "#store-access_token", "shpat_my_edit_token_1");
    click(&button(&root, "Save")).await;
    let conflict = r#"{"error":"conflict","message":"Someone else saved these Store credentials since you opened them. Reload to see their changes; your edits are still in the form."}"#;
    backend.respond(409, conflict).await;
    settle().await;
    let alert = get(&root, ".save-note [role=alert]");
    assert!(alert
        .text_content()
        .unwrap_or_default()
        .contains("Someone else saved these Store credentials"));
    assert_eq!(input_value(&root, "#store-shop_domain"), "my-edit");
    assert_eq!(
        input_value(&root, "#store-access_token"),
        "shpat_my_edit_token_1"
    );
}

#[wasm_bindgen_test]
async fn an_invalid_form_is_not_saved() {
    let (backend, root) = store_form().await;
    type_into(&root, "#store-shop_domain", "shop.example.com");
    click(&button(&root, "Save")).await;
    assert_eq!(backend.request_count(), 0);
    assert!(text(&root, "#store-shop_domain-error").contains("myshopify.com"));
}

/// Clicks a link the way a user does; returns whether the click was
/// stopped before it reached the link (the guard said "stay").
fn click_link(root: &web_sys::HtmlElement, href: &str) -> bool {
    click_link_with(root, href, None)
}

fn click_link_with(root: &web_sys::HtmlElement, href: &str, target: Option<&str>) -> bool {
    let a = document().create_element("a").unwrap();
    a.set_attribute("href", href).unwrap();
    if let Some(target) = target {
        a.set_attribute("target", target).unwrap();
    }
    root.append_child(&a).unwrap();
    let reached = std::rc::Rc::new(std::cell::Cell::new(false));
    let r = reached.clone();
    // The test page has no router: the link's own listener stops a real
    // navigation, and records that the click got through.
    let on_link = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::Event)>::new(
        move |e: web_sys::Event| {
            r.set(true);
            e.prevent_default();
        },
    );
    a.add_event_listener_with_callback("click", on_link.as_ref().unchecked_ref())
        .unwrap();
    let init = web_sys::MouseEventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    let click = web_sys::MouseEvent::new_with_mouse_event_init_dict("click", &init).unwrap();
    a.dispatch_event(&click).unwrap();
    a.remove();
    !reached.get()
}

#[wasm_bindgen_test]
async fn leaving_with_unsaved_edits_asks_first() {
    // window.confirm answers "stay" and records the question.
    js_sys::eval(
        "window.__asked = []; window.confirm = (q) => { window.__asked.push(q); return false; };\
",
    )
    .unwrap();
    let dirty = RwSignal::new(false);
    let root = mount(move || {
        use_leave_guard(dirty.into(), "/connections/7/settings".to_string());
    })
    .await;
    let asked = || {
        js_sys::eval("window.__asked.length")
            .unwrap()
            .as_f64()
            .unwrap() as usize
    };

    assert!(!click_link(&root, "/connections"), "clean: no question");
    assert_eq!(asked(), 0);
    dirty.set(true);
    assert!(!click_link(&root, "/connections/7/settings/warehouse"));
    assert_eq!(asked(), 0, "the other tab keeps the edits: no question");
    assert!(!click_link_with(
        &root,
        "/help/test-connection#setup",
        Some("_blank")
    ));
    assert_eq!(
        asked(),
        0,
        "a new tab leaves this page as it is: no question"
    );
    assert!(click_link(&root, "/connections"), "answered stay: stopped");
    assert_eq!(asked(), 1);
    let question = js_sys::eval("window.__asked[0]").unwrap().as_string();
    assert_eq!(question.as_deref(), Some(LEAVE_QUESTION));

    let unload = event("beforeunload");
    window().dispatch_event(&unload).unwrap();
    assert!(unload.default_prevented(), "beforeunload asks while dirty");
    dirty.set(false);
    let unload = event("beforeunload");
    window().dispatch_event(&unload).unwrap();
    assert!(!unload.default_prevented());
}

#[wasm_bindgen_test]
async fn unsaved_means_different_from_what_is_saved() {
    let _backend = FakeBackend::install();
    let owner = Owner::new();
    owner.set();
    let forms = ConnectionForms::new();
    let saved = shopify_saved(4, "0001");
    let root = mount(move || {
        view! { <CredentialsForm connection_id=7 settings=shopify_saved(4, "0001") form=forms.store /> }
    })
    .await;
    assert!(!forms.store.has_unsaved(&saved));
    type_into(&root, "#store-shop_domain", "another-shop");
    assert!(forms.store.has_unsaved(&saved));
    // Typed back to the saved value: nothing to lose.
    type_into(&root, "#store-shop_domain", "demo-outfitters.myshopify.com");
    assert!(!forms.store.has_unsaved(&saved));
    type_into(&root, "#store-access_token", "shpat_typed_0001");
    assert!(forms.store.has_unsaved(&saved));
    type_into(&root, "#store-access_token", "");
    assert!(!forms.store.has_unsaved(&saved));
}
