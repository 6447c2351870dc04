//! Demo mode: the seeded connection that works against the sandboxes.

use crate::sandbox::demo;
use crate::store::{Secret, Store};
use dropstream_api::{Platform, Side};
use std::collections::BTreeMap;

pub const DEMO_CONNECTION_NAME: &str = "Demo Outfitters";

/// Creates "Demo Outfitters" (Shopify → ShipBob) with working sandbox
/// credentials, unless a connection of that name already exists.
pub async fn seed(store: &Store) -> anyhow::Result<i64> {
    let existing = store.list_connections().await?;
    if let Some(c) = existing.iter().find(|c| c.name == DEMO_CONNECTION_NAME) {
        return Ok(c.id);
    }
    let id = store
        .create_connection(
            DEMO_CONNECTION_NAME,
            Platform::Shopify,
            Platform::ShipBob,
            true,
        )
        .await?;
    let store_side = BTreeMap::from([
        ("shop_domain".to_string(), Secret::new(demo::SHOPIFY_SHOP)),
        ("access_token".to_string(), Secret::new(demo::SHOPIFY_TOKEN)),
    ]);
    store.save_credentials(id, Side::Store, &store_side).await?;
    let warehouse_side =
        BTreeMap::from([("access_token".to_string(), Secret::new(demo::SHIPBOB_TOKEN))]);
    store
        .save_credentials(id, Side::Warehouse, &warehouse_side)
        .await?;
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
