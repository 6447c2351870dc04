//! Magento.

pub mod channels;
pub(super) mod connector;
pub mod fixtures;
pub(super) mod sandbox;

pub use channels::ROLES;
