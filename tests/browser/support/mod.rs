//! Browser-test helpers: a fake backend that stands in for the page's
//! `fetch`, so the SPA's real client code runs against answers the test
//! controls (and holds back, to observe the "testing" state).

use dropstream_api::{Platform, SavedField, SavedValue, SideSettings};
use js_sys::{Function, Promise, Reflect};
use leptos::prelude::IntoView;
use std::any::Any;
use std::cell::RefCell;
use std::collections::VecDeque;
use std::ops::Deref;
use std::rc::Rc;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{HtmlElement, HtmlInputElement, Request, Response, ResponseInit};

/// A request the page made and that is waiting for the test's answer.
struct Pending {
    request: Request,
    resolve: Function,
}

/// Replaces `globalThis.fetch` until dropped.
pub struct FakeBackend {
    pending: Rc<RefCell<VecDeque<Pending>>>,
    seen: Rc<RefCell<Vec<Request>>>,
    original: JsValue,
    _fetch: Closure<dyn FnMut(JsValue) -> Promise>,
}

impl FakeBackend {
    pub fn install() -> FakeBackend {
        let pending: Rc<RefCell<VecDeque<Pending>>> = Default::default();
        let seen: Rc<RefCell<Vec<Request>>> = Default::default();
        let (p, s) = (pending.clone(), seen.clone());
        let fetch = Closure::<dyn FnMut(JsValue) -> Promise>::new(move |input: JsValue| {
            let request: Request = input.dyn_into().expect("the client passes a Request");
            s.borrow_mut().push(Clone::clone(&request));
            let p = p.clone();
            Promise::new(&mut move |resolve, _reject| {
                p.borrow_mut().push_back(Pending {
                    request: Clone::clone(&request),
                    resolve,
                });
            })
        });
        let global = js_sys::global();
        let original = Reflect::get(&global, &"fetch".into()).unwrap();
        Reflect::set(&global, &"fetch".into(), fetch.as_ref()).unwrap();
        FakeBackend {
            pending,
            seen,
            original,
            _fetch: fetch,
        }
    }

    /// How many requests the page has sent so far.
    pub fn request_count(&self) -> usize {
        self.seen.borrow().len()
    }

    /// Whether the page aborted its `n`th request (counting from 0).
    pub fn aborted(&self, n: usize) -> bool {
        self.seen.borrow()[n].signal().aborted()
    }

    /// Header `name` of the page's `n`th request (counting from 0).
    pub fn header(&self, n: usize, name: &str) -> Option<String> {
        self.seen.borrow()[n].headers().get(name).unwrap()
    }

    /// Method of the page's `n`th request.
    pub fn method(&self, n: usize) -> String {
        self.seen.borrow()[n].method()
    }

    pub fn waiting(&self) -> usize {
        self.pending.borrow().len()
    }

    /// Answers the oldest waiting request with `status` and a JSON body;
    /// returns that request's URL and body.
    pub async fn respond(&self, status: u16, json: &str) -> (String, String) {
        let next = self
            .pending
            .borrow_mut()
            .pop_front()
            .expect("no request is waiting for an answer");
        let body = JsFuture::from(next.request.text().unwrap()).await.unwrap();
        let init = ResponseInit::new();
        init.set_status(status);
        let headers = web_sys::Headers::new().unwrap();
        headers.set("content-type", "application/json").unwrap();
        init.set_headers(&headers);
        // A 204 must not carry a body.
        let answer = (status != 204).then_some(json);
        let response = Response::new_with_opt_str_and_init(answer, &init).unwrap();
        next.resolve.call1(&JsValue::NULL, &response).unwrap();
        (next.request.url(), body.as_string().unwrap_or_default())
    }
}

impl Drop for FakeBackend {
    fn drop(&mut self) {
        let _ = Reflect::set(&js_sys::global(), &"fetch".into(), &self.original);
    }
}

/// A view mounted for one test: its own fresh element, so tests do not see
/// each other's DOM, and the mount's handle, which unmounts the view (and
/// cleans up its owner) when this is dropped. Derefs to the element.
pub struct Mounted {
    root: HtmlElement,
    _handle: Box<dyn Any>,
}

impl Deref for Mounted {
    type Target = HtmlElement;

    fn deref(&self) -> &HtmlElement {
        &self.root
    }
}

/// Mounts `view` into a fresh element and lets it render.
pub async fn mount<V>(view: impl FnOnce() -> V + 'static) -> Mounted
where
    V: IntoView + 'static,
{
    let document = leptos::prelude::document();
    let root: HtmlElement = document.create_element("div").unwrap().unchecked_into();
    document.body().unwrap().append_child(&root).unwrap();
    let handle = leptos::mount::mount_to(root.clone(), view);
    settle().await;
    Mounted {
        root,
        _handle: Box::new(handle),
    }
}

/// Lets pending promises, the reactive system and the DOM updates run:
/// a few turns of the event loop (a response body is read through several
/// promises before the action's value is set).
pub async fn settle() {
    for _ in 0..5 {
        next_macrotask().await;
        leptos::task::tick().await;
    }
}

async fn next_macrotask() {
    let promise = Promise::new(&mut |resolve, _| {
        let window = web_sys::window().unwrap();
        window
            .set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, 0)
            .unwrap();
    });
    JsFuture::from(promise).await.unwrap();
}

pub fn query(root: &HtmlElement, selector: &str) -> Option<HtmlElement> {
    root.query_selector(selector)
        .unwrap()
        .map(|e| e.unchecked_into())
}

pub fn get(root: &HtmlElement, selector: &str) -> HtmlElement {
    query(root, selector).unwrap_or_else(|| panic!("nothing matches {selector}"))
}

pub fn text(root: &HtmlElement, selector: &str) -> String {
    get(root, selector).text_content().unwrap_or_default()
}

/// An event as the browser fires it: bubbling, cancelable.
pub fn event(name: &str) -> web_sys::Event {
    let init = web_sys::EventInit::new();
    init.set_bubbles(true);
    init.set_cancelable(true);
    web_sys::Event::new_with_event_init_dict(name, &init).unwrap()
}

/// Types into an input the way a user does: sets the value, fires `input`.
pub fn type_into(root: &HtmlElement, selector: &str, value: &str) {
    let input: HtmlInputElement = get(root, selector).unchecked_into();
    input.set_value(value);
    input.dispatch_event(&event("input")).unwrap();
}

/// Fires `submit` on the first form directly, as pressing Enter in a field
/// does, bypassing the (possibly disabled) button.
pub fn submit_form(root: &HtmlElement) {
    get(root, "form").dispatch_event(&event("submit")).unwrap();
}

/// Clicks `element` and lets the page update.
pub async fn click(element: &HtmlElement) {
    element.click();
    settle().await;
}

/// The button whose text is exactly "Test Connection".
pub fn test_button(root: &HtmlElement) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == "Test Connection")
        .expect("a Test Connection button")
}

/// The button whose text is exactly `label`.
pub fn button(root: &HtmlElement, label: &str) -> HtmlElement {
    let buttons = root.query_selector_all("button").unwrap();
    (0..buttons.length())
        .filter_map(|i| buttons.item(i))
        .map(|n| n.unchecked_into::<HtmlElement>())
        .find(|b| b.text_content().unwrap_or_default().trim() == label)
        .unwrap_or_else(|| panic!("no {label} button"))
}

/// Connection 1's Shopify side as the API shows it: the shop domain, and a
/// saved token ending in `token_hint`.
pub fn shopify_saved(version: i64, token_hint: &str) -> SideSettings {
    SideSettings {
        platform: Platform::Shopify,
        fields: vec![
            SavedField {
                key: "shop_domain".into(),
                value: SavedValue::Plain {
                    value: "demo-outfitters.myshopify.com".into(),
                },
            },
            SavedField {
                key: "access_token".into(),
                value: SavedValue::Secret {
                    set: true,
                    hint: Some(format!("•••• {token_hint}")),
                },
            },
        ],
        version,
        last_test: None,
        saved_at: Some("2026-12-01T10:00:00.000Z".into()),
        saved_by: Some("Ana Merchant".into()),
    }
}
