//! `ntm map` and `ntm geometry`: the map of a unit as a file (SVG, PNG or
//! GeoJSON), and the boundaries it is drawn from.

use std::path::Path;

use anyhow::{Context, Result, bail};
use ntm_app::Program;
use ntm_core::geometry::layer::LayerKind;
use ntm_core::period::Period;
use ntm_reports::map::{SCHEMATIC_NOTE, SvgOptions, map_png, map_svg};
use ntm_store::ChangeSource;

use crate::GeometryCommand;
use crate::commands::actor;

/// What `ntm map` was asked for.
#[derive(Debug)]
pub struct MapRequest<'a> {
    pub unit: &'a str,
    pub period: Period,
    pub by: &'a str,
    pub set: Option<&'a str>,
}

fn write(out: &Path, bytes: &[u8]) -> Result<()> {
    std::fs::write(out, bytes).with_context(|| format!("không ghi được tệp {}", out.display()))
}

pub async fn map(program: &Program, request: MapRequest<'_>, out: &Path) -> Result<()> {
    let layer: LayerKind = request.by.parse()?;
    let who = actor(None, ChangeSource::Cli);
    let extension = out
        .extension()
        .and_then(|e| e.to_str())
        .unwrap_or("")
        .to_lowercase();
    let view = program
        .map(&who, request.unit, request.period, &layer, request.set)
        .await?;
    let bytes = match extension.as_str() {
        "svg" => map_svg(&view.model, &SvgOptions::DOCUMENT).into_bytes(),
        "png" => {
            let model = view.model.clone();
            tokio::task::spawn_blocking(move || map_png(&model, ntm_app::map::REPORT_MAP_WIDTH))
                .await??
                .png
        }
        "geojson" | "json" => {
            let json = program
                .map_geojson(&who, request.unit, request.period, &layer, request.set)
                .await?;
            serde_json::to_vec_pretty(&json)?
        }
        other => bail!("không biết ghi tệp \".{other}\": dùng --out TỆP.svg, TỆP.png hoặc TỆP.geojson"),
    };
    write(out, &bytes)?;
    println!(
        "Đã ghi {} ({} byte): {}, {} đơn vị vẽ theo ranh giới, {} theo sơ đồ, {} không có vị trí.",
        out.display(),
        bytes.len(),
        view.layer.title,
        view.with_boundary,
        view.schematic,
        view.unplaced
    );
    if view.schematic > 0 {
        println!("Lưu ý — {SCHEMATIC_NOTE}.");
    }
    Ok(())
}

pub async fn geometry(program: &Program, command: &GeometryCommand) -> Result<()> {
    match command {
        GeometryCommand::Import { file, by } => {
            let bytes = ntm_app::documents::input_file::read_file(file, ntm_core::input::limits::GEOJSON)?;
            let name = file.display().to_string();
            let summary = program
                .import_geometry(&actor(by.as_deref(), ChangeSource::Import), &name, &bytes)
                .await?;
            println!(
                "Đã nhập ranh giới của {} đơn vị: {} mới, {} thay thế, {} không đổi.",
                summary.rows, summary.created, summary.updated, summary.unchanged
            );
            Ok(())
        }
        GeometryCommand::Export { unit, period, out } => {
            let period: Period = period.parse()?;
            let json = program
                .geometry_geojson(&actor(None, ChangeSource::Cli), unit, period)
                .await?;
            let count = json["features"].as_array().map_or(0, Vec::len);
            write(out, &serde_json::to_vec_pretty(&json)?)?;
            println!("Đã ghi {} ranh giới vào {}.", count, out.display());
            Ok(())
        }
    }
}
