//! `ntm report` and `ntm template`: files for people to send and to fill in.

use std::path::Path;

use anyhow::{Context, Result};
use ntm_app::Program;
use ntm_app::reports::ReportOptions;
use ntm_app::template_export::TemplateUnits;
use ntm_core::period::Period;
use ntm_store::ChangeSource;

use crate::DocumentFormat;
use crate::commands::actor;

fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("không ghi được tệp {}", out.display()))
}

pub async fn report(
    program: &Program,
    unit: &str,
    period: Period,
    format: DocumentFormat,
    out: &Path,
    options: &ReportOptions,
) -> Result<()> {
    let who = actor(None, ChangeSource::Cli);
    let file = match format {
        DocumentFormat::Xlsx => program.appendix(&who, unit, period, options).await?,
        DocumentFormat::Docx => program.narrative(&who, unit, period, options).await?,
    };
    write(out, &file.bytes)?;
    println!("Đã ghi {} ({} byte).", out.display(), file.bytes.len());
    Ok(())
}

pub async fn template(
    program: &Program,
    unit: &str,
    period: Period,
    villages: bool,
    out: &Path,
) -> Result<()> {
    let which = if villages {
        TemplateUnits::Villages
    } else {
        TemplateUnits::Communes
    };
    let (_, bytes) = program
        .template(&actor(None, ChangeSource::Cli), unit, period, which)
        .await?;
    write(out, &bytes)?;
    println!(
        "Đã ghi mẫu nhập số liệu {}. Điền các cột trắng rồi nhập lại bằng: ntm import {}",
        out.display(),
        out.display()
    );
    Ok(())
}
