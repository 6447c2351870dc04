//! Persistence: connections, credentials, accounts, history and help in
//! SQLite (the default, one file) or PostgreSQL (for several servers), both
//! through sqlx's `Any` driver. Queries are written once, in the SQL both
//! understand (`$1` placeholders, `RETURNING`, `ON CONFLICT`); the few
//! places where the two differ ask [`Dialect`]. Times are made in Rust
//! ([`clock`]), never by the database.

pub mod accounts;
pub mod audit;
pub mod channels;
pub mod clock;
pub mod comments;
mod connection_edits;
pub mod crypto;
pub mod embed_sites;
pub mod history;
pub mod listing;
pub mod load_seed;
mod page_cursor;
pub mod retention;
pub mod rotate;
mod secret;
pub mod shared;
pub mod suggestions;
pub mod users;

pub use connection_edits::SaveOutcome;

pub use secret::Secret;

use anyhow::Context;
use crypto::Kek;
use dropstream_api::{
    secret_hint, Channel, ConnectionDetail, ConnectionSummary, Platform, SavedField, SavedValue,
    Side, SideSettings,
};
use sqlx::any::{AnyPoolOptions, AnyRow};
use sqlx::{AnyPool, Executor, Row};
use std::collections::BTreeMap;
use std::path::Path;

#[derive(Clone, Debug)]
pub struct Store {
    pool: AnyPool,
    dialect: Dialect,
    kek: Kek,
    csrf_key: std::sync::Arc<[u8; 32]>,
    sessions: accounts::SessionPolicy,
    local_leases: shared::LocalLeases,
}

/// The database behind a store.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dialect {
    Sqlite,
    Postgres,
}

impl Dialect {
    /// The dialect a `sqlite:` or `postgres:` URL names.
    pub fn of_url(url: &str) -> Option<Dialect> {
        let scheme = url.split(':').next()?;
        match scheme {
            "sqlite" => Some(Dialect::Sqlite),
            "postgres" | "postgresql" => Some(Dialect::Postgres),
            _ => None,
        }
    }

    /// `column` as a case-insensitive sort and comparison key. SQLite's
    /// NOCASE collation is what its indexes are built on; PostgreSQL's
    /// indexes are on `lower(…)`.
    pub fn nocase(self, column: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{column} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({column})"),
        }
    }

    /// A parameter compared with [`Dialect::nocase`] of a column.
    pub fn nocase_param(self, param: &str) -> String {
        match self {
            Dialect::Sqlite => format!("{param} COLLATE NOCASE"),
            Dialect::Postgres => format!("lower({param})"),
        }
    }

    /// Case-insensitive `LIKE` (SQLite's already is, for ASCII).
    pub fn like(self) -> &'static str {
        match self {
            Dialect::Sqlite => "LIKE",
            Dialect::Postgres => "ILIKE",
        }
    }
}

/// Which connections a request may see: every merchant's (admins, staff)
/// or one merchant's (its users). A connection outside the scope is
/// answered as if it did not exist.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Scope {
    All,
    Merchant(i64),
}

impl Scope {
    /// The merchant to filter by, for SQL: `($1 IS NULL OR merchant_id = $2)`.
    fn merchant(self) -> Option<i64> {
        match self {
            Scope::All => None,
            Scope::Merchant(id) => Some(id),
        }
    }
}

/// The columns of a connection summary, with its merchant's name.
pub const SUMMARY: &str = "SELECT c.id, c.name, c.enabled, c.store_platform, c.warehouse_platform,
        c.merchant_id, m.name AS merchant_name
    FROM connections c JOIN merchants m ON m.id = c.merchant_id";

/// One connection of the summary, by id within a scope (the merchant's id
/// twice, or NULL twice for every merchant).
pub const CONNECTION_BY_ID: &str = "WHERE c.id = $1 AND ($2 IS NULL OR c.merchant_id = $3)";

/// The saved credential values of one side, secrets included, decrypted.
/// Lives only inside the server; its Debug output redacts every value.
pub type SavedCredentials = BTreeMap<String, Secret>;

const KEK_CHECK: &[u8] = b"dropstream key check";
const KEK_CHECK_AAD: &[u8] = b"meta|kek_check";
/// Associated data of the sealed CSRF signing key in `meta`.
pub(super) const CSRF_KEY_AAD: &[u8] = b"meta|csrf_key";

impl Store {
    /// Opens (creating if needed) `dir/dropstream.sqlite3` and migrates it,
    /// with the key-encryption key from the environment or `dir`.
    pub async fn open_dir(dir: &Path) -> anyhow::Result<Store> {
        Store::open_config(dir, None).await
    }

    /// Opens the database at `url`, or SQLite in `dir` without one, with
    /// the key-encryption key from the environment or `dir`.
    pub async fn open_config(dir: &Path, url: Option<&str>) -> anyhow::Result<Store> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let kek = Kek::load_or_create(dir)?;
        match url {
            Some(url) => Store::open(url, kek).await,
            None => {
                let url = format!("sqlite://{}", dir.join("dropstream.sqlite3").display());
                Store::open(&url, kek).await
            }
        }
    }

    /// Opens the database at `url` (`sqlite://…` or `postgres://…`) and
    /// migrates it to this build's schema.
    pub async fn open(url: &str, kek: Kek) -> anyhow::Result<Store> {
        sqlx::any::install_default_drivers();
        let dialect = Dialect::of_url(url).with_context(|| {
            format!(
                "{}: not a database URL (use sqlite://path or postgres://user@host/db)",
                url.split('@').next_back().unwrap_or_default()
            )
        })?;
        let pool = match dialect {
            Dialect::Sqlite => {
                // WAL: readers never block the writer, and a commit is
                // durable once its frames are in the -wal file. That alone
                // survives the process being killed (SIGKILL) at any point
                // after the answer went out. FULL also fsyncs the WAL on
                // every commit, so an acknowledged save survives power loss
                // too; NORMAL would only sync at checkpoints.
                let url = if url.contains('?') {
                    url.to_string()
                } else {
                    format!("{url}?mode=rwc")
                };
                AnyPoolOptions::new()
                    .max_connections(4)
                    .after_connect(|conn, _| {
                        Box::pin(async move {
                            conn.execute(
                                "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;
                                 PRAGMA foreign_keys = ON; PRAGMA busy_timeout = 5000;",
                            )
                            .await?;
                            Ok(())
                        })
                    })
                    .connect(&url)
                    .await
            }
            // PostgreSQL commits durably by default (fsync and
            // synchronous_commit on); the server must not be told otherwise.
            Dialect::Postgres => AnyPoolOptions::new().max_connections(16).connect(url).await,
        }
        .context("cannot open the database")?;
        match dialect {
            Dialect::Sqlite => sqlx::migrate!("./migrations/sqlite").run(&pool).await,
            Dialect::Postgres => sqlx::migrate!("./migrations/postgres").run(&pool).await,
        }
        .context("cannot migrate the database")?;
        let mut store = Store {
            pool,
            dialect,
            kek,
            csrf_key: Default::default(),
            sessions: Default::default(),
            local_leases: Default::default(),
        };
        store.check_kek().await?;
        store.csrf_key = std::sync::Arc::new(store.load_csrf_key().await?);
        Ok(store)
    }

    pub fn dialect(&self) -> Dialect {
        self.dialect
    }

    /// Sessions end after `policy.idle` without a request and
    /// `policy.lifetime` after sign-in.
    pub fn with_session_policy(mut self, policy: accounts::SessionPolicy) -> Store {
        self.sessions = policy;
        self
    }

    pub fn session_policy(&self) -> accounts::SessionPolicy {
        self.sessions
    }

    /// The key that signs CSRF tokens (see `security::csrf`).
    pub fn csrf_key(&self) -> &[u8; 32] {
        &self.csrf_key
    }

    /// Refuses to start with a key that cannot open what was saved before.
    async fn check_kek(&self) -> anyhow::Result<()> {
        let check: Option<Vec<u8>> =
            sqlx::query_scalar("SELECT value FROM meta WHERE key = 'kek_check'")
                .fetch_optional(&self.pool)
                .await?;
        match check {
            Some(sealed) => match self.kek.open(&sealed, KEK_CHECK_AAD) {
                Ok(plain) if plain == KEK_CHECK => Ok(()),
                _ => anyhow::bail!(
                    "the key-encryption key does not match this database: set {} (or restore {}) to the key it was created with; after an interrupted rotate-kek, the new key is in {}",
                    crypto::KEK_ENV,
                    crypto::KEK_FILE,
                    crypto::KEK_PENDING_FILE
                ),
            },
            None => {
                sqlx::query("INSERT INTO meta (key, value) VALUES ('kek_check', $1)")
                    .bind(self.kek.seal(KEK_CHECK, KEK_CHECK_AAD))
                    .execute(&self.pool)
                    .await?;
                Ok(())
            }
        }
    }

    /// The steps the database plans for `sql` with `args`, one line each
    /// (SQLite's `EXPLAIN QUERY PLAN` details, PostgreSQL's `EXPLAIN`
    /// text), for tests that hold queries to their indexes.
    #[doc(hidden)]
    pub async fn query_plan(&self, sql: &str, args: &[listing::Arg]) -> sqlx::Result<Vec<String>> {
        let (explain, column) = match self.dialect {
            Dialect::Sqlite => (format!("EXPLAIN QUERY PLAN {sql}"), "detail"),
            Dialect::Postgres => (format!("EXPLAIN {sql}"), "QUERY PLAN"),
        };
        let mut tx = self.pool.begin().await?;
        if self.dialect == Dialect::Postgres {
            // A test's tables are small enough that PostgreSQL would read
            // them whole, hash them or sort them whatever the indexes.
            // Priced out, those steps are left only where no index can
            // serve the query, which is what the tests look for.
            for setting in [
                "enable_seqscan",
                "enable_hashjoin",
                "enable_mergejoin",
                "enable_sort",
            ] {
                sqlx::query(&format!("SET LOCAL {setting} = off"))
                    .execute(&mut *tx)
                    .await?;
            }
        }
        let rows = args
            .iter()
            .fold(sqlx::query(&explain), |q, arg| arg.bind(q))
            .fetch_all(&mut *tx)
            .await?;
        tx.rollback().await?;
        rows.iter().map(|row| row.try_get(column)).collect()
    }

    /// Runs `sql` (one or more statements, no arguments), for tests and
    /// tools that set a database up by hand.
    #[doc(hidden)]
    pub async fn execute_script(&self, sql: &str) -> sqlx::Result<()> {
        sqlx::raw_sql(sql).execute(&self.pool).await?;
        Ok(())
    }

    /// The connection, if it exists and is in scope.
    pub async fn connection(
        &self,
        id: i64,
        scope: Scope,
    ) -> sqlx::Result<Option<ConnectionSummary>> {
        let row = sqlx::query(&format!("{SUMMARY} {CONNECTION_BY_ID}"))
            .bind(id)
            .bind(scope.merchant())
            .bind(scope.merchant())
            .fetch_optional(&self.pool)
            .await?;
        let Some(mut summary) = row.as_ref().map(summary_from_row).transpose()? else {
            return Ok(None);
        };
        let mut latest = self.latest_runs(&[id]).await?;
        summary.store_last = latest.remove(&(id, Side::Store));
        summary.warehouse_last = latest.remove(&(id, Side::Warehouse));
        Ok(Some(summary))
    }

    /// A connection with both sides as the API may show them (secrets masked).
    pub async fn connection_detail(
        &self,
        id: i64,
        scope: Scope,
    ) -> anyhow::Result<Option<ConnectionDetail>> {
        let Some(summary) = self.connection(id, scope).await? else {
            return Ok(None);
        };
        let store = self
            .side_settings(id, Side::Store, summary.store_platform)
            .await?;
        let warehouse = self
            .side_settings(id, Side::Warehouse, summary.warehouse_platform)
            .await?;
        Ok(Some(ConnectionDetail {
            id: summary.id,
            name: summary.name,
            enabled: summary.enabled,
            store,
            warehouse,
        }))
    }

    async fn side_settings(
        &self,
        id: i64,
        side: Side,
        platform: Platform,
    ) -> anyhow::Result<SideSettings> {
        let saved = self.credentials(id, side).await?;
        let (version, saved_at, saved_by) = self.side_saved(id, side).await?;
        let last_test = self.history(id, side, 1).await?.into_iter().next();
        let fields = platform
            .fields()
            .iter()
            .map(|spec| {
                let stored = saved.get(spec.key);
                let value = if spec.secret {
                    SavedValue::Secret {
                        set: stored.is_some(),
                        hint: stored.and_then(|s| secret_hint(s.expose())),
                    }
                } else {
                    SavedValue::Plain {
                        value: stored.map(|s| s.expose().to_string()).unwrap_or_default(),
                    }
                };
                SavedField {
                    key: spec.key.to_string(),
                    value,
                }
            })
            .collect();
        Ok(SideSettings {
            platform,
            fields,
            version,
            last_test,
            saved_at,
            saved_by,
        })
    }

    /// The saved values of one side, decrypted, for the connectors. Never
    /// serialised.
    pub async fn credentials(&self, id: i64, side: Side) -> anyhow::Result<SavedCredentials> {
        let rows = sqlx::query(
            "SELECT field, sealed FROM credentials WHERE connection_id = $1 AND side = $2",
        )
        .bind(id)
        .bind(side.as_str())
        .fetch_all(&self.pool)
        .await?;
        let mut values = SavedCredentials::new();
        for row in rows {
            let field: String = row.try_get("field")?;
            let sealed: Vec<u8> = row.try_get("sealed")?;
            let plain = self
                .kek
                .open(&sealed, &credential_aad(id, side, &field))
                .with_context(|| format!("connection {id}, {side} field {field}"))?;
            let value = String::from_utf8(plain).context("a saved credential is not UTF-8")?;
            values.insert(field, Secret::new(value));
        }
        Ok(values)
    }

    pub async fn create_connection(
        &self,
        merchant_id: i64,
        name: &str,
        store_platform: Platform,
        warehouse_platform: Platform,
        enabled: bool,
    ) -> sqlx::Result<i64> {
        let mut tx = self.pool.begin().await?;
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO connections
                 (name, enabled, store_platform, warehouse_platform, merchant_id, created_at)
             VALUES ($1, $2, $3, $4, $5, $6)
             RETURNING id",
        )
        .bind(name)
        .bind(i64::from(enabled))
        .bind(store_platform.as_str())
        .bind(warehouse_platform.as_str())
        .bind(merchant_id)
        .bind(clock::now_millis())
        .fetch_one(&mut *tx)
        .await?;
        // A connection is born with a row for each side and each channel.
        let children: [(&str, &[&str]); 2] = [
            (
                "INSERT INTO sides (connection_id, side) VALUES ($1, $2)",
                &Side::ALL.map(Side::as_str),
            ),
            (
                "INSERT INTO channels (connection_id, channel) VALUES ($1, $2)",
                &Channel::ALL.map(Channel::as_str),
            ),
        ];
        for (insert, names) in children {
            for name in names {
                sqlx::query(insert)
                    .bind(id)
                    .bind(*name)
                    .execute(&mut *tx)
                    .await?;
            }
        }
        tx.commit().await?;
        Ok(id)
    }

    /// Saves the given fields of one side in one transaction, without a
    /// version check (seeding and tests); bumps the side's version.
    pub async fn save_credentials(
        &self,
        id: i64,
        side: Side,
        values: &BTreeMap<String, Secret>,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        self.write_sealed(&mut tx, id, side, values).await?;
        sqlx::query(
            "UPDATE sides SET version = version + 1 WHERE connection_id = $1 AND side = $2",
        )
        .bind(id)
        .bind(side.as_str())
        .execute(&mut *tx)
        .await?;
        tx.commit().await
    }

    /// Seals each value with its own data key, bound to its row, and writes
    /// it (replacing a value already saved for the field).
    pub(super) async fn write_sealed(
        &self,
        conn: &mut sqlx::AnyConnection,
        id: i64,
        side: Side,
        values: &BTreeMap<String, Secret>,
    ) -> sqlx::Result<()> {
        for (field, value) in values {
            let sealed = self
                .kek
                .seal(value.expose().as_bytes(), &credential_aad(id, side, field));
            sqlx::query(
                "INSERT INTO credentials (connection_id, side, field, sealed) VALUES ($1, $2, $3, $4)
                 ON CONFLICT (connection_id, side, field) DO UPDATE SET sealed = excluded.sealed",
            )
            .bind(id)
            .bind(side.as_str())
            .bind(field)
            .bind(sealed)
            .execute(&mut *conn)
            .await?;
        }
        Ok(())
    }
}

/// Binds a sealed value to its row: opening it anywhere else fails.
fn credential_aad(id: i64, side: Side, field: &str) -> Vec<u8> {
    format!("credential|{id}|{side}|{field}").into_bytes()
}

fn summary_from_row(row: &AnyRow) -> sqlx::Result<ConnectionSummary> {
    Ok(ConnectionSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        enabled: row.try_get::<i64, _>("enabled")? != 0,
        store_platform: platform_column(row, "store_platform")?,
        warehouse_platform: platform_column(row, "warehouse_platform")?,
        merchant_id: row.try_get("merchant_id")?,
        merchant_name: row.try_get("merchant_name")?,
        store_last: None,
        warehouse_last: None,
        channels: Vec::new(),
    })
}

/// `$1, $2, …, $n` (at least `$1`), for an `IN (…)` of `n` values.
fn numbered_params(n: usize) -> String {
    (1..=n.max(1))
        .map(|n| format!("${n}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The `connections` column holding a side's platform.
fn platform_column_name(side: Side) -> &'static str {
    match side {
        Side::Store => "store_platform",
        Side::Warehouse => "warehouse_platform",
    }
}

fn platform_column(row: &AnyRow, column: &str) -> sqlx::Result<Platform> {
    let raw: String = row.try_get(column)?;
    Platform::parse(&raw).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unknown platform {raw:?}").into(),
    })
}
