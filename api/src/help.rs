//! The help center's contract: articles, votes, comments, accounts.
//!
//! Comment rules live here so the form and the server agree on them, and
//! so does the one way comment text is turned into paragraphs and links.

use crate::result::Category;
use crate::Platform;
use serde::{Deserialize, Serialize};

/// The article every Test Connection badge links into.
pub const TEST_CONNECTION_ARTICLE: &str = "test-connection";

/// Comments per page of `GET …/comments`.
pub const COMMENTS_PER_PAGE: usize = 20;
/// Longest comment, in characters (not bytes).
pub const COMMENT_MAX_CHARS: usize = 5_000;

/// The per-category article that a Test Connection section links on to.
pub fn category_article(category: Category) -> String {
    format!("error-{}", category.help().anchor)
}

/// "Where to find the credentials" article of a platform. Platforms not yet
/// in [`Platform`] have articles too; their slugs follow the same rule.
pub fn platform_article(platform: Platform) -> String {
    format!("platform-{}", platform.as_str())
}

/// One line of `GET /api/help/articles`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// `YYYY-MM-DD`.
    pub updated: String,
}

/// A heading of an article's table of contents.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct TocEntry {
    pub id: String,
    pub title: String,
}

/// `GET /api/help/articles/{slug}`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub slug: String,
    pub title: String,
    pub summary: String,
    pub updated: String,
    /// Rendered on the server and sanitized there: the only HTML the SPA
    /// inserts as HTML.
    pub html: String,
    /// Empty for short articles.
    pub toc: Vec<TocEntry>,
    pub related: Vec<ArticleSummary>,
    pub votes: VoteCounts,
    pub comment_count: u64,
}

/// "Was this article helpful?" and this visitor's own answer.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteCounts {
    pub yes: u64,
    pub no: u64,
    pub mine: Option<bool>,
}

/// Body of `PUT /api/help/articles/{slug}/vote`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct VoteRequest {
    pub helpful: bool,
}

/// A signed-in person as others see them.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct User {
    pub id: i64,
    pub display_name: String,
}

/// `GET /api/session`: who is signed in, if anyone.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Session {
    pub user: Option<User>,
    /// Role and merchant of the signed-in person.
    #[serde(default)]
    pub account: Option<crate::access::AccountInfo>,
}

/// Body of `POST /api/session` (sign in).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct SignIn {
    pub email: String,
    pub password: String,
}

wire_enum! {
    #[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
    pub enum CommentOrder {
        #[default]
        Newest => "newest",
        Oldest => "oldest",
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Comment {
    pub id: i64,
    pub author: String,
    /// Whether the signed-in reader wrote it (and may edit or delete it).
    pub mine: bool,
    /// Plain text exactly as written; see [`comment_paragraphs`].
    pub body: String,
    /// RFC 3339, UTC.
    pub created_at: String,
    pub edited_at: Option<String>,
}

/// One page of `GET /api/help/articles/{slug}/comments`.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentPage {
    pub comments: Vec<Comment>,
    /// Opaque; pass back as `cursor` for the next page. Absent on the last.
    pub next_cursor: Option<String>,
    pub total: u64,
}

/// Body of posting or editing a comment.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CommentBody {
    pub body: String,
}

/// Checks a comment before it is sent and again when it arrives; answers
/// the trimmed text or what is wrong with it.
pub fn validate_comment(body: &str) -> Result<&str, String> {
    let text = body.trim();
    let chars = text.chars().count();
    if chars == 0 {
        return Err("Write something before posting.".to_string());
    }
    if chars > COMMENT_MAX_CHARS {
        return Err(format!(
            "Comments can be at most {COMMENT_MAX_CHARS} characters; this one has {chars}."
        ));
    }
    Ok(text)
}

/// Comment text without bidirectional embedding, override and isolate
/// controls (U+202A–U+202E, U+2066–U+2069): they can make text read
/// differently from what it is (a link's target reversed, say) and have no
/// use in a help comment.
pub fn drop_bidi_controls(text: &str) -> String {
    text.chars()
        .filter(|c| !matches!(c, '\u{202A}'..='\u{202E}' | '\u{2066}'..='\u{2069}'))
        .collect()
}

/// A run of comment text: shown as text, or as a link when it is an
/// http(s) address.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Segment<'a> {
    Text(&'a str),
    Link(&'a str),
}

/// Splits comment text into paragraphs (at blank lines) and each paragraph
/// into text and http(s) links. Nothing else is ever treated as markup.
pub fn comment_paragraphs(body: &str) -> Vec<Vec<Segment<'_>>> {
    let normalized = body.trim();
    let mut paragraphs = Vec::new();
    let mut start = 0;
    let bytes = normalized.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'\n' {
            // A line holding only whitespace ends the paragraph.
            let rest = &normalized[i + 1..];
            let line_end = rest.find('\n').map(|n| i + 1 + n);
            if let Some(end) = line_end {
                if normalized[i + 1..end].trim().is_empty() {
                    push_paragraph(&mut paragraphs, &normalized[start..i]);
                    start = end + 1;
                    i = end + 1;
                    continue;
                }
            }
        }
        i += 1;
    }
    push_paragraph(&mut paragraphs, &normalized[start..]);
    paragraphs
}

fn push_paragraph<'a>(out: &mut Vec<Vec<Segment<'a>>>, text: &'a str) {
    let text = text.trim();
    if !text.is_empty() {
        out.push(linkify(text));
    }
}

fn linkify(text: &str) -> Vec<Segment<'_>> {
    let mut segments = Vec::new();
    let mut rest = text;
    while let Some(at) = find_link_start(rest) {
        let tail = &rest[at..];
        let len = tail
            .find(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '"'))
            .unwrap_or(tail.len());
        // Sentence punctuation right after an address is not part of it.
        let link = tail[..len].trim_end_matches(['.', ',', ';', ':', '!', '?', ')', '\'']);
        let scheme_len = if link.starts_with("https://") { 8 } else { 7 };
        if link.len() <= scheme_len {
            segments.push(Segment::Text(&rest[..at + len]));
            rest = &rest[at + len..];
            continue;
        }
        if at > 0 {
            segments.push(Segment::Text(&rest[..at]));
        }
        segments.push(Segment::Link(link));
        rest = &tail[link.len()..];
    }
    if !rest.is_empty() {
        segments.push(Segment::Text(rest));
    }
    segments
}

fn find_link_start(s: &str) -> Option<usize> {
    let http = s.find("http://");
    let https = s.find("https://");
    match (http, https) {
        (Some(a), Some(b)) => Some(a.min(b)),
        (a, b) => a.or(b),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn comment_length_is_counted_in_characters() {
        assert!(validate_comment("   \n ").is_err());
        assert_eq!(validate_comment("  hi  "), Ok("hi"));
        assert_eq!(
            drop_bidi_controls("a\u{202E}b\u{2066}c\u{2069}\u{202A}d\u{200F}"),
            "abcd\u{200F}"
        );
        assert!(validate_comment(&"é".repeat(COMMENT_MAX_CHARS)).is_ok());
        let long = "é".repeat(COMMENT_MAX_CHARS + 1);
        assert!(validate_comment(&long).unwrap_err().contains("5001"));
    }

    #[test]
    fn paragraphs_split_at_blank_lines_and_links_are_found() {
        let p = comment_paragraphs(
            "First line\nsame paragraph\n\n  \nSee https://help.example.com/x. Thanks",
        );
        assert_eq!(p.len(), 2);
        assert_eq!(p[0], vec![Segment::Text("First line\nsame paragraph")]);
        assert_eq!(
            p[1],
            vec![
                Segment::Text("See "),
                Segment::Link("https://help.example.com/x"),
                Segment::Text(". Thanks"),
            ]
        );
    }

    #[test]
    fn only_http_addresses_become_links() {
        let p = comment_paragraphs("javascript:alert(1) http:// <a href=x>y</a>");
        assert!(p[0].iter().all(|s| matches!(s, Segment::Text(_))), "{p:?}");
    }

    #[test]
    fn article_slugs_follow_the_badge_anchors() {
        assert_eq!(
            category_article(Category::InvalidCredentials),
            "error-invalid-credentials"
        );
        assert_eq!(platform_article(Platform::ShipBob), "platform-shipbob");
    }
}

/// A site whose pages may embed the help widget's panel: `GET/POST
/// /api/admin/embed-sites`, `DELETE /api/admin/embed-sites?origin=…`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbedSite {
    /// `https://shop.example.com`: scheme, host and port, nothing else.
    pub origin: String,
    /// The merchant whose users the site may sign in to the widget with
    /// `identify` tokens; none: people sign in inside the widget themselves.
    pub merchant: Option<String>,
    pub added_by: String,
    pub added_at: String,
}

/// The body of `POST /api/admin/embed-sites`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewEmbedSite {
    pub origin: String,
    #[serde(default)]
    pub merchant_id: Option<i64>,
}

/// The body of `POST /api/embed/identify`: a token the host site's server
/// signed (see the README, "The help widget on other sites").
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Identify {
    pub token: String,
}

/// Articles the help widget suggests on a host page whose path matches
/// `pattern` (`*` matches any run of characters): `GET/POST
/// /api/admin/help-suggestions`, `DELETE /api/admin/help-suggestions/{id}`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HelpSuggestion {
    pub id: i64,
    pub pattern: String,
    pub articles: Vec<String>,
    pub added_by: String,
    pub added_at: String,
}

/// The body of `POST /api/admin/help-suggestions`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewHelpSuggestion {
    pub pattern: String,
    pub articles: Vec<String>,
}

/// `GET /api/help/suggestions?url=…`: the articles suggested for a host
/// page, most specific pattern first.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Suggestions {
    pub articles: Vec<String>,
}
