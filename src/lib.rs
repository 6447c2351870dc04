//! DropStream Connection Desk: the single-page app.

pub mod api;
pub mod components;
pub mod embed;
pub mod form;
pub mod help_panel;
pub mod leave_guard;
pub mod pages;
pub mod route;
pub mod session;
pub mod split;
pub mod succeeded;
pub mod task;
pub mod time;

use components::{RequireSignIn, SiteHeader};
use leptos::prelude::*;
use leptos_router::components::{Redirect, Router};
use leptos_router::hooks::use_location;
use leptos_router::location::{BrowserUrl, LocationProvider};
use pages::{ConnectionSettingsPage, NotFoundPage};
use route::Shown;
use session::SessionState;
use split::{Lazy, Screens};

#[component]
pub fn App() -> impl IntoView {
    SessionState::provide();
    view! {
        <Router>
            <SiteHeader />
            <main class="page">
                <PageArea />
            </main>
        </Router>
    }
}

/// The screen for the current path (`route.rs` reads it). Rebuilt when the
/// screen changes; a screen follows changes of its own path parts.
#[component]
fn PageArea() -> impl IntoView {
    let page = route::provide_page();
    let shown = Memo::new(move |_| page.read().shown());
    // A followed link changes the path at once; the router writes it to the
    // address bar and history once told that the new page is in place. Each
    // screen shows its own loading state, so that is as soon as the new path
    // has been read (read, not only tracked: see `Load::new`).
    let path = use_location().pathname;
    let url = expect_context::<BrowserUrl>();
    Effect::new(move || {
        path.with(|_| ());
        url.ready_to_complete();
    });
    move || match shown.get() {
        Shown::Home => view! { <Redirect path="/connections" /> }.into_any(),
        Shown::Settings => settings_page(),
        Shown::Screen {
            screen,
            signed_in: true,
        } => view! { <RequireSignIn><Lazy screen /></RequireSignIn> }.into_any(),
        Shown::Screen {
            screen,
            signed_in: false,
        } => view! { <Lazy screen /> }.into_any(),
        Shown::NotFound => view! { <NotFoundPage /> }.into_any(),
    }
}

/// The settings page, signed in; its tab's code is fetched with the
/// connection.
fn settings_page() -> AnyView {
    let tab_code = || Screens::SideTab.code_settled();
    view! {
        <RequireSignIn>
            <ConnectionSettingsPage tab_code tab=settings_tab />
        </RequireSignIn>
    }
    .into_any()
}

/// Below the settings page's tabs: the selected tab, or, for the settings
/// without a tab, the Store tab's address.
fn settings_tab(has_tab: bool) -> AnyView {
    let screen = if has_tab {
        Screens::SideTab
    } else {
        Screens::SettingsIndex
    };
    view! { <Lazy screen /> }.into_any()
}
