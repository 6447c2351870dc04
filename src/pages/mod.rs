//! One routed screen per file.

mod connection_settings;
mod connections;
mod help_article;
mod help_index;
mod not_found;
mod sign_in;

pub use connection_settings::{ConnectionSettingsPage, SettingsIndex, SideTab};
pub use connections::{ConnectionsPage, ListFilter};
pub use help_article::HelpArticlePage;
pub use help_index::HelpIndexPage;
pub use not_found::NotFoundPage;
pub use sign_in::SignInPage;
