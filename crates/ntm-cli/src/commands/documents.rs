//! `ntm report` and `ntm template`: files for people to send and to fill in.

use std::path::Path;

use anyhow::{Context, Result};
use ntm_app::Program;
use ntm_app::documents::reports::ReportOptions;
use ntm_app::documents::template_export::TemplateUnits;
use ntm_core::period::Period;
use ntm_store::ChangeSource;

use crate::DocumentFormat;
use crate::commands::actor;

fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("không ghi được tệp {}", out.display()))
}

/// What `ntm report` writes.
#[derive(Debug)]
pub struct ReportRequest<'a> {
    pub unit: &'a str,
    pub period: Period,
    pub format: DocumentFormat,
    pub out: &'a Path,
    /// Where to write ntm's checks, apart from the report.
    pub checks: Option<&'a Path>,
}

/// The report's options from the command line.
pub fn options(
    set: Option<&str>,
    map: Option<&str>,
    date: Option<&str>,
    layout: Option<&Path>,
) -> Result<ReportOptions> {
    let mut options = ReportOptions::parse(set, map)?;
    if let Some(text) = date {
        options.date =
            Some(ntm_core::validity::parse_date(text).with_context(|| {
                format!("ngày \"{text}\" không hợp lệ (viết 2024-01-15 hoặc 15/01/2024)")
            })?);
    }
    if let Some(path) = layout {
        let text = std::fs::read_to_string(path)
            .with_context(|| format!("không đọc được tệp {}", path.display()))?;
        options.layout = Some(
            ntm_reports::appendix::AppendixLayout::from_toml(&text)
                .with_context(|| format!("tệp {}", path.display()))?,
        );
    }
    Ok(options)
}

pub async fn report(program: &Program, request: ReportRequest<'_>, options: &ReportOptions) -> Result<()> {
    let who = actor(None, ChangeSource::Cli);
    let ReportRequest {
        unit,
        period,
        format,
        out,
        checks,
    } = request;
    let file = match format {
        DocumentFormat::Xlsx => program.appendix(&who, unit, period, options).await?,
        DocumentFormat::Docx => program.narrative(&who, unit, period, options).await?,
    };
    write(out, &file.bytes)?;
    println!("Đã ghi {} ({} byte).", out.display(), file.bytes.len());
    if let Some(path) = checks {
        let review = program.report_checks(&who, unit, period, options).await?;
        write(path, &review.bytes)?;
        println!(
            "Đã ghi danh sách các điểm cần xem lại {} (không gửi kèm báo cáo).",
            path.display()
        );
    }
    Ok(())
}

/// `ntm report-layout`: a province's numbering and titles of the appendix.
pub async fn set_layout(program: &Program, province: &str, file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let layout = program
        .set_appendix_layout(&actor(None, ChangeSource::Cli), province, &text)
        .await?;
    println!(
        "Đã đặt bố cục phụ biểu của tỉnh {province}: {} phụ biểu.",
        layout.sheets.len()
    );
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
