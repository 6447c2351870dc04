use dropstream_api::Platform;
use leptos::prelude::*;

/// What each channel of the Connection needs granted on this platform, from
/// the catalog, so the merchant can set the credential up right the first
/// time (and read what a failed permissions step refers to).
#[component]
pub fn ChannelPermissions(platform: Platform) -> impl IntoView {
    view! {
        <details class="permissions">
            <summary>{format!("Permissions DropStream needs on {}", platform.display_name())}</summary>
            <dl class="permissions__list">
                {platform
                    .channel_needs()
                    .iter()
                    .map(|need| {
                        view! {
                            <dt>{need.channel.label()}</dt>
                            <dd>{need.permissions.join(", ")}</dd>
                        }
                    })
                    .collect_view()}
            </dl>
        </details>
    }
}
