//! Every platform the desk can test, keyed by [`Platform`], each in its own
//! folder: `connector.rs` (the real Test Connection call), `sandbox.rs` (the
//! loopback imitation of its API), `fixtures.rs` (what the sandbox accepts,
//! and the inputs that make each failure); its help article is
//! `content/help/platform-<name>.md`. The shared places (the connectors'
//! dispatch, the endpoints, the sandboxes' router, the help library) loop
//! over [`home`]; its `match` makes a new platform a compile error until
//! it is listed in `homes!` with its folder.

pub mod fixtures;
pub mod merchant_sites;
pub mod open_orders;
pub mod paging;
pub(crate) mod warehouses;

use crate::channels::Roles;
use crate::connectors::{Connectors, Credentials, Run};
use axum::Router;
use dropstream_api::Platform;
use fixtures::Fixtures;
use std::future::Future;
use std::pin::Pin;

/// A Test Connection call under way.
pub type TestCall<'a> = Pin<Box<dyn Future<Output = Run> + Send + 'a>>;

/// What the server knows of one platform.
pub struct Home {
    /// The production API base; `{shop}`, `{site}` and `{host}` stand for
    /// the shop or site the user entered.
    pub production: &'static str,
    /// What follows a sandbox's (or a test server's) base in the API base:
    /// the part that names the shop or site (`/{shop}`, `/{host}`).
    pub sandbox_tail: &'static str,
    /// The Test Connection call.
    pub test: for<'a> fn(&'a Connectors, &'a Credentials) -> TestCall<'a>,
    /// The sandbox's routes, served under `/{wire name}`.
    pub sandbox: fn() -> Router,
    /// What the sandbox accepts, and the inputs that make each failure.
    pub fixtures: &'static Fixtures,
    /// The help article about the platform (Markdown, under content/help/).
    pub help: &'static str,
    /// What it does in channel runs.
    pub roles: &'static Roles,
}

/// Declares each platform's folder and [`home`], which gathers where its
/// API lives (production base, sandbox tail) and what the folder holds:
/// `connector::test`, `sandbox::router`, `fixtures::FIXTURES`, `ROLES` (its
/// jobs in channel runs), and the help
/// article named after the folder (the platform's wire name).
macro_rules! homes {
    ($($platform:ident => $folder:ident, $production:literal, $sandbox_tail:literal;)+) => {
        $(pub mod $folder;)+

        /// The home of `platform`.
        pub fn home(platform: Platform) -> &'static Home {
            match platform {
                $(Platform::$platform => {
                    static HOME: Home = Home {
                        production: $production,
                        sandbox_tail: $sandbox_tail,
                        test: |c, creds| Box::pin($folder::connector::test(c, creds)),
                        sandbox: $folder::sandbox::router,
                        fixtures: &$folder::fixtures::FIXTURES,
                        help: include_str!(concat!(
                            "../../../content/help/platform-",
                            stringify!($folder),
                            ".md"
                        )),
                        roles: &$folder::ROLES,
                    };
                    &HOME
                })+
            }
        }
    };
}

homes! {
    // platform => folder, production API base, what follows a sandbox's base
    Shopify => shopify, "https://{shop}", "/{shop}";
    BigCommerce => bigcommerce, "https://api.bigcommerce.com", "";
    WooCommerce => woocommerce, "{site}", "/{host}";
    Magento => magento, "{site}", "/{host}";
    ShipStation => shipstation, "https://ssapi.shipstation.com", "";
    ShipBob => shipbob, "https://api.shipbob.com", "";
    Extensiv => extensiv, "https://secure-wms.com", "";
    ShipHero => shiphero, "https://public-api.shiphero.com", "";
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The README's demo table is written by hand; a new platform must get
    /// its rows there too.
    #[test]
    fn every_platform_has_rows_in_the_readmes_badge_table() {
        let readme = include_str!("../../../README.md");
        let table = readme
            .split("## Trying every badge")
            .nth(1)
            .and_then(|rest| rest.split("\n## ").next())
            .expect("the README has its badge section");
        for platform in Platform::ALL {
            let name = platform.display_name();
            let word = name.split(' ').next().unwrap_or(name);
            assert!(
                table.lines().any(|l| l.starts_with(&format!("| {word}"))),
                "no row for {name} in the README's badge table"
            );
        }
    }

    #[test]
    fn each_folder_is_named_after_its_platforms_wire_name() {
        for platform in Platform::ALL {
            let help = home(platform).help;
            let article = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../content/help")
                .join(format!(
                    "{}.md",
                    dropstream_api::help::platform_article(platform)
                ));
            assert_eq!(
                std::fs::read_to_string(article).unwrap(),
                help,
                "{platform}"
            );
        }
    }
}
