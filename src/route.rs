//! Which screen a path shows, and the parts of the path it reads.
//!
//! The router has a single route that matches every path (`App`); this
//! module reads the path. leptos_router builds one nested type per route of
//! its table, with its own matching, outlet and navigation code, and eleven
//! routes made up 60 KB of the main module; one route and this match are a
//! fraction of that.

use crate::split::Screens;
use dropstream_api::help::ArticleSummary;
use dropstream_api::Side;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// A path of the desk, its variable parts as they appear in it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Page {
    /// `/`, which sends the person on to the connections.
    Home,
    /// `/connections`
    Connections,
    /// `/connections/{id}/settings` (`tab` is `None`, the Store tab opens)
    /// and `/connections/{id}/settings/{tab}`.
    Settings { id: String, tab: Option<String> },
    /// `/connections/{id}/channels`
    Channels { id: String },
    /// `/help`
    HelpIndex,
    /// `/help/{slug}`
    HelpArticle { slug: String },
    /// `/signin`
    SignIn,
    /// `/set-password`
    SetPassword,
    /// `/account`
    Account,
    /// `/admin/users`
    Users,
    /// `/admin/audit`
    AuditLog,
    /// `/admin/widget`
    WidgetAdmin,
    /// Any other path.
    NotFound,
}

/// What the page area shows for a [`Page`], without the page's variable
/// parts: it is rebuilt only when this changes, so moving between two
/// connections or two articles keeps the screen and lets it follow the path.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Shown {
    Home,
    /// The settings page around its tabs (in the main module: its tab
    /// arrives in the same pass as the connection).
    Settings,
    /// A screen whose code loads on first visit; `signed_in` screens wait
    /// for the session check first.
    Screen {
        screen: Screens,
        signed_in: bool,
    },
    NotFound,
}

impl Page {
    /// Reads a path (without its query or fragment). One trailing slash is
    /// ignored, as `/help/` is `/help`.
    pub fn parse(path: &str) -> Page {
        let path = path.strip_prefix('/').unwrap_or(path);
        let path = match path.strip_suffix('/') {
            Some(trimmed) if !trimmed.is_empty() => trimmed,
            _ => path,
        };
        let segments: Vec<&str> = path.split('/').collect();
        let owned = |segment: &str| segment.to_string();
        match segments.as_slice() {
            [""] => Page::Home,
            ["connections"] => Page::Connections,
            ["connections", id, "settings"] if !id.is_empty() => Page::Settings {
                id: owned(id),
                tab: None,
            },
            ["connections", id, "settings", tab] if !id.is_empty() && !tab.is_empty() => {
                Page::Settings {
                    id: owned(id),
                    tab: Some(owned(tab)),
                }
            }
            ["connections", id, "channels"] if !id.is_empty() => Page::Channels { id: owned(id) },
            ["help"] => Page::HelpIndex,
            ["help", slug] if !slug.is_empty() => Page::HelpArticle { slug: owned(slug) },
            ["signin"] => Page::SignIn,
            ["set-password"] => Page::SetPassword,
            ["account"] => Page::Account,
            ["admin", "users"] => Page::Users,
            ["admin", "audit"] => Page::AuditLog,
            ["admin", "widget"] => Page::WidgetAdmin,
            _ => Page::NotFound,
        }
    }

    pub fn shown(&self) -> Shown {
        let screen = |screen| Shown::Screen {
            screen,
            signed_in: false,
        };
        let signed_in = |screen| Shown::Screen {
            screen,
            signed_in: true,
        };
        match self {
            Page::Home => Shown::Home,
            Page::Connections => signed_in(Screens::ConnectionsList),
            Page::Settings { .. } => Shown::Settings,
            Page::Channels { .. } => signed_in(Screens::Channels),
            Page::HelpIndex => screen(Screens::HelpIndex),
            Page::HelpArticle { .. } => screen(Screens::HelpArticle),
            Page::SignIn => screen(Screens::SignIn),
            Page::SetPassword => screen(Screens::SetPassword),
            Page::Account => signed_in(Screens::Account),
            Page::Users => signed_in(Screens::Users),
            Page::AuditLog => signed_in(Screens::AuditLog),
            Page::WidgetAdmin => signed_in(Screens::WidgetAdmin),
            Page::NotFound => Shown::NotFound,
        }
    }

    /// The connection a settings or channels path names: a positive whole
    /// number, else `None` (the screen then says the connection is not
    /// found).
    pub fn connection_id(&self) -> Option<i64> {
        match self {
            Page::Settings { id, .. } | Page::Channels { id } => {
                id.parse::<i64>().ok().filter(|id| *id > 0)
            }
            _ => None,
        }
    }

    /// The settings tab a path names: `Some(None)` for a tab that is not a
    /// side, `None` for the settings without a tab.
    pub fn tab(&self) -> Option<Option<Side>> {
        match self {
            Page::Settings { tab: Some(tab), .. } => Some(Side::parse(tab)),
            _ => None,
        }
    }

    /// The article a help path names (empty elsewhere).
    pub fn slug(&self) -> String {
        match self {
            Page::HelpArticle { slug } => slug.clone(),
            _ => String::new(),
        }
    }
}

/// Marks a tree built for the help widget's panel: its links stay under
/// `/embed` ([`EMBED_PREFIX`]), where the panel's own pages are.
#[derive(Clone, Copy, Debug)]
pub struct Embedded;

/// Where the panel's pages live: `/embed/help/{slug}` is the panel's view
/// of `/help/{slug}`.
pub const EMBED_PREFIX: &str = "/embed";

/// The address of a desk path (`/help/…`, `/signin`) where the caller is
/// built: under [`EMBED_PREFIX`] inside the help widget's panel.
pub fn local(path: &str) -> String {
    match use_context::<Embedded>() {
        Some(Embedded) => format!("{EMBED_PREFIX}{path}"),
        None => path.to_string(),
    }
}

/// The sign-in page's address, coming back to `back` (a desk path) after.
pub fn sign_in_then(back: &str) -> String {
    format!(
        "{}?return={}",
        local("/signin"),
        String::from(js_sys::encode_uri_component(&local(back)))
    )
}

/// The fragment of the current address (`#setup`, or empty), which an
/// article scrolls to once its body is in place.
#[derive(Clone, Copy)]
pub struct Fragment(pub Signal<String>);

/// The current fragment; empty where none is provided.
pub fn fragment() -> Signal<String> {
    use_context::<Fragment>()
        .map(|f| f.0)
        .unwrap_or_else(|| Signal::stored(String::new()))
}

/// The help center's search box, when the page around it sets it (the
/// widget's `search` call); else the index keeps its own.
#[derive(Clone, Copy)]
pub struct HelpQuery(pub RwSignal<String>);

/// What the page around the help center shows above its list, given the
/// articles and the search as typed (the widget's panel: the articles the
/// host suggests). Built there, so the dashboard carries none of it.
#[derive(Clone)]
pub struct AboveList(pub std::sync::Arc<AboveListView>);

/// Builds what [`AboveList`] shows from the articles and the search.
pub type AboveListView = dyn Fn(&[ArticleSummary], &str) -> Option<AnyView> + Send + Sync;

/// The current page, read from the router's location once per path change.
/// Called where the page area is built (`App`), which shares it with every
/// screen below it.
pub fn provide_page() -> Memo<Page> {
    let location = use_location();
    provide_context(Fragment(location.hash.into()));
    let page = Memo::new(move |_| Page::parse(&location.pathname.read()));
    provide_context(page);
    page
}

/// A part of the current page, as a memo: it notifies only when that part
/// changes.
pub fn page_part<T>(part: fn(&Page) -> T) -> Memo<T>
where
    T: Clone + PartialEq + Send + Sync + 'static,
{
    let page = expect_context::<Memo<Page>>();
    Memo::new(move |_| part(&page.read()))
}
