//! Which screen each path of the desk shows (`route.rs`).

use dropstream_api::Side;
use dropstream_desk::route::{Page, Shown};
use dropstream_desk::split::Screens;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn every_address_of_the_desk_reads_as_its_page() {
    let settings = |id: &str, tab: Option<&str>| Page::Settings {
        id: id.into(),
        tab: tab.map(String::from),
    };
    for (path, page) in [
        ("/", Page::Home),
        ("/connections", Page::Connections),
        ("/connections/", Page::Connections),
        ("/connections/7/settings", settings("7", None)),
        (
            "/connections/7/settings/warehouse",
            settings("7", Some("warehouse")),
        ),
        (
            "/connections/x/settings/store",
            settings("x", Some("store")),
        ),
        ("/connections/7/channels", Page::Channels { id: "7".into() }),
        ("/help", Page::HelpIndex),
        (
            "/help/test-connection",
            Page::HelpArticle {
                slug: "test-connection".into(),
            },
        ),
        ("/signin", Page::SignIn),
        ("/set-password", Page::SetPassword),
        ("/account", Page::Account),
        ("/admin/users", Page::Users),
        ("/admin/audit", Page::AuditLog),
    ] {
        assert_eq!(Page::parse(path), page, "{path}");
    }
}

#[wasm_bindgen_test]
fn paths_the_desk_does_not_have_are_not_found() {
    for path in [
        "/nope",
        "/connections/7",
        "/connections//settings",
        "/connections/7/settings/store/extra",
        "/help/a/b",
        "/admin",
        "/signin/again",
        "//",
    ] {
        assert_eq!(Page::parse(path), Page::NotFound, "{path}");
        assert_eq!(Page::parse(path).shown(), Shown::NotFound, "{path}");
    }
}

#[wasm_bindgen_test]
fn a_page_names_its_connection_tab_and_article() {
    let page = Page::parse("/connections/12/settings/warehouse");
    assert_eq!(page.connection_id(), Some(12));
    assert_eq!(page.tab(), Some(Some(Side::Warehouse)));
    assert_eq!(page.shown(), Shown::Settings);

    assert_eq!(Page::parse("/connections/12/settings").tab(), None);
    assert_eq!(
        Page::parse("/connections/12/settings/attic").tab(),
        Some(None)
    );
    for id in ["0", "-3", "abc", "99999999999999999999"] {
        let path = format!("/connections/{id}/channels");
        assert_eq!(Page::parse(&path).connection_id(), None, "{path}");
    }
    assert_eq!(
        Page::parse("/help/platform-shopify").slug(),
        "platform-shopify"
    );
    assert_eq!(
        Page::parse("/admin/users").shown(),
        Shown::Screen {
            screen: Screens::Users,
            signed_in: true
        }
    );
    assert_eq!(
        Page::parse("/help").shown(),
        Shown::Screen {
            screen: Screens::HelpIndex,
            signed_in: false
        }
    );
}
