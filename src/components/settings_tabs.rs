use dropstream_api::{ConnectionDetail, Side};
use leptos::ev::KeyboardEvent;
use leptos::prelude::*;
use leptos_router::hooks::use_navigate;

/// The Store / Warehouse tabs of a connection's settings, in the WAI-ARIA
/// tabs pattern: each tab is a link to its own URL, the selected one is the
/// only one in the tab order, and the arrow keys, Home and End move between
/// them.
#[component]
pub fn SettingsTabs(
    connection: ConnectionDetail,
    #[prop(into)] selected: Signal<Option<Side>>,
) -> impl IntoView {
    let id = connection.id;
    let navigate = use_navigate();
    let on_keydown = move |ev: KeyboardEvent| {
        let Some(current) = selected.get_untracked() else {
            return;
        };
        let index = Side::ALL.iter().position(|s| *s == current).unwrap_or(0);
        let last = Side::ALL.len() - 1;
        let next = match ev.key().as_str() {
            "ArrowRight" => Some(if index == last { 0 } else { index + 1 }),
            "ArrowLeft" => Some(if index == 0 { last } else { index - 1 }),
            "Home" => Some(0),
            "End" => Some(last),
            _ => None,
        };
        if let Some(next) = next {
            ev.prevent_default();
            let side = Side::ALL[next];
            navigate(&tab_href(id, side), Default::default());
            focus_tab(side);
        }
    };
    view! {
        <div class="tabs" role="tablist" aria-label="Connection settings" on:keydown=on_keydown>
            {Side::ALL
                .into_iter()
                .map(|side| {
                    let platform = connection.side(side).platform;
                    let is_selected = move || selected.get() == Some(side);
                    // With no tab selected (an unknown tab URL), the first
                    // one stays reachable with the keyboard.
                    let in_tab_order = move || is_selected() || (selected.get().is_none() && side == Side::ALL[0]);
                    view! {
                        <a
                            role="tab"
                            class="tabs__tab"
                            id=tab_id(side)
                            href=tab_href(id, side)
                            aria-controls=move || is_selected().then_some("settings-panel")
                            aria-selected=move || is_selected().to_string()
                            tabindex=move || if in_tab_order() { "0" } else { "-1" }
                        >
                            <span class="tabs__label">{side.label()}</span>
                            <span class="tabs__platform">{platform.display_name()}</span>
                        </a>
                    }
                })
                .collect_view()}
        </div>
    }
}

pub fn tab_id(side: Side) -> String {
    format!("tab-{side}")
}

fn tab_href(id: i64, side: Side) -> String {
    format!("/connections/{id}/settings/{side}")
}

fn focus_tab(side: Side) {
    use wasm_bindgen::JsCast;
    let el = document()
        .get_element_by_id(&tab_id(side))
        .and_then(|e| e.dyn_into::<web_sys::HtmlElement>().ok());
    if let Some(el) = el {
        let _ = el.focus();
    }
}
