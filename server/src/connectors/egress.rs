//! Where Test Connection may send requests.
//!
//! Users influence the addresses we fetch (a shop handle, a store hash, a
//! WooCommerce or Magento site), so every request passes two checks:
//!
//! 1. [`Egress::check_url`] before anything is sent: https only, the HTTPS
//!    port only, no userinfo, no IP-literal hosts, no `localhost` or other
//!    single-label names. reqwest skips the resolver for IP literals, so they
//!    must be refused here, however they are spelled (the `url` crate turns
//!    `2130706433`, `0x7f.1` and `0177.0.0.1` into `127.0.0.1` first).
//! 2. [`FilteringResolver`], installed as the HTTP client's DNS resolver:
//!    every address a name resolves to is checked against the blocked
//!    ranges *inside* the resolution the connection then uses, so a name
//!    cannot resolve to a public address for a check and to a private one
//!    for the connect (DNS rebinding).
//!
//! Redirects are never followed (the client's policy), so a platform cannot
//! bounce us to an internal address either. In sandbox mode (`--demo`, and
//! the test servers) both checks let loopback through: that is where the
//! sandboxes live.

use ipnet::{Ipv4Net, Ipv6Net};
use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use reqwest::Url;
use std::fmt;
use std::future::Future;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::pin::Pin;
use std::sync::{Arc, LazyLock};

/// The policy every connector request goes through.
#[derive(Clone)]
pub struct Egress {
    sandbox: bool,
    https_port: u16,
    lookup: Arc<dyn Lookup>,
}

impl fmt::Debug for Egress {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Egress")
            .field("sandbox", &self.sandbox)
            .field("https_port", &self.https_port)
            .finish_non_exhaustive()
    }
}

impl Egress {
    /// Production: public addresses over https on port 443, system DNS.
    pub fn production() -> Egress {
        Egress {
            sandbox: false,
            https_port: 443,
            lookup: Arc::new(SystemLookup),
        }
    }

    /// Demo and test servers: the sandboxes on loopback are reachable, over
    /// plain http and on any port.
    pub fn sandbox() -> Egress {
        Egress {
            sandbox: true,
            ..Egress::production()
        }
    }

    /// Production rules with another name service and HTTPS port. Tests use
    /// this to resolve crafted names and to make the only allowed port the
    /// one a counting listener sits on, so a destination the policy failed
    /// to refuse would show up as a connection.
    pub fn production_with(lookup: Arc<dyn Lookup>, https_port: u16) -> Egress {
        Egress {
            sandbox: false,
            https_port,
            lookup,
        }
    }

    pub fn is_sandbox(&self) -> bool {
        self.sandbox
    }

    /// The resolver to install in the connectors' HTTP client.
    pub fn resolver(&self) -> Arc<FilteringResolver> {
        Arc::new(FilteringResolver {
            sandbox: self.sandbox,
            lookup: self.lookup.clone(),
        })
    }

    /// Refuses a URL whose shape alone rules it out, before any DNS lookup
    /// or connection. In sandbox mode every URL passes: the sandboxes are
    /// on loopback.
    pub fn check_url(&self, url: &Url) -> Result<(), Refusal> {
        if self.sandbox {
            return Ok(());
        }
        self.check_entered(url)
    }

    /// The shape rules alone, whatever the mode: for a merchant's site as
    /// the user typed it. In sandbox mode the sandbox then stands in for the
    /// site, so demo mode refuses the same sites production would.
    pub fn check_entered(&self, url: &Url) -> Result<(), Refusal> {
        let host = url.host_str().unwrap_or_default().to_string();
        let refuse = |why: &str| Err(Refusal::new(&host, why));
        if url.scheme() != "https" {
            return refuse("only https addresses are allowed");
        }
        if !url.username().is_empty() || url.password().is_some() {
            return refuse("addresses with a user name or password in them are not allowed");
        }
        match url.host() {
            None => return refuse("the address has no host name"),
            Some(url::Host::Ipv4(_)) | Some(url::Host::Ipv6(_)) => {
                return refuse("IP addresses are not allowed; use the site's host name");
            }
            Some(url::Host::Domain(name)) => {
                let name = name.trim_end_matches('.').to_ascii_lowercase();
                if name == "localhost" || name.ends_with(".localhost") {
                    return refuse("this machine's own addresses are not allowed");
                }
                if !name.contains('.') {
                    return refuse("the host name must be a full public domain name");
                }
                if is_ip_spelling(&name) {
                    return refuse("IP addresses are not allowed; use the site's host name");
                }
            }
        }
        if url.port_or_known_default() != Some(self.https_port) {
            return refuse("only the standard HTTPS port (443) is allowed");
        }
        Ok(())
    }
}

/// Whether a host name still looks like a number after the `url` crate's
/// parsing: a numeric last label is an IPv4 spelling, never a public name.
fn is_ip_spelling(name: &str) -> bool {
    let last = name.rsplit('.').next().unwrap_or_default();
    name.parse::<IpAddr>().is_ok()
        || last.chars().all(|c| c.is_ascii_digit())
        || last.starts_with("0x")
}

/// Why a destination was refused; the message names the host, never more.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refusal {
    pub host: String,
    pub reason: String,
}

impl Refusal {
    fn new(host: &str, reason: &str) -> Refusal {
        Refusal {
            host: host.to_string(),
            reason: reason.to_string(),
        }
    }
}

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} was refused: {}", self.host, self.reason)
    }
}

impl std::error::Error for Refusal {}

/// A name service: the system's, or a fixed table in tests.
pub trait Lookup: Send + Sync {
    fn lookup(&self, host: &str) -> LookupFuture;
}

pub type LookupFuture = Pin<Box<dyn Future<Output = std::io::Result<Vec<IpAddr>>> + Send>>;

/// getaddrinfo through tokio's blocking pool.
struct SystemLookup;

impl Lookup for SystemLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let host = host.to_string();
        Box::pin(async move {
            let addrs = tokio::net::lookup_host((host.as_str(), 0)).await?;
            Ok(addrs.map(|a| a.ip()).collect())
        })
    }
}

/// A DNS resolver that refuses a name if any of its addresses is blocked.
///
/// Refusing the whole answer (rather than dropping the bad addresses) keeps
/// a mixed answer, which is a rebinding trick more often than a real setup,
/// from ever reaching a private address through a later retry.
pub struct FilteringResolver {
    sandbox: bool,
    lookup: Arc<dyn Lookup>,
}

impl Resolve for FilteringResolver {
    fn resolve(&self, name: Name) -> Resolving {
        let host = name.as_str().to_string();
        let sandbox = self.sandbox;
        let lookup = self.lookup.lookup(&host);
        Box::pin(async move {
            let ips = lookup.await?;
            if !sandbox {
                if let Some(ip) = ips.iter().find(|ip| is_blocked(**ip)) {
                    let reason = format!(
                        "it resolves to {}, which is not a public address",
                        kind_of(*ip)
                    );
                    return Err(Box::new(Refusal::new(&host, &reason)) as _);
                }
            }
            let addrs: Addrs = Box::new(
                ips.into_iter()
                    .map(|ip| SocketAddr::new(ip, 0))
                    .collect::<Vec<_>>()
                    .into_iter(),
            );
            Ok(addrs)
        })
    }
}

/// The refusal somewhere in an error's source chain, if the policy caused it.
pub fn refusal_in<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a Refusal> {
    let mut source: Option<&'a (dyn std::error::Error + 'static)> = Some(err);
    while let Some(e) = source {
        if let Some(r) = e.downcast_ref::<Refusal>() {
            return Some(r);
        }
        source = e.source();
    }
    None
}

static BLOCKED_V4: LazyLock<Vec<Ipv4Net>> = LazyLock::new(|| {
    [
        "0.0.0.0/8",       // "this network"
        "10.0.0.0/8",      // private
        "100.64.0.0/10",   // carrier-grade NAT
        "127.0.0.0/8",     // loopback
        "169.254.0.0/16",  // link-local, cloud metadata
        "172.16.0.0/12",   // private
        "192.0.0.0/24",    // IETF protocol assignments
        "192.0.2.0/24",    // documentation
        "192.88.99.0/24",  // 6to4 relay anycast
        "192.168.0.0/16",  // private
        "198.18.0.0/15",   // benchmarking
        "198.51.100.0/24", // documentation
        "203.0.113.0/24",  // documentation
        "224.0.0.0/4",     // multicast
        "240.0.0.0/4",     // reserved, broadcast
    ]
    .iter()
    .map(|n| n.parse().expect("valid IPv4 range"))
    .collect()
});

static BLOCKED_V6: LazyLock<Vec<Ipv6Net>> = LazyLock::new(|| {
    [
        "::/128",         // unspecified
        "::1/128",        // loopback
        "64:ff9b:1::/48", // local-use NAT64
        "100::/64",       // discard
        "2001::/32",      // Teredo
        "2001:db8::/32",  // documentation
        "fc00::/7",       // unique local
        "fe80::/10",      // link-local
        "fec0::/10",      // old site-local
        "ff00::/8",       // multicast
    ]
    .iter()
    .map(|n| n.parse().expect("valid IPv6 range"))
    .collect()
});

/// Whether an address is outside what a platform API may live on. IPv6
/// forms that carry an IPv4 address (mapped, compatible, NAT64, 6to4) are
/// judged by the IPv4 address inside.
pub fn is_blocked(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => BLOCKED_V4.iter().any(|n| n.contains(&v4)),
        IpAddr::V6(v6) => match embedded_v4(v6) {
            Some(v4) => is_blocked(IpAddr::V4(v4)),
            None => BLOCKED_V6.iter().any(|n| n.contains(&v6)),
        },
    }
}

fn embedded_v4(v6: Ipv6Addr) -> Option<Ipv4Addr> {
    let seg = v6.segments();
    let last32 = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    let within = |net: &str| net.parse::<Ipv6Net>().is_ok_and(|n| n.contains(&v6));
    if within("::ffff:0:0/96") || within("64:ff9b::/96") {
        return Some(last32(seg[6], seg[7]));
    }
    // IPv4-compatible (deprecated) `::a.b.c.d`, but not `::` and `::1`.
    if within("::/96") && !matches!(v6, Ipv6Addr::UNSPECIFIED | Ipv6Addr::LOCALHOST) {
        return Some(last32(seg[6], seg[7]));
    }
    if within("2002::/16") {
        return Some(last32(seg[1], seg[2]));
    }
    None
}

/// A short name for the kind of address, for the refusal message.
fn kind_of(ip: IpAddr) -> &'static str {
    let v6 = match ip {
        IpAddr::V4(v4) => return kind_of_v4(v4),
        IpAddr::V6(v6) => v6,
    };
    if let Some(v4) = embedded_v4(v6) {
        return kind_of_v4(v4);
    }
    let first = v6.segments()[0];
    if v6.is_loopback() {
        "a loopback address"
    } else if first & 0xfe00 == 0xfc00 {
        "a private network address"
    } else if first & 0xffc0 == 0xfe80 {
        "a link-local address"
    } else {
        "a reserved address"
    }
}

fn kind_of_v4(v4: Ipv4Addr) -> &'static str {
    let cgnat: Ipv4Net = "100.64.0.0/10".parse().expect("valid range");
    if v4.is_loopback() {
        "a loopback address"
    } else if v4.is_private() || cgnat.contains(&v4) {
        "a private network address"
    } else if v4.is_link_local() {
        "a link-local address"
    } else {
        "a reserved address"
    }
}

/// Lets tests and the demo describe a whole name service as a table.
pub struct StaticLookup(pub Vec<(String, Vec<IpAddr>)>);

impl Lookup for StaticLookup {
    fn lookup(&self, host: &str) -> LookupFuture {
        let found = self
            .0
            .iter()
            .find(|(name, _)| name.eq_ignore_ascii_case(host))
            .map(|(_, ips)| ips.clone());
        Box::pin(async move {
            found.ok_or_else(|| {
                std::io::Error::new(std::io::ErrorKind::NotFound, "no such host in the table")
            })
        })
    }
}
