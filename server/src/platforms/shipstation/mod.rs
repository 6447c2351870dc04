//! ShipStation.

mod connector;
mod sandbox;

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://ssapi.shipstation.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(connector::test(c, creds)),
    sandbox: sandbox::router,
};
