//! Asks before leaving a page with unsaved edits: on closing or reloading
//! the tab (`beforeunload`) and on in-app links that leave the page.

use leptos::ev;
use leptos::prelude::*;
use wasm_bindgen::JsCast;

pub const LEAVE_QUESTION: &str = "You have unsaved changes. Leave this page and lose them?";

/// While `dirty` is true, the browser asks before unloading, and a click on
/// a link outside `keep_prefix` (e.g. the other tab of the same connection,
/// whose edits are kept) asks with [`LEAVE_QUESTION`] first. Links that open
/// a new tab (`target="_blank"`, or a modifier key) do not ask.
///
/// Links are checked in the capture phase, before the router's own click
/// handler: refusing stops the click there.
pub fn use_leave_guard(dirty: Signal<bool>, keep_prefix: String) {
    let unload = window_event_listener(ev::beforeunload, move |e| {
        if dirty.get_untracked() {
            e.prevent_default();
            e.set_return_value(LEAVE_QUESTION);
        }
    });
    let on_click = wasm_bindgen::closure::Closure::<dyn FnMut(web_sys::MouseEvent)>::new(
        move |e: web_sys::MouseEvent| {
            if !dirty.get_untracked() || e.default_prevented() || e.button() != 0 {
                return;
            }
            // Opening another tab or window leaves this page as it is.
            if e.ctrl_key() || e.meta_key() || e.shift_key() {
                return;
            }
            let link = e
                .target()
                .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
                .and_then(|el| el.closest("a[href]").ok().flatten());
            let Some(link) = link else { return };
            if link.get_attribute("target").is_some_and(|t| t != "_self") {
                return;
            }
            let Some(href) = link.get_attribute("href") else {
                return;
            };
            if href.starts_with(&keep_prefix) || href.starts_with('#') {
                return;
            }
            let leave = window()
                .confirm_with_message(LEAVE_QUESTION)
                .unwrap_or(true);
            if !leave {
                e.prevent_default();
                e.stop_immediate_propagation();
            }
        },
    );
    let options = web_sys::AddEventListenerOptions::new();
    options.set_capture(true);
    let _ = document().add_event_listener_with_callback_and_add_event_listener_options(
        "click",
        on_click.as_ref().unchecked_ref(),
        &options,
    );
    // Browser objects are not Send; this cleanup runs on the one UI thread.
    let on_click = send_wrapper::SendWrapper::new(on_click);
    on_cleanup(move || {
        let _ = document().remove_event_listener_with_callback_and_bool(
            "click",
            on_click.as_ref().unchecked_ref(),
            true,
        );
        unload.remove();
    });
}
