//! The criteria sets shipped with ntm, embedded in the binary, and loading a
//! folder of set files instead (a province correcting or adding a set edits
//! data, not code).

use std::path::Path;

use ntm_core::criteria::Catalog;
use ntm_core::criteria::file::{CriteriaFileError, SetFile};

use crate::error::{AppError, Result};

/// `(file name, text)` of every shipped set.
pub const SHIPPED: &[(&str, &str)] = &[
    (
        "qd318-2022.toml",
        include_str!("../../../../data/criteria/qd318-2022.toml"),
    ),
    (
        "lai-chau-1285-2022.toml",
        include_str!("../../../../data/criteria/lai-chau-1285-2022.toml"),
    ),
    (
        "qd51-2025.toml",
        include_str!("../../../../data/criteria/qd51-2025.toml"),
    ),
    (
        "lai-chau-43-2023-thon.toml",
        include_str!("../../../../data/criteria/lai-chau-43-2023-thon.toml"),
    ),
];

/// The shipped sets, checked.
pub fn shipped_catalog() -> Result<Catalog> {
    let files: Vec<(String, String)> = SHIPPED
        .iter()
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    Catalog::from_files(&files).map_err(AppError::Criteria)
}

/// Every `*.toml` file of a folder, checked together.
pub fn catalog_from_dir(dir: &Path) -> Result<Catalog> {
    let entries = std::fs::read_dir(dir).map_err(|e| io_error(dir, e))?;
    let mut files = Vec::new();
    for entry in entries {
        let path = entry.map_err(|e| io_error(dir, e))?.path();
        if path.extension().is_some_and(|e| e == "toml") {
            let text = crate::documents::input_file::read_text_file(&path, ntm_core::input::limits::TOML)?;
            files.push((path.display().to_string(), text));
        }
    }
    files.sort();
    if files.is_empty() {
        return Err(AppError::Invalid(format!(
            "thư mục {} không có tệp bộ tiêu chí (*.toml)",
            dir.display()
        )));
    }
    Catalog::from_files(&files).map_err(AppError::Criteria)
}

/// Checks one file, with the shipped sets available as bases for `extends`. A
/// file that redefines a shipped set (same code) replaces it for the check.
pub fn check_file(name: &str, text: &str) -> std::result::Result<Catalog, Vec<CriteriaFileError>> {
    let checked = SetFile::parse(name, text)?;
    let mut files: Vec<(String, String)> = SHIPPED
        .iter()
        .filter(|(n, t)| SetFile::parse(n, t).is_ok_and(|f| f.code() != checked.code()))
        .map(|(n, t)| (n.to_string(), t.to_string()))
        .collect();
    files.push((name.to_string(), text.to_string()));
    Catalog::from_files(&files)
}

fn io_error(path: &Path, e: std::io::Error) -> AppError {
    AppError::Invalid(format!(
        "không đọc được {}: {}",
        path.display(),
        ntm_core::input::messages::io_error_vi(&e)
    ))
}
