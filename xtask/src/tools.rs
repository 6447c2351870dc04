//! Installs what the build and the tests need, skipping whatever is already
//! there at the right version. Nothing is downloaded outside the package
//! registries (crates.io, npm, Debian).

use crate::{root, run, step, Result};
use std::env;
use std::ffi::OsString;
use std::path::{Path, PathBuf};
use std::process::Command;

pub const TRUNK_VERSION: &str = "0.21.14";
pub const CHROMIUM: &str = "/usr/bin/chromium";
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A PATH with the project's own tool folders first (npm's binaryen and
/// terser).
pub struct ToolPath(OsString);

impl ToolPath {
    pub fn command(&self, program: &str) -> Command {
        let mut cmd = Command::new(program);
        cmd.env("PATH", &self.0);
        cmd
    }
}

fn output(program: &str, args: &[&str]) -> Option<String> {
    let out = Command::new(program).args(args).output().ok()?;
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_string())
}

/// The wasm-bindgen version Cargo.lock pins; the CLI must match it exactly.
fn locked_wasm_bindgen() -> Result<String> {
    let lock = std::fs::read_to_string(root().join("Cargo.lock"))
        .map_err(|e| format!("cannot read Cargo.lock: {e}"))?;
    let mut lines = lock.lines();
    while let Some(line) = lines.next() {
        if line == "name = \"wasm-bindgen\"" {
            if let Some(v) = lines.next().and_then(|l| l.strip_prefix("version = \"")) {
                return Ok(v.trim_end_matches('"').to_string());
            }
        }
    }
    Err("Cargo.lock has no wasm-bindgen entry".into())
}

/// wasm32 target, rust-src, trunk, wasm-bindgen-cli, and wasm-opt
/// (binaryen) and terser from npm.
pub fn ensure_build_tools() -> Result<ToolPath> {
    step("Checking build tools");
    ensure_rustup("target", "wasm32-unknown-unknown")?;
    // The SPA's release build compiles std from source (spa::with_own_std).
    ensure_rustup("component", "rust-src")?;

    let trunk = output("trunk", &["--version"]).unwrap_or_default();
    if trunk == format!("trunk {TRUNK_VERSION}") {
        println!("    trunk {TRUNK_VERSION}: installed");
    } else {
        println!("    installing trunk {TRUNK_VERSION} (about 10 minutes on 2 cores)…");
        run(Command::new("cargo").args([
            "install",
            "trunk",
            "--locked",
            "--version",
            TRUNK_VERSION,
        ]))?;
    }

    let wanted = locked_wasm_bindgen()?;
    let have = output("wasm-bindgen", &["--version"]).unwrap_or_default();
    if have == format!("wasm-bindgen {wanted}") {
        println!("    wasm-bindgen-cli {wanted}: installed");
    } else {
        // Without --locked: the CLI's own lock file names a crate version the
        // registry mirror lacks.
        println!("    installing wasm-bindgen-cli {wanted} (about 4 minutes)…");
        run(Command::new("cargo").args(["install", "wasm-bindgen-cli", "--version", &wanted]))?;
    }

    let xtask_dir = root().join("xtask");
    ensure_npm_packages(&xtask_dir)?;
    let bin = xtask_dir.join("node_modules/.bin");
    let path = prepend_path(&bin)?;
    let version = Command::new(bin.join("wasm-opt")).arg("--version").output();
    match version {
        Ok(out) if String::from_utf8_lossy(&out.stdout).contains("version 132") => {
            println!("    wasm-opt 132 (npm binaryen): installed");
        }
        _ => return Err("wasm-opt from npm's binaryen@132 is missing after npm ci".into()),
    }
    Ok(ToolPath(path))
}

/// Adds rustup's `kind` (`target` or `component`) `name` to the toolchain
/// unless `rustup <kind> list --installed` names it already.
fn ensure_rustup(kind: &str, name: &str) -> Result {
    let installed = output("rustup", &[kind, "list", "--installed"]).unwrap_or_default();
    if installed.lines().any(|l| l == name) {
        println!("    {name} {kind}: installed");
        return Ok(());
    }
    println!("    installing the {name} {kind}…");
    run(Command::new("rustup").args([kind, "add", name]))
}

fn prepend_path(dir: &Path) -> Result<OsString> {
    let mut dirs = vec![dir.to_path_buf()];
    dirs.extend(env::split_paths(&env::var_os("PATH").unwrap_or_default()));
    env::join_paths(dirs).map_err(|e| e.to_string())
}

/// `npm ci` when node_modules is missing or older than the lock file.
pub fn ensure_npm_packages(dir: &Path) -> Result {
    let lock = dir.join("package-lock.json");
    let marker = dir.join("node_modules/.package-lock.json");
    let modified = |p: &PathBuf| std::fs::metadata(p).and_then(|m| m.modified()).ok();
    let fresh = matches!((modified(&marker), modified(&lock)), (Some(m), Some(l)) if m >= l);
    let name = dir
        .strip_prefix(root())
        .unwrap_or(dir)
        .display()
        .to_string();
    if fresh {
        println!("    npm packages in {name}: installed");
        return Ok(());
    }
    println!("    npm ci in {name}…");
    run(Command::new("npm")
        .args(["ci", "--no-audit", "--no-fund"])
        .current_dir(dir))
}

/// Debian's Chromium and ChromeDriver.
pub fn ensure_browser() -> Result {
    if Path::new(CHROMIUM).exists() && Path::new(CHROMEDRIVER).exists() {
        println!("    chromium and chromedriver: installed");
        return Ok(());
    }
    println!("    installing chromium and chromium-driver from Debian…");
    apt_install(&["chromium", "chromium-driver"])
}

/// PostgreSQL's server programs (initdb, pg_ctl), for the test suite's
/// second run and the load bench: Debian's `postgresql` when missing.
pub fn ensure_postgres() -> Result {
    let installed = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .any(|version| version.path().join("bin/initdb").is_file());
    if installed {
        println!("    postgresql: installed");
        return Ok(());
    }
    println!("    installing postgresql from Debian…");
    apt_install(&["postgresql"])
}

/// `apt-get install -y` (through sudo when not root and sudo needs no
/// password), after refreshing the package lists.
fn apt_install(packages: &[&str]) -> Result {
    let sudo = !is_root() && output("sudo", &["-n", "true"]).is_some();
    let apt = |args: &[&str]| {
        let mut cmd = if sudo {
            Command::new("sudo")
        } else {
            Command::new("apt-get")
        };
        if sudo {
            cmd.arg("apt-get");
        }
        cmd.args(args).env("DEBIAN_FRONTEND", "noninteractive");
        cmd
    };
    run(&mut apt(&["update"]))?;
    let mut install = apt(&["install", "-y"]);
    run(install.args(packages))
}

fn is_root() -> bool {
    output("id", &["-u"]).as_deref() == Some("0")
}
