//! Shipments and Inventory into a Magento store from ShipBob, over HTTP
//! against the sandboxes: each shipped order gets one Magento shipment with
//! its tracking, each SKU's stock item is set once, a SKU the store lacks
//! fails alone, and a token without the ACL a job needs ends the run on the
//! store side.

use crate::support::{runs, TestServer};
use dropstream_api::{Category, Platform, RunOutcome, Side};
use dropstream_server::connectors::Endpoints;
use dropstream_server::platforms::fixtures::MISMATCHED_SKU;
use dropstream_server::platforms::magento::fixtures::{
    self as magento, MAGENTO_ORDERS, MAGENTO_ORDERS_ONLY_TOKEN,
};
use dropstream_server::platforms::shipbob::fixtures as shipbob;
use serde_json::Value;

/// The demo store's site and token.
fn site() -> &'static str {
    magento::FIXTURES.working("site_url")
}

fn token() -> &'static str {
    magento::FIXTURES.working("access_token")
}

/// An enabled connection from the Magento store at `site`, with `token`,
/// to the demo's ShipBob warehouse.
async fn to_shipbob(s: &TestServer, name: &str, site: &str, token: &str) -> i64 {
    let store = [("site_url", site), ("access_token", token)];
    let warehouse = [("access_token", shipbob::SHIPBOB_TOKEN)];
    runs::connection_between(
        s,
        name,
        (Platform::Magento, &store),
        (Platform::ShipBob, &warehouse),
    )
    .await
}

/// A GET on the Magento sandbox's REST API for the demo site, with the
/// demo token.
async fn magento_get(s: &TestServer, path: &str) -> Value {
    let template = s.sandboxes.endpoints.of(Platform::Magento);
    let base = Endpoints::merchant_base(template, site());
    let request = reqwest::Client::new()
        .get(format!("{base}/rest/default/V1{path}"))
        .bearer_auth(token());
    runs::json_of(request).await
}

/// ShipBob's tracking number for the store order `order` of connection
/// `id`.
async fn warehouse_tracking(s: &TestServer, id: i64, order: u64) -> String {
    let url = format!(
        "{}/1.0/order?ReferenceIds=ds-{id}-{order}",
        s.sandboxes.endpoints.of(Platform::ShipBob)
    );
    let request = reqwest::Client::new()
        .get(url)
        .bearer_auth(shipbob::SHIPBOB_TOKEN);
    let listed = runs::json_of(request).await;
    let number = &listed[0]["shipments"][0]["tracking"]["tracking_number"];
    number.as_str().expect("a tracking number").to_string()
}

#[tokio::test]
async fn shipped_orders_get_one_magento_shipment_with_their_tracking() {
    let s = TestServer::start().await;
    let id = to_shipbob(&s, "Magento shipping", site(), token()).await;
    let n = MAGENTO_ORDERS.len() as u32;
    let moved = runs::run_channel(&s, id, "orders").await;
    assert_eq!(moved.counts.created, n, "{moved:?}");

    let run = runs::run_channel(&s, id, "shipments").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let c = &run.counts;
    assert_eq!((c.read, c.updated, c.failed), (n, n, 0));
    // Each order is complete, with one shipment carrying ShipBob's number.
    for order in &MAGENTO_ORDERS {
        let read = magento_get(&s, &format!("/orders/{}", order.id)).await;
        assert_eq!(read["state"], "complete", "{read}");
        let filter = "searchCriteria[filter_groups][0][filters][0]";
        let query = format!(
            "/shipments?{filter}[field]=order_id&{filter}[value]={}",
            order.id
        )
        .replace('[', "%5B")
        .replace(']', "%5D");
        let shipments = magento_get(&s, &query).await;
        assert_eq!(shipments["total_count"], 1, "{shipments}");
        let tracks = &shipments["items"][0]["tracks"];
        assert_eq!(tracks.as_array().map(Vec::len), Some(1), "{tracks}");
        let want = warehouse_tracking(&s, id, order.id).await;
        assert_eq!(tracks[0]["track_number"], want.as_str());
        assert_eq!(tracks[0]["title"], "USPS");
        assert_eq!(tracks[0]["carrier_code"], "custom");
    }

    // Again: ShipBob has nothing unsent, and the store lists no order as
    // waiting to ship.
    runs::nothing_left_to_ship(&s, id).await;
    runs::no_open_orders(&s, id).await;
}

#[tokio::test]
async fn inventory_sets_each_magento_stock_item_once_and_names_a_sku_the_store_lacks() {
    let s = TestServer::start().await;
    let id = to_shipbob(&s, "Magento stock", site(), token()).await;
    let skus = shipbob::SHIPBOB_STOCK.len() as u32;
    let run = runs::run_channel(&s, id, "inventory").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let c = &run.counts;
    assert_eq!((c.read, c.updated, c.skipped, c.failed), (skus, skus, 0, 0));
    for (sku, quantity) in shipbob::SHIPBOB_STOCK {
        let item = magento_get(&s, &format!("/stockItems/{sku}")).await;
        assert_eq!(item["qty"], *quantity, "{sku}: {item}");
        assert_eq!(item["is_in_stock"], *quantity > 0, "{sku}: {item}");
    }
    // Set, not added: the same levels again change nothing.
    let again = runs::run_channel(&s, id, "inventory").await;
    let c = &again.counts;
    assert_eq!((c.read, c.updated, c.skipped), (skus, 0, skus), "{again:?}");

    let mismatch = magento::MAGENTO_STORE.mismatch;
    let other = to_shipbob(&s, "Magento stock mismatch", mismatch, token()).await;
    let run = runs::run_channel(&s, other, "inventory").await;
    let missing = "HOODIE-GREY-L";
    assert_ne!(missing, MISMATCHED_SKU);
    runs::store_lacked_one(&s, other, &run, skus, missing).await;
}

#[tokio::test]
async fn a_token_without_the_ship_or_stock_acl_ends_the_run_and_names_the_store() {
    let s = TestServer::start().await;
    let id = to_shipbob(&s, "Magento orders only", site(), MAGENTO_ORDERS_ONLY_TOKEN).await;
    let n = MAGENTO_ORDERS.len() as u32;
    let moved = runs::run_channel(&s, id, "orders").await;
    assert_eq!(
        (moved.outcome, moved.counts.created),
        (RunOutcome::Succeeded, n)
    );

    for (channel, resource) in [
        ("shipments", "Magento_Sales::ship"),
        ("inventory", "Magento_CatalogInventory::cataloginventory"),
    ] {
        let run = runs::run_channel(&s, id, channel).await;
        let d = runs::failed_on(&run, Side::Store, Category::InvalidCredentials, channel);
        assert_eq!(
            d.message, "The store refused our credentials: update the Store credentials.",
            "{channel}"
        );
        assert!(d.guidance.contains(resource), "{channel}: {}", d.guidance);
        assert_eq!(run.counts.updated, 0, "{channel}");
    }
    // Nothing was shipped, so nothing was marked sent: with the full token
    // the next run ships every order.
    let open = magento_get(&s, "/orders").await;
    assert_eq!(open["total_count"], n, "{open}");
    let fields = [("site_url", site()), ("access_token", token())];
    runs::save_side(&s, id, Side::Store, &fields).await;
    let retried = runs::run_channel(&s, id, "shipments").await;
    assert_eq!(
        (retried.outcome, retried.counts.updated),
        (RunOutcome::Succeeded, n),
        "{retried:?}"
    );
}
