//! `ntm demo`, `ntm evaluate` and `ntm stats`.

use anyhow::Result;
use ntm_app::Program;
use ntm_app::demo::build_demo;
use ntm_app::views::evaluation::CodeMeaning;
use ntm_core::period::Period;

use crate::Format;
use crate::commands::{actor, catalog, open_store};
use crate::config::Settings;
use crate::progress::spinner;
use crate::render::{evaluation::render_evaluation, stats::render_stats};
use ntm_store::ChangeSource;

pub async fn demo(cli: &Settings, format: Format) -> Result<()> {
    let store = open_store(cli).await?;
    let bar = spinner("Đang dựng cơ sở dữ liệu mẫu tỉnh Lai Châu");
    let built = build_demo(
        store,
        catalog(cli)?,
        &actor(Some("dữ liệu mẫu"), ChangeSource::Demo),
    )
    .await;
    bar.finish_and_clear();
    let (program, summary) = built?;
    let stats = program
        .stats(&actor(None, ChangeSource::Cli), "109", Period::year(2023), None)
        .await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
        Format::Text => {
            println!(
                "Cơ sở dữ liệu mẫu: {} ({} đơn vị mới, {} giá trị mới; {} không đổi).\n",
                crate::config::hide_password(&cli.database_url),
                summary.units.created,
                summary.values.created,
                summary.units.unchanged + summary.values.unchanged
            );
            print!("{}", render_stats(&stats));
            println!("\nThử tiếp:");
            println!("  ntm stats --unit 107 --period 2023          (huyện Mường Tè)");
            println!("  ntm stats --unit 12 --period 2023           (tỉnh Lai Châu)");
            println!("  ntm evaluate --unit 03589 --period 2023     (xã Mường So)");
            println!("  ntm stats --unit 109 --period 2023 --format json");
        }
    }
    Ok(())
}

pub async fn stats(
    program: &Program,
    unit: &str,
    period: Period,
    set: Option<&str>,
    format: Format,
) -> Result<()> {
    let stats = program
        .stats(&actor(None, ChangeSource::Cli), unit, period, set)
        .await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&stats)?),
        Format::Text => print!("{}", render_stats(&stats)),
    }
    Ok(())
}

pub async fn evaluate(
    program: &Program,
    unit: &str,
    period: Period,
    set: Option<&str>,
    today: bool,
    format: Format,
) -> Result<()> {
    let meaning = if today {
        CodeMeaning::Today
    } else {
        CodeMeaning::InPeriod
    };
    let report = program
        .evaluate(&actor(None, ChangeSource::Cli), unit, period, set, meaning)
        .await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&report)?),
        Format::Text => print!("{}", render_evaluation(&report)),
    }
    Ok(())
}

pub async fn stats_today(program: &Program, unit: &str, period: Period, format: Format) -> Result<()> {
    let today = program
        .stats_today(&actor(None, ChangeSource::Cli), unit, period)
        .await?;
    match format {
        Format::Json => println!("{}", serde_json::to_string_pretty(&today)?),
        Format::Text => {
            println!("{}", today.heading.to_uppercase());
            print!("{}", render_stats(&today.stats));
            if !today.derived.is_empty() {
                println!("\nSố liệu suy ra (xã mới chưa có số liệu riêng của kỳ này):");
                for (unit, parts) in &today.derived {
                    let names: Vec<&str> = parts.iter().map(|p| p.full_name.as_str()).collect();
                    println!("  {} ← {}", unit.full_name, names.join(", "));
                }
            }
        }
    }
    Ok(())
}
