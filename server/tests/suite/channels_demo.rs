//! Every connection the demo seeds, through all three channels: Sales
//! Orders moves its store's open orders into its warehouse, Shipments
//! brings each of them back with its tracking (and the store stops listing
//! it as open), Inventory sets every SKU the warehouse stocks; run again,
//! each moves nothing twice.

use crate::support::{runs, TestServer};
use dropstream_api::{Channel, RunOutcome, RunSummary};
use dropstream_server::channels::runner;
use dropstream_server::demo_seed;

fn ended_well(run: &RunSummary, what: impl std::fmt::Display) {
    assert_eq!(run.outcome, RunOutcome::Succeeded, "{what}: {run:?}");
    assert_eq!(run.counts.failed, 0, "{what}: {run:?}");
}

#[tokio::test]
async fn every_demo_connection_moves_its_orders_shipments_and_stock_once() {
    let s = TestServer::start().await;
    for (id, store, warehouse) in demo_seed::pairs() {
        let orders = runs::run_channel(&s, id, "orders").await;
        ended_well(&orders, format_args!("{store} + {warehouse} orders"));
        let moved = orders.counts.created;
        assert!(moved > 0, "{store}: {orders:?}");

        let shipped = runs::run_channel(&s, id, "shipments").await;
        ended_well(&shipped, format_args!("{store} + {warehouse} shipments"));
        assert_eq!(shipped.counts.updated, moved, "{store}: {shipped:?}");
        let again = runs::run_channel(&s, id, "shipments").await;
        ended_well(
            &again,
            format_args!("{store} + {warehouse} shipments again"),
        );
        assert_eq!(again.counts.updated, 0, "{store}: {again:?}");
        // A shipped order is no longer open on the store.
        let reread = runs::run_channel(&s, id, "orders").await;
        assert_eq!(reread.counts.read, 0, "{store}: {reread:?}");

        if let Some(why) = runner::cannot_run(Channel::Inventory, store, warehouse) {
            // ShipStation keeps no stock levels: Run now says so.
            let r = runs::run_now(&s, &format!("/api/connections/{id}"), "inventory").await;
            assert_eq!(r.status(), 501, "{store}");
            let body: serde_json::Value = r.json().await.unwrap();
            assert_eq!(body["message"], why.as_str(), "{store}");
            continue;
        }
        let stock = runs::run_channel(&s, id, "inventory").await;
        ended_well(&stock, format_args!("{store} + {warehouse} inventory"));
        let levels = stock.counts.read;
        assert!(levels > 0, "{store}: {stock:?}");
        assert_eq!(stock.counts.updated, levels, "{store}: {stock:?}");
        let again = runs::run_channel(&s, id, "inventory").await;
        ended_well(
            &again,
            format_args!("{store} + {warehouse} inventory again"),
        );
        assert_eq!(
            (again.counts.updated, again.counts.skipped),
            (0, levels),
            "{store}: {again:?}"
        );
    }
}
