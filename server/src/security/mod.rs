//! Cookies, CSRF, who is asking, and rate limits.

pub mod cookies;
pub mod csrf;
pub mod headers;
pub mod proxy;
pub mod rate_limit;
pub mod viewer;

use aes_gcm::aead::rand_core::RngCore;
use sha2::{Digest, Sha256};

/// `n` random bytes from the OS, hex-encoded.
pub fn random_hex(n: usize) -> String {
    let mut bytes = vec![0u8; n];
    aes_gcm::aead::OsRng.fill_bytes(&mut bytes);
    hex::encode(bytes)
}

pub fn sha256_hex(text: &str) -> String {
    hex::encode(Sha256::digest(text.as_bytes()))
}
