//! One routed screen per file.

mod connection_settings;
mod connections;
mod not_found;

pub use connection_settings::{ConnectionSettingsPage, SettingsIndex, SideTab};
pub use connections::{ConnectionsPage, ListFilter};
pub use not_found::NotFoundPage;
