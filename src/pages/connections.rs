use crate::api;
use dropstream_api::ConnectionSummary;
use leptos::prelude::*;
use leptos_router::components::A;

/// `/connections`: every connection, each linking to its settings.
#[component]
pub fn ConnectionsPage() -> impl IntoView {
    let connections = LocalResource::new(api::list_connections);
    view! {
        <h1>"Connections"</h1>
        <Transition fallback=|| view! { <p class="loading">"Loading connections…"</p> }>
            {move || Suspend::new(async move {
                match connections.await {
                    Ok(list) if list.is_empty() => view! {
                        <p class="empty">"No connections yet."</p>
                    }
                    .into_any(),
                    Ok(list) => view! { <ConnectionTable list /> }.into_any(),
                    Err(e) => view! {
                        <div class="load-error" role="alert">
                            <p>{format!("Could not load connections: {e}")}</p>
                            <button class="button" on:click=move |_| connections.refetch()>"Try again"</button>
                        </div>
                    }
                    .into_any(),
                }
            })}
        </Transition>
    }
}

#[component]
fn ConnectionTable(list: Vec<ConnectionSummary>) -> impl IntoView {
    view! {
        <table class="connections">
            <thead>
                <tr>
                    <th scope="col">"Name"</th>
                    <th scope="col">"Store"</th>
                    <th scope="col">"Warehouse"</th>
                    <th scope="col">"Status"</th>
                </tr>
            </thead>
            <tbody>
                {list
                    .into_iter()
                    .map(|c| {
                        view! {
                            <tr>
                                <td>
                                    <A href=format!("/connections/{}/settings/store", c.id)>{c.name}</A>
                                </td>
                                <td>{c.store_platform.display_name()}</td>
                                <td>{c.warehouse_platform.display_name()}</td>
                                <td>{if c.enabled { "Enabled" } else { "Disabled" }}</td>
                            </tr>
                        }
                    })
                    .collect_view()}
            </tbody>
        </table>
    }
}
