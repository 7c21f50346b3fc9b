//! Builds the gazetteer's lookup table from the shipped TSV (see `src/gazetteer/table.rs`): the
//! binary embeds the table, so no process parses the TSV at run time.

use std::io::Read;
use std::path::PathBuf;

// The reader half of the table module is unused here.
#[allow(dead_code)]
#[path = "src/gazetteer/table.rs"]
mod table;

const SOURCE: &str = "data/gazetteer.tsv.gz";

fn main() {
    println!("cargo::rerun-if-changed={SOURCE}");
    println!("cargo::rerun-if-changed=src/gazetteer/table.rs");
    // The shipped file is part of the source tree: if it is unreadable the build cannot go on,
    // and saying why beats a binary that silently knows no places.
    let compressed = std::fs::read(SOURCE).unwrap_or_else(|error| panic!("reading {SOURCE}: {error}"));
    let mut text = String::new();
    if let Err(error) = flate2::read::GzDecoder::new(compressed.as_slice()).read_to_string(&mut text) {
        panic!("decompressing {SOURCE}: {error}");
    }
    let table = table::build_table(&text);
    let out_dir = std::env::var_os("OUT_DIR").unwrap_or_else(|| panic!("cargo sets OUT_DIR for build scripts"));
    let path = PathBuf::from(out_dir).join("gazetteer.table");
    if let Err(error) = std::fs::write(&path, table) {
        panic!("writing {}: {error}", path.display());
    }
}
