use crate::api::ApiFailure;
use crate::components::LoadError;
use crate::components::NotFoundPage;
use crate::task::Load;
use leptos::prelude::*;
use std::sync::Arc;

/// A screen's data, once it is here: "Loading …" while it loads, then
/// `children` with the value, or [`LoadError`] with Try again.
///
/// While the data loads again (Try again, or a save that reloads the
/// connection) the children keep showing the value they have; they are
/// rebuilt when the new value arrives ([`Load`] keeps its last answer).
///
/// Only the match on the value is generic; the loading line and the error
/// are built once for every type, which keeps each screen's chunk small.
#[component]
pub fn Loaded<T, F, V>(
    resource: Load<Result<T, ApiFailure>>,
    /// What did not load, as the sentence names it: "this article".
    what: &'static str,
    /// Shown while the data loads: "Loading article…".
    loading: &'static str,
    /// A 404 shows the Not Found page instead of the error.
    #[prop(optional)]
    not_found_page: bool,
    children: F,
) -> impl IntoView
where
    T: Clone + Send + Sync + 'static,
    F: Fn(T) -> V + Send + Sync + 'static,
    V: IntoView + 'static,
{
    let retry = Callback::new(move |()| resource.refetch());
    let body: Body = Arc::new(move || {
        resource.get().map(|answer| match answer {
            Ok(value) => children(value).into_any(),
            Err(error) => failed(what, error, not_found_page, retry),
        })
    });
    shown(loading, body)
}

type Body = Arc<dyn Fn() -> Option<AnyView> + Send + Sync>;

fn shown(loading: &'static str, body: Body) -> AnyView {
    (move || body().unwrap_or_else(|| view! { <p class="loading">{loading}</p> }.into_any()))
        .into_any()
}

fn failed(
    what: &'static str,
    error: ApiFailure,
    not_found_page: bool,
    retry: Callback<()>,
) -> AnyView {
    if not_found_page && error.is_not_found() {
        return view! { <NotFoundPage /> }.into_any();
    }
    view! { <LoadError what error retry /> }.into_any()
}
