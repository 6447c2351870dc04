use crate::components::Breadcrumbs;
use leptos::prelude::*;

/// The pages of one connection.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum NavItem {
    Settings,
    Channels,
}

impl NavItem {
    const ALL: [NavItem; 2] = [NavItem::Settings, NavItem::Channels];

    fn label(self) -> &'static str {
        match self {
            NavItem::Settings => "Settings",
            NavItem::Channels => "Channels",
        }
    }

    fn href(self, id: i64) -> String {
        match self {
            NavItem::Settings => format!("/connections/{id}/settings"),
            NavItem::Channels => format!("/connections/{id}/channels"),
        }
    }
}

/// The top of a connection's page: the breadcrumb, the title with the
/// page's name, and links between its Settings and Channels pages, the
/// current one marked for assistive technology.
#[component]
pub fn ConnectionNav(id: i64, name: String, current: NavItem) -> impl IntoView {
    view! {
        <Breadcrumbs href="/connections" parent="Connections" current=name.clone() />
        <h1>{name} <span class="subtitle">{format!(" — {}", current.label())}</span></h1>
        <nav class="connection-nav" aria-label="Connection">
            {NavItem::ALL
                .into_iter()
                .map(|item| {
                    let here = item == current;
                    view! {
                        <a
                            class="connection-nav__link"
                            class:connection-nav__link--current=here
                            href=item.href(id)
                            aria-current=here.then_some("page")
                        >
                            {item.label()}
                        </a>
                    }
                })
                .collect_view()}
        </nav>
    }
}
