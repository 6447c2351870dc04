//! Changing connections: rename, enable, delete, and saving one side's
//! credentials against the version the editor started from.

use super::{platform_column_name, Secret, Store};
use dropstream_api::{Platform, Side};
use std::collections::BTreeMap;

/// What became of a versioned save.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SaveOutcome {
    /// Saved; the side's new version.
    Saved(i64),
    /// Someone saved this side after the editor loaded it; nothing changed.
    Stale,
    /// The connection does not exist (any more).
    NotFound,
}

impl Store {
    /// Renames and/or enables a connection. `false` when it does not exist.
    pub async fn update_connection(
        &self,
        id: i64,
        name: Option<&str>,
        enabled: Option<bool>,
    ) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE connections SET name = coalesce($1, name), enabled = coalesce($2, enabled)
             WHERE id = $3",
        )
        .bind(name)
        .bind(enabled.map(i64::from))
        .bind(id)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Deletes a connection with its credentials and history (cascade).
    pub async fn delete_connection(&self, id: i64) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM connections WHERE id = $1")
            .bind(id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() == 1)
    }

    pub async fn side_version(&self, id: i64, side: Side) -> sqlx::Result<i64> {
        Ok(self.side_saved(id, side).await?.0)
    }

    /// A side's version, and when and by whom it was last saved.
    pub async fn side_saved(
        &self,
        id: i64,
        side: Side,
    ) -> sqlx::Result<(i64, Option<String>, Option<String>)> {
        let row: Option<(i64, Option<String>, Option<String>)> = sqlx::query_as(
            "SELECT version, saved_at, saved_by FROM sides WHERE connection_id = $1 AND side = $2",
        )
        .bind(id)
        .bind(side.as_str())
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.unwrap_or((0, None, None)))
    }

    /// Replaces one side's platform and every saved field with `values`, if
    /// the side is still at `expected_version`, noting who saved it. One
    /// transaction: the version check and the write cannot be split by
    /// another save (SQLite runs one writer at a time; PostgreSQL locks the side's
    /// row from the UPDATE to the commit), and a save that was answered is
    /// committed durably (see [`Store::open`]).
    pub async fn save_side(
        &self,
        id: i64,
        side: Side,
        platform: Platform,
        expected_version: i64,
        values: &BTreeMap<String, Secret>,
        saved_by: &str,
    ) -> sqlx::Result<SaveOutcome> {
        let mut tx = self.pool.begin().await?;
        let bumped = sqlx::query(
            "UPDATE sides SET version = version + 1,
                 saved_at = $5, saved_by = $1
             WHERE connection_id = $2 AND side = $3 AND version = $4",
        )
        .bind(saved_by)
        .bind(id)
        .bind(side.as_str())
        .bind(expected_version)
        .bind(super::clock::now_millis())
        .execute(&mut *tx)
        .await?;
        if bumped.rows_affected() == 0 {
            let exists: Option<i64> =
                sqlx::query_scalar("SELECT id FROM connections WHERE id = $1")
                    .bind(id)
                    .fetch_optional(&mut *tx)
                    .await?;
            return Ok(if exists.is_some() {
                SaveOutcome::Stale
            } else {
                SaveOutcome::NotFound
            });
        }
        let column = platform_column_name(side);
        sqlx::query(&format!(
            "UPDATE connections SET {column} = $1 WHERE id = $2"
        ))
        .bind(platform.as_str())
        .bind(id)
        .execute(&mut *tx)
        .await?;
        // Fields of a previous platform go: they are never shown or used as
        // another platform's.
        sqlx::query("DELETE FROM credentials WHERE connection_id = $1 AND side = $2")
            .bind(id)
            .bind(side.as_str())
            .execute(&mut *tx)
            .await?;
        self.write_sealed(&mut tx, id, side, values).await?;
        let version: i64 =
            sqlx::query_scalar("SELECT version FROM sides WHERE connection_id = $1 AND side = $2")
                .bind(id)
                .bind(side.as_str())
                .fetch_one(&mut *tx)
                .await?;
        tx.commit().await?;
        Ok(SaveOutcome::Saved(version))
    }
}
