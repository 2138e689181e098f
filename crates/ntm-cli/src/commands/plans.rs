//! `ntm plan`, `ntm gaps`, `ntm cycle`, `ntm money`.

use std::path::Path;

use anyhow::Result;
use ntm_app::Program;
use ntm_core::period::Period;
use ntm_store::ChangeSource;

use crate::Format;
use crate::commands::actor;
use crate::render::money::render_money;
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
    let text = ntm_app::documents::input_file::read_text_file(file, ntm_core::input::limits::TOML)?;
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

pub async fn money(program: &Program, unit: &str, year: i32, format: Format) -> Result<()> {
    let summary = program
        .money_summary(&actor(None, ChangeSource::Cli), unit, year)
        .await?;
    show(&summary, format, render_money)
}

pub async fn import_money(
    program: &Program,
    file: &Path,
    actor: &ntm_app::accounts::access::Actor,
) -> Result<()> {
    let name = file.display().to_string();
    if name.ends_with(".toml") {
        let text = ntm_app::documents::input_file::read_text_file(file, ntm_core::input::limits::TOML)?;
        let n = program.import_money_file(actor, &name, &text).await?;
        println!("Đã nạp {name}: {n} bản ghi mới hoặc thay đổi.");
        return Ok(());
    }
    let bytes = ntm_app::documents::input_file::read_file(file, ntm_core::input::limits::ANY_IMPORT)?;
    let summary = program.import_money(actor, &name, &bytes).await?;
    println!(
        "Đã nhập {} dòng: {} bản ghi mới hoặc thay đổi.",
        summary.rows, summary.created
    );
    Ok(())
}
