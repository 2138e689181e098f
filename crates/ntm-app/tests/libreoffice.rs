//! The files open in LibreOffice (headless): the appendix and the Word report
//! (with its map picture) convert to PDF, and a template saved again by LibreOffice imports back unchanged —
//! another program's way of writing numbers and text changes nothing. PB02's
//! rows are as tall as LibreOffice's own layout needs for their wrapped
//! lists of communes (no text cut off or drawn over the next row).
//!
//! Needs `soffice` (`.ci/run` installs libreoffice-calc-nogui). Without it the
//! test says so and stops, except under CI, where it fails.

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{actor, demo};
use ntm_app::documents::template_export::TemplateUnits;
use ntm_core::period::Period;

fn soffice() -> Option<PathBuf> {
    let found = std::env::var_os("PATH").and_then(|paths| {
        std::env::split_paths(&paths)
            .flat_map(|dir| [dir.join("soffice"), dir.join("libreoffice")])
            .find(|p| p.is_file())
    });
    if found.is_none() {
        let reason = "soffice not found (apt-get install libreoffice-calc-nogui)";
        assert!(
            std::env::var("CI").is_err(),
            "under CI LibreOffice must be installed: {reason}"
        );
        eprintln!("SKIPPED LibreOffice test: {reason}");
    }
    found
}

/// One soffice at a time: two started together (the tests run in parallel)
/// sometimes leave a conversion unwritten on a busy machine.
static SOFFICE: std::sync::Mutex<()> = std::sync::Mutex::new(());

/// Converts `file` with LibreOffice into `format` ("pdf", "xlsx") in `out`.
fn convert(soffice: &Path, file: &Path, format: &str, out: &Path) -> PathBuf {
    let _one = SOFFICE.lock().unwrap_or_else(|e| e.into_inner());
    let home = tempfile::tempdir().expect("home");
    let mut child = Command::new(soffice)
        .args(["--headless", "--norestore", "--convert-to", format, "--outdir"])
        .arg(out)
        .arg(file)
        .env("HOME", home.path())
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("soffice starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "soffice failed on {}", file.display());
            break;
        }
        assert!(std::time::Instant::now() < deadline, "soffice took too long");
        std::thread::sleep(Duration::from_millis(200));
    }
    let stem = file.file_stem().expect("stem").to_string_lossy().to_string();
    out.join(format!("{stem}.{format}"))
}

#[tokio::test]
async fn libreoffice_opens_the_appendix_and_resaves_a_template_that_imports_unchanged() {
    let Some(soffice) = soffice() else { return };
    let (program, dir) = demo().await;
    let period = Period::year(2023);

    let appendix = program
        .appendix(
            &actor(),
            "109",
            period,
            &ntm_app::documents::reports::ReportOptions::standard(),
        )
        .await
        .expect("appendix");
    let xlsx = dir.path().join(&appendix.name);
    std::fs::write(&xlsx, &appendix.bytes).expect("write");
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).expect("out");
    let pdf = convert(&soffice, &xlsx, "pdf", &out);
    let bytes = std::fs::read(&pdf).expect("a PDF");
    assert!(
        bytes.starts_with(b"%PDF"),
        "LibreOffice made a PDF of the appendix"
    );

    // The Word report with its map picture opens too, and the picture is in it.
    let report = program
        .narrative(
            &actor(),
            "109",
            period,
            &ntm_app::documents::reports::ReportOptions::standard(),
        )
        .await
        .expect("report");
    let docx = dir.path().join(&report.name);
    std::fs::write(&docx, &report.bytes).expect("write");
    let pdf = convert(&soffice, &docx, "pdf", &out);
    let bytes = std::fs::read(&pdf).expect("a PDF of the report");
    assert!(bytes.starts_with(b"%PDF"), "LibreOffice made a PDF of the report");
    assert!(
        bytes.windows(14).any(|w| w == b"/Subtype/Image"),
        "the map picture is drawn in the PDF"
    );

    let (name, template) = program
        .template(&actor(), "109", period, TemplateUnits::Communes)
        .await
        .expect("template");
    let original = dir.path().join("in").join(&name);
    std::fs::create_dir_all(original.parent().expect("folder")).expect("in");
    std::fs::write(&original, &template).expect("write");
    let resaved = convert(&soffice, &original, "xlsx", &out);
    let bytes = std::fs::read(&resaved).expect("the re-saved workbook");
    assert_ne!(bytes, template, "LibreOffice wrote its own file");
    let summary = program
        .import_file(&actor(), &name, &bytes)
        .await
        .expect("import");
    assert_eq!((summary.created, summary.updated), (0, 0), "{summary:?}");
}

/// Runs soffice with `args` and waits (at most three minutes).
fn run(soffice: &Path, args: &[String], home: &Path) {
    let _one = SOFFICE.lock().unwrap_or_else(|e| e.into_inner());
    let mut child = Command::new(soffice)
        .args(args)
        .env("HOME", home)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("soffice starts");
    let deadline = std::time::Instant::now() + Duration::from_secs(180);
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            assert!(status.success(), "soffice failed: {args:?}");
            return;
        }
        assert!(std::time::Instant::now() < deadline, "soffice took too long");
        std::thread::sleep(Duration::from_millis(200));
    }
}

/// A Basic macro that opens a workbook, lets LibreOffice set the optimal
/// height of every row of its first sheet, and saves it as XLSX.
const OPTIMAL_HEIGHTS: &str = r#"<?xml version="1.0" encoding="UTF-8"?>
<!DOCTYPE script:module PUBLIC "-//OpenOffice.org//DTD OfficeDocument 1.0//EN" "module.dtd">
<script:module xmlns:script="http://openoffice.org/2000/script" script:name="Module1" script:language="StarBasic">
Sub OptimalHeights(source As String, target As String)
  Dim load(0) As New com.sun.star.beans.PropertyValue
  load(0).Name = &quot;Hidden&quot;
  load(0).Value = True
  doc = StarDesktop.loadComponentFromURL(ConvertToURL(source), &quot;_blank&quot;, 0, load())
  doc.Sheets.getByIndex(0).Rows.OptimalHeight = True
  Dim store(0) As New com.sun.star.beans.PropertyValue
  store(0).Name = &quot;FilterName&quot;
  store(0).Value = &quot;Calc Office Open XML&quot;
  doc.storeToURL(ConvertToURL(target), store())
  doc.close(True)
End Sub
</script:module>
"#;

/// The heights (points) of the rows of the first sheet of an XLSX file.
fn row_heights(xlsx: &[u8]) -> BTreeMap<u32, f64> {
    use std::io::Read;
    let mut archive = zip::ZipArchive::new(std::io::Cursor::new(xlsx.to_vec())).expect("zip");
    let mut xml = String::new();
    archive
        .by_name("xl/worksheets/sheet1.xml")
        .expect("first sheet")
        .read_to_string(&mut xml)
        .expect("text");
    let attribute = |tag: &str, name: &str| -> Option<String> {
        let start = tag.find(&format!(" {name}=\""))? + name.len() + 3;
        Some(tag[start..].split('"').next()?.to_string())
    };
    xml.split("<row ")
        .skip(1)
        .filter_map(|rest| {
            let tag = format!(" {}", rest.split('>').next()?);
            let tag = tag.as_str();
            let row = attribute(tag, "r")?.parse().ok()?;
            let height = attribute(tag, "ht")?.parse().ok()?;
            Some((row, height))
        })
        .collect()
}

#[tokio::test]
async fn libreoffice_fits_pb02s_wrapped_names_in_their_rows() {
    let Some(soffice) = soffice() else { return };
    let (program, dir) = demo().await;
    let stats = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("stats");
    let appendix = program
        .appendix(
            &actor(),
            "109",
            Period::year(2023),
            &ntm_app::documents::reports::ReportOptions::parse(None, Some("none")).expect("options"),
        )
        .await
        .expect("appendix");
    let source = dir.path().join("pb02.xlsx");
    std::fs::write(&source, &appendix.bytes).expect("write");
    let target = dir.path().join("optimal.xlsx");
    // A LibreOffice profile of our own, holding the macro.
    let home = dir.path().join("home");
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    run(
        &soffice,
        &[
            profile.clone(),
            "--headless".into(),
            "--terminate_after_init".into(),
        ],
        &home,
    );
    let basic = dir.path().join("profile/user/basic/Standard");
    std::fs::create_dir_all(&basic).expect("basic folder");
    std::fs::write(basic.join("Module1.xba"), OPTIMAL_HEIGHTS).expect("macro");
    run(
        &soffice,
        &[
            profile,
            "--headless".into(),
            format!(
                "macro:///Standard.Module1.OptimalHeights(\"{}\",\"{}\")",
                source.display(),
                target.display()
            ),
        ],
        &home,
    );
    let needed = row_heights(&std::fs::read(&target).expect("LibreOffice saved the workbook"));
    let ours = row_heights(&appendix.bytes);
    // PB02 is the first sheet (the seeds' order); its body starts on row 7.
    let body = 7..7 + stats.per_criterion.len() as u32;
    let mut wrapped = 0;
    for row in body {
        let (have, need) = (ours[&row], needed[&row]);
        assert!(
            have + 0.5 >= need,
            "row {row} is {have} pt high but LibreOffice needs {need} pt for its text"
        );
        wrapped += usize::from(need > 30.0);
    }
    assert!(
        wrapped >= 10,
        "the lists of communes wrap over several lines in most rows"
    );
}
