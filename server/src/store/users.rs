//! Managing who has access: merchants, and users as admins see them.

use super::accounts::{account_from_row, check_role_merchant, Account};
use super::Store;
use dropstream_api::access::{Merchant, Role, UserEntry, UserUpdate};
use sqlx::Row;

/// What an admin's change to a user did, for the answer and the audit log.
#[derive(Debug)]
pub enum UserChange {
    Changed {
        before: Box<UserEntry>,
        after: Box<UserEntry>,
    },
    NotFound,
    Invalid(String),
}

impl Store {
    pub async fn merchants(&self) -> sqlx::Result<Vec<Merchant>> {
        let rows = sqlx::query("SELECT id, name FROM merchants ORDER BY name COLLATE NOCASE, id")
            .fetch_all(&self.pool)
            .await?;
        rows.iter().map(merchant_from_row).collect()
    }

    pub async fn merchant(&self, id: i64) -> sqlx::Result<Option<Merchant>> {
        let row = sqlx::query("SELECT id, name FROM merchants WHERE id = ?")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(merchant_from_row).transpose()
    }

    /// Adds a merchant; None when the name is taken (names are unique,
    /// ignoring case).
    pub async fn add_merchant(&self, name: &str) -> sqlx::Result<Option<Merchant>> {
        let done = sqlx::query("INSERT INTO merchants (name) VALUES (?) ON CONFLICT DO NOTHING")
            .bind(name)
            .execute(&self.pool)
            .await?;
        if done.rows_affected() == 0 {
            return Ok(None);
        }
        self.merchant(done.last_insert_rowid()).await
    }

    /// The merchant of that name, added if missing (seeding).
    pub async fn ensure_merchant(&self, name: &str) -> sqlx::Result<Merchant> {
        if let Some(m) = self.add_merchant(name).await? {
            return Ok(m);
        }
        let row = sqlx::query("SELECT id, name FROM merchants WHERE name = ?")
            .bind(name)
            .fetch_one(&self.pool)
            .await?;
        merchant_from_row(&row)
    }

    /// An enabled user's account (as a session would carry it).
    pub async fn user(&self, id: i64) -> anyhow::Result<Option<Account>> {
        let row = sqlx::query(
            "SELECT id, email, display_name, role, merchant_id FROM users
             WHERE id = ? AND disabled_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(account_from_row).transpose()?)
    }

    /// The id of the user with that email, enabled or not.
    pub async fn user_id_by_email(&self, email: &str) -> sqlx::Result<Option<i64>> {
        sqlx::query_scalar("SELECT id FROM users WHERE email = ?")
            .bind(email.trim())
            .fetch_optional(&self.pool)
            .await
    }

    /// Every user, by name, as the admin list shows them.
    pub async fn users(&self) -> sqlx::Result<Vec<UserEntry>> {
        let rows = sqlx::query(&format!(
            "{USER_ENTRY} ORDER BY u.display_name COLLATE NOCASE, u.id"
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_entry_from_row).collect()
    }

    pub async fn user_entry(&self, id: i64) -> sqlx::Result<Option<UserEntry>> {
        let row = sqlx::query(&format!("{USER_ENTRY} WHERE u.id = ?"))
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(user_entry_from_row).transpose()
    }

    /// Changes a user's role, merchant and/or whether they are disabled, in
    /// one transaction. Disabling ends every session of the user at once.
    pub async fn update_user(&self, id: i64, change: &UserUpdate) -> anyhow::Result<UserChange> {
        let Some(before) = self.user_entry(id).await? else {
            return Ok(UserChange::NotFound);
        };
        let role = change.role.unwrap_or(before.role);
        // Moving to a role without a merchant drops it; a merchant user
        // keeps theirs unless a new one is named.
        let merchant_id = match role {
            Role::Merchant => change
                .merchant_id
                .or(before.merchant.as_ref().map(|m| m.id)),
            Role::Admin | Role::Staff => change.merchant_id.filter(|_| change.role.is_none()),
        };
        if let Err(m) = check_role_merchant(role, merchant_id) {
            return Ok(UserChange::Invalid(m));
        }
        if let Some(m) = merchant_id {
            if self.merchant(m).await?.is_none() {
                return Ok(UserChange::Invalid(format!("there is no merchant {m}")));
            }
        }
        let mut tx = self.pool.begin().await?;
        sqlx::query(
            "UPDATE users SET role = ?, merchant_id = ?,
                 disabled_at = CASE
                     WHEN ? IS NULL THEN disabled_at
                     WHEN ? THEN coalesce(disabled_at, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'))
                     ELSE NULL END
             WHERE id = ?",
        )
        .bind(role.as_str())
        .bind(merchant_id)
        .bind(change.disabled)
        .bind(change.disabled)
        .bind(id)
        .execute(&mut *tx)
        .await?;
        let access_changed = change.disabled == Some(true)
            || role != before.role
            || merchant_id != before.merchant.as_ref().map(|m| m.id);
        if access_changed {
            // Sessions carry no role of their own, but ending them makes a
            // change of access take effect on every open page at once.
            sqlx::query("DELETE FROM sessions WHERE user_id = ?")
                .bind(id)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        let after = self
            .user_entry(id)
            .await?
            .expect("the user was just updated");
        Ok(UserChange::Changed {
            before: Box::new(before),
            after: Box::new(after),
        })
    }
}

const USER_ENTRY: &str = "SELECT u.id, u.email, u.display_name, u.role, u.merchant_id,
        m.name AS merchant_name, u.disabled_at IS NOT NULL AS disabled,
        u.password_hash = '' AS pending, u.created_at
    FROM users u LEFT JOIN merchants m ON m.id = u.merchant_id";

fn merchant_from_row(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<Merchant> {
    Ok(Merchant {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
    })
}

fn user_entry_from_row(row: &sqlx::sqlite::SqliteRow) -> sqlx::Result<UserEntry> {
    let account = account_from_row(row)?;
    let merchant_name: Option<String> = row.try_get("merchant_name")?;
    Ok(UserEntry {
        id: account.id,
        email: account.email,
        display_name: account.display_name,
        role: account.role,
        merchant: account
            .merchant_id
            .zip(merchant_name)
            .map(|(id, name)| Merchant { id, name }),
        disabled: row.try_get("disabled")?,
        pending: row.try_get("pending")?,
        created_at: row.try_get("created_at")?,
    })
}
