//! Test Connection for one side: the running request, its result, and
//! whether a field changed since.

use crate::api::{self, ApiFailure};
use crate::task::Task;
use dropstream_api::{Side, TestRequest, TestResult};
use futures_util::future::AbortHandle;
use leptos::prelude::*;

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

/// One side's test: its action, and whether the shown result is stale.
#[derive(Clone, Copy)]
pub(super) struct SideTest {
    action: Task<TestInput, Result<TestResult, ApiFailure>>,
    stale: RwSignal<bool>,
    badge: Memo<BadgeState>,
    running: StoredValue<Option<AbortHandle>>,
}

impl SideTest {
    pub(super) fn new() -> SideTest {
        let action = Task::new(|(id, side, request): &TestInput| {
            let (id, side, request) = (*id, *side, request.clone());
            async move { api::test_connection(id, side, &request).await }
        });
        let value = action.value();
        let stale = RwSignal::new(false);
        let badge = Memo::new(move |_| {
            if action.pending() {
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
        SideTest {
            action,
            stale,
            badge,
            running: StoredValue::new(None),
        }
    }

    /// A field changed: a shown result no longer describes the form.
    pub(super) fn mark_stale(&self) {
        let has_result = self.action.value().with_untracked(Option::is_some);
        if has_result && !self.stale.get_untracked() {
            self.stale.set(true);
        }
    }

    pub(super) fn is_running(&self) -> bool {
        self.action.pending()
    }

    pub(super) fn is_running_untracked(&self) -> bool {
        self.action.pending_untracked()
    }

    pub(super) fn start(&self, input: TestInput) {
        self.stale.set(false);
        let handle = self.action.dispatch(input);
        self.running.set_value(Some(handle));
    }

    /// Drops a running test; its HTTP request is aborted.
    pub(super) fn cancel(&self) {
        if let Some(Some(handle)) = self.running.try_update_value(Option::take) {
            handle.abort();
        }
    }

    pub(super) fn badge(&self) -> BadgeState {
        self.badge.get()
    }

    /// The server's message for a field (category `invalid_input`), until
    /// the user edits again.
    pub(super) fn field_error(&self, key: &str) -> Option<String> {
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

    /// How many tests have finished.
    pub(super) fn finished(&self) -> usize {
        self.action.version().get()
    }
}
