use crate::api;
use dropstream_api::help::VoteCounts;
use leptos::prelude::*;

/// "Was this article helpful?" with counts; one answer per visitor, which
/// can be changed.
#[component]
pub fn ArticleVote(slug: String, votes: VoteCounts) -> impl IntoView {
    let counts = RwSignal::new(votes);
    let action = Action::new_local(move |(slug, helpful): &(String, bool)| {
        let (slug, helpful) = (slug.clone(), *helpful);
        async move {
            let result = api::vote(slug, helpful).await;
            if let Ok(c) = &result {
                counts.set(c.clone());
            }
            result
        }
    });
    let button = move |helpful: bool, label: &'static str| {
        let slug = slug.clone();
        view! {
            <button
                type="button"
                class="button vote__button"
                aria-pressed=move || (counts.get().mine == Some(helpful)).to_string()
                disabled=move || action.pending().get()
                on:click=move |_| { action.dispatch_local((slug.clone(), helpful)); }
            >
                {label}
                " "
                <span class="vote__count">
                    {move || { let c = counts.get(); if helpful { c.yes } else { c.no } }}
                </span>
            </button>
        }
    };
    let thanks = move || {
        counts
            .get()
            .mine
            .map(|_| view! { <span class="vote__thanks">"Thanks for your feedback."</span> })
    };
    let error = move || match action.value().get() {
        Some(Err(e)) => Some(view! { <p class="vote__error" role="alert">{e.to_string()}</p> }),
        _ => None,
    };
    view! {
        <section class="vote" aria-labelledby="vote-title">
            <h2 id="vote-title" class="vote__title">"Was this article helpful?"</h2>
            {button(true, "Yes")}
            {button(false, "No")}
            {thanks}
            {error}
        </section>
    }
}
