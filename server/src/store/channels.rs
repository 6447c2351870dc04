//! Channels, their runs and run logs, and the store orders already moved.
//! Every list here is one page, read through an index.

use super::{clock, numbered_params, Store};
use dropstream_api::{
    Channel, ChannelLatest, ChannelState, Diagnosis, RunCounts, RunOutcome, RunProblem, RunSummary,
    Schedule,
};
use sqlx::any::AnyRow;
use sqlx::Row;
use std::collections::HashMap;
use std::time::{Duration, SystemTime};

/// Most runs, or problems, one answer lists.
pub const RUNS_PAGE: i64 = dropstream_api::RUNS_PAGE as i64;

/// The columns of a run, from `channel_runs r`.
const RUN_COLUMNS: &str = "r.id, r.channel, r.outcome, r.started_at, r.finished_at, r.started_by,
     r.read_count, r.created_count, r.updated_count, r.skipped_count, r.failed_count,
     r.diagnosis";

/// Which runs marked running [`Store::close_dead_runs`] ends.
#[derive(Clone, Copy, Debug)]
pub enum DeadRuns {
    /// Those of one channel of a connection.
    Of(i64, Channel),
    /// Those that started longer ago than this.
    OlderThan(Duration),
}

/// How a run ended, as it is written down.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RunEnd {
    pub outcome: RunOutcome,
    pub counts: RunCounts,
    pub diagnosis: Option<Diagnosis>,
}

impl Store {
    /// The three channels of a connection, each with its newest run.
    pub async fn channels(&self, id: i64) -> sqlx::Result<Vec<ChannelState>> {
        let rows = sqlx::query(&format!(
            "SELECT c.channel AS state_channel, c.enabled, c.schedule, {RUN_COLUMNS}
             FROM channels c LEFT JOIN channel_runs r ON r.id = c.last_run_id
             WHERE c.connection_id = $1"
        ))
        .bind(id)
        .fetch_all(&self.pool)
        .await?;
        let mut states = Vec::with_capacity(rows.len());
        for row in &rows {
            let channel: String = row.try_get("state_channel")?;
            let schedule: String = row.try_get("schedule")?;
            let has_run: Option<i64> = row.try_get("id")?;
            states.push(ChannelState {
                channel: parsed(Channel::parse(&channel), "channel")?,
                enabled: row.try_get::<i64, _>("enabled")? == 1,
                schedule: parsed(Schedule::parse(&schedule), "schedule")?,
                latest: has_run.map(|_| run_from_row(row)).transpose()?,
            });
        }
        states.sort_by_key(|s| Channel::ALL.iter().position(|c| *c == s.channel));
        Ok(states)
    }

    /// Turns a channel on or off and sets its schedule. A channel turned on
    /// is due at once (the schedule's next look runs it), then every period;
    /// a schedule changed on an enabled channel counts from now. `false`
    /// when the connection does not exist.
    pub async fn update_channel(
        &self,
        id: i64,
        channel: Channel,
        enabled: Option<bool>,
        schedule: Option<Schedule>,
    ) -> sqlx::Result<bool> {
        let mut tx = self.pool.begin().await?;
        let current = sqlx::query(
            "SELECT enabled, schedule FROM channels WHERE connection_id = $1 AND channel = $2",
        )
        .bind(id)
        .bind(channel.as_str())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(current) = current else {
            return Ok(false);
        };
        let was_enabled = current.try_get::<i64, _>("enabled")? == 1;
        let was: String = current.try_get("schedule")?;
        let enabled = enabled.unwrap_or(was_enabled);
        let schedule = schedule.unwrap_or(parsed(Schedule::parse(&was), "schedule")?);
        let next_due = match (was_enabled, enabled) {
            (_, false) => None,
            (false, true) => Some(clock::now_millis()),
            (true, true) => Some(due_after(SystemTime::now(), schedule)),
        };
        sqlx::query(
            "UPDATE channels SET enabled = $1, schedule = $2, next_due = $3
             WHERE connection_id = $4 AND channel = $5",
        )
        .bind(i64::from(enabled))
        .bind(schedule.as_str())
        .bind(next_due)
        .bind(id)
        .bind(channel.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(true)
    }

    /// The enabled channels of enabled connections whose time has come,
    /// oldest due first.
    pub async fn due_channels(&self, limit: i64) -> sqlx::Result<Vec<(i64, Channel)>> {
        let rows = sqlx::query(
            "SELECT c.connection_id, c.channel FROM channels c
             JOIN connections k ON k.id = c.connection_id
             WHERE c.next_due IS NOT NULL AND c.next_due <= $1 AND c.enabled = 1
               AND k.enabled = 1
             ORDER BY c.next_due LIMIT $2",
        )
        .bind(clock::now_millis())
        .bind(limit)
        .fetch_all(&self.pool)
        .await?;
        rows.iter()
            .map(|r| {
                let channel: String = r.try_get("channel")?;
                Ok((
                    r.try_get("connection_id")?,
                    parsed(Channel::parse(&channel), "channel")?,
                ))
            })
            .collect()
    }

    /// Opens a run and makes it the channel's newest.
    pub async fn start_run(
        &self,
        id: i64,
        channel: Channel,
        started_by: Option<&str>,
    ) -> sqlx::Result<i64> {
        let mut tx = self.pool.begin().await?;
        let run_id: i64 = sqlx::query_scalar(
            "INSERT INTO channel_runs (connection_id, channel, started_at, started_by)
             VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(id)
        .bind(channel.as_str())
        .bind(clock::now_millis())
        .bind(started_by)
        .fetch_one(&mut *tx)
        .await?;
        sqlx::query(
            "UPDATE channels SET last_run_id = $1 WHERE connection_id = $2 AND channel = $3",
        )
        .bind(run_id)
        .bind(id)
        .bind(channel.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(run_id)
    }

    /// Moves an enabled channel's next due time one period on from now.
    pub async fn schedule_next(&self, id: i64, channel: Channel) -> sqlx::Result<()> {
        let schedule: Option<String> = sqlx::query_scalar(
            "SELECT schedule FROM channels WHERE connection_id = $1 AND channel = $2",
        )
        .bind(id)
        .bind(channel.as_str())
        .fetch_optional(&self.pool)
        .await?;
        let Some(schedule) = schedule else {
            return Ok(());
        };
        let schedule = parsed(Schedule::parse(&schedule), "schedule")?;
        sqlx::query(
            "UPDATE channels SET next_due = $1
             WHERE connection_id = $2 AND channel = $3 AND enabled = 1",
        )
        .bind(due_after(SystemTime::now(), schedule))
        .bind(id)
        .bind(channel.as_str())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Ends runs still marked running that are not: the runs of one
    /// channel (called by the holder of its lease), or every run older than
    /// the longest a run may take. Their server stopped in the middle.
    /// Returns how many.
    pub async fn close_dead_runs(
        &self,
        which: DeadRuns,
        diagnosis: &Diagnosis,
    ) -> sqlx::Result<u64> {
        let filter = match which {
            DeadRuns::Of(..) => "connection_id = $3 AND channel = $4",
            DeadRuns::OlderThan(_) => "started_at < $3",
        };
        let sql = format!(
            "UPDATE channel_runs SET outcome = 'failed', finished_at = $1, diagnosis = $2
             WHERE outcome = 'running' AND {filter}"
        );
        let query = sqlx::query(&sql)
            .bind(clock::now_millis())
            .bind(serde_json::to_string(diagnosis).expect("a diagnosis serialises"));
        let query = match which {
            DeadRuns::Of(id, channel) => query.bind(id).bind(channel.as_str()),
            DeadRuns::OlderThan(longest) => query.bind(clock::millis(SystemTime::now() - longest)),
        };
        let done = query.execute(&self.pool).await?;
        Ok(done.rows_affected())
    }

    /// Writes a record that could not move into the run's log.
    pub async fn add_problem(
        &self,
        run_id: i64,
        record: &str,
        sku: Option<&str>,
        reason: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO run_problems (run_id, record, sku, reason) VALUES ($1, $2, $3, $4)",
        )
        .bind(run_id)
        .bind(record)
        .bind(sku)
        .bind(reason)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Closes a run with its outcome, counts and diagnosis.
    pub async fn finish_run(&self, run_id: i64, end: &RunEnd) -> sqlx::Result<()> {
        let diagnosis = end
            .diagnosis
            .as_ref()
            .map(|d| serde_json::to_string(d).expect("a diagnosis serialises"));
        let c = &end.counts;
        sqlx::query(
            "UPDATE channel_runs SET outcome = $1, finished_at = $2, read_count = $3,
                 created_count = $4, updated_count = $5, skipped_count = $6, failed_count = $7,
                 diagnosis = $8
             WHERE id = $9",
        )
        .bind(end.outcome.as_str())
        .bind(clock::now_millis())
        .bind(i64::from(c.read))
        .bind(i64::from(c.created))
        .bind(i64::from(c.updated))
        .bind(i64::from(c.skipped))
        .bind(i64::from(c.failed))
        .bind(diagnosis)
        .bind(run_id)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// One run of a connection, if it exists.
    pub async fn run(&self, id: i64, run_id: i64) -> sqlx::Result<Option<RunSummary>> {
        let row = sqlx::query(&format!(
            "SELECT {RUN_COLUMNS} FROM channel_runs r WHERE r.id = $1 AND r.connection_id = $2"
        ))
        .bind(run_id)
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(run_from_row).transpose()
    }

    /// A page of one channel's runs, newest first, older than `before`,
    /// with this outcome only when one is given. (Retention keeps a
    /// channel's runs few enough to filter without an index of their own.)
    pub async fn runs_page(
        &self,
        id: i64,
        channel: Channel,
        before: Option<i64>,
        outcome: Option<RunOutcome>,
    ) -> sqlx::Result<Vec<RunSummary>> {
        let only = if outcome.is_some() {
            "AND r.outcome = $5"
        } else {
            ""
        };
        let sql = format!(
            "SELECT {RUN_COLUMNS} FROM channel_runs r
             WHERE r.connection_id = $1 AND r.channel = $2 AND r.id < $3 {only}
             ORDER BY r.id DESC LIMIT $4"
        );
        let query = sqlx::query(&sql)
            .bind(id)
            .bind(channel.as_str())
            .bind(before.unwrap_or(i64::MAX))
            .bind(RUNS_PAGE);
        let rows = match outcome {
            Some(outcome) => query.bind(outcome.as_str()),
            None => query,
        }
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(run_from_row).collect()
    }

    /// A page of a run's log, oldest first, after problem `after`.
    pub async fn problems_page(
        &self,
        run_id: i64,
        after: Option<i64>,
    ) -> sqlx::Result<Vec<RunProblem>> {
        let rows: Vec<(i64, String, Option<String>, String)> = sqlx::query_as(
            "SELECT id, record, sku, reason FROM run_problems
             WHERE run_id = $1 AND id > $2 ORDER BY id LIMIT $3",
        )
        .bind(run_id)
        .bind(after.unwrap_or(0))
        .bind(RUNS_PAGE)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, record, sku, reason)| RunProblem {
                id,
                record,
                sku,
                reason,
            })
            .collect())
    }

    /// The newest run of each channel that has run, by connection, for the
    /// connections whose ids are given (the connections list's page).
    pub(super) async fn latest_channel_runs(
        &self,
        connections: &[i64],
    ) -> sqlx::Result<HashMap<i64, Vec<ChannelLatest>>> {
        let mut latest: HashMap<i64, Vec<ChannelLatest>> = HashMap::new();
        if connections.is_empty() {
            return Ok(latest);
        }
        let sql = format!(
            "SELECT c.connection_id, c.channel, r.id, r.outcome
             FROM channels c JOIN channel_runs r ON r.id = c.last_run_id
             WHERE c.connection_id IN ({})",
            numbered_params(connections.len())
        );
        let rows: Vec<(i64, String, i64, String)> = connections
            .iter()
            .fold(sqlx::query_as(&sql), |q, id| q.bind(*id))
            .fetch_all(&self.pool)
            .await?;
        for (id, channel, run, outcome) in rows {
            let (Some(channel), Some(outcome)) =
                (Channel::parse(&channel), RunOutcome::parse(&outcome))
            else {
                continue;
            };
            latest.entry(id).or_default().push(ChannelLatest {
                channel,
                run,
                outcome,
            });
        }
        for list in latest.values_mut() {
            list.sort_by_key(|l| Channel::ALL.iter().position(|c| *c == l.channel));
        }
        Ok(latest)
    }

    /// The warehouse's id of a store order this connection already moved.
    pub async fn moved_order(&self, id: i64, store_order: &str) -> sqlx::Result<Option<String>> {
        sqlx::query_scalar(
            "SELECT warehouse_order FROM moved_orders WHERE connection_id = $1 AND store_order = $2",
        )
        .bind(id)
        .bind(store_order)
        .fetch_optional(&self.pool)
        .await
    }

    /// The tracking number a Shipments run last sent to this store order,
    /// if one did.
    pub async fn sent_tracking(&self, id: i64, store_order: &str) -> sqlx::Result<Option<String>> {
        let sent: Option<Option<String>> = sqlx::query_scalar(
            "SELECT tracking FROM moved_orders WHERE connection_id = $1 AND store_order = $2",
        )
        .bind(id)
        .bind(store_order)
        .fetch_optional(&self.pool)
        .await?;
        Ok(sent.flatten())
    }

    /// Notes that a store order now exists in the warehouse.
    pub async fn record_moved(
        &self,
        id: i64,
        store_order: &str,
        warehouse_order: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO moved_orders (connection_id, store_order, warehouse_order, moved_at)
             VALUES ($1, $2, $3, $4)
             ON CONFLICT (connection_id, store_order) DO NOTHING",
        )
        .bind(id)
        .bind(store_order)
        .bind(warehouse_order)
        .bind(clock::now_millis())
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Notes the tracking number a moved order's shipment took back to the
    /// store.
    pub async fn record_tracking(
        &self,
        id: i64,
        store_order: &str,
        tracking: &str,
    ) -> sqlx::Result<()> {
        sqlx::query(
            "UPDATE moved_orders SET tracking = $1 WHERE connection_id = $2 AND store_order = $3",
        )
        .bind(tracking)
        .bind(id)
        .bind(store_order)
        .execute(&self.pool)
        .await?;
        Ok(())
    }
}

/// When a channel on `schedule` is next due, counted from `from`.
fn due_after(from: SystemTime, schedule: Schedule) -> String {
    clock::millis(from + Duration::from_secs(u64::from(schedule.minutes()) * 60))
}

fn parsed<T>(value: Option<T>, what: &str) -> sqlx::Result<T> {
    value.ok_or_else(|| sqlx::Error::Decode(format!("an unknown {what} in the database").into()))
}

fn run_from_row(row: &AnyRow) -> sqlx::Result<RunSummary> {
    let channel: String = row.try_get("channel")?;
    let outcome: String = row.try_get("outcome")?;
    let count = |column: &str| -> sqlx::Result<u32> {
        Ok(u32::try_from(row.try_get::<i64, _>(column)?).unwrap_or(u32::MAX))
    };
    let diagnosis: Option<String> = row.try_get("diagnosis")?;
    Ok(RunSummary {
        id: row.try_get("id")?,
        channel: parsed(Channel::parse(&channel), "channel")?,
        outcome: parsed(RunOutcome::parse(&outcome), "run outcome")?,
        started_at: row.try_get("started_at")?,
        finished_at: row.try_get("finished_at")?,
        started_by: row.try_get("started_by")?,
        counts: RunCounts {
            read: count("read_count")?,
            created: count("created_count")?,
            updated: count("updated_count")?,
            skipped: count("skipped_count")?,
            failed: count("failed_count")?,
        },
        diagnosis: diagnosis
            .map(|d| serde_json::from_str(&d))
            .transpose()
            .map_err(|e| sqlx::Error::Decode(e.into()))?,
    })
}
