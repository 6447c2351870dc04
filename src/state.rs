//! Per-side form and test state. It lives with the settings page, not the
//! tab, so switching between Store and Warehouse keeps each side's edits and
//! result.

use crate::api::{self, ApiFailure};
use crate::saving::SaveInput;
use dropstream_api::{
    validate_fields, FieldError, Platform, Saved, Side, SideSettings, TestRequest, TestResult,
};
use leptos::prelude::*;
use leptos::reactive::actions::ActionAbortHandle;
use std::collections::BTreeMap;

type TestInput = (i64, Side, TestRequest);

/// What the result region shows, derived from the test action.
#[derive(Clone, Debug, PartialEq)]
pub enum BadgeState {
    Idle,
    Testing,
    /// A finished run; `stale` once a field changed after it.
    Done {
        outcome: Outcome,
        stale: bool,
    },
}

#[derive(Clone, Debug, PartialEq)]
pub enum Outcome {
    /// The platform answered; `ok` or not.
    Tested(TestResult),
    /// Our own server refused or could not be reached.
    NotRun(ApiFailure),
}

/// The Store or Warehouse form of one connection.
#[derive(Clone, Copy)]
pub struct SideForm {
    pub side: Side,
    /// Values the user typed, by field key. Untouched fields are absent and
    /// fall back to the saved value (never a secret: those start blank).
    pub(crate) edits: RwSignal<BTreeMap<String, String>>,
    /// Set once the user tried to submit, so untouched fields show errors.
    pub(crate) attempted: RwSignal<bool>,
    pub(crate) stale: RwSignal<bool>,
    pub(crate) action: Action<TestInput, Result<TestResult, ApiFailure>>,
    /// The platform picked in the form, when it differs from the saved one.
    pub(crate) platform: RwSignal<Option<Platform>>,
    /// Saves this side (see `saving.rs`).
    pub(crate) save_action: Action<SaveInput, Result<SideSettings, ApiFailure>>,
    /// What the last successful save answered: newer than the page's copy
    /// until the connection is loaded again.
    pub(crate) latest: RwSignal<Option<SideSettings>>,
    pending: Memo<bool>,
    badge: Memo<BadgeState>,
    running: StoredValue<Option<ActionAbortHandle>>,
}

impl SideForm {
    pub fn new(side: Side) -> SideForm {
        let action = Action::new_local(|(id, side, request): &TestInput| {
            let (id, side, request) = (*id, *side, request.clone());
            async move { api::test_connection(id, side, &request).await }
        });
        let pending = action.pending();
        let stale = RwSignal::new(false);
        let value = action.value();
        let badge = Memo::new(move |_| {
            if pending.get() {
                return BadgeState::Testing;
            }
            match value.get() {
                None => BadgeState::Idle,
                Some(result) => BadgeState::Done {
                    outcome: match result {
                        Ok(r) => Outcome::Tested(r),
                        Err(e) => Outcome::NotRun(e),
                    },
                    stale: stale.get(),
                },
            }
        });
        let edits = RwSignal::new(BTreeMap::new());
        let platform = RwSignal::new(None);
        let latest = RwSignal::new(None);
        SideForm {
            side,
            edits,
            attempted: RwSignal::new(false),
            stale,
            action,
            platform,
            save_action: crate::saving::save_action(edits, platform, latest),
            latest,
            pending,
            badge,
            running: StoredValue::new(None),
        }
    }

    /// The value shown in a field: what was typed, else the saved plain value.
    pub fn value(&self, settings: &SideSettings, key: &str) -> String {
        self.edits
            .with(|e| e.get(key).cloned())
            .or_else(|| settings.plain(key))
            .unwrap_or_default()
    }

    pub fn edit(&self, key: &str, value: String) {
        self.edits.update(|e| {
            e.insert(key.to_string(), value);
        });
        let has_result = self.action.value().with_untracked(Option::is_some);
        if has_result && !self.stale.get_untracked() {
            self.stale.set(true);
        }
    }

    pub fn touched(&self, key: &str) -> bool {
        self.attempted.get() || self.edits.with(|e| e.contains_key(key))
    }

    /// The values a test sends: every field of the platform, blank secrets
    /// meaning "use the saved one".
    pub fn request(&self, settings: &SideSettings) -> TestRequest {
        let platform = settings.platform;
        let fields = platform
            .fields()
            .iter()
            .map(|spec| (spec.key.to_string(), self.value(settings, spec.key)))
            .collect();
        TestRequest { platform, fields }
    }

    /// Inline validation, with the same rules the server applies.
    pub fn errors(&self, settings: &SideSettings) -> Vec<FieldError> {
        let request = self.request(settings);
        validate_fields(request.platform, &request.fields, settings)
            .err()
            .unwrap_or_default()
    }

    pub fn is_testing(&self) -> bool {
        self.pending.get()
    }

    /// Starts a test unless one of this side is already running or a field
    /// is invalid. Returns whether a request was sent.
    pub fn run(&self, connection_id: i64, settings: &SideSettings) -> bool {
        self.attempted.set(true);
        if self.pending.get_untracked() || !self.errors(settings).is_empty() {
            return false;
        }
        self.stale.set(false);
        let handle = self
            .action
            .dispatch_local((connection_id, self.side, self.request(settings)));
        self.running.set_value(Some(handle));
        true
    }

    /// Drops a running test; its HTTP request is aborted.
    pub fn cancel(&self) {
        if let Some(Some(handle)) = self.running.try_update_value(Option::take) {
            handle.abort();
        }
    }

    pub fn badge(&self) -> BadgeState {
        self.badge.get()
    }

    /// The server's message for a field (category `invalid_input`), until
    /// the user edits again.
    pub fn server_field_error(&self, key: &str) -> Option<String> {
        if self.stale.get() {
            return None;
        }
        self.action.value().with(|v| match v {
            Some(Ok(r)) => r
                .field_errors
                .iter()
                .find(|e| e.field == key)
                .map(|e| e.message.clone()),
            _ => None,
        })
    }
}

/// Both sides' forms of one connection. Created by the settings page; when
/// that page goes away, running tests are cancelled.
#[derive(Clone, Copy)]
pub struct ConnectionForms {
    pub store: SideForm,
    pub warehouse: SideForm,
}

impl ConnectionForms {
    pub fn new() -> ConnectionForms {
        let forms = ConnectionForms {
            store: SideForm::new(Side::Store),
            warehouse: SideForm::new(Side::Warehouse),
        };
        on_cleanup(move || {
            forms.store.cancel();
            forms.warehouse.cancel();
        });
        forms
    }

    pub fn side(&self, side: Side) -> SideForm {
        match side {
            Side::Store => self.store,
            Side::Warehouse => self.warehouse,
        }
    }
}

impl Default for ConnectionForms {
    fn default() -> Self {
        ConnectionForms::new()
    }
}
