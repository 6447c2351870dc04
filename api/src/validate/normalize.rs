//! Normalisers for the identifier fields: they accept the forms users paste
//! (bare names, full URLs, admin links) and return the one canonical form, or
//! say what is wrong.
//!
//! The site-URL rule only catches malformed input. Whether an address may be
//! contacted at all (IP literals, ports, userinfo, private addresses) is the
//! server's egress policy, which answers `blocked_destination`.

const SHOP_SUFFIX: &str = ".myshopify.com";

/// Accepts `name`, `name.myshopify.com`, an `https://` URL of either, or the
/// admin URL `admin.shopify.com/store/name`, and returns `name.myshopify.com`.
pub fn normalize_shop_domain(raw: &str) -> Result<String, String> {
    let mut s = raw.trim().to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
        }
    }
    let s = s.trim_end_matches('/');
    let handle = if let Some(rest) = s.strip_prefix("admin.shopify.com/store/") {
        rest.split('/').next().unwrap_or_default()
    } else if let Some(handle) = s.strip_suffix(SHOP_SUFFIX) {
        handle
    } else if s.contains('.') || s.contains('/') || s.contains(':') {
        return Err(
            "Use the store's permanent myshopify.com domain (e.g. your-store.myshopify.com), not a custom domain or URL."
                .to_string(),
        );
    } else {
        s
    };
    let valid = !handle.is_empty()
        && handle.len() <= 63
        && handle.starts_with(|c: char| c.is_ascii_alphanumeric())
        && handle
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    if !valid {
        return Err(
            "A shop domain looks like your-store.myshopify.com: letters, digits and hyphens before .myshopify.com."
                .to_string(),
        );
    }
    Ok(format!("{handle}{SHOP_SUFFIX}"))
}

/// A merchant's own site (WooCommerce, Magento): `example.com`,
/// `https://example.com/` and `HTTPS://Example.com` all become
/// `https://example.com`; a sub-folder install keeps its path
/// (`https://example.com/shop`).
pub fn normalize_site_url(raw: &str) -> Result<String, String> {
    // URL parsers read `\` as `/` and `%2e` as `.` in web addresses; do the
    // same first, so the checks below, the egress policy and the request
    // all see one address (`/a/%2e%2e/b` is `/a/../b`).
    let decoded = raw
        .trim()
        .replace('\\', "/")
        .replace("%5c", "/")
        .replace("%5C", "/")
        .replace("%2e", ".")
        .replace("%2E", ".");
    let s = decoded.as_str();
    if s.chars().any(char::is_whitespace) {
        return Err("A store URL cannot contain spaces.".to_string());
    }
    if s.chars().any(|c| !c.is_ascii_graphic()) {
        return Err(
            "Use the plain address of the store (letters, digits, dots and hyphens), e.g. https://shop.example.com."
                .to_string(),
        );
    }
    let rest = match s.find("://") {
        Some(i) => {
            let scheme = s[..i].to_ascii_lowercase();
            match scheme.as_str() {
                "https" => &s[i + 3..],
                "http" => return Err(
                    "The store URL must use https:// — credentials are never sent over plain http."
                        .to_string(),
                ),
                _ => {
                    return Err(format!(
                        "The store URL must start with https://, not {scheme}://."
                    ))
                }
            }
        }
        None => s,
    };
    if rest.contains(['?', '#']) {
        return Err("Use the store's base address only, without ?query or #fragment.".to_string());
    }
    let (authority, path) = match rest.find('/') {
        Some(i) => (&rest[..i], rest[i..].trim_end_matches('/')),
        None => (rest, ""),
    };
    // Userinfo is not refused here (the egress policy does that), but the
    // host after it must still be well formed.
    let host_port = authority.rsplit('@').next().unwrap_or_default();
    let (host, port) = split_port(host_port)?;
    let host = host.to_ascii_lowercase();
    if host.is_empty() {
        return Err("The store URL has no host name; e.g. https://shop.example.com.".to_string());
    }
    if !host.starts_with('[') && !valid_host(&host) {
        return Err(
            "That is not a valid web address; use the store's domain, e.g. https://shop.example.com."
                .to_string(),
        );
    }
    if path.contains("//") || path.split('/').any(|seg| seg == "..") {
        return Err("The path after the store's domain looks malformed.".to_string());
    }
    let userinfo = authority
        .rfind('@')
        .map(|i| &authority[..=i])
        .unwrap_or_default();
    let port = port.map(|p| format!(":{p}")).unwrap_or_default();
    Ok(format!("https://{userinfo}{host}{port}{path}"))
}

/// Splits `host:port`, keeping a bracketed IPv6 literal whole.
fn split_port(host_port: &str) -> Result<(&str, Option<&str>), String> {
    let port_at = if host_port.starts_with('[') {
        match host_port.find(']') {
            Some(end) => host_port[end..].find(':').map(|i| end + i),
            None => return Err("The address has an unclosed [ bracket.".to_string()),
        }
    } else {
        host_port.rfind(':')
    };
    match port_at {
        None => Ok((host_port, None)),
        Some(i) => {
            let port = &host_port[i + 1..];
            if port.is_empty() || port.len() > 5 || !port.chars().all(|c| c.is_ascii_digit()) {
                return Err("The port after “:” must be a number.".to_string());
            }
            Ok((&host_port[..i], Some(port)))
        }
    }
}

/// DNS-style host: dot-separated labels of letters, digits and inner
/// hyphens. One label is allowed only for `localhost` and numeric spellings
/// (refused later by the egress policy, with a clearer reason than
/// "malformed").
fn valid_host(host: &str) -> bool {
    let labels: Vec<&str> = host.split('.').collect();
    let labels_ok = host.len() <= 253
        && labels.iter().all(|l| {
            !l.is_empty()
                && l.len() <= 63
                && !l.starts_with('-')
                && !l.ends_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    // A single word is a typo (`shop`) unless it is a number in disguise
    // (`2130706433`, `0x7f000001`): those, like `localhost` and IP literals,
    // are the egress policy's to refuse as blocked destinations.
    let numeric = host.starts_with(|c: char| c.is_ascii_digit());
    labels_ok && (labels.len() >= 2 || host == "localhost" || numeric)
}

/// A BigCommerce store hash. Accepts `abc123`, `stores/abc123`,
/// `store-abc123` and the API path or control-panel address that holds it.
pub fn normalize_store_hash(raw: &str) -> Result<String, String> {
    let mut s = raw.trim().to_ascii_lowercase();
    for scheme in ["https://", "http://"] {
        if let Some(rest) = s.strip_prefix(scheme) {
            s = rest.to_string();
        }
    }
    let hash = if let Some(i) = s.find("stores/") {
        s[i + "stores/".len()..]
            .split('/')
            .next()
            .unwrap_or_default()
    } else if let Some(rest) = s.strip_prefix("store-") {
        rest.split(['.', '/']).next().unwrap_or_default()
    } else {
        s.trim_end_matches('/')
    };
    let valid = !hash.is_empty()
        && hash.len() <= 32
        && hash
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit());
    if valid {
        Ok(hash.to_string())
    } else {
        Err("A store hash is letters and digits only, e.g. abc123def4 (from api.bigcommerce.com/stores/abc123def4/).".to_string())
    }
}

/// A GUID with or without braces, returned as `{lowercase-guid}`. The error
/// completes a sentence that starts with the field's label.
pub fn normalize_guid(raw: &str) -> Result<String, String> {
    let s = raw.trim();
    let inner = s
        .strip_prefix('{')
        .and_then(|t| t.strip_suffix('}'))
        .unwrap_or(s)
        .to_ascii_lowercase();
    let groups: Vec<&str> = inner.split('-').collect();
    let shape_ok = groups.iter().map(|g| g.len()).eq([8, 4, 4, 4, 12])
        && groups
            .iter()
            .all(|g| g.chars().all(|c| c.is_ascii_hexdigit()));
    if shape_ok {
        Ok(format!("{{{inner}}}"))
    } else {
        Err("is a GUID like {01234567-89ab-cdef-0123-456789abcdef}: 32 hexadecimal digits in groups of 8-4-4-4-12.".to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn site_urls_normalise_to_https_without_a_trailing_slash() {
        for (input, want) in [
            ("example.com", "https://example.com"),
            ("https://example.com/", "https://example.com"),
            ("HTTPS://Shop.Example.com", "https://shop.example.com"),
            (" https://example.com/shop/ ", "https://example.com/shop"),
            ("example.com:8443", "https://example.com:8443"),
        ] {
            assert_eq!(normalize_site_url(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn encoded_dots_and_backslashes_read_as_a_browser_reads_them() {
        for (input, want) in [
            ("https://shop%2eexample%2Ecom", "https://shop.example.com"),
            (
                "https://shop.example.com\\wp",
                "https://shop.example.com/wp",
            ),
            (
                "https://example.com\\@10.0.0.1",
                "https://example.com/@10.0.0.1",
            ),
        ] {
            assert_eq!(normalize_site_url(input).as_deref(), Ok(want), "{input}");
        }
    }

    #[test]
    fn site_urls_leave_addresses_to_the_egress_policy() {
        // Well formed, so accepted here; the server refuses them as
        // blocked_destination.
        for input in [
            "https://127.0.0.1",
            "https://[::1]",
            "localhost",
            "https://user@example.com",
            "https://example.com:22",
        ] {
            assert!(normalize_site_url(input).is_ok(), "{input}");
        }
    }

    #[test]
    fn malformed_site_urls_are_refused_with_a_reason() {
        let err = normalize_site_url("http://example.com").unwrap_err();
        assert!(err.contains("must use https"), "{err}");
        for (input, says) in [
            ("ftp://example.com", "https://"),
            ("exa mple.com", "spaces"),
            ("https://", "no host"),
            ("https:///path", "no host"),
            ("!!!", "not a valid web address"),
            ("shop", "not a valid web address"),
            ("https://-bad-.com", "not a valid web address"),
            ("https://example.com?x=1", "query"),
            ("https://example.com:http", "port"),
            ("https://[::1", "bracket"),
            ("https://example.com/a/../b", "path"),
            ("https://example.com/a/%2e%2E/b", "path"),
            ("https://example.com/a\\..\\b", "path"),
            ("https://example.com/a%5c%2e./b", "path"),
            ("exämple.com", "plain address"),
        ] {
            let err = normalize_site_url(input).unwrap_err();
            assert!(err.contains(says), "{input}: {err}");
        }
    }

    #[test]
    fn store_hashes_are_found_in_what_users_paste() {
        for input in [
            "abc123def4",
            "stores/abc123def4",
            "store-abc123def4",
            "https://api.bigcommerce.com/stores/abc123def4/v3/",
            "https://store-abc123def4.mybigcommerce.com/manage",
            "ABC123DEF4",
        ] {
            assert_eq!(
                normalize_store_hash(input).as_deref(),
                Ok("abc123def4"),
                "{input}"
            );
        }
        for input in ["abc-123", "stores/", "abc 123", &"a".repeat(33)] {
            assert!(normalize_store_hash(input).is_err(), "{input}");
        }
    }

    #[test]
    fn guids_take_braces_or_not() {
        let want = "{01234567-89ab-cdef-0123-456789abcdef}";
        assert_eq!(
            normalize_guid("01234567-89AB-cdef-0123-456789abcdef").as_deref(),
            Ok(want)
        );
        assert_eq!(normalize_guid(want).as_deref(), Ok(want));
        for input in [
            "0123",
            "{01234567-89ab-cdef-0123-456789abcdeg}",
            "0123456789abcdef0123456789abcdef",
        ] {
            assert!(normalize_guid(input).is_err(), "{input}");
        }
    }
}
