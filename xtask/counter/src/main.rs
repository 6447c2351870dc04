//! A Leptos counter, built by `cargo xtask bench` with the desk's release
//! profile, so boot times of the desk can be read against it on the same
//! machine in the same run.

use leptos::prelude::*;

#[component]
fn Counter() -> impl IntoView {
    let count = RwSignal::new(0);
    view! {
        <button type="button" on:click=move |_| count.update(|n| *n += 1)>
            "Count: " {count}
        </button>
    }
}

fn main() {
    leptos::mount::mount_to_body(Counter);
}
