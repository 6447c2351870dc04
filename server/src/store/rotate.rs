//! Rotating the key-encryption key: every sealed value's data key (saved
//! credentials, the key check, the CSRF signing key) is re-wrapped under
//! the new KEK in one transaction.

use super::crypto::Kek;
use super::{credential_aad, Store, CSRF_KEY_AAD, KEK_CHECK_AAD};
use anyhow::Context;
use dropstream_api::Side;
use sqlx::Row;

impl Store {
    /// Re-wraps every saved value and the key check under `new`. All or
    /// nothing: on any error nothing changes and the old key still works.
    /// Returns the store, now using `new`, and how many values moved.
    pub async fn rotate_kek(self, new: Kek) -> anyhow::Result<(Store, usize)> {
        let mut tx = self.pool.begin().await?;
        let rows = sqlx::query("SELECT connection_id, side, field, sealed FROM credentials")
            .fetch_all(&mut *tx)
            .await?;
        for row in &rows {
            let id: i64 = row.try_get("connection_id")?;
            let side: String = row.try_get("side")?;
            let field: String = row.try_get("field")?;
            let sealed: Vec<u8> = row.try_get("sealed")?;
            let side = Side::parse(&side).context("a credential row has an unknown side")?;
            let aad = credential_aad(id, side, &field);
            let rewrapped = self
                .kek
                .rewrap(&sealed, &aad, &new)
                .with_context(|| format!("connection {id}, {side} field {field}"))?;
            sqlx::query(
                "UPDATE credentials SET sealed = $1 WHERE connection_id = $2 AND side = $3 AND field = $4",
            )
            .bind(rewrapped)
            .bind(id)
            .bind(side.as_str())
            .bind(&field)
            .execute(&mut *tx)
            .await?;
        }
        // The key check always exists; the CSRF signing key is sealed with
        // the KEK too, once a server has made one.
        let sealed_meta = [
            ("kek_check", KEK_CHECK_AAD, true),
            ("csrf_key", CSRF_KEY_AAD, false),
        ];
        for (key, aad, required) in sealed_meta {
            let sealed: Option<Vec<u8>> =
                sqlx::query_scalar("SELECT value FROM meta WHERE key = $1")
                    .bind(key)
                    .fetch_optional(&mut *tx)
                    .await?;
            let Some(sealed) = sealed else {
                anyhow::ensure!(!required, "the database has no {key}");
                continue;
            };
            let rewrapped = self
                .kek
                .rewrap(&sealed, aad, &new)
                .with_context(|| format!("the meta value {key}"))?;
            sqlx::query("UPDATE meta SET value = $1 WHERE key = $2")
                .bind(rewrapped)
                .bind(key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok((Store { kek: new, ..self }, rows.len()))
    }
}

/// Environment variable with the new KEK (64 hex digits) for `rotate-kek`.
pub const NEW_KEK_ENV: &str = "DROPSTREAM_NEW_KEK";

/// `dropstream-server rotate-kek`: opens the database (at `url`, or in
/// `dir`) with the
/// current key, re-wraps everything under the new one, and, when the
/// current key lives in the key file, replaces that file. With the key in
/// `DROPSTREAM_KEK`, the new key must be given in `DROPSTREAM_NEW_KEK` and
/// the operator sets it as `DROPSTREAM_KEK` afterwards. Never prints a key.
pub async fn rotate_in_dir(dir: &std::path::Path, url: Option<&str>) -> anyhow::Result<String> {
    use super::crypto::{KEK_ENV, KEK_FILE, KEK_PENDING_FILE};
    let key_in_env = std::env::var_os(KEK_ENV).is_some();
    let new = match std::env::var(NEW_KEK_ENV) {
        Ok(hex) => Kek::from_hex(&hex).with_context(|| format!("in {NEW_KEK_ENV}"))?,
        Err(_) if key_in_env => anyhow::bail!(
            "the current key comes from {KEK_ENV}: give the new one in {NEW_KEK_ENV} (64 hex digits)"
        ),
        Err(_) => Kek::generate(),
    };
    let store = Store::open_config(dir, url).await?;
    if key_in_env {
        let (store, moved) = store.rotate_kek(new).await?;
        store.pool.close().await;
        return Ok(format!(
            "Re-wrapped {moved} saved values. Restart with {KEK_ENV} set to the value of {NEW_KEK_ENV}."
        ));
    }
    // The new key is on disk before the database depends on it; if the
    // commit fails, the pending file goes and the old key stays in use.
    new.write_pending(dir)?;
    let (store, moved) = match store.rotate_kek(new).await {
        Ok(done) => done,
        Err(e) => {
            let _ = std::fs::remove_file(dir.join(KEK_PENDING_FILE));
            return Err(e);
        }
    };
    store.pool.close().await;
    Kek::promote_pending(dir)?;
    Ok(format!(
        "Re-wrapped {moved} saved values and replaced {}.",
        dir.join(KEK_FILE).display()
    ))
}
