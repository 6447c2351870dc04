use crate::api::{self, ApiFailure};
use crate::components::{ChannelCard, ConnectionNav, Loaded, NavItem};
use crate::route::{page_part, Page};
use crate::task::Load;
use dropstream_api::{ApiError, ChannelState, ConnectionDetail, ErrorCode};
use leptos::prelude::*;

/// `/connections/{id}/channels`: what moves between the connection's store
/// and warehouse, each channel with its switch, schedule, Run now and its
/// newest run. A channel is linkable as `#orders`, `#shipments`,
/// `#inventory`.
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let id = page_part(Page::connection_id);
    move || view! { <Channels id=id.get() /> }
}

#[component]
fn Channels(id: Option<i64>) -> impl IntoView {
    let loaded = Load::new(move || async move {
        let Some(id) = id else {
            return Err(ApiFailure::Api {
                status: 404,
                body: ApiError::new(ErrorCode::NotFound, "Not a connection id."),
            });
        };
        let connection = api::get_connection(id).await?;
        let channels = api::channels(id).await?;
        Ok::<(ConnectionDetail, Vec<ChannelState>), ApiFailure>((connection, channels))
    });
    view! {
        <Loaded resource=loaded what="this connection's channels" loading="Loading channels…" not_found_page=true
            let((connection, channels))>
            <ConnectionNav id=connection.id name=connection.name.clone() current=NavItem::Channels />
            {(!connection.enabled).then(|| view! {
                <p class="notice" role="note">
                    "This connection is disabled, so its channels do not run. Enable it on the "
                    <a href="/connections">"Connections"</a>
                    " list."
                </p>
            })}
            <div class="channels">
                {channels
                    .into_iter()
                    .map(|state| view! {
                        <ChannelCard connection=connection.clone() state />
                    })
                    .collect_view()}
            </div>
        </Loaded>
    }
}
