//! ShipHero.

pub mod channels;
pub(super) mod connector;
pub mod fixtures;
pub(super) mod sandbox;
mod shipments;
mod stock;

pub use channels::ROLES;
