//! Who is signed in, shared by the header, the sign-in page and comments.

use crate::api;
use dropstream_api::help::User;
use leptos::prelude::*;

#[derive(Clone, Copy)]
pub struct SessionState {
    /// `None` until the first answer of `GET /api/session`.
    pub user: RwSignal<Option<Option<User>>>,
}

impl SessionState {
    /// Creates the state, asks the server once, and provides it as context.
    pub fn provide() -> SessionState {
        let state = SessionState {
            user: RwSignal::new(None),
        };
        leptos::task::spawn_local(async move {
            // Unreachable server: treat as signed out; posting would fail
            // with its own clear error anyway.
            let user = api::session().await.ok().and_then(|s| s.user);
            state.user.set(Some(user));
        });
        provide_context(state);
        state
    }

    pub fn signed_in(&self) -> Option<User> {
        self.user.get().flatten()
    }
}

pub fn use_session() -> SessionState {
    expect_context::<SessionState>()
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
