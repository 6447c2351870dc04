use leptos::prelude::*;

/// Where a page sits: "Connections / Acme", the parent a link and the page
/// itself marked current.
#[component]
pub fn Breadcrumbs(
    #[prop(into)] href: String,
    parent: &'static str,
    current: String,
) -> impl IntoView {
    view! {
        <nav class="breadcrumbs" aria-label="Breadcrumb">
            <a href=href>{parent}</a>
            <span aria-hidden="true">" / "</span>
            <span aria-current="page">{current}</span>
        </nav>
    }
}
