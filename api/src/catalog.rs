//! The platform catalog: which platforms exist, which side they belong to,
//! and the credential fields each one asks for.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A Connection has two sides: the sales channel and the 3PL / WMS.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Side {
    Store,
    Warehouse,
}

impl Side {
    pub const ALL: [Side; 2] = [Side::Store, Side::Warehouse];

    /// The path segment and wire name (`store` / `warehouse`).
    pub fn as_str(self) -> &'static str {
        match self {
            Side::Store => "store",
            Side::Warehouse => "warehouse",
        }
    }

    pub fn parse(s: &str) -> Option<Side> {
        Side::ALL.into_iter().find(|side| side.as_str() == s)
    }

    /// The tab label.
    pub fn label(self) -> &'static str {
        match self {
            Side::Store => "Store",
            Side::Warehouse => "Warehouse",
        }
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Every platform the desk can test.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Platform {
    #[default]
    Shopify,
    #[serde(rename = "shipbob")]
    ShipBob,
}

impl Platform {
    pub const ALL: [Platform; 2] = [Platform::Shopify, Platform::ShipBob];

    pub fn as_str(self) -> &'static str {
        match self {
            Platform::Shopify => "shopify",
            Platform::ShipBob => "shipbob",
        }
    }

    pub fn parse(s: &str) -> Option<Platform> {
        Platform::ALL.into_iter().find(|p| p.as_str() == s)
    }

    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Shopify => "Shopify",
            Platform::ShipBob => "ShipBob",
        }
    }

    pub fn side(self) -> Side {
        match self {
            Platform::Shopify => Side::Store,
            Platform::ShipBob => Side::Warehouse,
        }
    }

    /// The credential fields, in the order the form shows them.
    pub fn fields(self) -> &'static [FieldSpec] {
        match self {
            Platform::Shopify => SHOPIFY_FIELDS,
            Platform::ShipBob => SHIPBOB_FIELDS,
        }
    }

    pub fn field(self, key: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.key == key)
    }
}

impl fmt::Display for Platform {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.display_name())
    }
}

/// How a field's value is checked before any request is made.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Rule {
    /// `name.myshopify.com`; a bare `name` is normalised to it.
    ShopifyDomain,
    /// An opaque token: printable ASCII without spaces, within these lengths.
    Token { min: usize, max: usize },
}

/// One credential field of a platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct FieldSpec {
    /// Stable key used on the wire and in storage.
    pub key: &'static str,
    pub label: &'static str,
    /// Secrets are write-only: never returned, masked in the UI.
    pub secret: bool,
    pub placeholder: &'static str,
    pub help: &'static str,
    pub rule: Rule,
}

const SHOPIFY_FIELDS: &[FieldSpec] = &[
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

const SHIPBOB_FIELDS: &[FieldSpec] = &[FieldSpec {
    key: "access_token",
    label: "Personal access token",
    secret: true,
    placeholder: "Paste the token from ShipBob",
    help: "ShipBob dashboard → Integrations → API Tokens → Generate New Token.",
    rule: Rule::Token { min: 8, max: 4096 },
}];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sides_and_platforms_round_trip_through_their_names() {
        for side in Side::ALL {
            assert_eq!(Side::parse(side.as_str()), Some(side));
        }
        for p in Platform::ALL {
            assert_eq!(Platform::parse(p.as_str()), Some(p));
            let json = serde_json::to_string(&p).unwrap();
            assert_eq!(json, format!("\"{}\"", p.as_str()));
        }
        assert_eq!(Side::parse("Store"), None);
        assert_eq!(Platform::parse("magento"), None);
    }

    #[test]
    fn every_platform_has_a_secret_and_unique_keys() {
        for p in Platform::ALL {
            assert!(p.fields().iter().any(|f| f.secret), "{p} has no secret");
            let mut keys: Vec<_> = p.fields().iter().map(|f| f.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), p.fields().len(), "{p} repeats a key");
        }
    }
}
