//! The contract between the DropStream Connection Desk SPA and its server.
//!
//! This crate is compiled into both sides, so the platform catalog, the field
//! specs, the validation rules and the error categories are one piece of code.
//! It depends on serde only: nothing here may need tokio, axum or web-sys.

#[macro_use]
mod wire;

pub mod access;
pub mod catalog;
pub mod channels;
pub mod connections;
pub mod error;
pub mod help;
pub mod result;
pub mod validate;

pub use catalog::{Channel, ChannelNeeds, FieldSpec, Platform, Rule, Side};
pub use channels::{
    ChannelLatest, ChannelState, ChannelUpdate, Diagnosis, RunCounts, RunOutcome, RunProblem,
    RunSummary, Schedule, RUNS_PAGE,
};
pub use connections::{
    check_platform_side, platforms_for, validate_connection_name, ConnectionUpdate, NewConnection,
    SaveCredentials, TestRun,
};
pub use error::{ApiError, ErrorCode};
pub use result::{help_link, Category, HelpLink, Step, StepStatus, TestResult};
pub use validate::{normalize_site_url, validate_fields, FieldError, NothingSaved, Saved};

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Body of `POST /api/connections/{id}/{side}/test`: the platform and the
/// credential values currently in the form. A secret left blank (or absent)
/// means "use the saved value".
#[derive(Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestRequest {
    pub platform: Platform,
    #[serde(default)]
    pub fields: BTreeMap<String, String>,
}

// Field values may be secrets: Debug shows only the keys.
impl std::fmt::Debug for TestRequest {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("TestRequest")
            .field("platform", &self.platform)
            .field("fields", &self.fields.keys().collect::<Vec<_>>())
            .finish()
    }
}

/// `GET /api/connections` and `GET /api/connections/{id}/{side}/history`
/// answer one page, a plain list. When more follows, this response header
/// holds the cursor of the next page: pass it as `after` (connections) or
/// `before` (history).
pub const NEXT_PAGE_HEADER: &str = "x-next-page";

/// Connections in one list page when the request names no `limit`.
pub const CONNECTIONS_PAGE: u32 = 100;

/// The largest `limit` a connections list request may ask for.
pub const CONNECTIONS_PAGE_MAX: u32 = 500;

/// One entry of `GET /api/connections`, with each side's latest test.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct ConnectionSummary {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    pub store_platform: Platform,
    pub warehouse_platform: Platform,
    /// The merchant the connection belongs to.
    #[serde(default)]
    pub merchant_id: i64,
    #[serde(default)]
    pub merchant_name: String,
    #[serde(default)]
    pub store_last: Option<TestRun>,
    #[serde(default)]
    pub warehouse_last: Option<TestRun>,
    /// The newest run of each channel that has run, in channel order.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub channels: Vec<ChannelLatest>,
}

impl ConnectionSummary {
    pub fn platform(&self, side: Side) -> Platform {
        match side {
            Side::Store => self.store_platform,
            Side::Warehouse => self.warehouse_platform,
        }
    }

    pub fn last(&self, side: Side) -> Option<&TestRun> {
        match side {
            Side::Store => self.store_last.as_ref(),
            Side::Warehouse => self.warehouse_last.as_ref(),
        }
    }
}

/// `GET /api/connections/{id}`: a connection with both sides' settings.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ConnectionDetail {
    pub id: i64,
    pub name: String,
    pub enabled: bool,
    pub store: SideSettings,
    pub warehouse: SideSettings,
}

impl ConnectionDetail {
    pub fn side(&self, side: Side) -> &SideSettings {
        match side {
            Side::Store => &self.store,
            Side::Warehouse => &self.warehouse,
        }
    }
}

/// The saved credentials of one side, as the API may show them: plain fields
/// carry their value, secret fields only whether they are set and a hint.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SideSettings {
    pub platform: Platform,
    pub fields: Vec<SavedField>,
    /// Bumped by every save; sent back with the next save (see
    /// [`SaveCredentials`]). 0 before the first save.
    #[serde(default)]
    pub version: i64,
    /// The latest Test Connection run of this side, if any.
    #[serde(default)]
    pub last_test: Option<TestRun>,
    /// When the side was last saved (RFC 3339, UTC) and by whom (display
    /// name); absent before the first save through the API.
    #[serde(default)]
    pub saved_at: Option<String>,
    #[serde(default)]
    pub saved_by: Option<String>,
}

impl SideSettings {
    /// A side of `platform` with nothing saved: every field blank.
    pub fn blank(platform: Platform, version: i64) -> SideSettings {
        let fields = platform
            .fields()
            .iter()
            .map(|spec| SavedField {
                key: spec.key.to_string(),
                value: if spec.secret {
                    SavedValue::Secret {
                        set: false,
                        hint: None,
                    }
                } else {
                    SavedValue::Plain {
                        value: String::new(),
                    }
                },
            })
            .collect();
        SideSettings {
            platform,
            fields,
            version,
            last_test: None,
            saved_at: None,
            saved_by: None,
        }
    }
}

impl SideSettings {
    pub fn field(&self, key: &str) -> Option<&SavedField> {
        self.fields.iter().find(|f| f.key == key)
    }

    /// The saved value of a non-secret field; empty when unset or secret.
    pub fn plain_value(&self, key: &str) -> String {
        self.plain(key).unwrap_or_default()
    }
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub enum SavedValue {
    /// A non-secret field and its saved value (empty when unset).
    Plain { value: String },
    /// A secret field: never its value, only whether one is saved and the
    /// last four characters, e.g. `•••• a1b2`.
    Secret { set: bool, hint: Option<String> },
}

/// One saved field. On the wire it is one flat object, its `kind` beside
/// the key: `{"key":"shop","kind":"plain","value":"acme"}` or
/// `{"key":"token","kind":"secret","set":true,"hint":"•••• a1b2"}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(into = "FlatField", try_from = "FlatField")]
pub struct SavedField {
    pub key: String,
    pub value: SavedValue,
}

wire_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum FieldKind {
        Plain => "plain",
        Secret => "secret",
    }
}

/// [`SavedField`] as it travels. Serde would read `#[serde(flatten)]` over
/// a tagged enum by buffering every field first, which put its generic
/// buffering code into the SPA (4 KB brotli); this plain struct reads in
/// one pass.
#[derive(Serialize, Deserialize)]
struct FlatField {
    key: String,
    kind: FieldKind,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    value: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    set: Option<bool>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    hint: Option<String>,
}

impl From<SavedField> for FlatField {
    fn from(field: SavedField) -> Self {
        let (kind, value, set, hint) = match field.value {
            SavedValue::Plain { value } => (FieldKind::Plain, Some(value), None, None),
            SavedValue::Secret { set, hint } => (FieldKind::Secret, None, Some(set), hint),
        };
        FlatField {
            key: field.key,
            kind,
            value,
            set,
            hint,
        }
    }
}

impl TryFrom<FlatField> for SavedField {
    type Error = &'static str;

    fn try_from(flat: FlatField) -> Result<Self, Self::Error> {
        let value = match (flat.kind, flat.value, flat.set) {
            (FieldKind::Plain, Some(value), None) => SavedValue::Plain { value },
            (FieldKind::Secret, None, Some(set)) => SavedValue::Secret {
                set,
                hint: flat.hint,
            },
            (FieldKind::Plain, ..) => return Err("a plain field has a value and no `set`"),
            (FieldKind::Secret, ..) => return Err("a secret field has `set` and no value"),
        };
        Ok(SavedField {
            key: flat.key,
            value,
        })
    }
}

impl Saved for SideSettings {
    fn plain(&self, key: &str) -> Option<String> {
        match &self.field(key)?.value {
            SavedValue::Plain { value } if !value.is_empty() => Some(value.clone()),
            _ => None,
        }
    }

    fn secret_set(&self, key: &str) -> bool {
        matches!(
            self.field(key).map(|f| &f.value),
            Some(SavedValue::Secret { set: true, .. })
        )
    }
}

/// The masked hint shown for a saved secret: the last four characters, only
/// when the secret is long enough that they give nothing useful away.
pub fn secret_hint(secret: &str) -> Option<String> {
    let chars: Vec<char> = secret.chars().collect();
    if chars.len() < 12 {
        return None;
    }
    let tail: String = chars[chars.len() - 4..].iter().collect();
    Some(format!("•••• {tail}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hint_shows_only_the_last_four_of_a_long_secret() {
        assert_eq!(
            secret_hint("shpat_0123456789abcdef").as_deref(),
            Some("•••• cdef")
        );
        assert_eq!(secret_hint("short"), None);
    }

    #[test]
    fn saved_field_serializes_flat() {
        let f = SavedField {
            key: "access_token".into(),
            value: SavedValue::Secret {
                set: true,
                hint: Some("•••• cdef".into()),
            },
        };
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["kind"], "secret");
        assert_eq!(json["set"], true);
        assert_eq!(json["key"], "access_token");
        assert!(json.get("value").is_none());
        let back: SavedField = serde_json::from_value(json).unwrap();
        assert_eq!(back, f);

        let plain: SavedField =
            serde_json::from_str(r#"{"key":"shop","kind":"plain","value":"acme"}"#).unwrap();
        assert_eq!(
            plain.value,
            SavedValue::Plain {
                value: "acme".into()
            }
        );
        assert_eq!(
            serde_json::to_string(&plain).unwrap(),
            r#"{"key":"shop","kind":"plain","value":"acme"}"#
        );
    }

    #[test]
    fn a_saved_field_whose_parts_disagree_with_its_kind_is_refused() {
        for body in [
            r#"{"key":"shop","kind":"plain"}"#,
            r#"{"key":"shop","kind":"plain","value":"acme","set":true}"#,
            r#"{"key":"token","kind":"secret","value":"shpat_x"}"#,
            r#"{"key":"token","kind":"secret"}"#,
            r#"{"key":"token","kind":"hidden","set":true}"#,
        ] {
            assert!(serde_json::from_str::<SavedField>(body).is_err(), "{body}");
        }
    }

    #[test]
    fn test_request_fields_default_to_empty() {
        let r: TestRequest = serde_json::from_str(r#"{"platform":"shopify"}"#).unwrap();
        assert_eq!(r.platform, Platform::Shopify);
        assert!(r.fields.is_empty());
    }
}
