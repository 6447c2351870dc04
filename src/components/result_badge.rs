use crate::form::{BadgeState, Outcome};
use dropstream_api::{StepStatus, TestResult};
use leptos::prelude::*;

/// The result of Test Connection for one side: nothing, "Testing…", a green
/// "Success!" or a red error that says why and what to do.
///
/// The summary (headline, message, guidance) sits in a live region that is
/// always in the page, so screen readers announce each result; the steps and
/// figures beside it are read on demand rather than announced every time.
#[component]
pub fn ResultBadge(#[prop(into)] state: Signal<BadgeState>) -> impl IntoView {
    let class = move || {
        let kind = match state.get() {
            BadgeState::Idle => return "result".to_string(),
            BadgeState::Testing => "testing",
            BadgeState::Done {
                outcome: Outcome::Tested(r),
                ..
            } if r.ok => "success",
            BadgeState::Done { .. } => "error",
        };
        let stale = matches!(state.get(), BadgeState::Done { stale: true, .. });
        format!(
            "result badge badge--{kind}{}",
            if stale { " badge--stale" } else { "" }
        )
    };
    let busy = move || matches!(state.get(), BadgeState::Testing).to_string();
    view! {
        <div class=class>
            <div class="result__summary" role="status" aria-live="polite" aria-busy=busy>
                {move || match state.get() {
                    BadgeState::Idle => ().into_any(),
                    BadgeState::Testing => view! {
                        <p class="badge__testing">
                            <span class="spinner" aria-hidden="true"></span>
                            "Testing connection…"
                        </p>
                    }
                    .into_any(),
                    BadgeState::Done { outcome, stale } => view! { <Summary outcome stale /> }.into_any(),
                }}
            </div>
            {move || match state.get() {
                BadgeState::Done { outcome: Outcome::Tested(result), .. } => {
                    view! { <Details result /> }.into_any()
                }
                _ => ().into_any(),
            }}
        </div>
    }
}

#[component]
fn Summary(outcome: Outcome, stale: bool) -> impl IntoView {
    let (headline, message, guidance) = match outcome {
        Outcome::Tested(r) if r.ok => ("Success!", r.message, None),
        Outcome::Tested(r) => (
            r.category.map(|c| c.headline()).unwrap_or("Test failed"),
            r.message,
            Some(r.guidance),
        ),
        Outcome::NotRun(failure) => ("The test could not run", failure.to_string(), None),
    };
    view! {
        <p class="badge__headline">{headline}</p>
        <p class="badge__message">{message}</p>
        {guidance.map(|g| view! { <p class="badge__guidance">{g}</p> })}
        {stale.then(|| view! {
            <p class="badge__stale">
                "You changed the credentials after this result. Test again to check the new values."
            </p>
        })}
    }
}

/// The steps, the platform's HTTP status, how long it took, and where to
/// learn more.
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
    let help = result.help.as_ref().map(|h| {
        // Beside the form, in the help widget's panel: the form may hold
        // typed credentials that leaving the page would lose. A new tab
        // with a modifier key, as any link.
        let (slug, anchor) = (h.slug.clone(), h.anchor.clone());
        let beside = move |ev: leptos::ev::MouseEvent| {
            if crate::help_panel::plain_click(&ev) && crate::help_panel::open(&slug, &anchor) {
                ev.prevent_default();
            }
        };
        view! {
            <a class="badge__help" href=h.href() target="_blank" rel="noopener" on:click=beside>
                "Learn more"
                <span class="visually-hidden">" (opens the help beside the form)"</span>
            </a>
        }
    });
    view! {
        <ol class="steps" aria-label="Steps">
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
        {help}
    }
}
