//! What reloads after a change: a resource reads [`succeeded`] of the action
//! that changes its data, and fetches again when that action next succeeds.

use leptos::prelude::*;

/// The version of `action`'s last successful run (0 before one). A failed
/// run leaves it as it was, so only a change that happened reloads.
pub fn succeeded<I, T, E>(action: Action<I, Result<T, E>>) -> Memo<usize>
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
