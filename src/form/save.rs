//! Saving one side's credentials: the version the form was loaded with goes
//! along (a stale save comes back as 409 and the edits stay).

use crate::api::{self, ApiFailure};
use crate::succeeded::succeeded;
use crate::task::Task;
use dropstream_api::{Platform, SaveCredentials, Side, SideSettings};
use leptos::prelude::*;
use std::collections::BTreeMap;

type SaveInput = (i64, Side, SaveCredentials);

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

/// One side's save: its action and what the last successful one answered.
#[derive(Clone, Copy)]
pub(super) struct SideSave {
    action: Task<SaveInput, Result<SideSettings, ApiFailure>>,
    /// What the last successful save answered: newer than the page's copy
    /// until the connection is loaded again.
    latest: RwSignal<Option<SideSettings>>,
    succeeded: Memo<usize>,
}

impl SideSave {
    /// On success the form's edits and picked platform are cleared: they
    /// are saved.
    pub(super) fn new(
        edits: RwSignal<BTreeMap<String, String>>,
        platform: RwSignal<Option<Platform>>,
    ) -> SideSave {
        let latest = RwSignal::new(None);
        let action = Task::new(move |(id, side, save): &SaveInput| {
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
        });
        SideSave {
            action,
            latest,
            succeeded: succeeded(action),
        }
    }

    /// What the last save answered, if newer than `saved`.
    pub(super) fn newer_than(&self, saved: &SideSettings) -> Option<SideSettings> {
        self.latest.get().filter(|l| l.version > saved.version)
    }

    pub(super) fn is_running_untracked(&self) -> bool {
        self.action.pending_untracked()
    }

    pub(super) fn start(&self, input: SaveInput) {
        self.action.dispatch(input);
    }

    /// `dirty`: typing again after a save, the note no longer applies.
    pub(super) fn state(&self, dirty: impl FnOnce() -> bool) -> SaveState {
        if self.action.pending() {
            return SaveState::Saving;
        }
        match self.action.value().get() {
            None => SaveState::Idle,
            Some(Ok(_)) if dirty() => SaveState::Idle,
            Some(Ok(_)) => SaveState::Saved,
            Some(Err(e)) => SaveState::Failed {
                conflict: e.is_conflict(),
                message: e.to_string(),
            },
        }
    }

    /// The server's message for a field of a refused save.
    pub(super) fn field_error(&self, key: &str) -> Option<String> {
        self.action.value().with(|v| match v {
            Some(Err(e)) => e
                .field_errors()
                .iter()
                .find(|f| f.field == key)
                .map(|f| f.message.clone()),
            _ => None,
        })
    }

    /// The version of the last successful save.
    pub(super) fn succeeded(&self) -> usize {
        self.succeeded.get()
    }
}
