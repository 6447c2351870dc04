//! The sites whose pages may embed the help widget's panel.

use super::Store;
use dropstream_api::help::EmbedSite;
use sqlx::any::AnyRow;
use sqlx::Row;

impl Store {
    pub async fn embed_sites(&self) -> sqlx::Result<Vec<EmbedSite>> {
        let rows = sqlx::query("SELECT origin, added_by, added_at FROM embed_sites ORDER BY origin")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(site_from_row).collect()
    }

    /// Adds `origin` (already reduced to scheme, host and port); None when
    /// it was on the list.
    pub async fn add_embed_site(&self, origin: &str, by: &str) -> sqlx::Result<Option<EmbedSite>> {
        let row = sqlx::query(
            "INSERT INTO embed_sites (origin, added_by, added_at) VALUES ($1, $2, $3)
             ON CONFLICT DO NOTHING RETURNING origin, added_by, added_at",
        )
        .bind(origin)
        .bind(by)
        .bind(super::clock::now_seconds())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(site_from_row).transpose()
    }

    /// Whether `origin` was on the list (and is no more).
    pub async fn remove_embed_site(&self, origin: &str) -> sqlx::Result<bool> {
        let done = sqlx::query("DELETE FROM embed_sites WHERE origin = $1")
            .bind(origin)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected() > 0)
    }

    pub async fn may_embed(&self, origin: &str) -> sqlx::Result<bool> {
        let row = sqlx::query("SELECT 1 FROM embed_sites WHERE origin = $1")
            .bind(origin)
            .fetch_optional(&self.pool)
            .await?;
        Ok(row.is_some())
    }
}

fn site_from_row(row: &AnyRow) -> sqlx::Result<EmbedSite> {
    Ok(EmbedSite {
        origin: row.try_get("origin")?,
        added_by: row.try_get("added_by")?,
        added_at: row.try_get("added_at")?,
    })
}
