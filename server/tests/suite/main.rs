//! The server's integration tests, one binary: a real server on loopback
//! (or the binary as its own process), its database (SQLite in a temporary
//! folder, or a fresh PostgreSQL database with `DROPSTREAM_TEST_POSTGRES`),
//! and the platform sandboxes. One module per area; `support` is shared.
//!
//! Run one area with `cargo test -p dropstream-server --test suite <module>::`.
//! `secret_scan` is a binary of its own: it captures the process's logs.

mod support;

mod access;
mod auth;
mod bounded_lists;
mod channels;
mod channels_bigcommerce_extensiv;
mod channels_demo;
mod channels_magento;
mod channels_shipstation;
mod channels_stores;
mod channels_warehouses;
mod channels_woocommerce_shiphero;
mod comments;
mod connections_api;
mod csrf;
mod delivery;
mod edge;
mod egress_api;
mod help;
mod history_api;
mod kek_rotation;
mod load_seed;
mod platform_input;
mod platform_network;
mod platform_tables;
mod saves_and_history;
mod shared_database;
mod sigkill;
mod store;
mod test_connection;
mod widget;
