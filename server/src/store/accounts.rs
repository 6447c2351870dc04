//! Users and sessions. Passwords are argon2id hashes; sessions are stored as
//! the SHA-256 of their id.

use super::{clock, Store, CSRF_KEY_AAD};
use crate::security::{random_hex, sha256_hex};
use argon2::password_hash::{PasswordHash, PasswordHasher, PasswordVerifier, SaltString};
use argon2::Argon2;
use dropstream_api::access::Role;
use sqlx::any::AnyRow;
use sqlx::Row;

/// How long sessions live: `lifetime` from sign-in at most, and they end
/// early after `idle` without a request.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SessionPolicy {
    pub idle: std::time::Duration,
    pub lifetime: std::time::Duration,
}

impl Default for SessionPolicy {
    fn default() -> Self {
        SessionPolicy {
            idle: std::time::Duration::from_secs(12 * 3600),
            lifetime: std::time::Duration::from_secs(14 * 86_400),
        }
    }
}

/// A session's `last_seen_at` is written at most this often, so that
/// reading pages does not turn every request into a write.
const TOUCH_EVERY_SECS: i64 = 60;

/// How long an invitation's set-password link works.
pub const PASSWORD_LINK_DAYS: u32 = 7;

/// A live session: its account, and where it began.
#[derive(Debug, Clone)]
pub struct SessionOf {
    pub account: Account,
    /// None for a session of the desk. In the help widget's panel on
    /// another site: the site whose `identify` token started it, or
    /// `panel` for a sign-in inside the panel. Those reach the help center
    /// only.
    pub embed: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Account {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Set for merchant users (and only for them).
    pub merchant_id: Option<i64>,
}

impl Account {
    pub fn public(&self) -> dropstream_api::help::User {
        dropstream_api::help::User {
            id: self.id,
            display_name: self.display_name.clone(),
        }
    }

    /// "Ana Merchant <ana@…>": how the audit log names a person.
    pub fn audit_name(&self) -> String {
        format!("{} <{}>", self.display_name, self.email)
    }
}

#[derive(Debug, thiserror::Error)]
pub enum AddUserError {
    #[error("a user with the email {0} already exists")]
    Exists(String),
    #[error("{0}")]
    Invalid(String),
    #[error(transparent)]
    Other(#[from] anyhow::Error),
}

/// Who a new user is: everything but the password.
#[derive(Clone, Debug)]
pub struct NewAccount<'a> {
    pub email: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    pub merchant_id: Option<i64>,
}

impl NewAccount<'_> {
    fn check(&self) -> Result<(String, String), AddUserError> {
        // Kept in lower case, as sign-in looks it up, so the address is
        // unique whatever its case on either database.
        let email = self.email.trim().to_lowercase();
        let display_name = self.display_name.trim();
        if !email.contains('@') || email.len() > 254 || email.chars().any(char::is_whitespace) {
            return Err(AddUserError::Invalid(
                "the email address is not valid".into(),
            ));
        }
        if display_name.is_empty() || display_name.chars().count() > 80 {
            return Err(AddUserError::Invalid(
                "the display name must be 1 to 80 characters".into(),
            ));
        }
        check_role_merchant(self.role, self.merchant_id).map_err(AddUserError::Invalid)?;
        Ok((email, display_name.to_string()))
    }
}

/// A merchant user belongs to exactly one merchant; admins and staff to none.
pub fn check_role_merchant(role: Role, merchant_id: Option<i64>) -> Result<(), String> {
    match (role, merchant_id) {
        (Role::Merchant, None) => Err("a merchant user needs a merchant".into()),
        (Role::Admin | Role::Staff, Some(_)) => Err(format!(
            "{} users see every merchant; do not give them one",
            role.label()
        )),
        _ => Ok(()),
    }
}

/// A live session as the API lists it, for its owner.
#[derive(Clone, Debug, sqlx::FromRow)]
pub struct SessionRow {
    pub id_hash: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
    pub address: String,
    pub user_agent: String,
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
    /// Adds a user with a password (the command line and demo seeds).
    pub async fn add_user(
        &self,
        who: &NewAccount<'_>,
        password: &str,
    ) -> Result<i64, AddUserError> {
        dropstream_api::access::check_new_password(password).map_err(AddUserError::Invalid)?;
        let password = password.to_string();
        let hash = off_runtime(move || hash_password(&password)).await?;
        self.insert_user(who, &hash).await
    }

    /// Adds a user without a password and returns the id and a one-time
    /// set-password token for their invitation link.
    pub async fn invite_user(&self, who: &NewAccount<'_>) -> Result<(i64, String), AddUserError> {
        let id = self.insert_user(who, "").await?;
        let token = self.password_token(id).await?;
        Ok((id, token))
    }

    async fn insert_user(&self, who: &NewAccount<'_>, hash: &str) -> Result<i64, AddUserError> {
        let (email, display_name) = who.check()?;
        if let Some(merchant) = who.merchant_id {
            if self
                .merchant(merchant)
                .await
                .map_err(anyhow::Error::from)?
                .is_none()
            {
                return Err(AddUserError::Invalid(format!(
                    "there is no merchant {merchant}"
                )));
            }
        }
        let inserted = sqlx::query(
            "INSERT INTO users (email, display_name, password_hash, role, merchant_id)
             VALUES ($1, $2, $3, $4, $5)
             ON CONFLICT DO NOTHING
             RETURNING id",
        )
        .bind(&email)
        .bind(display_name)
        .bind(hash)
        .bind(who.role.as_str())
        .bind(who.merchant_id)
        .fetch_optional(&self.pool)
        .await
        .map_err(anyhow::Error::from)?;
        inserted
            .map(|row| row.try_get("id"))
            .transpose()
            .map_err(anyhow::Error::from)?
            .ok_or(AddUserError::Exists(email))
    }

    /// A fresh one-time token that lets `user_id` set a password; earlier
    /// unused tokens of the user stop working.
    pub async fn password_token(&self, user_id: i64) -> anyhow::Result<String> {
        let token = random_hex(32);
        let mut tx = self.pool.begin().await?;
        sqlx::query("DELETE FROM password_tokens WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        sqlx::query(
            "INSERT INTO password_tokens (token_hash, user_id, expires_at)
             VALUES ($1, $2, $3)",
        )
        .bind(sha256_hex(&token))
        .bind(user_id)
        .bind(clock::seconds(clock::shifted(
            i64::from(PASSWORD_LINK_DAYS) * 86_400,
        )))
        .execute(&mut *tx)
        .await?;
        tx.commit().await?;
        Ok(token)
    }

    /// Sets the password of the token's user and uses the token up. None
    /// when the token is unknown, used, expired, or its user is disabled.
    pub async fn set_password_with_token(
        &self,
        token: &str,
        password: &str,
    ) -> anyhow::Result<Option<Account>> {
        let password = password.to_string();
        let hash = off_runtime(move || hash_password(&password)).await?;
        let mut tx = self.pool.begin().await?;
        let user_id: Option<i64> = sqlx::query_scalar(
            "UPDATE password_tokens SET used_at = $2
             WHERE token_hash = $1 AND used_at IS NULL
               AND expires_at > $2
               AND user_id IN (SELECT id FROM users WHERE disabled_at IS NULL)
             RETURNING user_id",
        )
        .bind(sha256_hex(token))
        .bind(clock::now_seconds())
        .fetch_optional(&mut *tx)
        .await?;
        let Some(user_id) = user_id else {
            return Ok(None);
        };
        sqlx::query("UPDATE users SET password_hash = $1 WHERE id = $2")
            .bind(hash)
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        // Whoever held the old password is signed out.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        self.user(user_id).await
    }

    /// The account whose password matches, or None (unknown email or wrong
    /// password: the caller cannot tell which, on purpose).
    pub async fn check_password(
        &self,
        email: &str,
        password: &str,
    ) -> anyhow::Result<Option<Account>> {
        let row = sqlx::query(
            "SELECT id, email, display_name, role, merchant_id, password_hash FROM users
             WHERE email = $1 AND disabled_at IS NULL",
        )
        .bind(email.trim().to_lowercase())
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            password_matches(password, None).await;
            return Ok(None);
        };
        let hash: String = row.try_get("password_hash")?;
        // An invited user has no password yet: the dummy hash is checked
        // instead, so the answer takes as long as for anyone else.
        if !password_matches(password, Some(hash).filter(|h| !h.is_empty())).await {
            return Ok(None);
        }
        Ok(Some(account_from_row(&row)?))
    }

    /// Starts a session and returns its id (the cookie value). Only its
    /// hash is stored, with where it was started from.
    /// A new session of `user_id`; `embed` says where in the help widget it
    /// began (see [`SessionOf`]), None on the desk.
    pub async fn create_session(
        &self,
        user_id: i64,
        address: &str,
        user_agent: &str,
        embed: Option<&str>,
    ) -> anyhow::Result<String> {
        let token = random_hex(32);
        let user_agent: String = user_agent.chars().take(200).collect();
        sqlx::query(
            "INSERT INTO sessions (id_hash, user_id, expires_at, last_seen_at, address, user_agent, embed)
             VALUES ($1, $2, $3, $4, $5, $6, $7)",
        )
        .bind(sha256_hex(&token))
        .bind(user_id)
        .bind(clock::millis(
            std::time::SystemTime::now() + self.sessions.lifetime,
        ))
        .bind(clock::now_millis())
        .bind(address)
        .bind(user_agent)
        .bind(embed)
        .execute(&self.pool)
        .await?;
        Ok(token)
    }

    pub async fn end_session(&self, token: &str) -> anyhow::Result<()> {
        sqlx::query("DELETE FROM sessions WHERE id_hash = $1")
            .bind(sha256_hex(token))
            .execute(&self.pool)
            .await?;
        Ok(())
    }

    /// The account of a live session: not past its lifetime, not idle for
    /// longer than the policy allows, and its user not disabled. Marks the
    /// session as seen.
    pub async fn session_account(&self, token: &str) -> anyhow::Result<Option<SessionOf>> {
        let id_hash = sha256_hex(token);
        let row = sqlx::query(
            "SELECT u.id, u.email, u.display_name, u.role, u.merchant_id, s.embed,
                    CASE WHEN coalesce(s.last_seen_at, s.created_at) < $1
                         THEN 1 ELSE 0 END AS stale
             FROM sessions s JOIN users u ON u.id = s.user_id
             WHERE s.id_hash = $2 AND u.disabled_at IS NULL
               AND s.expires_at > $3
               AND coalesce(s.last_seen_at, s.created_at) > $4",
        )
        .bind(clock::millis(clock::shifted(-TOUCH_EVERY_SECS)))
        .bind(&id_hash)
        .bind(clock::now_millis())
        .bind(clock::millis(clock::shifted(-self.idle_secs())))
        .fetch_optional(&self.pool)
        .await?;
        let Some(row) = row else {
            return Ok(None);
        };
        if row.try_get::<i64, _>("stale")? != 0 {
            sqlx::query("UPDATE sessions SET last_seen_at = $2 WHERE id_hash = $1")
                .bind(&id_hash)
                .bind(clock::now_millis())
                .execute(&self.pool)
                .await?;
        }
        Ok(Some(SessionOf {
            account: account_from_row(&row)?,
            embed: row.try_get("embed")?,
        }))
    }

    /// The user's live sessions, newest first.
    pub async fn sessions_of(&self, user_id: i64) -> sqlx::Result<Vec<SessionRow>> {
        sqlx::query_as(
            "SELECT id_hash, created_at, coalesce(last_seen_at, created_at) AS last_seen_at,
                    expires_at, address, user_agent
             FROM sessions
             WHERE user_id = $1 AND expires_at > $2
               AND coalesce(last_seen_at, created_at) > $3
             ORDER BY created_at DESC, id_hash",
        )
        .bind(user_id)
        .bind(clock::now_millis())
        .bind(clock::millis(clock::shifted(-self.idle_secs())))
        .fetch_all(&self.pool)
        .await
    }

    /// Ends one of the user's sessions, named by the start of its hash.
    /// False when the user has no such session.
    pub async fn end_session_of(&self, user_id: i64, handle: &str) -> sqlx::Result<bool> {
        if handle.len() != SESSION_HANDLE_LEN || !handle.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Ok(false);
        }
        let done =
            sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND substr(id_hash, 1, $2) = $3")
                .bind(user_id)
                .bind(SESSION_HANDLE_LEN as i32)
                .bind(handle.to_ascii_lowercase())
                .execute(&self.pool)
                .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Ends every session of the user ("sign out everywhere"); returns how
    /// many there were.
    pub async fn end_sessions_of(&self, user_id: i64) -> sqlx::Result<u64> {
        let done = sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(user_id)
            .execute(&self.pool)
            .await?;
        Ok(done.rows_affected())
    }

    /// How long a session may go without a request, in seconds.
    fn idle_secs(&self) -> i64 {
        i64::try_from(self.sessions.idle.as_secs()).unwrap_or(i64::MAX / 2)
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
        sqlx::query("INSERT INTO meta (key, value) VALUES ('csrf_key', $1)")
            .bind(self.kek.seal(&key, CSRF_KEY_AAD))
            .execute(&self.pool)
            .await?;
        Ok(key)
    }
}

/// How many hex characters of a session's hash name it in the API.
pub const SESSION_HANDLE_LEN: usize = 16;

pub(super) fn account_from_row(row: &AnyRow) -> sqlx::Result<Account> {
    let role: String = row.try_get("role")?;
    Ok(Account {
        id: row.try_get("id")?,
        email: row.try_get("email")?,
        display_name: row.try_get("display_name")?,
        role: Role::parse(&role).ok_or_else(|| sqlx::Error::ColumnDecode {
            index: "role".into(),
            source: format!("unknown role {role:?}").into(),
        })?,
        merchant_id: row.try_get("merchant_id")?,
    })
}
