use crate::api;
use crate::task::Task;
use dropstream_api::access::{check_new_password, SetPassword};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_query_map;

/// `/set-password?token=…`: the one-time link of an invitation. The
/// password is set once; then the person signs in.
#[component]
pub fn SetPasswordPage() -> impl IntoView {
    let query = use_query_map();
    let password = RwSignal::new(String::new());
    let problem = RwSignal::new(None::<String>);
    let set = Task::new(move |request: &SetPassword| {
        let request = request.clone();
        async move { api::set_password(&request).await }
    });
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let chosen = password.get_untracked();
        match check_new_password(&chosen) {
            Err(m) => problem.set(Some(m)),
            Ok(()) => {
                problem.set(None);
                set.dispatch(SetPassword {
                    token: query.read_untracked().get("token").unwrap_or_default(),
                    password: chosen,
                });
            }
        }
    };
    let error = move || match set.value().get() {
        Some(Err(e)) => Some(e.to_string()),
        _ => problem.get(),
    };
    view! {
        <section class="sign-in">
            <h1>"Set your password"</h1>
            {move || match set.value().get() {
                Some(Ok(_)) => view! {
                    <p role="status">"Your password is set. " <a href="/signin?return=/connections">"Sign in"</a></p>
                }
                .into_any(),
                _ => view! {
                    <form class="sign-in__form" on:submit=on_submit>
                        <label for="new-password">"New password"</label>
                        <input id="new-password" type="password" autocomplete="new-password" required
                            prop:value=move || password.get()
                            on:input=move |ev| password.set(event_target_value(&ev)) />
                        <p class="field__help">"At least 10 characters."</p>
                        <p class="sign-in__error" role="alert">{error}</p>
                        <button type="submit" class="button button--primary" disabled=move || set.pending()>
                            "Set password"
                        </button>
                    </form>
                }
                .into_any(),
            }}
        </section>
    }
}
