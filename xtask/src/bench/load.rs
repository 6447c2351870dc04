//! The load section: throughput and latency of the desk's reads
//! and of Test Connection with a large database, for SQLite and for
//! PostgreSQL, next to the sandbox answered directly in the same run.
//!
//! Bounded and on loopback only: a fresh release server in demo mode on a
//! seeded database (`seed-load`: 1,000 connections, 1,000,000 runs), our
//! own load generator on threads, HTTP/1.1 keep-alive, each case a fixed
//! time with a cap on requests. Every answer that is not a 200 (or a 200
//! without what it should say) is counted and shown.

use super::{sign_in, Auth, DataDir};
use crate::postgres::Postgres;
use crate::{step, Result};
use std::collections::BTreeMap;
use std::io::{self, BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const CONNECTIONS: u32 = 1_000;
const RUNS: u64 = 1_000_000;
const CLIENTS: usize = 64;
const ROUNDS: usize = 3;
const CASE_TIME: Duration = Duration::from_secs(4);
/// However fast the answers, one client sends no more than this per case.
const MAX_PER_CLIENT: usize = 50_000;
/// Store platforms of seeded connection `n` go round these five
/// (`load_platforms` in the server): every fifth is a Shopify store.
const STORE_PLATFORMS: u32 = 5;

/// The Shopify sandbox as the connector calls it (shop, then scopes).
const SHOPIFY_SHOP: &str = "demo-outfitters.myshopify.com";
const SHOPIFY_TOKEN: &str = "shpat_sandbox_demo_outfitters_0001";
const SHOPIFY_TEST: &str = r#"{"platform":"shopify","fields":{"shop_domain":"demo-outfitters.myshopify.com","access_token":""}}"#;

/// `cargo xtask bench load [sqlite|postgres]`: one backend or both.
pub fn run(bin: &Path, only: Option<&str>) -> Result {
    match only {
        None => {
            backend(bin, "SQLite", None)?;
            postgres(bin)
        }
        Some("sqlite") => backend(bin, "SQLite", None),
        Some("postgres") => postgres(bin),
        Some(other) => Err(format!("bench load takes sqlite or postgres, not {other}")),
    }
}

fn postgres(bin: &Path) -> Result {
    let help = Command::new(bin)
        .arg("--help")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    if !String::from_utf8_lossy(&help.stdout).contains("--database-url") {
        step("Load, PostgreSQL: skipped");
        println!(
            "    This server has no --database-url option (the store cannot use PostgreSQL yet)."
        );
        return Ok(());
    }
    let pg = Postgres::start()?;
    pg.create_database("dropstream_load")?;
    backend(bin, "PostgreSQL", Some(&pg.url("dropstream_load")))
}

/// Seeds, starts the server, measures every case, reports.
fn backend(bin: &Path, name: &str, database_url: Option<&str>) -> Result {
    step(&format!(
        "Load, {name}: seeding {CONNECTIONS} connections and {RUNS} test runs"
    ));
    let data = DataDir::new(&format!("load-{}", name.to_lowercase()))?;
    let mut db_args: Vec<String> = vec!["--data-dir".into(), data.0.display().to_string()];
    if let Some(url) = database_url {
        db_args.extend(["--database-url".into(), url.into()]);
    }
    let seeded = Command::new(bin)
        .args(&db_args)
        .args(["seed-load", "--connections", &CONNECTIONS.to_string()])
        .args(["--runs", &RUNS.to_string()])
        .env("RUST_LOG", "warn")
        .output()
        .map_err(|e| format!("cannot run seed-load: {e}"))?;
    let said = String::from_utf8_lossy(&seeded.stdout);
    if !seeded.status.success() {
        return Err(format!(
            "seed-load failed: {said}{}",
            String::from_utf8_lossy(&seeded.stderr)
        ));
    }
    println!("    {}", said.trim());
    let first_id: u32 = said
        .split("connections ")
        .nth(1)
        .and_then(|rest| rest.split("..").next())
        .and_then(|id| id.parse().ok())
        .ok_or_else(|| format!("seed-load did not name its connections: {said}"))?;

    let no_dist = data.0.join("no-dist");
    // Above the clients, so no test is refused for want of a slot.
    let limits = [
        "--tests-per-minute",
        "1000000",
        "--max-concurrent-tests",
        "256",
    ];
    let options = limits
        .iter()
        .map(|a| a.as_ref())
        .chain(db_args.iter().map(|a| a.as_ref()))
        .chain(["--dist".as_ref(), no_dist.as_os_str()]);
    let (server, stdout) = super::spawn_demo(bin, options)?;
    let (addr, sandbox) = addresses(stdout)?;
    let auth = sign_in(&addr)?;
    // Retention's first pass runs at start; let it finish before measuring.
    std::thread::sleep(Duration::from_secs(3));
    let pid = server.0.id();
    let before = memory(pid)?;

    // The Shopify stores among the seeded connections, one per client.
    let shops: Vec<u32> = (0..CLIENTS as u32)
        .map(|n| first_id + n * STORE_PLATFORMS)
        .collect();
    let list = |_: u32| vec![get(&addr, "/api/connections", &auth)];
    let detail = |id: u32| vec![get(&addr, &format!("/api/connections/{id}"), &auth)];
    let history = |id: u32| {
        let path = format!("/api/connections/{id}/store/history");
        vec![get(&addr, &path, &auth)]
    };
    let test = |id: u32| {
        let path = format!("/api/connections/{id}/store/test");
        vec![post(&addr, &path, SHOPIFY_TEST, &auth)]
    };
    let direct = |_: u32| {
        vec![
            sandbox_get(&sandbox, "admin/api/2026-07/shop.json"),
            sandbox_get(&sandbox, "admin/oauth/access_scopes.json"),
        ]
    };
    // Each case at 64 clients (each with its own connection) and at 1.
    let both = |name: &'static str, to: &str, make: &dyn Fn(u32) -> Vec<Vec<u8>>, expect| {
        [CLIENTS, 1].map(|clients| Case {
            name,
            addr: to.to_string(),
            clients: shops[..clients].iter().map(|id| make(*id)).collect(),
            expect,
        })
    };
    let cases: Vec<Case> = [
        both("GET /api/connections (first page)", &addr, &list, "\"id\":"),
        both(
            "GET /api/connections/{id} (detail)",
            &addr,
            &detail,
            "\"store\":",
        ),
        both("GET …/{id}/store/history", &addr, &history, "\"ran_by\":"),
        both(
            "POST …/{id}/store/test, Shopify",
            &addr,
            &test,
            "\"ok\":true",
        ),
        both(
            "Shopify sandbox directly (shop + scopes)",
            &sandbox,
            &direct,
            "",
        ),
    ]
    .into_iter()
    .flatten()
    .collect();

    println!(
        "    {ROUNDS} rounds of {} s per case; server RSS before {:.1} MB",
        CASE_TIME.as_secs(),
        before.rss_mb
    );
    println!(
        "    {:<42} {:>7} {:>8} {:>24} {:>8}  not as expected",
        "case", "clients", "rps", "p50 ms min/med/max", "p99 ms"
    );
    let mut measured = Vec::new();
    for case in &cases {
        let rounds: Vec<Tally> = (0..ROUNDS).map(|_| case.drive()).collect();
        let summary = Summary::of(&rounds);
        println!(
            "    {:<42} {:>7} {:>8.0} {:>24} {:>8.2}  {}",
            case.name,
            case.clients.len(),
            summary.rps,
            format!(
                "{:.2} / {:.2} / {:.2}",
                summary.p50[0], summary.p50[1], summary.p50[2]
            ),
            summary.p99,
            summary.problems
        );
        measured.push(summary);
    }
    let after = memory(pid)?;
    drop(server);

    // In the order of `cases`: list, detail, history, test, sandbox; each
    // at 64 clients, then at 1.
    let (test, direct) = (&measured[6..8], &measured[8..10]);
    for (at, (test, direct)) in ["64 clients", "1 client"]
        .iter()
        .zip(test.iter().zip(direct))
    {
        println!(
            "    Test Connection ÷ sandbox directly, {at:<10}: p50 {:.1}×, p99 {:.1}×; the sandbox answers {:.1}× the rps",
            test.p50[1] / direct.p50[1],
            test.p99 / direct.p99,
            direct.rps / test.rps
        );
    }
    let reads_at_one = [&measured[1], &measured[3], &measured[5]];
    println!(
        "    List, detail, history at 1 client, median p50: {:.2} / {:.2} / {:.2} ms (target under 10 ms: {})",
        reads_at_one[0].p50[1],
        reads_at_one[1].p50[1],
        reads_at_one[2].p50[1],
        if reads_at_one.iter().all(|s| s.p50[1] < 10.0) { "met" } else { "NOT met" }
    );
    println!(
        "    Server RSS: {:.1} MB before, {:.1} MB after (peak {:.1} MB)",
        before.rss_mb, after.rss_mb, after.peak_mb
    );
    Ok(())
}

/// The server's and the sandboxes' addresses, as the server prints them.
fn addresses(stdout: std::process::ChildStdout) -> Result<(String, String)> {
    let (listening, sandbox) = super::printed_addresses(stdout)?;
    let sandbox =
        sandbox.ok_or("the server did not print its sandboxes' address (an older build?)")?;
    Ok((listening, sandbox))
}

struct Memory {
    rss_mb: f64,
    peak_mb: f64,
}

/// Resident memory of a process, from /proc.
fn memory(pid: u32) -> Result<Memory> {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status"))
        .map_err(|e| format!("cannot read the server's memory: {e}"))?;
    let kb = |key: &str| {
        status
            .lines()
            .find_map(|l| l.strip_prefix(key))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
            .ok_or_else(|| format!("no {key} in /proc/{pid}/status"))
    };
    Ok(Memory {
        rss_mb: kb("VmRSS:")? / 1024.0,
        peak_mb: kb("VmHWM:")? / 1024.0,
    })
}

fn get(addr: &str, path: &str, auth: &Auth) -> Vec<u8> {
    format!(
        "GET {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nAccept: application/json\r\n\r\n",
        auth.cookie
    )
    .into_bytes()
}

fn post(addr: &str, path: &str, body: &str, auth: &Auth) -> Vec<u8> {
    format!(
        "POST {path} HTTP/1.1\r\nHost: {addr}\r\nCookie: {}\r\nX-CSRF-Token: {}\r\nContent-Type: application/json\r\nAccept: application/json\r\nContent-Length: {}\r\n\r\n{body}",
        auth.cookie,
        auth.csrf,
        body.len()
    )
    .into_bytes()
}

/// What the Shopify connector asks the sandbox, with the same credentials.
fn sandbox_get(sandbox: &str, path: &str) -> Vec<u8> {
    format!(
        "GET /shopify/{SHOPIFY_SHOP}/{path} HTTP/1.1\r\nHost: {sandbox}\r\nX-Shopify-Access-Token: {SHOPIFY_TOKEN}\r\nAccept: application/json\r\n\r\n"
    )
    .into_bytes()
}

/// One measured case: each client sends its iteration (one or more
/// requests, timed together) over and over on one kept-alive connection.
struct Case {
    name: &'static str,
    addr: String,
    clients: Vec<Vec<Vec<u8>>>,
    /// A 200 whose body lacks this is counted as unexpected ("" for any).
    expect: &'static str,
}

impl Case {
    fn drive(&self) -> Tally {
        let start = Arc::new(Barrier::new(self.clients.len() + 1));
        let threads: Vec<_> = self
            .clients
            .iter()
            .map(|iteration| {
                let (addr, iteration, start) =
                    (self.addr.clone(), iteration.clone(), start.clone());
                let expect = self.expect;
                std::thread::spawn(move || client(&addr, &iteration, expect, &start))
            })
            .collect();
        start.wait();
        let started = Instant::now();
        let mut total = Tally::default();
        for t in threads {
            let tally = t.join().unwrap_or_else(|_| Tally {
                errors: 1,
                ..Tally::default()
            });
            total.times.extend(tally.times);
            for (status, n) in tally.statuses {
                *total.statuses.entry(status).or_default() += n;
            }
            total.unexpected += tally.unexpected;
            total.errors += tally.errors;
        }
        total.elapsed = started.elapsed();
        total
    }
}

/// What one round of a case saw.
#[derive(Default)]
struct Tally {
    /// Iterations answered 200 with the expected body.
    times: Vec<Duration>,
    /// Answers other than 200, by status.
    statuses: BTreeMap<u16, usize>,
    /// 200s without the expected text.
    unexpected: usize,
    /// Connections lost or answers unreadable.
    errors: usize,
    elapsed: Duration,
}

/// One client: connects, waits for the others, then repeats its iteration
/// until the case's time is up.
fn client(addr: &str, iteration: &[Vec<u8>], expect: &str, start: &Barrier) -> Tally {
    let mut tally = Tally::default();
    let mut conn = Conn::open(addr);
    start.wait();
    let started = Instant::now();
    while started.elapsed() < CASE_TIME && tally.times.len() < MAX_PER_CLIENT {
        let Ok(c) = conn.as_mut() else {
            tally.errors += 1;
            std::thread::sleep(Duration::from_millis(10));
            conn = Conn::open(addr);
            continue;
        };
        let began = Instant::now();
        let mut fine = true;
        for request in iteration {
            match c.exchange(request) {
                Ok(answer) => {
                    if answer.status != 200 {
                        *tally.statuses.entry(answer.status).or_default() += 1;
                        fine = false;
                    } else if !answer.body.contains(expect) {
                        tally.unexpected += 1;
                        fine = false;
                    }
                    if answer.close {
                        conn = Conn::open(addr);
                        break;
                    }
                }
                Err(_) => {
                    tally.errors += 1;
                    fine = false;
                    conn = Conn::open(addr);
                    break;
                }
            }
        }
        if fine {
            tally.times.push(began.elapsed());
        }
    }
    tally
}

/// A kept-alive HTTP/1.1 connection.
struct Conn(BufReader<TcpStream>);

struct Answer {
    status: u16,
    body: String,
    /// The server will close the connection after this answer.
    close: bool,
}

impl Conn {
    fn open(addr: &str) -> io::Result<Conn> {
        let stream = TcpStream::connect(addr)?;
        stream.set_nodelay(true)?;
        stream.set_read_timeout(Some(Duration::from_secs(30)))?;
        Ok(Conn(BufReader::new(stream)))
    }

    /// Sends one request and reads its answer (Content-Length bodies only).
    fn exchange(&mut self, request: &[u8]) -> io::Result<Answer> {
        let bad = |what: String| io::Error::new(io::ErrorKind::InvalidData, what);
        self.0.get_mut().write_all(request)?;
        let mut line = String::new();
        if self.0.read_line(&mut line)? == 0 {
            return Err(io::ErrorKind::UnexpectedEof.into());
        }
        let status = line
            .split(' ')
            .nth(1)
            .and_then(|s| s.parse().ok())
            .ok_or_else(|| bad(format!("not an HTTP answer: {line:.80}")))?;
        let (mut length, mut close) = (0, false);
        loop {
            line.clear();
            if self.0.read_line(&mut line)? == 0 {
                return Err(io::ErrorKind::UnexpectedEof.into());
            }
            let header = line.trim_end();
            if header.is_empty() {
                break;
            }
            let Some((name, value)) = header.split_once(':') else {
                continue;
            };
            let value = value.trim();
            if name.eq_ignore_ascii_case("content-length") {
                length = value.parse().map_err(|_| bad(header.to_string()))?;
            } else if name.eq_ignore_ascii_case("transfer-encoding") {
                return Err(bad(format!("{header}: not read by this client")));
            } else if name.eq_ignore_ascii_case("connection") {
                close = value.eq_ignore_ascii_case("close");
            }
        }
        let mut body = vec![0; length];
        self.0.read_exact(&mut body)?;
        Ok(Answer {
            status,
            body: String::from_utf8_lossy(&body).into_owned(),
            close,
        })
    }
}

/// A case over its rounds: median rps and p99, p50 min / median / max.
struct Summary {
    rps: f64,
    p50: [f64; 3],
    p99: f64,
    problems: String,
}

impl Summary {
    fn of(rounds: &[Tally]) -> Summary {
        let ms = |d: Duration| d.as_secs_f64() * 1000.0;
        let mut rps = Vec::new();
        let mut p50 = Vec::new();
        let mut p99 = Vec::new();
        let mut statuses = BTreeMap::new();
        let (mut unexpected, mut errors) = (0, 0);
        for round in rounds {
            let mut times = round.times.clone();
            times.sort();
            let at = |q: f64| {
                times
                    .get(((times.len().saturating_sub(1)) as f64 * q).round() as usize)
                    .map_or(f64::NAN, |d| ms(*d))
            };
            rps.push(times.len() as f64 / round.elapsed.as_secs_f64());
            p50.push(at(0.50));
            p99.push(at(0.99));
            for (status, n) in &round.statuses {
                *statuses.entry(*status).or_insert(0) += n;
            }
            unexpected += round.unexpected;
            errors += round.errors;
        }
        let median = |v: &mut Vec<f64>| {
            v.sort_by(f64::total_cmp);
            v[v.len() / 2]
        };
        p50.sort_by(f64::total_cmp);
        let mut problems: Vec<String> = statuses
            .iter()
            .map(|(status, n)| format!("HTTP {status} ×{n}"))
            .collect();
        if unexpected > 0 {
            problems.push(format!("unexpected 200 ×{unexpected}"));
        }
        if errors > 0 {
            problems.push(format!("connection errors ×{errors}"));
        }
        Summary {
            rps: median(&mut rps),
            p50: [p50[0], p50[p50.len() / 2], p50[p50.len() - 1]],
            p99: median(&mut p99),
            problems: if problems.is_empty() {
                "none".into()
            } else {
                problems.join(", ")
            },
        }
    }
}
