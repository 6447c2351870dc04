//! Envelope encryption of credential values (AES-256-GCM).
//!
//! Each value gets a fresh random data key; the data key is wrapped by the
//! key-encryption key (KEK). The associated data names the connection, side
//! and field, so a sealed value copied into another row does not open.
//!
//! Sealed layout, version 1:
//! `0x01 | key nonce (12) | wrapped data key (32 + 16 tag) | nonce (12) | ciphertext + tag`.

use aes_gcm::aead::{Aead, KeyInit, OsRng, Payload};
use aes_gcm::{AeadCore, Aes256Gcm, Key, Nonce};
use anyhow::{bail, Context};
use std::io::Write;
use std::path::Path;

const VERSION: u8 = 1;
const NONCE: usize = 12;
const WRAPPED: usize = 32 + 16;
const HEADER: usize = 1 + NONCE + WRAPPED + NONCE;

/// Environment variable holding the KEK as 64 hex digits.
pub const KEK_ENV: &str = "DROPSTREAM_KEK";
/// File in the data directory holding the KEK when the variable is unset.
pub const KEK_FILE: &str = "credentials.kek";
/// The next key during a rotation, until the database uses it.
pub const KEK_PENDING_FILE: &str = "credentials.kek.new";

#[derive(Clone)]
pub struct Kek(Key<Aes256Gcm>);

impl std::fmt::Debug for Kek {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Kek(…)")
    }
}

#[derive(Debug, thiserror::Error)]
#[error("a saved credential could not be decrypted: the key-encryption key differs from the one it was saved with, or the value was moved or altered")]
pub struct OpenError;

impl Kek {
    pub fn from_hex(hex_key: &str) -> anyhow::Result<Kek> {
        let bytes = hex::decode(hex_key.trim()).context("the key-encryption key is not hex")?;
        if bytes.len() != 32 {
            bail!(
                "the key-encryption key must be 32 bytes (64 hex digits), not {}",
                bytes.len()
            );
        }
        Ok(Kek(*Key::<Aes256Gcm>::from_slice(&bytes)))
    }

    pub fn generate() -> Kek {
        Kek(Aes256Gcm::generate_key(OsRng))
    }

    /// The KEK from `DROPSTREAM_KEK`, else from `dir/credentials.kek`,
    /// which is created (mode 0600) with a random key on first run.
    pub fn load_or_create(dir: &Path) -> anyhow::Result<Kek> {
        if let Ok(value) = std::env::var(KEK_ENV) {
            return Kek::from_hex(&value).with_context(|| format!("in {KEK_ENV}"));
        }
        let path = dir.join(KEK_FILE);
        match std::fs::read_to_string(&path) {
            Ok(text) => Kek::from_hex(&text).with_context(|| format!("in {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {
                let kek = Kek::generate();
                kek.write_new_file(&path)?;
                Ok(kek)
            }
            Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
        }
    }

    pub fn seal(&self, plaintext: &[u8], aad: &[u8]) -> Vec<u8> {
        let data_key = Aes256Gcm::generate_key(OsRng);
        let (key_nonce, wrapped) = self.wrap(&data_key, aad);
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let ciphertext = Aes256Gcm::new(&data_key)
            .encrypt(
                &nonce,
                Payload {
                    msg: plaintext,
                    aad,
                },
            )
            .expect("AES-GCM encryption of a credential cannot fail");
        let mut out = Vec::with_capacity(HEADER + ciphertext.len());
        out.push(VERSION);
        out.extend_from_slice(&key_nonce);
        out.extend_from_slice(&wrapped);
        out.extend_from_slice(&nonce);
        out.extend_from_slice(&ciphertext);
        out
    }

    /// A data key encrypted under this key with a fresh nonce: (nonce,
    /// wrapped key).
    fn wrap(&self, data_key: &[u8], aad: &[u8]) -> (aes_gcm::aead::Nonce<Aes256Gcm>, Vec<u8>) {
        let nonce = Aes256Gcm::generate_nonce(&mut OsRng);
        let wrapped = Aes256Gcm::new(&self.0)
            .encrypt(&nonce, Payload { msg: data_key, aad })
            .expect("AES-GCM encryption of 32 bytes cannot fail");
        (nonce, wrapped)
    }

    /// The same value wrapped for `to`: only the data key is re-encrypted
    /// (under a fresh nonce); the value's own ciphertext is kept. Checks
    /// that the value opens first, so a damaged one is not carried over.
    pub fn rewrap(&self, sealed: &[u8], aad: &[u8], to: &Kek) -> Result<Vec<u8>, OpenError> {
        self.open(sealed, aad)?;
        let (key_nonce, rest) = sealed[1..].split_at(NONCE);
        let (wrapped, value) = rest.split_at(WRAPPED);
        let data_key = Aes256Gcm::new(&self.0)
            .decrypt(Nonce::from_slice(key_nonce), Payload { msg: wrapped, aad })
            .map_err(|_| OpenError)?;
        let (new_nonce, rewrapped) = to.wrap(&data_key, aad);
        let mut out = Vec::with_capacity(sealed.len());
        out.push(VERSION);
        out.extend_from_slice(&new_nonce);
        out.extend_from_slice(&rewrapped);
        out.extend_from_slice(value);
        Ok(out)
    }

    /// Writes the key to `dir/credentials.kek.new` (0600), synced, so a
    /// rotation never depends on a key that exists only in memory.
    pub fn write_pending(&self, dir: &Path) -> anyhow::Result<()> {
        let tmp = dir.join(KEK_PENDING_FILE);
        let _ = std::fs::remove_file(&tmp);
        self.write_new_file(&tmp)?;
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    }

    /// Writes the key, hex-encoded, to a file that must not exist yet,
    /// readable by the owner only, and flushed to disk.
    fn write_new_file(&self, path: &Path) -> anyhow::Result<()> {
        let mut options = std::fs::OpenOptions::new();
        options.write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let mut file = options
            .open(path)
            .with_context(|| format!("cannot create {}", path.display()))?;
        file.write_all(hex::encode(self.0).as_bytes())?;
        file.sync_all()?;
        Ok(())
    }

    /// Makes the pending key file the key file, in one rename: a crash
    /// leaves one whole key file or the other.
    pub fn promote_pending(dir: &Path) -> anyhow::Result<()> {
        let path = dir.join(KEK_FILE);
        std::fs::rename(dir.join(KEK_PENDING_FILE), &path)
            .with_context(|| format!("cannot replace {}", path.display()))?;
        std::fs::File::open(dir)?.sync_all()?;
        Ok(())
    }

    pub fn open(&self, sealed: &[u8], aad: &[u8]) -> Result<Vec<u8>, OpenError> {
        if sealed.len() < HEADER + 16 || sealed[0] != VERSION {
            return Err(OpenError);
        }
        let (key_nonce, rest) = sealed[1..].split_at(NONCE);
        let (wrapped, rest) = rest.split_at(WRAPPED);
        let (nonce, ciphertext) = rest.split_at(NONCE);
        let data_key = Aes256Gcm::new(&self.0)
            .decrypt(Nonce::from_slice(key_nonce), Payload { msg: wrapped, aad })
            .map_err(|_| OpenError)?;
        Aes256Gcm::new(Key::<Aes256Gcm>::from_slice(&data_key))
            .decrypt(
                Nonce::from_slice(nonce),
                Payload {
                    msg: ciphertext,
                    aad,
                },
            )
            .map_err(|_| OpenError)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_with_the_same_key_and_row() {
        let kek = Kek::generate();
        let sealed = kek.seal(b"shpat_secret", b"1|store|access_token");
        assert!(!sealed.windows(12).any(|w| w == b"shpat_secret"));
        assert_eq!(
            kek.open(&sealed, b"1|store|access_token").unwrap(),
            b"shpat_secret"
        );
        // Fresh keys and nonces: sealing twice gives different bytes.
        assert_ne!(sealed, kek.seal(b"shpat_secret", b"1|store|access_token"));
    }

    #[test]
    fn another_row_or_key_or_a_flipped_bit_fails() {
        let kek = Kek::generate();
        let sealed = kek.seal(b"shpat_secret", b"1|store|access_token");
        assert!(kek.open(&sealed, b"2|store|access_token").is_err());
        assert!(Kek::generate()
            .open(&sealed, b"1|store|access_token")
            .is_err());
        let mut tampered = sealed.clone();
        *tampered.last_mut().unwrap() ^= 1;
        assert!(kek.open(&tampered, b"1|store|access_token").is_err());
        assert!(kek.open(&sealed[..10], b"1|store|access_token").is_err());
    }

    #[test]
    fn keys_from_hex_must_be_32_bytes() {
        assert!(Kek::from_hex(&"ab".repeat(32)).is_ok());
        assert!(Kek::from_hex("abcd").is_err());
        assert!(Kek::from_hex("not hex at all").is_err());
    }

    #[test]
    fn the_key_file_is_created_private_and_reused() {
        let dir = tempfile::tempdir().unwrap();
        std::env::remove_var(KEK_ENV);
        let first = Kek::load_or_create(dir.path()).unwrap();
        let second = Kek::load_or_create(dir.path()).unwrap();
        assert_eq!(first.0, second.0);
        #[cfg(unix)]
        {
            use std::os::unix::fs::PermissionsExt;
            let mode = std::fs::metadata(dir.path().join(KEK_FILE))
                .unwrap()
                .permissions()
                .mode();
            assert_eq!(mode & 0o777, 0o600);
        }
    }
}
