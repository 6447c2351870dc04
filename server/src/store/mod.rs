//! Persistence: connections and their credentials in SQLite (sqlx).

mod secret;

pub use secret::Secret;

use anyhow::Context;
use dropstream_api::{
    secret_hint, ConnectionDetail, ConnectionSummary, Platform, SavedField, SavedValue, Side,
    SideSettings,
};
use sqlx::sqlite::{SqliteConnectOptions, SqliteJournalMode, SqlitePoolOptions, SqliteSynchronous};
use sqlx::{Row, SqlitePool};
use std::collections::BTreeMap;
use std::path::Path;
use std::str::FromStr;

#[derive(Clone, Debug)]
pub struct Store {
    pool: SqlitePool,
}

/// The saved credential values of one side, secrets included. Lives only
/// inside the server; its Debug output redacts every value.
#[derive(Clone, Debug, Default)]
pub struct SavedCredentials {
    pub platform: Option<Platform>,
    pub values: BTreeMap<String, Secret>,
}

impl Store {
    /// Opens (creating if needed) `dir/dropstream.sqlite3` and migrates it.
    pub async fn open_dir(dir: &Path) -> anyhow::Result<Store> {
        std::fs::create_dir_all(dir)
            .with_context(|| format!("cannot create the data directory {}", dir.display()))?;
        let url = format!("sqlite://{}", dir.join("dropstream.sqlite3").display());
        Store::open(&url).await
    }

    pub async fn open(url: &str) -> anyhow::Result<Store> {
        let options = SqliteConnectOptions::from_str(url)?
            .create_if_missing(true)
            .journal_mode(SqliteJournalMode::Wal)
            .synchronous(SqliteSynchronous::Full)
            .foreign_keys(true);
        let pool = SqlitePoolOptions::new()
            .max_connections(4)
            .connect_with(options)
            .await
            .context("cannot open the database")?;
        sqlx::migrate!("./migrations")
            .run(&pool)
            .await
            .context("cannot migrate the database")?;
        Ok(Store { pool })
    }

    pub async fn list_connections(&self) -> sqlx::Result<Vec<ConnectionSummary>> {
        let rows = sqlx::query(
            "SELECT id, name, enabled, store_platform, warehouse_platform
             FROM connections ORDER BY name COLLATE NOCASE, id",
        )
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(summary_from_row).collect()
    }

    pub async fn connection(&self, id: i64) -> sqlx::Result<Option<ConnectionSummary>> {
        let row = sqlx::query(
            "SELECT id, name, enabled, store_platform, warehouse_platform
             FROM connections WHERE id = ?",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(summary_from_row).transpose()
    }

    /// A connection with both sides as the API may show them (secrets masked).
    pub async fn connection_detail(&self, id: i64) -> sqlx::Result<Option<ConnectionDetail>> {
        let Some(summary) = self.connection(id).await? else {
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
    ) -> sqlx::Result<SideSettings> {
        let saved = self.credentials(id, side).await?;
        let fields = platform
            .fields()
            .iter()
            .map(|spec| {
                let stored = saved.values.get(spec.key);
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
        Ok(SideSettings { platform, fields })
    }

    /// The saved values of one side, for the connectors. Never serialised.
    pub async fn credentials(&self, id: i64, side: Side) -> sqlx::Result<SavedCredentials> {
        let Some(summary) = self.connection(id).await? else {
            return Ok(SavedCredentials::default());
        };
        let rows = sqlx::query(
            "SELECT field, value FROM credentials WHERE connection_id = ? AND side = ?",
        )
        .bind(id)
        .bind(side.as_str())
        .fetch_all(&self.pool)
        .await?;
        let values = rows
            .iter()
            .map(|r| {
                Ok((
                    r.try_get("field")?,
                    Secret::new(r.try_get::<String, _>("value")?),
                ))
            })
            .collect::<sqlx::Result<_>>()?;
        let platform = match side {
            Side::Store => summary.store_platform,
            Side::Warehouse => summary.warehouse_platform,
        };
        Ok(SavedCredentials {
            platform: Some(platform),
            values,
        })
    }

    pub async fn create_connection(
        &self,
        name: &str,
        store_platform: Platform,
        warehouse_platform: Platform,
        enabled: bool,
    ) -> sqlx::Result<i64> {
        let id = sqlx::query(
            "INSERT INTO connections (name, enabled, store_platform, warehouse_platform)
             VALUES (?, ?, ?, ?)",
        )
        .bind(name)
        .bind(enabled)
        .bind(store_platform.as_str())
        .bind(warehouse_platform.as_str())
        .execute(&self.pool)
        .await?
        .last_insert_rowid();
        Ok(id)
    }

    /// Saves the given fields of one side in one transaction.
    pub async fn save_credentials(
        &self,
        id: i64,
        side: Side,
        values: &BTreeMap<String, Secret>,
    ) -> sqlx::Result<()> {
        let mut tx = self.pool.begin().await?;
        for (field, value) in values {
            sqlx::query(
                "INSERT INTO credentials (connection_id, side, field, value) VALUES (?, ?, ?, ?)
                 ON CONFLICT (connection_id, side, field) DO UPDATE SET value = excluded.value",
            )
            .bind(id)
            .bind(side.as_str())
            .bind(field)
            .bind(value.expose())
            .execute(&mut *tx)
            .await?;
        }
        tx.commit().await
    }
}

fn summary_from_row(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<ConnectionSummary> {
    Ok(ConnectionSummary {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
        enabled: row.try_get("enabled")?,
        store_platform: platform_column(row, "store_platform")?,
        warehouse_platform: platform_column(row, "warehouse_platform")?,
    })
}

fn platform_column(row: &sqlx::sqlite::SqliteRow, column: &str) -> sqlx::Result<Platform> {
    let raw: String = row.try_get(column)?;
    Platform::parse(&raw).ok_or_else(|| sqlx::Error::ColumnDecode {
        index: column.to_string(),
        source: format!("unknown platform {raw:?}").into(),
    })
}
