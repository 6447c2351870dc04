//! The sites whose pages may embed the help widget's panel, their
//! `identify` secrets, and the tokens already exchanged.

use super::Store;
use dropstream_api::help::EmbedSite;
use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::any::AnyRow;
use sqlx::Row;

/// What `identify` needs of a listed site.
pub struct SiteKey {
    pub merchant_id: Option<i64>,
    /// The secret the site's server signs tokens with.
    pub secret: String,
}

const SELECT: &str = "SELECT s.origin, s.added_by, s.added_at, m.name AS merchant
     FROM embed_sites s LEFT JOIN merchants m ON m.id = s.merchant_id";

impl Store {
    pub async fn embed_sites(&self) -> sqlx::Result<Vec<EmbedSite>> {
        let rows = sqlx::query(&format!("{SELECT} ORDER BY s.origin"))
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(site_from_row).collect()
    }

    /// Adds `origin` (already reduced to scheme, host and port), bound to
    /// `merchant_id` if given; None when it was on the list.
    pub async fn add_embed_site(
        &self,
        origin: &str,
        merchant_id: Option<i64>,
        by: &str,
    ) -> sqlx::Result<Option<EmbedSite>> {
        let added = sqlx::query(
            "INSERT INTO embed_sites (origin, merchant_id, added_by, added_at) VALUES ($1, $2, $3, $4)
             ON CONFLICT DO NOTHING",
        )
        .bind(origin)
        .bind(merchant_id)
        .bind(by)
        .bind(super::clock::now_seconds())
        .execute(&self.pool)
        .await?;
        if added.rows_affected() == 0 {
            return Ok(None);
        }
        let row = sqlx::query(&format!("{SELECT} WHERE s.origin = $1"))
            .bind(origin)
            .fetch_one(&self.pool)
            .await?;
        site_from_row(&row).map(Some)
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

    /// The site's merchant and `identify` secret; None when it is not on
    /// the list. The secret is not stored: it is derived from the desk's
    /// sealed key, the origin and the site's secret version.
    pub async fn embed_site_key(&self, origin: &str) -> sqlx::Result<Option<SiteKey>> {
        let row =
            sqlx::query("SELECT merchant_id, secret_version FROM embed_sites WHERE origin = $1")
                .bind(origin)
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else { return Ok(None) };
        let version: i64 = row.try_get("secret_version")?;
        Ok(Some(SiteKey {
            merchant_id: row.try_get("merchant_id")?,
            secret: self.site_secret(origin, version),
        }))
    }

    /// Replaces the site's `identify` secret: tokens signed with the old
    /// one stop working. False when the site is not on the list.
    pub async fn renew_site_secret(&self, origin: &str) -> sqlx::Result<bool> {
        let done = sqlx::query(
            "UPDATE embed_sites SET secret_version = secret_version + 1 WHERE origin = $1",
        )
        .bind(origin)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    fn site_secret(&self, origin: &str, version: i64) -> String {
        let mut mac =
            Hmac::<Sha256>::new_from_slice(self.csrf_key()).expect("any key length works");
        mac.update(format!("ds_embed_site|{origin}|{version}").as_bytes());
        format!("dsk_{}", hex::encode(mac.finalize().into_bytes()))
    }

    /// Records that a token (by its hash) was exchanged; false if it had
    /// been already. Forgets tokens past their expiry on the way.
    pub async fn spend_identify_token(&self, hash: &str, expires_at: &str) -> sqlx::Result<bool> {
        let now = super::clock::now_seconds();
        sqlx::query("DELETE FROM identify_tokens_used WHERE expires_at < $1")
            .bind(&now)
            .execute(&self.pool)
            .await?;
        let done = sqlx::query(
            "INSERT INTO identify_tokens_used (hash, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
        )
        .bind(hash)
        .bind(expires_at)
        .execute(&self.pool)
        .await?;
        Ok(done.rows_affected() > 0)
    }
}

fn site_from_row(row: &AnyRow) -> sqlx::Result<EmbedSite> {
    Ok(EmbedSite {
        origin: row.try_get("origin")?,
        merchant: row.try_get("merchant")?,
        added_by: row.try_get("added_by")?,
        added_at: row.try_get("added_at")?,
    })
}

impl Store {
    /// The enabled account with this email address, if any.
    pub async fn account_by_email(
        &self,
        email: &str,
    ) -> sqlx::Result<Option<super::accounts::Account>> {
        let row = sqlx::query(
            "SELECT id, email, display_name, role, merchant_id FROM users
             WHERE email = $1 AND disabled_at IS NULL",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(super::accounts::account_from_row)
            .transpose()
    }
}
