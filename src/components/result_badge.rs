use crate::state::{BadgeState, Outcome};
use dropstream_api::{StepStatus, TestResult};
use leptos::prelude::*;

/// The result of Test Connection for one side, in a live region so screen
/// readers announce it: nothing, "Testing…", a green "Success!" or a red
/// error that says why and what to do.
#[component]
pub fn ResultBadge(#[prop(into)] state: Signal<BadgeState>) -> impl IntoView {
    let busy = move || matches!(state.get(), BadgeState::Testing).to_string();
    view! {
        <div class="result" role="status" aria-live="polite" aria-busy=busy>
            {move || match state.get() {
                BadgeState::Idle => ().into_any(),
                BadgeState::Testing => view! {
                    <p class="badge badge--testing">
                        <span class="spinner" aria-hidden="true"></span>
                        "Testing connection…"
                    </p>
                }
                .into_any(),
                BadgeState::Done { outcome, stale } => view! { <Finished outcome stale /> }.into_any(),
            }}
        </div>
    }
}

#[component]
fn Finished(outcome: Outcome, stale: bool) -> impl IntoView {
    let stale_note = stale.then(|| {
        view! {
            <p class="badge__stale">
                "You changed the credentials after this result. Test again to check the new values."
            </p>
        }
    });
    let class = |kind: &str| {
        format!(
            "badge badge--{kind}{}",
            if stale { " badge--stale" } else { "" }
        )
    };
    match outcome {
        Outcome::Tested(result) if result.ok => view! {
            <div class=class("success")>
                <p class="badge__headline">"Success!"</p>
                <p class="badge__message">{result.message.clone()}</p>
                <Details result />
                {stale_note}
            </div>
        }
        .into_any(),
        Outcome::Tested(result) => {
            let headline = result
                .category
                .map(|c| c.headline())
                .unwrap_or("Test failed");
            let help = result.help.as_ref().map(|h| {
                view! { <a class="badge__help" href=h.href()>"Learn more"</a> }
            });
            view! {
                <div class=class("error")>
                    <p class="badge__headline">{headline}</p>
                    <p class="badge__message">{result.message.clone()}</p>
                    <p class="badge__guidance">{result.guidance.clone()}</p>
                    <Details result=result.clone() />
                    {help}
                    {stale_note}
                </div>
            }
            .into_any()
        }
        Outcome::NotRun(failure) => view! {
            <div class=class("error")>
                <p class="badge__headline">"The test could not run"</p>
                <p class="badge__message">{failure.to_string()}</p>
                {stale_note}
            </div>
        }
        .into_any(),
    }
}

/// The steps, the platform's HTTP status and how long it took.
#[component]
fn Details(result: TestResult) -> impl IntoView {
    let facts = [
        result
            .http_status
            .map(|s| format!("Platform answered HTTP {s}")),
        Some(match result.duration_ms {
            0 => "Took under 1 ms".to_string(),
            ms => format!("Took {ms} ms"),
        }),
        result.retry_after.map(|s| format!("Retry after {s} s")),
    ];
    view! {
        <ol class="steps">
            {result
                .steps
                .into_iter()
                .map(|step| {
                    let status = step.status;
                    let mark = match status {
                        StepStatus::Passed => "✓",
                        StepStatus::Failed => "✗",
                        StepStatus::Skipped => "–",
                    };
                    view! {
                        <li class=format!("step step--{}", status.as_str())>
                            <span class="step__mark" aria-hidden="true">{mark}</span>
                            <span class="step__name">{step.name}</span>
                            <span class="visually-hidden">{format!(": {}", status.as_str())}</span>
                            {step.detail.map(|d| view! { <span class="step__detail">{d}</span> })}
                        </li>
                    }
                })
                .collect_view()}
        </ol>
        <p class="badge__facts">{facts.into_iter().flatten().collect::<Vec<_>>().join(" · ")}</p>
    }
}
