//! Field validation, run by the SPA as the user types and by the server
//! before any request leaves for a platform.

use crate::catalog::{FieldSpec, Platform, Rule};
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

/// Why one field was refused, shown inline under that field.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldError {
    pub field: String,
    pub message: String,
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
        Rule::Token { min, max } => {
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
    }
}

const SHOP_SUFFIX: &str = ".myshopify.com";

/// Accepts `name`, `name.myshopify.com`, an `https://` URL of either, or the
/// admin URL `admin.shopify.com/store/name`, and returns `name.myshopify.com`.
pub fn normalize_shop_domain(raw: &str) -> Result<String, String> {
    let mut s = raw.trim().to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
        }
    }
    let s = s.trim_end_matches('/');
    let handle = if let Some(rest) = s.strip_prefix("admin.shopify.com/store/") {
        rest.split('/').next().unwrap_or_default()
    } else if let Some(handle) = s.strip_suffix(SHOP_SUFFIX) {
        handle
    } else if s.contains('.') || s.contains('/') || s.contains(':') {
        return Err(
            "Use the store's permanent myshopify.com domain (e.g. your-store.myshopify.com), not a custom domain or URL."
                .to_string(),
        );
    } else {
        s
    };
    let valid = !handle.is_empty()
        && handle.len() <= 63
        && handle.starts_with(|c: char| c.is_ascii_alphanumeric())
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(
            "A shop domain looks like your-store.myshopify.com: letters, digits and hyphens before .myshopify.com."
                .to_string(),
        );
    }
    Ok(format!("{handle}{SHOP_SUFFIX}"))
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
mod tests {
    use super::*;

    #[test]
    fn shop_domain_forms_normalise_to_the_myshopify_domain() {
        for input in [
            "demo-outfitters",
            "Demo-Outfitters.myshopify.com",
            " demo-outfitters.myshopify.com ",
            "https://demo-outfitters.myshopify.com/",
            "https://admin.shopify.com/store/demo-outfitters",
            "admin.shopify.com/store/demo-outfitters/orders",
        ] {
            assert_eq!(
                normalize_shop_domain(input).as_deref(),
                Ok("demo-outfitters.myshopify.com"),
                "{input}"
            );
        }
    }

    #[test]
    fn shop_domain_refuses_other_hosts_and_bad_handles() {
        for input in [
            "shop.example.com",
            "demo.myshopify.com.evil.io",
            "127.0.0.1",
            "-demo.myshopify.com",
            ".myshopify.com",
            "demo shop",
            "demo@evil.io",
            "demo.myshopify.com:8443",
            "localhost:8080",
            &"a".repeat(64),
        ] {
            assert!(normalize_shop_domain(input).is_err(), "{input} accepted");
        }
    }

    #[test]
    fn tokens_reject_spaces_and_short_values() {
        let spec = Platform::ShipBob.field("access_token").unwrap();
        assert!(validate_field(spec, "abc def ghi")
            .unwrap_err()
            .contains("spaces"));
        assert!(validate_field(spec, "abc")
            .unwrap_err()
            .contains("too short"));
        assert!(validate_field(spec, "").unwrap_err().contains("required"));
        assert!(validate_field(spec, "tökenvalue123").is_err());
        assert_eq!(
            validate_field(spec, "  abcdefgh1234 ").unwrap(),
            "abcdefgh1234"
        );
    }

    struct DemoSaved;

    impl Saved for DemoSaved {
        fn plain(&self, key: &str) -> Option<String> {
            (key == "shop_domain").then(|| "demo.myshopify.com".to_string())
        }
        fn secret_set(&self, key: &str) -> bool {
            key == "access_token"
        }
    }

    #[test]
    fn blank_secret_uses_the_saved_one_only_when_saved() {
        let fields = BTreeMap::from([("shop_domain".to_string(), "demo".to_string())]);
        let ok = validate_fields(Platform::Shopify, &fields, &DemoSaved).unwrap();
        assert_eq!(ok["shop_domain"], "demo.myshopify.com");
        assert!(!ok.contains_key("access_token"));

        let errs = validate_fields(Platform::Shopify, &fields, &NothingSaved).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "access_token");
        assert!(errs[0].message.contains("required"), "{}", errs[0].message);
    }

    #[test]
    fn a_saved_secret_is_not_sent_to_another_shop() {
        let fields = BTreeMap::from([("shop_domain".to_string(), "attacker-shop".to_string())]);
        let errs = validate_fields(Platform::Shopify, &fields, &DemoSaved).unwrap_err();
        assert_eq!(errs.len(), 1);
        assert_eq!(errs[0].field, "access_token");
        assert!(
            errs[0].message.contains("shop domain"),
            "{}",
            errs[0].message
        );
        // A typed token with the new shop is fine.
        let mut fields = fields;
        fields.insert("access_token".into(), "shpat_0123456789".into());
        assert!(validate_fields(Platform::Shopify, &fields, &DemoSaved).is_ok());
    }

    #[test]
    fn unknown_fields_are_named() {
        let fields = BTreeMap::from([
            ("access_token".to_string(), "abcdefgh1234".to_string()),
            ("api_key".to_string(), "x".to_string()),
        ]);
        let errs = validate_fields(Platform::ShipBob, &fields, &NothingSaved).unwrap_err();
        assert_eq!(errs[0].field, "api_key");
    }
}
