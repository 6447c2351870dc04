use crate::api::{self, ApiFailure};
use crate::components::{LoadError, TableHead};
use crate::succeeded::succeeded;
use crate::task::{Load, Task};
use dropstream_api::help::{EmbedSite, HelpSuggestion, NewEmbedSite, NewHelpSuggestion};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// `/admin/widget` (admins): the sites whose pages may embed the help
/// widget, and the articles it suggests by the host page's path.
#[component]
pub fn WidgetAdminPage() -> impl IntoView {
    view! {
        <h1>"Help widget"</h1>
        <EmbedSites />
        <Suggestions />
    }
}

/// A failed change, in a line of its own.
fn failure(e: ApiFailure) -> AnyView {
    view! { <p class="field__error" role="alert">{e.to_string()}</p> }.into_any()
}

#[component]
fn EmbedSites() -> impl IntoView {
    let add = Task::new(move |new: &NewEmbedSite| {
        let new = new.clone();
        async move { api::add_embed_site(&new).await }
    });
    let remove = Task::new(move |origin: &String| api::remove_embed_site(origin.clone()));
    let (added, removed) = (succeeded(add), succeeded(remove));
    let sites = Load::new(move || {
        added.get();
        removed.get();
        api::embed_sites()
    });
    let merchants = Load::new(api::merchants);
    let origin = RwSignal::new(String::new());
    let merchant = RwSignal::new(None::<i64>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        add.dispatch(NewEmbedSite {
            origin: origin.get_untracked(),
            merchant_id: merchant.get_untracked(),
        });
    };
    Effect::new(move |_| {
        if let Some(Ok(_)) = add.value().get() {
            origin.set(String::new());
        }
    });
    let row = move |site: EmbedSite| {
        let target = site.origin.clone();
        view! {
            <tr>
                <td>{site.origin}</td>
                <td>{site.merchant.unwrap_or_else(|| "No one (people sign in themselves)".into())}</td>
                <td>{format!("{} by {}", site.added_at, site.added_by)}</td>
                <td>
                    <button type="button" class="button button--quiet" disabled=move || remove.pending()
                        on:click=move |_| { remove.dispatch(target.clone()); }>
                        "Remove"
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="sites-title">
            <h2 id="sites-title">"Sites that may embed it"</h2>
            <p>
                "A site's pages may show the widget once its origin is listed. A site bound to a merchant may sign "
                "that merchant's users in with identify tokens; its secret is printed on the server by "
                <code>"dropstream-server embed-sites secret ORIGIN"</code>" and never shown here."
            </p>
            <form class="new-connection" on:submit=on_submit aria-label="Add a site">
                <div class="filters__item">
                    <label for="site-origin">"Origin"</label>
                    <input id="site-origin" type="url" placeholder="https://shop.example.com"
                        prop:value=move || origin.get() on:input=move |ev| origin.set(event_target_value(&ev)) />
                </div>
                <div class="filters__item">
                    <label for="site-merchant">"Identify users of"</label>
                    <select id="site-merchant" on:change=move |ev| merchant.set(event_target_value(&ev).parse().ok())>
                        <option value="">"No one"</option>
                        {move || merchants.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|m| view! {
                            <option value=m.id.to_string()>{m.name}</option>
                        }).collect_view()}
                    </select>
                </div>
                <button type="submit" class="button button--primary" disabled=move || add.pending()>"Add site"</button>
            </form>
            {move || add.value().get().and_then(Result::err).map(failure)}
            {move || remove.value().get().and_then(Result::err).map(failure)}
            {move || match sites.get() {
                None => view! { <p class="loading">"Loading sites…"</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError what="the sites" error retry=move || sites.refetch() /> }.into_any(),
                Some(Ok(list)) if list.is_empty() => view! { <p>"No site may embed the widget yet."</p> }.into_any(),
                Some(Ok(list)) => view! {
                    <table class="users">
                        <TableHead columns=&["Origin", "Identify", "Added", ""] />
                        <tbody>{list.into_iter().map(row).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}

#[component]
fn Suggestions() -> impl IntoView {
    let add = Task::new(move |new: &NewHelpSuggestion| {
        let new = new.clone();
        async move { api::add_help_suggestion(&new).await }
    });
    let remove = Task::new(move |id: &i64| api::remove_help_suggestion(*id));
    let (added, removed) = (succeeded(add), succeeded(remove));
    let list = Load::new(move || {
        added.get();
        removed.get();
        api::help_suggestions()
    });
    let pattern = RwSignal::new(String::new());
    let articles = RwSignal::new(String::new());
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        add.dispatch(NewHelpSuggestion {
            pattern: pattern.get_untracked(),
            articles: articles
                .get_untracked()
                .split([',', ' '])
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect(),
        });
    };
    let row = move |s: HelpSuggestion| {
        let id = s.id;
        view! {
            <tr>
                <td><code>{s.pattern}</code></td>
                <td>{s.articles.join(", ")}</td>
                <td>
                    <button type="button" class="button button--quiet" disabled=move || remove.pending()
                        on:click=move |_| { remove.dispatch(id); }>
                        "Remove"
                    </button>
                </td>
            </tr>
        }
    };
    view! {
        <section aria-labelledby="suggestions-title">
            <h2 id="suggestions-title">"Suggested articles by page"</h2>
            <p>"On a host page whose path matches the pattern (* matches anything), the widget lists these articles first."</p>
            <form class="new-connection" on:submit=on_submit aria-label="Add suggestions">
                <div class="filters__item">
                    <label for="suggest-pattern">"Path pattern"</label>
                    <input id="suggest-pattern" placeholder="/orders/*"
                        prop:value=move || pattern.get() on:input=move |ev| pattern.set(event_target_value(&ev)) />
                </div>
                <div class="filters__item">
                    <label for="suggest-articles">"Articles (slugs, comma-separated)"</label>
                    <input id="suggest-articles" placeholder="test-connection, platform-shopify"
                        prop:value=move || articles.get() on:input=move |ev| articles.set(event_target_value(&ev)) />
                </div>
                <button type="submit" class="button button--primary" disabled=move || add.pending()>"Add"</button>
            </form>
            {move || add.value().get().and_then(Result::err).map(failure)}
            {move || remove.value().get().and_then(Result::err).map(failure)}
            {move || match list.get() {
                None => view! { <p class="loading">"Loading suggestions…"</p> }.into_any(),
                Some(Err(error)) => view! { <LoadError what="the suggestions" error retry=move || list.refetch() /> }.into_any(),
                Some(Ok(all)) if all.is_empty() => view! { <p>"No page has suggestions yet."</p> }.into_any(),
                Some(Ok(all)) => view! {
                    <table class="users">
                        <TableHead columns=&["Pattern", "Articles", ""] />
                        <tbody>{all.into_iter().map(row).collect_view()}</tbody>
                    </table>
                }.into_any(),
            }}
        </section>
    }
}
