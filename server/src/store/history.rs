//! The Test Connection history: one row per run that reached a platform.
//! Every read here is bounded by what it returns: a page of one side's runs,
//! or the latest run of the sides asked for (kept on the side row).

use super::{numbered_params, platform_column, Store};
use dropstream_api::{Category, Side, TestRun};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;

/// Most runs one history answer lists.
pub const HISTORY_LIMIT: i64 = 50;

/// The columns of a run, from `test_runs r`.
macro_rules! run_columns {
    () => {
        "r.id, r.connection_id, r.side, r.platform, r.ran_at, r.ran_by, r.ok, r.category,
         r.http_status, r.duration_ms"
    };
}

/// The newest runs of one side.
pub const HISTORY_FIRST_PAGE: &str = concat!(
    "SELECT ",
    run_columns!(),
    " FROM test_runs r WHERE r.connection_id = $1 AND r.side = $2
     ORDER BY r.id DESC LIMIT $3"
);

/// The runs of one side older than a given run.
pub const HISTORY_PAGE_BEFORE: &str = concat!(
    "SELECT ",
    run_columns!(),
    " FROM test_runs r WHERE r.connection_id = $1 AND r.side = $2 AND r.id < $3
     ORDER BY r.id DESC LIMIT $4"
);

/// The latest run of each side of the connections whose ids fill `(…)`.
pub fn latest_runs_sql(connections: usize) -> String {
    let ids = numbered_params(connections);
    format!(
        concat!(
            "SELECT ",
            run_columns!(),
            " FROM sides s JOIN test_runs r ON r.id = s.last_run_id
             WHERE s.connection_id IN ({})"
        ),
        ids
    )
}

/// One page of a side's history, newest first.
#[derive(Clone, Debug, PartialEq)]
pub struct HistoryPage {
    pub runs: Vec<TestRun>,
    /// Pass as `before` for the next (older) page; `None` on the last.
    pub next_before: Option<i64>,
}

impl Store {
    /// Appends a run and makes it its side's latest, in one transaction.
    /// `run.at` is ignored: the run is stamped with the time it is recorded.
    pub async fn record_run(&self, id: i64, run: &TestRun) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        let run_id: i64 = sqlx::query_scalar(
            "INSERT INTO test_runs
                 (connection_id, side, platform, ran_by, ok, category, http_status, duration_ms,
                  ran_at)
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
             RETURNING id",
        )
        .bind(id)
        .bind(run.side.as_str())
        .bind(run.platform.as_str())
        .bind(&run.ran_by)
        .bind(i64::from(run.ok))
        .bind(run.category.map(Category::as_str))
        .bind(run.http_status.map(i64::from))
        .bind(i64::try_from(run.duration_ms).unwrap_or(i64::MAX))
        .bind(super::clock::now_millis())
        .fetch_one(&mut *tx)
        .await?;
        // Never moves back, should two recordings of one side interleave.
        sqlx::query(
            "UPDATE sides SET last_run_id = $1
             WHERE connection_id = $2 AND side = $3 AND (last_run_id IS NULL OR last_run_id < $4)",
        )
        .bind(run_id)
        .bind(id)
        .bind(run.side.as_str())
        .bind(run_id)
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// The latest `limit` runs of one side, newest first.
    pub async fn history(&self, id: i64, side: Side, limit: i64) -> sqlx::Result<Vec<TestRun>> {
        Ok(self.history_page(id, side, None, limit).await?.runs)
    }

    /// Up to `limit` runs of one side older than run `before` (the newest
    /// when `None`), newest first, and where the next page starts.
    pub async fn history_page(
        &self,
        id: i64,
        side: Side,
        before: Option<i64>,
        limit: i64,
    ) -> sqlx::Result<HistoryPage> {
        let limit = limit.clamp(1, HISTORY_LIMIT);
        let query = match before {
            None => sqlx::query(HISTORY_FIRST_PAGE).bind(id).bind(side.as_str()),
            Some(before) => sqlx::query(HISTORY_PAGE_BEFORE)
                .bind(id)
                .bind(side.as_str())
                .bind(before),
        };
        // One extra row tells whether there is an older page.
        let rows = query.bind(limit + 1).fetch_all(&self.pool).await?;
        let more = rows.len() as i64 > limit;
        let rows = &rows[..rows.len().min(limit as usize)];
        let next_before = match rows.last() {
            Some(last) if more => Some(last.try_get("id")?),
            _ => None,
        };
        Ok(HistoryPage {
            runs: rows.iter().map(run_from_row).collect::<sqlx::Result<_>>()?,
            next_before,
        })
    }

    /// The latest run of each side of these connections that has one.
    pub(super) async fn latest_runs(
        &self,
        connections: &[i64],
    ) -> sqlx::Result<HashMap<(i64, Side), TestRun>> {
        if connections.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = latest_runs_sql(connections.len());
        let mut query = sqlx::query(&sql);
        for id in connections {
            query = query.bind(id);
        }
        let rows = query.fetch_all(&self.pool).await?;
        rows.iter()
            .map(|row| {
                let run = run_from_row(row)?;
                Ok(((row.try_get("connection_id")?, run.side), run))
            })
            .collect()
    }
}

fn run_from_row(row: &AnyRow) -> sqlx::Result<TestRun> {
    let side: String = row.try_get("side")?;
    let category: Option<String> = row.try_get("category")?;
    let duration: i64 = row.try_get("duration_ms")?;
    Ok(TestRun {
        at: row.try_get("ran_at")?,
        ran_by: row.try_get("ran_by")?,
        side: Side::parse(&side).ok_or_else(|| decode_error("side", &side))?,
        platform: platform_column(row, "platform")?,
        ok: row.try_get::<i64, _>("ok")? != 0,
        category: category
            .map(|c| Category::parse(&c).ok_or_else(|| decode_error("category", &c)))
            .transpose()?,
        http_status: row
            .try_get::<Option<i64>, _>("http_status")?
            .map(|s| u16::try_from(s).map_err(|_| decode_error("http_status", &s.to_string())))
            .transpose()?,
        duration_ms: u64::try_from(duration).unwrap_or(0),
    })
}

fn decode_error(column: &str, raw: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unexpected {column} {raw:?}").into(),
    }
}
