//! Extensiv.

use super::Home;

pub(super) const HOME: Home = Home {
    production: "https://secure-wms.com",
    sandbox_tail: "",
    test: |c, creds| Box::pin(crate::connectors::extensiv::test(c, creds)),
    sandbox: crate::sandbox::extensiv::router,
};
