//! The edge under load, each measure bounded and on loopback,
//! against a fresh release server in demo mode:
//!
//! - p99 of `GET /api/connections` while 60 sign-ins fail at once;
//! - connections the server still holds 10 s after 2,000 were opened and
//!   left silent;
//! - outbound tests running at once when 200 are asked for together.
//!
//! Each is repeated and reported as min / median / max. Options the server
//! does not know (an older build) are left out, and said so.

use super::{call, json_field, request, sign_in, DataDir, Server};
use crate::{step, Result};
use std::io::{ErrorKind, Read};
use std::net::TcpStream;
use std::path::Path;
use std::process::Command;
use std::sync::{Arc, Barrier};
use std::time::{Duration, Instant};

const ROUNDS: usize = 3;
const SIGN_INS: usize = 60;
const HALF_OPEN: usize = 2_000;
const HOLD: Duration = Duration::from_secs(10);
const TESTS_ASKED: usize = 200;

pub fn run(bin: &Path) -> Result {
    step(&format!("Edge under load: {}", bin.display()));
    let help = Command::new(bin)
        .arg("--help")
        .output()
        .map_err(|e| format!("cannot run {}: {e}", bin.display()))?;
    let knows = |flag: &str| String::from_utf8_lossy(&help.stdout).contains(flag);

    let mut p99s = Vec::new();
    for round in 0..ROUNDS {
        let mut args = vec!["--tests-per-minute", "1000000"];
        if knows("--sign-ins-per-minute") {
            args.extend(["--sign-ins-per-minute", "1000000"]);
        }
        let (_server, addr, _data) = start(bin, &args)?;
        p99s.push(sign_in_storm(&addr, round)?);
    }
    if !knows("--sign-ins-per-minute") {
        println!("    (this server limits sign-ins to 30 a minute per address: only 30 of the {SIGN_INS} reach the password check)");
    }
    report(
        &format!("p99 GET /api/connections, {SIGN_INS} failing sign-ins (ms)"),
        &mut p99s,
    );

    let mut held = Vec::new();
    for _ in 0..ROUNDS {
        let (_server, addr, _data) = start(bin, &[])?;
        held.push(half_open(&addr)? as f64);
    }
    report(
        &format!(
            "connections held {} s after {HALF_OPEN} silent ones",
            HOLD.as_secs()
        ),
        &mut held,
    );

    let mut ran = Vec::new();
    for _ in 0..ROUNDS {
        let args = ["--tests-per-minute", "1000000", "--test-timeout-ms", "3000"];
        let (_server, addr, _data) = start(bin, &args)?;
        ran.push(outbound_at_once(&addr)? as f64);
    }
    report(
        &format!("outbound tests running at once, {TESTS_ASKED} asked"),
        &mut ran,
    );
    Ok(())
}

fn report(name: &str, values: &mut [f64]) {
    values.sort_by(f64::total_cmp);
    println!(
        "    {name:<58} min {:>8.1}  median {:>8.1}  max {:>8.1}",
        values[0],
        values[values.len() / 2],
        values[values.len() - 1]
    );
}

/// A demo-mode server on a free port; answers it, its address and its data
/// folder (removed when the returned guard drops).
fn start(bin: &Path, args: &[&str]) -> Result<(Server, String, DataDir)> {
    let data = DataDir::new("edge")?;
    let no_dist = data.0.join("no-dist");
    let options = args.iter().map(|a| a.as_ref()).chain([
        "--data-dir".as_ref(),
        data.0.as_os_str(),
        "--dist".as_ref(),
        no_dist.as_os_str(),
    ]);
    let (server, stdout) = super::spawn_demo(bin, options)?;
    let addr = super::listening_address(stdout)?;
    Ok((server, addr, data))
}

/// p99 (ms) of sequential `GET /api/connections` while `SIGN_INS` wrong
/// passwords are checked at once.
fn sign_in_storm(addr: &str, round: usize) -> Result<f64> {
    let auth = sign_in(addr)?;
    let start = Arc::new(Barrier::new(SIGN_INS + 1));
    let attempts: Vec<_> = (0..SIGN_INS)
        .map(|n| {
            let (addr, auth, start) = (addr.to_string(), auth.clone(), start.clone());
            std::thread::spawn(move || {
                let body = format!(
                    r#"{{"email":"nobody{round}x{n}@bench.test","password":"not the password"}}"#
                );
                start.wait();
                request(&addr, "/api/session", Some(&body), &auth)
            })
        })
        .collect();
    start.wait();
    let mut times = Vec::new();
    while !attempts.iter().all(|a| a.is_finished()) {
        let started = Instant::now();
        let status = request(addr, "/api/connections", None, &auth)?;
        times.push(started.elapsed().as_secs_f64() * 1000.0);
        if status != 200 {
            return Err(format!("GET /api/connections: HTTP {status}"));
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    for a in attempts {
        match a.join().map_err(|_| "a sign-in thread panicked")? {
            Ok(401) | Ok(429) => {}
            other => return Err(format!("a failing sign-in answered {other:?}")),
        }
    }
    times.sort_by(f64::total_cmp);
    Ok(times[(times.len() * 99 / 100).min(times.len() - 1)])
}

/// Opens `HALF_OPEN` connections that send nothing, waits `HOLD`, and
/// counts those the server has not closed.
fn half_open(addr: &str) -> Result<usize> {
    let mut sockets = Vec::with_capacity(HALF_OPEN);
    for _ in 0..HALF_OPEN {
        sockets.push(TcpStream::connect(addr).map_err(|e| format!("connect: {e}"))?);
    }
    std::thread::sleep(HOLD);
    let mut held = 0;
    for mut s in sockets {
        s.set_nonblocking(true).map_err(|e| e.to_string())?;
        let mut byte = [0u8; 1];
        if matches!(s.read(&mut byte), Err(e) if e.kind() == ErrorKind::WouldBlock) {
            held += 1;
        }
    }
    // Still answering the rest of the world.
    let status = request(addr, "/api/connections", None, &sign_in(addr)?)?;
    if status != 200 {
        return Err(format!("after the silent connections: HTTP {status}"));
    }
    Ok(held)
}

/// Asks for `TESTS_ASKED` tests at once, each of a different connection
/// side and each against a sandbox that never answers (3 s deadline);
/// answers how many ran (the rest were refused before going out).
fn outbound_at_once(addr: &str) -> Result<usize> {
    let auth = sign_in(addr)?;
    let mut ids = Vec::new();
    for n in 0..TESTS_ASKED / 2 {
        let body = format!(
            r#"{{"name":"Bench {n}","store_platform":"shopify","warehouse_platform":"shipbob","merchant_id":1}}"#
        );
        let (_, answer) = call(addr, "POST", "/api/connections", Some(&body), &auth)?;
        ids.push(json_field(&answer, "id")?);
    }
    let start = Arc::new(Barrier::new(TESTS_ASKED));
    let runs: Vec<_> = ids
        .iter()
        .flat_map(|id| {
            [
                (
                    format!("/api/connections/{id}/store/test"),
                    r#"{"platform":"shopify","fields":{"shop_domain":"slow-to-answer","access_token":"shpat_anything_else"}}"#,
                ),
                (
                    format!("/api/connections/{id}/warehouse/test"),
                    r#"{"platform":"shipbob","fields":{"access_token":"sbpat_sandbox_hanging_0001"}}"#,
                ),
            ]
        })
        .map(|(path, body)| {
            let (addr, auth, start) = (addr.to_string(), auth.clone(), start.clone());
            std::thread::spawn(move || {
                start.wait();
                request(&addr, &path, Some(body), &auth)
            })
        })
        .collect();
    let mut ran = 0;
    for run in runs {
        match run.join().map_err(|_| "a test thread panicked")? {
            Ok(200) => ran += 1,
            Ok(503) => {}
            other => return Err(format!("a test answered {other:?}")),
        }
    }
    Ok(ran)
}
