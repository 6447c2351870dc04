//! DropStream Connection Desk: the single-page app.

pub mod api;
pub mod components;
pub mod leave_guard;
pub mod pages;
pub mod saving;
pub mod session;
pub mod state;
pub mod time;

use components::{RequireSignIn, SiteHeader};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::{
    AccountPage, AuditLogPage, ConnectionSettingsPage, ConnectionsPage, HelpArticlePage,
    HelpIndexPage, NotFoundPage, SetPasswordPage, SettingsIndex, SideTab, SignInPage, UsersPage,
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
                    <Route path=path!("/connections") view=|| view! { <RequireSignIn><ConnectionsPage /></RequireSignIn> } />
                    <ParentRoute path=path!("/connections/:id/settings") view=|| view! { <RequireSignIn><ConnectionSettingsPage /></RequireSignIn> }>
                        <Route path=path!("") view=SettingsIndex />
                        <Route path=path!(":side") view=SideTab />
                    </ParentRoute>
                    <Route path=path!("/help") view=HelpIndexPage />
                    <Route path=path!("/help/:slug") view=HelpArticlePage />
                    <Route path=path!("/signin") view=SignInPage />
                    <Route path=path!("/set-password") view=SetPasswordPage />
                    <Route path=path!("/account") view=|| view! { <RequireSignIn><AccountPage /></RequireSignIn> } />
                    <Route path=path!("/admin/users") view=|| view! { <RequireSignIn><UsersPage /></RequireSignIn> } />
                    <Route path=path!("/admin/audit") view=|| view! { <RequireSignIn><AuditLogPage /></RequireSignIn> } />
                </Routes>
            </main>
        </Router>
    }
}
