//! Lists read what they show: the connections list and the history page
//! by cursor, the latest run of each side is kept with the side, and
//! retention prunes old runs.

mod support;

use dropstream_api::{ConnectionSummary, Platform, Side, TestRun, NEXT_PAGE_HEADER};
use dropstream_server::demo;
use dropstream_server::store::listing::ConnectionFilter;
use dropstream_server::store::retention::Retention;
use dropstream_server::store::{Scope, Store};
use sqlx::SqlitePool;
use std::path::Path;
use support::{Browser, TestServer};

fn run(side: Side, ran_by: &str) -> TestRun {
    TestRun {
        at: String::new(),
        ran_by: ran_by.to_string(),
        side,
        platform: match side {
            Side::Store => Platform::Shopify,
            Side::Warehouse => Platform::ShipBob,
        },
        ok: true,
        category: None,
        http_status: Some(200),
        duration_ms: 1,
    }
}

/// GET that also answers the next-page header.
async fn get_page(b: &Browser, path: &str) -> (u16, String, Option<String>) {
    let r = b.client.get(b.url(path)).send().await.unwrap();
    let next = r
        .headers()
        .get(NEXT_PAGE_HEADER)
        .map(|v| v.to_str().unwrap().to_string());
    (r.status().as_u16(), r.text().await.unwrap(), next)
}

/// Every page of `path` (which already has a `?`), following the cursor.
async fn all_pages(b: &Browser, path: &str, cursor: &str) -> Vec<Vec<ConnectionSummary>> {
    let mut pages = Vec::new();
    let mut next: Option<String> = None;
    loop {
        let url = match &next {
            Some(c) => format!("{path}&{cursor}={c}"),
            None => path.to_string(),
        };
        let (status, body, more) = get_page(b, &url).await;
        assert_eq!(status, 200, "{url}: {body}");
        pages.push(serde_json::from_str(&body).unwrap());
        match more {
            Some(c) => next = Some(c),
            None => return pages,
        }
        assert!(pages.len() < 100, "the cursor never ends");
    }
}

fn names(list: &[ConnectionSummary]) -> Vec<String> {
    list.iter().map(|c| c.name.clone()).collect()
}

#[tokio::test]
async fn the_connections_list_pages_by_cursor_within_the_viewers_merchant() {
    let s = TestServer::start().await;
    let own = s
        .store
        .ensure_merchant(demo::DEMO_MERCHANT)
        .await
        .unwrap()
        .id;
    let other = s
        .store
        .ensure_merchant(demo::OTHER_MERCHANT)
        .await
        .unwrap()
        .id;
    // Names that differ only in case, and a repeated name, sort by id.
    for (merchant, name, enabled) in [
        (own, "acme east", true),
        (own, "ACME East", false),
        (own, "Acme east", true),
        (own, "Zebra", false),
        (own, "b: colon", true),
        (other, "acme other", true),
        (other, "Other 2", false),
    ] {
        s.store
            .create_connection(
                merchant,
                name,
                Platform::Shopify,
                Platform::ShipBob,
                enabled,
            )
            .await
            .unwrap();
    }

    // Admin: every merchant, pages of 2, the same order as one big page.
    let (status, body, next) = get_page(&s, "/api/connections?limit=500").await;
    assert_eq!((status, next), (200, None), "{body}");
    let everything: Vec<ConnectionSummary> = serde_json::from_str(&body).unwrap();
    // The five demo connections and these seven.
    assert_eq!(everything.len(), 12, "{:?}", names(&everything));
    let mut sorted = everything.clone();
    sorted.sort_by_key(|c| (c.name.to_lowercase(), c.id));
    assert_eq!(names(&everything), names(&sorted));
    let pages = all_pages(&s, "/api/connections?limit=2", "after").await;
    assert_eq!(pages.len(), 6);
    assert!(pages.iter().all(|p| p.len() <= 2 && !p.is_empty()));
    assert_eq!(pages.concat(), everything);
    // The default page holds them all here, with no next page.
    let (_, body, next) = get_page(&s, "/api/connections").await;
    assert_eq!(next, None);
    assert_eq!(
        serde_json::from_str::<Vec<ConnectionSummary>>(&body).unwrap(),
        everything
    );

    // A merchant user pages through its own merchant's only, even when it
    // names another merchant.
    let ana = s.browser_as(demo::DEMO_MERCHANT_USER).await;
    let mine = all_pages(&ana, "/api/connections?limit=2", "after")
        .await
        .concat();
    assert!(
        mine.iter().all(|c| c.merchant_id == own),
        "{:?}",
        names(&mine)
    );
    let expected: Vec<_> = everything
        .iter()
        .filter(|c| c.merchant_id == own)
        .cloned()
        .collect();
    assert_eq!(mine, expected);
    let (status, body, _) = get_page(&ana, &format!("/api/connections?merchant={other}")).await;
    assert_eq!((status, body.as_str()), (200, "[]"));

    // Filters page too.
    let enabled = all_pages(
        &s,
        "/api/connections?limit=1&status=enabled&q=acme",
        "after",
    )
    .await
    .concat();
    assert_eq!(
        names(&enabled),
        ["acme east", "Acme east", "acme other"],
        "{enabled:?}"
    );
    let by_merchant = all_pages(
        &s,
        &format!("/api/connections?merchant={other}&limit=1"),
        "after",
    )
    .await
    .concat();
    let theirs: Vec<_> = everything
        .iter()
        .filter(|c| c.merchant_id == other)
        .cloned()
        .collect();
    assert!(theirs.len() >= 2);
    assert_eq!(by_merchant, theirs);
    let shopify = all_pages(
        &s,
        "/api/connections?store=shopify&warehouse=shipbob",
        "after",
    )
    .await
    .concat();
    assert!(shopify.iter().all(
        |c| c.store_platform == Platform::Shopify && c.warehouse_platform == Platform::ShipBob
    ));

    for bad in [
        "limit=0",
        "limit=501",
        "limit=ten",
        "after=zz",
        "status=paused",
        "store=shipbob",
        "merchant=one",
    ] {
        let (status, body, _) = get_page(&s, &format!("/api/connections?{bad}")).await;
        assert_eq!(status, 400, "{bad}: {body}");
    }
}

#[tokio::test]
async fn history_pages_by_cursor_beyond_the_latest_50() {
    let s = TestServer::start().await;
    for n in 0..120 {
        s.store
            .record_run(1, &run(Side::Store, &format!("run {n}")))
            .await
            .unwrap();
    }
    s.store
        .record_run(1, &run(Side::Warehouse, "other side"))
        .await
        .unwrap();
    let mut seen = Vec::new();
    let mut path = "/api/connections/1/store/history".to_string();
    let mut sizes = Vec::new();
    loop {
        let (status, body, next) = get_page(&s, &path).await;
        assert_eq!(status, 200, "{body}");
        let runs: Vec<TestRun> = serde_json::from_str(&body).unwrap();
        sizes.push(runs.len());
        seen.extend(runs.into_iter().map(|r| r.ran_by));
        match next {
            Some(before) => path = format!("/api/connections/1/store/history?before={before}"),
            None => break,
        }
    }
    assert_eq!(sizes, [50, 50, 20]);
    let expected: Vec<String> = (0..120).rev().map(|n| format!("run {n}")).collect();
    assert_eq!(seen, expected);

    let (status, _, _) = get_page(&s, "/api/connections/1/store/history?before=abc").await;
    assert_eq!(status, 400);
    // The list shows the newest run of each side.
    let (_, body, _) = get_page(&s, "/api/connections").await;
    let list: Vec<ConnectionSummary> = serde_json::from_str(&body).unwrap();
    let first = list.iter().find(|c| c.id == 1).unwrap();
    assert_eq!(first.store_last.as_ref().unwrap().ran_by, "run 119");
    assert_eq!(first.warehouse_last.as_ref().unwrap().ran_by, "other side");
}

async fn raw_pool(dir: &Path) -> SqlitePool {
    let path = dir.join("dropstream.sqlite3");
    SqlitePool::connect(&format!("sqlite://{}", path.display()))
        .await
        .unwrap()
}

async fn new_store() -> (tempfile::TempDir, Store, i64) {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open_dir(dir.path()).await.unwrap();
    let merchant = store.ensure_merchant("Bounded").await.unwrap().id;
    (dir, store, merchant)
}

async fn connection(store: &Store, merchant: i64, name: &str) -> i64 {
    store
        .create_connection(merchant, name, Platform::Shopify, Platform::ShipBob, true)
        .await
        .unwrap()
}

/// Inserts runs of one side, oldest first: `(days_ago, how_many)` groups.
/// Returns nothing; the test reads back through the store.
async fn seed_runs(pool: &SqlitePool, id: i64, side: Side, groups: &[(u32, usize)]) {
    let mut tx = pool.begin().await.unwrap();
    let mut n = 0;
    for &(days, count) in groups {
        for _ in 0..count {
            sqlx::query(
                "INSERT INTO test_runs (connection_id, side, platform, ran_at, ran_by, ok, duration_ms)
                 VALUES (?, ?, 'shopify', strftime('%Y-%m-%dT%H:%M:%fZ', 'now', ?), ?, 1, 1)",
            )
            .bind(id)
            .bind(side.as_str())
            .bind(format!("-{days} days"))
            .bind(format!("run {n}"))
            .execute(&mut *tx)
            .await
            .unwrap();
            n += 1;
        }
    }
    sqlx::query(
        "UPDATE sides SET last_run_id = (SELECT max(id) FROM test_runs
             WHERE connection_id = sides.connection_id AND side = sides.side)
         WHERE connection_id = ? AND side = ?",
    )
    .bind(id)
    .bind(side.as_str())
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
}

async fn surviving(store: &Store, id: i64, side: Side) -> Vec<String> {
    let mut all = Vec::new();
    let mut before = None;
    loop {
        let page = store.history_page(id, side, before, 50).await.unwrap();
        all.extend(page.runs.into_iter().map(|r| r.ran_by));
        match page.next_before {
            Some(b) => before = Some(b),
            None => return all,
        }
    }
}

fn run_names(range: std::ops::Range<usize>) -> Vec<String> {
    range.rev().map(|n| format!("run {n}")).collect()
}

#[tokio::test]
async fn retention_keeps_recent_runs_and_the_newest_of_each_side_whichever_is_more() {
    assert_eq!(
        Retention::default(),
        Retention {
            days: 90,
            per_side: 1_000
        }
    );
    let (dir, store, merchant) = new_store().await;
    let pool = raw_pool(dir.path()).await;
    let keep = Retention {
        days: 90,
        per_side: 10,
    };
    // Old and many: the newest 10 stay.
    let a = connection(&store, merchant, "all old").await;
    seed_runs(&pool, a, Side::Store, &[(400, 700)]).await;
    // Recent and many: all stay.
    let b = connection(&store, merchant, "all recent").await;
    seed_runs(&pool, b, Side::Store, &[(10, 25)]).await;
    // Old then recent, more recent than kept by count: the recent stay.
    let c = connection(&store, merchant, "mostly recent").await;
    seed_runs(&pool, c, Side::Store, &[(200, 5), (89, 15)]).await;
    // Old then a few recent: the newest 10 stay, some of them old.
    let d = connection(&store, merchant, "mostly old").await;
    seed_runs(&pool, d, Side::Warehouse, &[(100, 20), (1, 3)]).await;
    // Few and old: all stay.
    seed_runs(&pool, d, Side::Store, &[(1000, 4)]).await;

    let deleted = store.prune_runs(keep).await.unwrap();
    assert_eq!(deleted, 690 + 5 + 13);
    assert_eq!(surviving(&store, a, Side::Store).await, run_names(690..700));
    assert_eq!(surviving(&store, b, Side::Store).await, run_names(0..25));
    assert_eq!(surviving(&store, c, Side::Store).await, run_names(5..20));
    assert_eq!(
        surviving(&store, d, Side::Warehouse).await,
        run_names(13..23)
    );
    assert_eq!(surviving(&store, d, Side::Store).await, run_names(0..4));
    assert_eq!(
        store.prune_runs(keep).await.unwrap(),
        0,
        "nothing left to prune"
    );

    // The lists still show each side's newest run.
    let page = store
        .connection_page(Scope::All, &ConnectionFilter::default(), None, 10)
        .await
        .unwrap();
    let last = |id: i64| {
        let c = page.connections.iter().find(|c| c.id == id).unwrap();
        (
            c.store_last.clone().map(|r| r.ran_by),
            c.warehouse_last.clone().map(|r| r.ran_by),
        )
    };
    assert_eq!(last(a), (Some("run 699".into()), None));
    assert_eq!(last(d), (Some("run 3".into()), Some("run 22".into())));
}

#[tokio::test]
async fn the_latest_run_of_each_side_is_backfilled_by_the_migration() {
    let (dir, store, merchant) = new_store().await;
    let id = connection(&store, merchant, "from before").await;
    for n in 0..3 {
        store
            .record_run(id, &run(Side::Warehouse, &format!("run {n}")))
            .await
            .unwrap();
    }
    drop(store);
    // Back to the schema before the migration, with its runs.
    let pool = raw_pool(dir.path()).await;
    for sql in [
        "DROP INDEX connections_by_name",
        "DROP INDEX connections_by_merchant_name",
        "CREATE INDEX connections_by_merchant ON connections (merchant_id)",
        "ALTER TABLE sides DROP COLUMN last_run_id",
        "DELETE FROM _sqlx_migrations WHERE version = 5",
    ] {
        sqlx::query(sql).execute(&pool).await.unwrap();
    }
    pool.close().await;

    let store = Store::open_dir(dir.path()).await.unwrap();
    let summary = store.connection(id, Scope::All).await.unwrap().unwrap();
    assert_eq!(summary.store_last, None);
    assert_eq!(summary.warehouse_last.unwrap().ran_by, "run 2");
}
