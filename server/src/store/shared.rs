//! What servers sharing one database must agree on: leases (one holder of a
//! named piece of work at a time, e.g. a side's Test Connection) and
//! rate-limit windows.
//!
//! On PostgreSQL, where several servers may share the database, both live
//! in tables (`leases`, `rate_windows`). On SQLite the database belongs to
//! one server, so leases are kept in that server's memory and cost no
//! write; rate limits are then counted in memory by the caller.

use super::{Dialect, Store};
use sqlx::{AnyPool, Row};
use std::collections::HashSet;
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Leases held in this process (SQLite).
pub(super) type LocalLeases = Arc<Mutex<HashSet<String>>>;

/// Holds a named piece of work until [`Lease::release`], or until dropped
/// (a request abandoned and its handler dropped). On PostgreSQL a lease
/// whose server died is taken over once it expires.
#[must_use = "the lease ends when dropped"]
pub struct Lease {
    release: Option<Release>,
}

enum Release {
    Local {
        held: LocalLeases,
        name: String,
    },
    Shared {
        pool: AnyPool,
        name: String,
        holder: String,
    },
}

impl std::fmt::Debug for Lease {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let name = match &self.release {
            Some(Release::Local { name, .. } | Release::Shared { name, .. }) => name.as_str(),
            None => "",
        };
        f.debug_struct("Lease").field("name", &name).finish()
    }
}

impl Lease {
    /// Ends the lease now, waiting for the database on PostgreSQL, so the
    /// answer that follows never races a next request of the same client.
    pub async fn release(mut self) {
        match self.release.take() {
            Some(Release::Shared { pool, name, holder }) => {
                delete_lease(&pool, &name, &holder).await;
            }
            other => self.release = other,
        }
    }
}

impl Drop for Lease {
    fn drop(&mut self) {
        match self.release.take() {
            Some(Release::Local { held, name }) => {
                held.lock().unwrap_or_else(|p| p.into_inner()).remove(&name);
            }
            Some(Release::Shared { pool, name, holder }) => {
                // Dropped without `release` (an abandoned request): Drop
                // cannot wait, so the row goes in the background. Should
                // that fail, the lease still ends when it expires.
                if let Ok(runtime) = tokio::runtime::Handle::try_current() {
                    runtime.spawn(async move { delete_lease(&pool, &name, &holder).await });
                }
            }
            None => {}
        }
    }
}

async fn delete_lease(pool: &AnyPool, name: &str, holder: &str) {
    let done = sqlx::query("DELETE FROM leases WHERE name = $1 AND holder = $2")
        .bind(name)
        .bind(holder)
        .execute(pool)
        .await;
    if let Err(e) = done {
        tracing::warn!(error = %e, lease = %name, "could not release a lease");
    }
}

/// Milliseconds since 1970, as the coordination tables count time.
fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map(|d| i64::try_from(d.as_millis()).unwrap_or(i64::MAX))
        .unwrap_or(0)
}

fn millis(d: Duration) -> i64 {
    i64::try_from(d.as_millis()).unwrap_or(i64::MAX / 4)
}

impl Store {
    /// True when other servers may share this database (PostgreSQL).
    pub fn is_shared(&self) -> bool {
        self.dialect == Dialect::Postgres
    }

    /// Takes the lease `name` for at most `ttl`, or None while another
    /// holder (on any server) has it.
    pub async fn try_lease(&self, name: &str, ttl: Duration) -> sqlx::Result<Option<Lease>> {
        if !self.is_shared() {
            let fresh = self
                .local_leases
                .lock()
                .unwrap_or_else(|p| p.into_inner())
                .insert(name.to_string());
            return Ok(fresh.then(|| Lease {
                release: Some(Release::Local {
                    held: self.local_leases.clone(),
                    name: name.to_string(),
                }),
            }));
        }
        let holder = crate::security::random_hex(16);
        let now = now_ms();
        // A new row, or an expired one taken over; a live one is left be
        // and nothing is returned.
        let taken: Option<String> = sqlx::query_scalar(
            "INSERT INTO leases (name, holder, expires_ms) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE
                 SET holder = excluded.holder, expires_ms = excluded.expires_ms
                 WHERE leases.expires_ms < $4
             RETURNING holder",
        )
        .bind(name)
        .bind(&holder)
        .bind(now.saturating_add(millis(ttl)))
        .bind(now)
        .fetch_optional(&self.pool)
        .await?;
        Ok(taken.map(|holder| Lease {
            release: Some(Release::Shared {
                pool: self.pool.clone(),
                name: name.to_string(),
                holder,
            }),
        }))
    }

    /// Counts one hit of `key` in its fixed window of `window`, shared by
    /// every server on the database. Over `limit`, answers how many whole
    /// seconds until the window ends.
    pub async fn count_hit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
    ) -> sqlx::Result<Result<(), u64>> {
        let now = now_ms();
        // The right-hand sides read the row as it was: a window that has
        // ended starts again at one hit.
        let row = sqlx::query(
            "INSERT INTO rate_windows (key, started_ms, hits) VALUES ($1, $2, 1)
             ON CONFLICT (key) DO UPDATE SET
                 hits = CASE WHEN rate_windows.started_ms <= $3 THEN 1
                             ELSE rate_windows.hits + 1 END,
                 started_ms = CASE WHEN rate_windows.started_ms <= $3 THEN excluded.started_ms
                                   ELSE rate_windows.started_ms END
             RETURNING started_ms, hits",
        )
        .bind(key)
        .bind(now)
        .bind(now - millis(window))
        .fetch_one(&self.pool)
        .await?;
        let started: i64 = row.try_get("started_ms")?;
        let hits: i64 = row.try_get("hits")?;
        if hits <= i64::from(limit) {
            return Ok(Ok(()));
        }
        let left_ms = (started + millis(window) - now).max(0);
        Ok(Err(((left_ms + 999) / 1000).max(1) as u64))
    }

    /// Deletes rate windows that ended more than an hour ago and leases
    /// that expired; answers how many rows went.
    pub async fn sweep_coordination(&self) -> sqlx::Result<u64> {
        let now = now_ms();
        let windows = sqlx::query("DELETE FROM rate_windows WHERE started_ms < $1")
            .bind(now - 3_600_000)
            .execute(&self.pool)
            .await?
            .rows_affected();
        let leases = sqlx::query("DELETE FROM leases WHERE expires_ms < $1")
            .bind(now)
            .execute(&self.pool)
            .await?
            .rows_affected();
        Ok(windows + leases)
    }
}
