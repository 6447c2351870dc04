use crate::api::{self, ApiFailure};
use crate::components::{LoadError, TableHead};
use crate::succeeded::{succeeded, Draft};
use crate::task::{Load, Task};
use dropstream_api::access::{Invited, Merchant, NewUser, Role, UserEntry, UserUpdate};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// `/admin/users` (admins): who has access, invitations, role changes and
/// disabling.
#[component]
pub fn UsersPage() -> impl IntoView {
    let invite = Task::new(move |new: &NewUser| {
        let new = new.clone();
        async move { api::invite_user(&new).await }
    });
    let invited = succeeded(invite);
    let users = Load::new(move || {
        invited.get();
        api::users()
    });
    let merchants = Load::new(api::merchants);
    let changed = Callback::new(move |()| users.refetch());
    let merchant_list =
        Signal::derive(move || merchants.get().and_then(Result::ok).unwrap_or_default());
    view! {
        <h1>"Users"</h1>
        // Outside the list: reloading it after an invitation must not reset
        // the form and its message.
        <InviteForm merchants=merchant_list invite />
        {move || {
            let (Some(users_now), Some(merchants_now)) = (users.get(), merchants.get()) else {
                return view! { <p class="loading">"Loading users…"</p> }.into_any();
            };
            match (users_now, merchants_now) {
                (Ok(list), Ok(merchants)) => view! {
                        <table class="users">
                            <TableHead columns=&["Name", "Email", "Access", "Status", "Actions"] />
                            <tbody>
                                {list.into_iter()
                                    .map(|u| view! { <UserRow user=u merchants=merchants.clone() changed /> })
                                    .collect_view()}
                            </tbody>
                        </table>
                    }
                    .into_any(),
                    (Err(error), _) | (_, Err(error)) => view! {
                        <LoadError what="users" error retry=move || {
                            users.refetch();
                            merchants.refetch();
                        } />
                    }
                    .into_any(),
            }
        }}
    }
}

/// Role and merchant pickers; the merchant one only for merchant users.
fn access_fields(
    id: String,
    role: RwSignal<Role>,
    merchant: RwSignal<Option<i64>>,
    merchants: Signal<Vec<Merchant>>,
) -> impl IntoView {
    let role_id = format!("{id}-role");
    let merchant_id = format!("{id}-merchant");
    view! {
        <div class="filters__item">
            <label for=role_id.clone()>"Role"</label>
            <select id=role_id on:change=move |ev| {
                if let Some(r) = Role::parse(&event_target_value(&ev)) { role.set(r) }
            }>
                {Role::ALL.map(|r| view! {
                    <option value=r.as_str() selected=move || role.get() == r>{r.label()}</option>
                }).collect_view()}
            </select>
        </div>
        <div class="filters__item" hidden=move || role.get() != Role::Merchant>
            <label for=merchant_id.clone()>"Merchant"</label>
            <select id=merchant_id on:change=move |ev| merchant.set(event_target_value(&ev).parse().ok())>
                <option value="" selected=move || merchant.get().is_none()>"Choose…"</option>
                {move || merchants.get().into_iter().map(|m| view! {
                    <option value=m.id.to_string() selected=move || merchant.get() == Some(m.id)>{m.name}</option>
                }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn InviteForm(
    merchants: Signal<Vec<Merchant>>,
    invite: Task<NewUser, Result<Invited, ApiFailure>>,
) -> impl IntoView {
    // Emptied once an invitation is sent.
    let invited = Some(succeeded(invite));
    let email = Draft::new(String::new(), invited);
    let name = Draft::new(String::new(), invited);
    let role = RwSignal::new(Role::Merchant);
    let merchant = RwSignal::new(None::<i64>);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        let role = role.get_untracked();
        invite.dispatch(NewUser {
            email: email.get_untracked(),
            display_name: name.get_untracked(),
            role,
            merchant_id: merchant.get_untracked().filter(|_| role == Role::Merchant),
        });
    };
    let outcome = move || match invite.value().get() {
        Some(Ok(done)) => view! {
            <p class="save-note__saved" role="status">
                {format!("Invited {}. {}", done.user.email, done.delivery)}
            </p>
        }
        .into_any(),
        Some(Err(e)) => {
            view! { <p class="field__error" role="alert">{e.to_string()}</p> }.into_any()
        }
        None => ().into_any(),
    };
    view! {
        <form class="new-connection" on:submit=on_submit aria-label="Invite a user">
            <div class="filters__item">
                <label for="invite-email">"Email"</label>
                <input id="invite-email" type="email" prop:value=move || email.get()
                    on:input=move |ev| email.set(event_target_value(&ev)) />
            </div>
            <div class="filters__item">
                <label for="invite-name">"Name"</label>
                <input id="invite-name" prop:value=move || name.get()
                    on:input=move |ev| name.set(event_target_value(&ev)) />
            </div>
            {access_fields("invite".into(), role, merchant, merchants)}
            <button type="submit" class="button button--primary" disabled=move || invite.pending()>
                "Invite"
            </button>
        </form>
        {outcome}
    }
}

#[component]
fn UserRow(user: UserEntry, merchants: Vec<Merchant>, changed: Callback<()>) -> impl IntoView {
    let id = user.id;
    let role = RwSignal::new(user.role);
    let merchant = RwSignal::new(user.merchant.as_ref().map(|m| m.id));
    // The row is rebuilt with the list, which reloads after a change.
    let update = Task::new(move |change: &UserUpdate| {
        let change = change.clone();
        async move {
            let result = api::update_user(id, &change).await;
            if result.is_ok() {
                changed.try_run(());
            }
            result
        }
    });
    let save_access = move |_| {
        let role = role.get_untracked();
        update.dispatch(UserUpdate {
            role: Some(role),
            merchant_id: merchant.get_untracked().filter(|_| role == Role::Merchant),
            disabled: None,
        });
    };
    let disabled = user.disabled;
    let toggle = move |_| {
        update.dispatch(UserUpdate {
            disabled: Some(!disabled),
            ..Default::default()
        });
    };
    let status = if user.disabled {
        "Disabled"
    } else if user.pending {
        "Invited"
    } else {
        "Active"
    };
    let error =
        move || {
            update.value().get().and_then(Result::err).map(
                |e: ApiFailure| view! { <p class="field__error" role="alert">{e.to_string()}</p> },
            )
        };
    view! {
        <tr>
            <td>{user.display_name.clone()}</td>
            <td>{user.email.clone()}</td>
            <td>
                <div class="users__access">
                    {access_fields(format!("user-{id}"), role, merchant, Signal::stored(merchants))}
                    <button type="button" class="button" on:click=save_access disabled=move || update.pending()>
                        "Save access"
                    </button>
                </div>
                {error}
            </td>
            <td>{status}</td>
            <td>
                <button type="button" class="button button--quiet" on:click=toggle disabled=move || update.pending()>
                    {if disabled { "Enable" } else { "Disable" }}
                </button>
            </td>
        </tr>
    }
}
