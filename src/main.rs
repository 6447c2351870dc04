fn main() {
    // Debug builds print a panic's message; release builds leave the
    // formatting code out (a panic there still stops the app with a trap).
    #[cfg(debug_assertions)]
    console_error_panic_hook::set_once();
    leptos::mount::mount_to_body(dropstream_desk::App);
}
