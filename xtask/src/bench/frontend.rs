//! The front-end section of `cargo xtask bench`: what a person waits for in
//! headless Chromium against the release server. A minimal Leptos counter,
//! built here as the desk is (its release profile, its own std), is
//! measured in the same run as the reference, so the figures read as ratios
//! on any machine.

use crate::tools::ToolPath;
use crate::{compress, root, run, server_bin, step, Result};
use std::process::Command;

pub fn run_section(path: &ToolPath) -> Result {
    step("Building the reference Leptos counter (xtask/counter, spa-release)");
    let dist = root().join("target/counter-dist");
    let mut trunk = path.command("trunk");
    trunk
        .args(["build", "--release", "--offline", "--dist"])
        .arg(&dist)
        .current_dir(root().join("xtask/counter"));
    run(crate::spa::with_own_std(&mut trunk, ""))?;
    compress::dist(&dist)?;

    crate::tools::ensure_browser()?;
    crate::tools::ensure_npm_packages(&root().join("tests/e2e"))?;
    step("Front end in headless Chromium (release server, cold cache)");
    run(Command::new("node")
        .arg("bench/frontend.mjs")
        .current_dir(root().join("tests/e2e"))
        .env("DROPSTREAM_SERVER_BIN", server_bin())
        .env("COUNTER_DIST", &dist))
}
