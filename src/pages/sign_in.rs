use crate::api;
use crate::session::{safe_return, use_session};
use crate::task::Task;
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};

/// `/signin?return=/help/…`: email and password; back to where the reader
/// came from on success.
#[component]
pub fn SignInPage() -> impl IntoView {
    let query = use_query_map();
    let return_to = Memo::new(move |_| safe_return(query.read().get("return")));
    let navigate = use_navigate();
    let done = Callback::new(move |to: String| navigate(&to, Default::default()));
    view! { <SignInForm return_to done /> }
}

/// The sign-in form, for the dashboard's page and the help widget's panel:
/// on success, `done` is given `return_to`.
#[component]
pub fn SignInForm(return_to: Memo<String>, done: Callback<String>) -> impl IntoView {
    let session = use_session();
    let email = RwSignal::new(String::new());
    let password = RwSignal::new(String::new());

    let action = Task::new(move |(email, password): &(String, String)| {
        let (email, password) = (email.clone(), password.clone());
        async move {
            let result = api::sign_in(email, password).await;
            if let Ok(s) = &result {
                session.apply(s.clone());
            }
            result
        }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = action.value().get() {
            done.run(return_to.get_untracked());
        }
    });
    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        action.dispatch((email.get_untracked(), password.get_untracked()));
    };
    let error = move || match action.value().get() {
        Some(Err(e)) if !action.pending() => Some(e.to_string()),
        _ => None,
    };

    view! {
        <section class="sign-in">
            <h1>"Sign in"</h1>
            {move || session.signed_in().map(|u| view! {
                <p class="sign-in__already">
                    {format!("You are signed in as {}. ", u.display_name)}
                    <a href=return_to.get()>"Continue"</a>
                </p>
            })}
            <form class="sign-in__form" on:submit=on_submit>
                {field("signin-email", "Email", "email", "username", email)}
                {field("signin-password", "Password", "password", "current-password", password)}
                <p class="sign-in__error" role="alert">{error}</p>
                <button type="submit" class="button button--primary" disabled=move || action.pending()>
                    "Sign in"
                </button>
            </form>
        </section>
    }
}

/// A labelled, required input bound to `value`.
fn field(
    id: &'static str,
    label: &'static str,
    kind: &'static str,
    autocomplete: &'static str,
    value: RwSignal<String>,
) -> impl IntoView {
    view! {
        <label for=id>{label}</label>
        <input
            id=id
            type=kind
            autocomplete=autocomplete
            required
            prop:value=move || value.get()
            on:input=move |ev| value.set(event_target_value(&ev))
        />
    }
}
