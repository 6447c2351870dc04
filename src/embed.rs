//! The help center on its own, for the help widget's panel: `/embed/help`,
//! `/embed/help/{slug}` and `/embed/signin`, built as a bundle of its own
//! (`src/embed_main.rs`) that holds none of the dashboard.
//!
//! The panel runs in an iframe on the host's page. It moves between its
//! pages itself (links under `/embed` are followed with the History API,
//! without leptos_router), and talks to the host's loader
//! (`public/help-widget.js`) with `postMessage`:
//!
//! - from the host: `open` (an article and section), `search`, `suggest`,
//!   `page` (the host's address: the admins' suggestions for it),
//!   `identify` (a token the host's server signed, exchanged for a session);
//! - to the host: `ready`, `article` (the slug now shown) and `close` (Esc
//!   pressed inside the panel).
//!
//! Every message goes to, and is taken only from, the host origin the
//! loader named in the panel's address (`?host=`), which the server checked
//! against the desk's list of sites that may embed the help before it let
//! that origin frame the page. Anything else is ignored and counted.

use crate::pages::{HelpArticlePage, HelpIndexPage, NotFoundPage, SignInForm};
use crate::route::{self, AboveList, Embedded, Fragment, HelpQuery, Page, EMBED_PREFIX};
use crate::session::{safe_return, SessionState};
use dropstream_api::help::ArticleSummary;
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

#[derive(Clone, Copy, PartialEq, Eq)]
enum Shown {
    Index,
    Article,
    SignIn,
    NotFound,
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

    /// Shows `href` (a path under `/embed`), as a new history entry. The
    /// address keeps naming the host, so a reload is framed as before.
    fn go(self, href: &str) {
        let host = HOST.with(|h| h.borrow().clone());
        let href = match (host.is_empty(), href.split_once('#')) {
            (true, _) => href.to_string(),
            (false, split) => {
                let (path, fragment) = split.unwrap_or((href, ""));
                let joiner = if path.contains('?') { '&' } else { '?' };
                let host = String::from(js_sys::encode_uri_component(&host));
                let fragment = if fragment.is_empty() {
                    String::new()
                } else {
                    format!("#{fragment}")
                };
                format!("{path}{joiner}host={host}{fragment}")
            }
        };
        if let Some(history) = web_sys::window().and_then(|w| w.history().ok()) {
            let _ = history.push_state_with_url(&JsValue::NULL, "", Some(&href));
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
    provide_context(AboveList(std::sync::Arc::new(move |list, query| {
        suggestions(list, query, suggested)
    })));
    let page = Memo::new(move |_| {
        let path = place.path.get();
        Page::parse(path.strip_prefix(EMBED_PREFIX).unwrap_or("/-"))
    });
    provide_context(page);
    // A token from the host is exchanged once the first answer about the
    // session is in: that answer also brings the CSRF cookie the exchange
    // needs, and must not overwrite what the exchange brings.
    let identify = RwSignal::new(None::<String>);
    Effect::new(move |_| {
        if session.user.with(Option::is_none) {
            return;
        }
        if let Some(token) = identify.get() {
            identify.set(None);
            leptos::task::spawn_local(async move {
                match crate::api::identify(token).await {
                    Ok(s) => session.apply(s),
                    Err(e) => web_sys::console::warn_1(&JsValue::from_str(&format!(
                        "DropStream help: identify refused: {e}"
                    ))),
                }
            });
        }
    });
    listen(place, query, suggested, identify);

    // Tell the host which article is showing.
    Effect::new(move |_| {
        if let Page::HelpArticle { slug } = page.get() {
            tell_host("article", Some(("slug", &slug)));
        }
    });
    tell_host("ready", None);

    let follow = move |ev: leptos::ev::MouseEvent| follow_link(place, ev);
    // Rebuilt when the kind of page changes; an article follows its slug
    // itself. (The memo is read, not only tracked: see `Load::new`.)
    let shown = Memo::new(move |_| match page.get() {
        Page::HelpIndex => Shown::Index,
        Page::HelpArticle { .. } => Shown::Article,
        Page::SignIn => Shown::SignIn,
        _ => Shown::NotFound,
    });
    let body = move || match shown.get() {
        Shown::Index => view! { <HelpIndexPage /> }.into_any(),
        Shown::Article => view! { <HelpArticlePage /> }.into_any(),
        Shown::SignIn => {
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
        Shown::NotFound => view! { <NotFoundPage /> }.into_any(),
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
        <div class="panel" on:click=follow>
            <div class="panel__bar">
                <a href=format!("{EMBED_PREFIX}/help") class="panel__home">"Help center"</a>
                <span class="panel__account">{account}</span>
            </div>
            <main class="panel__page">{body}</main>
        </div>
    }
}

/// "Suggested for this page": the articles the host suggests (`suggest`,
/// or the admins' rules for its address, `page`), while nothing is searched.
fn suggestions(
    list: &[ArticleSummary],
    query: &str,
    suggested: RwSignal<Vec<String>>,
) -> Option<AnyView> {
    let slugs = suggested.get();
    if slugs.is_empty() || !query.is_empty() {
        return None;
    }
    let picked = slugs
        .iter()
        .filter_map(|slug| list.iter().find(|a| &a.slug == slug))
        .map(|a| {
            let href = format!("{EMBED_PREFIX}/help/{}", a.slug);
            view! { <li><a href=href>{a.title.clone()}</a></li> }
        })
        .collect_view();
    Some(
        view! {
            <nav class="suggested" aria-labelledby="suggested-title">
                <h2 id="suggested-title">"Suggested for this page"</h2>
                <ul>{picked}</ul>
            </nav>
        }
        .into_any(),
    )
}

fn sign_out(session: SessionState) {
    leptos::task::spawn_local(async move {
        if let Ok(s) = crate::api::sign_out().await {
            session.apply(s);
        }
    });
}

/// Follows a plain click on a link to another page of the panel (or to a
/// help page of the desk) inside the panel; any other link (another site, a
/// new tab, `#section`) is left to the browser.
fn follow_link(place: Place, ev: leptos::ev::MouseEvent) {
    if ev.default_prevented() || !crate::help_panel::plain_click(&ev) {
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
    } else if href == "/help" || href.starts_with("/help/") || href.starts_with("/help#") {
        // An article's own links name the desk's help pages: the panel
        // shows them itself.
        ev.prevent_default();
        place.go(&format!("{EMBED_PREFIX}{href}"));
    }
}

fn scroll_top() {
    if let Some(window) = web_sys::window() {
        window.scroll_to_with_x_and_y(0.0, 0.0);
    }
}

/// Listens for the host's messages, and for Back and Forward.
fn listen(
    place: Place,
    query: RwSignal<String>,
    suggested: RwSignal<Vec<String>>,
    identify: RwSignal<Option<String>>,
) {
    let Some(window) = web_sys::window() else {
        return;
    };
    let on_message = Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |ev| {
        take_message(&ev, place, query, suggested, identify)
    });
    let on_pop = Closure::<dyn Fn()>::new(move || place.read());
    let on_focus = Closure::<dyn Fn()>::new(focus_inside);
    // Esc anywhere in the panel (the focus may be on its body, after a
    // link it followed went away) asks the host to close it.
    let on_key = Closure::<dyn Fn(web_sys::KeyboardEvent)>::new(|ev: web_sys::KeyboardEvent| {
        if ev.key() == "Escape" {
            tell_host("close", None);
        }
    });
    let _ = window.add_event_listener_with_callback("keydown", on_key.as_ref().unchecked_ref());
    on_key.forget();
    let _ = window.add_event_listener_with_callback("message", on_message.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("popstate", on_pop.as_ref().unchecked_ref());
    let _ = window.add_event_listener_with_callback("focus", on_focus.as_ref().unchecked_ref());
    // The panel lives as long as its page.
    on_message.forget();
    on_pop.forget();
    on_focus.forget();
    // The host may have focused the frame while the panel was loading.
    request_animation_frame(|| {
        let focused = web_sys::window()
            .and_then(|w| w.document())
            .and_then(|d| d.has_focus().ok());
        if focused == Some(true) {
            focus_inside();
        }
    });
}

/// The host focuses the frame when it opens the panel: the focus goes on to
/// the panel's first link, where a keyboard user expects it, unless
/// something inside already has it.
fn focus_inside() {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let idle = document
        .active_element()
        .is_none_or(|e| e.tag_name().eq_ignore_ascii_case("body"));
    let first = document
        .query_selector(".panel__home")
        .ok()
        .flatten()
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let (true, Some(first)) = (idle, first) {
        let _ = first.focus();
    }
}

fn take_message(
    ev: &web_sys::MessageEvent,
    place: Place,
    query: RwSignal<String>,
    suggested: RwSignal<Vec<String>>,
    identify: RwSignal<Option<String>>,
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
            query.set(
                text("query")
                    .unwrap_or_default()
                    .chars()
                    .take(200)
                    .collect(),
            );
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
        // The host has just focused the frame (opening the panel).
        Some("focus") => focus_inside(),
        Some("page") => {
            let Some(url) = text("url").filter(|u| u.len() <= 2000) else {
                return ignored("page without an address", "");
            };
            leptos::task::spawn_local(async move {
                if let Ok(found) = crate::api::suggestions(url).await {
                    suggested.set(found.articles);
                }
            });
        }
        Some("identify") => {
            let Some(token) = text("token").filter(|t| !t.is_empty() && t.len() <= 2048) else {
                return ignored("identify without a token", "");
            };
            identify.set(Some(token));
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
