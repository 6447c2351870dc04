//! What a platform's fixtures hold: the values its sandbox accepts (what the
//! demo seeds and every table row starts from), the input that makes it
//! hang, and one row per way it answers, with what the Test Connection
//! result must say. The demo's seeds and the server's tests read them; the
//! browser tests read them through `tests/fixtures/platforms.json`, which a
//! test keeps equal to [`fixtures_json`].

use super::home;
use dropstream_api::{Category, Platform, StepStatus};
use serde_json::{json, Value};

/// SKUs every warehouse sandbox stocks. The store sandboxes' open orders
/// name these, so a clean Sales Orders run works between any pair.
pub const STOCKED_SKUS: &[&str] = &["BLUE-TEE-M", "CAP-RED", "TOTE-NATURAL", "HOODIE-GREY-L"];
/// A SKU the store sandboxes sell and no warehouse sandbox stocks: the SKU
/// mismatch that fails an order but not the run.
pub const MISMATCHED_SKU: &str = "SOCKS-STRIPE-L";

/// A warehouse sandbox's stock for Inventory: these levels of the
/// [`STOCKED_SKUS`], in that order.
pub const fn stocked(levels: [i64; 4]) -> [(&'static str, i64); 4] {
    let s = STOCKED_SKUS;
    [
        (s[0], levels[0]),
        (s[1], levels[1]),
        (s[2], levels[2]),
        (s[3], levels[3]),
    ]
}

/// Field values by key.
pub type Fields = &'static [(&'static str, &'static str)];

pub struct Fixtures {
    /// Values the sandbox accepts, every field filled.
    pub working: Fields,
    /// The field that makes the sandbox hold the request until the deadline.
    pub hanging: (&'static str, &'static str),
    /// One row per way the sandbox answers.
    pub cases: &'static [Case],
}

impl Fixtures {
    /// The working value of field `key`.
    pub fn working(&self, key: &str) -> &'static str {
        self.working
            .iter()
            .find(|(k, _)| *k == key)
            .map(|(_, value)| *value)
            .unwrap_or_else(|| panic!("no working value for {key:?}"))
    }

    /// What row `name` enters (its one change). A sandbox answers it the way
    /// the row expects; a row renamed or gone fails every test loudly.
    pub fn input(&self, name: &str) -> &'static str {
        self.cases
            .iter()
            .find(|c| c.name == name)
            .and_then(|c| c.changes.first())
            .map(|(_, value)| *value)
            .unwrap_or_else(|| panic!("no row {name:?} with an input"))
    }
}

/// One row of a platform's table.
pub struct Case {
    pub name: &'static str,
    /// The fields that differ from the working values.
    pub changes: Fields,
    /// `None`: success.
    pub category: Option<Category>,
    pub http_status: u16,
    /// Reach host, Authenticate, Check permissions.
    pub steps: [StepStatus; 3],
    /// Text the message or the guidance contains (each, case-sensitive).
    pub says: &'static [&'static str],
    pub retry_after: Option<u64>,
}

/// A table's vocabulary: `use crate::platforms::fixtures::*` brings the
/// categories, the step statuses and the row builders.
pub use dropstream_api::Category::*;
pub use StepStatus::{Failed as F, Passed as P, Skipped as S};

/// A success row: every step passed but `permissions`.
pub const fn ok(
    name: &'static str,
    changes: Fields,
    permissions: StepStatus,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        changes,
        category: None,
        http_status: 200,
        steps: [P, P, permissions],
        says,
        retry_after: None,
    }
}

/// A failure row.
pub const fn fail(
    name: &'static str,
    changes: Fields,
    category: Category,
    http_status: u16,
    steps: [StepStatus; 3],
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        changes,
        category: Some(category),
        http_status,
        steps,
        says,
        retry_after: None,
    }
}

/// A rate-limited row: the platform answered `http_status` and said to wait
/// `seconds`.
pub const fn limited(
    name: &'static str,
    changes: Fields,
    http_status: u16,
    seconds: u64,
    says: &'static [&'static str],
) -> Case {
    Case {
        name,
        changes,
        category: Some(Category::RateLimited),
        http_status,
        steps: [P, S, S],
        says,
        retry_after: Some(seconds),
    }
}

/// The fixtures of `platform`.
pub fn of(platform: Platform) -> &'static Fixtures {
    home(platform).fixtures
}

fn object(fields: Fields) -> Value {
    fields
        .iter()
        .map(|(k, v)| (k.to_string(), Value::from(*v)))
        .collect::<serde_json::Map<_, _>>()
        .into()
}

/// Every platform's fixtures as JSON, keyed by wire name, with the seeded
/// demo connection that holds the platform.
pub fn fixtures_json() -> Value {
    Platform::ALL
        .into_iter()
        .map(|p| {
            let f = of(p);
            let cases: Vec<Value> = f
                .cases
                .iter()
                .map(|c| {
                    json!({
                        "name": c.name,
                        "changes": object(c.changes),
                        "category": c.category,
                        "http_status": c.http_status,
                        "steps": c.steps,
                        "says": c.says,
                        "retry_after": c.retry_after,
                    })
                })
                .collect();
            let value = json!({
                "name": p.display_name(),
                "side": p.side(),
                "connection": crate::demo_seed::connection_of(p),
                "working": object(f.working),
                "hanging": object(std::slice::from_ref(&f.hanging)),
                "cases": cases,
            });
            (p.as_str().to_string(), value)
        })
        .collect::<serde_json::Map<_, _>>()
        .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use dropstream_api::validate::validate_field;

    #[test]
    fn every_value_is_a_valid_field_of_its_platform() {
        for p in Platform::ALL {
            let f = of(p);
            let changed = f.cases.iter().flat_map(|c| c.changes.iter());
            let keys: Vec<&str> = f.working.iter().map(|(k, _)| *k).collect();
            let expected: Vec<&str> = p.fields().iter().map(|spec| spec.key).collect();
            assert_eq!(
                keys, expected,
                "{p}: the working values fill every field, in order"
            );
            for (key, value) in f.working.iter().chain(changed).chain([&f.hanging]) {
                let spec = p
                    .field(key)
                    .unwrap_or_else(|| panic!("{p} has no field {key}"));
                assert!(
                    validate_field(spec, value).is_ok(),
                    "{p}: {key} = {value:?}"
                );
            }
        }
    }

    #[test]
    fn every_table_starts_with_its_success_and_names_its_rows_once() {
        for p in Platform::ALL {
            let cases = of(p).cases;
            assert!(
                cases[0].category.is_none() && cases[0].changes.is_empty(),
                "{p}"
            );
            let mut names: Vec<&str> = cases.iter().map(|c| c.name).collect();
            names.sort_unstable();
            names.dedup();
            assert_eq!(names.len(), cases.len(), "{p} repeats a row name");
            for c in cases {
                assert_eq!(
                    c.retry_after.is_some(),
                    c.category == Some(Category::RateLimited)
                );
            }
        }
    }

    #[test]
    fn each_warehouse_sandbox_has_stock_of_exactly_the_stocked_skus() {
        use crate::platforms::{extensiv, shipbob, shiphero};
        for stock in [
            extensiv::fixtures::EXTENSIV_STOCK,
            shipbob::fixtures::SHIPBOB_STOCK,
            shiphero::fixtures::SHIPHERO_STOCK,
        ] {
            let skus: Vec<&str> = stock.iter().map(|(sku, _)| *sku).collect();
            assert_eq!(skus, STOCKED_SKUS);
            assert!(stock.iter().any(|(_, q)| *q == 0), "{stock:?}");
        }
    }

    #[test]
    fn the_browser_tests_read_the_same_fixtures() {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../tests/fixtures/platforms.json");
        let generated = serde_json::to_string_pretty(&fixtures_json()).unwrap() + "\n";
        if std::env::var_os("DROPSTREAM_WRITE_FIXTURES").is_some() {
            std::fs::write(&path, &generated).unwrap();
        }
        let committed = std::fs::read_to_string(&path).unwrap_or_default();
        assert!(
            committed == generated,
            "tests/fixtures/platforms.json differs from the platforms' fixtures: \
             DROPSTREAM_WRITE_FIXTURES=1 cargo test -p dropstream-server --lib platforms writes it"
        );
    }
}
