//! `cargo xtask dev | test | build | sizes | bench`: installs the toolchain this project
//! needs (idempotently), builds the SPA and runs the server or the tests.

mod bench;
mod compress;
mod exports;
mod names;
mod postgres;
mod sizes;
mod spa;
mod tools;

use std::env;
use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

const USAGE: &str = "usage: cargo xtask <command>

commands:
  dev [--port N]   install missing tools, build the SPA (release) and the server,
                   then serve both in demo mode on http://127.0.0.1:8080 (or N / $PORT)
  test             install missing tools, then run every test: native, browser
                   component tests, release build, end-to-end in Chromium
  build            release build: the SPA into dist/ (with .br and .gz twins) and
                   the server
  sizes            print the raw, gzip and brotli sizes of dist/ and check budgets
  bench            release build, sizes, and Test Connection latency through the
                   release server against the sandboxes, then the load section
  bench load [sqlite|postgres]
                   the load section alone: release server build, 1,000 connections
                   and 1,000,000 runs seeded, 64 clients (PostgreSQL needs initdb)
  bench channels   the channels section alone: release server build, a Sales Orders
                   run of 1,000 orders next to the same requests sent directly
  bench frontend   the front-end section alone: release build, then cold visits in
                   headless Chromium next to a minimal Leptos counter built alike
";

type Result<T = ()> = std::result::Result<T, String>;

fn main() -> ExitCode {
    let args: Vec<String> = env::args().skip(1).collect();
    let outcome = match args.first().map(String::as_str) {
        Some("dev") => dev(&args[1..]),
        Some("test") => test(),
        Some("build") => tools::ensure_build_tools().and_then(|path| build_release(&path)),
        Some("sizes") => sizes(),
        Some("bench") if args.get(1).map(String::as_str) == Some("load") => {
            bench_load(args.get(2).map(String::as_str))
        }
        Some("bench") if args.get(1).map(String::as_str) == Some("channels") => bench_channels(),
        Some("bench") if args.get(1).map(String::as_str) == Some("frontend") => {
            tools::ensure_build_tools().and_then(|path| bench_frontend(&path))
        }
        Some("bench") => tools::ensure_build_tools().and_then(|path| bench::run(&path)),
        _ => {
            eprint!("{USAGE}");
            return ExitCode::from(2);
        }
    };
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("\nxtask: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Per file of dist/, then per route, each against its budgets.
fn sizes() -> Result {
    let dist = root().join("dist");
    sizes::report(&dist)?;
    step("What a cold visit of each route loads (brotli)");
    sizes::routes(&dist, &root().join(sizes::ROUTE_BUDGETS))
}

/// The workspace root (the folder above xtask/).
pub fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("xtask lives in the workspace")
        .to_path_buf()
}

/// Where cargo puts what it builds: `CARGO_TARGET_DIR` when set (several
/// checkouts can share one), else target/ in the workspace.
pub fn target_dir() -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root().join(dir),
        None => root().join("target"),
    }
}

pub fn step(title: &str) {
    println!("\n==> {title}");
}

/// Runs a command (in the workspace root unless it names another folder),
/// streaming its output.
pub fn run(cmd: &mut Command) -> Result {
    if cmd.get_current_dir().is_none() {
        cmd.current_dir(root());
    }
    let shown = format!("{cmd:?}");
    let started = Instant::now();
    let status = cmd
        .status()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if status.success() {
        println!("    ({:.1} s)", started.elapsed().as_secs_f64());
        Ok(())
    } else {
        Err(format!("{shown} failed ({status})"))
    }
}

fn port(args: &[String]) -> Result<u16> {
    let mut port = env::var("PORT").ok();
    let mut it = args.iter();
    while let Some(arg) = it.next() {
        match arg.as_str() {
            "--port" => port = it.next().cloned(),
            other => return Err(format!("unknown argument {other}\n{USAGE}")),
        }
    }
    match port {
        None => Ok(8080),
        Some(p) => p
            .parse()
            .map_err(|_| format!("--port wants a number, got {p}")),
    }
}

pub fn build_release(path: &tools::ToolPath) -> Result {
    spa::build(path)?;
    step("Writing .br and .gz next to dist/'s text and wasm files");
    compress::dist(&root().join("dist"))?;
    step("Building the server (cargo build --release)");
    run(Command::new("cargo").args(["build", "--release", "-p", "dropstream-server"]))
}

/// The load section of the bench alone, on a fresh release server build.
fn bench_load(only: Option<&str>) -> Result {
    step("Building the server (cargo build --release)");
    run(Command::new("cargo").args(["build", "--release", "-p", "dropstream-server"]))?;
    bench::load::run(&server_bin(), only)
}

/// The channels section of the bench alone, on a fresh release server build.
fn bench_channels() -> Result {
    step("Building the server (cargo build --release)");
    run(Command::new("cargo").args(["build", "--release", "-p", "dropstream-server"]))?;
    bench::channels::run()
}

/// The front-end section of the bench alone, on a fresh release build.
fn bench_frontend(path: &tools::ToolPath) -> Result {
    build_release(path)?;
    bench::frontend_section(path)
}

pub fn server_bin() -> PathBuf {
    target_dir().join("release/dropstream-server")
}

fn dev(args: &[String]) -> Result {
    let port = port(args)?;
    let path = tools::ensure_build_tools()?;
    build_release(&path)?;
    step(&format!("Starting the server in demo mode on port {port}"));
    println!("    Open http://127.0.0.1:{port}/connections/1/settings/store");
    println!("    Help center: http://127.0.0.1:{port}/help/test-connection");
    println!("    The server prints the demo sign-ins below (\"Demo sign-in: email / password\").");
    println!("    Press Ctrl+C to stop. Demo credentials are listed in the README.");
    let status = Command::new(server_bin())
        .current_dir(root())
        .args(["--demo", "--port", &port.to_string()])
        .status()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    succeeded(status, "the server stopped")
}

/// Ok for a zero exit status, else `what` with the status.
fn succeeded(status: std::process::ExitStatus, what: &str) -> Result {
    if status.success() {
        Ok(())
    } else {
        Err(format!("{what} ({status})"))
    }
}

/// The two front-end crates build for wasm32 only (the counter is the
/// bench's reference app).
const NATIVE_EXCLUDES: [&str; 4] = [
    "--exclude",
    "dropstream-desk",
    "--exclude",
    "leptos-counter",
];

fn test() -> Result {
    let started = Instant::now();
    let path = tools::ensure_build_tools()?;
    tools::ensure_browser()?;
    tools::ensure_postgres()?;
    tools::ensure_npm_packages(&root().join("tests/e2e"))?;

    step("Native tests (api, server, xtask) on SQLite");
    run(Command::new("cargo")
        .args(["test", "--workspace"])
        .args(NATIVE_EXCLUDES))?;

    step("The server's store and API tests again, on PostgreSQL");
    let postgres = postgres::Postgres::start()?;
    println!("    a throwaway PostgreSQL at {}", postgres.url(""));
    run(Command::new("cargo")
        .args(["test", "-p", "dropstream-server"])
        .env("DROPSTREAM_TEST_POSTGRES", postgres.url("postgres")))?;
    drop(postgres);

    step("Formatting and lints (rustfmt, clippy for native and wasm32)");
    run(Command::new("cargo").args(["fmt", "--all", "--", "--check"]))?;
    run(Command::new("cargo").args([
        "clippy",
        "--workspace",
        "--exclude",
        "dropstream-desk",
        "--exclude",
        "leptos-counter",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;
    // The help widget's panel, built without the dashboard's split points.
    run(Command::new("cargo").args([
        "clippy",
        "-p",
        "dropstream-desk",
        "--no-default-features",
        "--bin",
        "dropstream-help",
        "--target",
        "wasm32-unknown-unknown",
        "--",
        "-D",
        "warnings",
    ]))?;
    run(Command::new("cargo").args([
        "clippy",
        "-p",
        "dropstream-desk",
        "-p",
        "leptos-counter",
        "--target",
        "wasm32-unknown-unknown",
        "--all-targets",
        "--",
        "-D",
        "warnings",
    ]))?;

    step("Browser component tests (wasm-bindgen-test in headless Chromium)");
    run(path
        .command("cargo")
        .args([
            "test",
            "-p",
            "dropstream-desk",
            "--target",
            "wasm32-unknown-unknown",
        ])
        .env("CHROMEDRIVER", tools::CHROMEDRIVER)
        .env(
            "WASM_BINDGEN_TEST_WEBDRIVER_JSON",
            root().join("webdriver.json"),
        ))?;

    build_release(&path)?;
    step("Release sizes of dist/");
    sizes()?;

    step("End-to-end tests (Playwright in headless Chromium, release build, real server)");
    println!("    Screenshots go to tests/e2e/screenshots/");
    println!(
        "    Everything before this step took {:.0} s",
        started.elapsed().as_secs_f64()
    );
    // The last step: nothing is printed after the runner's summary lines.
    let status = Command::new("node")
        .args(["--test", "--test-concurrency=1", "specs/"])
        .current_dir(root().join("tests/e2e"))
        .env("DROPSTREAM_SERVER_BIN", server_bin())
        .status()
        .map_err(|e| format!("cannot start node: {e}"))?;
    succeeded(status, "end-to-end tests failed")
}
