//! The answer of a Test Connection run.

use crate::validate::FieldError;
use serde::{Deserialize, Serialize};

wire_enum! {
    /// Why a test failed. The badge headline, the default guidance and the
    /// help anchor all hang off this one enum.
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
    pub enum Category {
        InvalidCredentials => "invalid_credentials",
        MissingPermissions => "missing_permissions",
        Setup => "setup",
        Network => "network",
        Outage => "outage",
        RateLimited => "rate_limited",
        BlockedDestination => "blocked_destination",
        InvalidInput => "invalid_input",
    }
}

impl Category {
    /// The red badge's headline.
    pub fn headline(self) -> &'static str {
        match self {
            Category::InvalidCredentials => "Invalid credentials",
            Category::MissingPermissions => "Missing permissions",
            Category::Setup => "Setup problem",
            Category::Network => "Network problem",
            Category::Outage => "Platform unavailable",
            Category::RateLimited => "Rate limited",
            Category::BlockedDestination => "Address not allowed",
            Category::InvalidInput => "Check the highlighted fields",
        }
    }

    /// Whether trying again unchanged may give another answer.
    pub fn retryable(self) -> bool {
        matches!(
            self,
            Category::Network | Category::Outage | Category::RateLimited
        )
    }

    /// Where the help center explains this category (see [`help_link`]).
    pub fn help(self) -> HelpLink {
        help_link(self)
    }
}

/// The one place that decides where a result's "Learn more" points: the
/// test-connection article, at the section named after the category
/// (`#missing-permissions`). The help center also writes `category-…` and
/// `platform-…` articles; switching to those is a change here only.
pub fn help_link(category: Category) -> HelpLink {
    HelpLink {
        slug: "test-connection".to_string(),
        anchor: category.as_str().replace('_', "-"),
    }
}

/// A link into the help center: `/help/{slug}#{anchor}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpLink {
    pub slug: String,
    pub anchor: String,
}

impl HelpLink {
    pub fn href(&self) -> String {
        format!("/help/{}#{}", self.slug, self.anchor)
    }
}

wire_enum! {
    #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
    pub enum StepStatus {
        Passed => "passed",
        Failed => "failed",
        Skipped => "skipped",
    }
}

/// One stage of a test: reach the host, authenticate, check permissions.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Step {
    pub name: String,
    pub status: StepStatus,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub detail: Option<String>,
}

impl Step {
    pub fn new(name: &str, status: StepStatus, detail: Option<String>) -> Step {
        Step {
            name: name.to_string(),
            status,
            detail,
        }
    }
}

/// The outcome of one Test Connection run.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TestResult {
    pub ok: bool,
    /// Absent on success.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub category: Option<Category>,
    /// One line for the badge.
    pub message: String,
    /// What to do next (empty on success).
    #[serde(default)]
    pub guidance: String,
    #[serde(default)]
    pub steps: Vec<Step>,
    /// The platform's HTTP status, when it answered at all.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub http_status: Option<u16>,
    pub duration_ms: u64,
    pub retryable: bool,
    /// Seconds to wait, when the platform said so (rate limits).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub retry_after: Option<u64>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub help: Option<HelpLink>,
    /// For `invalid_input`: which fields, and why.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub field_errors: Vec<FieldError>,
}

impl TestResult {
    pub fn success(message: String, steps: Vec<Step>, http_status: u16) -> TestResult {
        TestResult {
            ok: true,
            category: None,
            message,
            guidance: String::new(),
            steps,
            http_status: Some(http_status),
            duration_ms: 0,
            retryable: false,
            retry_after: None,
            help: None,
            field_errors: Vec::new(),
        }
    }

    pub fn failure(category: Category, message: String, guidance: String) -> TestResult {
        TestResult {
            ok: false,
            category: Some(category),
            message,
            guidance,
            steps: Vec::new(),
            http_status: None,
            duration_ms: 0,
            retryable: category.retryable(),
            retry_after: None,
            help: Some(category.help()),
            field_errors: Vec::new(),
        }
    }

    pub fn with_steps(mut self, steps: Vec<Step>) -> TestResult {
        self.steps = steps;
        self
    }

    pub fn with_status(mut self, status: u16) -> TestResult {
        self.http_status = Some(status);
        self
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn categories_have_distinct_headlines_and_anchors() {
        let mut headlines: Vec<_> = Category::ALL.iter().map(|c| c.headline()).collect();
        headlines.sort();
        headlines.dedup();
        assert_eq!(headlines.len(), Category::ALL.len());
        assert_eq!(
            Category::InvalidCredentials.help().href(),
            "/help/test-connection#invalid-credentials"
        );
    }

    #[test]
    fn success_omits_category_on_the_wire() {
        let r = TestResult::success("ok".into(), vec![], 200);
        let json = serde_json::to_value(&r).unwrap();
        assert!(json.get("category").is_none());
        let f = TestResult::failure(Category::Outage, "down".into(), "later".into());
        let json = serde_json::to_value(&f).unwrap();
        assert_eq!(json["category"], "outage");
        assert_eq!(json["retryable"], true);
    }
}
