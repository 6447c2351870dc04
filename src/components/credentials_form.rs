use crate::components::{ChannelPermissions, ResultBadge, TestConnectionButton};
use crate::form::{SaveState, SideForm};
use crate::session::may_change_connections;
use crate::time::describe;
use dropstream_api::{platforms_for, FieldSpec, Platform, SavedValue, SideSettings};
use leptos::ev::SubmitEvent;
use leptos::prelude::*;

/// One side's credentials: the platform select, the fields of that platform
/// (generated from the api crate's field specs), Save beside Test
/// Connection, and the test result.
///
/// `settings` is the side as loaded; picking another platform or saving
/// rebuilds the fields from [`SideForm::effective`].
#[component]
pub fn CredentialsForm(
    connection_id: i64,
    settings: SideSettings,
    form: SideForm,
) -> impl IntoView {
    let saved = StoredValue::new(settings);
    move || {
        let effective = saved.with_value(|s| form.effective(s));
        view! { <SideFields connection_id saved effective form /> }
    }
}

#[component]
fn SideFields(
    connection_id: i64,
    saved: StoredValue<SideSettings>,
    effective: SideSettings,
    form: SideForm,
) -> impl IntoView {
    let platform = effective.platform;
    let settings = StoredValue::new(effective);
    let on_submit = move |ev: SubmitEvent| {
        ev.prevent_default();
        settings.with_value(|s| form.run(connection_id, s));
    };
    let on_save = move |_| {
        saved.with_value(|s| form.save(connection_id, s));
    };
    let select_id = format!("{}-platform", form.side());
    let on_platform = move |ev| {
        if let Some(p) = Platform::parse(&event_target_value(&ev)) {
            saved.with_value(|s| form.choose_platform(p, s));
        }
    };
    let saving = move || matches!(form.save_state(), SaveState::Saving);
    let can_change = may_change_connections();
    // "Saved by Ana Merchant, 3 minutes ago", for what is saved on this
    // platform.
    let saved_by = saved.with_value(|s| {
        let (by, at) = (s.saved_by.clone()?, s.saved_at.as_deref()?);
        (s.platform == platform).then(|| {
            let (when, exact) = describe(at);
            view! { <p class="credentials__saved-by" title=exact>{format!("Saved by {by}, {when}")}</p> }
        })
    });
    view! {
        <form class="credentials" on:submit=on_submit novalidate>
            <div class="field field--platform">
                <label class="field__label" for=select_id.clone()>
                    {format!("{} platform", form.side().label())}
                </label>
                <select class="field__input" id=select_id on:change=on_platform>
                    {platforms_for(form.side())
                        .map(|p| view! {
                            <option value=p.as_str() selected=p == platform>{p.display_name()}</option>
                        })
                        .collect_view()}
                </select>
            </div>
            <h2 class="credentials__title">
                {format!("{} credentials", platform.display_name())}
            </h2>
            {saved_by}
            {platform
                .fields()
                .iter()
                .map(|spec| view! { <CredentialField spec settings form /> })
                .collect_view()}
            <ChannelPermissions platform />
            <div class="credentials__actions">
                <TestConnectionButton testing=Signal::derive(move || form.is_testing()) />
                {move || can_change.get().then(|| view! {
                    <button type="button" class="button" on:click=on_save disabled=saving>
                        "Save"
                    </button>
                })}
            </div>
            <SaveNote state=Signal::derive(move || form.save_state()) />
            <ResultBadge state=Signal::derive(move || form.badge()) />
        </form>
    }
}

/// "Saving…", "Saved.", or why the save was refused (a stale save says
/// someone else saved first; the edits stay in the form).
#[component]
fn SaveNote(#[prop(into)] state: Signal<SaveState>) -> impl IntoView {
    view! {
        <div class="save-note" aria-live="polite">
            {move || match state.get() {
                SaveState::Idle => ().into_any(),
                SaveState::Saving => view! { <p class="save-note__saving">"Saving…"</p> }.into_any(),
                SaveState::Saved => view! { <p class="save-note__saved">"Saved."</p> }.into_any(),
                SaveState::Failed { conflict, message } => view! {
                    <p class="save-note__error" class:save-note__conflict=conflict role="alert">{message}</p>
                }
                .into_any(),
            }}
        </div>
    }
}

#[component]
fn CredentialField(
    spec: &'static FieldSpec,
    settings: StoredValue<SideSettings>,
    form: SideForm,
) -> impl IntoView {
    let key = spec.key;
    let input_id = format!("{}-{key}", form.side());
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
            .or_else(|| form.save_field_error(key))
    });
    let saved_hint = settings.with_value(|s| match s.field(key).map(|f| &f.value) {
        Some(SavedValue::Secret { set: true, hint }) => {
            Some(hint.clone().unwrap_or_else(|| "set".into()))
        }
        _ => None,
    });
    // A set secret is write-only: "Replace" opens the field for a new value;
    // left blank, the saved one is used.
    let replacing = RwSignal::new(false);
    let has_saved = saved_hint.is_some();
    let placeholder = move || {
        if replacing.get() {
            "Type the new value"
        } else if has_saved {
            "Leave blank to use the saved value"
        } else {
            spec.placeholder
        }
    };
    let input_ref = NodeRef::<leptos::html::Input>::new();
    let on_replace = move |_| {
        replacing.set(true);
        if let Some(input) = input_ref.get() {
            let _ = input.focus();
        }
    };
    let described_by = format!("{help_id} {error_id}");
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label class="field__label" for=input_id.clone()>{spec.label}</label>
            <input
                node_ref=input_ref
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
            {saved_hint.map(|hint| view! {
                <p class="field__saved">
                    {format!("Saved: {hint}")}
                    " "
                    <button type="button" class="button button--link" on:click=on_replace
                        aria-label=format!("Replace the saved {}", spec.label.to_lowercase())>
                        "Replace"
                    </button>
                </p>
            })}
            <p class="field__help" id=help_id>{spec.help}</p>
            <p class="field__error" id=error_id>{move || error.get()}</p>
        </div>
    }
}
