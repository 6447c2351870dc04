use crate::api;
use crate::components::comment_form::{CommentAction, CommentForm};
use crate::components::ActionButton;
use crate::task::Task;
use crate::time;
use dropstream_api::help::{comment_paragraphs, Comment, Segment};
use leptos::prelude::*;

/// One comment: author, time (relative, exact on hover), text, and for the
/// author Edit and Delete (which asks first, in the page, not a dialog).
#[component]
pub fn CommentItem(comment: Comment, on_deleted: Callback<i64>) -> impl IntoView {
    let id = comment.id;
    let current = RwSignal::new(comment);
    let editing = RwSignal::new(false);
    let confirming = RwSignal::new(false);

    let edit: CommentAction = Task::new(move |text: &String| {
        let text = text.clone();
        async move {
            let result = api::edit_comment(id, text).await;
            if let Ok(c) = &result {
                current.set(c.clone());
                editing.set(false);
            }
            result
        }
    });
    let delete = Task::new(move |_: &()| async move {
        let result = api::delete_comment(id).await;
        if result.is_ok() {
            // The thread may have gone while the request ran.
            on_deleted.try_run(id);
        }
        result
    });
    let delete_error = move || match delete.value().get() {
        Some(Err(e)) => Some(view! { <p class="comment__error" role="alert">{e.to_string()}</p> }),
        _ => None,
    };

    let header = move || {
        let c = current.get();
        let (relative, exact) = time::describe(&c.created_at);
        let edited = c.edited_at.as_ref().map(|at| {
            let (_, exact) = time::describe(at);
            view! { <span class="comment__edited" title=exact>" · edited"</span> }
        });
        view! {
            <span class="comment__author">{c.author}</span>
            " "
            <time class="comment__time" datetime=c.created_at.clone() title=exact>{relative}</time>
            {edited}
        }
    };

    let body = move || {
        if editing.get() {
            let text = current.with_untracked(|c| c.body.clone());
            view! {
                <CommentForm
                    initial=text
                    label=format!("Edit comment {id}")
                    submit_label="Save"
                    action=edit
                    cancel=Callback::new(move |_| editing.set(false))
                />
            }
            .into_any()
        } else {
            view! { <div class="comment__body">{current.with(|c| text_view(&c.body))}</div> }
                .into_any()
        }
    };

    let owner_actions = move || {
        (current.with(|c| c.mine) && !editing.get()).then(|| {
            if confirming.get() {
                view! {
                    <div class="comment__confirm" role="group" aria-label="Confirm delete">
                        <span>"Delete this comment?"</span>
                        <ActionButton action=delete class="button button--danger">"Yes, delete"</ActionButton>
                        <button type="button" class="button" on:click=move |_| confirming.set(false)>
                            "Keep it"
                        </button>
                    </div>
                }
                .into_any()
            } else {
                view! {
                    <div class="comment__actions">
                        <button type="button" class="button button--quiet" on:click=move |_| editing.set(true)>
                            "Edit"
                        </button>
                        <button type="button" class="button button--quiet" on:click=move |_| confirming.set(true)>
                            "Delete"
                        </button>
                    </div>
                }
                .into_any()
            }
        })
    };

    view! {
        <li class="comment" id=format!("comment-{id}")>
            <div class="comment__header">{header}</div>
            {body}
            {owner_actions}
            {delete_error}
        </li>
    }
}

/// Comment text as paragraphs of text nodes, with http(s) addresses as
/// links. Nothing the author wrote is ever parsed as HTML.
fn text_view(body: &str) -> impl IntoView {
    comment_paragraphs(body)
        .into_iter()
        .map(|segments| {
            let parts = segments
                .into_iter()
                .map(|segment| match segment {
                    Segment::Text(t) => t.to_string().into_any(),
                    Segment::Link(href) => view! {
                        <a href=href.to_string() rel="nofollow ugc noopener noreferrer" target="_blank">
                            {href.to_string()}
                        </a>
                    }
                    .into_any(),
                })
                .collect_view();
            view! { <p>{parts}</p> }
        })
        .collect_view()
}
