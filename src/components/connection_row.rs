use crate::api;
use crate::session::may_change_connections;
use crate::task::Task;
use crate::time::{now_ms, parse_ms, relative};
use dropstream_api::{ConnectionSummary, ConnectionUpdate, Side};
use leptos::prelude::*;

/// One connection in the list: name with each channel's latest run, both
/// sides with their latest test, enabled or not, and rename / enable /
/// delete (delete asks first) for those who may change connections.
#[component]
pub fn ConnectionRow(connection: ConnectionSummary, changed: Callback<()>) -> impl IntoView {
    let id = connection.id;
    let name = connection.name.clone();
    let enabled = connection.enabled;
    let can_change = may_change_connections();
    let renaming = RwSignal::new(false);
    let confirming = RwSignal::new(false);
    let draft = RwSignal::new(name.clone());
    // A change that went through reloads the list; the row shows why the
    // last one failed.
    let change = Task::new(move |change: &Change| {
        let change = change.clone();
        async move {
            let result = match change {
                Change::Update(update) => api::update_connection(id, &update).await.map(|_| ()),
                Change::Delete => api::delete_connection(id).await,
            };
            if result.is_ok() {
                renaming.try_set(false);
                changed.try_run(());
            }
            result
        }
    });
    let update = move |update: ConnectionUpdate| {
        change.dispatch(Change::Update(update));
    };
    let error = move || {
        change
            .value()
            .get()
            .and_then(Result::err)
            .map(|e| e.to_string())
    };

    let channels = (!connection.channels.is_empty()).then(|| {
        let outcomes = connection
            .channels
            .iter()
            .map(|latest| {
                view! {
                    <li class=format!("run__outcome run__outcome--{}", latest.outcome.as_str())>
                        {format!("{}: {}", latest.channel.title(), latest.outcome.label())}
                    </li>
                }
            })
            .collect_view();
        view! {
            <a href=format!("/connections/{id}/channels") class="channel-outcomes">
                <ul>{outcomes}</ul>
            </a>
        }
    });
    let side_cell = move |side: Side| {
        let platform = connection.platform(side).display_name();
        let last = connection.last(side).cloned();
        let result = match last {
            None => view! { <span class="last last--none">"Not tested"</span> }.into_any(),
            Some(run) => {
                let when = parse_ms(&run.at)
                    .map(|t| relative(t, now_ms()))
                    .unwrap_or_default();
                let class = if run.ok {
                    "last last--ok"
                } else {
                    "last last--error"
                };
                view! { <span class=class title=run.at.clone()>{format!("{} · {when}", run.outcome())}</span> }
                    .into_any()
            }
        };
        view! {
            <td class=format!("connections__{side}")>
                <span class="connections__platform">{platform}</span>
                " "
                {result}
            </td>
        }
    };
    let toggle_label = if enabled { "Disable" } else { "Enable" };
    view! {
        <tr data-connection=id>
            <td>
                {move || if renaming.get() {
                    view! {
                        <form class="rename" on:submit=move |ev| {
                            ev.prevent_default();
                            update(ConnectionUpdate { name: Some(draft.get_untracked()), enabled: None });
                        }>
                            <label class="visually-hidden" for=format!("rename-{id}")>"New name"</label>
                            <input id=format!("rename-{id}") prop:value=move || draft.get()
                                on:input=move |ev| draft.set(event_target_value(&ev)) />
                            <button type="submit" class="button button--small">"Save name"</button>
                            <button type="button" class="button button--small" on:click=move |_| renaming.set(false)>"Cancel"</button>
                        </form>
                    }
                    .into_any()
                } else {
                    let name = name.clone();
                    view! { <a href=format!("/connections/{id}/settings/store")>{name}</a> }.into_any()
                }}
                {channels}
            </td>
            {side_cell(Side::Store)}
            {side_cell(Side::Warehouse)}
            <td>{if enabled { "Enabled" } else { "Disabled" }}</td>
            <td class="connections__actions">
                {move || can_change.get().then(|| view! {
                <button type="button" class="button button--small" on:click=move |_| renaming.set(true)>"Rename"</button>
                <button type="button" class="button button--small"
                    on:click=move |_| update(ConnectionUpdate { name: None, enabled: Some(!enabled) })>
                    {toggle_label}
                </button>
                {move || if confirming.get() {
                    view! {
                        <span class="confirm" role="group" aria-label="Confirm delete">
                            "Delete this connection with its saved credentials and history? "
                            <button type="button" class="button button--small button--danger"
                                on:click=move |_| { change.dispatch(Change::Delete); }>"Yes, delete"</button>
                            <button type="button" class="button button--small" on:click=move |_| confirming.set(false)>"Cancel"</button>
                        </span>
                    }
                    .into_any()
                } else {
                    view! {
                        <button type="button" class="button button--small" on:click=move |_| confirming.set(true)>"Delete"</button>
                    }
                    .into_any()
                }}
                {move || error().map(|e| view! { <p class="field__error" role="alert">{e}</p> })}
                })}
            </td>
        </tr>
    }
}

/// What a row changes about its connection.
#[derive(Clone)]
enum Change {
    Update(ConnectionUpdate),
    Delete,
}
