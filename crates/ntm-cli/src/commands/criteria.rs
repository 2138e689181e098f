//! `ntm criteria list | show | check`.

use std::path::Path;

use anyhow::{Context, Result, bail};
use ntm_app::catalog_files::check_file;
use ntm_core::criteria::Catalog;

use crate::Format;
use ntm_app::criteria_view::{set_summaries, set_view};

use crate::render::criteria::{render_list, render_set};

pub fn list(catalog: &Catalog) -> Result<()> {
    print!("{}", render_list(&set_summaries(catalog)));
    Ok(())
}

pub fn show(catalog: &Catalog, code: &str, format: Format) -> Result<()> {
    let Some(set) = catalog.set(code) else {
        bail!("không có bộ tiêu chí \"{code}\" (xem: ntm criteria list)");
    };
    match format {
        Format::Text => print!("{}", render_set(&set_view(set))),
        Format::Json => println!("{}", serde_json::to_string_pretty(&set_view(set))?),
    }
    Ok(())
}

pub fn check(file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let name = file.display().to_string();
    match check_file(&name, &text) {
        Ok(catalog) => {
            let set = catalog.sets().iter().find(|s| s.source_file == name);
            match set {
                Some(s) => println!(
                    "{name}: hợp lệ — {} ({} tiêu chí, {} chỉ tiêu).",
                    s.code,
                    s.criteria.len(),
                    s.indicator_count()
                ),
                None => println!("{name}: hợp lệ."),
            }
            Ok(())
        }
        Err(errors) => {
            for e in &errors {
                eprintln!("{e}");
            }
            bail!("{name}: {} lỗi", errors.len())
        }
    }
}
