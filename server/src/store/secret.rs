//! A credential value that does not leak through Debug, Display or serde.

use std::fmt;

/// Holds a credential value. `Debug` prints `Secret(…)`; it implements neither
/// `Display` nor `Serialize`, so it cannot end up in a log line or an API
/// answer by accident. Read it with [`Secret::expose`] where a request needs it.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    pub fn new(value: impl Into<String>) -> Secret {
        Secret(value.into())
    }

    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Secret(…)")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn debug_never_shows_the_value() {
        let s = Secret::new("shpat_topsecret");
        assert_eq!(format!("{s:?}"), "Secret(…)");
        assert_eq!(s.expose(), "shpat_topsecret");
    }
}
