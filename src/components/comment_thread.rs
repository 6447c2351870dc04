use crate::api::{self, ApiFailure};
use crate::components::comment_form::{CommentAction, CommentForm};
use crate::components::CommentItem;
use crate::session::use_session;
use crate::task::Task;
use dropstream_api::help::{Comment, CommentOrder};
use leptos::prelude::*;

/// An article's comments: count, order, pages of 20 with "Load more", and
/// the form to post (signed in) or the prompt to sign in (signed out).
#[component]
pub fn CommentThread(slug: String, count: u64) -> impl IntoView {
    let session = use_session();
    let slug = StoredValue::new(slug);
    let order = RwSignal::new(CommentOrder::Newest);
    let comments = RwSignal::new(Vec::<Comment>::new());
    let next = RwSignal::new(None::<String>);
    let total = RwSignal::new(count);
    let loading = RwSignal::new(false);
    let error = RwSignal::new(None::<ApiFailure>);
    // A first page (new order, new reader) makes older answers obsolete.
    let generation = StoredValue::new(0u64);

    let load = move |cursor: Option<String>| {
        if cursor.is_none() {
            generation.update_value(|g| *g += 1);
        }
        let mine = generation.get_value();
        loading.set(true);
        leptos::task::spawn_local(async move {
            let result =
                api::comments(slug.get_value(), order.get_untracked(), cursor.clone()).await;
            // The thread may be gone, or a newer first page requested.
            if generation.try_get_value() != Some(mine) {
                return;
            }
            loading.set(false);
            match result {
                Ok(page) => {
                    total.set(page.total);
                    next.set(page.next_cursor);
                    if cursor.is_none() {
                        comments.set(page.comments);
                    } else {
                        comments.update(|list| list.extend(page.comments));
                    }
                    error.set(None);
                }
                Err(e) => error.set(Some(e)),
            }
        });
    };

    // Load once the reader is known, and again when they sign in or out
    // (which comments are theirs changes).
    Effect::new(move |_| {
        if session.user.get().is_some() {
            load(None);
        }
    });

    let post: CommentAction = Task::new(move |text: &String| {
        let text = text.clone();
        async move {
            let result = api::post_comment(slug.get_value(), text).await;
            match &result {
                Ok(c) => {
                    total.update(|t| *t += 1);
                    // `try_`: the thread may have gone while the request ran.
                    match order.try_get_untracked() {
                        Some(CommentOrder::Newest) => comments.update(|l| l.insert(0, c.clone())),
                        // Appended only when the last page is showing.
                        Some(CommentOrder::Oldest)
                            if next.try_get_untracked().flatten().is_none() =>
                        {
                            comments.update(|l| l.push(c.clone()))
                        }
                        _ => {}
                    }
                }
                Err(ApiFailure::Api { status: 401, .. }) => session.user.set(Some(None)),
                Err(_) => {}
            }
            result
        }
    });
    let on_deleted = Callback::new(move |id: i64| {
        comments.update(|l| l.retain(|c| c.id != id));
        total.update(|t| *t = t.saturating_sub(1));
    });

    let order_button = move |value: CommentOrder, label: &'static str| {
        view! {
            <button
                type="button"
                class="button button--quiet"
                aria-pressed=move || (order.get() == value).to_string()
                on:click=move |_| {
                    if order.get_untracked() != value {
                        order.set(value);
                        load(None);
                    }
                }
            >
                {label}
            </button>
        }
    };

    let sign_in_href = crate::route::sign_in_then(&format!("/help/{}#comments", slug.get_value()));
    let compose = move || match session.user.get() {
        None => ().into_any(),
        Some(None) => view! {
            <p class="comments__signin">
                "Please " <a href=sign_in_href.clone()>"sign in"</a> " to leave a comment."
            </p>
        }
        .into_any(),
        Some(Some(user)) => view! {
            <CommentForm
                initial=""
                label=format!("Comment as {}", user.display_name)
                submit_label="Post comment"
                action=post
                clear_on_success=true
            />
        }
        .into_any(),
    };

    view! {
        <section class="comments" id="comments" aria-labelledby="comments-title">
            <h2 id="comments-title">
                {move || match total.get() {
                    1 => "1 comment".to_string(),
                    n => format!("{n} comments"),
                }}
            </h2>
            {compose}
            <div class="comments__order" role="group" aria-label="Sort comments">
                {order_button(CommentOrder::Newest, "Newest first")}
                {order_button(CommentOrder::Oldest, "Oldest first")}
            </div>
            {move || error.get().map(|e| view! {
                <p class="comments__error" role="alert">{format!("Could not load comments: {e}")}</p>
            })}
            <ol class="comments__list" aria-busy=move || loading.get().to_string()>
                <For
                    each=move || comments.get()
                    key=|c| c.id
                    children=move |c| view! { <CommentItem comment=c on_deleted /> }
                />
            </ol>
            {move || next.get().map(|cursor| view! {
                <button
                    type="button"
                    class="button comments__more"
                    disabled=move || loading.get()
                    on:click=move |_| load(Some(cursor.clone()))
                >
                    "Load more"
                </button>
            })}
        </section>
    }
}
