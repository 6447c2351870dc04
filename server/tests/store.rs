//! Credentials at rest: sealed in SQLite, bound to their row, and a wrong
//! key-encryption key is refused with a clear error.

use dropstream_api::{Platform, Side};
use dropstream_server::store::crypto::{Kek, KEK_FILE};
use dropstream_server::store::{Secret, Store};
use std::collections::BTreeMap;

const TOKEN: &str = "shpat_at_rest_0123456789";

async fn seeded(dir: &std::path::Path) -> (Store, i64) {
    let store = Store::open_dir(dir).await.unwrap();
    let merchant = store.ensure_merchant("Test merchant").await.unwrap().id;
    let id = store
        .create_connection(
            merchant,
            "At rest",
            Platform::Shopify,
            Platform::ShipBob,
            false,
        )
        .await
        .unwrap();
    let values = BTreeMap::from([
        (
            "shop_domain".to_string(),
            Secret::new("at-rest.myshopify.com"),
        ),
        ("access_token".to_string(), Secret::new(TOKEN)),
    ]);
    store
        .save_credentials(id, Side::Store, &values)
        .await
        .unwrap();
    (store, id)
}

fn database_bytes(dir: &std::path::Path) -> Vec<u8> {
    // The WAL holds recent writes; read both files.
    let mut bytes = std::fs::read(dir.join("dropstream.sqlite3")).unwrap();
    bytes.extend(std::fs::read(dir.join("dropstream.sqlite3-wal")).unwrap_or_default());
    bytes
}

#[tokio::test]
async fn saved_values_round_trip_and_are_not_in_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = seeded(dir.path()).await;
    let saved = store.credentials(id, Side::Store).await.unwrap();
    assert_eq!(saved["access_token"].expose(), TOKEN);
    assert_eq!(saved["shop_domain"].expose(), "at-rest.myshopify.com");

    let bytes = database_bytes(dir.path());
    assert!(
        bytes.windows(b"At rest".len()).any(|w| w == b"At rest"),
        "the scan reads the data"
    );
    assert!(
        !bytes.windows(TOKEN.len()).any(|w| w == TOKEN.as_bytes()),
        "plaintext token on disk"
    );
}

#[tokio::test]
async fn a_wrong_key_is_refused_at_start_up() {
    let dir = tempfile::tempdir().unwrap();
    let (store, _) = seeded(dir.path()).await;
    drop(store);
    std::fs::write(dir.path().join(KEK_FILE), "ab".repeat(32)).unwrap();
    let err = Store::open_dir(dir.path()).await.unwrap_err();
    let message = format!("{err:#}");
    assert!(
        message.contains("key-encryption key does not match"),
        "{message}"
    );
}

#[tokio::test]
async fn a_sealed_value_moved_to_another_row_does_not_open() {
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = seeded(dir.path()).await;
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
    drop(store);
    let pool = sqlx::SqlitePool::connect(&format!(
        "sqlite://{}",
        dir.path().join("dropstream.sqlite3").display()
    ))
    .await
    .unwrap();
    sqlx::query(
        "INSERT INTO credentials (connection_id, side, field, sealed)
         SELECT ?, side, field, sealed FROM credentials WHERE connection_id = ?",
    )
    .bind(other)
    .bind(id)
    .execute(&pool)
    .await
    .unwrap();
    pool.close().await;

    let store = Store::open_dir(dir.path()).await.unwrap();
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
    let dir = tempfile::tempdir().unwrap();
    let (store, id) = seeded(dir.path()).await;
    let version = store.side_version(id, Side::Store).await.unwrap();
    assert_eq!(version, 1, "the seeding save counts");
    let only_domain = BTreeMap::from([(
        "shop_domain".to_string(),
        Secret::new("replaced.myshopify.com"),
    )]);
    let outcome = store
        .save_side(
            id,
            Side::Store,
            Platform::Shopify,
            version,
            &only_domain,
            "Test",
        )
        .await
        .unwrap();
    assert_eq!(outcome, SaveOutcome::Saved(2));
    let saved = store.credentials(id, Side::Store).await.unwrap();
    assert_eq!(
        saved.keys().collect::<Vec<_>>(),
        ["shop_domain"],
        "replaced, not merged"
    );

    let stale = store
        .save_side(
            id,
            Side::Store,
            Platform::Shopify,
            version,
            &only_domain,
            "Test",
        )
        .await
        .unwrap();
    assert_eq!(stale, SaveOutcome::Stale);
    let gone = store
        .save_side(
            id + 100,
            Side::Store,
            Platform::Shopify,
            0,
            &only_domain,
            "Test",
        )
        .await
        .unwrap();
    assert_eq!(gone, SaveOutcome::NotFound);
}
