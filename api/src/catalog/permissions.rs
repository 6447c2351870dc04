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

pub(super) fn of(platform: Platform) -> &'static [ChannelNeeds] {
    use Channel::*;
    match platform {
        // Access scope handles (Admin API). A write_ scope includes read_.
        Platform::Shopify => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["read_orders", "read_products"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["read_fulfillments", "write_fulfillments"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["read_locations", "write_inventory"],
            },
        ],
        // API account OAuth scopes, as the control panel labels them.
        Platform::BigCommerce => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["Orders: read-only", "Information & settings: read-only"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["Orders: modify"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["Products: modify"],
            },
        ],
        // A REST API key has one permission level for everything.
        Platform::WooCommerce => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["Read/Write key"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["Read/Write key"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["Read/Write key"],
            },
        ],
        // Integration ACL resources.
        Platform::Magento => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["Magento_Sales::actions_view"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["Magento_Sales::ship"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["Magento_Catalog::products"],
            },
        ],
        // API keys act as the account owner; there are no scopes to grant.
        Platform::ShipStation => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["account owner's API key"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["account owner's API key"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["account owner's API key"],
            },
        ],
        // Channel scopes listed by GET /1.0/channel.
        Platform::ShipBob => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["orders_write", "products_read"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["orders_read"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["inventory_read"],
            },
        ],
        // 3PL Central user roles; not reported by the API.
        Platform::Extensiv => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["Orders: create and view"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["Orders: view"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["Inventory: view"],
            },
        ],
        // A ShipHero token acts as its user; there are no scopes to grant.
        Platform::ShipHero => &[
            ChannelNeeds {
                channel: Orders,
                permissions: &["user with order access"],
            },
            ChannelNeeds {
                channel: Shipments,
                permissions: &["user with shipment access"],
            },
            ChannelNeeds {
                channel: Inventory,
                permissions: &["user with inventory access"],
            },
        ],
    }
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
