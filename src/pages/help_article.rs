use crate::api;
use crate::components::{ArticleVote, Breadcrumbs, CommentThread, Loaded};
use crate::route::{self, page_part, Page};
use crate::task::Load;
use dropstream_api::help::{Article, TocEntry};
use leptos::prelude::*;

/// `/help/{slug}`: one article, its votes and its comments. Rebuilt per
/// slug, so moving between articles never mixes their state.
#[component]
pub fn HelpArticlePage() -> impl IntoView {
    let slug = page_part(Page::slug);
    move || view! { <HelpArticle slug=slug.get() /> }
}

#[component]
fn HelpArticle(slug: String) -> impl IntoView {
    let article = Load::new({
        let slug = slug.clone();
        move || api::get_article(slug.clone())
    });
    // The comments load on their own, once the article is here, so a
    // thread still loading does not hold the article back.
    let comment_count =
        Memo::new(move |_| article.get().and_then(Result::ok).map(|a| a.comment_count));
    view! {
        <Loaded resource=article what="this article" loading="Loading article…" not_found_page=true let:a>
            <ArticleView article=a />
        </Loaded>
        {move || comment_count.get().map(|count| view! { <CommentThread slug=slug.clone() count /> })}
    }
}

#[component]
fn ArticleView(article: Article) -> impl IntoView {
    let body = NodeRef::<leptos::html::Div>::new();
    let fragment = route::fragment();
    // The body arrives after navigation, so the browser could not scroll
    // to the #section itself: do it once the body is in the page, and
    // again when the hash changes.
    Effect::new(move |_| {
        let hash = fragment.get();
        if body.get().is_some() {
            scroll_to(hash.trim_start_matches('#').to_string(), 20);
        }
    });
    let Article {
        slug,
        title,
        updated,
        html,
        toc,
        related,
        votes,
        ..
    } = article;
    view! {
        <Breadcrumbs href=route::local("/help") parent="Help center" current=title.clone() />
        <article class="article">
            <h1>{title}</h1>
            <p class="article__updated">
                "Last updated " <time datetime=updated.clone()>{updated.clone()}</time>
            </p>
            <Toc entries=toc />
            // Rendered and sanitized by the server (pulldown-cmark + ammonia):
            // the one place the SPA inserts HTML.
            <div class="article__body" node_ref=body inner_html=html></div>
        </article>
        <ArticleVote slug=slug.clone() votes />
        {(!related.is_empty()).then(|| view! {
            <nav class="related" aria-labelledby="related-title">
                <h2 id="related-title">"Related articles"</h2>
                <ul>
                    {related.into_iter().map(|r| view! {
                        <li><a href=route::local(&format!("/help/{}", r.slug))>{r.title}</a></li>
                    }).collect_view()}
                </ul>
            </nav>
        })}
    }
}

#[component]
fn Toc(entries: Vec<TocEntry>) -> impl IntoView {
    (!entries.is_empty()).then(|| {
        view! {
            <nav class="toc" aria-labelledby="toc-title">
                <h2 id="toc-title" class="toc__title">"On this page"</h2>
                <ol>
                    {entries
                        .into_iter()
                        .map(|e| view! { <li><a href=format!("#{}", e.id)>{e.title}</a></li> })
                        .collect_view()}
                </ol>
            </nav>
        }
    })
}

/// Scrolls to the element with `id`, waiting a few frames for it: the body
/// is built before it is put into the document.
fn scroll_to(id: String, tries: u32) {
    if id.is_empty() {
        return;
    }
    let element = web_sys::window()
        .and_then(|w| w.document())
        .and_then(|d| d.get_element_by_id(&id));
    match element {
        Some(element) => {
            element.scroll_into_view();
            element.class_list().add_1("is-target").ok();
        }
        None if tries > 0 => set_timeout(
            move || scroll_to(id, tries - 1),
            std::time::Duration::from_millis(25),
        ),
        None => {}
    }
}
