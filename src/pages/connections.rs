use crate::api;
use crate::components::{ConnectionRow, Loaded, NewConnectionForm};
use crate::session::use_session;
use crate::task::Load;
use dropstream_api::access::Role;
use dropstream_api::{platforms_for, ConnectionSummary, Platform, Side};
use leptos::prelude::*;
use leptos_router::hooks::{use_navigate, use_query_map};
use leptos_router::params::ParamsMap;
use leptos_router::NavigateOptions;

/// The list's search and filters, kept in the URL query so a reload or a
/// shared link shows the same list: `?q=acme&status=enabled&store=shopify`.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct ListFilter {
    pub query: String,
    /// `Some(true)` enabled only, `Some(false)` disabled only.
    pub enabled: Option<bool>,
    pub store: Option<Platform>,
    pub warehouse: Option<Platform>,
    /// Staff and admins: one merchant's connections only.
    pub merchant: Option<i64>,
}

impl ListFilter {
    pub fn from_query(q: &ParamsMap) -> ListFilter {
        ListFilter {
            query: q.get("q").unwrap_or_default(),
            enabled: match q.get("status").as_deref() {
                Some("enabled") => Some(true),
                Some("disabled") => Some(false),
                _ => None,
            },
            store: q.get("store").and_then(|p| Platform::parse(&p)),
            warehouse: q.get("warehouse").and_then(|p| Platform::parse(&p)),
            merchant: q.get("merchant").and_then(|m| m.parse().ok()),
        }
    }

    pub fn to_query(&self) -> String {
        let mut q = ParamsMap::new();
        if !self.query.is_empty() {
            q.insert("q", self.query.clone());
        }
        if let Some(enabled) = self.enabled {
            let status = if enabled { "enabled" } else { "disabled" };
            q.insert("status", status.to_string());
        }
        for (key, platform) in [("store", self.store), ("warehouse", self.warehouse)] {
            if let Some(p) = platform {
                q.insert(key, p.as_str().to_string());
            }
        }
        if let Some(m) = self.merchant {
            q.insert("merchant", m.to_string());
        }
        q.to_query_string()
    }

    pub fn platform(&self, side: Side) -> Option<Platform> {
        match side {
            Side::Store => self.store,
            Side::Warehouse => self.warehouse,
        }
    }

    pub fn matches(&self, c: &ConnectionSummary) -> bool {
        let query = self.query.trim().to_lowercase();
        (query.is_empty() || c.name.to_lowercase().contains(&query))
            && self.enabled.is_none_or(|e| c.enabled == e)
            && self.merchant.is_none_or(|m| c.merchant_id == m)
            && Side::ALL
                .into_iter()
                .all(|side| self.platform(side).is_none_or(|p| c.platform(side) == p))
    }
}

/// `/connections`: create a connection; search and filter the list; each
/// row shows both sides' latest test and can be renamed, enabled or
/// disabled, and deleted.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let query = use_query_map();
    let filter = Memo::new(move |_| ListFilter::from_query(&query.read()));
    // The server filters and pages the list; "Load more" asks for one page
    // more of the same filters. The count belongs to the filters it was
    // made for, so changing a filter starts again at one page.
    let more_pages = RwSignal::new((String::new(), 1_usize));
    let pages_for = move |filters: &str| {
        more_pages.with(|(made_for, n)| if made_for == filters { *n } else { 1 })
    };
    let connections = Load::new(move || {
        let filters = filter.with(ListFilter::to_query);
        let pages = pages_for(&filters);
        load_pages(filters, pages)
    });
    let navigate = use_navigate();
    let set_filter = Callback::new(move |f: ListFilter| {
        let options = NavigateOptions {
            replace: true,
            scroll: false,
            ..Default::default()
        };
        navigate(&format!("/connections{}", f.to_query()), options);
    });
    let changed = Callback::new(move |()| connections.refetch());
    let session = use_session();
    let role = move || session.role();
    view! {
        <h1>"Connections"</h1>
        {move || role().is_some_and(Role::changes_connections).then(|| view! { <NewConnectionForm /> })}
        <Filters filter set_filter all_merchants=Signal::derive(move || role().is_some_and(Role::sees_all_merchants)) />
        <Loaded resource=connections what="connections" loading="Loading connections…" let((list, more))>
            {if list.is_empty() && filter.with(|f| *f == ListFilter::default()) {
                view! { <p class="empty">"No connections yet."</p> }.into_any()
            } else {
                // The server already filtered; filtering here too keeps
                // the shown rows right while a new answer loads.
                let shown = move || {
                    let f = filter.get();
                    list.iter().filter(|c| f.matches(c)).cloned().collect::<Vec<_>>()
                };
                view! {
                    <ConnectionTable shown=Signal::derive(shown) changed />
                    {more.then(|| view! {
                        <button class="button" on:click=move |_| {
                            let filters = filter.with_untracked(ListFilter::to_query);
                            let next = pages_for(&filters) + 1;
                            more_pages.set((filters, next));
                        }>
                            "Load more connections"
                        </button>
                    })}
                }
                .into_any()
            }}
        </Loaded>
    }
}

/// The first `pages` pages of the connections that pass `filters`, and
/// whether more follow.
async fn load_pages(
    filters: String,
    pages: usize,
) -> Result<(Vec<ConnectionSummary>, bool), api::ApiFailure> {
    let mut all = Vec::new();
    let mut after = None;
    for _ in 0..pages.max(1) {
        let (page, next) = api::list_connections(&filters, after.take()).await?;
        all.extend(page);
        match next {
            Some(cursor) => after = Some(cursor),
            None => return Ok((all, false)),
        }
    }
    Ok((all, true))
}

#[component]
fn Filters(
    filter: Memo<ListFilter>,
    set_filter: Callback<ListFilter>,
    all_merchants: Signal<bool>,
) -> impl IntoView {
    let merchants = Load::new(api::merchants);
    let update = move |change: &dyn Fn(&mut ListFilter)| {
        let mut f = filter.get_untracked();
        change(&mut f);
        set_filter.run(f);
    };
    let platform_select = move |side: Side| {
        let id = format!("filter-{side}");
        let label_for = id.clone();
        view! {
            <div class="filters__item">
                <label for=label_for>{side.label()}</label>
                <select id=id on:change=move |ev| {
                    let p = Platform::parse(&event_target_value(&ev));
                    update(&|f| match side {
                        Side::Store => f.store = p,
                        Side::Warehouse => f.warehouse = p,
                    });
                }>
                    <option value="" selected=move || filter.get().platform(side).is_none()>"Any"</option>
                    {platforms_for(side)
                        .map(|p| view! {
                            <option value=p.as_str() selected=move || filter.get().platform(side) == Some(p)>
                                {p.display_name()}
                            </option>
                        })
                        .collect_view()}
                </select>
            </div>
        }
    };
    let status = move || match filter.get().enabled {
        Some(true) => "enabled",
        Some(false) => "disabled",
        None => "",
    };
    view! {
        <div class="filters" role="search">
            <div class="filters__item filters__search">
                <label for="filter-q">"Search"</label>
                <input id="filter-q" type="search" placeholder="Connection name"
                    prop:value=move || filter.get().query
                    on:input=move |ev| {
                        let q = event_target_value(&ev);
                        update(&|f| f.query = q.clone());
                    } />
            </div>
            <div class="filters__item">
                <label for="filter-status">"Status"</label>
                <select id="filter-status" on:change=move |ev| {
                    let v = event_target_value(&ev);
                    update(&|f| f.enabled = match v.as_str() {
                        "enabled" => Some(true),
                        "disabled" => Some(false),
                        _ => None,
                    });
                }>
                    <option value="" selected=move || status().is_empty()>"All"</option>
                    <option value="enabled" selected=move || status() == "enabled">"Enabled"</option>
                    <option value="disabled" selected=move || status() == "disabled">"Disabled"</option>
                </select>
            </div>
            {platform_select(Side::Store)}
            {platform_select(Side::Warehouse)}
            {move || all_merchants.get().then(|| view! {
                <div class="filters__item">
                    <label for="filter-merchant">"Merchant"</label>
                    <select id="filter-merchant" on:change=move |ev| {
                        let m = event_target_value(&ev).parse().ok();
                        update(&|f| f.merchant = m);
                    }>
                        <option value="" selected=move || filter.get().merchant.is_none()>"All merchants"</option>
                        {move || merchants.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|m| view! {
                            <option value=m.id.to_string() selected=move || filter.get().merchant == Some(m.id)>{m.name}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
        </div>
    }
}

#[component]
fn ConnectionTable(shown: Signal<Vec<ConnectionSummary>>, changed: Callback<()>) -> impl IntoView {
    view! {
        <table class="connections">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Store"</th>
                    <th scope="col">"Warehouse"</th>
                    <th scope="col">"Status"</th>
                    <th scope="col">"Actions"</th>
                </tr>
            </thead>
            <tbody>
                <For each=move || shown.get() key=|c| c.clone() let:c>
                    <ConnectionRow connection=c changed />
                </For>
            </tbody>
        </table>
        {move || shown.with(Vec::is_empty).then(|| view! {
            <p class="empty">"No connection matches these filters."</p>
        })}
    }
}
