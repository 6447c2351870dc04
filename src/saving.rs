//! Saving one side's credentials from its form: the platform picked above
//! the fields, the version the form was loaded with (a stale save comes
//! back as 409 and the edits stay), and whether the form has unsaved edits.

use crate::api::{self, ApiFailure};
use crate::state::SideForm;
use dropstream_api::{Platform, SaveCredentials, Saved, Side, SideSettings};
use leptos::prelude::*;
use std::collections::BTreeMap;

pub type SaveInput = (i64, Side, SaveCredentials);

/// The save action of one side. On success the form's edits are cleared
/// (they are saved) and the answer becomes the side's current settings.
pub(crate) fn save_action(
    edits: RwSignal<BTreeMap<String, String>>,
    platform: RwSignal<Option<Platform>>,
    latest: RwSignal<Option<SideSettings>>,
) -> Action<SaveInput, Result<SideSettings, ApiFailure>> {
    Action::new_local(move |(id, side, save): &SaveInput| {
        let (id, side, save) = (*id, *side, save.clone());
        async move {
            let result = api::save_credentials(id, side, &save).await;
            if let Ok(saved) = &result {
                edits.set(BTreeMap::new());
                platform.set(None);
                latest.set(Some(saved.clone()));
            }
            result
        }
    })
}

/// What the save region under the buttons shows.
#[derive(Clone, Debug, PartialEq)]
pub enum SaveState {
    Idle,
    Saving,
    Saved,
    /// Refused: someone else saved first (409), or the server's message.
    Failed {
        conflict: bool,
        message: String,
    },
}

impl SideForm {
    /// The side as the form shows it: the saved settings (or the newer copy
    /// a save answered), or a blank side when another platform is picked —
    /// saved values of one platform are never shown as another's.
    pub fn effective(&self, saved: &SideSettings) -> SideSettings {
        let current = self
            .latest
            .get()
            .filter(|l| l.version > saved.version)
            .unwrap_or_else(|| saved.clone());
        match self.platform.get() {
            Some(p) if p != current.platform => SideSettings::blank(p, current.version),
            _ => current,
        }
    }

    /// Picks the side's platform; the fields typed for another platform go.
    pub fn choose_platform(&self, platform: Platform, saved: &SideSettings) {
        let current = self.effective(saved).platform;
        if current == platform {
            return;
        }
        self.edits.set(BTreeMap::new());
        self.platform.set(Some(platform));
        if self.action.value().with_untracked(Option::is_some) {
            self.stale.set(true);
        }
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

    /// Saves the form unless a field is invalid or a save is running.
    /// Returns whether a request was sent.
    pub fn save(&self, connection_id: i64, saved: &SideSettings) -> bool {
        self.attempted.set(true);
        let settings = self.effective(saved);
        if self.save_action.pending().get_untracked() || !self.errors(&settings).is_empty() {
            return false;
        }
        let request = self.request(&settings);
        let save = SaveCredentials {
            platform: request.platform,
            version: settings.version,
            fields: request.fields,
        };
        self.save_action
            .dispatch_local((connection_id, self.side, save));
        true
    }

    pub fn save_state(&self) -> SaveState {
        if self.save_action.pending().get() {
            return SaveState::Saving;
        }
        match self.save_action.value().get() {
            None => SaveState::Idle,
            // Typing again after a save: the note no longer applies.
            Some(Ok(_)) if self.is_dirty() => SaveState::Idle,
            Some(Ok(_)) => SaveState::Saved,
            Some(Err(e)) => SaveState::Failed {
                conflict: e.is_conflict(),
                message: e.to_string(),
            },
        }
    }

    /// The server's message for a field of a refused save.
    pub fn save_field_error(&self, key: &str) -> Option<String> {
        self.save_action.value().with(|v| match v {
            Some(Err(e)) => e
                .field_errors()
                .iter()
                .find(|f| f.field == key)
                .map(|f| f.message.clone()),
            _ => None,
        })
    }

    /// How many tests of this side have finished: history reloads on it.
    pub fn tests_finished(&self) -> usize {
        self.action.version().get()
    }
}
