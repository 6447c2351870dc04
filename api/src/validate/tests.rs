//! Validation rules, field by field and platform by platform.
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
