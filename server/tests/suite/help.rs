//! Help articles and "was this helpful?" votes over real HTTP.

use crate::support;

use dropstream_api::help::{category_article, Article, ArticleSummary, VoteCounts};
use dropstream_api::Category;
use reqwest::Method;
use support::{Browser, TestServer};

const PLATFORM_ARTICLES: [&str; 8] = [
    "platform-shopify",
    "platform-bigcommerce",
    "platform-woocommerce",
    "platform-magento",
    "platform-shipstation",
    "platform-shipbob",
    "platform-extensiv",
    "platform-shiphero",
];

async fn article(b: &Browser, slug: &str) -> Article {
    let r = b.get(&format!("/api/help/articles/{slug}")).await;
    assert_eq!(r.status(), 200, "{slug}");
    r.json().await.unwrap()
}

/// Answers "was this helpful?" on the Test Connection article.
async fn vote(b: &Browser, helpful: bool) -> reqwest::Response {
    vote_as(b, serde_json::json!(helpful)).await
}

/// As [`vote`], with any JSON as the answer.
async fn vote_as(b: &Browser, helpful: serde_json::Value) -> reqwest::Response {
    let body = serde_json::json!({ "helpful": helpful });
    b.send_body(
        Method::PUT,
        "/api/help/articles/test-connection/vote",
        &body,
    )
    .await
}

#[tokio::test]
async fn the_index_lists_every_article_and_each_one_opens() {
    let s = TestServer::start().await;
    let list: Vec<ArticleSummary> = s.get("/api/help/articles").await.json().await.unwrap();
    assert_eq!(list[0].slug, "test-connection");
    let slugs: Vec<&str> = list.iter().map(|a| a.slug.as_str()).collect();
    for slug in PLATFORM_ARTICLES {
        assert!(slugs.contains(&slug), "{slug} missing");
    }
    for c in Category::ALL {
        assert!(slugs.contains(&category_article(c).as_str()));
    }
    for a in &list {
        let full = article(&s, &a.slug).await;
        assert_eq!(full.title, a.title);
        assert!(!full.html.is_empty());
        assert!(!full.html.contains("<script"), "{}", a.slug);
    }
}

#[tokio::test]
async fn the_test_connection_article_has_every_badge_section() {
    let s = TestServer::start().await;
    let a = article(&s, "test-connection").await;
    assert_eq!(a.title, "Test a Connection's credentials");
    assert_eq!(a.updated.len(), 10);
    for c in Category::ALL {
        let anchor = c.help().anchor;
        assert!(a.html.contains(&format!("id=\"{anchor}\"")), "#{anchor}");
    }
    let toc: Vec<&str> = a.toc.iter().map(|t| t.id.as_str()).collect();
    assert!(toc.contains(&"where-the-button-is") && toc.contains(&"which-side-to-check"));
    assert!(a.related.iter().any(|r| r.slug == "platform-shopify"));
    // The facts the issue asks the article to teach.
    for phrase in [
        "Success!",
        "SKU mismatches never fail the test",
        "authorization errors",
        "enabled",
        "No orders exported to your warehouse",
        "Contact DropStream support",
    ] {
        assert!(a.html.contains(phrase), "{phrase}");
    }
}

#[tokio::test]
async fn an_unknown_article_is_a_json_404() {
    let s = TestServer::start().await;
    // Neither the article nor its comments.
    let nope = "/api/help/articles/nope";
    support::assert_not_found(&s, &[nope, &format!("{nope}/comments")]).await;
}

#[tokio::test]
async fn one_vote_per_account_that_can_be_changed() {
    let s = TestServer::start().await;
    assert_eq!(
        article(&s, "test-connection").await.votes,
        VoteCounts::default()
    );

    s.sign_in_demo(0).await;
    let r = vote(&s, true).await;
    assert_eq!(r.status(), 200);
    let counts: VoteCounts = r.json().await.unwrap();
    assert_eq!((counts.yes, counts.no, counts.mine), (1, 0, Some(true)));

    // Voting again changes the answer instead of adding one.
    let counts: VoteCounts = vote(&s, false).await.json().await.unwrap();
    assert_eq!((counts.yes, counts.no, counts.mine), (0, 1, Some(false)));
    let counts: VoteCounts = vote(&s, false).await.json().await.unwrap();
    assert_eq!((counts.yes, counts.no), (0, 1));

    // Another account counts separately and sees its own answer.
    let other = s.other_browser().await;
    other.sign_in_demo(1).await;
    let counts: VoteCounts = vote(&other, true).await.json().await.unwrap();
    assert_eq!((counts.yes, counts.no, counts.mine), (1, 1, Some(true)));
    let mine = article(&s, "test-connection").await.votes;
    assert_eq!((mine.yes, mine.no, mine.mine), (1, 1, Some(false)));
    assert_eq!(
        article(&s, "error-setup").await.votes,
        VoteCounts::default()
    );

    assert_eq!(vote_as(&s, serde_json::json!("very")).await.status(), 422);
}
