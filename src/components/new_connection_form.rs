use crate::api;
use crate::session::use_session;
use crate::task::{Load, Task};
use dropstream_api::access::Role;
use dropstream_api::{platforms_for, validate_connection_name, NewConnection, Platform, Side};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// Creates a connection (name, store and warehouse platform; it starts
/// disabled) and opens its Store settings to enter the credentials.
#[component]
pub fn NewConnectionForm() -> impl IntoView {
    let name = RwSignal::new(String::new());
    let first = |side| platforms_for(side).next().unwrap_or_default();
    let store = RwSignal::new(first(Side::Store));
    let warehouse = RwSignal::new(first(Side::Warehouse));
    // The name's own check, before anything is sent.
    let local_error = RwSignal::new(None::<String>);
    // Admins say whose connection it is; a merchant's is always its own.
    let session = use_session();
    let is_admin = move || session.role() == Some(Role::Admin);
    let merchant = RwSignal::new(None::<i64>);
    let merchants = Load::new(api::merchants);
    let create = Task::new(move |new: &NewConnection| {
        let new = new.clone();
        async move { api::create_connection(&new).await }
    });
    let navigate = use_navigate();
    Effect::new(move |_| {
        if let Some(Ok(c)) = create.value().get() {
            navigate(
                &format!("/connections/{}/settings/store", c.id),
                Default::default(),
            );
        }
    });
    let error = move || {
        local_error.get().or_else(|| match create.value().get() {
            Some(Err(e)) if !create.pending() => Some(e.to_string()),
            _ => None,
        })
    };
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        match validate_connection_name(&name.get_untracked()) {
            Ok(valid) => {
                local_error.set(None);
                create.dispatch(NewConnection {
                    name: valid,
                    store_platform: store.get_untracked(),
                    warehouse_platform: warehouse.get_untracked(),
                    merchant_id: merchant.get_untracked(),
                });
            }
            Err(message) => local_error.set(Some(message)),
        }
    };
    let select = move |side: Side, value: RwSignal<Platform>| {
        let id = format!("new-{side}");
        let label_for = id.clone();
        view! {
            <div class="filters__item">
                <label for=label_for>{format!("{} platform", side.label())}</label>
                <select id=id on:change=move |ev| {
                    if let Some(p) = Platform::parse(&event_target_value(&ev)) {
                        value.set(p);
                    }
                }>
                    {platforms_for(side)
                        .map(|p| view! { <option value=p.as_str() selected=move || value.get() == p>{p.display_name()}</option> })
                        .collect_view()}
                </select>
            </div>
        }
    };
    view! {
        <form class="new-connection" on:submit=on_submit novalidate aria-label="New connection">
            <div class="filters__item">
                <label for="new-name">"Name"</label>
                <input id="new-name" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev))
                    aria-invalid=move || error().is_some().to_string() />
            </div>
            {select(Side::Store, store)}
            {select(Side::Warehouse, warehouse)}
            {move || is_admin().then(|| view! {
                <div class="filters__item">
                    <label for="new-merchant">"Merchant"</label>
                    <select id="new-merchant" on:change=move |ev| merchant.set(event_target_value(&ev).parse().ok())>
                        <option value="" selected=move || merchant.get().is_none()>"Choose…"</option>
                        {move || merchants.get().and_then(Result::ok).unwrap_or_default().into_iter().map(|m| view! {
                            <option value=m.id.to_string() selected=move || merchant.get() == Some(m.id)>{m.name}</option>
                        }).collect_view()}
                    </select>
                </div>
            })}
            <button type="submit" class="button button--primary" disabled=move || create.pending()>
                "Create connection"
            </button>
            <p class="field__error" role="alert">{error}</p>
        </form>
    }
}
