use crate::api;
use crate::components::Loaded;
use crate::form::SideForm;
use crate::task::Load;
use crate::time::{now_ms, parse_ms, relative};
use dropstream_api::TestRun;
use leptos::prelude::*;
use std::time::Duration;

/// A side's Test Connection history: "Last tested 3 minutes ago: Success!"
/// and the runs, newest first. Reloads after every test of that side.
#[component]
pub fn TestHistory(connection_id: i64, form: SideForm) -> impl IntoView {
    let side = form.side();
    let runs = Load::new(move || {
        form.tests_finished();
        api::history(connection_id, side)
    });
    // "3 minutes ago" moves on while the page stays open.
    let now = RwSignal::new(now_ms());
    if let Ok(handle) = set_interval_with_handle(move || now.set(now_ms()), Duration::from_secs(20))
    {
        on_cleanup(move || handle.clear());
    }
    view! {
        <section class="history" aria-labelledby=format!("{side}-history-title")>
            <h2 class="history__title" id=format!("{side}-history-title")>"Test history"</h2>
            <Loaded resource=runs what="the history" loading="Loading history…" let:list>
                <RunList list now />
            </Loaded>
        </section>
    }
}

#[component]
fn RunList(list: Vec<TestRun>, now: RwSignal<f64>) -> impl IntoView {
    let when = move |run: &TestRun| {
        parse_ms(&run.at)
            .map(|then| relative(then, now.get()))
            .unwrap_or_else(|| run.at.clone())
    };
    let Some(last) = list.first().cloned() else {
        return view! { <p class="history__last">"Not tested yet."</p> }.into_any();
    };
    let last_class = if last.ok {
        "history__last history__last--ok"
    } else {
        "history__last history__last--error"
    };
    view! {
        <p class=last_class>{move || format!("Last tested {}: {}", when(&last), last.outcome())}</p>
        <ol class="history__runs">
            {list
                .into_iter()
                .map(|run| {
                    let status = run
                        .http_status
                        .map(|s| format!("HTTP {s}"))
                        .unwrap_or_else(|| "no HTTP answer".into());
                    let facts = format!(
                        "{} · {} · {} · {} ms",
                        run.platform.display_name(),
                        run.ran_by,
                        status,
                        run.duration_ms
                    );
                    let class = if run.ok { "run run--ok" } else { "run run--error" };
                    let at = run.at.clone();
                    view! {
                        <li class=class>
                            <span class="run__outcome">{run.outcome()}</span>
                            " "
                            <time class="run__time" datetime=at.clone() title=at>{move || when(&run)}</time>
                            <span class="run__facts">{facts}</span>
                        </li>
                    }
                })
                .collect_view()}
        </ol>
    }
    .into_any()
}
