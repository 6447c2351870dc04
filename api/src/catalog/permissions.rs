//! What each channel of a Connection needs granted on each platform, named
//! the way the platform's own settings name it, so a permissions step and the
//! help text can say exactly what to grant.

use super::Platform;
use serde::{Deserialize, Serialize};

wire_enum! {
    /// The flows of data through a Connection.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Channel {
        Orders => "orders",
        Shipments => "shipments",
        Inventory => "inventory",
    }
}

impl Channel {
    pub fn label(self) -> &'static str {
        match self {
            Channel::Orders => "Orders",
            Channel::Shipments => "Shipments",
            Channel::Inventory => "Inventory",
        }
    }
}

/// One channel's needs on one platform.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ChannelNeeds {
    pub channel: Channel,
    /// Scope handles, ACL resources or permission names, as the platform
    /// spells them.
    pub permissions: &'static [&'static str],
}

/// What `channel` needs granted on `platform`. The match names every pair,
/// so a new platform or channel cannot be left without its needs.
const fn needs(platform: Platform, channel: Channel) -> &'static [&'static str] {
    use Channel::*;
    match (platform, channel) {
        // Access scope handles (Admin API). A write_ scope includes read_.
        (Platform::Shopify, Orders) => &["read_orders", "read_products"],
        (Platform::Shopify, Shipments) => &["read_fulfillments", "write_fulfillments"],
        (Platform::Shopify, Inventory) => &["read_locations", "write_inventory"],
        // API account OAuth scopes, as the control panel labels them.
        (Platform::BigCommerce, Orders) => {
            &["Orders: read-only", "Information & settings: read-only"]
        }
        (Platform::BigCommerce, Shipments) => &["Orders: modify"],
        (Platform::BigCommerce, Inventory) => &["Products: modify"],
        // A REST API key has one permission level for everything.
        (Platform::WooCommerce, _) => &["Read/Write key"],
        // Integration ACL resources.
        (Platform::Magento, Orders) => &["Magento_Sales::actions_view"],
        (Platform::Magento, Shipments) => &["Magento_Sales::ship"],
        (Platform::Magento, Inventory) => &["Magento_CatalogInventory::cataloginventory"],
        // API keys act as the account owner; there are no scopes to grant.
        // No key makes Inventory run: see `unavailable`.
        (Platform::ShipStation, Inventory) => {
            &["not available: ShipStation's V1 API keeps no stock levels"]
        }
        (Platform::ShipStation, _) => &["account owner's API key"],
        // Channel scopes listed by GET /1.0/channel.
        (Platform::ShipBob, Orders) => &["orders_write", "products_read"],
        (Platform::ShipBob, Shipments) => &["orders_read"],
        (Platform::ShipBob, Inventory) => &["inventory_read"],
        // 3PL Central user roles; not reported by the API.
        (Platform::Extensiv, Orders) => &["Orders: create and view"],
        (Platform::Extensiv, Shipments) => &["Orders: view"],
        (Platform::Extensiv, Inventory) => &["Inventory: view"],
        // A ShipHero token acts as its user; there are no scopes to grant.
        (Platform::ShipHero, Orders) => &["user with order access"],
        (Platform::ShipHero, Shipments) => &["user with shipment access"],
        (Platform::ShipHero, Inventory) => &["user with inventory access"],
    }
}

/// Why `channel` cannot run with `platform` at all, whatever the other
/// side is and whatever is granted (unlike a pair not built yet): the
/// platform's API has nothing for that job to read or write.
pub(super) const fn unavailable(platform: Platform, channel: Channel) -> Option<&'static str> {
    match (platform, channel) {
        (Platform::ShipStation, Channel::Inventory) => Some(
            "ShipStation's V1 API, which its API key and secret open, keeps no stock levels (its products have no quantity). Its stock levels belong to the V2 Inventory API, which needs a V2 API key and ShipStation's Inventory add-on.",
        ),
        _ => None,
    }
}

/// Each platform's needs, channel by channel in `Channel::ALL` order.
pub(super) fn of(platform: Platform) -> &'static [ChannelNeeds] {
    const CHANNELS: usize = Channel::ALL.len();
    const NONE: ChannelNeeds = ChannelNeeds {
        channel: Channel::Orders,
        permissions: &[],
    };
    // Filled in at compile time from `needs`, one row per platform. `ALL`
    // is in declaration order, so a platform's discriminant is its row.
    const TABLE: [[ChannelNeeds; CHANNELS]; Platform::ALL.len()] = {
        let mut table = [[NONE; CHANNELS]; Platform::ALL.len()];
        let mut row = 0;
        while row < table.len() {
            let mut col = 0;
            while col < CHANNELS {
                let channel = Channel::ALL[col];
                table[row][col] = ChannelNeeds {
                    channel,
                    permissions: needs(Platform::ALL[row], channel),
                };
                col += 1;
            }
            row += 1;
        }
        table
    };
    &TABLE[platform as usize]
}

/// The needed permissions missing from `granted`, for platforms that list
/// what a credential was granted. Shopify's `write_x` includes `read_x`.
pub fn missing_permissions(platform: Platform, granted: &[&str]) -> Vec<&'static str> {
    platform
        .needed_permissions()
        .into_iter()
        .filter(|need| {
            let implied = match (platform, need.strip_prefix("read_")) {
                (Platform::Shopify, Some(rest)) => {
                    granted.contains(&format!("write_{rest}").as_str())
                }
                _ => false,
            };
            !implied && !granted.contains(need)
        })
        .collect()
}

/// The channels that need `permission` on `platform`, for messages like
/// "write_fulfillments (needed by Shipments)".
pub fn channels_needing(platform: Platform, permission: &str) -> Vec<Channel> {
    platform
        .channel_needs()
        .iter()
        .filter(|n| n.permissions.contains(&permission))
        .map(|n| n.channel)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn shopify_write_scopes_cover_read_scopes() {
        let granted = [
            "read_orders",
            "read_products",
            "write_fulfillments",
            "read_locations",
            "write_inventory",
        ];
        assert!(missing_permissions(Platform::Shopify, &granted).is_empty());
        let partial = ["read_orders", "read_products", "read_fulfillments"];
        assert_eq!(
            missing_permissions(Platform::Shopify, &partial),
            ["write_fulfillments", "read_locations", "write_inventory"]
        );
    }

    #[test]
    fn each_platform_reads_its_own_row() {
        for platform in Platform::ALL {
            let needs_here: Vec<_> = of(platform).iter().map(|n| n.permissions).collect();
            let expected: Vec<_> = Channel::ALL.map(|c| needs(platform, c)).into();
            assert_eq!(needs_here, expected, "{platform}");
        }
    }

    #[test]
    fn only_shipstation_inventory_is_unavailable() {
        for platform in Platform::ALL {
            for channel in Channel::ALL {
                let expected = (platform, channel) == (Platform::ShipStation, Channel::Inventory);
                assert_eq!(
                    unavailable(platform, channel).is_some(),
                    expected,
                    "{platform} {channel:?}"
                );
            }
        }
    }

    #[test]
    fn shipbob_scopes_are_compared_exactly() {
        let granted = ["orders_write", "products_read", "inventory_read"];
        assert_eq!(
            missing_permissions(Platform::ShipBob, &granted),
            ["orders_read"]
        );
        assert_eq!(
            channels_needing(Platform::ShipBob, "orders_read"),
            [Channel::Shipments]
        );
    }
}
