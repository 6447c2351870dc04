//! DropStream Connection Desk: the single-page app.

pub mod api;
pub mod components;
pub mod form;
pub mod leave_guard;
pub mod pages;
pub mod session;
pub mod split;
pub mod succeeded;
pub mod time;

use components::{RequireSignIn, SiteHeader};
use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes};
use leptos_router::path;
use pages::{ConnectionSettingsPage, NotFoundPage};
use session::SessionState;
use split::{Lazy, Screens};

#[component]
pub fn App() -> impl IntoView {
    SessionState::provide();
    view! {
        <Router>
            <SiteHeader />
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/connections" /> } />
                    <Route path=path!("/connections") view=|| signed_in(Screens::ConnectionsList) />
                    <ParentRoute path=path!("/connections/:id/settings") view=|| view! { <RequireSignIn><ConnectionSettingsPage tab_code=|| Screens::SideTab.code_settled() /></RequireSignIn> }>
                        <Route path=path!("") view=|| view! { <Lazy screen=Screens::SettingsIndex /> } />
                        <Route path=path!(":side") view=|| view! { <Lazy screen=Screens::SideTab /> } />
                    </ParentRoute>
                    <Route path=path!("/connections/:id/channels") view=|| signed_in(Screens::Channels) />
                    <Route path=path!("/help") view=|| view! { <Lazy screen=Screens::HelpIndex /> } />
                    <Route path=path!("/help/:slug") view=|| view! { <Lazy screen=Screens::HelpArticle /> } />
                    <Route path=path!("/signin") view=|| view! { <Lazy screen=Screens::SignIn /> } />
                    <Route path=path!("/set-password") view=|| view! { <Lazy screen=Screens::SetPassword /> } />
                    <Route path=path!("/account") view=|| signed_in(Screens::Account) />
                    <Route path=path!("/admin/users") view=|| signed_in(Screens::Users) />
                    <Route path=path!("/admin/audit") view=|| signed_in(Screens::AuditLog) />
                </Routes>
            </main>
        </Router>
    }
}

/// A screen only a signed-in person sees; its code loads after the session
/// check lets them in.
fn signed_in(screen: Screens) -> impl IntoView {
    view! { <RequireSignIn><Lazy screen /></RequireSignIn> }
}
