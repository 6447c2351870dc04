use super::RunHistory;
use crate::api::{self, ApiFailure};
use crate::session::may_change_connections;
use crate::task::{Load, Task};
use crate::time::describe;
use dropstream_api::{
    ChannelState, ChannelUpdate, ConnectionDetail, Diagnosis, RunCounts, RunOutcome, RunProblem,
    RunSummary, Schedule,
};
use leptos::prelude::*;
use std::time::Duration;

/// How often a running run is read again.
const POLL: Duration = Duration::from_millis(700);

/// One channel of a connection: its direction, switch and schedule, Run
/// now, and its newest run with the diagnosis and log of one that did not
/// move everything.
#[component]
pub fn ChannelCard(connection: ConnectionDetail, state: ChannelState) -> impl IntoView {
    let id = connection.id;
    let channel = state.channel;
    let (from, to) = channel.direction();
    let may_change = may_change_connections();
    let change = Task::new(move |update: &ChannelUpdate| {
        let update = update.clone();
        async move { api::update_channel(id, channel, &update).await }
    });
    let run_now = Task::new(move |_: &()| api::run_channel(id, channel));
    // The channel as last saved here, else as the page loaded it.
    let current = Signal::derive(move || {
        change
            .value()
            .get()
            .and_then(Result::ok)
            .unwrap_or_else(|| state.clone())
    });
    // A run started here, followed until it ends.
    let started = move || run_now.value().get().and_then(Result::ok);
    let finished = Load::new(move || {
        let started = started();
        async move {
            match started {
                Some(run) => until_done(id, run).await,
                None => None,
            }
        }
    });
    // A memo: the run shown (and its log) is rendered again only when it
    // changes, not each time one of its sources settles on the same run.
    let latest = Memo::new(move |_| {
        finished
            .get()
            .flatten()
            .or_else(started)
            .or_else(|| current.get().latest)
    });
    let running = move || {
        latest
            .get()
            .is_some_and(|r| r.outcome == RunOutcome::Running)
    };
    let error = move || {
        let from_change = change.value().get().and_then(Result::err);
        let from_run = run_now.value().get().and_then(Result::err);
        from_run.or(from_change).map(|e: ApiFailure| e.to_string())
    };
    let heading = format!("channel-{}", channel.as_str());
    let labelled_by = heading.clone();
    let enabled = move || current.get().enabled;
    let schedule = move || current.get().schedule;
    view! {
        <section class="channel card" id=channel.as_str() aria-labelledby=labelled_by>
            <header class="channel__head">
                <h2 id=heading>{channel.title()}</h2>
                <p class="channel__direction">
                    {format!(
                        "{} ({}) → {} ({})",
                        from.label(),
                        connection.side(from).platform.display_name(),
                        to.label(),
                        connection.side(to).platform.display_name()
                    )}
                </p>
                <p class="channel__summary">{channel.summary()}</p>
            </header>
            <div class="channel__controls">
                <label class="channel__switch">
                    <input
                        type="checkbox"
                        prop:checked=enabled
                        disabled=move || !may_change.get() || change.pending()
                        on:change=move |ev| {
                            change.dispatch(ChannelUpdate {
                                enabled: Some(event_target_checked(&ev)),
                                schedule: None,
                            });
                        }
                    />
                    " Runs on schedule"
                </label>
                <label class="channel__schedule">
                    "Schedule "
                    <select
                        disabled=move || !may_change.get() || change.pending()
                        prop:value=move || schedule().as_str()
                        on:change=move |ev| {
                            if let Some(schedule) = Schedule::parse(&event_target_value(&ev)) {
                                change.dispatch(ChannelUpdate {
                                    enabled: None,
                                    schedule: Some(schedule),
                                });
                            }
                        }
                    >
                        {Schedule::ALL
                            .into_iter()
                            .map(|s| view! { <option value=s.as_str()>{s.label()}</option> })
                            .collect_view()}
                    </select>
                </label>
                <button
                    class="button button--primary"
                    disabled=move || !may_change.get() || run_now.pending() || running()
                    on:click=move |_| {
                        run_now.dispatch(());
                    }
                >
                    "Run now"
                </button>
            </div>
            {move || error().map(|message| view! { <p class="form-error" role="alert">{message}</p> })}
            <div aria-live="polite">
                {move || match latest.get() {
                    Some(run) => view! { <LatestRun connection=connection.clone() run /> }.into_any(),
                    None => view! { <p class="channel__never">"Not run yet."</p> }.into_any(),
                }}
            </div>
            <RunHistory connection_id=id channel latest=Signal::derive(move || latest.get().map(|r| (r.id, r.outcome))) />
        </section>
    }
}

/// Reads a running run again until it ends; `None` if it cannot be read.
async fn until_done(id: i64, mut run: RunSummary) -> Option<RunSummary> {
    while run.outcome == RunOutcome::Running {
        sleep(POLL).await;
        run = api::run(id, run.id).await.ok()?;
    }
    Some(run)
}

/// Waits `duration` on the browser's timer.
async fn sleep(duration: Duration) {
    let ms = i32::try_from(duration.as_millis()).unwrap_or(i32::MAX);
    let promise = js_sys::Promise::new(&mut |resolve, _| {
        let _ = window().set_timeout_with_callback_and_timeout_and_arguments_0(&resolve, ms);
    });
    let _ = wasm_bindgen_futures::JsFuture::from(promise).await;
}

/// A run: how it ended, its counts, and what to do about it.
#[component]
fn LatestRun(connection: ConnectionDetail, run: RunSummary) -> impl IntoView {
    let (ago, exact) = describe(&run.started_at);
    let by = run
        .started_by
        .clone()
        .map_or("the schedule".to_string(), |name| name);
    let counts = counts_line(&run.counts);
    let log = (run.counts.failed > 0)
        .then(|| view! { <RunLog connection_id=connection.id run_id=run.id /> });
    view! {
        <div class="run" data-run=run.id>
            <p>
                <RunOutcomeBadge outcome=run.outcome />
                " "
                <span class="run__when" title=exact>{format!("Started {ago} by {by}")}</span>
            </p>
            <p class="run__counts">{counts}</p>
            {run.diagnosis.map(|d| view! { <RunDiagnosis connection_id=connection.id diagnosis=d /> })}
            {log}
        </div>
    }
}

/// What a run that did not move everything says to do, and where.
#[component]
fn RunDiagnosis(connection_id: i64, diagnosis: Diagnosis) -> impl IntoView {
    let fix = diagnosis.side.map(|side| {
        view! {
            <a class="button" href=format!("/connections/{connection_id}/settings/{side}")>
                {format!("Open the {} settings", side.label())}
            </a>
        }
    });
    let skus = (!diagnosis.skus.is_empty()).then(|| {
        view! {
            <ul class="run__skus" aria-label="SKUs on one side only">
                {diagnosis.skus.iter().map(|sku| view! { <li><code>{sku.clone()}</code></li> }).collect_view()}
            </ul>
        }
    });
    view! {
        <div class="run__diagnosis">
            <p class="run__message">{diagnosis.message.clone()}</p>
            <p class="run__guidance">{diagnosis.guidance.clone()}</p>
            {skus}
            <p class="run__links">
                {fix}
                " "
                <a href=diagnosis.help.href() target="_blank" rel="noopener">"Learn more"</a>
            </p>
        </div>
    }
}

/// How a run ended, as a coloured label.
#[component]
pub(super) fn RunOutcomeBadge(outcome: RunOutcome) -> impl IntoView {
    let class = format!("run__outcome run__outcome--{}", outcome.as_str());
    view! { <span class=class>{outcome.label()}</span> }
}

/// A run's counts in words.
pub(super) fn counts_line(c: &RunCounts) -> String {
    format!(
        "Read {}, created {}, updated {}, skipped {}, could not move {}",
        c.read, c.created, c.updated, c.skipped, c.failed
    )
}

/// The records of a run that could not move, each with its reason: read
/// at once, or `when_opened` first.
#[component]
pub(super) fn RunLog(
    connection_id: i64,
    run_id: i64,
    #[prop(optional)] when_opened: bool,
) -> impl IntoView {
    let opened = RwSignal::new(!when_opened);
    view! {
        <details class="run__log" on:toggle=move |_| opened.set(true)>
            <summary>"Run log"</summary>
            {move || opened.get().then(|| view! { <Problems connection_id run_id /> })}
        </details>
    }
}

#[component]
fn Problems(connection_id: i64, run_id: i64) -> impl IntoView {
    let problems = Load::new(move || api::run_problems(connection_id, run_id));
    view! {
        {move || match problems.get() {
            None => view! { <p class="loading">"Loading the log…"</p> }.into_any(),
            Some(Ok(list)) => view! { <ProblemList problems=list /> }.into_any(),
            Some(Err(e)) => view! { <p class="form-error" role="alert">{e.to_string()}</p> }.into_any(),
        }}
    }
}

#[component]
fn ProblemList(problems: Vec<RunProblem>) -> impl IntoView {
    view! {
        <ul class="run__problems">
            {problems
                .into_iter()
                .map(|p| view! { <li><strong>{p.record}</strong>": "{p.reason}</li> })
                .collect_view()}
        </ul>
    }
}
