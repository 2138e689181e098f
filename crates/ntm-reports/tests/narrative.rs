//! The narrative report against the demo's figures for Phong Thổ 2023: its
//! sentences name the communes seed 001 names, its DOCX carries the official
//! frame of Decree 30/2020/NĐ-CP, LibreOffice opens it, and hostile input
//! still gives a valid file.

use std::collections::BTreeSet;
use std::io::{Cursor, Read};
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::{Arc, OnceLock};
use std::time::{Duration, Instant};

use ntm_app::accounts::access::Actor;
use ntm_app::criteria::catalog_files::shipped_catalog;
use ntm_app::demo::build_demo;
use ntm_core::UnitKind;
use ntm_core::aggregate::{
    AllCriteriaFigure, BracketFigure, Changes, CommuneFigure, CriterionChange, CriterionFigure, Finding,
    FindingKind, QuantityFigure, RecognizedFigure, SetRef, Severity, Stats, UnitRef, VillageFigures,
};
use ntm_core::period::Period;
use ntm_reports::narrative::{DocumentHeader, Section, body_sections, default_header, narrative_docx};
use quick_xml::events::Event;
use time::macros::date;

const TODAY: time::Date = date!(2026 - 11 - 23);

/// Phong Thổ's figures for 2023 from the demo database, built once.
fn phong_tho_2023() -> &'static Stats {
    static STATS: OnceLock<Stats> = OnceLock::new();
    STATS.get_or_init(|| {
        let runtime = tokio::runtime::Runtime::new().expect("runtime");
        runtime.block_on(async {
            let actor = Actor::system(
                "kiểm thử",
                ntm_store::ChangeSource::Demo,
                time::macros::datetime!(2026-11-23 00:00 UTC),
            );
            let dir = tempfile::tempdir().expect("tempdir");
            let path = dir.path().join("demo.db");
            let store = ntm_store::open(path.to_str().expect("utf-8"))
                .await
                .expect("open");
            let (program, _) = build_demo(Arc::clone(&store), shipped_catalog().expect("catalog"), &actor)
                .await
                .expect("demo");
            program
                .stats(&actor, "109", Period::year(2023), None)
                .await
                .expect("stats")
        })
    })
}

/// The text of every paragraph of `word/document.xml`, line breaks as "\n",
/// paragraphs of table cells included, in document order.
fn document_paragraphs(docx: &[u8]) -> Vec<String> {
    let xml = zip_entry(docx, "word/document.xml");
    let mut reader = quick_xml::Reader::from_str(&xml);
    let mut paragraphs = Vec::new();
    let mut current = String::new();
    let mut in_text = false;
    loop {
        match reader.read_event().expect("well-formed document.xml") {
            Event::Start(e) if e.name().as_ref() == "w:p" => current.clear(),
            Event::End(e) if e.name().as_ref() == "w:p" => paragraphs.push(std::mem::take(&mut current)),
            Event::Start(e) if e.name().as_ref() == "w:t" => in_text = true,
            Event::End(e) if e.name().as_ref() == "w:t" => in_text = false,
            Event::Empty(e) if e.name().as_ref() == "w:br" => current.push('\n'),
            Event::Text(t) if in_text => current.push_str(&t.xml10_content()),
            Event::GeneralRef(r) if in_text => {
                let resolved = match r.resolve_char_ref().expect("character reference") {
                    Some(c) => c.to_string(),
                    None => quick_xml::escape::resolve_predefined_entity(&r)
                        .expect("predefined entity")
                        .to_string(),
                };
                current.push_str(&resolved);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    paragraphs
}

fn zip_entry(docx: &[u8], name: &str) -> String {
    let mut archive = zip::ZipArchive::new(Cursor::new(docx)).expect("a zip archive");
    let mut entry = archive.by_name(name).expect(name);
    let mut text = String::new();
    entry.read_to_string(&mut text).expect("utf-8");
    text
}

fn has(paragraphs: &[String], text: &str) -> bool {
    paragraphs.iter().any(|p| p == text)
}

fn starting<'a>(paragraphs: &'a [String], start: &str) -> Vec<&'a String> {
    paragraphs.iter().filter(|p| p.starts_with(start)).collect()
}

/// The names in the first parenthesis after `marker`: "(Mường So, Huổi Luông)".
fn names_after(sentence: &str, marker: &str) -> BTreeSet<String> {
    let rest = &sentence[sentence
        .find(marker)
        .unwrap_or_else(|| panic!("{marker} in {sentence}"))
        + marker.len()..];
    let inside = rest
        .strip_prefix(" (")
        .and_then(|r| r.split_once(')'))
        .unwrap_or_else(|| panic!("names after {marker} in {sentence}"))
        .0;
    inside.split(", ").map(str::to_string).collect()
}

fn set(names: &[&str]) -> BTreeSet<String> {
    names.iter().map(|s| s.to_string()).collect()
}

fn criterion<'a>(stats: &'a Stats, code: &str) -> &'a CriterionFigure {
    stats
        .per_criterion
        .iter()
        .find(|c| c.criterion == code)
        .expect("criterion")
}

fn all_paragraphs(sections: &[Section]) -> Vec<String> {
    sections
        .iter()
        .flat_map(|s| std::iter::once(s.heading.clone()).chain(s.paragraphs.iter().cloned()))
        .collect()
}

fn phong_tho_docx() -> Vec<u8> {
    let stats = phong_tho_2023();
    narrative_docx(&header(stats), &body_sections(stats)).expect("docx")
}

/// The default header of a report issued by its own unit.
fn header(stats: &Stats) -> DocumentHeader {
    default_header(stats, &stats.unit, TODAY, None)
}

#[test]
fn the_docx_carries_the_frame_and_the_seed_sentences() {
    let stats = phong_tho_2023();
    let paragraphs = document_paragraphs(&phong_tho_docx());

    // The frame of Decree 30/2020/NĐ-CP.
    for text in [
        "ỦY BAN NHÂN DÂN\nHUYỆN PHONG THỔ",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "Số:      /BC-UBND",
        "Phong Thổ, ngày 23 tháng 11 năm 2026",
        "BÁO CÁO",
        "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2023",
        "Nơi nhận:",
        "- UBND tỉnh (B/c);",
        "- Lưu: VT.",
        "TM. ỦY BAN NHÂN DÂN",
        "CHỦ TỊCH",
    ] {
        assert!(has(&paragraphs, text), "missing {text:?} in {paragraphs:#?}");
    }
    let position = |text: &str| paragraphs.iter().position(|p| p == text).expect(text);
    assert!(position("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM") < position("BÁO CÁO"));
    assert!(position("BÁO CÁO") < position("Nơi nhận:"));

    // Criterion 2, Giao thông: seed 001 names four communes, "04/16".
    let seed_transport = set(&["Mường So", "Khổng Lào", "Ma Li Pho", "Huổi Luông"]);
    let transport = starting(&paragraphs, "Tiêu chí số 02 - Giao thông:");
    assert_eq!(transport.len(), 1, "{transport:?}");
    assert!(
        transport[0].contains("Có 04/16 xã đạt tiêu chí Giao thông"),
        "{}",
        transport[0]
    );
    assert_eq!(
        names_after(transport[0], "đạt tiêu chí Giao thông"),
        seed_transport
    );
    assert_eq!(
        criterion(stats, "2")
            .communes
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>(),
        seed_transport
    );

    // Criterion 10, Thu nhập: Mường So and Huổi Luông.
    let seed_income = set(&["Mường So", "Huổi Luông"]);
    let income = starting(&paragraphs, "Tiêu chí số 10 - Thu nhập:");
    assert_eq!(income.len(), 1, "{income:?}");
    assert!(income[0].contains("Có 02/16 xã"), "{}", income[0]);
    assert_eq!(names_after(income[0], "đạt tiêu chí Thu nhập"), seed_income);
    assert_eq!(
        criterion(stats, "10")
            .communes
            .iter()
            .cloned()
            .collect::<BTreeSet<_>>(),
        seed_income
    );

    // Criterion 5, Trường học: seed 001 "tăng 01 xã … so với năm 2022 – Bản Lang".
    let schools = starting(&paragraphs, "Tiêu chí số 05 - Trường học:");
    assert!(
        schools[0].contains("tăng 01 xã so với năm 2022 – xã Bản Lang"),
        "{}",
        schools[0]
    );

    // The average of seed 001, and the communes meeting every criterion as the data has them.
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("Bình quân đạt 11,06 tiêu chí/xã")),
        "no average in {paragraphs:#?}"
    );
    let standard = &stats.all_criteria_met;
    assert_eq!(standard.count, 2);
    let standard_sentence = paragraphs
        .iter()
        .find(|p| p.starts_with("Có 02/16 xã đạt đủ 19/19 tiêu chí"))
        .expect("standard sentence");
    assert_eq!(
        names_after(standard_sentence, "chiếm 12,5%"),
        standard.communes.iter().cloned().collect::<BTreeSet<_>>()
    );
    assert_eq!(
        standard.communes.iter().cloned().collect::<BTreeSet<_>>(),
        seed_income
    );

    // A quantity as the data holds it.
    assert!(
        paragraphs
            .iter()
            .any(|p| p.starts_with("- Chỉ tiêu 2.2:") && p.contains("là 226,84/318,39 km (71,25%)")),
        "no quantity 2.2"
    );
}

#[test]
fn the_docx_is_laid_out_as_the_decree_asks() {
    let docx = phong_tho_docx();
    let document = zip_entry(&docx, "word/document.xml");
    // A4 portrait; margins top and bottom 20 mm, left 30 mm, right 15 mm.
    assert!(
        document.contains(r#"<w:pgSz w:w="11906" w:h="16838""#),
        "page size"
    );
    for margin in [
        r#"w:top="1134""#,
        r#"w:bottom="1134""#,
        r#"w:left="1701""#,
        r#"w:right="850""#,
    ] {
        assert!(document.contains(margin), "{margin}");
    }
    // Real tables and paragraphs: two borderless tables, no text boxes.
    assert_eq!(document.matches("<w:tbl>").count(), 2);
    assert!(!document.contains("txbxContent"));
    assert!(document.contains(r#"<w:jc w:val="both" />"#) || document.contains(r#"<w:jc w:val="both"/>"#));
    // Times New Roman by default.
    let styles = zip_entry(&docx, "word/styles.xml");
    assert!(styles.contains("Times New Roman"), "default font");
}

#[test]
fn every_figure_has_its_sentence() {
    let stats = phong_tho_2023();
    let sections = body_sections(stats);
    let paragraphs = all_paragraphs(&sections);

    // One sentence per criterion.
    assert_eq!(stats.per_criterion.len(), 19);
    for c in &stats.per_criterion {
        let number = format!("{:02}", c.criterion.parse::<u32>().expect("numbered criterion"));
        let start = format!("Tiêu chí số {number} - {}:", c.name);
        let found = starting(&paragraphs, &start);
        assert_eq!(found.len(), 1, "{start}: {found:?}");
        let count = format!("{:02}/16", c.met);
        let count = if c.met == 0 { "0/16".to_string() } else { count };
        assert!(found[0].contains(&count), "{count} in {}", found[0]);
    }

    // The brackets sentence adds up to the communes.
    let brackets = starting(&paragraphs, "Số xã theo số tiêu chí đạt:");
    assert_eq!(brackets.len(), 1);
    let sum: u32 = brackets[0]
        .trim_start_matches("Số xã theo số tiêu chí đạt:")
        .split("; ")
        .map(|part| {
            part.trim()
                .split(' ')
                .next()
                .and_then(|n| n.parse::<u32>().ok())
                .unwrap_or_else(|| panic!("count in {part:?}"))
        })
        .sum();
    assert_eq!(sum, stats.communes_with_data);
    assert!(
        brackets[0].starts_with("Số xã theo số tiêu chí đạt: 02 xã đạt 19 tiêu chí"),
        "{}",
        brackets[0]
    );

    // Every change against 2022 is said, with the communes' names.
    let changes = stats.changes.as_ref().expect("2022 values in the demo");
    for change in changes
        .per_criterion
        .iter()
        .filter(|c| !c.gained.is_empty() && c.lost.is_empty())
    {
        let clause = format!(
            "tăng {:02} xã so với năm 2022 – xã {}",
            change.gained.len(),
            change.gained.join(", ")
        );
        assert!(paragraphs.iter().any(|p| p.contains(&clause)), "{clause}");
    }

    // One paragraph per commune, with its criteria met and not met by name.
    for commune in &stats.per_commune {
        let found = starting(&paragraphs, &format!("Xã {}", commune.name));
        assert_eq!(found.len(), 1, "{}", commune.name);
        if !commune.not_met_criteria.is_empty() {
            assert!(found[0].contains("chưa đạt"), "{}", found[0]);
        }
    }
    let lan_nhi_thang = starting(&paragraphs, "Xã Lản Nhì Thàng")[0];
    assert!(lan_nhi_thang.contains("đạt 13/19 tiêu chí"), "{lan_nhi_thang}");
    assert!(
        lan_nhi_thang.contains("tiêu chí số 02: Giao thông"),
        "{lan_nhi_thang}"
    );

    // Villages by criteria met (seed 001: 163 villages, 23 with 3-5, 92 with 6-9).
    let villages = stats.villages.as_ref().expect("village set");
    assert!(paragraphs.iter().any(|p| p.contains("163 thôn, bản")));
    assert!(has(&paragraphs, "- Đạt 03 - 05 tiêu chí: 23 thôn, bản;"));
    assert!(has(&paragraphs, "- Đạt 06 - 09 tiêu chí: 92 thôn, bản;"));
    let village_sum: u32 = paragraphs
        .iter()
        .filter(|p| p.starts_with("- Đạt ") || p.starts_with("- Dưới "))
        .filter_map(|p| p.rsplit(": ").next()?.split(' ').next()?.parse::<u32>().ok())
        .sum();
    assert_eq!(village_sum, villages.with_data);

    // ntm's own checks are not in the body: they go to the review file.
    assert!(!paragraphs.iter().any(|p| p.contains("CẦN XEM LẠI")));
    for finding in &stats.findings {
        assert!(
            !paragraphs.iter().any(|p| p.contains(finding.message.as_str())),
            "{}",
            finding.message
        );
    }
    assert!(paragraphs.last().is_some_and(|p| p.ends_with("./.")));
}

#[test]
fn libreoffice_opens_it() {
    let Some(soffice) = ["soffice", "libreoffice"].into_iter().find(|p| on_path(p)) else {
        if std::env::var_os("CI").is_some() {
            panic!("LibreOffice is not on PATH: CI must install libreoffice-writer-nogui");
        }
        eprintln!("SKIPPED: LibreOffice (soffice) is not on PATH, so the DOCX is not opened");
        return;
    };
    let dir = tempfile::tempdir().expect("tempdir");
    let empty = narrative_docx(&header(&empty_stats()), &body_sections(&empty_stats()));
    let files = [
        ("phong-tho", phong_tho_docx()),
        ("khong-co-xa", empty.expect("docx")),
    ];
    for (name, bytes) in &files {
        std::fs::write(dir.path().join(format!("{name}.docx")), bytes).expect("write");
    }
    let profile = format!(
        "-env:UserInstallation=file://{}",
        dir.path().join("profile").display()
    );
    let mut child = Command::new(soffice)
        .arg(profile)
        .args(["--headless", "--convert-to", "pdf", "--outdir"])
        .arg(dir.path())
        .args(
            files
                .iter()
                .map(|(name, _)| dir.path().join(format!("{name}.docx"))),
        )
        .env("HOME", dir.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("start soffice");
    let deadline = Instant::now() + Duration::from_secs(120);
    let status = loop {
        if let Some(status) = child.try_wait().expect("soffice status") {
            break status;
        }
        if Instant::now() > deadline {
            let _ = child.kill();
            panic!("soffice did not finish converting within 120 s");
        }
        std::thread::sleep(Duration::from_millis(200));
    };
    assert!(status.success(), "soffice failed: {status}");
    for (name, _) in &files {
        let pdf = std::fs::read(dir.path().join(format!("{name}.pdf"))).expect("the PDF LibreOffice wrote");
        assert!(pdf.starts_with(b"%PDF"), "{name}: not a PDF");
    }
}

fn on_path(program: &str) -> bool {
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| is_file(&dir.join(program))))
}

fn is_file(path: &Path) -> bool {
    path.metadata().is_ok_and(|m| m.is_file())
}

/// Figures with nothing in them, or with text no document should hold.
fn hostile_stats(communes: u32) -> Stats {
    let weird = "\u{0}<&>\"'\u{1b}\u{FFFF}\r\n\t ]]>";
    Stats {
        unit: UnitRef {
            code: String::new(),
            name: weird.into(),
            full_name: String::new(),
            kind: UnitKind::Country,
        },
        period: Period::year(2023),
        period_label: "năm 2023".into(),
        reference_date: String::new(),
        criteria_set: SetRef {
            code: String::new(),
            version: u32::MAX,
            name: String::new(),
            document: weird.into(),
            label: weird.into(),
        },
        communes,
        communes_with_data: communes,
        communes_without_data: 0,
        without_data: vec![weird.into()],
        communes_judged: communes,
        unjudged: vec![weird.into()],
        unjudged_text: Some(weird.into()),
        communes_partial: u32::MAX,
        coverage_text: weird.into(),
        criteria_met_total: u32::MAX,
        average_criteria: Some(f64::NAN),
        average_criteria_text: Some(String::new()),
        all_criteria_met: AllCriteriaFigure {
            threshold: 0,
            count: u32::MAX,
            communes: vec![weird.into()],
            marks: Default::default(),
        },
        recognized: RecognizedFigure {
            count: u32::MAX,
            communes: vec![weird.into()],
            decisions: Vec::new(),
            short_of_all_criteria: vec![weird.into()],
        },
        brackets: vec![BracketFigure {
            label: String::new(),
            min: 9,
            max: 0,
            count: communes,
            communes: Vec::new(),
            marks: Default::default(),
        }],
        per_criterion: vec![CriterionFigure {
            criterion: String::new(),
            name: weird.into(),
            met: u32::MAX,
            total: communes,
            communes: Vec::new(),
            commune_codes: Vec::new(),
            not_met: vec![String::new(); 3],
            no_data: vec![weird.into()],
            unjudged: vec![weird.into()],
            marks: ntm_core::aggregate::Marks {
                estimated: vec![weird.into()],
                derived: Vec::new(),
            },
        }],
        per_commune: vec![CommuneFigure {
            code: String::new(),
            name: weird.into(),
            met: 0,
            met_criteria: vec!["99".into()],
            not_met_criteria: Vec::new(),
            no_data_criteria: vec![String::new()],
            unjudged_criteria: vec![weird.into()],
            has_data: true,
            judged: true,
            all_criteria_met: true,
            recognized: Some(weird.into()),
            recognized_short: None,
            estimated_criteria: vec![weird.into()],
            derived_criteria: Vec::new(),
            commune_group: None,
        }],
        per_subdivision: Vec::new(),
        changes: Some(Changes {
            compared_with: Period::year(2022),
            communes_compared: 0,
            per_criterion: vec![CriterionChange {
                criterion: String::new(),
                name: String::new(),
                before: 0,
                after: 0,
                gained: vec![weird.into()],
                gained_codes: vec![weird.into()],
                lost: vec![weird.into()],
                marks: Default::default(),
            }],
            all_criteria_gained: vec![String::new()],
            all_criteria_lost: Vec::new(),
            average_before: Some(f64::INFINITY),
            average_before_text: Some(weird.into()),
            marks_before: Default::default(),
        }),
        villages: Some(VillageFigures {
            criteria_set: SetRef {
                code: String::new(),
                version: 0,
                name: String::new(),
                document: String::new(),
                label: String::new(),
            },
            total: 0,
            with_data: 5,
            without_data: 0,
            judged: 5,
            all_criteria_met: 0,
            brackets: Vec::new(),
            estimated: 3,
            derived: 0,
        }),
        quantities: vec![QuantityFigure {
            indicator: "2.2".into(),
            name: weird.into(),
            unit: None,
            achieved: None,
            total: None,
            percent: None,
            number: None,
            basis: "sum_of_communes",
            communes_counted: 0,
            text: weird.into(),
            marks: Default::default(),
        }],
        marks: ntm_core::aggregate::Marks {
            estimated: vec![weird.into()],
            derived: vec![weird.into()],
        },
        findings: vec![Finding {
            kind: FindingKind::MissingData,
            severity: Severity::Info,
            unit: None,
            criterion: None,
            message: weird.into(),
            source: Some(weird.into()),
        }],
    }
}

fn empty_stats() -> Stats {
    let mut stats = hostile_stats(0);
    stats.unit = UnitRef {
        code: "109".into(),
        name: "Phong Thổ".into(),
        full_name: "Huyện Phong Thổ".into(),
        kind: UnitKind::District,
    };
    stats.criteria_met_total = 0;
    stats.communes_with_data = 0;
    stats.communes_judged = 0;
    stats.unjudged.clear();
    stats.unjudged_text = None;
    stats.communes_partial = 0;
    stats.without_data.clear();
    stats.coverage_text = "0/0 xã có số liệu".into();
    stats.average_criteria = None;
    stats.average_criteria_text = None;
    stats.all_criteria_met = AllCriteriaFigure {
        threshold: 19,
        count: 0,
        communes: Vec::new(),
        marks: Default::default(),
    };
    stats.recognized = RecognizedFigure {
        count: 0,
        communes: Vec::new(),
        decisions: Vec::new(),
        short_of_all_criteria: Vec::new(),
    };
    stats.brackets.clear();
    stats.per_criterion.clear();
    stats.per_commune.clear();
    stats.changes = None;
    stats.villages = None;
    stats.quantities.clear();
    stats.findings.clear();
    stats
}

#[test]
fn hostile_input_still_gives_a_valid_docx() {
    let empty_header = DocumentHeader {
        issuer_parent: String::new(),
        issuer: String::new(),
        number: String::new(),
        place: String::new(),
        date: time::Date::MIN,
        title: String::new(),
        subject: String::new(),
        recipients: Vec::new(),
        signer_authority: String::new(),
        signer_title: String::new(),
        signer_name: String::new(),
    };
    let weird = "\u{0}<&>\"'\u{1b}\r\n\t ]]>\u{202e}";
    let weird_header = DocumentHeader {
        issuer_parent: weird.into(),
        issuer: weird.repeat(50),
        number: weird.into(),
        place: weird.into(),
        date: time::Date::MAX,
        title: weird.into(),
        subject: "\n".repeat(10),
        recipients: vec![String::new(), "-".into(), weird.into()],
        signer_authority: weird.into(),
        signer_title: weird.into(),
        signer_name: weird.into(),
    };
    let weird_sections = vec![
        Section::new(weird, Vec::new()),
        Section {
            heading: String::new(),
            paragraphs: vec![String::new(), weird.repeat(1_000)],
            footnotes: vec![(1, weird.into()), (7, String::new())],
        },
    ];
    let cases = [
        (empty_header.clone(), Vec::new()),
        (empty_header, body_sections(&empty_stats())),
        (header(&empty_stats()), body_sections(&empty_stats())),
        (header(&hostile_stats(0)), body_sections(&hostile_stats(0))),
        (header(&hostile_stats(3)), body_sections(&hostile_stats(3))),
        (weird_header, weird_sections),
    ];
    for (header, sections) in cases {
        let docx = narrative_docx(&header, &sections).expect("docx");
        let paragraphs = document_paragraphs(&docx);
        assert!(has(&paragraphs, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"));
        assert!(
            paragraphs
                .iter()
                .all(|p| !p.contains('\u{0}') && !p.contains('\u{1b}'))
        );
    }
    let empty = body_sections(&empty_stats());
    let text = all_paragraphs(&empty).join("\n");
    assert!(text.contains("chưa có xã có số liệu đánh giá"), "{text}");
}
