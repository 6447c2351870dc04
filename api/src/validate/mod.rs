//! Field validation, run by the SPA as the user types and by the server
//! before any request leaves for a platform.

mod normalize;

pub use normalize::{
    normalize_guid, normalize_shop_domain, normalize_site_url, normalize_store_hash,
};

use crate::catalog::{FieldSpec, Platform, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why one field was refused, shown inline under that field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
}

impl FieldError {
    pub fn new(field: impl Into<String>, message: impl Into<String>) -> FieldError {
        FieldError {
            field: field.into(),
            message: message.into(),
        }
    }
}

/// Checks one value against its field's rule and returns the normalised value
/// (e.g. a bare Shopify handle becomes `handle.myshopify.com`).
///
/// An empty value is an error here; callers decide whether an empty secret
/// means "use the saved one".
pub fn validate_field(spec: &FieldSpec, raw: &str) -> Result<String, String> {
    let value = raw.trim();
    if value.is_empty() {
        return Err(format!("{} is required.", spec.label));
    }
    match spec.rule {
        Rule::ShopifyDomain => normalize_shop_domain(value),
        Rule::SiteUrl => normalize_site_url(value),
        Rule::StoreHash => normalize_store_hash(value),
        Rule::Guid => normalize_guid(value).map_err(|e| format!("{} {e}", spec.label)),
        Rule::Digits { max } => {
            if !value.chars().all(|c| c.is_ascii_digit()) {
                return Err(format!("{} is a number: digits only.", spec.label));
            }
            if value.len() > max {
                return Err(format!(
                    "{} is too long (at most {max} digits).",
                    spec.label
                ));
            }
            Ok(value.to_string())
        }
        Rule::PrefixedToken { prefix, min, max } => {
            let token = check_token(spec, value, min, max)?;
            if !token.starts_with(prefix) {
                return Err(format!(
                    "{} starts with {prefix}; check that you pasted the right one.",
                    spec.label
                ));
            }
            Ok(token)
        }
        Rule::Token { min, max } => check_token(spec, value, min, max),
    }
}

fn check_token(spec: &FieldSpec, value: &str, min: usize, max: usize) -> Result<String, String> {
    if value.chars().any(|c| c.is_whitespace()) {
        return Err(format!(
            "{} cannot contain spaces; paste it again without spaces or line breaks.",
            spec.label
        ));
    }
    if value.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(format!(
            "{} contains characters a token never has; copy it again from the platform.",
            spec.label
        ));
    }
    let len = value.len();
    if len < min {
        return Err(format!(
            "{} looks too short ({len} characters); copy the whole token.",
            spec.label
        ));
    }
    if len > max {
        return Err(format!(
            "{} is too long ({len} characters, at most {max}).",
            spec.label
        ));
    }
    Ok(value.to_string())
}

/// What is saved for a side, as far as validation needs to know.
pub trait Saved {
    /// The saved value of a non-secret field.
    fn plain(&self, key: &str) -> Option<String>;
    /// Whether a secret field has a saved value.
    fn secret_set(&self, key: &str) -> bool;
}

/// Nothing saved.
pub struct NothingSaved;

impl Saved for NothingSaved {
    fn plain(&self, _: &str) -> Option<String> {
        None
    }
    fn secret_set(&self, _: &str) -> bool {
        false
    }
}

/// Validates every field of `platform` in `fields`.
///
/// A blank secret means "use the saved one", which is allowed only when one
/// is saved and the non-secret fields (shop domain, …) still match what it was
/// saved with: a saved token is never sent to an address it was not saved
/// for. Unknown keys are refused so a typo in a client cannot silently drop a
/// value. On success, returns the normalised non-blank values.
pub fn validate_fields(
    platform: Platform,
    fields: &BTreeMap<String, String>,
    saved: &impl Saved,
) -> Result<BTreeMap<String, String>, Vec<FieldError>> {
    let mut errors = Vec::new();
    let mut clean = BTreeMap::new();
    for key in fields.keys() {
        if platform.field(key).is_none() {
            errors.push(FieldError {
                field: key.clone(),
                message: format!("{} has no field named “{key}”.", platform.display_name()),
            });
        }
    }
    let mut changed: Option<&FieldSpec> = None;
    for spec in platform.fields().iter().filter(|s| !s.secret) {
        let raw = fields.get(spec.key).map(String::as_str).unwrap_or("");
        match validate_field(spec, raw) {
            Ok(v) => {
                if saved.plain(spec.key).as_deref() != Some(v.as_str()) {
                    changed = changed.or(Some(spec));
                }
                clean.insert(spec.key.to_string(), v);
            }
            Err(message) => errors.push(FieldError {
                field: spec.key.to_string(),
                message,
            }),
        }
    }
    for spec in platform.fields().iter().filter(|s| s.secret) {
        let raw = fields.get(spec.key).map(String::as_str).unwrap_or("");
        if raw.trim().is_empty() && saved.secret_set(spec.key) {
            if let Some(changed) = changed {
                errors.push(FieldError {
                    field: spec.key.to_string(),
                    message: format!(
                        "Enter the {} again: the saved one is only used with the {} it was saved with.",
                        spec.label,
                        changed.label.to_lowercase()
                    ),
                });
            }
            continue;
        }
        match validate_field(spec, raw) {
            Ok(v) => {
                clean.insert(spec.key.to_string(), v);
            }
            Err(message) => errors.push(FieldError {
                field: spec.key.to_string(),
                message,
            }),
        }
    }
    if errors.is_empty() {
        Ok(clean)
    } else {
        Err(errors)
    }
}

#[cfg(test)]
mod tests;
