//! Release sizes of dist/: raw, gzip and brotli, with budgets. Sizes are
//! deterministic for a given toolchain, so the budgets are asserted.

use crate::Result;
use std::io::Write;
use std::path::Path;

/// Brotli budgets: the wasm module and its JS glue. The module grew from
/// 181 KB (the walking skeleton) with eight platforms' forms, the help
/// center (articles, votes, comments, sign-in), the connections list with
/// saving and history, and the admin and account screens (users, audit log,
/// sessions: 295 → 333 KiB); splitting the help center and the admin
/// screens out of the dashboard's module is the way back down.
const WASM_BR_BUDGET: usize = 350 * 1024;
const JS_BR_BUDGET: usize = 16 * 1024;

pub struct Sizes {
    pub raw: usize,
    pub gzip: usize,
    pub brotli: usize,
}

pub fn measure(bytes: &[u8]) -> Sizes {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("in-memory write");
    let gzip = gz.finish().expect("in-memory write").len();
    let mut br = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut br, 4096, 11, 22);
        w.write_all(bytes).expect("in-memory write");
    }
    Sizes {
        raw: bytes.len(),
        gzip,
        brotli: br.len(),
    }
}

/// Prints a table of dist/ and fails when a budget is exceeded.
pub fn report(dist: &Path) -> Result<Vec<(String, Sizes)>> {
    let mut entries: Vec<_> = std::fs::read_dir(dist)
        .map_err(|e| format!("cannot read {}: {e} (build first)", dist.display()))?
        .filter_map(|e| e.ok())
        .filter(|e| e.path().is_file())
        .collect();
    entries.sort_by_key(|e| e.file_name());
    println!(
        "    {:<48} {:>10} {:>10} {:>10}",
        "file", "raw", "gzip", "brotli"
    );
    let mut rows = Vec::new();
    let mut over = Vec::new();
    for entry in entries {
        let name = entry.file_name().to_string_lossy().to_string();
        let bytes = std::fs::read(entry.path()).map_err(|e| e.to_string())?;
        let s = measure(&bytes);
        println!(
            "    {name:<48} {:>10} {:>10} {:>10}",
            s.raw, s.gzip, s.brotli
        );
        let budget = if name.ends_with(".wasm") {
            Some(WASM_BR_BUDGET)
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
        println!("    within budgets (wasm ≤ {WASM_BR_BUDGET} B br, js ≤ {JS_BR_BUDGET} B br)");
        Ok(rows)
    } else {
        Err(format!("size budget exceeded: {}", over.join("; ")))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn compression_shrinks_repetitive_input_and_keeps_raw_size() {
        let data = b"DropStream ".repeat(1000);
        let s = measure(&data);
        assert_eq!(s.raw, data.len());
        assert!(s.gzip < s.raw / 10, "{}", s.gzip);
        assert!(s.brotli < s.raw / 10, "{}", s.brotli);
    }
}
