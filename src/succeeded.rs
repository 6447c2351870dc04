//! What reloads after a change: a [`Load`](crate::task::Load) reads
//! [`succeeded`] of the task that changes its data, and fetches again when
//! that task next succeeds.

use crate::task::Task;
use leptos::prelude::*;

/// The version of `action`'s last successful call (0 before one). A failed
/// run leaves it as it was, so only a change that happened reloads.
pub fn succeeded<I, T, E>(action: Task<I, Result<T, E>>) -> Memo<usize>
where
    I: Send + Sync + 'static,
    T: Send + Sync + 'static,
    E: Send + Sync + 'static,
{
    let (version, value) = (action.version(), action.value());
    // The value is written after the version: tracking the value alone sees
    // both.
    Memo::new(move |previous: Option<&usize>| {
        if value.with(|v| matches!(v, Some(Ok(_)))) {
            version.get_untracked()
        } else {
            previous.copied().unwrap_or_default()
        }
    })
}

/// Text typed into a form that empties once an action succeeds after it
/// was typed (an invitation sent, a comment posted): the text is kept with
/// the [`succeeded`] version it was typed at.
#[derive(Clone, Copy)]
pub struct Draft {
    typed: RwSignal<(usize, String)>,
    cleared_by: Option<Memo<usize>>,
}

impl Draft {
    /// `cleared_by`: the [`succeeded`] version that empties it; `None` keeps
    /// the text.
    pub fn new(initial: String, cleared_by: Option<Memo<usize>>) -> Draft {
        let at = cleared_by.map(|m| m.get_untracked()).unwrap_or_default();
        Draft {
            typed: RwSignal::new((at, initial)),
            cleared_by,
        }
    }

    pub fn get(&self) -> String {
        let cleared = self.cleared_by.map(|m| m.get()).unwrap_or_default();
        self.typed.with(|(at, text)| {
            if cleared > *at {
                String::new()
            } else {
                text.clone()
            }
        })
    }

    pub fn get_untracked(&self) -> String {
        untrack(|| self.get())
    }

    pub fn set(&self, text: String) {
        let at = self
            .cleared_by
            .map(|m| m.get_untracked())
            .unwrap_or_default();
        self.typed.set((at, text));
    }
}
