//! The help articles: Markdown under `content/help/`, embedded at compile
//! time (so the server finds them wherever it runs), rendered once at
//! start-up with pulldown-cmark and sanitized with ammonia.
//!
//! Each file starts with a small front matter block:
//!
//! ```text
//! ---
//! title: Test a Connection's credentials
//! summary: One line for the article list.
//! updated: 2026-11-20
//! related: platform-shopify, error-invalid-credentials
//! ---
//! ```

mod render;

use crate::platforms::home;
use dropstream_api::help::{platform_article, ArticleSummary, TocEntry};
use dropstream_api::Platform;
use std::collections::BTreeMap;
use std::sync::LazyLock;

/// The articles that are not about one platform, by slug (the file name
/// without `.md`); each platform's article comes from its folder (see
/// [`sources`]).
const SOURCES: &[(&str, &str)] = &[
    (
        "test-connection",
        include_str!("../../../content/help/test-connection.md"),
    ),
    (
        "channels-and-run-logs",
        include_str!("../../../content/help/channels-and-run-logs.md"),
    ),
    (
        "error-invalid-credentials",
        include_str!("../../../content/help/error-invalid-credentials.md"),
    ),
    (
        "error-missing-permissions",
        include_str!("../../../content/help/error-missing-permissions.md"),
    ),
    (
        "error-setup",
        include_str!("../../../content/help/error-setup.md"),
    ),
    (
        "error-network",
        include_str!("../../../content/help/error-network.md"),
    ),
    (
        "error-outage",
        include_str!("../../../content/help/error-outage.md"),
    ),
    (
        "error-rate-limited",
        include_str!("../../../content/help/error-rate-limited.md"),
    ),
    (
        "error-blocked-destination",
        include_str!("../../../content/help/error-blocked-destination.md"),
    ),
    (
        "error-invalid-input",
        include_str!("../../../content/help/error-invalid-input.md"),
    ),
];

/// Every article, by slug: [`SOURCES`], then each platform's. A test checks
/// that this list matches the folder.
fn sources() -> Vec<(String, &'static str)> {
    let general = SOURCES.iter().map(|(slug, text)| (slug.to_string(), *text));
    let platforms = Platform::ALL
        .into_iter()
        .map(|p| (platform_article(p), home(p).help));
    general.chain(platforms).collect()
}

/// A table of contents is shown from this many sections on.
const TOC_MIN_SECTIONS: usize = 3;

#[derive(Clone, Debug)]
pub struct Page {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub updated: String,
    pub related: Vec<String>,
    pub html: String,
    pub toc: Vec<TocEntry>,
}

impl Page {
    pub fn summary(&self) -> ArticleSummary {
        ArticleSummary {
            slug: self.slug.clone(),
            title: self.title.clone(),
            summary: self.summary.clone(),
            updated: self.updated.clone(),
        }
    }
}

pub struct Library {
    pages: BTreeMap<String, Page>,
    /// Slugs in the order of [`sources`]: the help index lists them so.
    order: Vec<String>,
}

/// Parsed once, on first use.
pub static LIBRARY: LazyLock<Library> = LazyLock::new(|| {
    let sources = sources();
    let sources: Vec<(&str, &str)> = sources.iter().map(|(s, t)| (s.as_str(), *t)).collect();
    Library::parse(&sources).unwrap_or_else(|e| panic!("a help article is malformed: {e}"))
});

impl Library {
    pub fn parse(sources: &[(&str, &str)]) -> Result<Library, String> {
        let mut pages = BTreeMap::new();
        let mut order = Vec::new();
        for (slug, text) in sources {
            let page = parse_page(slug, text).map_err(|e| format!("{slug}: {e}"))?;
            order.push(slug.to_string());
            pages.insert(slug.to_string(), page);
        }
        Ok(Library { pages, order })
    }

    pub fn get(&self, slug: &str) -> Option<&Page> {
        self.pages.get(slug)
    }

    pub fn all(&self) -> impl Iterator<Item = &Page> {
        self.order.iter().filter_map(|s| self.pages.get(s))
    }

    pub fn slugs(&self) -> impl Iterator<Item = &str> {
        self.order.iter().map(String::as_str)
    }
}

fn parse_page(slug: &str, text: &str) -> Result<Page, String> {
    let rest = text
        .strip_prefix("---\n")
        .ok_or("the file must start with a --- front matter block")?;
    let (front, body) = rest
        .split_once("\n---\n")
        .ok_or("the front matter block is not closed by ---")?;
    let mut fields = BTreeMap::new();
    for line in front.lines().filter(|l| !l.trim().is_empty()) {
        let (k, v) = line
            .split_once(':')
            .ok_or_else(|| format!("front matter line {line:?} is not `key: value`"))?;
        fields.insert(k.trim(), v.trim().to_string());
    }
    let mut take = |k: &str| fields.remove(k).ok_or(format!("front matter lacks {k}"));
    let title = take("title")?;
    let summary = take("summary")?;
    let updated = take("updated")?;
    if !is_date(&updated) {
        return Err(format!("updated {updated:?} is not YYYY-MM-DD"));
    }
    let related = fields
        .remove("related")
        .map(|r| {
            r.split(',')
                .map(|s| s.trim().to_string())
                .filter(|s| !s.is_empty())
                .collect()
        })
        .unwrap_or_default();
    if let Some(k) = fields.keys().next() {
        return Err(format!("unknown front matter key {k}"));
    }
    let (html, sections) = render::to_html(body);
    let toc = if sections.len() >= TOC_MIN_SECTIONS {
        sections
    } else {
        Vec::new()
    };
    Ok(Page {
        slug: slug.to_string(),
        title,
        summary,
        updated,
        related,
        html,
        toc,
    })
}

fn is_date(s: &str) -> bool {
    let b = s.as_bytes();
    b.len() == 10
        && b[4] == b'-'
        && b[7] == b'-'
        && b.iter()
            .enumerate()
            .all(|(i, c)| i == 4 || i == 7 || c.is_ascii_digit())
}

/// A suggestion as an admin gave it, checked: a path pattern (starting
/// with `/` or `*`, no spaces or commas, at most 300 characters) and one to
/// ten articles of the library. Else the field at fault and why.
pub fn checked_suggestion(
    pattern: &str,
    articles: &[String],
) -> Result<(String, Vec<String>), (&'static str, String)> {
    let pattern = pattern.trim();
    let shaped = (pattern.starts_with('/') || pattern.starts_with('*'))
        && pattern.len() <= 300
        && !pattern.contains(|c: char| c.is_whitespace() || c == ',');
    if !shaped {
        return Err((
            "pattern",
            "Give a path such as /orders/* (* matches anything), without spaces or commas.".into(),
        ));
    }
    if articles.is_empty() || articles.len() > 10 {
        return Err(("articles", "Name one to ten articles.".into()));
    }
    let mut checked = Vec::new();
    for slug in articles {
        let slug = slug.trim();
        if LIBRARY.get(slug).is_none() {
            return Err(("articles", format!("There is no article “{slug}”.")));
        }
        if !checked.iter().any(|s: &String| s == slug) {
            checked.push(slug.to_string());
        }
    }
    Ok((pattern.to_string(), checked))
}

#[cfg(test)]
mod tests {
    use super::*;
    use dropstream_api::help::{category_article, TEST_CONNECTION_ARTICLE};
    use dropstream_api::Category;

    #[test]
    fn every_file_in_the_folder_is_embedded_and_parses() {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../content/help");
        let mut on_disk: Vec<String> = std::fs::read_dir(dir)
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter_map(|n| n.strip_suffix(".md").map(str::to_string))
            .collect();
        on_disk.sort();
        let mut embedded: Vec<String> = sources().into_iter().map(|(s, _)| s).collect();
        embedded.sort();
        assert_eq!(on_disk, embedded);
        assert_eq!(LIBRARY.all().count(), embedded.len());
    }

    #[test]
    fn related_articles_exist() {
        for page in LIBRARY.all() {
            for r in &page.related {
                assert!(
                    LIBRARY.get(r).is_some(),
                    "{} links to unknown {r}",
                    page.slug
                );
            }
        }
    }

    #[test]
    fn every_badge_anchor_is_a_section_of_the_test_connection_article() {
        let page = LIBRARY.get(TEST_CONNECTION_ARTICLE).unwrap();
        for category in Category::ALL {
            let anchor = category.help().anchor;
            assert!(
                page.html.contains(&format!("id=\"{anchor}\"")),
                "no section #{anchor}"
            );
            assert!(
                page.html
                    .contains(&format!("href=\"/help/{}\"", category_article(category))),
                "section #{anchor} does not link to its article"
            );
            assert!(LIBRARY.get(&category_article(category)).is_some());
        }
        assert!(
            !page.toc.is_empty(),
            "the long article has a table of contents"
        );
    }

    #[test]
    fn front_matter_errors_are_named() {
        let e = Library::parse(&[("x", "no front matter")]).err().unwrap();
        assert!(e.contains("front matter"), "{e}");
        let e = Library::parse(&[("x", "---\ntitle: T\nsummary: S\nupdated: soon\n---\nbody")])
            .err()
            .unwrap();
        assert!(e.contains("YYYY-MM-DD"), "{e}");
    }
}
