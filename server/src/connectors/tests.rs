//! Base URLs and rate-limit headers, without a network.
use super::*;

#[test]
fn a_merchant_site_is_its_own_base_in_production() {
    let prod = Endpoints::production();
    assert_eq!(
        Endpoints::merchant_base(
            prod.of(Platform::WooCommerce),
            "https://shop.example.com/store"
        ),
        "https://shop.example.com/store"
    );
    // Port and userinfo are kept as typed, so the egress policy sees
    // (and refuses) exactly what the user entered.
    assert_eq!(
        Endpoints::merchant_base(
            prod.of(Platform::Magento),
            "https://user@shop.example.com:8443"
        ),
        "https://user@shop.example.com:8443"
    );
}

#[test]
fn the_sandbox_picks_its_behaviour_from_the_host() {
    let sandbox = Endpoints::all_at("http://127.0.0.1:9");
    assert_eq!(
        Endpoints::merchant_base(
            sandbox.of(Platform::WooCommerce),
            "https://Blog.example.com/wp"
        ),
        "http://127.0.0.1:9/woocommerce/blog.example.com"
    );
}

#[test]
fn rate_limit_waits_come_from_each_platforms_header() {
    let reply = |name: &'static str, value: &'static str| Reply {
        status: StatusCode::TOO_MANY_REQUESTS,
        headers: HeaderMap::from_iter([(
            reqwest::header::HeaderName::from_static(name),
            reqwest::header::HeaderValue::from_static(value),
        )]),
        body: Vec::new(),
    };
    use outcome::rate_limit_wait as wait;
    assert_eq!(wait(&reply("retry-after", "2.0")), Some(2));
    assert_eq!(wait(&reply("retry-after", "0.4")), Some(1));
    assert_eq!(wait(&reply("x-retry-after", "25")), Some(25));
    assert_eq!(wait(&reply("x-rate-limit-reset", "40")), Some(40));
    assert_eq!(
        wait(&reply("x-rate-limit-time-reset-ms", "15001")),
        Some(16)
    );
    assert_eq!(wait(&reply("retry-after", "soon")), None);
}
