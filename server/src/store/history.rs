//! The Test Connection history: one row per run that reached a platform.

use super::{platform_column, Store};
use dropstream_api::{Category, Side, TestRun};
use sqlx::Row;
use std::collections::HashMap;

/// Most runs one history answer lists.
pub const HISTORY_LIMIT: i64 = 50;

impl Store {
    /// Appends a run. `run.at` is ignored: the database stamps the time.
    pub async fn record_run(&self, id: i64, run: &TestRun) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO test_runs
                 (connection_id, side, platform, ran_by, ok, category, http_status, duration_ms)
             VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        )
        .bind(id)
        .bind(run.side.as_str())
        .bind(run.platform.as_str())
        .bind(&run.ran_by)
        .bind(run.ok)
        .bind(run.category.map(Category::as_str))
        .bind(run.http_status)
        .bind(i64::try_from(run.duration_ms).unwrap_or(i64::MAX))
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// The latest `limit` runs of one side, newest first.
    pub async fn history(&self, id: i64, side: Side, limit: i64) -> sqlx::Result<Vec<TestRun>> {
        let rows = sqlx::query(
            "SELECT side, platform, ran_at, ran_by, ok, category, http_status, duration_ms
             FROM test_runs WHERE connection_id = ? AND side = ?
             ORDER BY id DESC LIMIT ?",
        )
        .bind(id)
        .bind(side.as_str())
        .bind(limit.clamp(1, HISTORY_LIMIT))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(run_from_row).collect()
    }

    /// The latest run of every connection side that has one.
    pub(super) async fn latest_runs(&self) -> sqlx::Result<HashMap<(i64, Side), TestRun>> {
        let rows = sqlx::query(
            "SELECT connection_id, side, platform, ran_at, ran_by, ok, category, http_status,
                    duration_ms
             FROM test_runs
             WHERE id IN (SELECT max(id) FROM test_runs GROUP BY connection_id, side)",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|row| {
                let run = run_from_row(row)?;
                Ok(((row.try_get("connection_id")?, run.side), run))
            })
            .collect()
    }
}

fn run_from_row(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<TestRun> {
    let side: String = row.try_get("side")?;
    let category: Option<String> = row.try_get("category")?;
    let duration: i64 = row.try_get("duration_ms")?;
    Ok(TestRun {
        at: row.try_get("ran_at")?,
        ran_by: row.try_get("ran_by")?,
        side: Side::parse(&side).ok_or_else(|| decode_error("side", &side))?,
        platform: platform_column(row, "platform")?,
        ok: row.try_get("ok")?,
        category: category
            .map(|c| {
                Category::ALL
                    .into_iter()
                    .find(|k| k.as_str() == c)
                    .ok_or_else(|| decode_error("category", &c))
            })
            .transpose()?,
        http_status: row.try_get("http_status")?,
        duration_ms: u64::try_from(duration).unwrap_or(0),
    })
}

fn decode_error(column: &str, raw: &str) -> sqlx::Error {
    sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unexpected {column} {raw:?}").into(),
    }
}
