//! `ntm units import` and `ntm values import`.

use std::path::Path;

use anyhow::Result;
use ntm_app::Program;
use ntm_app::accounts::access::Actor;
use ntm_app::documents::import::ImportSummary;
use ntm_app::documents::input_file::read_file;
use ntm_core::input::FileLimit;
use ntm_core::input::limits::{ANY_IMPORT, CSV};

use crate::progress::spinner;

fn read(file: &Path, limit: FileLimit) -> Result<(String, Vec<u8>)> {
    let bytes = read_file(file, limit)?;
    Ok((file.display().to_string(), bytes))
}

fn report(summary: &ImportSummary) {
    println!(
        "Đã nhập {} dòng: {} mới, {} cập nhật, {} không đổi.",
        summary.rows, summary.created, summary.updated, summary.unchanged
    );
    if !summary.warnings.is_empty() {
        println!("Cần kiểm tra lại ({}):", summary.warnings.len());
        for w in &summary.warnings {
            println!("  ! {w}");
        }
    }
}

pub async fn units(program: &Program, file: &Path, actor: &Actor) -> Result<()> {
    let (name, bytes) = read(file, CSV)?;
    let bar = spinner(&format!("Đang nhập đơn vị từ {name}"));
    let result = program.import_units_csv(actor, &name, &bytes).await;
    bar.finish_and_clear();
    report(&result?);
    Ok(())
}

pub async fn values(program: &Program, file: &Path, actor: &Actor) -> Result<()> {
    let (name, bytes) = read(file, CSV)?;
    let bar = spinner(&format!("Đang nhập số liệu từ {name}"));
    let result = program.import_values_csv(actor, &name, &bytes).await;
    bar.finish_and_clear();
    report(&result?);
    Ok(())
}

/// `ntm import FILE`: a template workbook or a CSV file, recognised by content.
pub async fn any(program: &Program, file: &Path, actor: &Actor) -> Result<()> {
    let (name, bytes) = read(file, ANY_IMPORT)?;
    let bar = spinner(&format!("Đang nhập {name}"));
    let result = program.import_file(actor, &name, &bytes).await;
    bar.finish_and_clear();
    report(&result?);
    Ok(())
}
