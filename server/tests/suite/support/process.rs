//! The server binary as its own process, on a test's scratch database.

use super::Scratch;
use std::ffi::OsStr;
use std::io::{BufRead, BufReader, Read};
use std::os::unix::process::ExitStatusExt;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// The key-encryption key every server process of a test shares.
pub const KEK_HEX: &str = "4f1c2a7d9e3b5a6c8d0e1f2a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e";

pub struct ServerProcess {
    child: Child,
    pub base: String,
    /// stderr, read as it comes: an unread pipe would fill up and block the
    /// server's logging, and with it the requests.
    log: Option<std::thread::JoinHandle<String>>,
}

// A failed assertion must not leave the server running.
impl Drop for ServerProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl ServerProcess {
    /// `dropstream-server` on a free port with the scratch directory and
    /// database, no SPA, and `extra` options; returns once it listens.
    pub fn start(scratch: &Scratch, extra: &[impl AsRef<OsStr>]) -> ServerProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_dropstream-server"))
            .args(["--port", "0"])
            .args(scratch.args())
            .arg("--dist")
            .arg(scratch.path().join("no-spa"))
            .args(extra)
            .env("DROPSTREAM_KEK", KEK_HEX)
            .env("RUST_LOG", "debug")
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let stdout = child.stdout.take().unwrap();
        let mut stderr = child.stderr.take().unwrap();
        let log = std::thread::spawn(move || {
            let mut log = String::new();
            let _ = stderr.read_to_string(&mut log);
            log
        });
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on ").nth(1) {
                    let _ = tx.send(url.trim_end_matches('/').to_string());
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server printed its address");
        ServerProcess {
            child,
            base,
            log: Some(log),
        }
    }

    /// SIGKILL, and the server's log (stderr) up to that moment.
    pub fn kill(mut self) -> String {
        self.child.kill().unwrap();
        let status = self.child.wait().unwrap();
        assert_eq!(status.signal(), Some(9), "{status:?}");
        self.log.take().unwrap().join().unwrap()
    }
}
