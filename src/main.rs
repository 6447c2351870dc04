fn main() {
    // The release build panics by an immediate abort (xtask builds its std
    // so), which never reaches a hook: only debug builds print the message.
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(dropstream_desk::App);
}
