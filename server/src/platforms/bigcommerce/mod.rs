//! BigCommerce.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://api.bigcommerce.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(crate::connectors::bigcommerce::test(c, creds)),
    sandbox: crate::sandbox::bigcommerce::router,
};
