//! Who may see and change what: roles, merchants, user management, the
//! audit log and a user's own sessions.
//!
//! A connection belongs to one merchant. Admins see everything and manage
//! users and merchants; staff (support) see and test every merchant's
//! connections but change none of them and never see who has access;
//! merchant users see and manage only their own merchant's connections.

use serde::{Deserialize, Serialize};

wire_enum! {
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Role {
        Admin => "admin",
        Staff => "staff",
        #[default]
        Merchant => "merchant",
    }
}

impl Role {
    /// As the header and the user list show it.
    pub fn label(self) -> &'static str {
        match self {
            Role::Admin => "Admin",
            Role::Staff => "Staff",
            Role::Merchant => "Merchant",
        }
    }

    /// Sees every merchant's connections (and picks a merchant when it
    /// creates one).
    pub fn sees_all_merchants(self) -> bool {
        matches!(self, Role::Admin | Role::Staff)
    }

    /// May create, rename, enable, delete connections and save credentials.
    pub fn changes_connections(self) -> bool {
        matches!(self, Role::Admin | Role::Merchant)
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A merchant: the owner of connections.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Merchant {
    pub id: i64,
    pub name: String,
}

/// Body of `POST /api/admin/merchants`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewMerchant {
    pub name: String,
}

/// Longest merchant name; the database checks the same bound.
pub const MERCHANT_NAME_MAX: usize = 120;

/// A trimmed merchant name, or why it is refused.
pub fn validate_merchant_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Enter the merchant's name.".into());
    }
    if name.chars().count() > MERCHANT_NAME_MAX {
        return Err(format!(
            "A merchant name has at most {MERCHANT_NAME_MAX} characters."
        ));
    }
    Ok(name.to_string())
}

/// The signed-in person's own account, as `GET /api/session` tells it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccountInfo {
    pub role: Role,
    /// The merchant of a merchant user; none for admins and staff.
    pub merchant: Option<Merchant>,
}

/// One line of `GET /api/admin/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct UserEntry {
    pub id: i64,
    pub email: String,
    pub display_name: String,
    pub role: Role,
    pub merchant: Option<Merchant>,
    /// Disabled users cannot sign in and their sessions have ended.
    pub disabled: bool,
    /// Invited and not yet set a password.
    pub pending: bool,
    pub created_at: String,
}

/// Body of `POST /api/admin/users`: an invitation. The person sets their
/// own password through a one-time link.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewUser {
    pub email: String,
    pub display_name: String,
    pub role: Role,
    /// Required for merchant users, refused for the others.
    #[serde(default)]
    pub merchant_id: Option<i64>,
}

patch_body! {
    /// Body of `PATCH /api/admin/users/{id}`: only the given parts change.
    /// Changing the role to merchant needs `merchant_id`.
    pub struct UserUpdate {
        pub role: Option<Role>,
        pub merchant_id: Option<i64>,
        pub disabled: Option<bool>,
    }
}

/// Answer of `POST /api/admin/users`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Invited {
    pub user: UserEntry,
    /// Where the one-time set-password link went, in words for the admin
    /// (the link itself is never in an answer).
    pub delivery: String,
}

/// Body of `POST /api/password`: the one-time token from the link and the
/// new password.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SetPassword {
    pub token: String,
    pub password: String,
}

impl std::fmt::Debug for SetPassword {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("SetPassword { .. }")
    }
}

/// Shortest password the desk accepts, in characters.
pub const PASSWORD_MIN_CHARS: usize = 10;

/// Why a new password is refused, if it is.
pub fn check_new_password(password: &str) -> Result<(), String> {
    if password.chars().count() < PASSWORD_MIN_CHARS {
        return Err(format!(
            "Choose a password of at least {PASSWORD_MIN_CHARS} characters."
        ));
    }
    if password.len() > 1024 {
        return Err("That password is too long.".into());
    }
    Ok(())
}

/// One of the signed-in person's sessions (`GET /api/account/sessions`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SessionEntry {
    /// Names the session in `DELETE /api/account/sessions/{id}`; not the
    /// cookie and not enough to recreate it.
    pub id: String,
    pub created_at: String,
    pub last_seen_at: String,
    pub expires_at: String,
    pub address: String,
    pub user_agent: String,
    /// The session this request came with.
    pub current: bool,
}

/// One line of the audit log: who did what, when, from where. Never a
/// credential value or a password.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditEntry {
    pub id: i64,
    pub at: String,
    /// Display name and email of who did it; "Unknown" for a failed sign-in.
    pub actor: String,
    pub action: String,
    /// What it was done to, in words ("Connection 1 (Demo Outfitters), Store").
    pub target: String,
    pub detail: String,
    pub address: String,
}

/// One page of `GET /api/admin/audit`, newest first.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditPage {
    pub entries: Vec<AuditEntry>,
    /// Pass as `before` for the next (older) page; absent on the last.
    pub next_before: Option<i64>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roles_say_what_they_may_do() {
        assert!(Role::Staff.sees_all_merchants() && !Role::Staff.changes_connections());
        assert!(!Role::Merchant.sees_all_merchants() && Role::Merchant.changes_connections());
        assert!(Role::Admin.sees_all_merchants() && Role::Admin.changes_connections());
        assert_eq!(Role::parse("root"), None);
    }

    #[test]
    fn merchant_names_and_passwords_are_checked() {
        assert_eq!(validate_merchant_name("  Acme  ").unwrap(), "Acme");
        assert!(validate_merchant_name(" ").is_err());
        assert!(validate_merchant_name(&"x".repeat(121)).is_err());
        assert!(check_new_password("short").is_err());
        assert!(check_new_password("long enough pass").is_ok());
    }

    #[test]
    fn set_password_debug_hides_both_values() {
        let s = SetPassword {
            token: "tok-123".into(),
            password: "hunter2-hunter2".into(),
        };
        let shown = format!("{s:?}");
        assert!(!shown.contains("tok-123") && !shown.contains("hunter2"));
    }
}
