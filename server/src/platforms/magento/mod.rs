//! Magento.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "{site}",
    sandbox_tail: "/{host}",
    test: |c, creds| Box::pin(crate::connectors::magento::test(c, creds)),
    sandbox: crate::sandbox::magento::router,
};
