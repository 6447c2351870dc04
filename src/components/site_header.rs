use crate::api;
use crate::components::ActionButton;
use crate::session::{sign_in_here, use_session};
use crate::task::Task;
use dropstream_api::access::Role;
use leptos::prelude::*;
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
            <a href="/connections" class="topbar__brand">"DropStream"</a>
            <nav aria-label="Main">
                <NavLink href="/connections">"Connections"</NavLink>
                <NavLink href="/help">"Help center"</NavLink>
                {move || (session.role() == Some(Role::Admin)).then(|| view! {
                    <NavLink href="/admin/users">"Users"</NavLink>
                    <NavLink href="/admin/audit">"Audit log"</NavLink>
                    <NavLink href="/admin/widget">"Help widget"</NavLink>
                })}
            </nav>
            <div class="topbar__account">
                {move || match session.user.get() {
                    None => ().into_any(),
                    Some(None) => view! {
                        <a href=sign_in_href() class="topbar__signin">"Sign in"</a>
                    }
                    .into_any(),
                    Some(Some(user)) => view! {
                        <NavLink href="/account" class="topbar__user">{user.display_name}</NavLink>
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

/// A link of the top bar, marked as the current page (`aria-current`) on
/// its own path and the paths under it. The router follows any link of the
/// desk; this is the one place that shows where the reader is.
#[component]
fn NavLink(
    href: &'static str,
    #[prop(optional)] class: Option<&'static str>,
    children: Children,
) -> impl IntoView {
    let path = use_location().pathname;
    let current = move || {
        path.with(|p| {
            p.strip_prefix(href)
                .is_some_and(|rest| rest.is_empty() || rest.starts_with('/'))
        })
        .then_some("page")
    };
    view! {
        <a href=href class=class aria-current=current>
            {children()}
        </a>
    }
}
