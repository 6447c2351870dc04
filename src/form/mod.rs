//! Per-side form state: typed values, the picked platform, Test Connection
//! (`test`) and Save (`save`). It lives with the settings page, not the tab,
//! so switching between Store and Warehouse keeps each side's edits and
//! result.

mod save;
mod test;

pub use save::SaveState;
pub use test::{BadgeState, Outcome};

use dropstream_api::{
    validate_fields, FieldError, Platform, SaveCredentials, Saved, Side, SideSettings, TestRequest,
};
use leptos::prelude::*;
use save::SideSave;
use std::collections::BTreeMap;
use test::SideTest;

/// The Store or Warehouse form of one connection.
#[derive(Clone, Copy)]
pub struct SideForm {
    side: Side,
    /// Values the user typed, by field key. Untouched fields are absent and
    /// fall back to the saved value (never a secret: those start blank).
    edits: RwSignal<BTreeMap<String, String>>,
    /// Set once the user tried to submit, so untouched fields show errors.
    attempted: RwSignal<bool>,
    /// The platform picked in the form, when it differs from the saved one.
    platform: RwSignal<Option<Platform>>,
    test: SideTest,
    save: SideSave,
}

impl SideForm {
    pub fn new(side: Side) -> SideForm {
        let edits = RwSignal::new(BTreeMap::new());
        let platform = RwSignal::new(None);
        SideForm {
            side,
            edits,
            attempted: RwSignal::new(false),
            platform,
            test: SideTest::new(),
            save: SideSave::new(edits, platform),
        }
    }

    pub fn side(&self) -> Side {
        self.side
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
        self.test.mark_stale();
    }

    pub fn touched(&self, key: &str) -> bool {
        self.attempted.get() || self.edits.with(|e| e.contains_key(key))
    }

    /// The values a test sends: every field of the platform, blank secrets
    /// meaning "use the saved one".
    pub fn request(&self, settings: &SideSettings) -> TestRequest {
        let platform = settings.platform;
        // Inserted one by one: collecting would sort the pairs first, and
        // the sort was 2.6 KB brotli of the settings chunk.
        let mut fields = BTreeMap::new();
        for spec in platform.fields() {
            fields.insert(spec.key.to_string(), self.value(settings, spec.key));
        }
        TestRequest { platform, fields }
    }

    /// Inline validation, with the same rules the server applies.
    pub fn errors(&self, settings: &SideSettings) -> Vec<FieldError> {
        let request = self.request(settings);
        validate_fields(request.platform, &request.fields, settings)
            .err()
            .unwrap_or_default()
    }

    /// The side as the form shows it: the saved settings (or the newer copy
    /// a save answered), or a blank side when another platform is picked —
    /// saved values of one platform are never shown as another's.
    pub fn effective(&self, saved: &SideSettings) -> SideSettings {
        let current = self.save.newer_than(saved).unwrap_or_else(|| saved.clone());
        match self.platform.get() {
            Some(p) if p != current.platform => SideSettings::blank(p, current.version),
            _ => current,
        }
    }

    /// Picks the side's platform; the fields typed for another platform go.
    pub fn choose_platform(&self, platform: Platform, saved: &SideSettings) {
        if self.effective(saved).platform == platform {
            return;
        }
        self.edits.set(BTreeMap::new());
        self.platform.set(Some(platform));
        self.test.mark_stale();
    }

    /// Typed values or another platform not saved yet.
    pub fn is_dirty(&self) -> bool {
        self.platform.with(Option::is_some) || self.edits.with(|e| !e.is_empty())
    }

    /// Whether leaving would lose something: another platform picked, a
    /// secret typed, or a plain field that differs from its saved value
    /// (typing a value and then restoring it loses nothing).
    pub fn has_unsaved(&self, saved: &SideSettings) -> bool {
        if self.platform.with(Option::is_some) {
            return true;
        }
        let settings = self.effective(saved);
        self.edits.with(|edits| {
            edits.iter().any(|(key, value)| {
                match settings.platform.field(key).map(|spec| spec.secret) {
                    Some(true) => !value.trim().is_empty(),
                    _ => settings.plain(key).unwrap_or_default() != *value,
                }
            })
        })
    }

    pub fn is_testing(&self) -> bool {
        self.test.is_running()
    }

    /// Starts a test unless one of this side is already running or a field
    /// is invalid. Returns whether a request was sent.
    pub fn run(&self, connection_id: i64, settings: &SideSettings) -> bool {
        self.attempted.set(true);
        if self.test.is_running_untracked() || !self.errors(settings).is_empty() {
            return false;
        }
        self.test
            .start((connection_id, self.side, self.request(settings)));
        true
    }

    /// Drops a running test; its HTTP request is aborted.
    pub fn cancel(&self) {
        self.test.cancel();
    }

    pub fn badge(&self) -> BadgeState {
        self.test.badge()
    }

    /// The server's message for a field (category `invalid_input`), until
    /// the user edits again.
    pub fn server_field_error(&self, key: &str) -> Option<String> {
        self.test.field_error(key)
    }

    /// How many tests of this side have finished: history reloads on it.
    pub fn tests_finished(&self) -> usize {
        self.test.finished()
    }

    /// Saves the form unless a field is invalid or a save is running.
    /// Returns whether a request was sent.
    pub fn save(&self, connection_id: i64, saved: &SideSettings) -> bool {
        self.attempted.set(true);
        let settings = self.effective(saved);
        if self.save.is_running_untracked() || !self.errors(&settings).is_empty() {
            return false;
        }
        let request = self.request(&settings);
        let save = SaveCredentials {
            platform: request.platform,
            version: settings.version,
            fields: request.fields,
        };
        self.save.start((connection_id, self.side, save));
        true
    }

    pub fn save_state(&self) -> SaveState {
        self.save.state(|| self.is_dirty())
    }

    /// The server's message for a field of a refused save.
    pub fn save_field_error(&self, key: &str) -> Option<String> {
        self.save.field_error(key)
    }

    /// The version of this side's last successful save: the connection
    /// reloads on it.
    pub fn saves_succeeded(&self) -> usize {
        self.save.succeeded()
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

    /// Changes with every successful save of either side: a save changes
    /// the tabs' platforms and versions, a refused one must not reload (the
    /// form keeps the version it was opened with).
    pub fn saves_succeeded(&self) -> (usize, usize) {
        (
            self.store.saves_succeeded(),
            self.warehouse.saves_succeeded(),
        )
    }
}

impl Default for ConnectionForms {
    fn default() -> Self {
        ConnectionForms::new()
    }
}
