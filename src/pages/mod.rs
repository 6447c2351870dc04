//! One routed screen per file.

mod account;
mod audit_log;
mod channels;
mod connection_settings;
mod connections;
mod help_article;
mod help_index;
mod set_password;
mod sign_in;
mod users;
mod widget_admin;

/// Also the router's fallback; it lives with the components because
/// `Loaded` shows it for a 404.
pub use crate::components::NotFoundPage;
pub use account::AccountPage;
pub use audit_log::AuditLogPage;
pub use channels::ChannelsPage;
pub use connection_settings::{ConnectionSettingsPage, SettingsIndex, SideTab};
pub use connections::{ConnectionsPage, ListFilter};
pub use help_article::HelpArticlePage;
pub use help_index::HelpIndexPage;
pub use set_password::SetPasswordPage;
pub use sign_in::{SignInForm, SignInPage};
pub use users::UsersPage;
pub use widget_admin::WidgetAdminPage;
