//! WooCommerce.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "{site}",
    sandbox_tail: "/{host}",
    test: |c, creds| Box::pin(crate::connectors::woocommerce::test(c, creds)),
    sandbox: crate::sandbox::woocommerce::router,
};
