use crate::api;
use crate::components::{ActionButton, Loaded};
use crate::session::use_session;
use crate::succeeded::succeeded;
use crate::task::{Load, Task};
use crate::time::describe;
use dropstream_api::access::SessionEntry;
use leptos::prelude::*;

/// `/account`: who you are, and where you are signed in: end one session,
/// or all of them ("sign out everywhere").
#[component]
pub fn AccountPage() -> impl IntoView {
    let session = use_session();
    let end_one = Task::new(move |id: &String| {
        let id = id.clone();
        async move { api::end_session(id).await }
    });
    let ended = succeeded(end_one);
    let sessions = Load::new(move || {
        ended.get();
        api::my_sessions()
    });
    let everywhere = Task::new(move |_: &()| async move {
        let result = api::end_all_sessions().await;
        if let Ok(s) = &result {
            session.apply(s.clone());
        }
        result
    });
    let error = move || {
        let one = end_one.value().get().and_then(Result::err);
        let all = everywhere.value().get().and_then(Result::err);
        one.or(all)
            .map(|e| view! { <p class="load-error" role="alert">{e.to_string()}</p> })
    };
    view! {
        <h1>"Your account"</h1>
        <p>{move || session.signed_in().map(|u| u.display_name)}</p>
        <h2>"Where you are signed in"</h2>
        <Loaded resource=sessions what="your sessions" loading="Loading sessions…" let:list>
            <ul class="sessions">
                {list.into_iter().map(|s| view! { <SessionLine s end_one /> }).collect_view()}
            </ul>
        </Loaded>
        {error}
        <ActionButton action=everywhere class="button">"Sign out everywhere"</ActionButton>
    }
}

#[component]
fn SessionLine(
    s: SessionEntry,
    end_one: Task<String, Result<(), api::ApiFailure>>,
) -> impl IntoView {
    let (seen, seen_exact) = describe(&s.last_seen_at);
    let (started, _) = describe(&s.created_at);
    let id = s.id.clone();
    view! {
        <li class="sessions__item">
            <span class="sessions__agent">{s.user_agent.clone()}</span>
            " · "
            <span>{format!("from {}", s.address)}</span>
            " · "
            <span title=seen_exact>{format!("last active {seen}, signed in {started}")}</span>
            {if s.current {
                view! { <strong class="sessions__current">" (this browser)"</strong> }.into_any()
            } else {
                view! {
                    " "
                    <button type="button" class="button button--quiet"
                        on:click=move |_| { end_one.dispatch(id.clone()); }>
                        "Sign out this session"
                    </button>
                }
                .into_any()
            }}
        </li>
    }
}
