//! Every platform's form comes from the catalog and validates inline before
//! anything is sent — not only Shopify's.

use crate::support::*;
use dropstream_api::{Platform, SavedField, SavedValue, SideSettings};
use dropstream_desk::components::CredentialsForm;
use dropstream_desk::form::ConnectionForms;
use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

async fn mount_platform(settings: SideSettings) -> Mounted {
    let side = settings.platform.side();
    mount(move || {
        let forms = ConnectionForms::new();
        view! { <CredentialsForm connection_id=3 settings form=forms.side(side) /> }
    })
    .await
}

fn nothing_saved(platform: Platform) -> SideSettings {
    SideSettings {
        platform,
        fields: Vec::new(),
        version: 0,
        last_test: None,
        saved_at: None,
        saved_by: None,
    }
}

fn woocommerce_saved() -> SideSettings {
    let secret = |key: &str| SavedField {
        key: key.into(),
        value: SavedValue::Secret {
            set: true,
            hint: Some("•••• 0001".into()),
        },
    };
    SideSettings {
        platform: Platform::WooCommerce,
        fields: vec![
            SavedField {
                key: "site_url".into(),
                value: SavedValue::Plain {
                    value: "https://shop.demo-outfitters.example".into(),
                },
            },
            secret("consumer_key"),
            secret("consumer_secret"),
        ],
        version: 1,
        last_test: None,
        saved_at: None,
        saved_by: None,
    }
}

#[wasm_bindgen_test]
async fn every_platform_renders_its_catalog_fields_and_requires_them() {
    for platform in Platform::ALL {
        let backend = FakeBackend::install();
        let root = mount_platform(nothing_saved(platform)).await;
        let side = platform.side();
        assert_eq!(
            text(&root, ".credentials__title"),
            format!("{} credentials", platform.display_name())
        );
        for spec in platform.fields() {
            let input = get(&root, &format!("#{side}-{}", spec.key));
            let kind = input.get_attribute("type").unwrap_or_default();
            assert_eq!(
                kind,
                if spec.secret { "password" } else { "text" },
                "{platform} {}",
                spec.key
            );
            let label = text(&root, &format!("label[for='{side}-{}']", spec.key));
            assert_eq!(label, spec.label);
        }
        // The permissions each channel needs, from the catalog.
        let permissions = text(&root, ".permissions");
        for need in platform.channel_needs() {
            assert!(
                permissions.contains(need.channel.label()),
                "{platform}: {permissions}"
            );
            assert!(
                permissions.contains(need.permissions[0]),
                "{platform}: {permissions}"
            );
        }

        click(&test_button(&root)).await;
        assert_eq!(backend.request_count(), 0, "{platform} sent a request");
        for spec in platform.fields() {
            let error = text(&root, &format!("#{side}-{}-error", spec.key));
            assert!(
                error.contains("required"),
                "{platform} {}: {error:?}",
                spec.key
            );
        }
        root.remove();
    }
}

#[wasm_bindgen_test]
async fn a_woocommerce_store_url_must_use_https() {
    let backend = FakeBackend::install();
    let root = mount_platform(woocommerce_saved()).await;
    assert_eq!(
        get(&root, "#store-site_url")
            .unchecked_ref::<web_sys::HtmlInputElement>()
            .value(),
        "https://shop.demo-outfitters.example"
    );

    type_into(
        &root,
        "#store-site_url",
        "http://shop.demo-outfitters.example",
    );
    settle().await;
    let error = text(&root, "#store-site_url-error");
    assert!(error.contains("must use https"), "{error}");
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 0);

    // Same site typed differently: the saved keys still apply.
    type_into(&root, "#store-site_url", "shop.demo-outfitters.example/");
    settle().await;
    assert_eq!(text(&root, "#store-site_url-error"), "");
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 1);
    let (url, body) = backend
        .respond(200, r#"{"ok":true,"message":"Connected.","guidance":"","steps":[],"duration_ms":5,"retryable":false}"#)
        .await;
    assert!(url.ends_with("/api/connections/3/store/test"), "{url}");
    assert!(body.contains(r#""platform":"woocommerce""#), "{body}");
    assert!(
        body.contains(r#""consumer_key":"""#),
        "a saved secret is sent blank: {body}"
    );
}

#[wasm_bindgen_test]
async fn another_site_needs_the_keys_again() {
    let backend = FakeBackend::install();
    let root = mount_platform(woocommerce_saved()).await;
    type_into(&root, "#store-site_url", "https://other.example.com");
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 0);
    let error = text(&root, "#store-consumer_key-error");
    assert!(error.contains("Enter the Consumer key again"), "{error}");
}

#[wasm_bindgen_test]
async fn warehouse_identifier_fields_explain_their_format() {
    let backend = FakeBackend::install();
    let root = mount_platform(nothing_saved(Platform::Extensiv)).await;
    type_into(&root, "#warehouse-tpl_key", "not-a-guid");
    type_into(&root, "#warehouse-user_login_id", "12ab");
    settle().await;
    let tpl = text(&root, "#warehouse-tpl_key-error");
    assert!(tpl.contains("GUID"), "{tpl}");
    let user = text(&root, "#warehouse-user_login_id-error");
    assert!(user.contains("digits only"), "{user}");
    click(&test_button(&root)).await;
    assert_eq!(backend.request_count(), 0);
}
