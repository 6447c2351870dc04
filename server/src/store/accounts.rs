//! Users and sessions. Passwords are argon2id hashes; sessions are stored as
//! the SHA-256 of their id.

use super::{Store, CSRF_KEY_AAD};
use crate::security::{random_hex, sha256_hex};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use sqlx::Row;

/// How long a session lasts after sign-in.
pub const SESSION_DAYS: u32 = 14;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
}

impl Account {
    pub fn public(&self) -> dropstream_api::help::User {
        dropstream_api::help::User {
            id: self.id,
            display_name: self.display_name.clone(),
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AddUserError {
    #[error("a user with the email {0} already exists")]
    Exists(String),
    #[error("{0}")]
    Invalid(&'static str),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// A hash that no password matches, verified when the email is unknown so
/// that sign-in takes as long either way.
static DUMMY_HASH: std::sync::LazyLock<String> =
    std::sync::LazyLock::new(|| hash_password("no password matches this").unwrap());

pub fn hash_password(password: &str) -> anyhow::Result<String> {
    let salt = SaltString::generate(&mut aes_gcm::aead::OsRng);
    Argon2::default()
        .hash_password(password.as_bytes(), &salt)
        .map(|h| h.to_string())
        .map_err(|e| anyhow::anyhow!("cannot hash the password: {e}"))
}

/// Hashes computed at once. Each takes tens of milliseconds of CPU and 19
/// MiB, so a burst of sign-ins queues here instead of taking every core and
/// a gigabyte.
static HASHING: std::sync::LazyLock<tokio::sync::Semaphore> = std::sync::LazyLock::new(|| {
    let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
    tokio::sync::Semaphore::new((cores / 2).clamp(1, 4))
});

/// Runs `work` (hashing) on the blocking pool, a few at a time, so the
/// async workers keep answering other requests meanwhile.
async fn off_runtime<T: Send + 'static>(work: impl FnOnce() -> T + Send + 'static) -> T {
    let _permit = HASHING
        .acquire()
        .await
        .expect("the semaphore is never closed");
    tokio::task::spawn_blocking(work)
        .await
        .expect("hashing does not panic")
}

/// [`verify_password`] off the runtime; `None` checks the dummy hash.
async fn password_matches(password: &str, hash: Option<String>) -> bool {
    let password = password.to_string();
    off_runtime(move || verify_password(&password, hash.as_deref().unwrap_or(&DUMMY_HASH))).await
}

fn verify_password(password: &str, hash: &str) -> bool {
    PasswordHash::new(hash)
        .map(|parsed| {
            Argon2::default()
                .verify_password(password.as_bytes(), &parsed)
                .is_ok()
        })
        .unwrap_or(false)
}

impl Store {
    pub async fn add_user(
        &self,
        email: &str,
        display_name: &str,
        password: &str,
    ) -> Result<i64, AddUserError> {
        let email = email.trim();
        let display_name = display_name.trim();
        if !email.contains('@') || email.len() > 254 {
            return Err(AddUserError::Invalid("the email address is not valid"));
        }
        if display_name.is_empty() || display_name.chars().count() > 80 {
            return Err(AddUserError::Invalid(
                "the display name must be 1 to 80 characters",
            ));
        }
        if password.chars().count() < 10 {
            return Err(AddUserError::Invalid(
                "the password must be at least 10 characters",
            ));
        }
        let password = password.to_string();
        let hash = off_runtime(move || hash_password(&password)).await?;
        let inserted = sqlx::query(
            "INSERT INTO users (email, display_name, password_hash) VALUES (?, ?, ?)
             ON CONFLICT (email) DO NOTHING",
        )
        .bind(email)
        .bind(display_name)
        .bind(hash)
        .execute(&self.pool)
        .await
        .map_err(anyhow::Error::from)?;
        if inserted.rows_affected() == 0 {
            return Err(AddUserError::Exists(email.to_string()));
        }
        Ok(inserted.last_insert_rowid())
    }

    /// The account whose password matches, or None (unknown email or wrong
    /// password: the caller cannot tell which, on purpose).
    pub async fn check_password(
        &self,
        email: &str,
        password: &str,
    ) -> anyhow::Result<Option<Account>> {
        let row =
            sqlx::query("SELECT id, email, display_name, password_hash FROM users WHERE email = ?")
                .bind(email.trim())
                .fetch_optional(&self.pool)
                .await?;
        let Some(row) = row else {
            password_matches(password, None).await;
            return Ok(None);
        };
        let hash: String = row.try_get("password_hash")?;
        if !password_matches(password, Some(hash)).await {
            return Ok(None);
        }
        Ok(Some(account_from_row(&row)?))
    }

    /// Starts a session and returns its id (the cookie value). Only its
    /// hash is stored.
    pub async fn create_session(&self, user_id: i64) -> anyhow::Result<String> {
        let token = random_hex(32);
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, expires_at)
             VALUES (?, ?, strftime('%Y-%m-%dT%H:%M:%SZ', 'now', ?))",
        )
        .bind(sha256_hex(&token))
        .bind(user_id)
        .bind(format!("+{SESSION_DAYS} days"))
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    pub async fn end_session(&self, token: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = ?")
            .bind(sha256_hex(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account of a live session.
    pub async fn session_account(&self, token: &str) -> anyhow::Result<Option<Account>> {
        let row = sqlx::query(
            "SELECT u.id, u.email, u.display_name FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = ? AND s.expires_at > strftime('%Y-%m-%dT%H:%M:%SZ', 'now')",
        )
        .bind(sha256_hex(token))
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref()
            .map(account_from_row)
            .transpose()
            .map_err(Into::into)
    }

    /// The key that signs CSRF tokens: random, made on first start, kept
    /// sealed in `meta` so tokens survive a restart.
    pub(super) async fn load_csrf_key(&self) -> anyhow::Result<[u8; 32]> {
        let sealed: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'csrf_key'")
                .fetch_optional(&self.pool)
                .await?;
        if let Some(sealed) = sealed {
            let plain = self.kek.open(&sealed, CSRF_KEY_AAD)?;
            return plain
                .try_into()
                .map_err(|_| anyhow::anyhow!("the saved CSRF key has the wrong length"));
        }
        let key: [u8; 32] = hex::decode(random_hex(32))?
            .try_into()
            .expect("32 random bytes");
        sqlx::query("INSERT INTO meta (key, value) VALUES ('csrf_key', ?)")
            .bind(self.kek.seal(&key, CSRF_KEY_AAD))
            .execute(&self.pool)
            .await?;
        Ok(key)
    }
}

fn account_from_row(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<Account> {
    Ok(Account {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
    })
}
