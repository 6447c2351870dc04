//! Retention of the Test Connection history and of channel runs: a run is
//! pruned once it is both older than the age limit and outside the newest
//! runs of its side (or channel), so whichever rule keeps more wins. The
//! newest run of every side and channel always stays (it is what the lists
//! show), and a channel run still going is never pruned. A channel run's
//! log goes with it.

use super::Store;
use sqlx::Row;
use std::time::Duration;

/// How much history to keep.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Retention {
    /// Runs newer than this many days are kept.
    pub days: u32,
    /// The newest this many runs of each side (or channel) are kept,
    /// however old; at least 1.
    pub per_side: u32,
}

impl Default for Retention {
    fn default() -> Retention {
        Retention {
            days: 90,
            per_side: 1_000,
        }
    }
}

/// Runs one statement deletes at most, so a writer never waits long.
pub const PRUNE_BATCH: i64 = 500;

/// Keys (sides, channels) read per step of the walk over all of them.
const SIDES_PER_STEP: i64 = 200;

/// A history kept per (connection, key): a side's test runs, or a
/// channel's runs.
pub struct History {
    /// The table with one row per key, and its key column.
    keys: &'static str,
    key: &'static str,
    /// The runs, and the column of when each started.
    runs: &'static str,
    at: &'static str,
    /// What else a run must be to go.
    also: &'static str,
}

pub const TEST_RUNS: History = History {
    keys: "sides",
    key: "side",
    runs: "test_runs",
    at: "ran_at",
    also: "",
};

/// A channel run still going is never pruned.
pub const CHANNEL_RUNS: History = History {
    keys: "channels",
    key: "channel",
    runs: "channel_runs",
    at: "started_at",
    also: "AND outcome <> 'running'",
};

impl History {
    /// The next keys of the walk, after a (connection id, key).
    pub fn keys_after(&self) -> String {
        let History { keys, key, .. } = self;
        format!(
            "SELECT connection_id, {key} AS key FROM {keys}
             WHERE (connection_id, {key}) > ($1, $2) ORDER BY connection_id, {key} LIMIT $3"
        )
    }

    /// Deletes up to `PRUNE_BATCH` of the oldest runs of one key that are
    /// outside its newest `per_side` runs and older than the cutoff. The
    /// ids are walked oldest first, so once a batch deletes less than it
    /// read, what follows is recent and the key is done.
    pub fn prune(&self) -> String {
        let History {
            key,
            runs,
            at,
            also,
            ..
        } = self;
        format!(
            "DELETE FROM {runs}
             WHERE id IN (
                 SELECT id FROM {runs}
                 WHERE connection_id = $1 AND {key} = $2
                   AND id < (SELECT id FROM {runs} WHERE connection_id = $3 AND {key} = $4
                             ORDER BY id DESC LIMIT 1 OFFSET $5)
                 ORDER BY id LIMIT $6)
               AND {at} < $7 {also}"
        )
    }
}

impl Store {
    /// One pass over every side and channel; answers how many runs (test
    /// runs and channel runs) were deleted.
    pub async fn prune_runs(&self, keep: Retention) -> sqlx::Result<u64> {
        let mut deleted = 0;
        for history in [TEST_RUNS, CHANNEL_RUNS] {
            deleted += self
                .prune_history(keep, &history.keys_after(), &history.prune())
                .await?;
        }
        Ok(deleted)
    }

    async fn prune_history(
        &self,
        keep: Retention,
        keys_after: &str,
        prune: &str,
    ) -> sqlx::Result<u64> {
        let cutoff = super::clock::millis(super::clock::shifted(-i64::from(keep.days) * 86_400));
        let offset = i64::from(keep.per_side.max(1)) - 1;
        let mut after = (0_i64, String::new());
        let mut deleted = 0;
        loop {
            let sides = sqlx::query(keys_after)
                .bind(after.0)
                .bind(&after.1)
                .bind(SIDES_PER_STEP)
                .fetch_all(&self.pool)
                .await?;
            for row in &sides {
                let id: i64 = row.try_get("connection_id")?;
                let side: String = row.try_get("key")?;
                loop {
                    let n = sqlx::query(prune)
                        .bind(id)
                        .bind(&side)
                        .bind(id)
                        .bind(&side)
                        .bind(offset)
                        .bind(PRUNE_BATCH)
                        .bind(&cutoff)
                        .execute(&self.pool)
                        .await?
                        .rows_affected();
                    deleted += n;
                    if n < PRUNE_BATCH as u64 {
                        break;
                    }
                    tokio::task::yield_now().await;
                }
                after = (id, side);
            }
            if (sides.len() as i64) < SIDES_PER_STEP {
                return Ok(deleted);
            }
        }
    }
}

/// Prunes now and then every `every`, for as long as the server runs;
/// on a shared database also sweeps ended leases and rate windows.
pub fn spawn_pruning(
    store: Store,
    keep: Retention,
    every: Duration,
) -> tokio::task::JoinHandle<()> {
    tokio::spawn(async move {
        let mut ticks = tokio::time::interval(every);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            match store.prune_runs(keep).await {
                Ok(0) => {}
                Ok(n) => tracing::info!(deleted = n, "pruned old test and channel runs"),
                Err(e) => tracing::warn!(error = %e, "could not prune old runs"),
            }
            if store.is_shared() {
                if let Err(e) = store.sweep_coordination().await {
                    tracing::warn!(error = %e, "could not sweep old leases and rate windows");
                }
            }
        }
    })
}
