use crate::api;
use crate::components::ActionButton;
use crate::session::{sign_in_here, use_session};
use crate::task::Task;
use dropstream_api::access::Role;
use leptos::prelude::*;
use leptos_router::components::A;
use leptos_router::hooks::use_location;

/// The top bar: main navigation and the sign-in state.
#[component]
pub fn SiteHeader() -> impl IntoView {
    let session = use_session();
    let location = use_location();
    // Sign-in returns to the page it was opened from.
    let sign_in_href = move || {
        location.pathname.track();
        location.search.track();
        location.hash.track();
        sign_in_here(&location)
    };
    let sign_out = Task::new(move |_: &()| async move {
        let result = api::sign_out().await;
        if result.is_ok() {
            session.apply(Default::default());
        }
        result
    });
    let sign_out_error = move || match sign_out.value().get() {
        Some(Err(e)) => {
            Some(view! { <span class="topbar__error" role="alert">{e.to_string()}</span> })
        }
        _ => None,
    };

    // "Merchant · Demo Outfitters", "Staff", "Admin".
    let who = move || {
        session.account.with(|a| {
            a.as_ref().map(|a| match &a.merchant {
                Some(m) => format!("{} · {}", a.role.label(), m.name),
                None => a.role.label().to_string(),
            })
        })
    };

    view! {
        <header class="topbar">
            <A href="/connections" attr:class="topbar__brand">"DropStream"</A>
            <nav aria-label="Main">
                <A href="/connections">"Connections"</A>
                <A href="/help">"Help center"</A>
                {move || (session.role() == Some(Role::Admin)).then(|| view! {
                    <A href="/admin/users">"Users"</A>
                    <A href="/admin/audit">"Audit log"</A>
                })}
            </nav>
            <div class="topbar__account">
                {move || match session.user.get() {
                    None => ().into_any(),
                    Some(None) => view! {
                        <A href=sign_in_href() attr:class="topbar__signin">"Sign in"</A>
                    }
                    .into_any(),
                    Some(Some(user)) => view! {
                        <A href="/account" attr:class="topbar__user">{user.display_name}</A>
                        <span class="topbar__role">{who}</span>
                        <ActionButton action=sign_out class="button button--quiet">"Sign out"</ActionButton>
                    }
                    .into_any(),
                }}
                {sign_out_error}
            </div>
        </header>
    }
}
