//! The help center on its own, for the help widget's panel: `/embed/help`,
//! `/embed/help/{slug}` and `/embed/signin`, built as a bundle of its own
//! (`src/embed_main.rs`) that holds none of the dashboard.
//!
//! The panel runs in an iframe on the host's page. It moves between its
//! pages itself (links under `/embed` are followed with the History API,
//! without leptos_router), and talks to the host's loader
//! (`public/help-widget.js`) with `postMessage`:
//!
//! - from the host: `open` (an article and section), `search`, `suggest`;
//! - to the host: `ready`, `article` (the slug now shown) and `close` (Esc
//!   pressed inside the panel).
//!
//! Every message goes to, and is taken only from, the host origin the
//! loader named in the panel's address (`?host=`), which the server checked
//! against the desk's list of sites that may embed the help before it let
//! that origin frame the page. Anything else is ignored and counted.

use crate::pages::{HelpArticlePage, HelpIndexPage, NotFoundPage, SignInForm};
use crate::route::{self, Embedded, Fragment, HelpQuery, Page, Suggested, EMBED_PREFIX};
use crate::session::{safe_return, SessionState};
use leptos::prelude::*;
use std::cell::{Cell, RefCell};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The marker every message of the protocol carries (`{ds: "help", …}`).
const PROTOCOL: &str = "help";

thread_local! {
    /// The host page's origin, from `?host=` at start.
    static HOST: RefCell<String> = const { RefCell::new(String::new()) };
    /// Messages ignored so far (wrong origin or sender, unknown shape).
    static IGNORED: Cell<u32> = const { Cell::new(0) };
}

/// Where the panel is: path, query and fragment of its own address.
#[derive(Clone, Copy)]
struct Place {
    path: RwSignal<String>,
    search: RwSignal<String>,
    hash: RwSignal<String>,
}

impl Place {
    fn read(self) {
        let Some(location) = web_sys::window().map(|w| w.location()) else {
            return;
        };
        self.path.set(location.pathname().unwrap_or_default());
        self.search.set(location.search().unwrap_or_default());
        self.hash.set(location.hash().unwrap_or_default());
    }

    /// Shows `href` (a path under `/embed`), as a new history entry.
    fn go(self, href: &str) {
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(href));
        }
        self.read();
        scroll_top();
    }
}

/// The panel: a bar with the way back to the list and the reader's name,
/// and the page its address names.
#[component]
pub fn EmbedApp() -> impl IntoView {
    provide_context(Embedded);
    let place = Place {
        path: RwSignal::new(String::new()),
        search: RwSignal::new(String::new()),
        hash: RwSignal::new(String::new()),
    };
    place.read();
    let host = query_value(&place.search.get_untracked(), "host");
    let own = web_sys::window().and_then(|w| w.location().origin().ok());
    if !host.is_empty() && Some(&host) != own.as_ref() {
        crate::api::in_cross_site_frame();
    }
    HOST.with(|h| *h.borrow_mut() = host);
    let session = SessionState::provide();
    provide_context(Fragment(place.hash.into()));
    let query = RwSignal::new(query_value(&place.search.get_untracked(), "q"));
    provide_context(HelpQuery(query));
    let suggested = RwSignal::new(Vec::<String>::new());
    provide_context(Suggested(suggested));
    let page = Memo::new(move |_| {
        let path = place.path.get();
        Page::parse(path.strip_prefix(EMBED_PREFIX).unwrap_or("/-"))
    });
    provide_context(page);
    listen(place, query, suggested);

    // Tell the host which article is showing.
    Effect::new(move |_| {
        if let Page::HelpArticle { slug } = page.get() {
            tell_host("article", Some(("slug", &slug)));
        }
    });
    tell_host("ready", None);

    let follow = move |ev: leptos::ev::MouseEvent| follow_link(place, ev);
    let on_key = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Escape" {
            tell_host("close", None);
        }
    };
    let shown = Memo::new(move |_| std::mem::discriminant(&page.get()));
    let body = move || {
        shown.track();
        match page.get_untracked() {
            Page::HelpIndex => view! { <HelpIndexPage /> }.into_any(),
            Page::HelpArticle { .. } => view! { <HelpArticlePage /> }.into_any(),
            Page::SignIn => {
                let back = Memo::new(move |_| {
                    let wanted = safe_return(Some(query_value(&place.search.get(), "return")));
                    if wanted.starts_with(EMBED_PREFIX) {
                        wanted
                    } else {
                        format!("{EMBED_PREFIX}/help")
                    }
                });
                let done = Callback::new(move |to: String| place.go(&to));
                view! { <SignInForm return_to=back done /> }.into_any()
            }
            _ => view! { <NotFoundPage /> }.into_any(),
        }
    };
    let account = move || match session.user.get() {
        Some(Some(user)) => view! {
            <span class="panel__user">{user.display_name}</span>
            <button type="button" class="button button--quiet" on:click=move |_| sign_out(session)>
                "Sign out"
            </button>
        }
        .into_any(),
        Some(None) => {
            let here = move || {
                let path = place.path.get();
                route::sign_in_then(path.strip_prefix(EMBED_PREFIX).unwrap_or("/help"))
            };
            view! { <a href=here>"Sign in"</a> }.into_any()
        }
        None => ().into_any(),
    };
    view! {
        <div class="panel" on:click=follow on:keydown=on_key>
            <div class="panel__bar">
                <a href=format!("{EMBED_PREFIX}/help") class="panel__home">"Help center"</a>
                <span class="panel__account">{account}</span>
            </div>
            <main class="panel__page">{body}</main>
        </div>
    }
}

fn sign_out(session: SessionState) {
    leptos::task::spawn_local(async move {
        if let Ok(s) = crate::api::sign_out().await {
            session.apply(s);
        }
    });
}

/// Follows a plain click on a link to another page of the panel inside the
/// panel; any other link (another site, a new tab, `#section`) is left to
/// the browser.
fn follow_link(place: Place, ev: leptos::ev::MouseEvent) {
    if ev.default_prevented()
        || ev.button() != 0
        || ev.meta_key()
        || ev.ctrl_key()
        || ev.shift_key()
        || ev.alt_key()
    {
        return;
    }
    let link = ev
        .target()
        .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        .and_then(|e| e.closest("a[href]").ok().flatten());
    let Some(link) = link else { return };
    if link.has_attribute("target") {
        return;
    }
    let href = link.get_attribute("href").unwrap_or_default();
    if href.starts_with(&format!("{EMBED_PREFIX}/")) {
        ev.prevent_default();
        place.go(&href);
    }
}

fn scroll_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Listens for the host's messages, and for Back and Forward.
fn listen(place: Place, query: RwSignal<String>, suggested: RwSignal<Vec<String>>) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev| {
        take_message(&ev, place, query, suggested)
    });
    let on_pop = Closure::<dyn Fn()>::new(move || place.read());
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    // The panel lives as long as its page.
    on_message.forget();
    on_pop.forget();
}

fn take_message(
    ev: &web_sys::MessageEvent,
    place: Place,
    query: RwSignal<String>,
    suggested: RwSignal<Vec<String>>,
) {
    let host = HOST.with(|h| h.borrow().clone());
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
    let from_parent = match (ev.source(), parent) {
        (Some(source), Some(parent)) => JsValue::from(source) == JsValue::from(parent),
        _ => false,
    };
    if host.is_empty() || ev.origin() != host || !from_parent {
        return ignored("not from the host page", &ev.origin());
    }
    let data = ev.data();
    let text = |key: &str| {
        js_sys::Reflect::get(&data, &JsValue::from_str(key))
            .ok()
            .and_then(|v| v.as_string())
    };
    if text("ds").as_deref() != Some(PROTOCOL) {
        return ignored("not a help message", "");
    }
    match text("type").as_deref() {
        Some("open") => {
            let article = text("article").filter(|s| is_slug(s));
            let section = text("section").filter(|s| is_slug(s));
            let href = match (article, section) {
                (Some(a), Some(s)) => format!("{EMBED_PREFIX}/help/{a}#{s}"),
                (Some(a), None) => format!("{EMBED_PREFIX}/help/{a}"),
                (None, _) => format!("{EMBED_PREFIX}/help"),
            };
            place.go(&href);
        }
        Some("search") => {
            query.set(text("query").unwrap_or_default().chars().take(200).collect());
            place.go(&format!("{EMBED_PREFIX}/help"));
        }
        Some("suggest") => {
            let list = js_sys::Reflect::get(&data, &JsValue::from_str("articles"))
                .ok()
                .filter(js_sys::Array::is_array)
                .map(|a| js_sys::Array::from(&a));
            let Some(list) = list else {
                return ignored("suggest without a list of articles", "");
            };
            let slugs = list
                .iter()
                .filter_map(|v| v.as_string())
                .filter(|s| is_slug(s))
                .take(10)
                .collect();
            suggested.set(slugs);
        }
        other => ignored("unknown type", other.unwrap_or("")),
    }
}

/// Article slugs and section ids: lowercase letters, digits and dashes.
fn is_slug(text: &str) -> bool {
    !text.is_empty()
        && text.len() <= 100
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// Counts a message the panel did not act on, in the console's debug level.
fn ignored(why: &str, detail: &str) {
    let count = IGNORED.with(|c| {
        c.set(c.get() + 1);
        c.get()
    });
    web_sys::console::debug_1(&JsValue::from_str(&format!(
        "DropStream help: ignored message {count} ({why}) {detail}"
    )));
}

/// Posts `{ds: "help", type, …}` to the host page, to its origin only.
fn tell_host(kind: &str, field: Option<(&str, &str)>) {
    let host = HOST.with(|h| h.borrow().clone());
    let parent = web_sys::window().and_then(|w| w.parent().ok().flatten());
    let (false, Some(parent)) = (host.is_empty(), parent) else {
        return;
    };
    let message = js_sys::Object::new();
    let set = |k: &str, v: &str| {
        let _ = js_sys::Reflect::set(&message, &JsValue::from_str(k), &JsValue::from_str(v));
    };
    set("ds", PROTOCOL);
    set("type", kind);
    if let Some((k, v)) = field {
        set(k, v);
    }
    let _ = parent.post_message(&message, &host);
}

/// The value of `key` in a query string (`?a=1&b=2`), decoded; empty when
/// absent.
fn query_value(search: &str, key: &str) -> String {
    web_sys::UrlSearchParams::new_with_str(search)
        .ok()
        .and_then(|p| p.get(key))
        .unwrap_or_default()
}
