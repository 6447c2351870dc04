//! `seed-load`'s data, on SQLite or (with DROPSTREAM_TEST_POSTGRES) on
//! PostgreSQL: every run lands on a side of a seeded connection, with the
//! side's platform, newest last, and each side's latest run is the one the
//! lists show.

use crate::support;

use dropstream_api::{Platform, Side};
use dropstream_server::store::load_seed::{load_platforms, LoadSeed};
use dropstream_server::store::{SavedCredentials, Scope, Secret};

fn any_values(platform: Platform) -> SavedCredentials {
    platform
        .fields()
        .iter()
        .map(|f| (f.key.to_string(), Secret::new("value")))
        .collect()
}

#[tokio::test]
async fn seeds_connections_runs_and_latest_runs() {
    let dir = tempfile::tempdir().unwrap();
    let store = support::open_store(dir.path()).await;
    let seeded = store
        .seed_load(LoadSeed {
            connections: 7,
            runs: 1_500,
            credentials: &any_values,
        })
        .await
        .unwrap();
    assert_eq!(seeded.runs, 1_500);
    assert_eq!(seeded.last_id - seeded.first_id, 6);

    let mut total = 0;
    for n in 0..7 {
        let id = seeded.first_id + n;
        let (store_platform, warehouse_platform) = load_platforms(n as u32);
        let summary = store.connection(id, Scope::All).await.unwrap().unwrap();
        for (side, platform) in [
            (Side::Store, store_platform),
            (Side::Warehouse, warehouse_platform),
        ] {
            assert_eq!(summary.platform(side), platform);
            assert_eq!(
                store.credentials(id, side).await.unwrap().len(),
                platform.fields().len()
            );
            let mut before = None;
            let mut runs = Vec::new();
            loop {
                let page = store.history_page(id, side, before, 50).await.unwrap();
                runs.extend(page.runs);
                match page.next_before {
                    Some(next) => before = Some(next),
                    None => break,
                }
            }
            assert!(runs
                .iter()
                .all(|r| r.platform == platform && r.side == side));
            assert!(runs.windows(2).all(|w| w[0].at > w[1].at), "newest first");
            assert_eq!(runs[0].at.len(), "2026-01-01T00:00:00.000Z".len());
            let latest = match side {
                Side::Store => &summary.store_last,
                Side::Warehouse => &summary.warehouse_last,
            };
            assert_eq!(latest.as_ref(), runs.first());
            total += runs.len();
        }
    }
    assert_eq!(total, 1_500);

    let again = store
        .seed_load(LoadSeed {
            connections: 1,
            runs: 0,
            credentials: &any_values,
        })
        .await;
    assert!(again.is_err(), "a second seeding is refused");
}
