//! `cargo xtask bench`: release sizes, and Test Connection latency through
//! the real release server against the loopback sandboxes.
//!
//! Latency here is our overhead (HTTP in, validation, decryption, the
//! outgoing request, classification), not a platform's: the sandboxes answer
//! at once. Each request opens a fresh TCP connection, as a browser tab's
//! first test does.
//!
//! The load section (`load.rs`) measures many clients at once on a large
//! database instead; `cargo xtask bench load` runs it alone. The channels
//! section (`channels.rs`) times a Sales Orders run of 1,000 orders.

pub mod channels;
mod edge;
mod frontend;
pub mod load;

pub use frontend::run_section as frontend_section;

use crate::{root, server_bin, sizes, step, Result};
use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

const RUNS: usize = 300;

struct Server(Child);

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.0.kill();
        let _ = self.0.wait();
    }
}

pub fn run(path: &crate::tools::ToolPath) -> Result {
    // Another server binary (an older build, for before/after figures):
    // only the edge measures, against that binary.
    if let Ok(bin) = std::env::var("DROPSTREAM_BENCH_SERVER") {
        return edge::run(std::path::Path::new(&bin));
    }
    crate::build_release(path)?;
    step("Release sizes of dist/");
    sizes::report(&root().join("dist"))?;

    step("Starting the release server in demo mode");
    let data = DataDir::new("latency")?;
    // The default limit (30 tests a minute) would stop the runs below.
    let (server, stdout) = spawn_demo(
        &server_bin(),
        [
            "--tests-per-minute".as_ref(),
            "1000000".as_ref(),
            "--data-dir".as_ref(),
            data.0.as_os_str(),
        ],
    )?;
    let addr = listening_address(stdout)?;

    // Connections need a session, and state-changing requests carry the
    // CSRF token, as the SPA sends them.
    let auth = sign_in(&addr)?;

    step(&format!(
        "Latency over {RUNS} sequential requests each (fresh connection per request)"
    ));
    println!(
        "    {:<44} {:>9} {:>9} {:>9}",
        "request", "p50 ms", "p95 ms", "max ms"
    );
    let cases: [(&str, &str, Option<&str>); 5] = [
        (
            "GET  /api/connections/1 (decrypts secrets)",
            "/api/connections/1",
            None,
        ),
        (
            "POST store test, Shopify success",
            "/api/connections/1/store/test",
            Some(
                r#"{"platform":"shopify","fields":{"shop_domain":"demo-outfitters.myshopify.com","access_token":""}}"#,
            ),
        ),
        (
            "POST store test, WooCommerce success",
            "/api/connections/3/store/test",
            Some(
                r#"{"platform":"woocommerce","fields":{"site_url":"https://shop.demo-outfitters.example","consumer_key":"","consumer_secret":""}}"#,
            ),
        ),
        (
            "POST warehouse test, ShipBob success",
            "/api/connections/1/warehouse/test",
            Some(r#"{"platform":"shipbob","fields":{"access_token":""}}"#),
        ),
        (
            "POST store test, invalid input (no request)",
            "/api/connections/1/store/test",
            Some(
                r#"{"platform":"shopify","fields":{"shop_domain":"not a shop","access_token":""}}"#,
            ),
        ),
    ];
    for (name, path, body) in cases {
        let mut times = Vec::with_capacity(RUNS);
        for _ in 0..RUNS {
            let started = Instant::now();
            let status = request(&addr, path, body, &auth)?;
            times.push(started.elapsed());
            if status != 200 {
                return Err(format!("{name}: HTTP {status}"));
            }
        }
        times.sort();
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        println!(
            "    {name:<44} {:>9.2} {:>9.2} {:>9.2}",
            ms(times[RUNS / 2]),
            ms(times[RUNS * 95 / 100]),
            ms(times[RUNS - 1])
        );
    }
    drop(server);
    drop(data);
    edge::run(&server_bin())?;
    channels::run()?;
    frontend::run_section(path)?;
    // Last: the PostgreSQL half needs initdb, which a machine may lack.
    load::run(&server_bin(), None)
}

/// A fresh data folder for one server, removed on drop.
struct DataDir(std::path::PathBuf);

impl DataDir {
    fn new(label: &str) -> Result<DataDir> {
        static MADE: std::sync::atomic::AtomicUsize = std::sync::atomic::AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "dropstream-bench-{label}-{}-{}",
            std::process::id(),
            MADE.fetch_add(1, std::sync::atomic::Ordering::Relaxed)
        ));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).map_err(|e| format!("{}: {e}", dir.display()))?;
        Ok(DataDir(dir))
    }
}

impl Drop for DataDir {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The server binary in demo mode on a free port with `args`, its log
/// silenced and its stdout (where it prints its addresses) piped.
fn spawn_demo<'a>(
    bin: &std::path::Path,
    args: impl IntoIterator<Item = &'a std::ffi::OsStr>,
) -> Result<(Server, std::process::ChildStdout)> {
    let mut child = Command::new(bin)
        .args(["--demo", "--port", "0"])
        .args(args)
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .env("RUST_LOG", "error")
        .spawn()
        .map_err(|e| format!("cannot start the server: {e}"))?;
    let stdout = child.stdout.take().expect("piped");
    Ok((Server(child), stdout))
}

/// The address the server prints once it listens.
fn listening_address(stdout: std::process::ChildStdout) -> Result<String> {
    printed_addresses(stdout).map(|(listening, _)| listening)
}

/// What the server prints at start: the address it listens on, and in
/// demo mode the sandboxes' address, printed before it.
fn printed_addresses(stdout: std::process::ChildStdout) -> Result<(String, Option<String>)> {
    let mut sandbox = None;
    for line in BufReader::new(stdout).lines().map_while(|l| l.ok()) {
        let after = |marker: &str| {
            line.split(marker)
                .nth(1)
                .map(|a| a.trim_end_matches('/').to_string())
        };
        if let Some(a) = after("Platform sandboxes at http://") {
            sandbox = Some(a);
        } else if let Some(a) = after("listening on http://") {
            return Ok((a, sandbox));
        }
    }
    Err("the server did not print its address".into())
}

/// The session of the demo admin, as the cookies and CSRF token a signed-in
/// browser sends.
#[derive(Clone)]
struct Auth {
    cookie: String,
    csrf: String,
}

/// Signs in as the demo admin (demo mode prints the same sign-in).
fn sign_in(addr: &str) -> Result<Auth> {
    let answer = exchange(
        addr,
        &format!("GET /api/session HTTP/1.1\r\nHost: {addr}\r\nConnection: close\r\n\r\n"),
    )?;
    let csrf = set_cookie(&answer, "ds_csrf")?;
    let body = r#"{"email":"ada@demo.dropstream.test","password":"demo-password-ada"}"#;
    let answer = exchange(
        addr,
        &format!(
            "POST /api/session HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nCookie: ds_csrf={csrf}\r\nX-CSRF-Token: {csrf}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        ),
    )?;
    let session = set_cookie(&answer, "ds_session")?;
    let csrf = set_cookie(&answer, "ds_csrf")?;
    Ok(Auth {
        cookie: format!("ds_session={session}; ds_csrf={csrf}"),
        csrf,
    })
}

/// The value of cookie `name` that an answer sets.
fn set_cookie(answer: &str, name: &str) -> Result<String> {
    answer
        .lines()
        .take_while(|l| !l.is_empty())
        .filter_map(|l| l.split_once(':'))
        .filter(|(header, _)| header.eq_ignore_ascii_case("set-cookie"))
        .find_map(|(_, v)| {
            v.trim()
                .strip_prefix(&format!("{name}="))
                .map(str::to_string)
        })
        .and_then(|v| v.split(';').next().map(str::to_string))
        .ok_or_else(|| format!("the server set no {name} cookie: {answer:.200}"))
}

/// A POST with a body, else a GET, on a fresh connection; the status code.
fn request(addr: &str, path: &str, body: Option<&str>, auth: &Auth) -> Result<u16> {
    let method = if body.is_some() { "POST" } else { "GET" };
    call(addr, method, path, body, auth).map(|(status, _)| status)
}

/// One request with the session on a fresh connection; the status and the
/// body.
fn call(
    addr: &str,
    method: &str,
    path: &str,
    body: Option<&str>,
    auth: &Auth,
) -> Result<(u16, String)> {
    let Auth { cookie, csrf } = auth;
    let body = body.unwrap_or("");
    let head = format!(
        "{method} {path} HTTP/1.1\r\nHost: {addr}\r\nContent-Type: application/json\r\nCookie: {cookie}\r\nX-CSRF-Token: {csrf}\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
        body.len()
    );
    let answer = exchange(addr, &head)?;
    let status = status_of(&answer)?;
    let body = answer
        .split_once("\r\n\r\n")
        .map(|(_, b)| b.to_string())
        .unwrap_or_default();
    Ok((status, body))
}

/// The status code of a raw HTTP answer.
fn status_of(answer: &str) -> Result<u16> {
    answer
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .ok_or_else(|| format!("not an HTTP answer: {answer:.80}"))
}

fn expect_status(answer: &str, want: u16) -> Result {
    let status = status_of(answer)?;
    if status == want {
        Ok(())
    } else {
        Err(format!("answered {status}, not {want}: {answer:.200}"))
    }
}

/// A top-level number of a JSON object, as text.
fn json_field(body: &str, name: &str) -> Result<String> {
    let value: serde_json::Value =
        serde_json::from_str(body).map_err(|e| format!("not JSON ({e}): {body:.200}"))?;
    value
        .get(name)
        .and_then(serde_json::Value::as_i64)
        .map(|n| n.to_string())
        .ok_or_else(|| format!("no {name} in {body:.200}"))
}

/// Writes `request` on a fresh connection and reads the whole answer.
fn exchange(addr: &str, request: &str) -> Result<String> {
    let mut stream = TcpStream::connect(addr).map_err(|e| format!("connect {addr}: {e}"))?;
    stream
        .write_all(request.as_bytes())
        .map_err(|e| e.to_string())?;
    let mut answer = String::new();
    stream
        .read_to_string(&mut answer)
        .map_err(|e| e.to_string())?;
    Ok(answer)
}
