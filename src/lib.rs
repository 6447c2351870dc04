//! DropStream Connection Desk: the single-page app.

pub mod api;
pub mod components;
pub mod leave_guard;
pub mod pages;
pub mod saving;
pub mod state;
pub mod time;

use leptos::prelude::*;
use leptos_router::components::{ParentRoute, Redirect, Route, Router, Routes, A};
use leptos_router::path;
use pages::{ConnectionSettingsPage, ConnectionsPage, NotFoundPage, SettingsIndex, SideTab};

#[component]
pub fn App() -> impl IntoView {
    view! {
        <Router>
            <header class="topbar">
                <A href="/connections" attr:class="topbar__brand">"DropStream"</A>
                <nav aria-label="Main">
                    <A href="/connections">"Connections"</A>
                </nav>
            </header>
            <main class="page">
                <Routes fallback=NotFoundPage>
                    <Route path=path!("/") view=|| view! { <Redirect path="/connections" /> } />
                    <Route path=path!("/connections") view=ConnectionsPage />
                    <ParentRoute path=path!("/connections/:id/settings") view=ConnectionSettingsPage>
                        <Route path=path!("") view=SettingsIndex />
                        <Route path=path!(":side") view=SideTab />
                    </ParentRoute>
                </Routes>
            </main>
        </Router>
    }
}
