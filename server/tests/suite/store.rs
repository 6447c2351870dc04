//! Credentials at rest: sealed in the database, bound to their row, and a
//! wrong key-encryption key is refused with a clear error.

use crate::support;

use dropstream_api::{Platform, Side};
use dropstream_server::store::crypto::{Kek, KEK_FILE};
use dropstream_server::store::{Secret, Store};
use std::collections::BTreeMap;
use support::Scratch;

const TOKEN: &str = "shpat_at_rest_0123456789";

async fn seeded(scratch: &Scratch) -> (Store, i64) {
    support::seeded_shopify(scratch, "At rest", "at-rest.myshopify.com", TOKEN).await
}

/// Everything the database holds: SQLite's files (the WAL holds recent
/// writes), or on PostgreSQL every row of every table as text.
async fn database_bytes(scratch: &Scratch) -> Vec<u8> {
    use sqlx::Connection;
    let Some(url) = &scratch.url else {
        let dir = scratch.path();
        let mut bytes = std::fs::read(dir.join("dropstream.sqlite3")).unwrap();
        bytes.extend(std::fs::read(dir.join("dropstream.sqlite3-wal")).unwrap_or_default());
        return bytes;
    };
    let mut conn = sqlx::PgConnection::connect(url).await.unwrap();
    let tables: Vec<String> = sqlx::query_scalar(
        "SELECT table_name::text FROM information_schema.tables WHERE table_schema = 'public'",
    )
    .fetch_all(&mut conn)
    .await
    .unwrap();
    let mut bytes = Vec::new();
    for table in tables {
        let rows: Vec<String> =
            sqlx::query_scalar(&format!("SELECT CAST(t AS TEXT) FROM {table} t"))
                .fetch_all(&mut conn)
                .await
                .unwrap();
        bytes.extend(rows.concat().into_bytes());
    }
    bytes
}

#[tokio::test]
async fn saved_values_round_trip_and_are_not_in_the_file() {
    let dir = Scratch::new().await;
    let (store, id) = seeded(&dir).await;
    let saved = store.credentials(id, Side::Store).await.unwrap();
    assert_eq!(saved["access_token"].expose(), TOKEN);
    assert_eq!(saved["shop_domain"].expose(), "at-rest.myshopify.com");

    let bytes = database_bytes(&dir).await;
    assert!(
        bytes.windows(b"At rest".len()).any(|w| w == b"At rest"),
        "the scan reads the data"
    );
    // PostgreSQL prints bytes as hex: look for the token that way too.
    for needle in [TOKEN.to_string(), hex::encode(TOKEN)] {
        assert!(
            !bytes.windows(needle.len()).any(|w| w == needle.as_bytes()),
            "plaintext token in the database"
        );
    }
}

#[tokio::test]
async fn a_wrong_key_is_refused_at_start_up() {
    let dir = Scratch::new().await;
    let (store, _) = seeded(&dir).await;
    drop(store);
    std::fs::write(dir.path().join(KEK_FILE), "ab".repeat(32)).unwrap();
    let err = dir.open().await.unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("key-encryption key does not match"),
        "{message}"
    );
}

#[tokio::test]
async fn a_sealed_value_moved_to_another_row_does_not_open() {
    let dir = Scratch::new().await;
    let (store, id) = seeded(&dir).await;
    let merchant = store.ensure_merchant("Test merchant").await.unwrap().id;
    let other = store
        .create_connection(
            merchant,
            "Other",
            Platform::Shopify,
            Platform::ShipBob,
            false,
        )
        .await
        .unwrap();
    store
        .execute_script(&format!(
            "INSERT INTO credentials (connection_id, side, field, sealed)
             SELECT {other}, side, field, sealed FROM credentials WHERE connection_id = {id}"
        ))
        .await
        .unwrap();
    drop(store);

    let store = dir.open().await.unwrap();
    assert!(store.credentials(id, Side::Store).await.is_ok());
    let err = store.credentials(other, Side::Store).await.unwrap_err();
    assert!(
        format!("{err:#}").contains("could not be decrypted"),
        "{err:#}"
    );
}

#[test]
fn kek_debug_output_hides_the_key() {
    assert_eq!(format!("{:?}", Kek::generate()), "Kek(…)");
}

#[tokio::test]
async fn a_versioned_save_replaces_the_side_and_refuses_a_stale_version() {
    use dropstream_server::store::SaveOutcome;
    let dir = Scratch::new().await;
    let (store, id) = seeded(&dir).await;
    let version = store.side_version(id, Side::Store).await.unwrap();
    assert_eq!(version, 1, "the seeding save counts");
    let only_domain = BTreeMap::from([(
        "shop_domain".to_string(),
        Secret::new("replaced.myshopify.com"),
    )]);
    // A save of the store side by "Test", with the editor's version.
    let save = |id: i64, version: i64| {
        store.save_side(
            id,
            Side::Store,
            Platform::Shopify,
            version,
            &only_domain,
            "Test",
        )
    };
    assert_eq!(save(id, version).await.unwrap(), SaveOutcome::Saved(2));
    let saved = store.credentials(id, Side::Store).await.unwrap();
    assert_eq!(
        saved.keys().collect::<Vec<_>>(),
        ["shop_domain"],
        "replaced, not merged"
    );
    assert_eq!(save(id, version).await.unwrap(), SaveOutcome::Stale);
    assert_eq!(save(id + 100, 0).await.unwrap(), SaveOutcome::NotFound);
}
