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

    /// Values each rule must refuse, whatever the platform.
    fn bad_values(rule: Rule) -> &'static [&'static str] {
        match rule {
            Rule::ShopifyDomain => &["shop.example.com", "demo shop", "-demo"],
            Rule::SiteUrl => &["http://shop.example.com", "shop", "https://", "ftp://x.com"],
            Rule::StoreHash => &["abc-123", "stores/"],
            Rule::Token { .. } => &["abc", "has spaces in it 1234567890", "tökentökentökentöken"],
            Rule::PrefixedToken { .. } => &[
                "xx_0123456789abcdef0123456789",
                "ck_short",
                "ck_ has spaces 0123456789",
            ],
            Rule::Digits { .. } => &["12a4", "1234567890123"],
            Rule::Guid => &["not-a-guid", "{0123}"],
        }
    }

    #[test]
    fn every_field_of_every_platform_explains_bad_input() {
        for platform in Platform::ALL {
            for spec in platform.fields() {
                let mut values = vec!["", "   "];
                values.extend_from_slice(bad_values(spec.rule));
                for bad in values {
                    // A blank secret with nothing saved is "required".
                    let mut fields = BTreeMap::new();
                    fields.insert(spec.key.to_string(), bad.to_string());
                    let errs = validate_fields(platform, &fields, &NothingSaved).unwrap_err();
                    let err = errs
                        .iter()
                        .find(|e| e.field == spec.key)
                        .unwrap_or_else(|| panic!("{platform} {} accepted {bad:?}", spec.key));
                    assert!(
                        err.message.len() > 15,
                        "{platform} {}: {}",
                        spec.key,
                        err.message
                    );
                    assert!(err.message.ends_with('.'), "{}", err.message);
                }
            }
        }
    }

    #[test]
    fn http_site_urls_say_https() {
        for platform in [Platform::WooCommerce, Platform::Magento] {
            let fields = BTreeMap::from([(
                "site_url".to_string(),
                "http://shop.example.com".to_string(),
            )]);
            let errs = validate_fields(platform, &fields, &NothingSaved).unwrap_err();
            let site = errs.iter().find(|e| e.field == "site_url").unwrap();
            assert!(site.message.contains("must use https"), "{}", site.message);
        }
    }

    #[test]
    fn a_saved_woocommerce_key_is_not_sent_to_another_site() {
        struct WooSaved;
        impl Saved for WooSaved {
            fn plain(&self, key: &str) -> Option<String> {
                (key == "site_url").then(|| "https://shop.example.com".to_string())
            }
            fn secret_set(&self, key: &str) -> bool {
                key.starts_with("consumer_")
            }
        }
        let same = BTreeMap::from([("site_url".to_string(), "shop.example.com/".to_string())]);
        assert!(validate_fields(Platform::WooCommerce, &same, &WooSaved).is_ok());
        let other = BTreeMap::from([("site_url".to_string(), "other.example.com".to_string())]);
        let errs = validate_fields(Platform::WooCommerce, &other, &WooSaved).unwrap_err();
        let mut fields: Vec<_> = errs.iter().map(|e| e.field.as_str()).collect();
        fields.sort();
        assert_eq!(fields, ["consumer_key", "consumer_secret"]);
    }
}
