use leptos::prelude::*;

/// Unknown routes, connections and tabs.
#[component]
pub fn NotFoundPage() -> impl IntoView {
    view! {
        <section class="not-found">
            <h1>"Page not found"</h1>
            <p>"There is nothing at this address. The connection may have been deleted, or the link is mistyped."</p>
            <p><a href="/connections">"Back to connections"</a></p>
        </section>
    }
}
