//! The Word report and the workbook of Phong Thổ 2023 as an office sends
//! them: no ntm check in the body, a footnote on every figure built on
//! filled-in or derived values, the title and parts of a year's report, the
//! program's name with its capitals, and the issuing body that exists on the
//! report's date. Read back from the files themselves.

mod common;

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};
use common::{actor, demo};
use ntm_app::documents::reports::ReportOptions;
use ntm_core::period::Period;
use time::macros::date;

const Y2023: Period = Period::year(2023);

fn entry(bytes: &[u8], name: &str) -> Option<String> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes.to_vec())).expect("zip");
    let mut text = String::new();
    archive
        .by_name(name)
        .ok()?
        .read_to_string(&mut text)
        .expect("utf-8");
    Some(text)
}

/// The text of each `<w:p>` of an XML part, with whether it carries a
/// footnote mark.
fn paragraphs(xml: &str) -> Vec<(String, bool)> {
    xml.split("<w:p>")
        .flat_map(|p| p.split("<w:p "))
        .skip(1)
        .map(|p| {
            let p = p.split("</w:p>").next().unwrap_or("");
            let mut text = String::new();
            for piece in p.split("<w:t").skip(1) {
                let Some((_, rest)) = piece.split_once('>') else {
                    continue;
                };
                let t = rest.split("</w:t>").next().unwrap_or("");
                text.push_str(
                    &t.replace("&amp;", "&")
                        .replace("&lt;", "<")
                        .replace("&gt;", ">")
                        .replace("&quot;", "\"")
                        .replace("&apos;", "'"),
                );
            }
            (text, p.contains("<w:footnoteReference"))
        })
        .collect()
}

fn options(date: time::Date) -> ReportOptions {
    ReportOptions {
        date: Some(date),
        ..ReportOptions::parse(None, Some("none")).expect("options")
    }
}

#[tokio::test]
async fn the_word_report_is_signable() {
    let (program, _dir) = demo().await;
    let stats = program.stats(&actor(), "109", Y2023, None).await.expect("stats");
    let file = program
        .narrative(&actor(), "109", Y2023, &options(date!(2024 - 01 - 15)))
        .await
        .expect("report");
    let document = entry(&file.bytes, "word/document.xml").expect("document.xml");
    let body = paragraphs(&document);
    let has = |text: &str| body.iter().any(|(p, _)| p.contains(text));

    // Issued in January 2024 by the district's People's Committee.
    assert!(document.contains("ỦY BAN NHÂN DÂN") && document.contains("HUYỆN PHONG THỔ"));
    assert!(has("Phong Thổ, ngày 15 tháng 01 năm 2024"));
    // The year's results and the next year's tasks, in the title and the parts.
    assert!(body.iter().any(|(p, _)| p
        == "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2023; phương hướng nhiệm vụ năm 2024"));
    assert!(
        !has("KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM 2024"),
        "no results of 2024 in a 2023 report"
    );
    assert!(has("PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2024"));
    assert!(has("Phần thứ nhất") && has("Phần thứ hai"));
    // The program's name keeps its capitals everywhere.
    assert!(
        !document
            .to_lowercase()
            .replace("chương trình mtqg", "")
            .is_empty()
    );
    assert!(!document.contains("chương trình mtqg") && !document.contains("Chương trình mtqg"));
    // No check of ntm's in the body.
    assert!(!has("CẦN XEM LẠI") && !has("xóa phần này"));
    for finding in &stats.findings {
        assert!(!has(&finding.message), "a check in the body: {}", finding.message);
    }
    // A footnote on every figure built on filled-in or derived values.
    let footnotes = entry(&file.bytes, "word/footnotes.xml").expect("footnotes.xml");
    let notes: Vec<String> = paragraphs(&footnotes).into_iter().map(|(t, _)| t).collect();
    for c in &stats.per_criterion {
        let number = format!(
            "Tiêu chí số {:02} - ",
            c.criterion.parse::<u32>().expect("number")
        );
        let (_, marked) = body
            .iter()
            .find(|(p, _)| p.starts_with(&number))
            .unwrap_or_else(|| panic!("{number}"));
        let change_marked = stats
            .changes
            .as_ref()
            .and_then(|ch| ch.per_criterion.iter().find(|x| x.criterion == c.criterion))
            .is_some_and(|x| !x.marks.is_empty());
        assert_eq!(
            *marked,
            !c.marks.is_empty() || change_marked,
            "criterion {}: a footnote exactly when its figure rests on such values",
            c.criterion
        );
    }
    assert!(
        notes
            .iter()
            .any(|n| n.contains("Có dùng số liệu năm 2023 suy ra")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("So với năm 2022, có dùng số liệu ước tính, điền bổ sung (của cả 16 xã)")),
        "{notes:?}"
    );
    assert!(
        notes
            .iter()
            .any(|n| n.contains("thôn, bản có số liệu ước tính, điền bổ sung")),
        "{notes:?}"
    );
    let (_, average_marked) = body
        .iter()
        .find(|(p, _)| p.starts_with("Bình quân đạt 11,06 tiêu chí/xã"))
        .expect("average");
    assert!(
        *average_marked,
        "the average rests on derived values (criterion 8)"
    );
    // Recognition and all criteria met, in words that cannot be confused.
    assert!(has("Có 04/16 xã đã được công nhận đạt chuẩn nông thôn mới"));
    assert!(has("Có 02/16 xã đạt đủ 19/19 tiêu chí theo Bộ tiêu chí"));
}

#[tokio::test]
async fn after_the_reform_the_province_issues_the_districts_report() {
    let (program, _dir) = demo().await;
    let file = program
        .narrative(&actor(), "109", Y2023, &options(date!(2026 - 12 - 01)))
        .await
        .expect("report");
    let document = entry(&file.bytes, "word/document.xml").expect("document.xml");
    let body = paragraphs(&document);
    let has = |text: &str| body.iter().any(|(p, _)| p.contains(text));
    assert!(
        document.contains("TỈNH LAI CHÂU"),
        "the district no longer exists on 01/12/2026"
    );
    assert!(!document.contains("HUYỆN PHONG THỔ"));
    assert!(has("Lai Châu, ngày 01 tháng 12 năm 2026"));
    assert!(has(
        "UBND tỉnh Lai Châu báo cáo kết quả thực hiện các tiêu chí nông thôn mới năm 2023 trên địa bàn huyện Phong Thổ"
    ));
}

#[tokio::test]
async fn the_workbook_marks_what_rests_on_filled_in_values_and_holds_no_checks() {
    let (program, _dir) = demo().await;
    let stats = program.stats(&actor(), "109", Y2023, None).await.expect("stats");
    let file = program
        .appendix(&actor(), "109", Y2023, &options(date!(2024 - 01 - 15)))
        .await
        .expect("appendix");
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(file.bytes)).expect("xlsx");
    assert!(!book.sheet_names().iter().any(|n| n.contains("xem lại")));
    let sheet = book.worksheet_range("PB02 Theo tiêu chí").expect("PB02");
    let text = |r: usize, c: usize| match sheet.get((r, c)) {
        Some(Data::String(s)) => s.clone(),
        _ => String::new(),
    };
    let all: Vec<String> = (0..sheet.height()).map(|r| text(r, 0)).collect();
    let footnote = |mark: &str| -> String {
        all.iter()
            .find(|l| l.starts_with(&format!("{mark} ")))
            .cloned()
            .unwrap_or_else(|| panic!("footnote {mark} under the table: {all:?}"))
    };
    for (i, c) in stats.per_criterion.iter().enumerate() {
        let label = text(6 + i, 1);
        let change = stats
            .changes
            .as_ref()
            .and_then(|ch| ch.per_criterion.iter().find(|x| x.criterion == c.criterion))
            .expect("change");
        let marks: Vec<&str> = label
            .match_indices(" (")
            .map(|(at, _)| &label[at + 1..])
            .filter_map(|rest| rest.split_once(')').map(|(m, _)| &rest[..m.len() + 1]))
            .collect();
        let expected = usize::from(!c.marks.is_empty()) + usize::from(!change.marks.is_empty());
        assert_eq!(marks.len(), expected, "criterion {}: {label}", c.criterion);
        for mark in marks {
            assert!(
                footnote(mark).to_lowercase().contains("có dùng số liệu"),
                "{mark}"
            );
        }
    }
    // The villages: every village's criteria are filled in.
    let villages = book.worksheet_range("PB07 Thôn, bản").expect("PB07");
    let cells: Vec<String> = villages.rows().flatten().map(|c| c.to_string()).collect();
    assert!(
        cells
            .iter()
            .any(|c| c.starts_with("Cộng (thôn, bản có số liệu) (1)"))
    );
    assert!(
        cells
            .iter()
            .any(|c| c.contains("(1) Trong đó 163 thôn, bản có số liệu ước tính, điền bổ sung"))
    );
}
