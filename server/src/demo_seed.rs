//! Demo mode: seeded connections that work against the sandboxes, one per
//! pair of platforms, so every platform can be tried from the UI.

use crate::platforms::fixtures::{self, Fields};
use crate::store::accounts::{AddUserError, NewAccount};
use crate::store::{Secret, Store};
use dropstream_api::access::Role;
use dropstream_api::{Platform, Side};
use std::collections::BTreeMap;

pub const DEMO_CONNECTION_NAME: &str = "Demo Outfitters";
/// The merchant that owns "Demo Outfitters" (connection 1).
pub const DEMO_MERCHANT: &str = "Demo Outfitters";
/// A second merchant, so that what one merchant may not see can be shown.
pub const OTHER_MERCHANT: &str = "Harbor Supply Co.";

/// One seeded connection: name, merchant, and the platform of each side,
/// saved with the values its sandbox accepts (the platform's fixtures).
struct Seed {
    name: &'static str,
    merchant: &'static str,
    store: Platform,
    warehouse: Platform,
}

/// The values that pass a platform's sandbox, as the demo saves them.
pub fn sandbox_credentials(platform: Platform) -> BTreeMap<String, Secret> {
    secrets(fixtures::of(platform).working)
}

fn secrets(fields: Fields) -> BTreeMap<String, Secret> {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), Secret::new(*v)))
        .collect()
}

/// The id, on a fresh database, of the first seeded connection that holds
/// `platform` (a test holds every platform to having one).
pub fn connection_of(platform: Platform) -> i64 {
    let index = SEEDS
        .iter()
        .position(|seed| seed.store == platform || seed.warehouse == platform)
        .unwrap_or_else(|| panic!("no demo seed has {platform:?}"));
    index as i64 + 1
}

/// Each seeded connection's id on a fresh database, with its store and
/// warehouse platforms.
pub fn pairs() -> impl Iterator<Item = (i64, Platform, Platform)> {
    (1..)
        .zip(SEEDS)
        .map(|(id, seed)| (id, seed.store, seed.warehouse))
}

/// In id order on a fresh database: connection 1 is "Demo Outfitters"
/// (Shopify + ShipBob), which other tests rely on; the rest cover every
/// other platform. Their names sort after it (the list is ordered by name)
/// and do not contain it (pages find it by name).
const SEEDS: &[Seed] = &[
    Seed {
        name: DEMO_CONNECTION_NAME,
        merchant: DEMO_MERCHANT,
        store: Platform::Shopify,
        warehouse: Platform::ShipBob,
    },
    Seed {
        name: "Harbor Supply (BigCommerce + Extensiv)",
        merchant: OTHER_MERCHANT,
        store: Platform::BigCommerce,
        warehouse: Platform::Extensiv,
    },
    Seed {
        name: "Maple & Pine (WooCommerce + ShipHero)",
        merchant: DEMO_MERCHANT,
        store: Platform::WooCommerce,
        warehouse: Platform::ShipHero,
    },
    Seed {
        name: "Northwind Home (Magento + ShipBob)",
        merchant: OTHER_MERCHANT,
        store: Platform::Magento,
        warehouse: Platform::ShipBob,
    },
    Seed {
        name: "Summit Trail Gear (ShipStation + ShipHero)",
        merchant: OTHER_MERCHANT,
        store: Platform::ShipStation,
        warehouse: Platform::ShipHero,
    },
];

/// Creates the demo merchants and connections with working sandbox
/// credentials, skipping any whose name already exists. Returns the id of
/// "Demo Outfitters".
pub async fn seed(store: &Store) -> anyhow::Result<i64> {
    let mut first = None;
    for seed in SEEDS {
        let id = match store.connection_named(seed.name).await? {
            Some(id) => id,
            None => create(store, seed).await?,
        };
        first.get_or_insert(id);
    }
    Ok(first.unwrap_or_default())
}

async fn create(store: &Store, seed: &Seed) -> anyhow::Result<i64> {
    let merchant = store.ensure_merchant(seed.merchant).await?;
    let id = store
        .create_connection(merchant.id, seed.name, seed.store, seed.warehouse, true)
        .await?;
    for (side, platform) in [(Side::Store, seed.store), (Side::Warehouse, seed.warehouse)] {
        store
            .save_credentials(id, side, &sandbox_credentials(platform))
            .await?;
    }
    Ok(id)
}

/// A demo sign-in, printed at start-up in demo mode; never seeded otherwise.
pub struct DemoUser {
    pub email: &'static str,
    pub name: &'static str,
    pub password: &'static str,
    pub role: Role,
    /// The merchant of a merchant user.
    pub merchant: Option<&'static str>,
}

impl DemoUser {
    /// "Merchant of Demo Outfitters", "Admin".
    pub fn describe(&self) -> String {
        match self.merchant {
            Some(m) => format!("{} of {m}", self.role.label()),
            None => self.role.label().to_string(),
        }
    }
}

/// One user of each kind; the first two are also the help center's
/// commenters in the tests.
pub const DEMO_USERS: [DemoUser; 4] = [
    DemoUser {
        email: "ana@demo.dropstream.test",
        name: "Ana Merchant",
        password: "demo-password-ana",
        role: Role::Merchant,
        merchant: Some(DEMO_MERCHANT),
    },
    DemoUser {
        email: "ben@demo.dropstream.test",
        name: "Ben Support",
        password: "demo-password-ben",
        role: Role::Staff,
        merchant: None,
    },
    DemoUser {
        email: "ada@demo.dropstream.test",
        name: "Ada Admin",
        password: "demo-password-ada",
        role: Role::Admin,
        merchant: None,
    },
    DemoUser {
        email: "hal@demo.dropstream.test",
        name: "Hal Harbor",
        password: "demo-password-hal",
        role: Role::Merchant,
        merchant: Some(OTHER_MERCHANT),
    },
];

/// Index in [`DEMO_USERS`] of each kind of user.
pub const DEMO_MERCHANT_USER: usize = 0;
pub const DEMO_STAFF: usize = 1;
pub const DEMO_ADMIN: usize = 2;
pub const OTHER_MERCHANT_USER: usize = 3;

/// Creates the demo users (and their merchants) that do not exist yet.
pub async fn seed_users(store: &Store) -> anyhow::Result<()> {
    for user in &DEMO_USERS {
        let merchant_id = match user.merchant {
            Some(name) => Some(store.ensure_merchant(name).await?.id),
            None => None,
        };
        let who = NewAccount {
            email: user.email,
            display_name: user.name,
            role: user.role,
            merchant_id,
        };
        match store.add_user(&who, user.password).await {
            Ok(_) | Err(AddUserError::Exists(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_platform_is_seeded_on_its_side() {
        for platform in Platform::ALL {
            let seed = &SEEDS[connection_of(platform) as usize - 1];
            let on_its_side = match platform.side() {
                Side::Store => seed.store,
                Side::Warehouse => seed.warehouse,
            };
            assert_eq!(on_its_side, platform);
        }
    }
}
