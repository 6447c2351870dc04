//! Shopify.

pub mod channels;
mod connector;
pub mod fixtures;
mod sandbox;

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://{shop}",
    sandbox_tail: "/{shop}",
    test: |c, creds| Box::pin(connector::test(c, creds)),
    sandbox: sandbox::router,
    fixtures: &fixtures::FIXTURES,
    help: include_str!("../../../../content/help/platform-shopify.md"),
};
