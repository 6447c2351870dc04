use crate::api;
use crate::components::Loaded;
use crate::route::{local, AboveList, HelpQuery};
use crate::task::Load;
use dropstream_api::help::ArticleSummary;
use leptos::prelude::*;

/// `/help`: every article, filtered as you type.
#[component]
pub fn HelpIndexPage() -> impl IntoView {
    let articles = Load::new(api::list_articles);
    let query = use_context::<HelpQuery>()
        .map(|q| q.0)
        .unwrap_or_else(|| RwSignal::new(String::new()));
    view! {
        <h1>"Help center"</h1>
        <div class="help-search" role="search">
            <label for="help-search">"Search the help center"</label>
            <input
                id="help-search"
                type="search"
                placeholder="e.g. Shopify token, rate limited"
                prop:value=move || query.get()
                on:input=move |ev| query.set(event_target_value(&ev))
            />
        </div>
        <Loaded resource=articles what="the help center" loading="Loading articles…" let:list>
            <ArticleList list query />
        </Loaded>
    }
}

/// Whether every word of the query appears in the title or summary.
fn matches(article: &ArticleSummary, query: &str) -> bool {
    let haystack = format!("{} {}", article.title, article.summary).to_lowercase();
    query
        .to_lowercase()
        .split_whitespace()
        .all(|word| haystack.contains(word))
}

#[component]
fn ArticleList(list: Vec<ArticleSummary>, query: RwSignal<String>) -> impl IntoView {
    let list = StoredValue::new(list);
    let shown = move || {
        let q = query.get();
        list.with_value(|l| {
            l.iter()
                .filter(|a| matches(a, &q))
                .cloned()
                .collect::<Vec<_>>()
        })
    };
    let above = use_context::<AboveList>();
    let picks = move || {
        let q = query.get();
        let above = above.as_ref()?;
        list.with_value(|l| (above.0)(l, &q))
    };
    view! {
        {picks}
        <p class="help-count" aria-live="polite">
            {move || match shown().len() {
                0 => "No articles match your search.".to_string(),
                1 => "1 article".to_string(),
                n => format!("{n} articles"),
            }}
        </p>
        <ul class="help-list">
            <For
                each=shown
                key=|a| a.slug.clone()
                children=|a| view! {
                    <li class="help-list__item">
                        <a href=local(&format!("/help/{}", a.slug))>{a.title}</a>
                        <p>{a.summary}</p>
                    </li>
                }
            />
        </ul>
    }
}
