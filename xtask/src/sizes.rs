//! Release sizes of dist/: raw, gzip and brotli, with budgets. Sizes are
//! deterministic for a given toolchain, so the budgets are asserted.

use crate::{compress, spa, Result};
use std::path::{Path, PathBuf};

/// Brotli budgets per file: any wasm module (the main one, which every
/// route loads, is the largest: Leptos' runtime and router, the header, the
/// session, the JSON client and the settings page around its tabs) and any
/// JS file. Before the app was split by screen it was one 336 KiB module,
/// 174 KiB before it built its own std and read JSON through the browser,
/// 142 KiB before the router's route table, Leptos' async primitives
/// and `<A>` left it, and 106 KiB before its bindings to the JS glue got
/// short names (the glue then went from 6.2 to 3.9 KB); routes have their
/// own budgets below.
const WASM_BR_BUDGET: usize = 100 * 1024;
const JS_BR_BUDGET: usize = 5 * 1024;
/// The help widget's panel (`dist/embed-…/`) is one module holding Leptos'
/// runtime and the whole help center, comments and sign-in included: 127
/// KiB when it was first built on its own. The issue's goal is 60 KB for
/// everything the first open downloads; this budget only keeps it from
/// growing.
const EMBED_WASM_BR_BUDGET: usize = 130 * 1024;
/// The loader every host page carries before anyone asks for help.
const LOADER_BR_BUDGET: usize = 3 * 1024;
const LOADER: &str = "help-widget.js";

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub fn measure(bytes: &[u8]) -> Sizes {
    Sizes {
        raw: bytes.len(),
        gzip: compress::gzip(bytes).len(),
        brotli: compress::brotli(bytes).len(),
    }
}

/// Prints a table of dist/ and fails when a budget is exceeded.
pub fn report(dist: &Path) -> Result<Vec<(String, Sizes)>> {
    let mut entries = Vec::new();
    files_under(dist, &mut entries)?;
    entries.sort();
    println!(
        "    {:<48} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    let mut rows = Vec::new();
    let mut over = Vec::new();
    for path in entries {
        let name = path
            .strip_prefix(dist)
            .unwrap_or(&path)
            .display()
            .to_string();
        let bytes = std::fs::read(&path).map_err(|e| e.to_string())?;
        let s = measure(&bytes);
        println!(
            "    {name:<48} {:>10} {:>10} {:>10}",
            s.raw, s.gzip, s.brotli
        );
        let budget = if name.ends_with(".wasm") && name.starts_with("embed-") {
            Some(EMBED_WASM_BR_BUDGET)
        } else if name.ends_with(".wasm") {
            Some(WASM_BR_BUDGET)
        } else if name == LOADER {
            Some(LOADER_BR_BUDGET)
        } else if name.ends_with(".js") {
            Some(JS_BR_BUDGET)
        } else {
            None
        };
        if let Some(budget) = budget.filter(|b| s.brotli > *b) {
            over.push(format!(
                "{name}: {} bytes brotli, budget {budget}",
                s.brotli
            ));
        }
        rows.push((name, s));
    }
    if !rows.iter().any(|(n, _)| n.ends_with(".wasm")) {
        return Err(format!("{} holds no .wasm file", dist.display()));
    }
    if over.is_empty() {
        println!(
            "    within budgets (wasm ≤ {WASM_BR_BUDGET} B br, the widget panel's ≤ {EMBED_WASM_BR_BUDGET}, \
             js ≤ {JS_BR_BUDGET} B br, {LOADER} ≤ {LOADER_BR_BUDGET})"
        );
        Ok(rows)
    } else {
        Err(format!("size budget exceeded: {}", over.join("; ")))
    }
}

/// Routes and budgets shared with the e2e transfer spec.
pub const ROUTE_BUDGETS: &str = "tests/e2e/route-budgets.json";

/// Every file under `dir` except the compressed twins.
fn files_under(dir: &Path, found: &mut Vec<PathBuf>) -> Result {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e} (build first)", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            files_under(&path, found)?;
        } else if !compress::is_twin(&path.file_name().unwrap_or_default().to_string_lossy()) {
            found.push(path);
        }
    }
    Ok(())
}

/// For each route of [`ROUTE_BUDGETS`]: the brotli bytes of its HTML and of
/// every file of `dist` that HTML names (script, module, styles, icon), the
/// split loader, and the chunks of the route's `splits` (from the build's
/// chunk map), against its `static_br` budget. Fails when a route is over.
pub fn routes(dist: &Path, budgets: &Path) -> Result {
    let text = std::fs::read_to_string(budgets)
        .map_err(|e| format!("cannot read {}: {e}", budgets.display()))?;
    let json: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", budgets.display()))?;
    let routes = json["routes"]
        .as_array()
        .ok_or_else(|| format!("{} has no routes list", budgets.display()))?;
    let mut over = Vec::new();
    for route in routes {
        let path = route["path"].as_str().unwrap_or("/");
        let budget = route["static_br"].as_u64().unwrap_or(0) as usize;
        let html_path = html_for(dist, path);
        let html = std::fs::read_to_string(&html_path)
            .map_err(|e| format!("{}: {e} (build first)", html_path.display()))?;
        let mut files = vec![html_path.clone()];
        for asset in assets_named(&html) {
            let file = dist.join(asset.trim_start_matches('/'));
            if file.is_file() && !files.contains(&file) {
                files.push(file);
            }
        }
        let splits: Vec<&str> = route["splits"]
            .as_array()
            .map(|a| a.iter().filter_map(|s| s.as_str()).collect())
            .unwrap_or_default();
        for file in split_files(&files, &splits)? {
            if !files.contains(&file) {
                files.push(file);
            }
        }
        println!("    {path} (budget {budget} B br)");
        let mut sum = 0;
        for file in &files {
            let bytes = std::fs::read(file).map_err(|e| e.to_string())?;
            let br = measure(&bytes).brotli;
            sum += br;
            let name = file
                .strip_prefix(dist)
                .unwrap_or(file)
                .display()
                .to_string();
            println!("      {name:<46} {br:>10}");
        }
        println!("      {:<46} {sum:>10}", "total");
        if sum > budget {
            over.push(format!("{path}: {sum} bytes brotli, budget {budget}"));
        }
    }
    if over.is_empty() {
        Ok(())
    } else {
        Err(format!("route budget exceeded: {}", over.join("; ")))
    }
}

/// The split loader next to the app's JS glue, and the chunk files each of
/// `splits` needs, from the chunk map the build wrote there.
fn split_files(named: &[PathBuf], splits: &[&str]) -> Result<Vec<PathBuf>> {
    let Some(app) = named
        .iter()
        .find(|f| {
            f.extension().is_some_and(|e| e == "js") && f.with_file_name(spa::CHUNK_MAP).is_file()
        })
        .and_then(|f| f.parent())
    else {
        return if splits.is_empty() {
            Ok(Vec::new())
        } else {
            Err("the page names no split app (no chunks.json next to its JS); build first".into())
        };
    };
    let map_path = app.join(spa::CHUNK_MAP);
    let text =
        std::fs::read_to_string(&map_path).map_err(|e| format!("{}: {e}", map_path.display()))?;
    let map: serde_json::Value =
        serde_json::from_str(&text).map_err(|e| format!("{}: {e}", map_path.display()))?;
    let mut files = vec![app.join("__wasm_split.js")];
    for split in splits {
        let chunks = map[*split]
            .as_array()
            .ok_or_else(|| format!("{} has no split named {split}", map_path.display()))?;
        for chunk in chunks.iter().filter_map(|c| c.as_str()) {
            files.push(app.join(format!("{chunk}.wasm")));
        }
    }
    Ok(files)
}

/// The HTML that answers `route`: a folder of dist named after the route's
/// first segment when it has its own `index.html`, else dist's.
fn html_for(dist: &Path, route: &str) -> PathBuf {
    let first = route
        .trim_start_matches('/')
        .split('/')
        .next()
        .unwrap_or("");
    let own = dist.join(first).join("index.html");
    if !first.is_empty() && own.is_file() {
        own
    } else {
        dist.join("index.html")
    }
}

/// Every absolute path in `html` that is an attribute value or a string
/// (`href="/…"`, `href=/…` once minified, `'/….js'`).
fn assets_named(html: &str) -> Vec<&str> {
    let mut found = Vec::new();
    for (at, _) in html.match_indices('/') {
        let before = html[..at].chars().next_back();
        let end = match before {
            Some('"') => '"',
            Some('\'') => '\'',
            Some('=') => ' ',
            _ => continue,
        };
        let rest = &html[at..];
        let len = rest
            .find(|c: char| c == end || c == '>' || c.is_whitespace() || c == '"' || c == '\'')
            .unwrap_or(rest.len());
        let path = &rest[..len];
        if path.len() > 1 && !path.starts_with("//") {
            found.push(path);
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_files_an_index_names() {
        let html = r#"<script type="module">import init from '/app-1.js';
            await init({ module_or_path: '/app-1_bg.wasm' });</script>
            <link rel="stylesheet" href="/main-2.css" integrity="sha384-x"/>
            <link rel=icon href=/icon-3.svg><a href="https://example.com/">x</a>"#;
        let mut found = assets_named(html);
        found.sort();
        assert_eq!(
            found,
            ["/app-1.js", "/app-1_bg.wasm", "/icon-3.svg", "/main-2.css"]
        );
    }

    #[test]
    fn compression_shrinks_repetitive_input_and_keeps_raw_size() {
        let data = b"DropStream ".repeat(1000);
        let s = measure(&data);
        assert_eq!(s.raw, data.len());
        assert!(s.gzip < s.raw / 10, "{}", s.gzip);
        assert!(s.brotli < s.raw / 10, "{}", s.brotli);
    }
}
