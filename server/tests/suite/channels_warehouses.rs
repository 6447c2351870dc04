//! Sales Orders from Shopify into each warehouse that takes orders by our
//! reference, over HTTP against the sandboxes: one table of warehouses,
//! each through the same runs (clean and again, a SKU mismatch, credentials
//! revoked mid-run).

use crate::support::{self, runs, TestServer};

use dropstream_api::{Category, Platform, RunOutcome, RunSummary, Side};
use dropstream_server::platforms::fixtures;
use dropstream_server::platforms::{
    extensiv::fixtures as extensiv, shiphero::fixtures as shiphero, shopify::fixtures as shopify,
};
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A warehouse under test: which credential field picks its sandbox's
/// failure, and the value that is revoked after some orders.
struct Warehouse {
    platform: Platform,
    key: &'static str,
    revoked: &'static str,
    revoked_after: usize,
    /// The fixtures' row whose input makes the platform throttle.
    throttled_row: &'static str,
}

const WAREHOUSES: &[Warehouse] = &[
    Warehouse {
        platform: Platform::ShipHero,
        key: "refresh_token",
        revoked: shiphero::SHIPHERO_REVOKED_MIDRUN_TOKEN,
        revoked_after: shiphero::REVOKED_AFTER,
        throttled_row: "out of credits",
    },
    Warehouse {
        platform: Platform::Extensiv,
        key: "user_login_id",
        revoked: extensiv::EXTENSIV_REVOKED_MIDRUN_USER,
        revoked_after: extensiv::REVOKED_AFTER,
        throttled_row: "rate limited",
    },
];

impl Warehouse {
    /// The sandbox's working credentials, with `input` for [`Self::key`].
    fn credentials(&self, input: Option<&str>) -> BTreeMap<String, String> {
        fixtures::of(self.platform)
            .working
            .iter()
            .map(|(k, v)| {
                let v = if *k == self.key {
                    input.unwrap_or(v)
                } else {
                    v
                };
                (k.to_string(), v.to_string())
            })
            .collect()
    }

    /// The references of the orders the sandbox holds for `creds`, asked
    /// the way the platform is asked.
    async fn held(&self, s: &TestServer, creds: &BTreeMap<String, String>) -> Vec<String> {
        let base = s.sandboxes.endpoints.of(self.platform).to_string();
        let http = reqwest::Client::new();
        let held: Vec<Value> = match self.platform {
            Platform::ShipHero => {
                let token = runs::json_of(
                    http.post(format!("{base}/auth/refresh"))
                        .json(&json!({"refresh_token": creds["refresh_token"]})),
                )
                .await;
                let query = "query($p: String) { orders(partner_order_id: $p) { data { edges { node { partner_order_id } } } } }";
                let answer = runs::json_of(
                    http.post(format!("{base}/graphql"))
                        .bearer_auth(token["access_token"].as_str().unwrap())
                        .json(&json!({"query": query, "variables": {}})),
                )
                .await;
                answer
                    .pointer("/data/orders/data/edges")
                    .and_then(Value::as_array)
                    .unwrap()
                    .iter()
                    .map(|e| e["node"]["partner_order_id"].clone())
                    .collect()
            }
            Platform::Extensiv => runs::extensiv_orders(&base, |k| creds[k].clone())
                .await
                .iter()
                .map(|o| o["referenceNum"].clone())
                .collect(),
            other => panic!("no way to list {other}'s orders"),
        };
        held.iter()
            .map(|r| r.as_str().unwrap().to_string())
            .collect()
    }
}

/// Sends a request to a sandbox and reads its JSON answer.
/// An enabled connection from a Shopify sandbox shop to the warehouse.
async fn pair(s: &TestServer, w: &Warehouse, shop: &str, creds: &BTreeMap<String, String>) -> i64 {
    let name = format!("{} from {shop}", w.platform);
    let store = [
        ("shop_domain", shop),
        ("access_token", shopify::SHOPIFY_TOKEN),
    ];
    let warehouse: Vec<(&str, &str)> = creds
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    runs::connection_between(
        s,
        &name,
        (Platform::Shopify, &store),
        (w.platform, &warehouse),
    )
    .await
}

/// Presses Run now on Sales Orders and reads the run until it ends.
async fn run_orders(b: &support::Browser, id: i64) -> RunSummary {
    runs::run_channel(b, id, "orders").await
}

#[tokio::test]
async fn a_clean_run_creates_each_order_once_in_each_warehouse() {
    let s = TestServer::start().await;
    let orders = shopify::SHOPIFY_ORDERS.len() as u32;
    for w in WAREHOUSES {
        let creds = w.credentials(None);
        let id = pair(&s, w, shopify::SHOPIFY_SHOP, &creds).await;
        let run = run_orders(&s, id).await;
        assert_eq!(
            run.outcome,
            RunOutcome::Succeeded,
            "{}: {run:?}",
            w.platform
        );
        assert_eq!(
            (run.counts.read, run.counts.created, run.counts.failed),
            (orders, orders, 0),
            "{}",
            w.platform
        );
        let again = run_orders(&s, id).await;
        assert_eq!(again.outcome, RunOutcome::Succeeded, "{}", w.platform);
        assert_eq!(
            (again.counts.created, again.counts.skipped),
            (0, orders),
            "{}",
            w.platform
        );
        // As after a crash between the create and the note of it: the
        // connection forgets what it moved, the warehouse still has it.
        s.store
            .execute_script(&format!(
                "DELETE FROM moved_orders WHERE connection_id = {id}"
            ))
            .await
            .unwrap();
        let found = run_orders(&s, id).await;
        assert_eq!(
            (found.outcome, found.counts.created, found.counts.skipped),
            (RunOutcome::Succeeded, 0, orders),
            "{}",
            w.platform
        );
        let mut held = w.held(&s, &creds).await;
        held.sort();
        let mut wanted: Vec<String> = shopify::SHOPIFY_ORDERS
            .iter()
            .map(|o| format!("ds-{id}-{}", o.id))
            .collect();
        wanted.sort();
        assert_eq!(held, wanted, "{}", w.platform);
    }
}

#[tokio::test]
async fn a_sku_the_warehouse_lacks_fails_only_its_order() {
    let s = TestServer::start().await;
    for w in WAREHOUSES {
        let creds = w.credentials(None);
        let id = pair(&s, w, shopify::SHOPIFY_MISMATCH_SHOP, &creds).await;
        let run = run_orders(&s, id).await;
        assert_eq!(run.outcome, RunOutcome::Partial, "{}: {run:?}", w.platform);
        assert_eq!(
            (run.counts.read, run.counts.created, run.counts.failed),
            (3, 2, 1),
            "{}",
            w.platform
        );
        assert_eq!(
            run.diagnosis.clone().unwrap().skus,
            [shopify::MISMATCHED_SKU]
        );
        let log: Vec<_> = runs::problems(&s, id, &run)
            .await
            .into_iter()
            .map(|p| (p.record, p.sku, p.reason))
            .collect();
        let sku = shopify::MISMATCHED_SKU;
        let reason = format!("SKU {sku} is not in the warehouse.");
        assert_eq!(
            log,
            [("Order #2001".to_string(), Some(sku.to_string()), reason)],
            "{}",
            w.platform
        );
    }
}

#[tokio::test]
async fn credentials_revoked_mid_run_fail_the_run_on_the_warehouse_side() {
    let s = TestServer::start().await;
    for w in WAREHOUSES {
        let creds = w.credentials(Some(w.revoked));
        let id = pair(&s, w, shopify::SHOPIFY_SHOP, &creds).await;
        let run = run_orders(&s, id).await;
        let made = w.revoked_after as u32;
        assert_eq!(
            (run.counts.read, run.counts.created),
            (made + 1, made),
            "{}",
            w.platform
        );
        let d = runs::failed_on(
            &run,
            Side::Warehouse,
            Category::InvalidCredentials,
            w.platform,
        );
        assert_eq!(
            d.message,
            "The warehouse refused our credentials: update the Warehouse credentials."
        );
        let text = s
            .get(&format!("/api/connections/{id}/runs/{}", run.id))
            .await
            .text()
            .await
            .unwrap();
        assert!(!text.contains(w.revoked), "{text}");
    }
}

#[tokio::test]
async fn a_throttled_warehouse_ends_the_run_as_rate_limited_on_its_side() {
    let s = TestServer::start().await;
    for w in WAREHOUSES {
        let input = fixtures::of(w.platform).input(w.throttled_row);
        let id = pair(&s, w, shopify::SHOPIFY_SHOP, &w.credentials(Some(input))).await;
        let run = run_orders(&s, id).await;
        assert_eq!(run.counts.created, 0, "{}", w.platform);
        runs::failed_on(&run, Side::Warehouse, Category::RateLimited, w.platform);
    }
}
