use crate::session::{sign_in_here, use_session};
use leptos::prelude::*;
use leptos_router::hooks::{use_location, use_navigate};
use leptos_router::NavigateOptions;

/// Shows its children to a signed-in person; sends anyone else to the
/// sign-in page, which brings them back here afterwards.
#[component]
pub fn RequireSignIn(children: ChildrenFn) -> impl IntoView {
    let session = use_session();
    let location = use_location();
    let navigate = use_navigate();
    Effect::new(move |_| {
        if session.user.get() == Some(None) {
            let options = NavigateOptions {
                replace: true,
                ..Default::default()
            };
            navigate(&sign_in_here(&location), options);
        }
    });
    move || match session.user.get() {
        Some(Some(_)) => children().into_any(),
        Some(None) => view! { <p class="loading">"Taking you to sign in…"</p> }.into_any(),
        None => view! { <p class="loading">"Checking your session…"</p> }.into_any(),
    }
}
