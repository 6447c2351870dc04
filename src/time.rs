//! "3 minutes ago" from the server's UTC timestamps.

/// Milliseconds since the epoch of an RFC 3339 timestamp, by the browser's
/// own parser; `None` when it cannot read it.
pub fn parse_ms(timestamp: &str) -> Option<f64> {
    let ms = js_sys::Date::parse(timestamp);
    (!ms.is_nan()).then_some(ms)
}

pub fn now_ms() -> f64 {
    js_sys::Date::now()
}

/// How long ago `then_ms` was, in words: "just now", "1 minute ago",
/// "3 hours ago", "2 days ago".
pub fn ago(then_ms: f64, now_ms: f64) -> String {
    let seconds = ((now_ms - then_ms) / 1000.0).max(0.0) as u64;
    let (n, unit) = match seconds {
        0..=44 => return "just now".to_string(),
        45..=3_599 => (((seconds + 30) / 60).clamp(1, 59), "minute"),
        3_600..=86_399 => (seconds / 3_600, "hour"),
        _ => (seconds / 86_400, "day"),
    };
    if n == 1 {
        format!("1 {unit} ago")
    } else {
        format!("{n} {unit}s ago")
    }
}
