//! Short names for what the JS glue and the main module call each other by.
//!
//! wasm-bindgen names every function the module imports from its glue
//! `__wbg_<method>_<16 hex digits>`, and with `--keep-lld-exports` the glue
//! calls closures' shims by their mangled Rust names. Each name is written
//! twice, in the module's import or export section and in the glue, and the
//! hex digits do not compress: 4.7 KB brotli of every route. Here each such
//! name becomes one or two letters in both files, before wasm-opt and terser.
//!
//! Only names the glue alone uses are renamed: the chunk loader reaches the
//! main module's memory, table and shared globals by their names, so an
//! export another script mentions keeps its name.

use crate::Result;
use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::Path;
use wasm_encoder::{EntityType, ExportSection, ImportSection, Module, RawSection};
use wasmparser::{Parser, Payload};

/// Renames, in the module at `wasm` and the glue at `glue`, the imports of
/// `glue_module` (the glue's import object) and the exports the glue calls,
/// except those named in `keep`. Returns how many names changed.
pub fn shorten(wasm: &Path, glue: &Path, glue_module: &str, keep: &str) -> Result<usize> {
    let bytes = fs::read(wasm).map_err(|e| format!("cannot read {}: {e}", wasm.display()))?;
    let script =
        fs::read_to_string(glue).map_err(|e| format!("cannot read {}: {e}", glue.display()))?;
    let kept: BTreeSet<&str> = identifiers(keep).collect();
    let (module, renamed) = renamed_module(&bytes, glue_module, &script, &kept)
        .map_err(|e| format!("cannot rename the bindings of {}: {e}", wasm.display()))?;
    let script = renamed_script(&script, &renamed)
        .map_err(|e| format!("cannot rename the bindings in {}: {e}", glue.display()))?;
    fs::write(wasm, module).map_err(|e| format!("cannot write {}: {e}", wasm.display()))?;
    fs::write(glue, script).map_err(|e| format!("cannot write {}: {e}", glue.display()))?;
    Ok(renamed.len())
}

/// The module with its glue imports and the glue-only exports renamed, and
/// the old name → new name map.
fn renamed_module(
    bytes: &[u8],
    glue_module: &str,
    script: &str,
    keep: &BTreeSet<&str>,
) -> std::result::Result<(Vec<u8>, BTreeMap<String, String>), String> {
    let in_script: BTreeSet<&str> = identifiers(script).collect();
    let mut names = ShortNames::default();
    let mut renamed = BTreeMap::new();
    let mut module = Module::new();
    for payload in Parser::new(0).parse_all(bytes) {
        let payload = payload.map_err(|e| e.to_string())?;
        match &payload {
            Payload::ImportSection(reader) => {
                let mut imports = ImportSection::new();
                for import in reader.clone().into_imports() {
                    let import = import.map_err(|e| e.to_string())?;
                    let mut name = import.name;
                    if import.module == glue_module {
                        name = renamed
                            .entry(import.name.to_string())
                            .or_insert_with(|| names.next(keep));
                    }
                    let ty = EntityType::try_from(import.ty).map_err(|e| e.to_string())?;
                    imports.import(import.module, name, ty);
                }
                module.section(&imports);
            }
            Payload::ExportSection(reader) => {
                let mut exports = ExportSection::new();
                for export in reader.clone() {
                    let export = export.map_err(|e| e.to_string())?;
                    let mut name = export.name;
                    if in_script.contains(export.name) && !keep.contains(export.name) {
                        name = renamed
                            .entry(export.name.to_string())
                            .or_insert_with(|| names.next(keep));
                    }
                    exports.export(name, export.kind.into(), export.index);
                }
                module.section(&exports);
            }
            _ => {
                if let Some((id, range)) = payload.as_section() {
                    let data = &bytes[range.start as usize..range.end as usize];
                    module.section(&RawSection { id, data });
                }
            }
        }
    }
    Ok((module.finish(), renamed))
}

/// The glue with every identifier that `renamed` maps replaced; an import
/// the glue never names is an error (the module could not be instantiated).
fn renamed_script(
    script: &str,
    renamed: &BTreeMap<String, String>,
) -> std::result::Result<String, String> {
    let mut out = String::with_capacity(script.len());
    let mut seen = BTreeSet::new();
    let mut rest = script;
    while let Some(start) = rest.find(is_identifier_char) {
        out.push_str(&rest[..start]);
        rest = &rest[start..];
        let end = rest.find(|c| !is_identifier_char(c)).unwrap_or(rest.len());
        let word = &rest[..end];
        match renamed.get(word) {
            Some(short) => {
                out.push_str(short);
                seen.insert(word);
            }
            None => out.push_str(word),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    match renamed.keys().find(|name| !seen.contains(name.as_str())) {
        Some(missing) => Err(format!("the script never names `{missing}`")),
        None => Ok(out),
    }
}

fn is_identifier_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '$'
}

/// The identifier-like words of a script (a number counts too: harmless).
fn identifiers(script: &str) -> impl Iterator<Item = &str> {
    script
        .split(|c: char| !is_identifier_char(c))
        .filter(|word| !word.is_empty())
}

/// `a`, `b`, …, `Z`, then `aa`, `ab`, …: names no other binding has.
#[derive(Default)]
struct ShortNames {
    issued: usize,
}

impl ShortNames {
    const LETTERS: &'static [u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ";

    fn next(&mut self, taken: &BTreeSet<&str>) -> String {
        loop {
            let name = Self::nth(self.issued);
            self.issued += 1;
            // Reserved words are fine as property names, but not worth a
            // surprise in a tool that reads the glue.
            if !taken.contains(name.as_str()) && !["do", "if", "in"].contains(&name.as_str()) {
                return name;
            }
        }
    }

    fn nth(mut n: usize) -> String {
        let base = Self::LETTERS.len();
        let mut name = vec![Self::LETTERS[n % base]];
        n /= base;
        while n > 0 {
            n -= 1;
            name.push(Self::LETTERS[n % base]);
            n /= base;
        }
        name.reverse();
        String::from_utf8(name).expect("ASCII letters")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_encoder::{
        CodeSection, ExportKind, Function, FunctionSection, Instruction, MemoryType, TypeSection,
    };

    /// Imports two functions from the glue and one from the loader, and
    /// exports a memory and two functions.
    fn module() -> Vec<u8> {
        let mut module = Module::new();
        let mut types = TypeSection::new();
        types.ty().function([], []);
        module.section(&types);
        let mut imports = ImportSection::new();
        imports.import(
            "./desk_bg.js",
            "__wbg_remove_8228e91d7ddbc755",
            EntityType::Function(0),
        );
        imports.import(
            "./desk_bg.js",
            "__wbg_body_5f971cbc6950ca4f",
            EntityType::Function(0),
        );
        imports.import(
            "./__wasm_split.js",
            "__wasm_split_load_help",
            EntityType::Function(0),
        );
        module.section(&imports);
        let mut functions = FunctionSection::new();
        functions.function(0);
        module.section(&functions);
        let mut memories = wasm_encoder::MemorySection::new();
        memories.memory(MemoryType {
            minimum: 1,
            maximum: None,
            memory64: false,
            shared: false,
            page_size_log2: None,
        });
        module.section(&memories);
        let mut exports = ExportSection::new();
        exports.export("memory", ExportKind::Memory, 0);
        exports.export("_RNvCs123_closure_invoke", ExportKind::Func, 3);
        exports.export("__wbindgen_start", ExportKind::Func, 3);
        exports.export("unused_by_the_glue", ExportKind::Func, 3);
        module.section(&exports);
        let mut code = CodeSection::new();
        let mut body = Function::new([]);
        body.instruction(&Instruction::End);
        code.function(&body);
        module.section(&code);
        module.finish()
    }

    const GLUE: &str = "const i={__wbg_remove_8228e91d7ddbc755:function(n){n.remove()},\
        __wbg_body_5f971cbc6950ca4f:function(n){return n.body}};\
        function u(n){T._RNvCs123_closure_invoke(n)}T.memory;T.__wbindgen_start();\
        const s='__wbg_body_5f971cbc6950ca4fX';";

    fn names(bytes: &[u8]) -> (Vec<(String, String)>, Vec<String>) {
        let (mut imports, mut exports) = (Vec::new(), Vec::new());
        for payload in Parser::new(0).parse_all(bytes) {
            match payload.unwrap() {
                Payload::ImportSection(reader) => {
                    for import in reader.into_imports() {
                        let import = import.unwrap();
                        imports.push((import.module.to_string(), import.name.to_string()));
                    }
                }
                Payload::ExportSection(reader) => {
                    exports.extend(reader.into_iter().map(|e| e.unwrap().name.to_string()));
                }
                _ => {}
            }
        }
        (imports, exports)
    }

    #[test]
    fn glue_imports_and_glue_only_exports_get_short_names_in_both_files() {
        let kept = BTreeSet::from(["memory"]);
        let (module, renamed) = renamed_module(&module(), "./desk_bg.js", GLUE, &kept).unwrap();
        wasmparser::validate(&module).unwrap();
        let (imports, exports) = names(&module);
        assert_eq!(
            imports,
            [
                ("./desk_bg.js".to_string(), "a".to_string()),
                ("./desk_bg.js".to_string(), "b".to_string()),
                (
                    "./__wasm_split.js".to_string(),
                    "__wasm_split_load_help".to_string()
                ),
            ]
        );
        // `memory` is kept; an export the glue never names keeps its name.
        assert_eq!(exports, ["memory", "c", "d", "unused_by_the_glue"]);

        let script = renamed_script(GLUE, &renamed).unwrap();
        assert_eq!(
            script,
            "const i={a:function(n){n.remove()},b:function(n){return n.body}};\
             function u(n){T.c(n)}T.memory;T.d();\
             const s='__wbg_body_5f971cbc6950ca4fX';"
        );
    }

    #[test]
    fn an_import_the_glue_never_names_stops_the_build() {
        let glue = GLUE.replace("__wbg_body_5f971cbc6950ca4f:", "__wbg_other:");
        let (_, renamed) =
            renamed_module(&module(), "./desk_bg.js", &glue, &BTreeSet::new()).unwrap();
        let error = renamed_script(&glue, &renamed).unwrap_err();
        assert!(error.contains("__wbg_body_5f971cbc6950ca4f"), "{error}");
    }

    #[test]
    fn short_names_skip_taken_and_reserved_ones() {
        assert_eq!(ShortNames::nth(0), "a");
        assert_eq!(ShortNames::nth(51), "Z");
        assert_eq!(ShortNames::nth(52), "aa");
        assert_eq!(ShortNames::nth(53), "ab");
        assert_eq!(ShortNames::nth(52 + 52 * 52), "aaa");
        let taken = BTreeSet::from(["a"]);
        let mut names = ShortNames::default();
        assert_eq!(names.next(&taken), "b");
        let mut names = ShortNames {
            issued: 52 * 4 + 14,
        };
        assert_eq!(ShortNames::nth(52 * 4 + 14), "do");
        assert_eq!(names.next(&BTreeSet::new()), "dp");
    }
}
