use leptos::prelude::*;

/// A button that dispatches `action`, disabled while it runs: "Sign out",
/// "Yes, delete".
#[component]
pub fn ActionButton<O: 'static>(
    action: Action<(), O>,
    class: &'static str,
    children: Children,
) -> impl IntoView {
    // Only these two lines depend on the action's output type.
    let pending = action.pending();
    let run = Callback::new(move |()| {
        action.dispatch_local(());
    });
    button(class, pending, run, children)
}

fn button(
    class: &'static str,
    pending: Memo<bool>,
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
