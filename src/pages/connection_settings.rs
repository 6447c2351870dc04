use crate::api::{self, ApiFailure};
use crate::components::{
    tab_id, ConnectionNav, CredentialsForm, Loaded, NavItem, SettingsTabs, TestHistory,
};
use crate::form::ConnectionForms;
use crate::leave_guard::use_leave_guard;
use crate::pages::NotFoundPage;
use crate::route::{page_part, Page};
use crate::task::Load;
use dropstream_api::{ApiError, ConnectionDetail, ErrorCode, Side};
use leptos::prelude::*;
use leptos_router::components::Redirect;
use std::future::Future;

/// What the tabs of one connection share: the loaded connection and both
/// sides' form state.
#[derive(Clone, Copy)]
struct SettingsContext {
    detail: Load<Result<ConnectionDetail, ApiFailure>>,
    forms: ConnectionForms,
}

fn selected_side() -> Memo<Option<Side>> {
    page_part(|page| page.tab().flatten())
}

/// `/connections/{id}/settings/*`: the connection's name and its Store /
/// Warehouse tabs, and below them the selected tab.
///
/// The page area keeps this component when only the id changes, so the body is
/// rebuilt per id: one connection's edits and results never show on another.
///
/// `tab_code` waits for the code of the tabs' screen: it is fetched
/// alongside the connection, so `tab` (given whether the path names a tab)
/// renders in the same pass.
#[component]
pub fn ConnectionSettingsPage<F, Fut>(tab_code: F, tab: fn(bool) -> AnyView) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = ()> + 'static,
{
    let id = page_part(Page::connection_id);
    move || view! { <ConnectionSettings id=id.get() tab_code tab /> }
}

#[component]
fn ConnectionSettings<F, Fut>(
    id: Option<i64>,
    tab_code: F,
    tab: fn(bool) -> AnyView,
) -> impl IntoView
where
    F: Fn() -> Fut + Copy + Send + Sync + 'static,
    Fut: Future<Output = ()> + 'static,
{
    leptos::task::spawn_local(tab_code());
    let forms = ConnectionForms::new();
    let detail = Load::new(move || {
        forms.saves_succeeded();
        async move {
            match id {
                Some(id) => {
                    let answer = api::get_connection(id).await;
                    tab_code().await;
                    answer
                }
                None => Err(ApiFailure::Api {
                    status: 404,
                    body: ApiError::new(ErrorCode::NotFound, "Not a connection id."),
                }),
            }
        }
    });
    provide_context(SettingsContext { detail, forms });
    let side = selected_side();
    let has_tab = page_part(|page| page.tab().is_some());
    // Both tabs keep their edits, so only leaving the settings asks.
    let dirty = Signal::derive(move || match detail.get() {
        Some(Ok(connection)) => Side::ALL
            .into_iter()
            .any(|side| forms.side(side).has_unsaved(connection.side(side))),
        _ => false,
    });
    use_leave_guard(
        dirty,
        format!("/connections/{}/settings", id.unwrap_or_default()),
    );

    view! {
        <Loaded resource=detail what="this connection" loading="Loading connection…" not_found_page=true let:connection>
            <ConnectionNav id=connection.id name=connection.name.clone() current=NavItem::Settings />
            <SettingsTabs connection selected=side />
            {move || tab(has_tab.get())}
        </Loaded>
    }
}

/// `/connections/{id}/settings` opens the Store tab.
#[component]
pub fn SettingsIndex() -> impl IntoView {
    let id = page_part(Page::connection_id);
    move || {
        id.get()
            .map(|id| view! { <Redirect path=format!("/connections/{id}/settings/store") /> })
    }
}

/// One tab's panel: that side's credentials form.
#[component]
pub fn SideTab() -> impl IntoView {
    let ctx = expect_context::<SettingsContext>();
    let side = selected_side();
    move || {
        let Some(side) = side.get() else {
            return view! { <NotFoundPage /> }.into_any();
        };
        let Some(Ok(connection)) = ctx.detail.get() else {
            return ().into_any();
        };
        let settings = connection.side(side).clone();
        view! {
            <section class="tabs__panel" role="tabpanel" id="settings-panel" aria-labelledby=tab_id(side)>
                <CredentialsForm connection_id=connection.id settings form=ctx.forms.side(side) />
                <TestHistory connection_id=connection.id form=ctx.forms.side(side) />
            </section>
        }
        .into_any()
    }
}
