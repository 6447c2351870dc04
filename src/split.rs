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
//!
//! The split points exist with the `split` feature (on by default) only.
//! Each is an export of the linked module, which keeps the screen's code
//! alive; the help widget's panel (`src/embed.rs`) shows no screen of
//! these and is built without the feature, so none of the dashboard comes
//! with it. Without it, every screen is missing.

#[cfg(feature = "split")]
use crate::pages;
use leptos::prelude::*;
#[cfg(feature = "split")]
use leptos::wasm_split::wasm_split;
use leptos::wasm_split::SplitLoaderError;
use std::future::Future;
use std::pin::pin;
use std::sync::atomic::{AtomicU8, Ordering};
use std::task::{Context, Poll, Waker};

/// A chunk did not arrive.
#[derive(Debug, Clone, Copy)]
pub struct ChunkMissing;

impl From<SplitLoaderError> for ChunkMissing {
    fn from(_: SplitLoaderError) -> Self {
        ChunkMissing
    }
}

type Screen = Result<AnyView, ChunkMissing>;

#[cfg(feature = "split")]
/// Builds a screen without subscribing the caller to what the screen reads
/// while it is set up: the screen's own closures track what they show.
fn screen(build: impl FnOnce() -> AnyView) -> Screen {
    Ok(untrack(build))
}

#[cfg(feature = "split")]
#[wasm_split(connections, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_connections_list))]
fn connections_list() -> Screen {
    screen(|| view! { <pages::ConnectionsPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_settings_index))]
fn settings_index() -> Screen {
    screen(|| view! { <pages::SettingsIndex /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(settings, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_side_tab))]
fn side_tab() -> Screen {
    screen(|| view! { <pages::SideTab /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(channels, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_channels))]
fn channels() -> Screen {
    screen(|| view! { <pages::ChannelsPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(help, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_help_index))]
fn help_index() -> Screen {
    screen(|| view! { <pages::HelpIndexPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(help, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_help_article))]
fn help_article() -> Screen {
    screen(|| view! { <pages::HelpArticlePage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(sign_in, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_sign_in))]
fn sign_in() -> Screen {
    screen(|| view! { <pages::SignInPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(sign_in, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_set_password))]
fn set_password() -> Screen {
    screen(|| view! { <pages::SetPasswordPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(account, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_account))]
fn account() -> Screen {
    screen(|| view! { <pages::AccountPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_users))]
fn users() -> Screen {
    screen(|| view! { <pages::UsersPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_audit_log))]
fn audit_log() -> Screen {
    screen(|| view! { <pages::AuditLogPage /> }.into_any())
}

#[cfg(feature = "split")]
#[wasm_split(admin, wasm_split_path = ::leptos::wasm_split, fallible, preload(preload_widget_admin))]
fn widget_admin() -> Screen {
    screen(|| view! { <pages::WidgetAdminPage /> }.into_any())
}

/// Every screen that loads on demand, by name, so a route says which one it
/// shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Screens {
    ConnectionsList,
    SettingsIndex,
    SideTab,
    Channels,
    HelpIndex,
    HelpArticle,
    SignIn,
    SetPassword,
    Account,
    Users,
    AuditLog,
    WidgetAdmin,
}

/// One bit per chunk whose code has arrived.
static ARRIVED: AtomicU8 = AtomicU8::new(0);

impl Screens {
    /// Waits until the screen's code is here or has failed to come (the
    /// screen then offers Retry when shown). A screen that shows this one
    /// inside it awaits it with its own data, so it renders the screen at
    /// once, in the same pass as itself.
    pub async fn code_settled(self) {
        let _ = self.fetch().await;
    }

    /// Without the split points, no screen's code ever comes.
    #[cfg(not(feature = "split"))]
    async fn fetch(self) -> Result<(), ChunkMissing> {
        Err(ChunkMissing)
    }

    /// Fetches the screen's chunk (and the shared chunks it needs) without
    /// building anything.
    #[cfg(feature = "split")]
    async fn fetch(self) -> Result<(), SplitLoaderError> {
        let fetched = match self {
            Screens::ConnectionsList => preload_connections_list().await,
            Screens::SettingsIndex => preload_settings_index().await,
            Screens::SideTab => preload_side_tab().await,
            Screens::Channels => preload_channels().await,
            Screens::HelpIndex => preload_help_index().await,
            Screens::HelpArticle => preload_help_article().await,
            Screens::SignIn => preload_sign_in().await,
            Screens::SetPassword => preload_set_password().await,
            Screens::Account => preload_account().await,
            Screens::Users => preload_users().await,
            Screens::AuditLog => preload_audit_log().await,
            Screens::WidgetAdmin => preload_widget_admin().await,
        };
        if fetched.is_ok() {
            ARRIVED.fetch_or(self.chunk_bit(), Ordering::Relaxed);
        }
        fetched
    }

    /// The chunk the screen's code is in, as a bit of [`ARRIVED`].
    fn chunk_bit(self) -> u8 {
        match self {
            Screens::ConnectionsList => 1,
            Screens::SettingsIndex | Screens::SideTab => 1 << 1,
            Screens::HelpIndex | Screens::HelpArticle => 1 << 2,
            Screens::SignIn | Screens::SetPassword => 1 << 3,
            Screens::Account => 1 << 4,
            Screens::Users | Screens::AuditLog | Screens::WidgetAdmin => 1 << 5,
            Screens::Channels => 1 << 6,
        }
    }

    fn arrived(self) -> bool {
        ARRIVED.load(Ordering::Relaxed) & self.chunk_bit() != 0
    }

    #[cfg(not(feature = "split"))]
    fn build(self) -> Option<Screen> {
        let _ = (self.arrived(), ready_now(async {}));
        None
    }

    /// Builds the screen if its chunk is here; `None` before that (without
    /// starting a fetch).
    #[cfg(feature = "split")]
    fn build(self) -> Option<Screen> {
        if !self.arrived() {
            return None;
        }
        ready_now(async move {
            match self {
                Screens::ConnectionsList => connections_list().await,
                Screens::SettingsIndex => settings_index().await,
                Screens::SideTab => side_tab().await,
                Screens::Channels => channels().await,
                Screens::HelpIndex => help_index().await,
                Screens::HelpArticle => help_article().await,
                Screens::SignIn => sign_in().await,
                Screens::SetPassword => set_password().await,
                Screens::Account => account().await,
                Screens::Users => users().await,
                Screens::AuditLog => audit_log().await,
                Screens::WidgetAdmin => widget_admin().await,
            }
        })
    }
}

/// The output of `future` if it finishes on its first poll. A split
/// function whose chunk is loaded does: it only checks that it is.
fn ready_now<T>(future: impl Future<Output = T>) -> Option<T> {
    let mut context = Context::from_waker(Waker::noop());
    match pin!(future).poll(&mut context) {
        Poll::Ready(value) => Some(value),
        Poll::Pending => None,
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Arrival {
    Loading,
    Failed,
    Here,
}

/// Shows `screen` once its code is here; while it loads, a quiet line; if it
/// cannot load, an alert with Retry (and a full reload, which also picks up
/// a newer deploy).
///
/// The code is fetched in a task; the screen itself is built where any
/// conditionally shown view is, in the closure below, so it is owned and
/// cleaned up like one. The code's arrival sets a signal that the closure
/// reads, so no `Suspense` is needed. Navigating away before the code
/// arrives cancels the wait.
///
/// When the code is already here (a second visit, or a tab inside a screen
/// of the same chunk) the screen is returned as it is, with no wrapper.
#[component]
pub fn Lazy(screen: Screens) -> AnyView {
    if let Some(Ok(view)) = screen.build() {
        return view;
    }
    let arrival = RwSignal::new(Arrival::Loading);
    // Retry runs in a click handler, outside any owner: the screen must still
    // belong here (its context, its cleanup).
    let owner = StoredValue::new(Owner::current().unwrap_or_default());
    let fetch = move || {
        arrival.set(Arrival::Loading);
        let wait = async move {
            match screen.fetch().await {
                Ok(()) => arrival.set(Arrival::Here),
                Err(_) => arrival.set(Arrival::Failed),
            }
        };
        owner.with_value(|owner| {
            owner.with(|| leptos::task::spawn_local_scoped_with_cancellation(wait))
        });
    };
    fetch();
    (move || match arrival.get() {
        Arrival::Loading => view! { <p class="loading" role="status">"Loading…"</p> }.into_any(),
        Arrival::Failed => view! { <ChunkFailed retry=fetch /> }.into_any(),
        Arrival::Here => match screen.build() {
            Some(Ok(view)) => view,
            Some(Err(ChunkMissing)) | None => view! { <ChunkFailed retry=fetch /> }.into_any(),
        },
    })
    .into_any()
}

#[component]
fn ChunkFailed(retry: impl Fn() + Copy + Send + Sync + 'static) -> impl IntoView {
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
            <button type="button" class="primary" on:click=move |_| retry()>
                "Retry"
            </button>
            " "
            <button type="button" on:click=reload>
                "Reload page"
            </button>
        </div>
    }
}
