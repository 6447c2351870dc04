//! The platform catalog: which platforms exist, which side they belong to,
//! the credential fields each one asks for, and the permissions each channel
//! needs on it.

mod fields;
mod permissions;

pub use permissions::{channels_needing, missing_permissions, Channel, ChannelNeeds};

use serde::{Deserialize, Serialize};
use std::fmt;

wire_enum! {
    /// A Connection has two sides: the sales channel and the 3PL / WMS. The
    /// wire name is also the path segment (`store` / `warehouse`).
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Side {
        Store => "store",
        Warehouse => "warehouse",
    }
}

impl Side {
    /// The tab label.
    pub fn label(self) -> &'static str {
        match self {
            Side::Store => "Store",
            Side::Warehouse => "Warehouse",
        }
    }

    /// The platforms that can sit on this side.
    pub fn platforms(self) -> impl Iterator<Item = Platform> {
        Platform::ALL.into_iter().filter(move |p| p.side() == self)
    }
}

impl fmt::Display for Side {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

wire_enum! {
    /// Every platform the desk can test. Wire names are lowercase, one word.
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
    pub enum Platform {
        #[default]
        Shopify => "shopify",
        BigCommerce => "bigcommerce",
        WooCommerce => "woocommerce",
        /// Magento 2 / Adobe Commerce.
        Magento => "magento",
        ShipStation => "shipstation",
        ShipBob => "shipbob",
        /// Extensiv 3PL Central (formerly 3PL Central).
        Extensiv => "extensiv",
        ShipHero => "shiphero",
    }
}

impl Platform {
    pub fn display_name(self) -> &'static str {
        match self {
            Platform::Shopify => "Shopify",
            Platform::BigCommerce => "BigCommerce",
            Platform::WooCommerce => "WooCommerce",
            Platform::Magento => "Magento 2",
            Platform::ShipStation => "ShipStation",
            Platform::ShipBob => "ShipBob",
            Platform::Extensiv => "Extensiv 3PL Central",
            Platform::ShipHero => "ShipHero",
        }
    }

    pub fn side(self) -> Side {
        match self {
            Platform::Shopify
            | Platform::BigCommerce
            | Platform::WooCommerce
            | Platform::Magento
            | Platform::ShipStation => Side::Store,
            Platform::ShipBob | Platform::Extensiv | Platform::ShipHero => Side::Warehouse,
        }
    }

    /// Hosted by the merchant (their own site), rather than at a fixed
    /// platform API host. The egress policy treats these more strictly.
    pub fn merchant_hosted(self) -> bool {
        matches!(self, Platform::WooCommerce | Platform::Magento)
    }

    /// The credential fields, in the order the form shows them.
    pub fn fields(self) -> &'static [FieldSpec] {
        fields::of(self)
    }

    pub fn field(self, key: &str) -> Option<&'static FieldSpec> {
        self.fields().iter().find(|f| f.key == key)
    }

    /// What each channel needs granted on this platform, in the platform's
    /// own words (scope handles, ACL resources, key permissions).
    pub fn channel_needs(self) -> &'static [ChannelNeeds] {
        permissions::of(self)
    }

    /// Why `channel` cannot run with this platform on its side, when its API
    /// has nothing for that job (not merely a pair not built yet).
    pub fn channel_unavailable(self, channel: Channel) -> Option<&'static str> {
        permissions::unavailable(self, channel)
    }

    /// Every permission any channel needs, deduplicated, in catalog order.
    pub fn needed_permissions(self) -> Vec<&'static str> {
        let mut all: Vec<&'static str> = Vec::new();
        for need in self.channel_needs() {
            for p in need.permissions {
                if !all.contains(p) {
                    all.push(p);
                }
            }
        }
        all
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
    /// A merchant's own site, normalised to `https://host[/path]`.
    SiteUrl,
    /// A BigCommerce store hash (`abc123`), prefixes such as `stores/` removed.
    StoreHash,
    /// An opaque token: printable ASCII without spaces, within these lengths.
    Token { min: usize, max: usize },
    /// A token that always starts with `prefix` (WooCommerce `ck_`/`cs_`).
    PrefixedToken {
        prefix: &'static str,
        min: usize,
        max: usize,
    },
    /// A whole number (an account or user id).
    Digits { max: usize },
    /// A GUID, braces optional; normalised to `{lowercase-guid}`.
    Guid,
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn labels_and_display_names_are_not_wire_names() {
        assert_eq!(Side::parse("Store"), None);
        assert_eq!(Platform::parse("Magento"), None);
        assert_eq!(Platform::parse("amazon"), None);
    }

    #[test]
    fn the_wire_names_are_the_agreed_ones() {
        let names: Vec<_> = Platform::ALL.iter().map(|p| p.as_str()).collect();
        assert_eq!(
            names,
            [
                "shopify",
                "bigcommerce",
                "woocommerce",
                "magento",
                "shipstation",
                "shipbob",
                "extensiv",
                "shiphero"
            ]
        );
    }

    #[test]
    fn each_side_has_its_platforms() {
        let stores: Vec<_> = Side::Store.platforms().collect();
        let warehouses: Vec<_> = Side::Warehouse.platforms().collect();
        assert_eq!(stores.len(), 5);
        assert_eq!(warehouses.len(), 3);
        assert!(warehouses.contains(&Platform::ShipHero));
    }

    #[test]
    fn every_platform_has_a_secret_and_unique_keys() {
        for p in Platform::ALL {
            assert!(p.fields().iter().any(|f| f.secret), "{p} has no secret");
            let mut keys: Vec<_> = p.fields().iter().map(|f| f.key).collect();
            keys.sort();
            keys.dedup();
            assert_eq!(keys.len(), p.fields().len(), "{p} repeats a key");
            for f in p.fields() {
                assert!(!f.label.is_empty() && !f.help.is_empty() && !f.placeholder.is_empty());
            }
        }
    }

    #[test]
    fn every_platform_names_what_each_channel_needs() {
        for p in Platform::ALL {
            let channels: Vec<_> = p.channel_needs().iter().map(|n| n.channel).collect();
            assert_eq!(channels, Channel::ALL, "{p}");
            assert!(p.channel_needs().iter().all(|n| !n.permissions.is_empty()));
        }
        let shopify = Platform::Shopify.needed_permissions();
        assert!(shopify.contains(&"read_orders"));
        assert!(shopify.contains(&"write_fulfillments"));
        assert!(shopify.contains(&"write_inventory"));
    }
}
