//! Page cursors travel to clients hex-encoded, so that clients treat them as
//! opaque: a tag naming the cursor's kind and version, then its fields, all
//! joined by ':'. The last field may itself hold ':'.

use std::fmt::Display;

pub(crate) fn encode(tag: &str, fields: &[&dyn Display]) -> String {
    let mut text = tag.to_string();
    for field in fields {
        text.push(':');
        text.push_str(&field.to_string());
    }
    hex::encode(text)
}

/// The `N` fields of a cursor with this tag; None for anything else.
pub(crate) fn decode<const N: usize>(raw: &str, tag: &str) -> Option<[String; N]> {
    let text = String::from_utf8(hex::decode(raw).ok()?).ok()?;
    let mut parts = text.splitn(N + 1, ':');
    if parts.next()? != tag {
        return None;
    }
    let fields: Vec<String> = parts.map(str::to_string).collect();
    fields.try_into().ok()
}

/// A row id in a cursor: positive.
pub(crate) fn id(field: &str) -> Option<i64> {
    field.parse().ok().filter(|id| *id > 0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_hex_of_the_right_tag_and_field_count_decodes() {
        let raw = encode("t1", &[&7, &"a:b"]);
        assert_eq!(decode::<2>(&raw, "t1"), Some(["7".into(), "a:b".into()]));
        assert_eq!(decode::<2>(&raw, "t2"), None);
        assert_eq!(decode::<3>(&encode("t1", &[&7]), "t1"), None);
        for bad in ["", "zz", "ff00", &hex::encode("t1")] {
            assert_eq!(decode::<1>(bad, "t1"), None, "{bad}");
        }
        assert_eq!(id("42"), Some(42));
        assert_eq!([id("0"), id("-3"), id("x")], [None, None, None]);
    }
}
