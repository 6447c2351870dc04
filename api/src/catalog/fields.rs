//! Each platform's credential fields, in form order.

use super::{FieldSpec, Platform, Rule};

pub(super) fn of(platform: Platform) -> &'static [FieldSpec] {
    match platform {
        Platform::Shopify => SHOPIFY,
        Platform::BigCommerce => BIGCOMMERCE,
        Platform::WooCommerce => WOOCOMMERCE,
        Platform::Magento => MAGENTO,
        Platform::ShipStation => SHIPSTATION,
        Platform::ShipBob => SHIPBOB,
        Platform::Extensiv => EXTENSIV,
        Platform::ShipHero => SHIPHERO,
    }
}

const SHOPIFY: &[FieldSpec] = &[
    FieldSpec {
        key: "shop_domain",
        label: "Shop domain",
        secret: false,
        placeholder: "your-store.myshopify.com",
        help: "The permanent myshopify.com address of the store, not its custom domain.",
        rule: Rule::ShopifyDomain,
    },
    FieldSpec {
        key: "access_token",
        label: "Admin API access token",
        secret: true,
        placeholder: "shpat_…",
        help: "Shopify admin → Settings → Apps and sales channels → Develop apps → your app → API credentials.",
        rule: Rule::Token { min: 8, max: 256 },
    },
];

const BIGCOMMERCE: &[FieldSpec] = &[
    FieldSpec {
        key: "store_hash",
        label: "Store hash",
        secret: false,
        placeholder: "abc123def4",
        help: "The code after /stores/ in the API path shown with your API account (e.g. api.bigcommerce.com/stores/abc123def4/v3/).",
        rule: Rule::StoreHash,
    },
    FieldSpec {
        key: "access_token",
        label: "API account access token",
        secret: true,
        placeholder: "Paste the access token",
        help: "BigCommerce control panel → Settings → API → Store-level API accounts → Create API account. The token is shown once, when you create it.",
        rule: Rule::Token { min: 8, max: 256 },
    },
];

const WOOCOMMERCE: &[FieldSpec] = &[
    FieldSpec {
        key: "site_url",
        label: "Store URL",
        secret: false,
        placeholder: "https://shop.example.com",
        help: "The address of the WordPress site running WooCommerce, starting with https://.",
        rule: Rule::SiteUrl,
    },
    FieldSpec {
        key: "consumer_key",
        label: "Consumer key",
        secret: true,
        placeholder: "ck_…",
        help: "WordPress admin → WooCommerce → Settings → Advanced → REST API → Add key, with Read/Write permission.",
        rule: Rule::PrefixedToken {
            prefix: "ck_",
            min: 20,
            max: 128,
        },
    },
    FieldSpec {
        key: "consumer_secret",
        label: "Consumer secret",
        secret: true,
        placeholder: "cs_…",
        help: "Shown next to the consumer key when the key is created; copy both at once.",
        rule: Rule::PrefixedToken {
            prefix: "cs_",
            min: 20,
            max: 128,
        },
    },
];

const MAGENTO: &[FieldSpec] = &[
    FieldSpec {
        key: "site_url",
        label: "Store URL",
        secret: false,
        placeholder: "https://shop.example.com",
        help: "The base address of the Magento store, starting with https:// (without /rest or /admin).",
        rule: Rule::SiteUrl,
    },
    FieldSpec {
        key: "access_token",
        label: "Integration access token",
        secret: true,
        placeholder: "Paste the access token",
        help: "Magento admin → System → Extensions → Integrations → your integration → Activate; copy the Access Token.",
        rule: Rule::Token { min: 16, max: 256 },
    },
];

const SHIPSTATION: &[FieldSpec] = &[
    FieldSpec {
        key: "api_key",
        label: "API key",
        secret: true,
        placeholder: "Paste the API key",
        help: "ShipStation → Settings → Account → API Settings. Only the account owner can see the keys.",
        rule: Rule::Token { min: 16, max: 128 },
    },
    FieldSpec {
        key: "api_secret",
        label: "API secret",
        secret: true,
        placeholder: "Paste the API secret",
        help: "Shown with the API key on the same page.",
        rule: Rule::Token { min: 16, max: 128 },
    },
];

const SHIPBOB: &[FieldSpec] = &[FieldSpec {
    key: "access_token",
    label: "Personal access token",
    secret: true,
    placeholder: "Paste the token from ShipBob",
    help: "ShipBob dashboard → Integrations → API Tokens → Generate New Token.",
    rule: Rule::Token { min: 8, max: 4096 },
}];

const EXTENSIV: &[FieldSpec] = &[
    FieldSpec {
        key: "client_id",
        label: "Client ID",
        secret: false,
        placeholder: "Paste the client ID",
        help: "Issued by Extensiv for your integration (Developer Portal, or ask your 3PL for the REST API credentials).",
        rule: Rule::Token { min: 8, max: 128 },
    },
    FieldSpec {
        key: "client_secret",
        label: "Client secret",
        secret: true,
        placeholder: "Paste the client secret",
        help: "Issued together with the client ID.",
        rule: Rule::Token { min: 8, max: 256 },
    },
    FieldSpec {
        key: "tpl_key",
        label: "3PL key (TPL)",
        secret: false,
        placeholder: "{01234567-89ab-cdef-0123-456789abcdef}",
        help: "The GUID that identifies your 3PL's warehouse system; your 3PL can give it to you.",
        rule: Rule::Guid,
    },
    FieldSpec {
        key: "user_login_id",
        label: "User login ID",
        secret: false,
        placeholder: "1234",
        help: "The numeric ID of the 3PL Central user the integration acts as.",
        rule: Rule::Digits { max: 12 },
    },
];

const SHIPHERO: &[FieldSpec] = &[FieldSpec {
    key: "refresh_token",
    label: "Refresh token",
    secret: true,
    placeholder: "Paste the refresh token",
    help: "ShipHero app → My Account → Developer → Third-Party Developer → Manage Tokens; create a token and copy its refresh token.",
    rule: Rule::Token { min: 16, max: 4096 },
}];
