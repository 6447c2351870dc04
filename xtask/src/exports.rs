//! Exports of the main module that nothing calls, taken out before wasm-opt
//! so it can drop the code behind them.
//!
//! leptos turns on server_fn's `browser` feature whatever the app uses, and
//! that links wasm-streams. Its `#[wasm_bindgen]` classes
//! (`IntoUnderlyingSource`, `IntoUnderlyingByteSource`, `IntoUnderlyingSink`)
//! are exports of the module, so their methods and the stream machinery
//! behind them stay although the SPA never makes a stream: 4 KB of the main
//! module before compression. The JS glue keeps the classes, which nothing
//! constructs.

use crate::Result;
use std::fs;
use std::path::Path;
use wasm_encoder::{ExportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// Export names of wasm-streams' classes: their methods and `__wbg_*_free`.
const UNUSED: [&str; 3] = [
    "intounderlyingbytesource",
    "intounderlyingsink",
    "intounderlyingsource",
];

fn unused(name: &str) -> bool {
    let class = name.strip_prefix("__wbg_").unwrap_or(name);
    UNUSED.iter().any(|prefix| {
        class
            .strip_prefix(prefix)
            .is_some_and(|rest| rest.starts_with('_'))
    })
}

/// Rewrites the module at `path` without the unused exports; returns their
/// names.
pub fn drop_unused(path: &Path) -> Result<Vec<String>> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (module, dropped) = without_exports(&bytes, unused)
        .map_err(|e| format!("cannot read the exports of {}: {e}", path.display()))?;
    fs::write(path, module).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(dropped)
}

/// A module built from the app's library without going through the
/// splitter (the help widget's panel): the library's split points are
/// exports (`__wasm_split_00help00_export_…`) that keep every screen of the
/// dashboard alive, and the linker's `linking` and `reloc.*` sections,
/// there for the splitter, would ride along through wasm-opt. Takes both
/// out; returns the names of the exports dropped.
pub fn drop_split_points(path: &Path) -> Result<Vec<String>> {
    let bytes = fs::read(path).map_err(|e| format!("cannot read {}: {e}", path.display()))?;
    let (module, dropped) = rewritten(&bytes, |name| unused(name) || split_point(name), true)
        .map_err(|e| format!("cannot read the exports of {}: {e}", path.display()))?;
    fs::write(path, module).map_err(|e| format!("cannot write {}: {e}", path.display()))?;
    Ok(dropped)
}

fn split_point(name: &str) -> bool {
    name.starts_with("__wasm_split_") || name.starts_with("_WASM_SPLIT_MARKER")
}

/// The custom sections only the linker and the splitter read.
fn for_the_linker(name: &str) -> bool {
    name == "linking" || name.starts_with("reloc.") || name.starts_with("__wasm_split")
}

/// The module with every export for which `drop` holds taken out, section
/// for section the same otherwise.
fn without_exports(
    bytes: &[u8],
    drop: impl Fn(&str) -> bool,
) -> std::result::Result<(Vec<u8>, Vec<String>), String> {
    rewritten(bytes, drop, false)
}

/// [`without_exports`], and without the linker's sections when
/// `linker_sections` is set.
fn rewritten(
    bytes: &[u8],
    drop: impl Fn(&str) -> bool,
    linker_sections: bool,
) -> std::result::Result<(Vec<u8>, Vec<String>), String> {
    let mut module = Module::new();
    let mut dropped = Vec::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        if let Payload::CustomSection(custom) = &payload {
            if linker_sections && for_the_linker(custom.name()) {
                continue;
            }
        }
        if let Payload::ExportSection(reader) = &payload {
            let mut exports = ExportSection::new();
            for export in reader.clone() {
                let export = export.map_err(|e| e.to_string())?;
                if drop(export.name) {
                    dropped.push(export.name.to_string());
                } else {
                    exports.export(export.name, export.kind.into(), export.index);
                }
            }
            module.section(&exports);
        } else if let Some((id, range)) = payload.as_section() {
            let data = &bytes[range.start as usize..range.end as usize];
            module.section(&RawSection { id, data });
        }
    }
    Ok((module.finish(), dropped))
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, CustomSection, ExportKind, Function, FunctionSection, Instruction, TypeSection,
    };

    /// Two functions exported under three names, and a custom section.
    fn module() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut functions = FunctionSection::new();
        functions.function(0);
        functions.function(0);
        module.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("main", ExportKind::Func, 0);
        exports.export("intounderlyingsink_write", ExportKind::Func, 1);
        exports.export("__wbg_intounderlyingsink_free", ExportKind::Func, 1);
        module.section(&exports);
        let mut code = CodeSection::new();
        for _ in 0..2 {
            let mut body = Function::new([]);
            body.instruction(&Instruction::End);
            code.function(&body);
        }
        module.section(&code);
        module.section(&CustomSection {
            name: "producers".into(),
            data: [1, 2, 3].as_slice().into(),
        });
        module.finish()
    }

    fn export_names(bytes: &[u8]) -> Vec<String> {
        let mut names = Vec::new();
        for payload in Parser::new(0).parse_all(bytes) {
            if let Payload::ExportSection(reader) = payload.unwrap() {
                names.extend(reader.into_iter().map(|e| e.unwrap().name.to_string()));
            }
        }
        names
    }

    #[test]
    fn a_module_with_nothing_to_drop_comes_back_byte_for_byte() {
        let bytes = module();
        let (same, dropped) = without_exports(&bytes, |_| false).unwrap();
        assert_eq!(same, bytes);
        assert!(dropped.is_empty());
    }

    #[test]
    fn the_stream_classes_go_and_the_rest_stays() {
        let (trimmed, dropped) = without_exports(&module(), unused).unwrap();
        assert_eq!(
            dropped,
            ["intounderlyingsink_write", "__wbg_intounderlyingsink_free"]
        );
        assert_eq!(export_names(&trimmed), ["main"]);
        wasmparser::validate(&trimmed).unwrap();
    }

    #[test]
    fn only_the_named_classes_count_as_unused() {
        assert!(unused("intounderlyingsource_pull"));
        assert!(unused("__wbg_intounderlyingbytesource_free"));
        assert!(!unused("intounderlyingsourcery"));
        assert!(!unused("__wbindgen_malloc"));
        assert!(!unused("main"));
    }

    #[test]
    fn split_points_and_the_linkers_sections_go() {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut functions = FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut exports = ExportSection::new();
        exports.export("main", ExportKind::Func, 0);
        exports.export(
            "__wasm_split_00help00_export_0123_help_index",
            ExportKind::Func,
            0,
        );
        module.section(&exports);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instruction(&Instruction::End);
        code.function(&body);
        module.section(&code);
        for name in ["linking", "reloc.CODE", "__wasm_split_unstable", "kept"] {
            module.section(&CustomSection {
                name: name.into(),
                data: [0].as_slice().into(),
            });
        }
        let (trimmed, dropped) =
            rewritten(&module.finish(), |n| unused(n) || split_point(n), true).unwrap();
        assert_eq!(dropped, ["__wasm_split_00help00_export_0123_help_index"]);
        assert_eq!(export_names(&trimmed), ["main"]);
        let customs: Vec<String> = Parser::new(0)
            .parse_all(&trimmed)
            .filter_map(|p| match p.unwrap() {
                Payload::CustomSection(c) => Some(c.name().to_string()),
                _ => None,
            })
            .collect();
        assert_eq!(customs, ["kept"]);
        wasmparser::validate(&trimmed).unwrap();
    }
}
