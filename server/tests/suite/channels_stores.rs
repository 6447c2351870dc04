//! Sales Orders runs from each page-numbered store (BigCommerce,
//! WooCommerce, Magento, ShipStation) into ShipBob, over HTTP against the
//! sandboxes: a clean run, a SKU the warehouse lacks, a 429 while paging,
//! a page that never answers, credentials the store refuses.

use crate::support::{runs, TestServer};
use dropstream_api::{Category, Platform, RunOutcome, RunSummary, Side};
use dropstream_server::platforms::fixtures::{self, MISMATCHED_SKU};
use dropstream_server::platforms::open_orders::StoreInputs;
use dropstream_server::platforms::paging::PAGE_SIZE;
use dropstream_server::platforms::{
    bigcommerce, magento, shipbob::fixtures as shipbob, shipstation, woocommerce,
};
use std::time::Duration;

/// Every store that lists its orders page by page, with its sandbox inputs.
const STORES: &[(Platform, &StoreInputs)] = &[
    (Platform::Magento, &magento::fixtures::MAGENTO_STORE),
    (
        Platform::BigCommerce,
        &bigcommerce::fixtures::BIGCOMMERCE_STORE,
    ),
    (
        Platform::WooCommerce,
        &woocommerce::fixtures::WOOCOMMERCE_STORE,
    ),
    (
        Platform::ShipStation,
        &shipstation::fixtures::SHIPSTATION_STORE,
    ),
];

/// The working values of `platform`, with `field` set to `value`.
fn fields(
    platform: Platform,
    field: &str,
    value: &'static str,
) -> Vec<(&'static str, &'static str)> {
    fixtures::of(platform)
        .working
        .iter()
        .map(|&(k, v)| (k, if k == field { value } else { v }))
        .collect()
}

/// An enabled connection between these platforms, with these credentials.
async fn connection(
    s: &TestServer,
    store: (Platform, &[(&str, &str)]),
    warehouse: (Platform, &[(&str, &str)]),
) -> i64 {
    let name = format!(
        "{} to {}",
        store.0.display_name(),
        warehouse.0.display_name()
    );
    runs::connection_between(s, &name, store, warehouse).await
}

/// A connection from `platform`'s store, picked by `input`, to ShipBob.
async fn to_shipbob(
    s: &TestServer,
    platform: Platform,
    inputs: &StoreInputs,
    input: &'static str,
) -> i64 {
    let store = fields(platform, inputs.field, input);
    let warehouse = [("access_token", shipbob::SHIPBOB_TOKEN)];
    connection(s, (platform, &store), (Platform::ShipBob, &warehouse)).await
}

/// Runs Sales Orders from `platform`'s store picked by `input` into
/// ShipBob; the connection, and the run, which ended with `outcome`.
async fn run_from(
    s: &TestServer,
    platform: Platform,
    inputs: &StoreInputs,
    input: &'static str,
    outcome: RunOutcome,
) -> (i64, RunSummary) {
    let id = to_shipbob(s, platform, inputs, input).await;
    let run = run_orders(s, id).await;
    assert_eq!(run.outcome, outcome, "{platform}: {run:?}");
    (id, run)
}

/// Presses Run now on Sales Orders and waits for the run to end.
async fn run_orders(s: &TestServer, id: i64) -> RunSummary {
    runs::run_channel(s, id, "orders").await
}

/// How many orders the ShipBob sandbox holds for the demo token.
async fn in_warehouse(s: &TestServer) -> usize {
    let url = format!("{}/1.0/order", s.sandboxes.endpoints.of(Platform::ShipBob));
    let r = reqwest::Client::new()
        .get(url)
        .bearer_auth(shipbob::SHIPBOB_TOKEN)
        .send()
        .await
        .unwrap();
    r.json::<Vec<serde_json::Value>>().await.unwrap().len()
}

#[tokio::test]
async fn a_clean_run_from_each_store_moves_every_order_once() {
    let s = TestServer::start().await;
    for &(platform, inputs) in STORES {
        let working = fixtures::of(platform).working(inputs.field);
        let before = in_warehouse(&s).await;
        let (id, run) = run_from(&s, platform, inputs, working, RunOutcome::Succeeded).await;
        let n = inputs.orders.len() as u32;
        let c = &run.counts;
        assert_eq!((c.read, c.created, c.failed), (n, n, 0), "{platform}");
        assert_eq!(run.diagnosis, None, "{platform}");
        assert_eq!(in_warehouse(&s).await, before + n as usize, "{platform}");

        let again = run_orders(&s, id).await;
        assert_eq!(again.outcome, RunOutcome::Succeeded, "{platform}");
        let c = &again.counts;
        assert_eq!((c.read, c.created, c.skipped), (n, 0, n), "{platform}");
        assert_eq!(in_warehouse(&s).await, before + n as usize, "{platform}");
    }
}

#[tokio::test]
async fn a_sku_the_warehouse_lacks_fails_only_its_order_on_each_store() {
    let s = TestServer::start().await;
    for &(platform, inputs) in STORES {
        let (id, run) = run_from(&s, platform, inputs, inputs.mismatch, RunOutcome::Partial).await;
        let c = &run.counts;
        assert_eq!((c.read, c.created, c.failed), (3, 2, 1), "{platform}");
        let d = run.diagnosis.clone().unwrap();
        assert_eq!(d.skus, [MISMATCHED_SKU], "{platform}");
        let log = runs::problems(&s, id, &run).await;
        assert_eq!(log.len(), 1, "{platform}");
        let number = inputs.mismatch_order.number;
        assert_eq!(log[0].record, format!("Order {number}"), "{platform}");
        assert_eq!(
            log[0].reason, "SKU SOCKS-STRIPE-L is not in the warehouse.",
            "{platform}"
        );
    }
}

#[tokio::test]
async fn a_429_on_the_second_page_ends_each_stores_run_on_the_store_side() {
    let s = TestServer::start().await;
    for &(platform, inputs) in STORES {
        let (_, run) = run_from(&s, platform, inputs, inputs.throttled, RunOutcome::Failed).await;
        let c = &run.counts;
        assert_eq!((c.read, c.created), (PAGE_SIZE, PAGE_SIZE), "{platform}");
        let d = runs::failed_on(&run, Side::Store, Category::RateLimited, platform);
        assert!(
            d.message.starts_with("The store"),
            "{platform}: {}",
            d.message
        );
        assert!(
            d.guidance.starts_with("Wait "),
            "{platform}: {}",
            d.guidance
        );
    }
}

#[tokio::test]
async fn a_second_page_that_never_answers_ends_each_stores_run_at_the_deadline() {
    let s = TestServer::start_with(|e| e, Duration::from_millis(1500)).await;
    for &(platform, inputs) in STORES {
        let (_, run) = run_from(&s, platform, inputs, inputs.stalled, RunOutcome::Failed).await;
        assert_eq!(run.counts.created, PAGE_SIZE, "{platform}");
        runs::failed_on(&run, Side::Store, Category::Network, platform);
    }
}

#[tokio::test]
async fn credentials_a_store_refuses_end_its_run_as_test_connection_says() {
    let s = TestServer::start().await;
    for &(platform, _) in STORES {
        // The platform's own "wrong credentials" row of the Test Connection
        // table.
        let case = fixtures::of(platform)
            .cases
            .iter()
            .find(|c| c.category == Some(Category::InvalidCredentials))
            .unwrap_or_else(|| panic!("{platform} has no wrong-credentials row"));
        let (key, wrong) = case.changes[0];
        let store = fields(platform, key, wrong);
        let warehouse = [("access_token", shipbob::SHIPBOB_TOKEN)];
        let id = connection(&s, (platform, &store), (Platform::ShipBob, &warehouse)).await;
        let run = run_orders(&s, id).await;
        assert_eq!(run.counts.read, 0, "{platform}");
        let d = runs::failed_on(&run, Side::Store, Category::InvalidCredentials, platform);
        assert_eq!(
            d.message, "The store refused our credentials: update the Store credentials.",
            "{platform}"
        );
        assert!(!d.guidance.is_empty(), "{platform}");
        // No credential in the run.
        let text = serde_json::to_string(&run).unwrap();
        assert!(!text.contains(wrong), "{platform}: {text}");
    }
}
