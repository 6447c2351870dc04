use crate::api::ApiFailure;
use leptos::prelude::*;

/// What a screen shows when its data did not load: "Could not load
/// {what}: {why}", and Try again.
#[component]
pub fn LoadError(
    /// What did not load, as the sentence names it: "this article".
    what: &'static str,
    error: ApiFailure,
    #[prop(into)] retry: Callback<()>,
) -> impl IntoView {
    view! {
        <div class="load-error" role="alert">
            <p>{format!("Could not load {what}: {error}")}</p>
            <button class="button" on:click=move |_| retry.run(())>"Try again"</button>
        </div>
    }
}
