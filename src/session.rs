//! Who is signed in, shared by the header, the sign-in page and comments.

use crate::api;
use dropstream_api::access::{AccountInfo, Role};
use dropstream_api::help::{Session, User};
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionState {
    /// `None` until the first answer of `GET /api/session`.
    pub user: RwSignal<Option<Option<User>>>,
    /// Role and merchant of the signed-in person.
    pub account: RwSignal<Option<AccountInfo>>,
}

impl SessionState {
    /// Creates the state, asks the server once, and provides it as context.
    pub fn provide() -> SessionState {
        let state = SessionState {
            user: RwSignal::new(None),
            account: RwSignal::new(None),
        };
        leptos::task::spawn_local(async move {
            // Unreachable server: treat as signed out; posting would fail
            // with its own clear error anyway.
            let session = api::session().await.unwrap_or_default();
            state.apply(session);
        });
        provide_context(state);
        CURRENT.with(|c| c.set(Some(state)));
        api::on_session_ended(session_ended);
        state
    }

    /// Takes what the server said about the session (after loading, signing
    /// in or out).
    pub fn apply(&self, session: Session) {
        self.account.set(session.account);
        self.user.set(Some(session.user));
    }

    pub fn signed_in(&self) -> Option<User> {
        self.user.get().flatten()
    }

    pub fn role(&self) -> Option<Role> {
        self.account.with(|a| a.as_ref().map(|a| a.role))
    }
}

thread_local! {
    /// The app's session state, for the API client, which runs outside any
    /// component.
    static CURRENT: std::cell::Cell<Option<SessionState>> = const { std::cell::Cell::new(None) };
}

/// The server answered 401 to a signed-in request: marking the session
/// signed out sends a protected page to the sign-in page.
fn session_ended() {
    if let Some(state) = CURRENT.with(std::cell::Cell::get) {
        state.apply(Session::default());
    }
}

/// Whether the signed-in person may change connections and save
/// credentials (staff only view and test). True where no session state is
/// provided: component tests mount pieces on their own.
pub fn may_change_connections() -> Signal<bool> {
    match use_context::<SessionState>() {
        Some(s) => Signal::derive(move || s.role().is_none_or(Role::changes_connections)),
        None => Signal::stored(true),
    }
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
}

/// The sign-in page's address, returning to where the reader is now
/// (path, query and fragment).
pub fn sign_in_here(location: &leptos_router::location::Location) -> String {
    // The router's `search` has no leading "?".
    let search = location.search.get_untracked();
    let here = format!(
        "{}{}{search}{}",
        location.pathname.get_untracked(),
        if search.is_empty() { "" } else { "?" },
        location.hash.get_untracked()
    );
    format!(
        "/signin?return={}",
        String::from(js_sys::encode_uri_component(&here))
    )
}

/// Where to go after signing in: `return` as the browser's URL parser reads
/// it against this origin, kept only when it stays on this origin. The
/// parser, not a string test, decides, because it is what navigation uses:
/// it drops tabs and newlines, reads `\\` as `/` and takes `//host`,
/// `https:host` and the like to another site. Anything else goes to the
/// help center.
pub fn safe_return(raw: Option<String>) -> String {
    let fallback = || "/help".to_string();
    let (Some(raw), Some(origin)) = (
        raw,
        web_sys::window().and_then(|w| w.location().origin().ok()),
    ) else {
        return fallback();
    };
    match web_sys::Url::new_with_base(&raw, &origin) {
        // One leading slash: `//x` as a path would read as a host again.
        Ok(url) if url.origin() == origin => format!(
            "/{}{}{}",
            url.pathname().trim_start_matches('/'),
            url.search(),
            url.hash()
        ),
        _ => fallback(),
    }
}
