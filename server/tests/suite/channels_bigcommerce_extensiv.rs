//! The demo pair BigCommerce store + Extensiv 3PL Central warehouse over
//! HTTP against the sandboxes: Sales Orders, then Shipments (each tracking
//! number once), Inventory (each SKU set once, a SKU the store lacks), and
//! refusals that end the run on the side that refused.

use crate::support::{runs, TestServer};
use dropstream_api::{Category, Platform, RunOutcome, Side};
use dropstream_server::platforms::{
    bigcommerce::fixtures as bigcommerce, extensiv::fixtures as extensiv, fixtures,
};
use serde_json::Value;
use std::collections::BTreeMap;

const STORE: Platform = Platform::BigCommerce;
const WAREHOUSE: Platform = Platform::Extensiv;

/// The demo store's hash.
fn demo_hash() -> &'static str {
    fixtures::of(STORE).working("store_hash")
}

/// `platform`'s working credentials with `changed` put in.
fn credentials(
    platform: Platform,
    changed: &[(&str, &'static str)],
) -> Vec<(&'static str, &'static str)> {
    fixtures::of(platform)
        .working
        .iter()
        .map(|&(k, v)| {
            let v = changed.iter().find(|(c, _)| *c == k).map_or(v, |(_, v)| *v);
            (k, v)
        })
        .collect()
}

/// A connection from the BigCommerce store `hash` to the Extensiv user
/// `user`, both with the sandboxes' working credentials otherwise.
async fn pair(s: &TestServer, hash: &'static str, user: &'static str) -> i64 {
    let store = credentials(STORE, &[("store_hash", hash)]);
    let warehouse = credentials(WAREHOUSE, &[("user_login_id", user)]);
    let name = format!("BigCommerce {hash} to Extensiv {user}");
    runs::connection_between(s, &name, (STORE, &store), (WAREHOUSE, &warehouse)).await
}

/// The demo store and the sandbox's working Extensiv user.
async fn demo_pair(s: &TestServer) -> i64 {
    pair(
        s,
        demo_hash(),
        fixtures::of(WAREHOUSE).working("user_login_id"),
    )
    .await
}

/// Saves `token` as the store side's access token.
async fn save_store_token(s: &TestServer, id: i64, token: &'static str) {
    let store = credentials(STORE, &[("access_token", token)]);
    runs::save_side(s, id, Side::Store, &store).await;
}

/// A GET on the demo BigCommerce sandbox (`path` under `/stores/{hash}`),
/// with the demo token: the status and JSON body (null for none).
async fn bigcommerce_get(s: &TestServer, hash: &str, path: &str) -> (u16, Value) {
    let base = s.sandboxes.endpoints.of(STORE).trim_end_matches('/');
    let r = reqwest::Client::new()
        .get(format!("{base}/stores/{hash}{path}"))
        .header("x-auth-token", fixtures::of(STORE).working("access_token"))
        .header("accept", "application/json")
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap_or(Value::Null))
}

/// The tracking numbers of the store order's shipments.
async fn store_tracking(s: &TestServer, hash: &str, order: u64) -> Vec<String> {
    let (_, shipments) = bigcommerce_get(s, hash, &format!("/v2/orders/{order}/shipments")).await;
    shipments
        .as_array()
        .into_iter()
        .flatten()
        .map(|sh| sh["tracking_number"].as_str().unwrap().to_string())
        .collect()
}

/// The store's `inventory_level` of `sku`, if it sells it.
async fn store_level(s: &TestServer, hash: &str, sku: &str) -> Option<i64> {
    let (_, list) = bigcommerce_get(s, hash, &format!("/v3/catalog/variants?sku={sku}")).await;
    list["data"]
        .get(0)
        .and_then(|v| v["inventory_level"].as_i64())
}

/// Extensiv's tracking number of each order the working user holds, by
/// reference, asked the way Extensiv is asked.
async fn warehouse_tracking(s: &TestServer) -> BTreeMap<String, String> {
    let base = s.sandboxes.endpoints.of(WAREHOUSE).to_string();
    let creds: BTreeMap<_, _> = fixtures::of(WAREHOUSE).working.iter().copied().collect();
    runs::extensiv_orders(&base, |k| creds[k].to_string())
        .await
        .iter()
        .map(|o| {
            let reference = o["referenceNum"].as_str().unwrap().to_string();
            let tracking = o["routingInfo"]["trackingNumber"].as_str().unwrap();
            (reference, tracking.to_string())
        })
        .collect()
}

#[tokio::test]
async fn shipped_orders_get_their_extensiv_tracking_in_bigcommerce_once() {
    let s = TestServer::start().await;
    let id = demo_pair(&s).await;
    let orders = bigcommerce::BIGCOMMERCE_ORDERS.len() as u32;
    let moved = runs::run_channel(&s, id, "orders").await;
    assert_eq!(
        (moved.outcome, moved.counts.created),
        (RunOutcome::Succeeded, orders),
        "{moved:?}"
    );
    // Nothing has shipped in the store yet.
    for order in &bigcommerce::BIGCOMMERCE_ORDERS {
        assert!(store_tracking(&s, demo_hash(), order.id).await.is_empty());
    }

    let run = runs::run_channel(&s, id, "shipments").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let c = &run.counts;
    assert_eq!(
        (c.read, c.updated, c.skipped, c.failed),
        (orders, orders, 0, 0)
    );
    // Each store order has one shipment, with the tracking number its
    // Extensiv order carries, and is Shipped.
    let tracking = warehouse_tracking(&s).await;
    for order in &bigcommerce::BIGCOMMERCE_ORDERS {
        let reference = format!("ds-{id}-{}", order.id);
        let sent = store_tracking(&s, demo_hash(), order.id).await;
        assert_eq!(sent, [tracking[&reference].clone()], "order {}", order.id);
        let (_, found) =
            bigcommerce_get(&s, demo_hash(), &format!("/v2/orders/{}", order.id)).await;
        assert_eq!(found["status_id"], 2, "order {}", order.id);
    }

    // Again: Extensiv lists the same shipments, and the store has them all.
    let again = runs::run_channel(&s, id, "shipments").await;
    assert_eq!(again.outcome, RunOutcome::Succeeded, "{again:?}");
    let c = &again.counts;
    assert_eq!(
        (c.read, c.updated, c.skipped, c.failed),
        (orders, 0, orders, 0)
    );
    for order in &bigcommerce::BIGCOMMERCE_ORDERS {
        assert_eq!(store_tracking(&s, demo_hash(), order.id).await.len(), 1);
    }
    // The store lists no open order any more.
    runs::no_open_orders(&s, id).await;
}

#[tokio::test]
async fn inventory_sets_each_extensiv_sku_once_and_names_a_sku_the_store_lacks() {
    let s = TestServer::start().await;
    let id = demo_pair(&s).await;
    let skus = extensiv::EXTENSIV_STOCK.len() as u32;
    for (sku, _) in extensiv::EXTENSIV_STOCK {
        let before = store_level(&s, demo_hash(), sku).await;
        assert_eq!(
            before,
            Some(bigcommerce::BIGCOMMERCE_STARTING_STOCK),
            "{sku}"
        );
    }

    let run = runs::run_channel(&s, id, "inventory").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let c = &run.counts;
    assert_eq!((c.read, c.updated, c.skipped, c.failed), (skus, skus, 0, 0));
    for (sku, available) in extensiv::EXTENSIV_STOCK {
        assert_eq!(
            store_level(&s, demo_hash(), sku).await,
            Some(*available),
            "{sku}"
        );
    }
    // Set, not added: the same levels again change nothing.
    let again = runs::run_channel(&s, id, "inventory").await;
    let c = &again.counts;
    assert_eq!(
        (again.outcome, c.read, c.updated, c.skipped),
        (RunOutcome::Succeeded, skus, 0, skus)
    );

    // The mismatch store sells SOCKS-STRIPE-L instead of HOODIE-GREY-L.
    let mismatch = bigcommerce::BIGCOMMERCE_STORE.mismatch;
    let other = pair(
        &s,
        mismatch,
        fixtures::of(WAREHOUSE).working("user_login_id"),
    )
    .await;
    let run = runs::run_channel(&s, other, "inventory").await;
    runs::store_lacked_one(&s, other, &run, skus, "HOODIE-GREY-L").await;
    // The store's own SKU that the warehouse lacks is left as it was.
    let socks = store_level(&s, mismatch, fixtures::MISMATCHED_SKU).await;
    assert_eq!(socks, Some(bigcommerce::BIGCOMMERCE_STARTING_STOCK));
}

#[tokio::test]
async fn a_read_only_bigcommerce_token_ends_shipments_and_inventory_on_the_store_side() {
    let s = TestServer::start().await;
    let id = demo_pair(&s).await;
    let moved = runs::run_channel(&s, id, "orders").await;
    assert_eq!(moved.outcome, RunOutcome::Succeeded, "{moved:?}");
    // Orders: read-only reads, so only the writes are refused.
    save_store_token(&s, id, bigcommerce::BIGCOMMERCE_READ_ONLY_TOKEN).await;

    let run = runs::run_channel(&s, id, "shipments").await;
    let d = runs::failed_on(&run, Side::Store, Category::MissingPermissions, "shipments");
    assert!(d.message.starts_with("The store"), "{d:?}");
    assert!(d.guidance.contains("Orders: modify"), "{d:?}");
    assert_eq!(run.counts.updated, 0);
    let first = bigcommerce::BIGCOMMERCE_ORDERS[0].id;
    assert!(store_tracking(&s, demo_hash(), first).await.is_empty());

    let run = runs::run_channel(&s, id, "inventory").await;
    runs::failed_on(&run, Side::Store, Category::MissingPermissions, "inventory");
    assert_eq!(run.counts.updated, 0);
    let (sku, _) = extensiv::EXTENSIV_STOCK[0];
    let level = store_level(&s, demo_hash(), sku).await;
    assert_eq!(level, Some(bigcommerce::BIGCOMMERCE_STARTING_STOCK));

    // With the scopes back, the next run sends every shipment.
    save_store_token(&s, id, fixtures::of(STORE).working("access_token")).await;
    let retried = runs::run_channel(&s, id, "shipments").await;
    let orders = bigcommerce::BIGCOMMERCE_ORDERS.len() as u32;
    assert_eq!(
        (retried.outcome, retried.counts.updated),
        (RunOutcome::Succeeded, orders)
    );
}

#[tokio::test]
async fn an_extensiv_user_without_the_roles_ends_the_runs_on_the_warehouse_side() {
    let s = TestServer::start().await;
    let user = fixtures::of(WAREHOUSE).input("user without access");
    let id = pair(&s, demo_hash(), user).await;
    for channel in ["shipments", "inventory"] {
        let run = runs::run_channel(&s, id, channel).await;
        let d = runs::failed_on(&run, Side::Warehouse, Category::MissingPermissions, channel);
        assert!(d.message.starts_with("The warehouse"), "{channel}: {d:?}");
        assert!(d.guidance.contains(user), "{channel}: {d:?}");
        assert_eq!(run.counts.read, 0, "{channel}");
    }
    let (sku, _) = extensiv::EXTENSIV_STOCK[0];
    let level = store_level(&s, demo_hash(), sku).await;
    assert_eq!(level, Some(bigcommerce::BIGCOMMERCE_STARTING_STOCK));
}
