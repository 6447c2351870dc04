//! The connections list's search and filters: what the URL query holds and
//! which connections they keep.

use dropstream_api::{ConnectionSummary, Platform, Side};
use dropstream_desk::pages::ListFilter;
use leptos_router::params::ParamsMap;
use wasm_bindgen_test::*;

fn connection(name: &str, enabled: bool) -> ConnectionSummary {
    ConnectionSummary {
        id: 1,
        name: name.into(),
        enabled,
        store_platform: Platform::Shopify,
        warehouse_platform: Platform::ShipBob,
        merchant_id: 1,
        merchant_name: "Acme".into(),
        store_last: None,
        warehouse_last: None,
        channels: Vec::new(),
    }
}

#[wasm_bindgen_test]
fn the_query_string_round_trips() {
    let filter = ListFilter {
        query: "acme eu".into(),
        enabled: Some(false),
        store: Some(Platform::Shopify),
        warehouse: None,
        merchant: Some(2),
    };
    let query = filter.to_query();
    assert!(
        query.starts_with('?') && query.contains("status=disabled"),
        "{query}"
    );
    let params: ParamsMap = query
        .trim_start_matches('?')
        .split('&')
        .map(|pair| {
            let (k, v) = pair.split_once('=').unwrap();
            let v = js_sys::decode_uri_component(&v.replace('+', " "))
                .unwrap()
                .as_string()
                .unwrap();
            (k.to_string(), v)
        })
        .collect();
    assert_eq!(ListFilter::from_query(&params), filter);
    assert_eq!(ListFilter::default().to_query(), "");
}

#[wasm_bindgen_test]
fn filters_keep_only_matching_connections() {
    let acme = connection("Acme Outdoor", true);
    let beta = connection("Beta Goods", false);
    let other_merchant = ListFilter {
        merchant: Some(2),
        ..Default::default()
    };
    assert!(!other_merchant.matches(&acme));
    let by_name = ListFilter {
        query: " acme ".into(),
        ..Default::default()
    };
    assert!(by_name.matches(&acme) && !by_name.matches(&beta));
    let disabled = ListFilter {
        enabled: Some(false),
        ..Default::default()
    };
    assert!(!disabled.matches(&acme) && disabled.matches(&beta));
    // A platform filter keeps connections whose side uses that platform.
    for side in Side::ALL {
        let p = acme.platform(side);
        let mut f = ListFilter::default();
        match side {
            Side::Store => f.store = Some(p),
            Side::Warehouse => f.warehouse = Some(p),
        }
        assert!(f.matches(&acme));
        assert_eq!(f.platform(side), Some(p));
    }
    let unknown = ParamsMap::from_iter([("store", "no-such-platform".to_string())]);
    assert_eq!(
        ListFilter::from_query(&unknown).store,
        None,
        "unknown platforms are ignored"
    );
}
