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

/// A path inside the app to return to after signing in; anything else
/// (another origin, `//host`) falls back to the help center.
pub fn safe_return(path: Option<String>) -> String {
    path.filter(|p| p.starts_with('/') && !p.starts_with("//") && !p.contains('\\'))
        .unwrap_or_else(|| "/help".to_string())
}
