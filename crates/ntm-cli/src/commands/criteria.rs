//! `ntm criteria list | show | check | export | import | new | preview | publish`.

use std::path::Path;

use anyhow::{Context, Result, bail};
use ntm_app::Program;
use ntm_app::criteria::authoring::StartVersion;
use ntm_app::criteria::catalog_files::check_file;
use ntm_app::documents::input_file::{read_file, read_text_file};
use ntm_app::views::criteria::{all_summaries, set_view};
use ntm_core::criteria::SetVersionRef;
use ntm_core::criteria::draft::VersionStatus;
use ntm_core::input::limits::{TOML, XLSX};
use ntm_core::period::Period;
use ntm_core::validity::parse_date;
use ntm_store::ChangeSource;

use crate::commands::{actor, parse_period};
use crate::render::criteria::{render_impact, render_list, render_set};
use crate::{CriteriaCommand, Format};

pub async fn run(program: &Program, command: &CriteriaCommand) -> Result<()> {
    let cli = actor(None, ChangeSource::Cli);
    match command {
        CriteriaCommand::List => {
            let drafts: Vec<_> = program
                .authored_versions()
                .await?
                .into_iter()
                .map(|r| r.draft)
                .collect();
            print!("{}", render_list(&all_summaries(&program.catalog(), &drafts)));
        }
        CriteriaCommand::Show { set, format } => show(program, set, *format).await?,
        CriteriaCommand::Check { file } => check(file)?,
        CriteriaCommand::Export { set, out } => {
            let file = program.criteria_workbook(set).await?;
            std::fs::write(out, file.bytes)
                .with_context(|| format!("không ghi được tệp {}", out.display()))?;
            println!("Đã ghi {}: bộ tiêu chí {set}.", out.display());
        }
        CriteriaCommand::Import { file, by } => {
            let bytes = read_file(file, XLSX)?;
            let name = file.display().to_string();
            let done = program
                .import_criteria_workbook(&actor(by.as_deref(), ChangeSource::Import), &name, &bytes)
                .await?;
            println!(
                "{}: {} {} — {} chỉ tiêu; ngưỡng: {} đã xác nhận, {} chưa xác nhận, {} chưa rõ.",
                name,
                if done.created {
                    "đã tạo dự thảo"
                } else {
                    "đã cập nhật dự thảo"
                },
                done.version,
                done.indicators,
                done.thresholds_confirmed,
                done.thresholds_unconfirmed,
                done.thresholds_unknown
            );
        }
        CriteriaCommand::New {
            from,
            code,
            name,
            province,
        } => {
            let start = StartVersion {
                from: from.clone(),
                code: code.clone(),
                name: name.clone(),
                province: province.clone(),
            };
            let r = program.start_version(&cli, start).await?;
            println!(
                "Đã tạo dự thảo {} ({}). Ghi ra Excel để điền: ntm criteria export {} --out bo-tieu-chi.xlsx",
                r.draft.version_ref(),
                r.draft.name,
                r.draft.version_ref()
            );
        }
        CriteriaCommand::Preview {
            version,
            period,
            format,
        } => {
            let r = version_ref(version)?;
            let period = match period {
                Some(p) => parse_period(p)?,
                None => Period::year(program.today().year()),
            };
            let impact = program.preview_version(&cli, &r.code, r.version, period).await?;
            match format {
                Format::Json => println!("{}", serde_json::to_string_pretty(&impact)?),
                Format::Text => print!("{}", render_impact(&impact)),
            }
        }
        CriteriaCommand::Publish { version, from } => {
            let r = version_ref(version)?;
            let Some(day) = parse_date(from) else {
                bail!("ngày \"{from}\" không hợp lệ: viết 2026-02-15 hoặc 15/02/2026");
            };
            let stored = program.authored_version(&r.code, r.version).await?;
            let done = program
                .publish_version(&cli, &r.code, r.version, stored.revision, day)
                .await?;
            println!(
                "Đã ban hành {} có hiệu lực từ {}.",
                done.draft.version_ref(),
                ntm_core::validity::format_date_vi(day)
            );
        }
    }
    Ok(())
}

fn version_ref(text: &str) -> Result<SetVersionRef> {
    Ok(text.parse::<SetVersionRef>()?)
}

async fn show(program: &Program, name: &str, format: Format) -> Result<()> {
    let catalog = program.catalog();
    let stored = program.authored_versions().await?;
    let draft = name.parse::<SetVersionRef>().ok().and_then(|r| {
        stored
            .iter()
            .find(|s| s.draft.version_ref() == r && s.draft.status == VersionStatus::Draft)
    });
    let view = match (draft, catalog.set(name)) {
        (Some(d), _) => match d.draft.build() {
            Ok(set) => {
                let mut v = set_view(&set);
                v.status = VersionStatus::Draft.name_vi().to_string();
                v.in_force = "chưa ban hành".to_string();
                v
            }
            Err(problems) => {
                for p in &problems {
                    eprintln!("{p}");
                }
                bail!("dự thảo {name} còn {} lỗi", problems.len());
            }
        },
        (None, Some(set)) => set_view(set),
        (None, None) => bail!("không có bộ tiêu chí \"{name}\" (xem: ntm criteria list)"),
    };
    match format {
        Format::Text => print!("{}", render_set(&view)),
        Format::Json => println!("{}", serde_json::to_string_pretty(&view)?),
    }
    Ok(())
}

pub fn check(file: &Path) -> Result<()> {
    let text = read_text_file(file, TOML)?;
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
