//! The client address behind a reverse proxy. Only with `--trusted-proxies`
//! set, and only for requests whose peer is one of them, is
//! `X-Forwarded-For` read: the client is the last address in it that is not
//! itself a trusted proxy (everything left of that could be made up by the
//! client). The result replaces the peer address that rate limits, session
//! records and the audit log see.

use crate::AppState;
use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;
use ipnet::IpNet;
use std::net::{IpAddr, SocketAddr};

pub async fn forwarded_client(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let peer = request
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|c| c.0);
    if let Some(peer) = peer {
        if let Some(client) = client_behind(&state.trusted_proxies, peer.ip(), request.headers()) {
            request
                .extensions_mut()
                .insert(ConnectInfo(SocketAddr::new(client, 0)));
        }
    }
    next.run(request).await
}

/// The forwarded client of a request from `peer`, if `peer` is trusted and
/// the header names one.
pub fn client_behind(trusted: &[IpNet], peer: IpAddr, headers: &HeaderMap) -> Option<IpAddr> {
    let is_trusted = |ip: &IpAddr| trusted.iter().any(|net| net.contains(ip));
    if !is_trusted(&peer) {
        return None;
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        // A malformed hop ends the walk: what is left of it is untrusted.
        let ip: IpAddr = hop.parse().ok()?;
        if !is_trusted(&ip) {
            return Some(ip);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(values: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in values {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    #[test]
    fn only_a_trusted_peer_is_believed_and_the_rightmost_untrusted_hop_wins() {
        let trusted: Vec<IpNet> = vec!["10.0.0.0/8".parse().unwrap()];
        let proxy: IpAddr = "10.1.2.3".parse().unwrap();
        let stranger: IpAddr = "203.0.113.9".parse().unwrap();
        let h = headers(&["198.51.100.7, 192.0.2.1", "10.9.9.9"]);
        assert_eq!(
            client_behind(&trusted, proxy, &h),
            Some("192.0.2.1".parse().unwrap()),
            "a spoofed leftmost entry is ignored"
        );
        assert_eq!(client_behind(&trusted, stranger, &h), None);
        assert_eq!(
            client_behind(&[], proxy, &h),
            None,
            "nothing trusted by default"
        );
        assert_eq!(
            client_behind(&trusted, proxy, &headers(&["nonsense"])),
            None
        );
        assert_eq!(client_behind(&trusted, proxy, &HeaderMap::new()), None);
    }
}
