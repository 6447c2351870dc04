use crate::api;
use crate::session::use_session;
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
        let here = format!("{}{}", location.pathname.get(), location.hash.get());
        format!(
            "/signin?return={}",
            String::from(js_sys::encode_uri_component(&here))
        )
    };
    let sign_out = Action::new_local(move |_: &()| async move {
        let result = api::sign_out().await;
        if result.is_ok() {
            session.user.set(Some(None));
        }
        result
    });
    let sign_out_error = move || match sign_out.value().get() {
        Some(Err(e)) => {
            Some(view! { <span class="topbar__error" role="alert">{e.to_string()}</span> })
        }
        _ => None,
    };

    view! {
        <header class="topbar">
            <A href="/connections" attr:class="topbar__brand">"DropStream"</A>
            <nav aria-label="Main">
                <A href="/connections">"Connections"</A>
                <A href="/help">"Help center"</A>
            </nav>
            <div class="topbar__account">
                {move || match session.user.get() {
                    None => ().into_any(),
                    Some(None) => view! {
                        <A href=sign_in_href() attr:class="topbar__signin">"Sign in"</A>
                    }
                    .into_any(),
                    Some(Some(user)) => view! {
                        <span class="topbar__user">{user.display_name}</span>
                        <button
                            type="button"
                            class="button button--quiet"
                            disabled=move || sign_out.pending().get()
                            on:click=move |_| { sign_out.dispatch_local(()); }
                        >
                            "Sign out"
                        </button>
                    }
                    .into_any(),
                }}
                {sign_out_error}
            </div>
        </header>
    }
}
