//! "Learn more" beside the form: the dashboard opens the article's section
//! in the help widget's panel on its own page, so the credentials typed into
//! the form stay in view. The widget's loader (`public/help-widget.js`) is
//! fetched on the first use, without its Help button.

use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The loader, served by the desk itself.
const LOADER: &str = "/help-widget.js";

/// Whether a click on a "Learn more" link should open the panel: a plain
/// left click. With a modifier or another button the link does what links
/// do (a new tab, a new window).
pub fn plain_click(ev: &web_sys::MouseEvent) -> bool {
    ev.button() == 0 && !(ev.meta_key() || ev.ctrl_key() || ev.shift_key() || ev.alt_key())
}

/// Opens the article `slug` at `section` in the widget's panel, loading the
/// loader first if this page has not yet. False when the page cannot (no
/// document): the caller then lets the link open as a link.
pub fn open(slug: &str, section: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    if call_open(slug, section) {
        return true;
    }
    let Some(document) = window.document() else {
        return false;
    };
    let (Ok(script), Some(body)) = (document.create_element("script"), document.body()) else {
        return false;
    };
    let _ = script.set_attribute("src", LOADER);
    let _ = script.set_attribute("data-launcher", "none");
    let (slug, section) = (slug.to_string(), section.to_string());
    let loaded = Closure::once_into_js(move || {
        call_open(&slug, &section);
    });
    let _ = script.add_event_listener_with_callback("load", loaded.unchecked_ref());
    body.append_child(&script).is_ok()
}

/// `DropStreamHelp('open', {article, section})`, if the loader is here.
fn call_open(slug: &str, section: &str) -> bool {
    let Some(window) = web_sys::window() else {
        return false;
    };
    let api = js_sys::Reflect::get(&window, &JsValue::from_str("DropStreamHelp")).ok();
    let Some(api) = api.and_then(|f| f.dyn_into::<js_sys::Function>().ok()) else {
        return false;
    };
    let place = js_sys::Object::new();
    let _ = js_sys::Reflect::set(
        &place,
        &JsValue::from_str("article"),
        &JsValue::from_str(slug),
    );
    let _ = js_sys::Reflect::set(
        &place,
        &JsValue::from_str("section"),
        &JsValue::from_str(section),
    );
    api.call2(&JsValue::NULL, &JsValue::from_str("open"), &place)
        .is_ok()
}
