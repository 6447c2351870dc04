use crate::task::Task;
use leptos::prelude::*;

/// A button that dispatches `action`, disabled while it runs: "Sign out",
/// "Yes, delete".
#[component]
pub fn ActionButton<O: Send + Sync + 'static>(
    action: Task<(), O>,
    class: &'static str,
    children: Children,
) -> impl IntoView {
    // Only these two lines depend on the action's output type.
    let pending = Signal::derive(move || action.pending());
    let run = Callback::new(move |()| {
        action.dispatch(());
    });
    button(class, pending, run, children)
}

fn button(
    class: &'static str,
    pending: Signal<bool>,
    run: Callback<()>,
    children: Children,
) -> AnyView {
    view! {
        <button type="button" class=class disabled=move || pending.get() on:click=move |_| run.run(())>
            {children()}
        </button>
    }
    .into_any()
}
