//! BigCommerce.

pub(super) mod connector;
pub mod fixtures;
pub(super) mod sandbox;
