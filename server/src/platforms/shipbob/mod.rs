//! ShipBob.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://api.shipbob.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(crate::connectors::shipbob::test(c, creds)),
    sandbox: crate::sandbox::shipbob::router,
};
