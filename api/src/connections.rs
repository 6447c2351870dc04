//! Managing connections: create, rename, enable, save a side's credentials,
//! and the history of Test Connection runs.

use crate::catalog::{Platform, Side};
use crate::result::Category;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::fmt;

/// Longest connection name; the database checks the same bound.
pub const NAME_MAX: usize = 200;

/// Body of `POST /api/connections`. New connections start disabled.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewConnection {
    pub name: String,
    pub store_platform: Platform,
    pub warehouse_platform: Platform,
    /// The owner. Admins must name one; a merchant user's connections are
    /// always its own merchant's, so it may leave this out.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub merchant_id: Option<i64>,
}

patch_body! {
    /// Body of `PATCH /api/connections/{id}`: only the given parts change.
    pub struct ConnectionUpdate {
        pub name: Option<String>,
        pub enabled: Option<bool>,
    }
}

/// Body of `PUT /api/connections/{id}/{side}`: the side's platform and its
/// field values. A blank secret keeps the saved one (same rule as a test).
/// `version` is the side's version the form was loaded with; a save against
/// an older version is refused with 409 instead of overwriting.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SaveCredentials {
    pub platform: Platform,
    pub version: i64,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

// Field values may be secrets: Debug shows only the keys.
impl fmt::Debug for SaveCredentials {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SaveCredentials")
            .field("platform", &self.platform)
            .field("version", &self.version)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// One Test Connection run as the history keeps it: never a credential and
/// never the platform's response body.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct TestRun {
    /// UTC, RFC 3339 with milliseconds (`2026-11-27T01:02:03.456Z`).
    pub at: String,
    /// Display name of who ran it.
    pub ran_by: String,
    pub side: Side,
    pub platform: Platform,
    pub ok: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    pub duration_ms: u64,
}

impl TestRun {
    /// "Success!" or the category's headline, as the badge says it.
    pub fn outcome(&self) -> &'static str {
        if self.ok {
            "Success!"
        } else {
            self.category
                .map(Category::headline)
                .unwrap_or("Test failed")
        }
    }
}

/// Trims a connection name and checks its length.
pub fn validate_connection_name(raw: &str) -> Result<String, String> {
    let name = raw.trim();
    if name.is_empty() {
        return Err("Give the connection a name.".to_string());
    }
    let len = name.chars().count();
    if len > NAME_MAX {
        return Err(format!(
            "A connection name has at most {NAME_MAX} characters ({len} given)."
        ));
    }
    if name.chars().any(char::is_control) {
        return Err("A connection name cannot contain line breaks or tabs.".to_string());
    }
    Ok(name.to_string())
}

/// Checks that `platform` belongs on `side`, with the message the API and
/// the form show.
pub fn check_platform_side(platform: Platform, side: Side) -> Result<(), String> {
    if platform.side() == side {
        Ok(())
    } else {
        Err(format!(
            "{} is a {} platform; choose a {} platform for this side.",
            platform.display_name(),
            platform.side(),
            side
        ))
    }
}

/// The platforms a side can choose from, in catalog order.
pub fn platforms_for(side: Side) -> impl Iterator<Item = Platform> {
    Platform::ALL.into_iter().filter(move |p| p.side() == side)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_are_trimmed_and_bounded() {
        assert_eq!(validate_connection_name("  Acme  ").unwrap(), "Acme");
        assert!(validate_connection_name("   ").is_err());
        assert!(validate_connection_name(&"x".repeat(NAME_MAX)).is_ok());
        assert!(validate_connection_name(&"x".repeat(NAME_MAX + 1)).is_err());
        assert!(validate_connection_name("a\nb").is_err());
    }

    #[test]
    fn each_side_offers_only_its_platforms() {
        for side in Side::ALL {
            let list: Vec<_> = platforms_for(side).collect();
            assert!(!list.is_empty());
            for p in list {
                assert!(check_platform_side(p, side).is_ok());
            }
        }
        let wrong = Platform::ALL
            .into_iter()
            .find(|p| p.side() != Side::Store)
            .unwrap();
        assert!(check_platform_side(wrong, Side::Store)
            .unwrap_err()
            .contains("warehouse platform"));
    }

    #[test]
    fn save_debug_shows_keys_not_values() {
        let save = SaveCredentials {
            platform: Platform::ShipBob,
            version: 3,
            fields: BTreeMap::from([("access_token".into(), "sbpat_topsecret".into())]),
        };
        let debug = format!("{save:?}");
        assert!(debug.contains("access_token"), "{debug}");
        assert!(!debug.contains("topsecret"), "{debug}");
    }

    #[test]
    fn outcome_reads_like_the_badge() {
        let mut run = TestRun {
            at: "2026-11-27T01:02:03.456Z".into(),
            ran_by: "Signed-out user".into(),
            side: Side::Store,
            platform: Platform::Shopify,
            ok: true,
            category: None,
            http_status: Some(200),
            duration_ms: 12,
        };
        assert_eq!(run.outcome(), "Success!");
        run.ok = false;
        run.category = Some(Category::InvalidCredentials);
        assert_eq!(run.outcome(), "Invalid credentials");
    }
}
