//! `ntm plan`, `ntm gaps`, `ntm cycle`.

use std::path::Path;

use anyhow::{Context, Result};
use ntm_app::Program;
use ntm_core::period::Period;
use ntm_store::ChangeSource;

use crate::Format;
use crate::commands::actor;
use crate::render::plans::{render_cycle, render_gaps, render_plan};

fn show<T: serde::Serialize>(value: &T, format: Format, text: impl Fn(&T) -> String) -> Result<()> {
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(value)?),
        Format::Text => print!("{}", text(value)),
    }
    Ok(())
}

pub async fn status(
    program: &Program,
    unit: &str,
    year: i32,
    as_of: Option<Period>,
    format: Format,
) -> Result<()> {
    let status = program
        .plan_status(&actor(None, ChangeSource::Cli), unit, year, as_of)
        .await?;
    show(&status, format, render_plan)
}

pub async fn import(program: &Program, file: &Path) -> Result<()> {
    let text =
        std::fs::read_to_string(file).with_context(|| format!("không đọc được tệp {}", file.display()))?;
    let n = program
        .import_plan_file(
            &actor(None, ChangeSource::Import),
            &file.display().to_string(),
            &text,
        )
        .await?;
    println!("Đã nạp {}: {n} bản ghi mới hoặc thay đổi.", file.display());
    Ok(())
}

pub async fn gaps(program: &Program, unit: &str, period: Period, format: Format) -> Result<()> {
    let report = program
        .gaps(&actor(None, ChangeSource::Cli), unit, period)
        .await?;
    show(&report, format, render_gaps)
}

pub async fn cycle(program: &Program, unit: &str, period: Period, format: Format) -> Result<()> {
    let status = program
        .cycle_status(&actor(None, ChangeSource::Cli), unit, period)
        .await?;
    show(&status, format, render_cycle)
}
