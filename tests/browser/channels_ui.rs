//! A channel on the Channels tab in a real browser: Run now starts a run
//! and follows it until it ends; a failed run's diagnosis links to the
//! side to fix and names the SKUs; its log loads when there is one.

use crate::support::*;
use dropstream_api::{
    Channel, ChannelState, ConnectionDetail, Diagnosis, HelpLink, Platform, RunCounts, RunOutcome,
    RunSummary, Schedule, Side, SideSettings,
};
use dropstream_desk::components::ChannelCard;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

fn detail() -> ConnectionDetail {
    let shipbob = SideSettings {
        platform: Platform::ShipBob,
        fields: Vec::new(),
        ..shopify_saved(1, "0001")
    };
    ConnectionDetail {
        id: 4,
        name: "Demo Outfitters".into(),
        enabled: true,
        store: shopify_saved(1, "0001"),
        warehouse: shipbob,
    }
}

fn run(
    id: i64,
    outcome: RunOutcome,
    counts: RunCounts,
    diagnosis: Option<Diagnosis>,
) -> RunSummary {
    RunSummary {
        id,
        channel: Channel::Orders,
        outcome,
        started_at: "2026-12-03T10:00:00.000Z".into(),
        finished_at: (outcome != RunOutcome::Running).then(|| "2026-12-03T10:00:02.000Z".into()),
        started_by: Some("Ada Admin".into()),
        counts,
        diagnosis,
    }
}

fn orders(latest: Option<RunSummary>) -> ChannelState {
    ChannelState {
        channel: Channel::Orders,
        enabled: false,
        schedule: Schedule::Hourly,
        latest,
    }
}

#[wasm_bindgen_test]
async fn run_now_shows_the_run_until_it_ends_with_its_counts() {
    let backend = FakeBackend::install();
    let card = mount(|| view! { <ChannelCard connection=detail() state=orders(None) /> }).await;
    assert_eq!(text(&card, ".channel__never"), "Not run yet.");
    assert_eq!(
        text(&card, ".channel__direction"),
        "Store (Shopify) → Warehouse (ShipBob)"
    );

    click(&button(&card, "Run now")).await;
    let started = run(31, RunOutcome::Running, RunCounts::default(), None);
    let (url, _) = backend
        .respond(202, &serde_json::to_string(&started).unwrap())
        .await;
    assert!(
        url.ends_with("/api/connections/4/channels/orders/runs"),
        "{url}"
    );
    settle().await;
    assert_eq!(text(&card, ".run__outcome"), "Running");
    assert!(button(&card, "Run now").has_attribute("disabled"));

    // The card reads the run again until it has ended.
    while backend.waiting() == 0 {
        settle().await;
    }
    let counts = RunCounts {
        read: 3,
        created: 3,
        ..RunCounts::default()
    };
    let done = run(31, RunOutcome::Succeeded, counts, None);
    let (url, _) = backend
        .respond(200, &serde_json::to_string(&done).unwrap())
        .await;
    assert!(url.ends_with("/api/connections/4/runs/31"), "{url}");
    settle().await;
    assert_eq!(text(&card, ".run__outcome"), "Succeeded");
    assert_eq!(
        text(&card, ".run__counts"),
        "Read 3, created 3, updated 0, skipped 0, could not move 0"
    );
    assert!(!button(&card, "Run now").has_attribute("disabled"));
}

#[wasm_bindgen_test]
async fn a_failed_run_links_to_the_side_to_fix_names_the_skus_and_loads_its_log() {
    let backend = FakeBackend::install();
    let diagnosis = Diagnosis {
        side: Some(Side::Warehouse),
        category: None,
        message: "The warehouse refused our credentials: update the Warehouse credentials.".into(),
        guidance: "Save a new token.".into(),
        help: HelpLink {
            slug: "channels-and-run-logs".into(),
            anchor: "authorization".into(),
        },
        skus: vec!["SOCKS-STRIPE-L".into()],
    };
    let counts = RunCounts {
        read: 3,
        created: 2,
        failed: 1,
        ..RunCounts::default()
    };
    let failed = run(9, RunOutcome::Failed, counts, Some(diagnosis));
    let card =
        mount(move || view! { <ChannelCard connection=detail() state=orders(Some(failed)) /> })
            .await;
    assert_eq!(text(&card, ".run__outcome"), "Failed");
    assert_eq!(
        text(&card, ".run__message"),
        "The warehouse refused our credentials: update the Warehouse credentials."
    );
    let fix = get(&card, ".run__links a.button");
    assert_eq!(fix.text_content().unwrap(), "Open the Warehouse settings");
    assert_eq!(
        fix.get_attribute("href").unwrap(),
        "/connections/4/settings/warehouse"
    );
    assert_eq!(text(&card, ".run__skus"), "SOCKS-STRIPE-L");

    // The log of a run that could not move a record loads with it.
    let log = r#"[{"id":1,"record":"Order #2001","sku":"SOCKS-STRIPE-L","reason":"SKU SOCKS-STRIPE-L is not in the warehouse."}]"#;
    for _ in 0..20 {
        if query(&card, ".run__problems").is_some() {
            break;
        }
        if backend.waiting() > 0 {
            let (url, _) = backend.respond(200, log).await;
            assert!(url.ends_with("/api/connections/4/runs/9/problems"), "{url}");
        }
        settle().await;
    }
    assert_eq!(backend.request_count(), 1, "the log is asked for once");
    assert_eq!(
        text(&card, ".run__problems"),
        "Order #2001: SKU SOCKS-STRIPE-L is not in the warehouse."
    );
}

/// Waits for the card to ask for something, then answers it with `body`;
/// the URL it asked for.
async fn answer(backend: &FakeBackend, body: &str) -> String {
    for _ in 0..50 {
        if backend.waiting() > 0 {
            let (url, _) = backend.respond(200, body).await;
            settle().await;
            return url;
        }
        settle().await;
    }
    panic!("the card asked for nothing");
}

fn runs_json(ids: impl Iterator<Item = i64>) -> String {
    let runs: Vec<RunSummary> = ids
        .map(|id| run(id, RunOutcome::Succeeded, RunCounts::default(), None))
        .collect();
    serde_json::to_string(&runs).unwrap()
}

#[wasm_bindgen_test]
async fn run_history_loads_when_opened_pages_back_and_filters_by_outcome() {
    let backend = FakeBackend::install();
    let card = mount(|| view! { <ChannelCard connection=detail() state=orders(None) /> }).await;
    settle().await;
    assert_eq!(backend.request_count(), 0, "a closed history reads nothing");

    click(&get(&card, ".runs summary")).await;
    // A full page: the newest 50 runs, and a way to older ones.
    let url = answer(&backend, &runs_json((51..=100).rev())).await;
    assert!(
        url.ends_with("/api/connections/4/channels/orders/runs"),
        "{url}"
    );
    let rows = || card.query_selector_all(".runs__run").unwrap().length();
    assert_eq!(rows(), 50);
    click(&button(&card, "Older runs")).await;
    let url = answer(&backend, &runs_json([50, 49].into_iter())).await;
    assert!(url.ends_with("/orders/runs?before=51"), "{url}");
    assert_eq!(rows(), 52);
    assert!(
        query(&card, ".runs__more").is_none(),
        "a short page is the last"
    );

    // Filtering starts again from the newest run with that outcome.
    let select = get(&card, ".runs__filter select").unchecked_into::<web_sys::HtmlSelectElement>();
    select.set_value("failed");
    select.dispatch_event(&event("change")).unwrap();
    let url = answer(&backend, "[]").await;
    assert!(url.ends_with("/orders/runs?outcome=failed"), "{url}");
    assert_eq!(rows(), 0);
    assert_eq!(
        text(&card, ".runs__none"),
        "No runs with the outcome “Failed”."
    );
}
