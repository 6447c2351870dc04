//! Reusable pieces, one exported component per file.

mod credentials_form;
mod result_badge;
mod settings_tabs;
mod test_connection_button;
mod test_history;

pub use credentials_form::CredentialsForm;
pub use result_badge::ResultBadge;
pub use settings_tabs::{tab_id, SettingsTabs};
pub use test_connection_button::TestConnectionButton;
pub use test_history::TestHistory;
