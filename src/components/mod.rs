//! Reusable pieces, one exported component per file.

mod connection_row;
mod credentials_form;
mod new_connection_form;
mod result_badge;
mod settings_tabs;
mod test_connection_button;
mod test_history;

pub use connection_row::ConnectionRow;
pub use credentials_form::CredentialsForm;
pub use new_connection_form::NewConnectionForm;
pub use result_badge::ResultBadge;
pub use settings_tabs::{tab_id, SettingsTabs};
pub use test_connection_button::TestConnectionButton;
pub use test_history::TestHistory;
