//! The SPA's release build, split by screen.
//!
//! Trunk builds the page shell (index.html, CSS, icons, the widget loader),
//! but it cannot cut a wasm module at Leptos' split points, so the Rust part
//! is built here:
//!
//! 1. `cargo build` for wasm32 with relocations kept (`--emit-relocs`), which
//!    the splitter needs to move functions and data between modules;
//! 2. split at every `#[wasm_split]` point into a main module, one chunk per
//!    split name and shared chunks, plus `__wasm_split.js` that fetches them;
//! 3. `wasm-bindgen --target web` on the main module (keeping the exports the
//!    chunks import from it);
//! 4. the exports nothing calls taken out of the main module
//!    ([`crate::exports`]), short names for the bindings between the glue
//!    and the module ([`crate::names`]), then `wasm-opt -Oz` on the main
//!    module and every chunk, only after splitting, and terser on the JS;
//! 5. everything goes into `dist/app-<hash>/`, named by a hash of its content
//!    so the server can cache it for a year, and `dist/index.html` gets the
//!    module script that boots the app and preload hints for the main files.

use crate::tools::ToolPath;
use crate::{root, run, step, target_dir, Result};
use std::collections::BTreeMap;
use std::fs;
use std::hash::{DefaultHasher, Hasher};
use std::path::{Path, PathBuf};
use std::process::Command;

/// The name wasm-bindgen gives the JS glue and the main module.
const OUT_NAME: &str = "desk";
const PROFILE: &str = "spa-release";
/// The script the splitter writes to fetch chunks; it reaches the main
/// module's exports by name.
const SPLIT_LOADER: &str = "__wasm_split.js";

pub fn build(path: &ToolPath) -> Result {
    step("Building the page shell (trunk build --release --offline)");
    run(path
        .command("trunk")
        .args(["build", "--release", "--offline"]))?;

    step("Building the SPA's and the widget panel's wasm (cargo build, spa-release, relocations kept)");
    build_bin(&["--bin", "dropstream-desk"])?;
    // The help widget's panel, without the dashboard's split points (see
    // `src/split.rs`): the same flags, so std and the dependencies are
    // built once for both.
    build_bin(&["--no-default-features", "--bin", EMBED_BIN])?;
    let linked = target_dir().join(format!(
        "wasm32-unknown-unknown/{PROFILE}/dropstream-desk.wasm"
    ));

    let work = root().join("target/spa-split");
    let _ = fs::remove_dir_all(&work);
    let split_dir = work.join("split");
    let out_dir = work.join("out");
    fs::create_dir_all(&out_dir)
        .map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;

    step("Splitting the wasm at its split points");
    let chunks = split(&linked, &split_dir)?;
    write_json(&out_dir.join(CHUNK_MAP), &chunks)?;

    step("wasm-bindgen --target web on the main module");
    run(path.command("wasm-bindgen").args([
        "--target".as_ref(),
        "web".as_ref(),
        "--keep-lld-exports".as_ref(),
        "--no-demangle".as_ref(),
        "--no-typescript".as_ref(),
        "--out-name".as_ref(),
        OUT_NAME.as_ref(),
        "--out-dir".as_ref(),
        out_dir.as_os_str(),
        split_dir.join("main.wasm").as_os_str(),
    ]))?;

    let main_wasm = format!("{OUT_NAME}_bg.wasm");
    step("Dropping the exports nothing calls");
    let dropped = crate::exports::drop_unused(&out_dir.join(&main_wasm))?;
    println!("    {}", dropped.join(", "));

    step("Short names for the bindings between the JS glue and the main module");
    let loader = fs::read_to_string(split_dir.join(SPLIT_LOADER))
        .map_err(|e| format!("cannot read the chunk loader: {e}"))?;
    let renamed = crate::names::shorten(
        &out_dir.join(&main_wasm),
        &out_dir.join(format!("{OUT_NAME}.js")),
        &format!("./{OUT_NAME}_bg.js"),
        &loader,
    )?;
    println!("    {renamed} names");

    step("wasm-opt -Oz on the main module and every chunk");
    wasm_opt(path, &out_dir.join(&main_wasm), &out_dir.join(&main_wasm))?;
    for chunk in files_with_extension(&split_dir, "wasm")? {
        let name = file_name(&chunk);
        if name == "main.wasm" {
            continue;
        }
        wasm_opt(path, &chunk, &out_dir.join(name))?;
    }
    for js in files_with_extension(&split_dir, "js")? {
        copy(&js, &out_dir.join(file_name(&js)))?;
    }

    // Trunk's minifier cannot parse wasm-bindgen's glue; terser can, and
    // keeps the module's export names and the property names the wasm
    // imports by. 2 KB brotli off every route.
    step("terser on the JS glue and the chunk loader");
    for js in files_with_extension(&out_dir, "js")? {
        run(path
            .command("terser")
            .arg(&js)
            .args(["--module", "--compress", "--mangle", "--output"])
            .arg(&js))?;
    }

    step("Placing the app in dist/ under a content-hashed folder");
    let dist = root().join("dist");
    let folder = format!("app-{:016x}", content_hash(&out_dir)?);
    let target = dist.join(&folder);
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    for file in fs::read_dir(&out_dir).map_err(|e| e.to_string())? {
        let file = file.map_err(|e| e.to_string())?.path();
        copy(&file, &target.join(file_name(&file)))?;
    }
    boot_from_index(&dist.join("index.html"), &folder)?;
    println!("    dist/{folder}/");

    build_embed(path, &work.join("embed"), &dist)
}

/// The help widget's panel: its own bin, with no split points, built in the
/// same cargo run as the app.
const EMBED_BIN: &str = "dropstream-help";
/// wasm-bindgen's name for the panel's glue and module.
const EMBED_NAME: &str = "help";
/// The page the server answers `/embed/…` with.
pub const EMBED_PAGE: &str = "embed.html";
/// The style sheets the panel shares with the dashboard (Trunk's names,
/// before their hash).
const EMBED_STYLES: [&str; 2] = ["main", "help"];

/// Binds, trims and places the panel's bundle in `dist/embed-<hash>/`, and
/// writes `dist/embed.html`, which loads it with the dashboard's base and
/// help style sheets.
fn build_embed(path: &ToolPath, out_dir: &Path, dist: &Path) -> Result {
    step("The help widget's panel: wasm-bindgen, trims, wasm-opt, terser");
    fs::create_dir_all(out_dir).map_err(|e| format!("cannot create {}: {e}", out_dir.display()))?;
    let linked = target_dir().join(format!("wasm32-unknown-unknown/{PROFILE}/{EMBED_BIN}.wasm"));
    run(path.command("wasm-bindgen").args([
        "--target".as_ref(),
        "web".as_ref(),
        "--no-typescript".as_ref(),
        "--out-name".as_ref(),
        EMBED_NAME.as_ref(),
        "--out-dir".as_ref(),
        out_dir.as_os_str(),
        linked.as_os_str(),
    ]))?;
    let wasm = out_dir.join(format!("{EMBED_NAME}_bg.wasm"));
    let glue = out_dir.join(format!("{EMBED_NAME}.js"));
    let dropped = crate::exports::drop_split_points(&wasm)?;
    println!("    {} exports dropped", dropped.len());
    crate::names::shorten(&wasm, &glue, &format!("./{EMBED_NAME}_bg.js"), "")?;
    wasm_opt(path, &wasm, &wasm)?;
    run(path
        .command("terser")
        .arg(&glue)
        .args(["--module", "--compress", "--mangle", "--output"])
        .arg(&glue))?;

    let folder = format!("embed-{:016x}", content_hash(out_dir)?);
    let target = dist.join(&folder);
    fs::create_dir_all(&target).map_err(|e| format!("cannot create {}: {e}", target.display()))?;
    for file in [&wasm, &glue] {
        copy(file, &target.join(file_name(file)))?;
    }
    let index = fs::read_to_string(dist.join("index.html"))
        .map_err(|e| format!("cannot read dist/index.html: {e}"))?;
    let page = embed_page(&index, &folder)?;
    fs::write(dist.join(EMBED_PAGE), page)
        .map_err(|e| format!("cannot write dist/{EMBED_PAGE}: {e}"))?;
    println!("    dist/{folder}/, dist/{EMBED_PAGE}");
    Ok(())
}

/// The panel's page: the style sheets Trunk linked into `index` (by their
/// hashed names) that the panel needs, and the script that boots it.
fn embed_page(index: &str, folder: &str) -> Result<String> {
    let mut styles = String::new();
    for name in EMBED_STYLES {
        let wanted = format!("href=\"/{name}-");
        let href = index
            .split("<link")
            .find(|tag| tag.contains("stylesheet") && tag.contains(&wanted))
            .and_then(|tag| tag.split("href=\"").nth(1))
            .and_then(|rest| rest.split('"').next())
            .ok_or_else(|| format!("dist/index.html links no {name}-….css"))?;
        styles.push_str(&format!("<link rel=\"stylesheet\" href=\"{href}\">"));
    }
    Ok(format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <title>DropStream help</title>{styles}\
         <link rel=\"modulepreload\" href=\"/{folder}/{EMBED_NAME}.js\">\
         <link rel=\"preload\" href=\"/{folder}/{EMBED_NAME}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin>\
         <script type=\"module\">import init from \"/{folder}/{EMBED_NAME}.js\";init({{module_or_path:\"/{folder}/{EMBED_NAME}_bg.wasm\"}});</script>\
         </head><body class=\"embedded\"></body></html>\n"
    ))
}

/// `cargo build` of one bin of the SPA's package for wasm32, in the size
/// profile, with its own std and relocations kept.
fn build_bin(selection: &[&str]) -> Result {
    let mut cargo = Command::new("cargo");
    cargo
        .args([
            "build",
            "--profile",
            PROFILE,
            "--target",
            "wasm32-unknown-unknown",
        ])
        .args(["-p", "dropstream-desk"])
        .args(selection);
    run(with_own_std(&mut cargo, &rustflags()))
}

/// Has `cargo` (or Trunk, which runs it) build the standard library with
/// the app, panicking by an immediate abort, with no source locations and
/// no `Debug` text: panic messages, their formatting, every file name and
/// line and the derived `Debug` impls go, 18 KB brotli of the main module.
/// Building std takes `-Z` flags, which `RUSTC_BOOTSTRAP=1` allows on this
/// stable toolchain, and the `rust-src` component
/// ([`crate::tools::ensure_build_tools`] installs it). A panic in the
/// release build is then a bare `unreachable` trap in the console; debug
/// builds and the browser tests keep the messages.
pub fn with_own_std<'a>(cargo: &'a mut Command, rustflags: &str) -> &'a mut Command {
    cargo
        .env("RUSTC_BOOTSTRAP", "1")
        .env("CARGO_UNSTABLE_BUILD_STD", "std,panic_abort")
        .env(
            "RUSTFLAGS",
            format!(
                "{rustflags} -Zunstable-options -Cpanic=immediate-abort -Zlocation-detail=none -Zfmt-debug=none"
            ),
        )
}

/// Relocations for the splitter, and source paths shortened to what follows
/// the registry or workspace folder (should a path still reach the module).
fn rustflags() -> String {
    let cargo_home = std::env::var("CARGO_HOME")
        .map(PathBuf::from)
        .unwrap_or_else(|_| {
            PathBuf::from(std::env::var("HOME").unwrap_or_default()).join(".cargo")
        });
    format!(
        "-Clink-args=--emit-relocs --remap-path-prefix={}= --remap-path-prefix={}=",
        cargo_home.join("registry/src").display(),
        root().display()
    )
}

/// Which chunk files each split point needs, as `{"help": ["chunk_3",
/// "split_help"], …}`; `cargo xtask sizes` adds them up per route.
pub const CHUNK_MAP: &str = "chunks.json";

fn split(linked: &Path, out: &Path) -> Result<BTreeMap<String, Vec<String>>> {
    let input = fs::read(linked).map_err(|e| format!("cannot read {}: {e}", linked.display()))?;
    let main_out = out.join("main.wasm");
    let main_module = format!("./{OUT_NAME}.js");
    let mut options = wasm_split_cli_support::Options::new(&input);
    options.output_dir = out;
    options.main_out_path = &main_out;
    options.main_module = &main_module;
    let split = wasm_split_cli_support::transform(options)
        .map_err(|e| format!("splitting {} failed: {e:?}", linked.display()))?;
    let chunks: BTreeMap<_, _> = split.prefetch_map.into_iter().collect();
    for (name, files) in &chunks {
        println!("    {name}: {}", files.join(", "));
    }
    Ok(chunks)
}

fn write_json(path: &Path, value: &BTreeMap<String, Vec<String>>) -> Result {
    let text = serde_json::to_string_pretty(value).map_err(|e| e.to_string())?;
    fs::write(path, text).map_err(|e| format!("cannot write {}: {e}", path.display()))
}

/// `-Oz`, and without the `producers` and `target_features` sections: no
/// browser reads them, and they were 200 of a small chunk's 250 bytes (3.8
/// KB brotli of a cold settings visit, 4.7 KB of a help visit).
fn wasm_opt(path: &ToolPath, input: &Path, output: &Path) -> Result {
    run(path
        .command("wasm-opt")
        .args(["-Oz", "--strip-producers", "--strip-target-features"])
        .args(["--enable-bulk-memory", "--enable-nontrapping-float-to-int"])
        .args([
            "--enable-sign-ext",
            "--enable-mutable-globals",
            "--enable-reference-types",
        ])
        .arg(input)
        .arg("-o")
        .arg(output))
}

/// Adds the boot script and preload hints to Trunk's index.html, once.
fn boot_from_index(index: &Path, folder: &str) -> Result {
    let html =
        fs::read_to_string(index).map_err(|e| format!("cannot read {}: {e}", index.display()))?;
    let tags = format!(
        "<link rel=\"modulepreload\" href=\"/{folder}/{OUT_NAME}.js\" />\n    \
         <link rel=\"preload\" href=\"/{folder}/{OUT_NAME}_bg.wasm\" as=\"fetch\" type=\"application/wasm\" crossorigin />\n    \
         <script type=\"module\">import init from \"/{folder}/{OUT_NAME}.js\";init({{module_or_path:\"/{folder}/{OUT_NAME}_bg.wasm\"}});</script>\n  </head>"
    );
    let Some(at) = html.find("</head>") else {
        return Err(format!("{} has no </head>", index.display()));
    };
    let html = format!("{}{}{}", &html[..at], tags, &html[at + "</head>".len()..]);
    fs::write(index, html).map_err(|e| format!("cannot write {}: {e}", index.display()))
}

fn content_hash(dir: &Path) -> Result<u64> {
    let mut files = fs::read_dir(dir)
        .map_err(|e| e.to_string())?
        .map(|f| f.map(|f| f.path()).map_err(|e| e.to_string()))
        .collect::<Result<Vec<PathBuf>>>()?;
    files.sort();
    let mut hasher = DefaultHasher::new();
    for file in files {
        hasher.write(file_name(&file).as_bytes());
        hasher.write(&fs::read(&file).map_err(|e| e.to_string())?);
    }
    Ok(hasher.finish())
}

fn files_with_extension(dir: &Path, ext: &str) -> Result<Vec<PathBuf>> {
    let mut found = Vec::new();
    for entry in fs::read_dir(dir).map_err(|e| format!("cannot list {}: {e}", dir.display()))? {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.extension().is_some_and(|e| e == ext) {
            found.push(path);
        }
    }
    found.sort();
    Ok(found)
}

fn file_name(path: &Path) -> &str {
    path.file_name()
        .and_then(|n| n.to_str())
        .unwrap_or_default()
}

fn copy(from: &Path, to: &Path) -> Result {
    fs::copy(from, to)
        .map(|_| ())
        .map_err(|e| format!("cannot copy {} to {}: {e}", from.display(), to.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_boot_script_and_preloads_go_into_the_head() {
        let dir = std::env::temp_dir().join(format!("xtask-spa-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        let index = dir.join("index.html");
        fs::write(
            &index,
            "<html><head><title>t</title></head><body></body></html>",
        )
        .unwrap();
        boot_from_index(&index, "app-0123456789abcdef").unwrap();
        let html = fs::read_to_string(&index).unwrap();
        let head = &html[..html.find("</head>").unwrap()];
        assert!(
            head.contains(r#"<link rel="modulepreload" href="/app-0123456789abcdef/desk.js" />"#)
        );
        assert!(head.contains(r#"href="/app-0123456789abcdef/desk_bg.wasm" as="fetch""#));
        assert!(head.contains(r#"import init from "/app-0123456789abcdef/desk.js""#));
        assert_eq!(html.matches("</head>").count(), 1);

        fs::write(&index, "<html><body></body></html>").unwrap();
        assert!(boot_from_index(&index, "app-0123456789abcdef").is_err());
        fs::remove_dir_all(&dir).unwrap();
    }

    #[test]
    fn the_folder_hash_follows_the_content() {
        let dir = std::env::temp_dir().join(format!("xtask-hash-{}", std::process::id()));
        fs::create_dir_all(&dir).unwrap();
        fs::write(dir.join("a.wasm"), b"one").unwrap();
        let first = content_hash(&dir).unwrap();
        assert_eq!(first, content_hash(&dir).unwrap());
        fs::write(dir.join("a.wasm"), b"two").unwrap();
        assert_ne!(first, content_hash(&dir).unwrap());
        fs::remove_dir_all(&dir).unwrap();
    }
}
