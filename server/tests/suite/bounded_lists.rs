//! Lists read what they show: the connections list and the history page
//! by cursor, the latest run of each side is kept with the side, retention
//! prunes old runs, and the query plans of every list stay on an index.

use crate::support;

use dropstream_api::help::CommentOrder;
use dropstream_api::{ConnectionSummary, Platform, Side, TestRun, NEXT_PAGE_HEADER};
use dropstream_server::demo_seed;
use dropstream_server::store::listing::{
    connection_page_query, Arg, ConnectionCursor, ConnectionFilter,
};
use dropstream_server::store::retention::{Retention, CHANNEL_RUNS, TEST_RUNS};
use dropstream_server::store::{clock, comments, history, Scope, Store, CONNECTION_BY_ID, SUMMARY};
use sqlx::AnyPool;

use support::{Browser, Scratch, TestServer};

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
        .ensure_merchant(demo_seed::DEMO_MERCHANT)
        .await
        .unwrap()
        .id;
    let other = s
        .store
        .ensure_merchant(demo_seed::OTHER_MERCHANT)
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
    let ana = s.browser_as(demo_seed::DEMO_MERCHANT_USER).await;
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

/// The test's database, bypassing the store.
async fn raw_pool(scratch: &Scratch) -> AnyPool {
    sqlx::any::install_default_drivers();
    AnyPool::connect(&scratch.database_url()).await.unwrap()
}

async fn new_store() -> (Scratch, Store, i64) {
    let dir = Scratch::new().await;
    let store = dir.open().await.unwrap();
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
async fn seed_runs(pool: &AnyPool, id: i64, side: Side, groups: &[(u32, usize)]) {
    let mut tx = pool.begin().await.unwrap();
    let mut n = 0;
    for &(days, count) in groups {
        for _ in 0..count {
            sqlx::query(
                "INSERT INTO test_runs (connection_id, side, platform, ran_at, ran_by, ok, duration_ms)
                 VALUES ($1, $2, 'shopify', $3, $4, 1, 1)",
            )
            .bind(id)
            .bind(side.as_str())
            .bind(clock::millis(clock::shifted(-i64::from(days) * 86_400)))
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
         WHERE connection_id = $1 AND side = $2",
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
    let pool = raw_pool(&dir).await;
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
async fn old_channel_runs_go_with_their_logs_but_the_newest_and_running_ones_stay() {
    let (dir, store, merchant) = new_store().await;
    let pool = raw_pool(&dir).await;
    let id = connection(&store, merchant, "runs").await;
    // A run still going (its server died), then 30 ended runs, all old,
    // each with a log line.
    for n in 0..31 {
        let outcome = if n == 0 { "running" } else { "partial" };
        let run: i64 = sqlx::query_scalar(
            "INSERT INTO channel_runs (connection_id, channel, started_at, outcome)
             VALUES ($1, 'orders', $2, $3) RETURNING id",
        )
        .bind(id)
        .bind(clock::millis(clock::shifted(-200 * 86_400)))
        .bind(outcome)
        .fetch_one(&pool)
        .await
        .unwrap();
        store
            .add_problem(run, &format!("Order #{n}"), None, "a reason")
            .await
            .unwrap();
    }
    let keep = Retention {
        days: 90,
        per_side: 5,
    };
    assert_eq!(store.prune_runs(keep).await.unwrap(), 25);
    let left: Vec<String> = sqlx::query_scalar(
        "SELECT r.outcome FROM channel_runs r WHERE r.connection_id = $1 ORDER BY r.id",
    )
    .bind(id)
    .fetch_all(&pool)
    .await
    .unwrap();
    assert_eq!(
        left,
        ["running", "partial", "partial", "partial", "partial", "partial"]
    );
    let logs: i64 = sqlx::query_scalar("SELECT count(*) FROM run_problems")
        .fetch_one(&pool)
        .await
        .unwrap();
    assert_eq!(logs, 6, "a pruned run's log goes with it");
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
    let pool = raw_pool(&dir).await;
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

    let store = dir.open().await.unwrap();
    let summary = store.connection(id, Scope::All).await.unwrap().unwrap();
    assert_eq!(summary.store_last, None);
    assert_eq!(summary.warehouse_last.unwrap().ran_by, "run 2");
}

/// What makes a plan unbounded: a full pass over a table or an index
/// (`SCAN`), or a sort of everything that matched (`TEMP B-TREE`). An
/// ordered walk of a connections index under a LIMIT is the one `SCAN`
/// a page may use.
fn unbounded_steps(plan: &[String]) -> Vec<String> {
    if support::on_postgres() {
        return unbounded_postgres_steps(plan);
    }
    plan.iter()
        .filter(|step| {
            let ordered_page = step.starts_with("SCAN c USING INDEX connections_by_name")
                || step.starts_with("SCAN c USING INDEX connections_by_merchant_name")
                || step.starts_with("SCAN c USING COVERING INDEX connections_by_");
            (step.starts_with("SCAN ") && !ordered_page) || step.contains("TEMP B-TREE")
        })
        .cloned()
        .collect()
}

/// PostgreSQL's steps that read a table whole or sort what they read: a
/// sequential scan, a sort, or an index scan of `test_runs` or `comments`
/// with no condition on the index (the whole index in order). The
/// connections list may walk its name index in order: its LIMIT stops it.
fn unbounded_postgres_steps(plan: &[String]) -> Vec<String> {
    let node = |line: &str| {
        let line = line.trim_start().trim_start_matches("->").trim_start();
        !line.starts_with(char::is_lowercase) && line.contains("(cost=")
    };
    let mut bad = Vec::new();
    for (i, line) in plan.iter().enumerate() {
        if !node(line) {
            continue;
        }
        let details: Vec<&String> = plan[i + 1..].iter().take_while(|l| !node(l)).collect();
        let conditioned = details.iter().any(|d| d.contains("Index Cond"));
        let runs_or_comments = line.contains(" on test_runs") || line.contains(" on comments");
        if line.contains("Seq Scan")
            || line
                .trim_start()
                .trim_start_matches("->")
                .trim_start()
                .starts_with("Sort ")
            || (line.contains("Index") && runs_or_comments && !conditioned)
        {
            bad.push(line.trim().to_string());
        }
    }
    bad
}

#[tokio::test]
async fn list_queries_search_an_index_and_never_scan_runs_or_comments() {
    let (_dir, store, merchant) = new_store().await;
    // Enough rows that a full scan would be a choice the planner could make.
    for n in 0..20 {
        let id = connection(&store, merchant, &format!("c{n}")).await;
        store.record_run(id, &run(Side::Store, "x")).await.unwrap();
    }
    let cursor = ConnectionCursor {
        name: "c3".into(),
        id: 4,
    };
    let filtered = ConnectionFilter {
        merchant: Some(merchant),
        enabled: Some(true),
        store: Some(Platform::Shopify),
        warehouse: None,
        name_contains: Some("c".into()),
    };
    let int = Arg::Int;
    let text = |t: &str| Arg::Text(t.to_string());
    let mut statements: Vec<(String, String, Vec<Arg>)> = Vec::new();
    for (label, scope, filter, after) in [
        (
            "list, everyone",
            Scope::All,
            ConnectionFilter::default(),
            None,
        ),
        (
            "list, everyone, next page",
            Scope::All,
            ConnectionFilter::default(),
            Some(&cursor),
        ),
        (
            "list, one merchant",
            Scope::Merchant(merchant),
            ConnectionFilter::default(),
            None,
        ),
        (
            "list, one merchant, next page",
            Scope::Merchant(merchant),
            ConnectionFilter::default(),
            Some(&cursor),
        ),
        (
            "list, filtered, next page",
            Scope::All,
            filtered.clone(),
            Some(&cursor),
        ),
    ] {
        let (sql, args) = connection_page_query(store.dialect(), scope, &filter, after, 50);
        statements.push((label.into(), sql, args));
    }
    let ids: Vec<Arg> = (1..=50).map(int).collect();
    statements.extend([
        (
            "latest runs of a page".into(),
            history::latest_runs_sql(50),
            ids,
        ),
        (
            "one connection (detail)".into(),
            format!("{SUMMARY} {CONNECTION_BY_ID}"),
            vec![int(1), int(merchant), int(merchant)],
        ),
        (
            "latest runs of one connection (detail)".into(),
            history::latest_runs_sql(1),
            vec![int(1)],
        ),
        (
            "history, first page".into(),
            history::HISTORY_FIRST_PAGE.into(),
            vec![int(1), text("store"), int(51)],
        ),
        (
            "history, older page".into(),
            history::HISTORY_PAGE_BEFORE.into(),
            vec![int(1), text("store"), int(900), int(51)],
        ),
        (
            "comments, newest first".into(),
            comments::comment_page_sql(CommentOrder::Newest),
            vec![text("testing"), Arg::Int(7), Arg::Int(7), int(21)],
        ),
        (
            "comments, oldest first".into(),
            comments::comment_page_sql(CommentOrder::Oldest),
            vec![text("testing"), Arg::Int(7), Arg::Int(7), int(21)],
        ),
        (
            "comment count".into(),
            comments::COMMENT_COUNT.into(),
            vec![text("testing")],
        ),
        (
            "retention, sides".into(),
            TEST_RUNS.keys_after(),
            vec![int(3), text("store"), int(200)],
        ),
        (
            "retention, one side".into(),
            TEST_RUNS.prune(),
            vec![
                int(1),
                text("store"),
                int(1),
                text("store"),
                int(999),
                int(500),
                text("-90 days"),
            ],
        ),
        (
            "retention, channels".into(),
            CHANNEL_RUNS.keys_after(),
            vec![int(3), text("orders"), int(200)],
        ),
        (
            "retention, one channel".into(),
            CHANNEL_RUNS.prune(),
            vec![
                int(1),
                text("orders"),
                int(1),
                text("orders"),
                int(999),
                int(500),
                text("-90 days"),
            ],
        ),
    ]);
    let mut report = String::new();
    let mut failures = Vec::new();
    for (label, sql, args) in &statements {
        let plan = store.query_plan(sql, args).await.unwrap();
        report.push_str(&format!("{label}:\n    {}\n", plan.join("\n    ")));
        let bad = unbounded_steps(&plan);
        if !bad.is_empty() {
            failures.push(format!("{label}: {bad:?}"));
        }
        assert!(
            !plan.iter().any(|s| s.starts_with("SCAN test_runs")
                || s.starts_with("SCAN r ")
                || s.starts_with("SCAN comments")),
            "{label}: {plan:?}"
        );
    }
    println!("{report}");
    assert!(failures.is_empty(), "{failures:#?}\n{report}");

    // The check can fail: the latest-run lookup this replaced groups every run.
    let grouped = "SELECT connection_id, side FROM test_runs
         WHERE id IN (SELECT max(id) FROM test_runs GROUP BY connection_id, side)";
    let plan = store.query_plan(grouped, &[]).await.unwrap();
    println!("replaced latest-run lookup:\n    {}", plan.join("\n    "));
    assert!(
        !unbounded_steps(&plan).is_empty(),
        "the old lookup passes: {plan:?}"
    );
}

/// Timing, not a check: `cargo test -p dropstream-server --test suite
/// bounded_lists:: -- --ignored --nocapture` (add `--release` for figures
/// worth quoting). Seeds 1,000 connections, then at 10,000 and at 100,000
/// recorded runs times the list the way it was read before (every
/// connection, the latest runs found by grouping every run) against one
/// page now and every page now, and the latest-run lookups alone.
#[tokio::test]
#[ignore]
async fn measure_the_connections_list_with_100k_runs() {
    use std::time::Instant;
    const ROUNDS: u32 = 20;
    let (dir, store, merchant) = new_store().await;
    let pool = raw_pool(&dir).await;
    let mut tx = pool.begin().await.unwrap();
    for n in 0..1_000 {
        sqlx::query(
            "INSERT INTO connections (name, store_platform, warehouse_platform, merchant_id)
             VALUES (?, 'shopify', 'shipbob', ?)",
        )
        .bind(format!("Connection {n:04}"))
        .bind(merchant)
        .execute(&mut *tx)
        .await
        .unwrap();
    }
    sqlx::query(
        "INSERT INTO sides (connection_id, side)
         SELECT id, 'store' FROM connections UNION ALL SELECT id, 'warehouse' FROM connections",
    )
    .execute(&mut *tx)
    .await
    .unwrap();
    tx.commit().await.unwrap();
    let ids: Vec<i64> = sqlx::query_scalar("SELECT id FROM connections")
        .fetch_all(&pool)
        .await
        .unwrap();
    let old_list = format!("{SUMMARY} ORDER BY c.name COLLATE NOCASE, c.id");
    let old_latest = "SELECT connection_id, side, platform, ran_at, ran_by, ok, category,
            http_status, duration_ms FROM test_runs
         WHERE id IN (SELECT max(id) FROM test_runs GROUP BY connection_id, side)";
    let time = |label: &str, elapsed: std::time::Duration| {
        let ms = elapsed.as_secs_f64() * 1000.0 / f64::from(ROUNDS);
        println!("  {label}: {ms:.2} ms");
        ms
    };

    let mut recorded = 0;
    for runs in [10_000, 100_000] {
        // Runs go round the sides, 1,000 connections at a time.
        sqlx::query(
            "WITH RECURSIVE n(i) AS (SELECT ? UNION ALL SELECT i + 1 FROM n WHERE i < ? - 1)
             INSERT INTO test_runs (connection_id, side, platform, ran_by, ok, duration_ms)
             SELECT (SELECT min(id) FROM connections) + i % 1000,
                    CASE WHEN (i / 1000) % 2 = 0 THEN 'store' ELSE 'warehouse' END,
                    CASE WHEN (i / 1000) % 2 = 0 THEN 'shopify' ELSE 'shipbob' END,
                    'seed', 1, 1
             FROM n",
        )
        .bind(recorded)
        .bind(runs)
        .execute(&pool)
        .await
        .unwrap();
        recorded = runs;
        sqlx::query(
            "UPDATE sides SET last_run_id = (SELECT max(id) FROM test_runs t
                 WHERE t.connection_id = sides.connection_id AND t.side = sides.side)",
        )
        .execute(&pool)
        .await
        .unwrap();
        println!("{runs} runs recorded, 1,000 connections:");

        let started = Instant::now();
        for _ in 0..ROUNDS {
            let rows = sqlx::query(&old_list).fetch_all(&pool).await.unwrap();
            let latest = sqlx::query(old_latest).fetch_all(&pool).await.unwrap();
            assert_eq!((rows.len(), latest.len()), (1_000, 2_000));
        }
        let before = time(
            "before: every connection + grouped latest runs",
            started.elapsed(),
        );
        let started = Instant::now();
        for _ in 0..ROUNDS {
            let page = store
                .connection_page(Scope::All, &ConnectionFilter::default(), None, 100)
                .await
                .unwrap();
            assert_eq!(page.connections.len(), 100);
            assert!(page.connections.iter().all(|c| c.warehouse_last.is_some()));
        }
        let page = time("after: one page of 100", started.elapsed());
        let started = Instant::now();
        for _ in 0..ROUNDS {
            let mut after = None;
            let mut seen = 0;
            loop {
                let p = store
                    .connection_page(
                        Scope::All,
                        &ConnectionFilter::default(),
                        after.as_ref(),
                        100,
                    )
                    .await
                    .unwrap();
                seen += p.connections.len();
                match p.next {
                    Some(next) => after = Some(next),
                    None => break,
                }
            }
            assert_eq!(seen, 1_000);
        }
        let all = time("after: all ten pages of 100", started.elapsed());

        let started = Instant::now();
        for _ in 0..ROUNDS {
            sqlx::query(old_latest).fetch_all(&pool).await.unwrap();
        }
        let grouped = time(
            "before: grouped latest runs of all sides",
            started.elapsed(),
        );
        let started = Instant::now();
        for _ in 0..ROUNDS {
            for chunk in ids.chunks(100) {
                let sql = history::latest_runs_sql(chunk.len());
                let rows = chunk
                    .iter()
                    .fold(sqlx::query(&sql), |q, id| q.bind(id))
                    .fetch_all(&pool)
                    .await
                    .unwrap();
                assert_eq!(rows.len(), chunk.len() * 2);
            }
        }
        let kept = time("after: latest runs kept on all sides", started.elapsed());
        println!(
            "  ratios: before / one page {:.1}, before / all pages {:.1}, grouped / kept {:.1}",
            before / page,
            before / all,
            grouped / kept
        );
    }
}
