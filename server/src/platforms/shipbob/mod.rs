//! ShipBob.

pub mod channels;
mod connector;
pub mod fixtures;
mod sandbox;

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://api.shipbob.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(connector::test(c, creds)),
    sandbox: sandbox::router,
    fixtures: &fixtures::FIXTURES,
    help: include_str!("../../../../content/help/platform-shipbob.md"),
};
