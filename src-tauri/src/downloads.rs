//! Where files the user saves go: the Downloads folder (or `KAIGI_EXPORT_DIR`),
//! under a name that stays in that folder and never overwrites another file.

use std::path::{Path, PathBuf};

use kaigi_core::ErrorCode;
use tauri::{AppHandle, Manager};

use crate::error::{IpcError, IpcResult};

/// `KAIGI_EXPORT_DIR` overrides the Downloads folder.
pub const EXPORT_DIR_VAR: &str = "KAIGI_EXPORT_DIR";

pub fn folder(app: &AppHandle) -> IpcResult<PathBuf> {
    match std::env::var_os(EXPORT_DIR_VAR).filter(|v| !v.is_empty()) {
        Some(dir) => Ok(PathBuf::from(dir)),
        None => app
            .path()
            .download_dir()
            .or_else(|_| app.path().home_dir())
            .map_err(|e| IpcError::new(ErrorCode::Storage, e.to_string())),
    }
}

/// `<stem><suffix>.<ext>` in `dir`, numbered ` (2)`, ` (3)`… when taken. Only
/// the file name of `original` is used, so it cannot point elsewhere.
pub fn free_name(dir: &Path, original: &str, suffix: &str, fallback_ext: &str) -> PathBuf {
    let name = Path::new(original);
    let stem = name
        .file_stem()
        .and_then(|s| s.to_str())
        .filter(|s| !s.is_empty() && *s != "..")
        .unwrap_or("document");
    let ext = name
        .extension()
        .and_then(|e| e.to_str())
        .filter(|e| !e.is_empty())
        .unwrap_or(fallback_ext);
    (1..)
        .map(|n| {
            let number = if n == 1 {
                String::new()
            } else {
                format!(" ({n})")
            };
            dir.join(format!("{stem}{suffix}{number}.{ext}"))
        })
        .find(|p| !p.exists())
        .unwrap_or_else(|| dir.join(format!("{stem}{suffix}.{ext}")))
}

/// Writes `bytes` under a free name made from `original`; returns the path.
pub fn save(
    dir: &Path,
    original: &str,
    suffix: &str,
    fallback_ext: &str,
    bytes: &[u8],
) -> IpcResult<PathBuf> {
    let target = free_name(dir, original, suffix, fallback_ext);
    std::fs::create_dir_all(dir)
        .and_then(|()| std::fs::write(&target, bytes))
        .map_err(|e| IpcError::new(ErrorCode::Storage, e.to_string()))?;
    Ok(target)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn saved_names_stay_in_the_folder_and_do_not_overwrite() {
        let dir = tempfile::tempdir().unwrap();
        let first = free_name(dir.path(), "../../etc/会議資料.pdf", "-annotated", "pdf");
        assert_eq!(first, dir.path().join("会議資料-annotated.pdf"));
        std::fs::write(&first, b"x").unwrap();
        assert_eq!(
            free_name(dir.path(), "会議資料.pdf", "-annotated", "pdf"),
            dir.path().join("会議資料-annotated (2).pdf")
        );
        assert_eq!(
            free_name(dir.path(), "", "-annotated", "pdf"),
            dir.path().join("document-annotated.pdf")
        );
        assert_eq!(
            free_name(dir.path(), "写真.jpeg", "", "bin"),
            dir.path().join("写真.jpeg")
        );
        assert_eq!(
            free_name(dir.path(), "..", "", "bin"),
            dir.path().join("document.bin")
        );
    }
}
