//! Shipments and Inventory between a WooCommerce store and a ShipHero
//! warehouse, over HTTP against both sandboxes: tracking goes back once,
//! stock is set once, a SKU the store lacks is named, and a refusal ends
//! the run on the side that refused.

use crate::support::{runs, TestServer};
use dropstream_api::{Category, Platform, RunOutcome, RunSummary, Side};
use dropstream_server::platforms::merchant_sites::{MERCHANT_MISMATCH_SITE, MERCHANT_SITE};
use dropstream_server::platforms::{shiphero::fixtures as shiphero, woocommerce::fixtures as woo};
use serde_json::{json, Value};

const CONSUMER_SECRET: &str = "cs_sandbox_demo_outfitters_0001";

/// The WooCommerce store fields for `site`, with `key`.
fn store(site: &'static str, key: &'static str) -> [(&'static str, &'static str); 3] {
    [
        ("site_url", site),
        ("consumer_key", key),
        ("consumer_secret", woo::FIXTURES.working("consumer_secret")),
    ]
}

fn working_key() -> &'static str {
    woo::FIXTURES.working("consumer_key")
}

/// An enabled connection from the WooCommerce site to ShipHero with
/// `token`.
async fn connection(s: &TestServer, name: &str, site: &'static str, token: &str) -> i64 {
    let warehouse = [("refresh_token", token)];
    runs::connection_between(
        s,
        name,
        (Platform::WooCommerce, &store(site, working_key())),
        (Platform::ShipHero, &warehouse),
    )
    .await
}

/// An enabled connection from the WooCommerce site to the demo's ShipHero
/// account.
async fn to_demo_shiphero(s: &TestServer, name: &str, site: &'static str) -> i64 {
    connection(s, name, site, shiphero::SHIPHERO_REFRESH_TOKEN).await
}

async fn run(s: &TestServer, id: i64, channel: &str) -> RunSummary {
    runs::run_channel(s, id, channel).await
}

/// A GET on the WooCommerce sandbox's REST API for the demo site.
async fn store_get(s: &TestServer, path: &str) -> Value {
    let host = MERCHANT_SITE.trim_start_matches("https://");
    let base = s
        .sandboxes
        .endpoints
        .of(Platform::WooCommerce)
        .replace("{host}", host);
    runs::json_of(
        reqwest::Client::new()
            .get(format!("{base}/wp-json/wc/v3{path}"))
            .basic_auth(working_key(), Some(CONSUMER_SECRET)),
    )
    .await
}

/// The tags of every order the ShipHero sandbox holds for the demo token,
/// read from its shipments the way the run reads them.
async fn shiphero_tags(s: &TestServer) -> Vec<Vec<String>> {
    let base = s.sandboxes.endpoints.of(Platform::ShipHero).to_string();
    let http = reqwest::Client::new();
    let token = runs::json_of(
        http.post(format!("{base}/auth/refresh"))
            .json(&json!({"refresh_token": shiphero::SHIPHERO_REFRESH_TOKEN})),
    )
    .await;
    let query = "query { shipments(date_from: \"2020-01-01T00:00:00\") { data(first: 100) { edges { node { order { tags } } } } } }";
    let answer = runs::json_of(
        http.post(format!("{base}/graphql"))
            .bearer_auth(token["access_token"].as_str().unwrap())
            .json(&json!({"query": query})),
    )
    .await;
    let edges = answer.pointer("/data/shipments/data/edges").unwrap();
    serde_json::from_value::<Vec<Value>>(edges.clone())
        .unwrap()
        .iter()
        .map(|e| serde_json::from_value(e["node"]["order"]["tags"].clone()).unwrap())
        .collect()
}

#[tokio::test]
async fn shipped_orders_get_their_tracking_in_woocommerce_once() {
    let s = TestServer::start().await;
    let id = to_demo_shiphero(&s, "Woo ships", MERCHANT_SITE).await;
    let orders = woo::WOOCOMMERCE_ORDERS.len() as u32;
    let moved = run(&s, id, "orders").await;
    assert_eq!(moved.counts.created, orders, "{moved:?}");

    let shipped = run(&s, id, "shipments").await;
    assert_eq!(shipped.outcome, RunOutcome::Succeeded, "{shipped:?}");
    let c = &shipped.counts;
    assert_eq!((c.read, c.updated, c.failed), (orders, orders, 0));

    // Each store order is completed, with the tracking in a note the
    // shopper sees; each ShipHero order is tagged as sent.
    for o in &woo::WOOCOMMERCE_ORDERS {
        let order = store_get(&s, &format!("/orders/{}", o.id)).await;
        assert_eq!(order["status"], "completed", "{order}");
        let notes = store_get(&s, &format!("/orders/{}/notes", o.id)).await;
        let notes = notes.as_array().unwrap();
        assert_eq!(notes.len(), 1, "{notes:?}");
        assert_eq!(notes[0]["customer_note"], true);
        let text = notes[0]["note"].as_str().unwrap();
        assert!(text.contains("Tracking number: 9400"), "{text}");
        assert!(text.contains("USPS"), "{text}");
    }
    let tags = shiphero_tags(&s).await;
    assert_eq!(tags.len(), orders as usize);
    for order in &tags {
        assert!(
            order.len() == 1 && order[0].starts_with("dropstream-sent-"),
            "{tags:?}"
        );
    }

    // Again: nothing left to send, and nothing open to order.
    runs::nothing_left_to_ship(&s, id).await;
    let notes = store_get(
        &s,
        &format!("/orders/{}/notes", woo::WOOCOMMERCE_ORDERS[0].id),
    )
    .await;
    assert_eq!(
        notes.as_array().unwrap().len(),
        1,
        "a note was written twice"
    );
    runs::no_open_orders(&s, id).await;
}

#[tokio::test]
async fn a_read_only_woocommerce_key_ends_shipments_on_the_store_side() {
    let s = TestServer::start().await;
    let id = to_demo_shiphero(&s, "Read only", MERCHANT_SITE).await;
    assert_eq!(run(&s, id, "orders").await.outcome, RunOutcome::Succeeded);
    let read_only = store(MERCHANT_SITE, woo::WOOCOMMERCE_READ_ONLY_KEY);
    runs::save_side(&s, id, Side::Store, &read_only).await;

    let refused = run(&s, id, "shipments").await;
    let d = runs::failed_on(
        &refused,
        Side::Store,
        Category::MissingPermissions,
        "read-only key",
    );
    assert!(d.guidance.contains("Read/Write"), "{d:?}");
    assert_eq!(refused.counts.updated, 0);
    let order = store_get(&s, &format!("/orders/{}", woo::WOOCOMMERCE_ORDERS[0].id)).await;
    assert_eq!(order["status"], "processing");

    // Nothing was marked sent in ShipHero: with a Read/Write key the next
    // run sends every shipment.
    runs::save_side(&s, id, Side::Store, &store(MERCHANT_SITE, working_key())).await;
    let retried = run(&s, id, "shipments").await;
    let orders = woo::WOOCOMMERCE_ORDERS.len() as u32;
    assert_eq!(
        (retried.outcome, retried.counts.updated),
        (RunOutcome::Succeeded, orders),
        "{retried:?}"
    );
}

#[tokio::test]
async fn inventory_sets_each_skus_stock_in_woocommerce_once_and_names_a_missing_sku() {
    let s = TestServer::start().await;
    let id = to_demo_shiphero(&s, "Woo stock", MERCHANT_SITE).await;
    let skus = shiphero::SHIPHERO_STOCK.len() as u32;
    let set = run(&s, id, "inventory").await;
    assert_eq!(set.outcome, RunOutcome::Succeeded, "{set:?}");
    let c = &set.counts;
    assert_eq!((c.read, c.updated, c.skipped), (skus, skus, 0));

    // The store tracks what ShipHero has available: simple products and the
    // hoodie's size, a variation.
    for &(sku, quantity) in shiphero::SHIPHERO_STOCK {
        let stock = if sku.starts_with("HOODIE-") {
            let sizes = store_get(&s, "/products/600/variations").await;
            sizes
                .as_array()
                .unwrap()
                .iter()
                .find(|v| v["sku"] == sku)
                .cloned()
                .unwrap()
        } else {
            store_get(&s, &format!("/products?sku={sku}")).await[0].clone()
        };
        assert_eq!(stock["manage_stock"], true, "{sku}: {stock}");
        assert_eq!(stock["stock_quantity"], quantity, "{sku}: {stock}");
    }

    // Set, not added: the same levels again change nothing.
    let again = run(&s, id, "inventory").await;
    let c = &again.counts;
    assert_eq!((c.read, c.updated, c.skipped), (skus, 0, skus));

    let other = to_demo_shiphero(&s, "Woo stock mismatch", MERCHANT_MISMATCH_SITE).await;
    let partial = run(&s, other, "inventory").await;
    runs::store_lacked_one(&s, other, &partial, skus, "HOODIE-GREY-L").await;
}

#[tokio::test]
async fn shiphero_out_of_credits_ends_inventory_as_rate_limited_on_the_warehouse_side() {
    let s = TestServer::start().await;
    let throttled = shiphero::FIXTURES.input("out of credits");
    let id = connection(&s, "Woo throttled", MERCHANT_SITE, throttled).await;
    let stopped = run(&s, id, "inventory").await;
    let d = runs::failed_on(
        &stopped,
        Side::Warehouse,
        Category::RateLimited,
        "out of credits",
    );
    assert!(d.guidance.contains("7 seconds"), "{d:?}");
    assert_eq!((stopped.counts.read, stopped.counts.updated), (0, 0));
}
