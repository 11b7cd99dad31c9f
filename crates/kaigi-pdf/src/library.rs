//! Finding libpdfium.
//!
//! The `KAIGI_PDFIUM_PATH` environment variable names either the library file or
//! the folder holding it. Without it, Kaigi looks next to its own executable, then
//! in `<exe>/../lib/kaigi/`, and finally lets the system loader search.

use std::path::{Path, PathBuf};

use pdfium_render::prelude::Pdfium;

/// The environment variable that points at libpdfium (a file or a folder).
pub const PDFIUM_PATH_VAR: &str = "KAIGI_PDFIUM_PATH";

/// The candidate library files, in the order they are tried.
pub fn candidates() -> Vec<PathBuf> {
    let mut out = Vec::new();
    if let Some(setting) = std::env::var_os(PDFIUM_PATH_VAR).filter(|s| !s.is_empty()) {
        out.push(as_library_file(Path::new(&setting)));
    }
    if let Some(exe_dir) = std::env::current_exe()
        .ok()
        .and_then(|p| p.parent().map(Path::to_owned))
    {
        out.push(Pdfium::pdfium_platform_library_name_at_path(&exe_dir));
        out.push(Pdfium::pdfium_platform_library_name_at_path(
            &exe_dir.join("../lib/kaigi"),
        ));
    }
    out
}

/// A setting may name the folder rather than the file.
fn as_library_file(setting: &Path) -> PathBuf {
    if setting.is_dir() {
        Pdfium::pdfium_platform_library_name_at_path(setting)
    } else {
        setting.to_owned()
    }
}
