//! Relative times ("5 minutes ago") for comments and test runs, from the
//! server's UTC timestamps; the exact time goes in a hover title.

/// How long ago `then_ms` was, from `now_ms` (both ms since the epoch).
pub fn relative(then_ms: f64, now_ms: f64) -> String {
    let secs = ((now_ms - then_ms) / 1000.0).max(0.0) as u64;
    let (n, unit) = match secs {
        0..=44 => return "just now".to_string(),
        45..=3_599 => ((secs + 30) / 60, "minute"),
        3_600..=86_399 => ((secs + 1_800) / 3_600, "hour"),
        86_400..=2_591_999 => ((secs + 43_200) / 86_400, "day"),
        2_592_000..=31_535_999 => (secs / 2_592_000, "month"),
        _ => (secs / 31_536_000, "year"),
    };
    let n = n.max(1);
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}

/// `(relative, exact)` for an RFC 3339 time from the server, in the
/// reader's locale and time zone.
pub fn describe(rfc3339: &str) -> (String, String) {
    let date = js_sys::Date::new(&rfc3339.into());
    let then = date.get_time();
    if then.is_nan() {
        return (rfc3339.to_string(), rfc3339.to_string());
    }
    let exact = String::from(date.to_locale_string("default", &wasm_bindgen::JsValue::UNDEFINED));
    (relative(then, js_sys::Date::now()), exact)
}

/// Milliseconds since the epoch of an RFC 3339 timestamp, by the browser's
/// own parser; `None` when it cannot read it.
pub fn parse_ms(timestamp: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(timestamp);
    (!ms.is_nan()).then_some(ms)
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}
