//! The permissions step, for platforms that say what a credential was
//! granted (Shopify access scopes, ShipBob channel scopes): compare it with
//! what the Connection's channels need and name what is missing.

use super::{Failure, Success};
use dropstream_api::catalog::{channels_needing, missing_permissions};
use dropstream_api::{Category, Platform, TestResult};
use reqwest::StatusCode;

/// What the successful authentication found, to report with the result.
pub(crate) struct Authenticated<'a> {
    pub host: &'a str,
    pub status: StatusCode,
    pub message: String,
    pub auth_detail: String,
}

pub(crate) fn compare(
    platform: Platform,
    granted: &[&str],
    ok: Authenticated<'_>,
    how_to_grant: &str,
) -> TestResult {
    let missing = missing_permissions(platform, granted);
    if missing.is_empty() {
        let needed = platform.needed_permissions().len();
        return Success::new(ok.message)
            .accepted(ok.auth_detail)
            .permitted(format!(
                "All {needed} permissions the orders, shipments and inventory channels need are granted"
            ))
            .answered(ok.host, ok.status);
    }
    let named: Vec<String> = missing
        .iter()
        .map(|p| {
            let channels: Vec<&str> = channels_needing(platform, p)
                .into_iter()
                .map(|c| c.label())
                .collect();
            format!("{p} ({})", channels.join(", "))
        })
        .collect();
    let list = missing.join(", ");
    let mut result = Failure::new(
        Category::MissingPermissions,
        format!(
            "The {platform} credentials work, but lack {}: {list}.",
            if missing.len() == 1 {
                "a permission the Connection needs"
            } else {
                "permissions the Connection needs"
            }
        ),
    )
    .guidance(format!("{how_to_grant} Grant: {list}. Then test again."))
    .at_permissions(Some(format!("Missing: {}", named.join("; "))))
    .answered(ok.host, ok.status);
    result.steps[1].detail = Some(ok.auth_detail);
    result
}
