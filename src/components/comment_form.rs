use crate::api::ApiFailure;
use crate::succeeded::{succeeded, Draft};
use crate::task::Task;
use dropstream_api::help::{validate_comment, Comment, COMMENT_MAX_CHARS};
use leptos::prelude::*;

/// What posting or editing runs: the text in, the stored comment out.
pub type CommentAction = Task<String, Result<Comment, ApiFailure>>;

/// A comment text box with its character count and error line, for a new
/// comment and for editing one. The rules are the api crate's, so the box
/// says what the server would.
#[component]
pub fn CommentForm(
    /// The text the box starts with: the comment being edited, or "".
    #[prop(into)]
    initial: String,
    /// The visible label, also used to make the box's id unique.
    #[prop(into)]
    label: String,
    #[prop(into)] submit_label: String,
    action: CommentAction,
    /// Empty the box once the server accepted the text (new comments).
    #[prop(optional)]
    clear_on_success: bool,
    #[prop(optional)] cancel: Option<Callback<()>>,
) -> impl IntoView {
    // Emptied once the server accepted the text, if asked to.
    let text = Draft::new(initial, clear_on_success.then(|| succeeded(action)));
    let local_error = RwSignal::new(None::<String>);
    let count = move || text.get().trim().chars().count();
    let over = move || count() > COMMENT_MAX_CHARS;
    let id = format!(
        "comment-text-{}",
        label
            .to_lowercase()
            .replace(|c: char| !c.is_ascii_alphanumeric(), "-")
    );
    let error_id = format!("{id}-error");

    let on_submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let value = text.get_untracked();
        match validate_comment(&value) {
            Ok(clean) => {
                local_error.set(None);
                action.dispatch(clean.to_string());
            }
            Err(message) => local_error.set(Some(message)),
        }
    };
    // A local check failing hides the server's older answer.
    let shown_error = move || {
        local_error.get().or_else(|| match action.value().get() {
            Some(Err(e)) if !action.pending() => Some(e.to_string()),
            _ => None,
        })
    };
    view! {
        <form class="comment-form" on:submit=on_submit novalidate>
            <label for=id.clone() class="comment-form__label">{label}</label>
            <textarea
                id=id
                class="comment-form__text"
                rows="4"
                aria-invalid=move || shown_error().is_some().to_string()
                aria-describedby=error_id.clone()
                prop:value=move || text.get()
                on:input=move |ev| {
                    text.set(event_target_value(&ev));
                    local_error.set(None);
                }
            ></textarea>
            <div class="comment-form__meta">
                <span class="comment-form__count" class:comment-form__count--over=over>
                    {move || format!("{} / {COMMENT_MAX_CHARS}", count())}
                </span>
                <p id=error_id class="comment-form__error" role="alert">{shown_error}</p>
            </div>
            <div class="comment-form__actions">
                <button
                    type="submit"
                    class="button button--primary"
                    disabled=move || action.pending()
                >
                    {submit_label}
                </button>
                {cancel
                    .map(|cancel| {
                        view! {
                            <button type="button" class="button" on:click=move |_| cancel.run(())>
                                "Cancel"
                            </button>
                        }
                    })}
            </div>
        </form>
    }
}
