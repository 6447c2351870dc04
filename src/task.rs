//! The desk's two kinds of async work, as small reactive values:
//!
//! - [`Task`]: a call a person starts (Test Connection, Save, Sign out):
//!   whether one runs, and what the last one answered;
//! - [`Load`]: a screen's data, fetched again when a signal its fetcher
//!   reads changes, or on [`Load::refetch`].
//!
//! They do what the app used of Leptos' `Action` and `LocalResource`, which
//! are built on `AsyncDerived`: its futures wrapper, transitions and
//! ready-notification (an event-listener and an async lock) were compiled
//! into the main module, and again for every type a screen loaded. These
//! keep the typed part to a signal holding the value.
//!
//! Dropping a future aborts its HTTP request (`api.rs` ties an abort signal
//! to the future). A load drops its future when a newer fetch starts or its
//! owner is gone (the person left the page). A task's call runs on unless
//! aborted with the handle [`Task::dispatch`] returns (the settings page
//! cancels its running tests so); once the owner is gone, its answer is
//! not written anywhere.

use futures_util::future::{AbortHandle, Abortable};
use leptos::prelude::*;
use std::future::Future;
use std::pin::Pin;

type Run<I, O> = Box<dyn Fn(&I) -> Pin<Box<dyn Future<Output = O>>>>;

/// A call a person starts; see the module docs.
pub struct Task<I: 'static, O: 'static> {
    run: StoredValue<Run<I, O>, LocalStorage>,
    value: RwSignal<Option<O>>,
    counts: Counts,
}

/// How many calls run, and how many have answered: the same for every
/// task, whatever its types.
#[derive(Clone, Copy)]
struct Counts {
    running: RwSignal<usize>,
    answered: RwSignal<usize>,
}

impl<I, O> Clone for Task<I, O> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<I, O> Copy for Task<I, O> {}

impl<I: 'static, O: Send + Sync + 'static> Task<I, O> {
    pub fn new<F, Fut>(run: F) -> Self
    where
        F: Fn(&I) -> Fut + 'static,
        Fut: Future<Output = O> + 'static,
    {
        let run: Run<I, O> = Box::new(move |input| Box::pin(run(input)));
        Task {
            run: StoredValue::new_local(run),
            value: RwSignal::new(None),
            counts: Counts {
                running: RwSignal::new(0),
                answered: RwSignal::new(0),
            },
        }
    }

    /// Starts a call; the handle drops it (and its request) if aborted.
    pub fn dispatch(&self, input: I) -> AbortHandle {
        let (handle, registration) = AbortHandle::new_pair();
        let Some(future) = self.run.try_with_value(|run| run(&input)) else {
            return handle;
        };
        let (value, counts) = (self.value, self.counts);
        counts.running.update(|n| *n += 1);
        leptos::task::spawn_local(async move {
            let answer = Abortable::new(future, registration).await.ok();
            counts.finished(answer.is_some());
            if let Some(answer) = answer {
                value.try_set(Some(answer));
            }
        });
        handle
    }

    /// Whether a call runs (tracked).
    pub fn pending(&self) -> bool {
        self.counts.running.get() > 0
    }

    pub fn pending_untracked(&self) -> bool {
        self.counts.running.get_untracked() > 0
    }

    /// What the last call that answered returned.
    pub fn value(&self) -> RwSignal<Option<O>> {
        self.value
    }

    /// How many calls have answered. It is counted before the value is
    /// written: a reader that tracks the value sees both.
    pub fn version(&self) -> RwSignal<usize> {
        self.counts.answered
    }
}

impl Counts {
    fn finished(self, answered: bool) {
        self.running.try_update(|n| *n = n.saturating_sub(1));
        if answered {
            self.answered.try_update(|n| *n += 1);
        }
    }
}

/// A screen's data; see the module docs. `None` until the first answer;
/// while it loads again the last answer stays.
pub struct Load<T: 'static> {
    value: RwSignal<Option<T>>,
    reload: RwSignal<usize>,
}

impl<T> Clone for Load<T> {
    fn clone(&self) -> Self {
        *self
    }
}

impl<T> Copy for Load<T> {}

impl<T: Send + Sync + 'static> Load<T> {
    /// `fetch` is called at once and again whenever a signal it reads
    /// before returning its future changes; a newer fetch drops an older
    /// one still running. It must read a memo (`get`), not only `track`
    /// it: a memo nobody has read is not computed, has no sources, and so
    /// never changes.
    pub fn new<F, Fut>(fetch: F) -> Self
    where
        F: Fn() -> Fut + 'static,
        Fut: Future<Output = T> + 'static,
    {
        let value = RwSignal::new(None);
        let reload = RwSignal::new(0);
        let running = StoredValue::new(None::<AbortHandle>);
        Effect::new(move || {
            reload.track();
            let (handle, registration) = AbortHandle::new_pair();
            let future = Abortable::new(fetch(), registration);
            if let Some(Some(older)) = running.try_update_value(|r| r.replace(handle)) {
                older.abort();
            }
            leptos::task::spawn_local(async move {
                if let Ok(answer) = future.await {
                    value.try_set(Some(answer));
                }
            });
        });
        on_cleanup(move || {
            if let Some(Some(handle)) = running.try_update_value(Option::take) {
                handle.abort();
            }
        });
        Load { value, reload }
    }

    /// Fetches again, keeping the current value until the answer.
    pub fn refetch(&self) {
        self.reload.update(|n| *n += 1);
    }
}

impl<T: Clone + Send + Sync + 'static> Load<T> {
    /// The last answer (tracked).
    pub fn get(&self) -> Option<T> {
        self.value.get()
    }
}
