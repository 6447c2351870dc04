//! Extensiv.

pub(super) mod connector;
pub mod fixtures;
pub(super) mod sandbox;

/// No part in channel runs yet.
pub const ROLES: crate::channels::Roles = crate::channels::Roles::NONE;
