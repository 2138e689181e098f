//! Makes the upgrade fixtures: a small database (Phong Thổ's communes and
//! their 2022-2023 criteria from the demo, two users, an evidence file, a
//! boundary, a plan target) written by the current code, saved at a schema
//! version as an SQLite file and (with `--postgres URL`) as ntm's PostgreSQL
//! dump, into crates/ntm-cli/tests/fixtures/schema/.
//!
//! ```sh
//! # at each release whose schema is new: the fixture of the current schema
//! cargo run -p ntm-cli --example schema_fixture -- --postgres postgres://postgres@127.0.0.1:54335/ntm_test
//! # the schemas released before the tool existed (1..current-1)
//! cargo run -p ntm-cli --example schema_fixture -- --postgres URL --versions 1,2,3,4
//! ```
//!
//! It also rewrites migrations.sha256, the checksums of the released
//! migrations that the upgrade test holds the migration files to.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::{Context, Result, bail};
use ntm_app::Program;
use ntm_app::accounts::NewUserInput;
use ntm_app::accounts::access::Actor;
use ntm_app::criteria::catalog_files::shipped_catalog;
use ntm_app::entry::evidence::EvidenceUpload;
use ntm_core::period::Period;
use ntm_store::{ChangeSource, SCHEMA_VERSION};

/// The password of the fixture's users.
const PASSWORD: &str = "ntm-fixture-2026";

const PLAN: &str = r#"
[[targets]]
unit = "109"
metric = "criterion_communes"
subject = "2"
start_year = 2024
end_year = 2024
value = "8"
source = "Kế hoạch 133/KH-UBND ngày 15/4/2024 của UBND huyện Phong Thổ (seed 004), 004:136-140"
"#;

const BOUNDARY: &str = r#"{"type": "FeatureCollection", "features": [{"type": "Feature",
 "properties": {"code": "03589", "valid_to": "2025-06-30"},
 "geometry": {"type": "Polygon", "coordinates": [[[103.30, 22.50], [103.40, 22.50], [103.40, 22.60], [103.30, 22.60], [103.30, 22.50]]]}}]}"#;

fn repository() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Phong Thổ (109) and its communes from the demo's files.
fn subset() -> Result<(String, String)> {
    let root = repository().join("data/demo");
    let units = std::fs::read_to_string(root.join("lai-chau-units.csv"))?;
    let mut lines = units.lines();
    let header = lines.next().context("units header")?;
    let mut communes = Vec::new();
    let mut kept = vec![header.to_string()];
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        let (code, parent) = (fields[0], fields.get(4).copied().unwrap_or(""));
        if code == "12" || code == "109" || parent == "109" {
            if parent == "109" {
                communes.push(format!("{code},"));
            }
            kept.push(line.to_string());
        }
    }
    let values = std::fs::read_to_string(root.join("values.csv"))?;
    let mut lines = values.lines();
    let mut values_kept = vec![lines.next().context("values header")?.to_string()];
    values_kept.extend(
        lines
            .filter(|l| communes.iter().any(|c| l.starts_with(c.as_str())))
            .map(str::to_string),
    );
    Ok((kept.join("\n") + "\n", values_kept.join("\n") + "\n"))
}

async fn build(program: &Program) -> Result<()> {
    let actor = Actor::system(
        "tạo dữ liệu kiểm thử nâng cấp",
        ChangeSource::Import,
        ntm_app::Clock::System.now(),
    );
    let (units, values) = subset()?;
    program
        .import_units_csv(&actor, "phong-tho-units.csv", units.as_bytes())
        .await?;
    program
        .import_values_csv(&actor, "phong-tho-values.csv", values.as_bytes())
        .await?;
    for (username, role, unit) in [
        ("quantri", "administrator", None),
        ("xa.muongso", "commune_officer", Some("03589")),
    ] {
        program
            .create_user(
                &actor,
                NewUserInput {
                    username: username.into(),
                    display_name: format!("Người dùng {username}"),
                    password: PASSWORD.into(),
                    role: role.into(),
                    unit_code: unit.map(str::to_string),
                    agency_code: None,
                },
            )
            .await?;
    }
    program
        .add_evidence(
            &actor,
            EvidenceUpload {
                unit: "03589",
                period: Period::year(2023),
                subject: "2",
                file_name: "biên bản giao thông.pdf",
                content: b"%PDF-1.4\n% bien ban nghiem thu duong giao thong\n".to_vec(),
            },
        )
        .await?;
    program
        .import_geometry(&actor, "ranh-gioi.geojson", BOUNDARY.as_bytes())
        .await?;
    program.import_plan_file(&actor, "ke-hoach.toml", PLAN).await?;
    Ok(())
}

struct Options {
    versions: Vec<i64>,
    postgres: Option<String>,
    out: PathBuf,
}

fn options() -> Result<Options> {
    let mut options = Options {
        versions: vec![SCHEMA_VERSION],
        postgres: None,
        out: Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/schema"),
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--versions" => {
                options.versions = args
                    .next()
                    .context("--versions 1,2,3")?
                    .split(',')
                    .map(|v| v.trim().parse())
                    .collect::<Result<_, _>>()?;
            }
            "--postgres" => options.postgres = Some(args.next().context("--postgres URL")?),
            "--out" => options.out = PathBuf::from(args.next().context("--out DIR")?),
            other => bail!("unknown argument {other}"),
        }
    }
    Ok(options)
}

#[tokio::main]
async fn main() -> Result<()> {
    let options = options()?;
    std::fs::create_dir_all(&options.out)?;
    let work = tempfile::tempdir()?;
    let full = work.path().join("full.db");
    let store: Arc<dyn ntm_store::Store> =
        Arc::new(ntm_store::SqliteStore::open(full.to_str().context("path")?).await?);
    build(&Program::open(store, shipped_catalog()?).await?).await?;
    for &version in &options.versions {
        let out = options.out.join(format!("schema-{version:04}.sqlite3"));
        let _ = std::fs::remove_file(&out);
        ntm_store::fixture::sqlite_at_version(&full, &out, version)?;
        println!("{}", out.display());
    }
    if let Some(url) = &options.postgres {
        let full_schema = format!("fixture_full_{}", std::process::id());
        let store = ntm_store::PostgresStore::connect(url, Some(&full_schema)).await?;
        build(&Program::open(Arc::new(store), shipped_catalog()?).await?).await?;
        for &version in &options.versions {
            let schema = format!("fixture_v{version}_{}", std::process::id());
            ntm_store::fixture::postgres_at_version(url, &full_schema, &schema, version).await?;
            let out = options.out.join(format!("schema-{version:04}.ntmdump"));
            let _ = std::fs::remove_file(&out);
            ntm_store::backup::backup_postgres_schema(url, &schema, &out).await?;
            println!("{}", out.display());
        }
        println!(
            "(schemas {full_schema} and fixture_v*_{} can be dropped)",
            std::process::id()
        );
    }
    let checksums: String = ntm_store::fixture::migration_checksums()
        .into_iter()
        .filter(|(v, _, _)| *v <= *options.versions.iter().max().unwrap_or(&SCHEMA_VERSION))
        .map(|(v, backend, hash)| format!("{v} {backend} {hash}\n"))
        .collect();
    let released = options.out.join("migrations.sha256");
    let kept = std::fs::read_to_string(&released).unwrap_or_default();
    let mut lines: Vec<String> = kept.lines().map(str::to_string).collect();
    for line in checksums.lines() {
        let key: String = line.split(' ').take(2).collect::<Vec<_>>().join(" ");
        if !lines.iter().any(|l| l.starts_with(&format!("{key} "))) {
            lines.push(line.to_string());
        }
    }
    lines.sort_by_key(|l| {
        let mut parts = l.split(' ');
        let v: i64 = parts.next().and_then(|v| v.parse().ok()).unwrap_or(0);
        (v, parts.next().unwrap_or("").to_string())
    });
    std::fs::write(&released, lines.join("\n") + "\n")?;
    println!("{}", released.display());
    Ok(())
}
