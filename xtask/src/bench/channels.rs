//! The channels section: one Sales Orders run of 1,000 Shopify orders into
//! ShipBob through the release server in demo mode, and the same requests
//! sent straight to the sandboxes in the same run, as the reference.
//!
//! Requests made by the run: 20 pages of orders, one channel lookup and
//! 1,000 order creations. The reference sends those 1,021 requests itself
//! (fresh orders under other references, so none is refused as taken), one
//! at a time on fresh connections; the server reuses its connections, so
//! the ratio is the cost of the desk around each request, not of TCP.

use super::{
    call, exchange, expect_status, json_field, printed_addresses, sign_in, spawn_demo, Auth,
    DataDir,
};
use crate::{server_bin, step, Result};
use std::time::{Duration, Instant};

const SHOP: &str = "bulk-orders.myshopify.com";
const SHOP_TOKEN: &str = "shpat_sandbox_demo_outfitters_0001";
const SHIPBOB_TOKEN: &str = "sbpat_sandbox_demo_outfitters_0001";
const ORDERS: usize = 1000;
const PAGE: usize = 50;
const RUNS: usize = 3;

pub fn run() -> Result {
    step(&format!(
        "Channels: a Sales Orders run of {ORDERS} orders, Shopify → ShipBob ({RUNS} runs, each on a fresh connection)"
    ));
    println!(
        "    {:<34} {:>9} {:>9} {:>9} {:>10}",
        "", "min ms", "median", "max ms", "requests"
    );
    let mut through = Vec::new();
    let mut direct = Vec::new();
    let mut peak_rss = 0;
    let mut idle_rss = 0;
    for n in 0..RUNS {
        let data = DataDir::new("channels")?;
        let (server, stdout) =
            spawn_demo(&server_bin(), ["--data-dir".as_ref(), data.0.as_os_str()])?;
        let (addr, sandboxes) = printed_addresses(stdout)?;
        let sandboxes = sandboxes.ok_or("the server printed no sandbox address")?;
        let pid = server.0.id();
        let auth = sign_in(&addr)?;
        let id = bulk_connection(&addr, &auth, n)?;
        idle_rss = idle_rss.max(rss_kb(pid));
        let started = Instant::now();
        let (status, body) = call(
            &addr,
            "POST",
            &format!("/api/connections/{id}/channels/orders/runs"),
            None,
            &auth,
        )?;
        if status != 202 {
            return Err(format!("Run now answered {status}: {body:.200}"));
        }
        let run = json_field(&body, "id")?;
        loop {
            peak_rss = peak_rss.max(rss_kb(pid));
            let (_, body) = call(
                &addr,
                "GET",
                &format!("/api/connections/{id}/runs/{run}"),
                None,
                &auth,
            )?;
            if !body.contains(r#""outcome":"running""#) {
                if !body.contains(r#""outcome":"succeeded""#)
                    || !body.contains(&format!(r#""created":{ORDERS}"#))
                {
                    return Err(format!("the run did not move every order: {body:.300}"));
                }
                break;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        through.push(started.elapsed());
        direct.push(same_requests_directly(&sandboxes, n)?);
        drop(server);
    }
    let requests = ORDERS / PAGE + 1 + ORDERS;
    report("through the desk (Run now → done)", &mut through, requests);
    report("the same requests, sent directly", &mut direct, requests);
    let median = |v: &[Duration]| v[v.len() / 2].as_secs_f64();
    println!(
        "    ratio of medians: {:.2}×; server memory (VmRSS) before the run {} MB, at most {} MB during it",
        median(&through) / median(&direct),
        idle_rss / 1024,
        peak_rss / 1024
    );
    Ok(())
}

fn report(name: &str, times: &mut [Duration], requests: usize) {
    times.sort();
    let ms = |d: Duration| d.as_secs_f64() * 1000.0;
    println!(
        "    {name:<34} {:>9.0} {:>9.0} {:>9.0} {requests:>10}",
        ms(times[0]),
        ms(times[times.len() / 2]),
        ms(times[times.len() - 1])
    );
}

/// An enabled Shopify + ShipBob connection on the bulk shop.
fn bulk_connection(addr: &str, auth: &Auth, n: usize) -> Result<String> {
    let body = format!(
        r#"{{"name":"Bulk {n}","store_platform":"shopify","warehouse_platform":"shipbob","merchant_id":1}}"#
    );
    let (status, answer) = call(addr, "POST", "/api/connections", Some(&body), auth)?;
    if status != 201 {
        return Err(format!(
            "creating the connection answered {status}: {answer:.200}"
        ));
    }
    let id = json_field(&answer, "id")?;
    let sides = [
        (
            "store",
            format!(
                r#"{{"platform":"shopify","version":0,"fields":{{"shop_domain":"{SHOP}","access_token":"{SHOP_TOKEN}"}}}}"#
            ),
        ),
        (
            "warehouse",
            format!(
                r#"{{"platform":"shipbob","version":0,"fields":{{"access_token":"{SHIPBOB_TOKEN}"}}}}"#
            ),
        ),
    ];
    for (side, body) in sides {
        let (status, answer) = call(
            addr,
            "PUT",
            &format!("/api/connections/{id}/{side}"),
            Some(&body),
            auth,
        )?;
        if status != 200 {
            return Err(format!(
                "saving the {side} answered {status}: {answer:.200}"
            ));
        }
    }
    let (status, answer) = call(
        addr,
        "PATCH",
        &format!("/api/connections/{id}"),
        Some(r#"{"enabled":true}"#),
        auth,
    )?;
    if status != 200 {
        return Err(format!("enabling answered {status}: {answer:.200}"));
    }
    Ok(id)
}

/// The run's requests, straight to the sandboxes: the order pages, the
/// channel lookup and one creation per order.
fn same_requests_directly(sandboxes: &str, n: usize) -> Result<Duration> {
    let started = Instant::now();
    for page in 0..ORDERS / PAGE {
        let info = if page == 0 {
            String::new()
        } else {
            format!("&page_info=after-{}", page * PAGE)
        };
        let path = format!("/shopify/{SHOP}/admin/api/2026-07/orders.json?limit={PAGE}{info}");
        let head = format!("GET {path} HTTP/1.1\r\nHost: {sandboxes}\r\nX-Shopify-Access-Token: {SHOP_TOKEN}\r\nConnection: close\r\n\r\n");
        expect_status(&exchange(sandboxes, &head)?, 200)?;
    }
    let head = format!("GET /shipbob/1.0/channel HTTP/1.1\r\nHost: {sandboxes}\r\nAuthorization: Bearer {SHIPBOB_TOKEN}\r\nConnection: close\r\n\r\n");
    expect_status(&exchange(sandboxes, &head)?, 200)?;
    for order in 0..ORDERS {
        let body = format!(
            r##"{{"reference_id":"direct-{n}-{order}","order_number":"#{order}","shipping_method":"Standard","recipient":{{"name":"Rae Jordan","address":{{"address1":"12 Harbor Street","city":"Portland","zip_code":"04101","country":"US"}}}},"products":[{{"reference_id":"CAP-RED","quantity":1}}]}}"##
        );
        let head = format!(
            "POST /shipbob/1.0/order HTTP/1.1\r\nHost: {sandboxes}\r\nAuthorization: Bearer {SHIPBOB_TOKEN}\r\nshipbob_channel_id: 100102\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{body}",
            body.len()
        );
        expect_status(&exchange(sandboxes, &head)?, 201)?;
    }
    Ok(started.elapsed())
}

/// The resident memory of a process, in KiB (0 where /proc has none).
fn rss_kb(pid: u32) -> u64 {
    std::fs::read_to_string(format!("/proc/{pid}/status"))
        .ok()
        .and_then(|status| {
            status
                .lines()
                .find_map(|l| l.strip_prefix("VmRSS:"))
                .and_then(|v| v.split_whitespace().next()?.parse().ok())
        })
        .unwrap_or(0)
}
