//! Rotating the key-encryption key: values open with the new key, the old
//! key is refused, and the `rotate-kek` command replaces the key file.

use dropstream_api::Side;
use dropstream_server::store::crypto::{Kek, KEK_FILE, KEK_PENDING_FILE};
use dropstream_server::store::Store;
use support::Scratch;

use crate::support;

const TOKEN: &str = "shpat_rotate_me_0123456789";

async fn seeded(scratch: &Scratch) -> i64 {
    support::seeded_shopify(scratch, "Rotate", "rotate.myshopify.com", TOKEN)
        .await
        .1
}

#[tokio::test]
async fn values_move_to_the_new_key_and_the_old_one_is_refused() {
    let dir = Scratch::new().await;
    let id = seeded(&dir).await;
    let old_hex = std::fs::read_to_string(dir.path().join(KEK_FILE)).unwrap();
    let url = dir.database_url();
    let store = Store::open(&url, Kek::from_hex(&old_hex).unwrap())
        .await
        .unwrap();
    let new_hex = "11".repeat(32);
    let (store, moved) = store
        .rotate_kek(Kek::from_hex(&new_hex).unwrap())
        .await
        .unwrap();
    assert_eq!(moved, 2);
    assert_eq!(
        store.credentials(id, Side::Store).await.unwrap()["access_token"].expose(),
        TOKEN
    );
    drop(store);

    let reopened = Store::open(&url, Kek::from_hex(&new_hex).unwrap())
        .await
        .unwrap();
    let saved = reopened.credentials(id, Side::Store).await.unwrap();
    assert_eq!(saved["access_token"].expose(), TOKEN);
    assert_eq!(saved["shop_domain"].expose(), "rotate.myshopify.com");
    drop(reopened);
    let err = Store::open(&url, Kek::from_hex(&old_hex).unwrap())
        .await
        .unwrap_err();
    assert!(format!("{err:#}").contains("does not match"), "{err:#}");
}

#[tokio::test]
async fn the_command_replaces_the_key_file() {
    let dir = Scratch::new().await;
    let id = seeded(&dir).await;
    let old_hex = std::fs::read_to_string(dir.path().join(KEK_FILE)).unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_dropstream-server"))
        .args(dir.args())
        .arg("rotate-kek")
        .env_remove("DROPSTREAM_KEK")
        .env_remove("DROPSTREAM_NEW_KEK")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    assert!(
        out.status.success(),
        "{stdout} {}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(stdout.contains("Re-wrapped 2 saved values"), "{stdout}");
    let new_hex = std::fs::read_to_string(dir.path().join(KEK_FILE)).unwrap();
    assert_ne!(new_hex, old_hex);
    assert!(
        !dir.path().join(KEK_PENDING_FILE).exists(),
        "the pending key was promoted"
    );
    assert!(
        !stdout.contains(&new_hex) && !stdout.contains(&old_hex),
        "a key was printed"
    );
    #[cfg(unix)]
    assert_eq!(
        support::mode_of(&dir.path().join(KEK_FILE)),
        0o600,
        "only the server's user may read the new key"
    );
    // The server's own start-up path opens it with the new file.
    let store = dir.open().await.unwrap();
    assert_eq!(
        store.credentials(id, Side::Store).await.unwrap()["access_token"].expose(),
        TOKEN
    );
}
