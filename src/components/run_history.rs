use super::channel_card::{counts_line, RunLog, RunOutcomeBadge};
use crate::api;
use crate::task::Load;
use crate::time::describe;
use dropstream_api::{Channel, RunOutcome, RunSummary, RUNS_PAGE};
use leptos::prelude::*;

/// A channel's runs, newest first, filtered by outcome and read a page at
/// a time. Nothing is asked for until the list is opened, so the Channels
/// tab loads with no request for it; the newest page is read again when
/// `latest` (the newest run's id and outcome) changes.
#[component]
pub fn RunHistory(
    connection_id: i64,
    channel: Channel,
    latest: Signal<Option<(i64, RunOutcome)>>,
) -> impl IntoView {
    let opened = RwSignal::new(false);
    let outcome = RwSignal::new(None::<RunOutcome>);
    // Where each page shown starts: the first at the newest run, each
    // later one before the last run of the page above it.
    let pages = RwSignal::new(vec![None::<i64>]);
    let filter_id = format!("runs-outcome-{}", channel.as_str());
    view! {
        <details class="runs" on:toggle=move |_| opened.set(true)>
            <summary>"Run history"</summary>
            <p class="runs__filter">
                <label for=filter_id.clone()>"Outcome "</label>
                <select id=filter_id on:change=move |ev| {
                    outcome.set(RunOutcome::parse(&event_target_value(&ev)));
                    pages.set(vec![None]);
                }>
                    <option value="">"All outcomes"</option>
                    {RunOutcome::ALL
                        .into_iter()
                        .map(|o| view! { <option value=o.as_str()>{o.label()}</option> })
                        .collect_view()}
                </select>
            </p>
            {move || opened.get().then(|| {
                let outcome = outcome.get();
                view! {
                    <ol class="runs__list" aria-live="polite">
                        <For each=move || pages.get() key=|before| *before let:before>
                            <RunsPage connection_id channel outcome before pages latest />
                        </For>
                    </ol>
                }
            })}
        </details>
    }
}

/// One page of runs, and "Older runs" under the last page when it was full.
#[component]
fn RunsPage(
    connection_id: i64,
    channel: Channel,
    outcome: Option<RunOutcome>,
    before: Option<i64>,
    pages: RwSignal<Vec<Option<i64>>>,
    latest: Signal<Option<(i64, RunOutcome)>>,
) -> impl IntoView {
    let runs = Load::new(move || {
        if before.is_none() {
            latest.get();
        }
        api::channel_runs(connection_id, channel, outcome, before)
    });
    let is_last = move || pages.read().last() == Some(&before);
    move || {
        let runs = match runs.get() {
            None => return view! { <li class="loading">"Loading runs…"</li> }.into_any(),
            Some(Ok(runs)) => runs,
            Some(Err(e)) => {
                return view! { <li class="form-error" role="alert">{e.to_string()}</li> }
                    .into_any()
            }
        };
        if runs.is_empty() && before.is_none() {
            let none = match outcome {
                Some(o) => format!("No runs with the outcome “{}”.", o.label()),
                None => "No runs yet.".to_string(),
            };
            return view! { <li class="runs__none">{none}</li> }.into_any();
        }
        let older = (runs.len() == RUNS_PAGE as usize)
            .then(|| runs.last().map(|r| r.id))
            .flatten();
        let rows = runs
            .into_iter()
            .map(|run| view! { <RunRow connection_id run /> })
            .collect_view();
        view! {
            {rows}
            {move || older.filter(|_| is_last()).map(|last| view! {
                <li class="runs__more">
                    <button type="button" class="button"
                        on:click=move |_| pages.update(|p| p.push(Some(last)))>
                        "Older runs"
                    </button>
                </li>
            })}
        }
        .into_any()
    }
}

/// A run in the list: when, by whom, how it ended, its counts, and its log
/// (read when opened) if records could not move.
#[component]
fn RunRow(connection_id: i64, run: RunSummary) -> impl IntoView {
    let (ago, exact) = describe(&run.started_at);
    let by = run.started_by.unwrap_or_else(|| "the schedule".to_string());
    let failed = run.counts.failed > 0;
    view! {
        <li class="runs__run" data-run=run.id>
            <RunOutcomeBadge outcome=run.outcome />
            " "
            <span class="run__when" title=exact>{format!("{ago} by {by}")}</span>
            <p class="run__counts">{counts_line(&run.counts)}</p>
            {run.diagnosis.map(|d| view! { <p class="run__message">{d.message}</p> })}
            {failed.then(|| view! { <RunLog connection_id run_id=run.id when_opened=true /> })}
        </li>
    }
}
