use crate::components::{ChannelPermissions, ResultBadge, TestConnectionButton};
use crate::state::SideForm;
use dropstream_api::{FieldSpec, SavedValue, SideSettings};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// One side's credential fields, generated from the api crate's field specs,
/// with Test Connection and its result next to them.
#[component]
pub fn CredentialsForm(
    connection_id: i64,
    settings: SideSettings,
    form: SideForm,
) -> impl IntoView {
    let platform = settings.platform;
    let settings = StoredValue::new(settings);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        settings.with_value(|s| form.run(connection_id, s));
    };
    view! {
        <form class="credentials" on:submit=on_submit novalidate>
            <h2 class="credentials__title">
                {format!("{} credentials", platform.display_name())}
            </h2>
            {platform
                .fields()
                .iter()
                .map(|spec| view! { <CredentialField spec settings form /> })
                .collect_view()}
            <ChannelPermissions platform />
            <div class="credentials__actions">
                <TestConnectionButton testing=Signal::derive(move || form.is_testing()) />
            </div>
            <ResultBadge state=Signal::derive(move || form.badge()) />
        </form>
    }
}

#[component]
fn CredentialField(
    spec: &'static FieldSpec,
    settings: StoredValue<SideSettings>,
    form: SideForm,
) -> impl IntoView {
    let key = spec.key;
    let input_id = format!("{}-{key}", form.side);
    let help_id = format!("{input_id}-help");
    let error_id = format!("{input_id}-error");
    let error = Memo::new(move |_| {
        if !form.touched(key) {
            return None;
        }
        settings
            .with_value(|s| form.errors(s))
            .into_iter()
            .find(|e| e.field == key)
            .map(|e| e.message)
            .or_else(|| form.server_field_error(key))
    });
    let saved_hint = settings.with_value(|s| match s.field(key).map(|f| &f.value) {
        Some(SavedValue::Secret { set: true, hint }) => {
            Some(hint.clone().unwrap_or_else(|| "set".into()))
        }
        _ => None,
    });
    let placeholder = if saved_hint.is_some() {
        "Leave blank to use the saved value"
    } else {
        spec.placeholder
    };
    let described_by = format!("{help_id} {error_id}");
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=input_id.clone()>{spec.label}</label>
            <input
                class="field__input"
                id=input_id
                name=key
                type=if spec.secret { "password" } else { "text" }
                autocomplete=if spec.secret { "new-password" } else { "off" }
                spellcheck="false"
                placeholder=placeholder
                aria-describedby=described_by
                aria-invalid=move || error.get().is_some().to_string()
                prop:value=move || settings.with_value(|s| form.value(s, key))
                on:input=move |ev| form.edit(key, event_target_value(&ev))
            />
            {saved_hint.map(|hint| view! { <p class="field__saved">{format!("Saved: {hint}")}</p> })}
            <p class="field__help" id=help_id>{spec.help}</p>
            <p class="field__error" id=error_id>{move || error.get()}</p>
        </div>
    }
}
