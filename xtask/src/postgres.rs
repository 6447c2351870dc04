//! A throwaway PostgreSQL server for the bench and the tests: its own data
//! folder in the temp directory, listening on 127.0.0.1 only (and a unix
//! socket in that folder), stopped and deleted on drop.
//!
//! `fsync` keeps its default (on): what is measured against it is what a
//! durable install pays. As root, initdb refuses to run, so the cluster is
//! made and run by the `postgres` system user (`runuser`).

use crate::Result;
use std::net::TcpListener;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::atomic::{AtomicUsize, Ordering};

/// The superuser the cluster is made with; trusted on loopback only.
const SUPERUSER: &str = "postgres";

pub struct Postgres {
    bin: PathBuf,
    dir: PathBuf,
    port: u16,
    /// Run the server's tools as this system user (when we are root).
    run_as: Option<&'static str>,
}

impl Postgres {
    /// initdb's a new cluster and starts it on a free loopback port.
    pub fn start() -> Result<Postgres> {
        static STARTED: AtomicUsize = AtomicUsize::new(0);
        let bin = find_bin()?;
        let dir = std::env::temp_dir().join(format!(
            "dropstream-pg-{}-{}",
            std::process::id(),
            STARTED.fetch_add(1, Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        let root = std::fs::metadata("/proc/self").is_ok_and(|m| m.uid() == 0);
        let mut pg = Postgres {
            bin,
            dir,
            port: 0,
            run_as: root.then_some("postgres"),
        };
        if let Some(user) = pg.run_as {
            let dir = pg.dir.display().to_string();
            checked(Command::new("chown").args([&format!("{user}:{user}"), &dir]))?;
        }
        let data = pg.data().display().to_string();
        pg.tool(
            "initdb",
            &[
                "-D",
                &data,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-locale",
                // Only initdb's own syncing: the server still fsyncs.
                "--no-sync",
            ],
        )?;
        pg.port = free_port()?;
        let options = format!(
            "-c listen_addresses=127.0.0.1 -p {} -k {} -c fsync=on -c max_connections=200",
            pg.port,
            pg.dir.display()
        );
        let log = pg.dir.join("server.log").display().to_string();
        if let Err(e) = pg.tool(
            "pg_ctl",
            &["-D", &data, "-l", &log, "-w", "-o", &options, "start"],
        ) {
            let tail = std::fs::read_to_string(&log).unwrap_or_default();
            return Err(format!("{e}\n{tail}"));
        }
        Ok(pg)
    }

    /// The URL of database `db` on this server.
    pub fn url(&self, db: &str) -> String {
        format!("postgres://{SUPERUSER}@127.0.0.1:{}/{db}", self.port)
    }

    pub fn create_database(&self, name: &str) -> Result {
        let port = self.port.to_string();
        self.tool(
            "createdb",
            &["-h", "127.0.0.1", "-p", &port, "-U", SUPERUSER, name],
        )
        .map(drop)
    }

    fn data(&self) -> PathBuf {
        self.dir.join("data")
    }

    /// Runs one of the server's tools (as the postgres user when root).
    fn tool(&self, name: &str, args: &[&str]) -> Result<Output> {
        let exe = self.bin.join(name);
        let mut cmd = match self.run_as {
            Some(user) => {
                let mut c = Command::new("runuser");
                c.args(["-u", user, "--"]).arg(&exe);
                c
            }
            None => Command::new(&exe),
        };
        // The tools must not start in a folder the postgres user cannot read.
        checked(cmd.args(args).current_dir(&self.dir))
    }
}

impl Drop for Postgres {
    fn drop(&mut self) {
        if self.port != 0 {
            let data = self.data().display().to_string();
            let _ = self.tool("pg_ctl", &["-D", &data, "-m", "immediate", "-w", "stop"]);
        }
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// The folder of initdb and pg_ctl: on PATH, or the newest
/// /usr/lib/postgresql/*/bin.
fn find_bin() -> Result<PathBuf> {
    let has_tools = |dir: &Path| dir.join("initdb").is_file() && dir.join("pg_ctl").is_file();
    let on_path = std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).collect::<Vec<_>>())
        .unwrap_or_default();
    if let Some(dir) = on_path.into_iter().find(|d| has_tools(d)) {
        // A symlink (/usr/local/bin/initdb) stands for the real folder,
        // where the `postgres` executable sits too.
        let real = std::fs::canonicalize(dir.join("initdb")).map_err(|e| e.to_string())?;
        return Ok(real.parent().map(Path::to_path_buf).unwrap_or(dir));
    }
    let mut installed: Vec<(u32, PathBuf)> = std::fs::read_dir("/usr/lib/postgresql")
        .into_iter()
        .flatten()
        .flatten()
        .filter_map(|e| {
            let version = e.file_name().to_str()?.parse().ok()?;
            Some((version, e.path().join("bin")))
        })
        .filter(|(_, bin)| has_tools(bin))
        .collect();
    installed.sort();
    installed.pop().map(|(_, bin)| bin).ok_or_else(|| {
        "PostgreSQL is not installed (no initdb / pg_ctl on PATH or under /usr/lib/postgresql/*/bin): apt-get install postgresql"
            .to_string()
    })
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").map_err(|e| e.to_string())?;
    Ok(listener.local_addr().map_err(|e| e.to_string())?.port())
}

/// Runs `cmd` to completion; its output in the error when it fails.
fn checked(cmd: &mut Command) -> Result<Output> {
    let shown = format!("{cmd:?}");
    let out = cmd
        .output()
        .map_err(|e| format!("cannot start {shown}: {e}"))?;
    if out.status.success() {
        Ok(out)
    } else {
        Err(format!(
            "{shown} failed ({}):\n{}{}",
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Needs PostgreSQL installed: `cargo test -p xtask -- --ignored`.
    #[test]
    #[ignore]
    fn starts_creates_a_database_and_cleans_up() {
        let pg = Postgres::start().unwrap();
        pg.create_database("xtask_check").unwrap();
        assert!(pg.url("xtask_check").ends_with("/xtask_check"));
        std::net::TcpStream::connect(("127.0.0.1", pg.port)).unwrap();
        let dir = pg.dir.clone();
        drop(pg);
        assert!(!dir.exists());
    }
}
