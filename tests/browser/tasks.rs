//! `task.rs`: a task's running state and answers, and a load's refetching,
//! with answers the test hands out one by one.

use crate::support::settle;
use dropstream_desk::task::{Load, Task};
use js_sys::{Function, Promise};
use leptos::prelude::*;
use std::cell::RefCell;
use std::rc::Rc;
use wasm_bindgen::JsValue;
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::wasm_bindgen_test;

/// Futures that end when the test answers them, in the order they began.
#[derive(Clone, Default)]
struct Answers {
    waiting: Rc<RefCell<Vec<Function>>>,
    begun: Rc<RefCell<usize>>,
    /// Futures dropped before they answered, by the order they began.
    dropped: Rc<RefCell<Vec<usize>>>,
}

/// Records its future as dropped unless it answered.
struct Unanswered(usize, Rc<RefCell<Vec<usize>>>);

impl Drop for Unanswered {
    fn drop(&mut self) {
        self.1.borrow_mut().push(self.0);
    }
}

impl Answers {
    fn next(&self, tag: &str) -> impl std::future::Future<Output = String> + 'static {
        let n = *self.begun.borrow();
        *self.begun.borrow_mut() = n + 1;
        let waiting = self.waiting.clone();
        let promise = Promise::new(&mut |resolve, _| waiting.borrow_mut().push(resolve));
        let tag = tag.to_string();
        let guard = Unanswered(n, self.dropped.clone());
        async move {
            let value = JsFuture::from(promise).await.unwrap();
            std::mem::forget(guard);
            format!("{tag}:{}", value.as_string().unwrap())
        }
    }

    fn dropped(&self) -> Vec<usize> {
        self.dropped.borrow().clone()
    }

    /// Answers the `n`th future begun (from 0) and lets the app react.
    async fn answer(&self, n: usize, value: &str) {
        let resolve = self.waiting.borrow()[n].clone();
        resolve.call1(&JsValue::NULL, &value.into()).unwrap();
        settle().await;
    }

    fn begun(&self) -> usize {
        *self.begun.borrow()
    }
}

#[wasm_bindgen_test]
async fn a_task_runs_answers_and_counts() {
    let (_mounted, _owner) = mounted_owner().await;
    let answers = Answers::default();
    let task = Task::new({
        let answers = answers.clone();
        move |input: &u32| answers.next(&input.to_string())
    });
    assert!(!task.pending_untracked());
    task.dispatch(1);
    settle().await;
    assert!(task.pending_untracked());
    assert_eq!(task.value().get_untracked(), None);

    answers.answer(0, "a").await;
    assert!(!task.pending_untracked());
    assert_eq!(task.value().get_untracked().as_deref(), Some("1:a"));
    assert_eq!(task.version().get_untracked(), 1);

    // An aborted call is dropped, writes nothing and stops counting as
    // running.
    let handle = task.dispatch(2);
    settle().await;
    assert!(task.pending_untracked());
    handle.abort();
    settle().await;
    assert_eq!(answers.dropped(), [1]);
    answers.answer(1, "late").await;
    assert!(!task.pending_untracked());
    assert_eq!(task.value().get_untracked().as_deref(), Some("1:a"));
    assert_eq!(task.version().get_untracked(), 1);
}

#[wasm_bindgen_test]
async fn a_load_keeps_its_answer_while_it_loads_again_and_follows_its_inputs() {
    let (_mounted, owner) = mounted_owner().await;
    let answers = Answers::default();
    let which = RwSignal::new("first");
    let load = Load::new({
        let answers = answers.clone();
        move || answers.next(which.get())
    });
    settle().await;
    assert_eq!(answers.begun(), 1);
    assert_eq!(shown(load), None);
    answers.answer(0, "x").await;
    assert_eq!(shown(load).as_deref(), Some("first:x"));

    // Fetching again keeps the last answer on show until the new one.
    load.refetch();
    settle().await;
    assert_eq!(answers.begun(), 2);
    assert_eq!(shown(load).as_deref(), Some("first:x"));
    answers.answer(1, "y").await;
    assert_eq!(shown(load).as_deref(), Some("first:y"));

    // A signal the fetcher read changes: it fetches again, and a newer
    // fetch drops an older one still running, whose answer never shows.
    which.set("second");
    settle().await;
    which.set("third");
    settle().await;
    assert_eq!(answers.begun(), 4);
    assert_eq!(answers.dropped(), [2]);
    answers.answer(3, "new").await;
    answers.answer(2, "old").await;
    assert_eq!(shown(load).as_deref(), Some("third:new"));

    // Once its owner is gone, a running fetch is dropped.
    load.refetch();
    settle().await;
    assert_eq!(answers.begun(), 5);
    drop(owner);
    settle().await;
    assert_eq!(answers.dropped(), [2, 4]);
}

/// A fresh owner to create tasks and loads under; mounting starts the
/// reactive system's executor.
async fn mounted_owner() -> (crate::support::Mounted, Owner) {
    let mounted = crate::support::mount(|| ()).await;
    let owner = Owner::new();
    owner.set();
    (mounted, owner)
}

fn shown(load: Load<String>) -> Option<String> {
    untrack(|| load.get())
}

#[wasm_bindgen_test]
async fn a_load_that_reads_a_tasks_success_fetches_again_after_it() {
    let (_mounted, _owner) = mounted_owner().await;
    let answers = Answers::default();
    let task = Task::new({
        let answers = answers.clone();
        move |_: &()| {
            let answer = answers.next("task");
            async move { Ok::<String, String>(answer.await) }
        }
    });
    let done = dropstream_desk::succeeded::succeeded(task);
    let load = Load::new({
        let answers = answers.clone();
        move || {
            done.get();
            answers.next("load")
        }
    });
    settle().await;
    assert_eq!(answers.begun(), 1);
    answers.answer(0, "a").await;
    task.dispatch(());
    settle().await;
    answers.answer(1, "ok").await;
    assert_eq!(answers.begun(), 3, "the load fetched again");
    answers.answer(2, "b").await;
    assert_eq!(shown(load).as_deref(), Some("load:b"));
}
