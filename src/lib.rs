//! DropStream Connection Desk: the single-page app.

pub mod api;
pub mod components;
pub mod leave_guard;
pub mod pages;
pub mod saving;
pub mod session;
pub mod state;
pub mod time;

use components::SiteHeader;
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::{
    ConnectionSettingsPage, ConnectionsPage, HelpArticlePage, HelpIndexPage, NotFoundPage,
    SettingsIndex, SideTab, SignInPage,
};
use session::SessionState;

#[component]
pub fn App() -> impl IntoView {
    SessionState::provide();
    view! {
        <Router>
            <SiteHeader />
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/connections" /> } />
                    <Route path=path!("/connections") view=ConnectionsPage />
                    <ParentRoute path=path!("/connections/:id/settings") view=ConnectionSettingsPage>
                        <Route path=path!("") view=SettingsIndex />
                        <Route path=path!(":side") view=SideTab />
                    </ParentRoute>
                    <Route path=path!("/help") view=HelpIndexPage />
                    <Route path=path!("/help/:slug") view=HelpArticlePage />
                    <Route path=path!("/signin") view=SignInPage />
                </Routes>
            </main>
        </Router>
    }
}
