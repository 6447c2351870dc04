use leptos::prelude::*;

/// The submit button of a credentials form. Disabled, with a spinner, while
/// that side's test runs; its accessible name stays "Test Connection".
#[component]
pub fn TestConnectionButton(#[prop(into)] testing: Signal<bool>) -> impl IntoView {
    view! {
        <button type="submit" class="button button--primary" disabled=move || testing.get()>
            <span class="spinner" aria-hidden="true" hidden=move || !testing.get()></span>
            "Test Connection"
        </button>
    }
}
