//! Markdown → sanitized HTML, with stable ids on section headings.

use dropstream_api::help::TocEntry;
use pulldown_cmark::{html, CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd};
use std::collections::HashSet;

/// Renders `markdown` and lists its second-level sections. A heading keeps
/// an explicit `{#id}`; otherwise its id is made from its text.
pub fn to_html(markdown: &str) -> (String, Vec<TocEntry>) {
    let options = Options::ENABLE_TABLES | Options::ENABLE_HEADING_ATTRIBUTES;
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let mut used = HashSet::new();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, id, .. }) = &events[i] {
            let level = *level;
            let end = events[i..]
                .iter()
                .position(|e| matches!(e, Event::End(TagEnd::Heading(_))))
                .map_or(events.len(), |n| i + n);
            let text: String = events[i + 1..end]
                .iter()
                .filter_map(|e| match e {
                    Event::Text(t) | Event::Code(t) => Some(t.as_ref()),
                    _ => None,
                })
                .collect();
            let base = id
                .as_ref()
                .map(|s| s.to_string())
                .unwrap_or_else(|| slugify(&text));
            let mut unique = base.clone();
            let mut n = 2;
            while !used.insert(unique.clone()) {
                unique = format!("{base}-{n}");
                n += 1;
            }
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                *id = Some(CowStr::from(unique.clone()));
            }
            if level == HeadingLevel::H2 {
                toc.push(TocEntry {
                    id: unique,
                    title: text,
                });
            }
            i = end;
        }
        i += 1;
    }
    let mut raw = String::new();
    html::push_html(&mut raw, events.into_iter());
    (sanitize(&raw), toc)
}

/// Our own content still goes through the sanitizer: one rule for every
/// piece of HTML the SPA inserts.
fn sanitize(raw: &str) -> String {
    ammonia::Builder::default()
        .add_tag_attributes("h2", &["id"])
        .add_tag_attributes("h3", &["id"])
        .add_tag_attributes("h4", &["id"])
        .clean(raw)
        .to_string()
}

fn slugify(text: &str) -> String {
    let mut out = String::new();
    for c in text.chars().flat_map(char::to_lowercase) {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('-') && !out.is_empty() {
            out.push('-');
        }
    }
    out.trim_end_matches('-').to_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_ids_and_second_level_ones_make_the_toc() {
        let (html, toc) = to_html(
            "## Where is it?\n\ntext\n\n### Detail\n\n## Red badge {#red}\n\n## Where is it?\n",
        );
        assert!(html.contains("<h2 id=\"where-is-it\">"), "{html}");
        assert!(html.contains("<h3 id=\"detail\">"), "{html}");
        assert!(html.contains("<h2 id=\"red\">"), "{html}");
        assert!(html.contains("<h2 id=\"where-is-it-2\">"), "{html}");
        let ids: Vec<_> = toc.iter().map(|t| t.id.as_str()).collect();
        assert_eq!(ids, ["where-is-it", "red", "where-is-it-2"]);
    }

    #[test]
    fn raw_html_and_script_links_are_removed() {
        let (html, _) = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) <img src=x onerror=alert(1)>",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(!html.contains("javascript:"), "{html}");
        assert!(!html.contains("onerror"), "{html}");
    }
}
