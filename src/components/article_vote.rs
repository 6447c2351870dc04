use crate::api::{self, ApiFailure};
use crate::session::use_session;
use crate::task::Task;
use dropstream_api::help::VoteCounts;
use leptos::prelude::*;

/// "Was this article helpful?" with counts; one answer per signed-in
/// account, which can be changed. Signed out, the counts show and the
/// reader is asked to sign in to vote.
#[component]
pub fn ArticleVote(slug: String, votes: VoteCounts) -> impl IntoView {
    let session = use_session();
    let counts = RwSignal::new(votes);
    let action = Task::new(move |(slug, helpful): &(String, bool)| {
        let (slug, helpful) = (slug.clone(), *helpful);
        async move {
            let result = api::vote(slug, helpful).await;
            match &result {
                Ok(c) => counts.set(c.clone()),
                // The session ended elsewhere: show the sign-in prompt.
                Err(ApiFailure::Api { status: 401, .. }) => session.user.set(Some(None)),
                Err(_) => {}
            }
            result
        }
    });
    let sign_in_href = crate::route::sign_in_then(&format!("/help/{slug}"));
    let signed_out = move || matches!(session.user.get(), Some(None));
    let button = move |helpful: bool, label: &'static str| {
        let slug = slug.clone();
        view! {
            <button
                type="button"
                class="button vote__button"
                aria-pressed=move || (counts.get().mine == Some(helpful)).to_string()
                disabled=move || action.pending() || signed_out()
                on:click=move |_| { action.dispatch((slug.clone(), helpful)); }
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
        Some(Err(e)) if !signed_out() => {
            Some(view! { <p class="vote__error" role="alert">{e.to_string()}</p> })
        }
        _ => None,
    };
    let sign_in = move || {
        signed_out().then(|| {
            view! {
                <p class="vote__signin">
                    <a href=sign_in_href.clone()>"Sign in"</a>" to vote."
                </p>
            }
        })
    };
    view! {
        <section class="vote" aria-labelledby="vote-title">
            <h2 id="vote-title" class="vote__title">"Was this article helpful?"</h2>
            {button(true, "Yes")}
            {button(false, "No")}
            {thanks}
            {sign_in}
            {error}
        </section>
    }
}
