//! Magento.

mod connector;
mod sandbox;

use super::Home;

pub(super) const HOME: Home = Home {
    production: "{site}",
    sandbox_tail: "/{host}",
    test: |c, creds| Box::pin(connector::test(c, creds)),
    sandbox: sandbox::router,
};
