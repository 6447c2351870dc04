//! Channels over HTTP: each connection has its three, off until someone
//! turns them on; who may see and change them; runs and their logs.

use crate::support;

use dropstream_api::{
    Category, Channel, ChannelState, ErrorCode, Platform, RunOutcome, RunProblem, RunSummary,
    Schedule, Side,
};
use dropstream_server::channels::runner::is_built;
use dropstream_server::demo_seed::{DEMO_MERCHANT_USER, DEMO_STAFF, OTHER_MERCHANT_USER};
use dropstream_server::platforms::{shipbob::fixtures as shipbob, shopify::fixtures as shopify};
use reqwest::Method;
use serde_json::json;
use std::time::Duration;
use support::{error_of, error_saying, runs, TestServer};

async fn channels(b: &support::Browser, id: i64) -> Vec<ChannelState> {
    b.get_json(&format!("/api/connections/{id}/channels")).await
}

/// Changes the channel at `channel` (its API path), which must take it;
/// the channel as it now is.
async fn change_channel(
    b: &support::Browser,
    channel: &str,
    change: serde_json::Value,
) -> ChannelState {
    let r = b.send_body(Method::PATCH, channel, &change).await;
    assert_eq!(r.status(), 200, "{channel}");
    r.json().await.unwrap()
}

/// Turns connection `id` on or off, which must work.
async fn set_enabled(b: &support::Browser, id: i64, enabled: bool) {
    let path = format!("/api/connections/{id}");
    let r = b
        .send_body(Method::PATCH, &path, &json!({"enabled": enabled}))
        .await;
    assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
}

#[tokio::test]
async fn every_connection_has_three_channels_off_until_turned_on() {
    let s = TestServer::start().await;
    let listed = channels(&s, 1).await;
    assert_eq!(
        listed.iter().map(|c| c.channel).collect::<Vec<_>>(),
        Channel::ALL
    );
    assert!(listed.iter().all(|c| !c.enabled && c.latest.is_none()));
    assert!(listed.iter().all(|c| c.schedule == Schedule::Hourly));

    let orders_path = "/api/connections/1/channels/orders";
    let on = json!({"enabled": true, "schedule": "every_15_minutes"});
    let orders = change_channel(&s, orders_path, on).await;
    assert!(orders.enabled);
    assert_eq!(orders.schedule, Schedule::Every15Minutes);
    // Only what was sent changes.
    let orders = change_channel(&s, orders_path, json!({"enabled": false})).await;
    assert!(!orders.enabled);
    assert_eq!(orders.schedule, Schedule::Every15Minutes);
    assert_eq!(channels(&s, 1).await[0], orders);

    // A connection made now has its channels too.
    let id = support::create_connection(&s, "Fresh").await.id;
    assert_eq!(channels(&s, id).await.len(), 3);
}

#[tokio::test]
async fn channels_answer_as_their_connection_does_for_each_person() {
    let s = TestServer::start().await;
    let on = json!({"enabled": true});
    let path = "/api/connections/1/channels/orders";
    let owner = s.browser_as(DEMO_MERCHANT_USER).await;
    assert_eq!(
        owner.send_body(Method::PATCH, path, &on).await.status(),
        200
    );
    let staff = s.browser_as(DEMO_STAFF).await;
    assert_eq!(staff.get("/api/connections/1/channels").await.status(), 200);
    error_of(
        staff.send_body(Method::PATCH, path, &on).await,
        403,
        ErrorCode::Forbidden,
    )
    .await;
    let other = s.browser_as(OTHER_MERCHANT_USER).await;
    error_of(
        other.get("/api/connections/1/channels").await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    error_of(
        other.send_body(Method::PATCH, path, &on).await,
        404,
        ErrorCode::NotFound,
    )
    .await;
    let signed_out = s.signed_out().await;
    assert_eq!(
        signed_out.get("/api/connections/1/channels").await.status(),
        401
    );

    // Names that are not channels or schedules.
    let r = s
        .send_body(Method::PATCH, "/api/connections/1/channels/returns", &on)
        .await;
    error_saying(
        r,
        404,
        ErrorCode::NotFound,
        "orders, shipments or inventory",
    )
    .await;
    let r = s
        .send_body(Method::PATCH, path, &json!({"schedule": "every_minute"}))
        .await;
    error_of(r, 422, ErrorCode::InvalidJson).await;
    assert_eq!(s.get("/api/connections/1/runs/77").await.status(), 404);
}

/// An enabled Shopify + ShipBob connection with these sandbox inputs.
async fn pair(s: &TestServer, name: &str, shop: &str, warehouse_token: &str) -> i64 {
    let store = [
        ("shop_domain", shop),
        ("access_token", shopify::SHOPIFY_TOKEN),
    ];
    runs::connection_between(
        s,
        name,
        (Platform::Shopify, &store),
        (Platform::ShipBob, &[("access_token", warehouse_token)]),
    )
    .await
}

/// Saves a Shopify shop and token on the connection's store side.
async fn save_shopify(s: &TestServer, id: i64, shop: &str, token: &str) {
    let fields = [("shop_domain", shop), ("access_token", token)];
    runs::save_side(s, id, Side::Store, &fields).await;
}

/// An enabled connection between platforms whose Inventory does not run
/// (the first such pair: a store that keeps no stock levels).
async fn unbuilt_pair(s: &TestServer) -> i64 {
    let of = |side| {
        Platform::ALL
            .iter()
            .copied()
            .filter(move |p| p.side() == side)
    };
    let (store, warehouse) = of(Side::Store)
        .flat_map(|st| of(Side::Warehouse).map(move |w| (st, w)))
        .find(|&(st, w)| !is_built(Channel::Inventory, st, w))
        .expect("a pair whose Inventory does not run");
    let merchant = s.store.ensure_merchant("Run tests").await.unwrap().id;
    s.store
        .create_connection(merchant, "Not built", store, warehouse, true)
        .await
        .unwrap()
}

/// Presses Run now as the demo admin and waits for the run to end.
async fn run_to_end(s: &TestServer, id: i64, channel: &str) -> RunSummary {
    let run = runs::run_channel(s, id, channel).await;
    let admin = &dropstream_server::demo_seed::DEMO_USERS[dropstream_server::demo_seed::DEMO_ADMIN];
    assert_eq!(run.started_by.as_deref(), Some(admin.name));
    run
}

async fn problems(s: &TestServer, id: i64, run: &RunSummary) -> Vec<RunProblem> {
    s.get_json(&format!("/api/connections/{id}/runs/{}/problems", run.id))
        .await
}

/// An enabled pair of the Shopify sandbox `shop` and the demo's ShipBob
/// warehouse.
async fn pair_with_shop(s: &TestServer, name: &str, shop: &str) -> i64 {
    pair(s, name, shop, shipbob::SHIPBOB_TOKEN).await
}

/// [`pair_with_shop`], and its first orders run, ended.
async fn orders_run(s: &TestServer, name: &str, shop: &str) -> (i64, RunSummary) {
    let id = pair_with_shop(s, name, shop).await;
    (id, run_to_end(s, id, "orders").await)
}

/// The orders the ShipBob sandbox holds for a token.
async fn warehouse_orders(s: &TestServer, token: &str) -> Vec<serde_json::Value> {
    let url = format!("{}/1.0/order", s.sandboxes.endpoints.of(Platform::ShipBob));
    let r = reqwest::Client::new()
        .get(url)
        .bearer_auth(token)
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

#[tokio::test]
async fn a_clean_run_moves_every_order_once() {
    let s = TestServer::start().await;
    let (id, run) = orders_run(&s, "Clean", shopify::SHOPIFY_SHOP).await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let orders = shopify::SHOPIFY_ORDERS.len() as u32;
    assert_eq!(
        (run.counts.read, run.counts.created, run.counts.failed),
        (orders, orders, 0)
    );
    assert_eq!(run.diagnosis, None);
    assert_eq!(
        warehouse_orders(&s, shipbob::SHIPBOB_TOKEN).await.len(),
        orders as usize
    );

    // Again: everything is already there, nothing is created twice.
    let again = run_to_end(&s, id, "orders").await;
    assert_eq!(again.outcome, RunOutcome::Succeeded);
    assert_eq!(
        (
            again.counts.read,
            again.counts.created,
            again.counts.skipped
        ),
        (orders, 0, orders)
    );
    assert_eq!(
        warehouse_orders(&s, shipbob::SHIPBOB_TOKEN).await.len(),
        orders as usize
    );

    // The channel shows its newest run; the runs list has both.
    let listed = channels(&s, id).await;
    assert_eq!(listed[0].latest.as_ref().map(|r| r.id), Some(again.id));
    let runs: Vec<RunSummary> = s
        .get_json(&format!("/api/connections/{id}/channels/orders/runs"))
        .await;
    assert_eq!(
        runs.iter().map(|r| r.id).collect::<Vec<_>>(),
        [again.id, run.id]
    );
    // So does the connections list, for the channels that have run.
    let list: Vec<dropstream_api::ConnectionSummary> = s.get_json("/api/connections?q=Clean").await;
    assert_eq!(
        list[0].channels,
        [dropstream_api::ChannelLatest {
            channel: Channel::Orders,
            run: again.id,
            outcome: RunOutcome::Succeeded
        }]
    );
}

#[tokio::test]
async fn a_sku_one_side_lacks_fails_its_order_and_is_named() {
    let s = TestServer::start().await;
    let (id, run) = orders_run(&s, "Mismatch", shopify::SHOPIFY_MISMATCH_SHOP).await;
    assert_eq!(run.outcome, RunOutcome::Partial, "{run:?}");
    assert_eq!(
        (run.counts.read, run.counts.created, run.counts.failed),
        (3, 2, 1)
    );
    let d = run.diagnosis.clone().unwrap();
    assert_eq!(d.skus, [shopify::MISMATCHED_SKU]);
    assert_eq!(d.side, None);
    assert_eq!(d.help.anchor, "sku-mismatches");
    let log = problems(&s, id, &run).await;
    assert_eq!(log.len(), 1);
    assert_eq!(log[0].record, "Order #2001");
    assert_eq!(
        log[0].reason,
        format!("SKU {} is not in the warehouse.", shopify::MISMATCHED_SKU)
    );
}

#[tokio::test]
async fn a_token_revoked_mid_run_fails_the_run_and_names_the_warehouse() {
    let s = TestServer::start().await;
    let token = shipbob::SHIPBOB_REVOKED_MIDRUN_TOKEN;
    let id = pair(&s, "Revoked", shopify::SHOPIFY_SHOP, token).await;
    let run = run_to_end(&s, id, "orders").await;
    runs::failed_on(&run, Side::Warehouse, Category::InvalidCredentials, "run");
    let made = shipbob::REVOKED_AFTER as u32;
    assert_eq!((run.counts.read, run.counts.created), (made + 1, made));
    let d = run.diagnosis.unwrap();
    assert_eq!(
        d.message,
        "The warehouse refused our credentials: update the Warehouse credentials."
    );
    assert!(!d.guidance.is_empty());
    // No credential in the run or its log.
    let (status, text) = s
        .get_text(&format!("/api/connections/{id}/runs/{}", run.id))
        .await;
    assert_eq!(status, 200, "{text}");
    assert!(!text.contains(token), "{text}");
}

#[tokio::test]
async fn a_429_while_paging_stops_the_run_where_it_got_to() {
    let s = TestServer::start().await;
    let (_, run) = orders_run(&s, "Throttled", shopify::SHOPIFY_THROTTLED_PAGES_SHOP).await;
    runs::failed_on(&run, Side::Store, Category::RateLimited, "run");
    assert_eq!((run.counts.read, run.counts.created), (50, 50));
}

#[tokio::test]
async fn a_page_that_never_answers_ends_at_the_deadline_and_one_run_goes_at_a_time() {
    let s = TestServer::start_with(|e| e, Duration::from_millis(1500)).await;
    let id = pair_with_shop(&s, "Stalled", shopify::SHOPIFY_STALLED_PAGES_SHOP).await;
    let path = format!("/api/connections/{id}/channels/orders/runs");
    let first = s.send(Method::POST, &path).send().await.unwrap();
    assert_eq!(first.status(), 202);
    let second = s.send(Method::POST, &path).send().await.unwrap();
    error_saying(second, 409, ErrorCode::Conflict, "already going").await;
    let first: RunSummary = first.json().await.unwrap();
    let run = runs::ended(&s, &format!("/api/connections/{id}"), first.id).await;
    runs::failed_on(&run, Side::Store, Category::Network, "run");
    assert_eq!(run.counts.created, 50);
}

#[tokio::test]
async fn run_now_explains_a_disabled_connection_and_a_pair_not_built() {
    let s = TestServer::start().await;
    let id = pair_with_shop(&s, "Off", shopify::SHOPIFY_SHOP).await;
    let connection = format!("/api/connections/{id}");
    set_enabled(&s, id, false).await;
    // Disabled is said first, even for a pair not built.
    for channel in ["orders", "inventory"] {
        let r = runs::run_now(&s, &connection, channel).await;
        error_saying(r, 409, ErrorCode::Conflict, "is disabled").await;
    }
    set_enabled(&s, id, true).await;
    let r = runs::run_now(&s, &connection, "orders").await;
    assert_eq!(r.status(), 202);
    let unbuilt = format!("/api/connections/{}", unbuilt_pair(&s).await);
    let r = runs::run_now(&s, &unbuilt, "inventory").await;
    error_saying(r, 501, ErrorCode::NotBuilt, "cannot run between").await;
    // Staff see runs but do not start them.
    let staff = s.browser_as(DEMO_STAFF).await;
    let r = runs::run_now(&staff, &connection, "orders").await;
    error_of(r, 403, ErrorCode::Forbidden).await;
}

#[tokio::test]
async fn an_enabled_channel_runs_on_its_schedule_and_a_pair_not_built_stays_off() {
    let s = TestServer::start_configured(|state| {
        dropstream_server::channels::runner::spawn_schedule(
            state.clone(),
            Duration::from_millis(100),
        );
    })
    .await;
    let id = pair_with_shop(&s, "Scheduled", shopify::SHOPIFY_SHOP).await;
    let path = format!("/api/connections/{id}/channels/orders");
    change_channel(&s, &path, json!({"enabled": true})).await;
    let mut latest = None;
    for _ in 0..100 {
        tokio::time::sleep(Duration::from_millis(100)).await;
        let state: ChannelState = s.get_json(&path).await;
        latest = state
            .latest
            .filter(|run| run.outcome != RunOutcome::Running);
        if latest.is_some() {
            break;
        }
    }
    let run = latest.expect("the schedule never ran the channel");
    assert_eq!(run.started_by, None, "a scheduled run has no person");
    assert_eq!(run.outcome, RunOutcome::Succeeded);
    // Not again until its period (an hour) has passed.
    tokio::time::sleep(Duration::from_millis(400)).await;
    let runs: Vec<RunSummary> = s.get_json(&format!("{path}/runs")).await;
    assert_eq!(runs.len(), 1);

    let r = s
        .send_body(
            Method::PATCH,
            &format!(
                "/api/connections/{}/channels/inventory",
                unbuilt_pair(&s).await
            ),
            &json!({"enabled": true}),
        )
        .await;
    error_saying(r, 501, ErrorCode::NotBuilt, "stays off").await;
}

/// The orders the ShipBob sandbox at `base` holds for the demo token.
async fn orders_at(base: &str) -> usize {
    let r = reqwest::Client::new()
        .get(format!("{base}/shipbob/1.0/order"))
        .bearer_auth(shipbob::SHIPBOB_TOKEN)
        .send()
        .await
        .unwrap();
    // The list is paged; the header counts them all.
    r.headers()["total-count"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap()
}

/// Signs in to a server process and makes an enabled connection on the
/// bulk shop; returns the browser and the connection's path.
async fn bulk_connection(base: &str) -> (support::Browser, String) {
    let b = support::Browser::open(base.to_string()).await;
    b.sign_in_demo(dropstream_server::demo_seed::DEMO_ADMIN)
        .await;
    let id = support::create_connection(&b, "Bulk").await.id;
    let sides = [
        (
            "store",
            json!({"platform": "shopify", "version": 0, "fields": {
            "shop_domain": shopify::SHOPIFY_BULK_SHOP, "access_token": shopify::SHOPIFY_TOKEN}}),
        ),
        (
            "warehouse",
            json!({"platform": "shipbob", "version": 0, "fields": {
            "access_token": shipbob::SHIPBOB_TOKEN}}),
        ),
    ];
    for (side, body) in sides {
        let r = b
            .send_body(Method::PUT, &format!("/api/connections/{id}/{side}"), &body)
            .await;
        assert_eq!(r.status(), 200, "{}", r.text().await.unwrap());
    }
    set_enabled(&b, id, true).await;
    (b, format!("/api/connections/{id}"))
}

// The sandboxes run in this process, so they outlive the killed server and
// remember every order it created.
#[tokio::test]
async fn a_run_killed_midway_and_run_again_creates_no_order_twice() {
    use support::process::ServerProcess;
    let sandboxes = dropstream_server::sandbox::start().await.unwrap();
    let base = format!("http://{}", sandboxes.addr);
    let scratch = support::Scratch::new().await;
    let args = ["--demo", "--sandboxes-at", base.as_str()];
    let server = ServerProcess::start(&scratch, &args);
    let (b, connection) = bulk_connection(&server.base).await;
    let r = runs::run_now(&b, &connection, "orders").await;
    assert_eq!(r.status(), 202);
    let killed: RunSummary = r.json().await.unwrap();
    let mut made = 0;
    for _ in 0..400 {
        made = orders_at(&base).await;
        if made >= 100 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    assert!(made >= 100, "the run never got going ({made} orders)");
    server.kill();
    let before_rerun = orders_at(&base).await;
    assert!(
        before_rerun < shopify::BULK_ORDERS as usize,
        "the run finished before the kill"
    );

    let server = ServerProcess::start(&scratch, &args);
    let b = support::Browser::open(server.base.clone()).await;
    b.sign_in_demo(dropstream_server::demo_seed::DEMO_ADMIN)
        .await;
    let r = runs::run_now(&b, &connection, "orders").await;
    if support::on_postgres() {
        // The killed server's lease is a row that outlives it: the channel
        // waits for it to expire (the run deadline and 30 s).
        error_saying(r, 409, ErrorCode::Conflict, "already going").await;
        return;
    }
    assert_eq!(r.status(), 202);
    let again: RunSummary = r.json().await.unwrap();
    let run = runs::ended(&b, &connection, again.id).await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    let total = shopify::BULK_ORDERS as u32;
    assert_eq!(run.counts.read, total);
    assert_eq!(
        run.counts.created + run.counts.skipped,
        total,
        "{:?}",
        run.counts
    );
    assert!(
        run.counts.skipped as usize >= before_rerun,
        "{:?}",
        run.counts
    );
    assert_eq!(
        orders_at(&base).await,
        total as usize,
        "an order was created twice"
    );
    // The killed run is closed, saying why.
    let old: RunSummary = b
        .get_json(&format!("{connection}/runs/{}", killed.id))
        .await;
    assert_eq!(old.outcome, RunOutcome::Failed);
    assert!(old.diagnosis.unwrap().message.contains("server stopped"));
}

#[tokio::test]
async fn shipped_orders_get_their_tracking_in_the_store_once() {
    let s = TestServer::start().await;
    let (id, moved) = orders_run(&s, "Shipping", shopify::SHOPIFY_SHOP).await;
    let orders = shopify::SHOPIFY_ORDERS.len() as u32;
    assert_eq!(moved.counts.created, orders);

    let run = run_to_end(&s, id, "shipments").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    assert_eq!(
        (run.counts.read, run.counts.updated, run.counts.failed),
        (orders, orders, 0)
    );
    // The store's fulfillment orders are closed, and the warehouse lists no
    // shipment whose tracking the store lacks.
    let shop = s
        .sandboxes
        .endpoints
        .of(Platform::Shopify)
        .replace("{shop}", shopify::SHOPIFY_SHOP);
    let first = shopify::SHOPIFY_ORDERS[0].id;
    let fo = runs::json_of(
        reqwest::Client::new()
            .get(format!(
                "{shop}/admin/api/2026-07/orders/{first}/fulfillment_orders.json"
            ))
            .header("x-shopify-access-token", shopify::SHOPIFY_TOKEN),
    )
    .await;
    assert_eq!(fo["fulfillment_orders"][0]["status"], "closed");

    // Again: nothing left to send; and the store no longer lists the
    // orders as waiting to ship.
    let again = run_to_end(&s, id, "shipments").await;
    assert_eq!(
        (again.outcome, again.counts.read, again.counts.updated),
        (RunOutcome::Succeeded, 0, 0)
    );
    assert_eq!(run_to_end(&s, id, "orders").await.counts.read, 0);
}

#[tokio::test]
async fn a_store_token_without_fulfillment_scopes_fails_shipments_and_names_the_store() {
    let s = TestServer::start().await;
    let (id, moved) = orders_run(&s, "No scopes", shopify::SHOPIFY_SHOP).await;
    assert_eq!(moved.outcome, RunOutcome::Succeeded);
    save_shopify(
        &s,
        id,
        shopify::SHOPIFY_SHOP,
        shopify::FIXTURES.input("scopes missing"),
    )
    .await;

    let run = run_to_end(&s, id, "shipments").await;
    runs::failed_on(&run, Side::Store, Category::MissingPermissions, "run");
    assert_eq!(run.counts.updated, 0);
    // Nothing was marked sent: with the scope back, the next run sends all.
    let orders = shopify::SHOPIFY_ORDERS.len() as u32;
    save_shopify(&s, id, shopify::SHOPIFY_SHOP, shopify::SHOPIFY_TOKEN).await;
    let retried = run_to_end(&s, id, "shipments").await;
    assert_eq!(retried.counts.updated, orders, "{retried:?}");

    // The runs list filters by outcome.
    let runs = format!("/api/connections/{id}/channels/shipments/runs");
    for (outcome, want) in [("failed", run.id), ("succeeded", retried.id)] {
        let listed: Vec<RunSummary> = s.get_json(&format!("{runs}?outcome={outcome}")).await;
        assert_eq!(listed.iter().map(|r| r.id).collect::<Vec<_>>(), [want]);
    }
    let listed: Vec<RunSummary> = s.get_json(&runs).await;
    assert_eq!(listed.len(), 2);
    let r = s.get(&format!("{runs}?outcome=sideways")).await;
    error_of(r, 400, ErrorCode::BadRequest).await;
}

#[tokio::test]
async fn inventory_sets_each_skus_stock_once_and_names_a_sku_the_store_lacks() {
    let s = TestServer::start().await;
    let id = pair_with_shop(&s, "Stock", shopify::SHOPIFY_SHOP).await;
    let skus = shipbob::SHIPBOB_STOCK.len() as u32;
    let run = run_to_end(&s, id, "inventory").await;
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{run:?}");
    assert_eq!(
        (run.counts.read, run.counts.updated, run.counts.skipped),
        (skus, skus, 0)
    );
    // Set, not added: the same levels again change nothing.
    let again = run_to_end(&s, id, "inventory").await;
    assert_eq!(
        (
            again.counts.read,
            again.counts.updated,
            again.counts.skipped
        ),
        (skus, 0, skus)
    );

    let other = pair_with_shop(&s, "Stock mismatch", shopify::SHOPIFY_MISMATCH_SHOP).await;
    let run = run_to_end(&s, other, "inventory").await;
    assert_eq!(run.outcome, RunOutcome::Partial, "{run:?}");
    assert_eq!((run.counts.updated, run.counts.failed), (skus - 1, 1));
    let missing = "HOODIE-GREY-L";
    assert_eq!(run.diagnosis.as_ref().unwrap().skus, [missing]);
    let log = problems(&s, other, &run).await;
    assert_eq!(log[0].record, format!("SKU {missing}"));
    assert_eq!(log[0].reason, format!("SKU {missing} is not in the store."));
}
