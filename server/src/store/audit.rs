//! The audit log: sign-ins, credential saves, deletions and changes of
//! access. It records who, what, when and from where; never a value.

use super::Store;
use dropstream_api::access::{AuditEntry, AuditPage};

/// Entries per page of the audit log.
pub const AUDIT_PAGE: i64 = 50;

/// One thing to record. `detail` must never hold a credential or a
/// password: field names, roles and counts only.
#[derive(Debug)]
pub struct AuditEvent<'a> {
    pub user_id: Option<i64>,
    pub actor: String,
    pub action: &'a str,
    pub target: String,
    pub detail: String,
    pub address: &'a str,
}

/// How the audit log names a connection (a side is added after a comma).
pub fn connection_target(connection: &dropstream_api::ConnectionSummary) -> String {
    format!(
        "Connection {} ({}) of {}",
        connection.id, connection.name, connection.merchant_name
    )
}

impl Store {
    /// Records an event. It runs after the change it describes was
    /// committed, so a failure is logged rather than turned into an error
    /// answer that would tell the user the change did not happen.
    pub async fn audit(&self, event: AuditEvent<'_>) {
        let action = event.action;
        if let Err(e) = self.write_audit(event).await {
            tracing::error!(action, error = %e, "could not write the audit log");
        }
    }

    async fn write_audit(&self, event: AuditEvent<'_>) -> sqlx::Result<()> {
        sqlx::query(
            "INSERT INTO audit_log (user_id, actor, action, target, detail, address)
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(event.user_id)
        .bind(event.actor)
        .bind(event.action)
        .bind(event.target)
        .bind(event.detail)
        .bind(event.address)
        .execute(&self.pool)
        .await?;
        Ok(())
    }

    /// Newest first, older than `before` when given.
    pub async fn audit_page(&self, before: Option<i64>) -> sqlx::Result<AuditPage> {
        let rows: Vec<(i64, String, String, String, String, String, String)> = sqlx::query_as(
            "SELECT id, at, actor, action, target, detail, address FROM audit_log
             WHERE id < $1 ORDER BY id DESC LIMIT $2",
        )
        .bind(before.unwrap_or(i64::MAX))
        .bind(AUDIT_PAGE + 1)
        .fetch_all(&self.pool)
        .await?;
        let mut entries: Vec<AuditEntry> = rows
            .into_iter()
            .map(
                |(id, at, actor, action, target, detail, address)| AuditEntry {
                    id,
                    at,
                    actor,
                    action,
                    target,
                    detail,
                    address,
                },
            )
            .collect();
        let more = entries.len() as i64 > AUDIT_PAGE;
        entries.truncate(AUDIT_PAGE as usize);
        let next_before = more.then(|| entries.last().map(|e| e.id)).flatten();
        Ok(AuditPage {
            entries,
            next_before,
        })
    }
}
