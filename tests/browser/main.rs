//! The SPA's component tests in a real browser (wasm-bindgen-test in
//! headless Chromium), built as one test binary: each test file would
//! otherwise link its own copy of the app, six large wasm modules where
//! one does.

#![cfg(target_arch = "wasm32")]

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

mod support;

mod channels_ui;
mod help_ui;
mod list_filter;
mod platform_forms;
mod routes;
mod save_ui;
mod tasks;
mod test_connection_ui;
