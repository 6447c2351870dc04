//! Who is making a request, as the test history shows it.

use crate::security::viewer::Viewer;

/// The display name recorded as "who ran it": the signed-in account's, or
/// "Signed-out user" (the connection desk itself does not require sign-in).
pub fn actor(viewer: &Viewer) -> String {
    viewer
        .account
        .as_ref()
        .map(|a| a.display_name.clone())
        .unwrap_or_else(|| "Signed-out user".to_string())
}
