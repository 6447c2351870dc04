//! Shopify.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://{shop}",
    sandbox_tail: "/{shop}",
    test: |c, creds| Box::pin(crate::connectors::shopify::test(c, creds)),
    sandbox: crate::sandbox::shopify::router,
};
