//! ShipStation.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://ssapi.shipstation.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(crate::connectors::shipstation::test(c, creds)),
    sandbox: crate::sandbox::shipstation::router,
};
