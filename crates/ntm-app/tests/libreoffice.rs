//! The files open in LibreOffice (headless): the appendix and the Word report
//! (with its map picture) convert to PDF, and a template saved again by LibreOffice imports back unchanged —
//! another program's way of writing numbers and text changes nothing.
//!
//! Needs `soffice` (`.ci/run` installs libreoffice-calc-nogui). Without it the
//! test says so and stops, except under CI, where it fails.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;
use std::time::Duration;

use common::{actor, demo};
use ntm_app::template_export::TemplateUnits;
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

/// Converts `file` with LibreOffice into `format` ("pdf", "xlsx") in `out`.
fn convert(soffice: &Path, file: &Path, format: &str, out: &Path) -> PathBuf {
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
            &ntm_app::reports::ReportOptions::standard(),
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
            &ntm_app::reports::ReportOptions::standard(),
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
