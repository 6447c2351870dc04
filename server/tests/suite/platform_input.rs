//! Bad input in any field of any platform is answered as `invalid_input`,
//! naming the field, before any request leaves the server.

use crate::support;

use dropstream_api::{Category, Platform, Rule, StepStatus};
use std::sync::atomic::Ordering;
use std::time::Duration;
use support::{counting_listener, with, TestServer};

/// A value the field's rule refuses.
fn bad_value(rule: Rule) -> &'static str {
    match rule {
        Rule::ShopifyDomain => "shop.example.com",
        Rule::SiteUrl => "http://shop.example.com",
        Rule::StoreHash => "abc-123",
        Rule::Token { .. } => "has spaces in it 0123456789",
        Rule::PrefixedToken { .. } => "xx_0123456789abcdef01234567",
        Rule::Digits { .. } => "12a4",
        Rule::Guid => "not-a-guid",
    }
}

#[tokio::test]
async fn every_bad_field_is_named_and_nothing_is_sent() {
    let (addr, connections) = counting_listener().await;
    let s = TestServer::pointing_at(addr, Duration::from_secs(2)).await;
    let mut checked = 0;
    for p in Platform::ALL {
        for spec in p.fields() {
            let request = with(p, &[(spec.key, bad_value(spec.rule))]);
            // Connection 5 has no saved values for most of these platforms,
            // so a blank secret could not mask the bad value.
            let r = s.test_on(5, p.side(), &request).await;
            assert_eq!(
                r.category,
                Some(Category::InvalidInput),
                "{p} {}: {r:?}",
                spec.key
            );
            assert_eq!(r.field_errors.len(), 1, "{p} {}: {r:?}", spec.key);
            assert_eq!(r.field_errors[0].field, spec.key);
            assert!(!r.field_errors[0].message.is_empty());
            assert!(r.steps.iter().all(|s| s.status == StepStatus::Skipped));
            assert_eq!(r.http_status, None);
            checked += 1;
        }
    }
    assert_eq!(checked, 17);
    assert_eq!(connections.load(Ordering::SeqCst), 0, "a request was made");
}

#[tokio::test]
async fn plain_http_for_a_merchant_site_says_https() {
    let s = TestServer::start().await;
    for p in [Platform::WooCommerce, Platform::Magento] {
        let r = s
            .test(
                p.side(),
                &with(p, &[("site_url", "http://shop.demo-outfitters.example")]),
            )
            .await;
        assert_eq!(r.category, Some(Category::InvalidInput));
        assert!(
            r.field_errors[0].message.contains("must use https"),
            "{r:?}"
        );
    }
}
