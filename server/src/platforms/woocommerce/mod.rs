//! WooCommerce.

pub mod channels;
pub(super) mod connector;
pub mod fixtures;
mod fulfilment;
pub(super) mod sandbox;
mod stock;

pub use channels::ROLES;
