//! Demo mode: seeded connections that work against the sandboxes, one per
//! pair of platforms, so every platform can be tried from the UI.

use crate::sandbox::demo;
use crate::store::{Secret, Store};
use dropstream_api::{Platform, Side};
use std::collections::BTreeMap;

pub const DEMO_CONNECTION_NAME: &str = "Demo Outfitters";

type Fields = &'static [(&'static str, &'static str)];

/// One seeded connection: name, store platform and values, warehouse
/// platform and values.
struct Seed {
    name: &'static str,
    store: (Platform, Fields),
    warehouse: (Platform, Fields),
}

const SHOPIFY: Fields = &[
    ("shop_domain", demo::SHOPIFY_SHOP),
    ("access_token", demo::SHOPIFY_TOKEN),
];
const SHIPBOB: Fields = &[("access_token", demo::SHIPBOB_TOKEN)];
const BIGCOMMERCE: Fields = &[
    ("store_hash", demo::BIGCOMMERCE_HASH),
    ("access_token", demo::BIGCOMMERCE_TOKEN),
];
const EXTENSIV: Fields = &[
    ("client_id", demo::EXTENSIV_CLIENT_ID),
    ("client_secret", demo::EXTENSIV_CLIENT_SECRET),
    ("tpl_key", demo::EXTENSIV_TPL),
    ("user_login_id", demo::EXTENSIV_USER),
];
const WOOCOMMERCE: Fields = &[
    ("site_url", demo::MERCHANT_SITE),
    ("consumer_key", demo::WOO_KEY),
    ("consumer_secret", demo::WOO_SECRET),
];
const SHIPHERO: Fields = &[("refresh_token", demo::SHIPHERO_REFRESH)];
const MAGENTO: Fields = &[
    ("site_url", demo::MERCHANT_SITE),
    ("access_token", demo::MAGENTO_TOKEN),
];
const SHIPSTATION: Fields = &[
    ("api_key", demo::SHIPSTATION_KEY),
    ("api_secret", demo::SHIPSTATION_SECRET),
];

/// In id order on a fresh database: connection 1 is "Demo Outfitters"
/// (Shopify + ShipBob), which other tests rely on; the rest cover every
/// other platform. Their names sort after it (the list is ordered by name)
/// and do not contain it (pages find it by name).
const SEEDS: &[Seed] = &[
    Seed {
        name: DEMO_CONNECTION_NAME,
        store: (Platform::Shopify, SHOPIFY),
        warehouse: (Platform::ShipBob, SHIPBOB),
    },
    Seed {
        name: "Harbor Supply (BigCommerce + Extensiv)",
        store: (Platform::BigCommerce, BIGCOMMERCE),
        warehouse: (Platform::Extensiv, EXTENSIV),
    },
    Seed {
        name: "Maple & Pine (WooCommerce + ShipHero)",
        store: (Platform::WooCommerce, WOOCOMMERCE),
        warehouse: (Platform::ShipHero, SHIPHERO),
    },
    Seed {
        name: "Northwind Home (Magento + ShipBob)",
        store: (Platform::Magento, MAGENTO),
        warehouse: (Platform::ShipBob, SHIPBOB),
    },
    Seed {
        name: "Summit Trail Gear (ShipStation + ShipHero)",
        store: (Platform::ShipStation, SHIPSTATION),
        warehouse: (Platform::ShipHero, SHIPHERO),
    },
];

/// Creates the demo connections with working sandbox credentials, skipping
/// any whose name already exists. Returns the id of "Demo Outfitters".
pub async fn seed(store: &Store) -> anyhow::Result<i64> {
    let existing = store.list_connections().await?;
    let mut first = None;
    for seed in SEEDS {
        let id = match existing.iter().find(|c| c.name == seed.name) {
            Some(c) => c.id,
            None => create(store, seed).await?,
        };
        first.get_or_insert(id);
    }
    Ok(first.unwrap_or_default())
}

async fn create(store: &Store, seed: &Seed) -> anyhow::Result<i64> {
    let id = store
        .create_connection(seed.name, seed.store.0, seed.warehouse.0, true)
        .await?;
    for (side, fields) in [
        (Side::Store, seed.store.1),
        (Side::Warehouse, seed.warehouse.1),
    ] {
        let values: BTreeMap<String, Secret> = fields
            .iter()
            .map(|(k, v)| (k.to_string(), Secret::new(*v)))
            .collect();
        store.save_credentials(id, side, &values).await?;
    }
    Ok(id)
}

/// Demo accounts for the help center: (email, display name, password).
/// Printed at start-up in demo mode; never seeded otherwise.
pub const DEMO_USERS: [(&str, &str, &str); 2] = [
    (
        "ana@demo.dropstream.test",
        "Ana Merchant",
        "demo-password-ana",
    ),
    (
        "ben@demo.dropstream.test",
        "Ben Support",
        "demo-password-ben",
    ),
];

/// Creates the demo accounts that do not exist yet.
pub async fn seed_users(store: &Store) -> anyhow::Result<()> {
    use crate::store::accounts::AddUserError;
    for (email, name, password) in DEMO_USERS {
        match store.add_user(email, name, password).await {
            Ok(_) | Err(AddUserError::Exists(_)) => {}
            Err(e) => return Err(e.into()),
        }
    }
    Ok(())
}
