//! Reusable pieces, one exported component per file.

mod article_vote;
mod channel_card;
mod channel_permissions;
pub mod comment_form;
mod comment_item;
mod comment_thread;
mod connection_nav;
mod connection_row;
mod credentials_form;
mod load_error;
mod new_connection_form;
mod require_sign_in;
mod result_badge;
mod settings_tabs;
mod site_header;
mod table_head;
mod test_connection_button;
mod test_history;

pub use article_vote::ArticleVote;
pub use channel_card::ChannelCard;
pub use channel_permissions::ChannelPermissions;
pub use comment_form::CommentForm;
pub use comment_item::CommentItem;
pub use comment_thread::CommentThread;
pub use connection_nav::{ConnectionNav, NavItem};
pub use connection_row::ConnectionRow;
pub use credentials_form::CredentialsForm;
pub use load_error::LoadError;
pub use new_connection_form::NewConnectionForm;
pub use require_sign_in::RequireSignIn;
pub use result_badge::ResultBadge;
pub use settings_tabs::{tab_id, SettingsTabs};
pub use site_header::SiteHeader;
pub use table_head::TableHead;
pub use test_connection_button::TestConnectionButton;
pub use test_history::TestHistory;
