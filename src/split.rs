//! Screens whose code loads on first visit.
//!
//! Each function below is a split point: the release build (`cargo xtask
//! build`) cuts the code only it reaches into a separate wasm chunk, so a cold
//! visit of the dashboard does not download the help center, sign-in or admin
//! screens. Functions that name the same chunk share one file. Outside the
//! split build (native, and the unsplit test build) the call is direct.
//!
//! A chunk fetch can fail (offline, a deploy removed an old file). The
//! `fallible` option turns that into an `Err` instead of a panic, which with
//! `panic = "abort"` would kill the whole app; [`Lazy`] shows it with Retry.

use crate::pages;
use leptos::prelude::*;
use leptos::wasm_split::{wasm_split, SplitLoaderError};
use send_wrapper::SendWrapper;

/// A chunk did not arrive.
#[derive(Debug, Clone, Copy)]
pub struct ChunkMissing;

impl From<SplitLoaderError> for ChunkMissing {
    fn from(_: SplitLoaderError) -> Self {
        ChunkMissing
    }
}

type Screen = Result<AnyView, ChunkMissing>;

/// Builds a screen without subscribing the caller to what the screen reads
/// while it is set up: the screen's own closures track what they show.
fn screen(build: impl FnOnce() -> AnyView) -> Screen {
    Ok(untrack(build))
}

#[wasm_split(connections, wasm_split_path = ::leptos::wasm_split, fallible)]
fn connections_list() -> Screen {
    screen(|| view! { <pages::ConnectionsPage /> }.into_any())
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn connection_settings() -> Screen {
    screen(|| view! { <pages::ConnectionSettingsPage /> }.into_any())
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn settings_index() -> Screen {
    screen(|| view! { <pages::SettingsIndex /> }.into_any())
}

#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible)]
fn side_tab() -> Screen {
    screen(|| view! { <pages::SideTab /> }.into_any())
}

#[wasm_split(help, wasm_split_path = ::leptos::wasm_split, fallible)]
fn help_index() -> Screen {
    screen(|| view! { <pages::HelpIndexPage /> }.into_any())
}

#[wasm_split(help, wasm_split_path = ::leptos::wasm_split, fallible)]
fn help_article() -> Screen {
    screen(|| view! { <pages::HelpArticlePage /> }.into_any())
}

#[wasm_split(sign_in, wasm_split_path = ::leptos::wasm_split, fallible)]
fn sign_in() -> Screen {
    screen(|| view! { <pages::SignInPage /> }.into_any())
}

#[wasm_split(sign_in, wasm_split_path = ::leptos::wasm_split, fallible)]
fn set_password() -> Screen {
    screen(|| view! { <pages::SetPasswordPage /> }.into_any())
}

#[wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible)]
fn account() -> Screen {
    screen(|| view! { <pages::AccountPage /> }.into_any())
}

#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible)]
fn users() -> Screen {
    screen(|| view! { <pages::UsersPage /> }.into_any())
}

#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible)]
fn audit_log() -> Screen {
    screen(|| view! { <pages::AuditLogPage /> }.into_any())
}

/// Every screen that loads on demand, by name, so a route says which one it
/// shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screens {
    ConnectionsList,
    ConnectionSettings,
    SettingsIndex,
    SideTab,
    HelpIndex,
    HelpArticle,
    SignIn,
    SetPassword,
    Account,
    Users,
    AuditLog,
}

impl Screens {
    async fn load(self) -> Screen {
        match self {
            Screens::ConnectionsList => connections_list().await,
            Screens::ConnectionSettings => connection_settings().await,
            Screens::SettingsIndex => settings_index().await,
            Screens::SideTab => side_tab().await,
            Screens::HelpIndex => help_index().await,
            Screens::HelpArticle => help_article().await,
            Screens::SignIn => sign_in().await,
            Screens::SetPassword => set_password().await,
            Screens::Account => account().await,
            Screens::Users => users().await,
            Screens::AuditLog => audit_log().await,
        }
    }
}

/// Shows `screen` once its code is here; while it loads, a quiet line; if it
/// cannot load, an alert with Retry (and a full reload, which also picks up
/// a newer deploy).
#[component]
pub fn Lazy(screen: Screens) -> impl IntoView {
    let attempt = RwSignal::new(0u32);
    let shown = move || {
        attempt.track();
        Suspend::new(SendWrapper::new(async move {
            match screen.load().await {
                Ok(view) => view,
                Err(ChunkMissing) => view! { <ChunkFailed attempt /> }.into_any(),
            }
        }))
    };
    view! {
        <Suspense fallback=|| view! { <p class="loading" role="status">"Loading…"</p> }>
            {shown}
        </Suspense>
    }
}

#[component]
fn ChunkFailed(attempt: RwSignal<u32>) -> impl IntoView {
    let reload = |_| {
        if let Some(window) = web_sys::window() {
            let _ = window.location().reload();
        }
    };
    view! {
        <div class="chunk-failed" role="alert">
            <p>
                <strong>"This part of the desk did not load."</strong>
                " Check your connection and try again. If the desk was just updated, reload the page."
            </p>
            <button type="button" class="primary" on:click=move |_| attempt.update(|n| *n += 1)>
                "Retry"
            </button>
            " "
            <button type="button" on:click=reload>
                "Reload page"
            </button>
        </div>
    }
}
