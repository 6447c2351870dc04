//! Managing who has access: merchants, and users as admins see them.

use super::accounts::{account_from_row, check_role_merchant, Account};
use super::Store;
use dropstream_api::access::{Merchant, Role, UserEntry, UserUpdate};
use sqlx::any::AnyRow;
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
        let sql = format!(
            "SELECT id, name FROM merchants ORDER BY {}, id",
            self.dialect.nocase("name")
        );
        let rows = sqlx::query(&sql).fetch_all(&self.pool).await?;
        rows.iter().map(merchant_from_row).collect()
    }

    pub async fn merchant(&self, id: i64) -> sqlx::Result<Option<Merchant>> {
        let row = sqlx::query("SELECT id, name FROM merchants WHERE id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        row.as_ref().map(merchant_from_row).transpose()
    }

    /// Adds a merchant; None when the name is taken (names are unique,
    /// ignoring case).
    pub async fn add_merchant(&self, name: &str) -> sqlx::Result<Option<Merchant>> {
        let row = sqlx::query(
            "INSERT INTO merchants (name, created_at) VALUES ($1, $2) ON CONFLICT DO NOTHING
             RETURNING id, name",
        )
        .bind(name)
        .bind(super::clock::now_seconds())
        .fetch_optional(&self.pool)
        .await?;
        row.as_ref().map(merchant_from_row).transpose()
    }

    /// The merchant of that name, added if missing (seeding).
    pub async fn ensure_merchant(&self, name: &str) -> sqlx::Result<Merchant> {
        if let Some(m) = self.add_merchant(name).await? {
            return Ok(m);
        }
        let sql = format!(
            "SELECT id, name FROM merchants WHERE {} = {}",
            self.dialect.nocase("name"),
            self.dialect.nocase_param("$1")
        );
        let row = sqlx::query(&sql).bind(name).fetch_one(&self.pool).await?;
        merchant_from_row(&row)
    }

    /// An enabled user's account (as a session would carry it).
    pub async fn user(&self, id: i64) -> anyhow::Result<Option<Account>> {
        let row = sqlx::query(
            "SELECT id, email, display_name, role, merchant_id FROM users
             WHERE id = $1 AND disabled_at IS NULL",
        )
        .bind(id)
        .fetch_optional(&self.pool)
        .await?;
        Ok(row.as_ref().map(account_from_row).transpose()?)
    }

    /// The id of the user with that email, enabled or not.
    pub async fn user_id_by_email(&self, email: &str) -> sqlx::Result<Option<i64>> {
        sqlx::query_scalar("SELECT id FROM users WHERE email = $1")
            .bind(email.trim().to_lowercase())
            .fetch_optional(&self.pool)
            .await
    }

    /// Every user, by name, as the admin list shows them.
    pub async fn users(&self) -> sqlx::Result<Vec<UserEntry>> {
        let rows = sqlx::query(&format!(
            "{USER_ENTRY} ORDER BY {}, u.id",
            self.dialect.nocase("u.display_name")
        ))
        .fetch_all(&self.pool)
        .await?;
        rows.iter().map(user_entry_from_row).collect()
    }

    pub async fn user_entry(&self, id: i64) -> sqlx::Result<Option<UserEntry>> {
        let row = sqlx::query(&format!("{USER_ENTRY} WHERE u.id = $1"))
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
            "UPDATE users SET role = $1, merchant_id = $2,
                 disabled_at = CASE
                     WHEN $3 IS NULL THEN disabled_at
                     WHEN $3 = 1 THEN coalesce(disabled_at, $5)
                     ELSE NULL END
             WHERE id = $4",
        )
        .bind(role.as_str())
        .bind(merchant_id)
        .bind(change.disabled.map(i64::from))
        .bind(id)
        .bind(super::clock::now_seconds())
        .execute(&mut *tx)
        .await?;
        let access_changed = change.disabled == Some(true)
            || role != before.role
            || merchant_id != before.merchant.as_ref().map(|m| m.id);
        if access_changed {
            // Sessions carry no role of their own, but ending them makes a
            // change of access take effect on every open page at once.
            sqlx::query("DELETE FROM sessions WHERE user_id = $1")
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
        m.name AS merchant_name,
        CASE WHEN u.disabled_at IS NULL THEN 0 ELSE 1 END AS disabled,
        CASE WHEN u.password_hash = '' THEN 1 ELSE 0 END AS pending, u.created_at
    FROM users u LEFT JOIN merchants m ON m.id = u.merchant_id";

fn merchant_from_row(row: &AnyRow) -> sqlx::Result<Merchant> {
    Ok(Merchant {
        id: row.try_get("id")?,
        name: row.try_get("name")?,
    })
}

fn user_entry_from_row(row: &AnyRow) -> sqlx::Result<UserEntry> {
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
        disabled: row.try_get::<i64, _>("disabled")? != 0,
        pending: row.try_get::<i64, _>("pending")? != 0,
        created_at: row.try_get("created_at")?,
    })
}
