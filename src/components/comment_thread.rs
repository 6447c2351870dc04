use crate::api::{self, ApiFailure};
use crate::components::comment_form::{CommentAction, CommentForm};
use crate::components::{CommentItem, LoadError};
use crate::session::use_session;
use dropstream_api::help::{Comment, CommentOrder, CommentPage};
use leptos::prelude::*;
use leptos_router::components::A;

/// The order and the reader (`None`: signed out) a thread was loaded for;
/// which comments are the reader's depends on who reads.
type Key = (CommentOrder, Option<i64>);

/// A thread as loaded for one key: its first page, and the pages, posts and
/// deletions since. Another key loads another listing, so an answer meant
/// for an older one changes nothing shown.
#[derive(Clone)]
struct Listing {
    key: Key,
    comments: ArcRwSignal<Vec<Comment>>,
    next: ArcRwSignal<Option<String>>,
    total: ArcRwSignal<u64>,
}

impl Listing {
    fn new(key: Key, page: CommentPage) -> Listing {
        Listing {
            key,
            comments: ArcRwSignal::new(page.comments),
            next: ArcRwSignal::new(page.next_cursor),
            total: ArcRwSignal::new(page.total),
        }
    }

    fn append(&self, page: CommentPage) {
        self.total.set(page.total);
        self.next.set(page.next_cursor);
        self.comments.update(|list| list.extend(page.comments));
    }

    fn posted(&self, comment: Comment) {
        self.total.update(|t| *t += 1);
        match self.key.0 {
            CommentOrder::Newest => self.comments.update(|l| l.insert(0, comment)),
            // Appended only when the last page is showing.
            CommentOrder::Oldest if self.next.with_untracked(Option::is_none) => {
                self.comments.update(|l| l.push(comment))
            }
            CommentOrder::Oldest => {}
        }
    }

    fn deleted(&self, id: i64) {
        self.comments.update(|l| l.retain(|c| c.id != id));
        self.total.update(|t| *t = t.saturating_sub(1));
    }
}

/// An article's comments: count, order, pages of 20 with "Load more", and
/// the form to post (signed in) or the prompt to sign in (signed out).
///
/// Not for inside a `Transition`: the thread loads on its own, and one
/// around it would wait for the comments before showing anything.
#[component]
pub fn CommentThread(slug: String, count: u64) -> impl IntoView {
    let session = use_session();
    let slug = StoredValue::new(slug);
    let order = RwSignal::new(CommentOrder::Newest);
    // `None` until the session is known: nothing loads before.
    let reader = Memo::new(move |_| session.user.get().map(|u| u.map(|u| u.id)));
    let key = Memo::new(move |_| (order.get(), reader.get()));
    let listing = LocalResource::new(move || {
        let (order, reader) = key.get();
        let slug = slug.get_value();
        async move {
            let key = (order, reader?);
            Some(
                api::comments(slug, order, None)
                    .await
                    .map(|page| Listing::new(key, page)),
            )
        }
    });
    let current = move || listing.get().flatten();
    let shown = move || current().and_then(Result::ok);

    let more = Action::new_local(move |(listing, cursor): &(Listing, String)| {
        let (listing, cursor, slug) = (listing.clone(), cursor.clone(), slug.get_value());
        async move {
            let page = api::comments(slug, listing.key.0, Some(cursor.clone())).await?;
            listing.append(page);
            Ok::<_, ApiFailure>(())
        }
    });
    let load_more = move || {
        if let Some(l) = shown() {
            if let Some(cursor) = l.next.get_untracked() {
                more.dispatch_local((l, cursor));
            }
        }
    };
    let post: CommentAction = Action::new_local(move |text: &String| {
        let (text, slug) = (text.clone(), slug.get_value());
        async move {
            let result = api::post_comment(slug, text).await;
            match &result {
                // `try_`: the thread may have gone while the request ran.
                Ok(c) => {
                    if let Some(Some(Some(Ok(l)))) = listing.try_get_untracked() {
                        l.posted(c.clone());
                    }
                }
                Err(ApiFailure::Api { status: 401, .. }) => session.user.set(Some(None)),
                Err(_) => {}
            }
            result
        }
    });
    let on_deleted = Callback::new(move |id: i64| {
        if let Some(l) = shown() {
            l.deleted(id);
        }
    });
    let busy = move || {
        more.pending().get()
            || match listing.get() {
                None => true,
                Some(Some(Ok(l))) => (l.key.0, Some(l.key.1)) != key.get(),
                Some(_) => false,
            }
    };

    let order_button = move |value: CommentOrder, label: &'static str| {
        view! {
            <button
                type="button"
                class="button button--quiet"
                aria-pressed=move || (order.get() == value).to_string()
                on:click=move |_| order.set(value)
            >
                {label}
            </button>
        }
    };

    let sign_in_href = move || {
        let back = format!("/help/{}#comments", slug.get_value());
        format!(
            "/signin?return={}",
            String::from(js_sys::encode_uri_component(&back))
        )
    };
    let compose = move || match session.user.get() {
        None => ().into_any(),
        Some(None) => view! {
            <p class="comments__signin">
                "Please " <A href=sign_in_href()>"sign in"</A> " to leave a comment."
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
                {move || match shown().map_or(count, |l| l.total.get()) {
                    1 => "1 comment".to_string(),
                    n => format!("{n} comments"),
                }}
            </h2>
            {compose}
            <div class="comments__order" role="group" aria-label="Sort comments">
                {order_button(CommentOrder::Newest, "Newest first")}
                {order_button(CommentOrder::Oldest, "Oldest first")}
            </div>
            {move || match current() {
                Some(Err(error)) => Some(view! {
                    <LoadError what="comments" error retry=move || listing.refetch() />
                }),
                _ => None,
            }}
            {move || match more.value().get() {
                Some(Err(error)) if !more.pending().get() => Some(view! {
                    <LoadError what="more comments" error retry=load_more />
                }),
                _ => None,
            }}
            <ol class="comments__list" aria-busy=move || busy().to_string()>
                <For
                    each=move || shown().map(|l| l.comments.get()).unwrap_or_default()
                    key=|c| c.id
                    children=move |c| view! { <CommentItem comment=c on_deleted /> }
                />
            </ol>
            {move || shown().and_then(|l| l.next.get()).map(|_| view! {
                <button
                    type="button"
                    class="button comments__more"
                    disabled=move || more.pending().get()
                    on:click=move |_| load_more()
                >
                    "Load more"
                </button>
            })}
        </section>
    }
}
