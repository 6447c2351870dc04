//! ShipHero.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://public-api.shiphero.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(crate::connectors::shiphero::test(c, creds)),
    sandbox: crate::sandbox::shiphero::router,
};
