//! Writes `name.br` (brotli q11) and `name.gz` (gzip -9) next to every text
//! and wasm file of dist/, which the server sends to browsers that accept
//! them: compressing once at build time affords the slowest, smallest levels.

use crate::Result;
use std::io::Write;
use std::path::Path;

/// Files worth compressing; images other than SVG already are.
const COMPRESSIBLE: [&str; 8] = ["html", "js", "css", "wasm", "svg", "json", "txt", "map"];

pub fn brotli(bytes: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(bytes).expect("in-memory write");
    }
    out
}

pub fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut gz = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    gz.write_all(bytes).expect("in-memory write");
    gz.finish().expect("in-memory write")
}

/// Is this one of the twins [`dist`] writes?
pub fn is_twin(name: &str) -> bool {
    name.ends_with(".br") || name.ends_with(".gz")
}

/// Compresses every eligible file of `dir` and its sub-folders; a twin that
/// would not be smaller is not written (the server then sends the file as
/// it is).
pub fn dist(dir: &Path) -> Result {
    let entries = std::fs::read_dir(dir)
        .map_err(|e| format!("cannot read {}: {e} (build first)", dir.display()))?;
    for entry in entries {
        let path = entry.map_err(|e| e.to_string())?.path();
        if path.is_dir() {
            dist(&path)?;
            continue;
        }
        let eligible = path
            .extension()
            .and_then(|e| e.to_str())
            .is_some_and(|e| COMPRESSIBLE.contains(&e));
        if !eligible {
            continue;
        }
        let bytes = std::fs::read(&path).map_err(|e| format!("{}: {e}", path.display()))?;
        for (suffix, packed) in [("br", brotli(&bytes)), ("gz", gzip(&bytes))] {
            let mut twin = path.clone().into_os_string();
            twin.push(format!(".{suffix}"));
            let _ = std::fs::remove_file(&twin);
            if packed.len() < bytes.len() {
                std::fs::write(&twin, packed)
                    .map_err(|e| format!("{}: {e}", Path::new(&twin).display()))?;
            }
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_twins_that_decompress_to_the_file_and_skips_the_rest() {
        let dir = std::env::temp_dir().join(format!("xtask-compress-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(dir.join("sub")).unwrap();
        let text = "DropStream ".repeat(500);
        std::fs::write(dir.join("app.js"), &text).unwrap();
        std::fs::write(dir.join("sub/module.wasm"), &text).unwrap();
        std::fs::write(dir.join("tiny.css"), "a{}").unwrap();
        std::fs::write(dir.join("photo.png"), &text).unwrap();
        dist(&dir).unwrap();

        let gz = std::fs::read(dir.join("app.js.gz")).unwrap();
        let mut unpacked = String::new();
        std::io::Read::read_to_string(&mut flate2::read::GzDecoder::new(&gz[..]), &mut unpacked)
            .unwrap();
        assert_eq!(unpacked, text);
        let br = std::fs::read(dir.join("sub/module.wasm.br")).unwrap();
        let mut unpacked = Vec::new();
        brotli::BrotliDecompress(&mut &br[..], &mut unpacked).unwrap();
        assert_eq!(unpacked, text.as_bytes());
        assert!(!dir.join("tiny.css.br").exists(), "not smaller");
        assert!(!dir.join("photo.png.br").exists(), "not a text file");
        std::fs::remove_dir_all(&dir).unwrap();
    }
}
