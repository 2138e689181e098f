//! Criteria sets authored by a province's office on the demo database: a
//! draft from the national 2026-2030 set, thresholds by commune group through
//! the service and through the workbook, a second person's confirmation, the
//! preview, publication, the figures that follow, and the rules that guard
//! each step.

mod common;

use std::io::Cursor;

use calamine::{Data, Reader, Xlsx};
use common::{actor, demo, user};
use ntm_app::AppError;
use ntm_app::criteria::authoring::{DraftChange, StartVersion};
use ntm_app::plans::CycleAction;
use ntm_core::criteria::draft::{TargetDraft, ThresholdDraft};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::Flag;
use rust_xlsxwriter::Workbook;
use time::macros::date;

const Y2026: Period = Period::year(2026);

fn start() -> StartVersion {
    StartVersion {
        from: "qd51-2025".into(),
        code: Some("lai-chau-2026".into()),
        name: Some("Bộ tiêu chí xã nông thôn mới tỉnh Lai Châu giai đoạn 2026-2030".into()),
        province: Some("12".into()),
    }
}

fn water_by_group() -> DraftChange {
    DraftChange::GroupThresholds {
        indicator: "8.a".into(),
        groups: vec![
            (Flag::CommuneGroup1, TargetDraft::AtLeast(Quantity::from_int(95))),
            (Flag::CommuneGroup2, TargetDraft::AtLeast(Quantity::from_int(90))),
            (Flag::CommuneGroup3, TargetDraft::AtLeast(Quantity::from_int(80))),
        ],
        citation: ThresholdDraft {
            source: Some("Quyết định số 51/2025/QĐ-TTg".into()),
            place: Some("Phụ lục I, tiêu chí 8".into()),
            page: Some("7".into()),
            ..ThresholdDraft::unknown(Vec::new())
        },
    }
}

/// A workbook re-saved with some cells changed, as a spreadsheet program
/// would after someone filled it in: every cell of every sheet copied.
fn refill(bytes: &[u8], edit: impl Fn(&str, u32, u16, &Data) -> Option<Data>) -> Vec<u8> {
    let mut book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut out = Workbook::new();
    for name in book.sheet_names() {
        let range = book.worksheet_range(&name).expect("sheet");
        let sheet = out.add_worksheet();
        sheet.set_name(&name).expect("name");
        let (r0, c0) = range.start().unwrap_or((0, 0));
        for (r, row) in range.rows().enumerate() {
            for (c, cell) in row.iter().enumerate() {
                let (r, c) = (r0 + r as u32, (c0 as usize + c) as u16);
                let cell = edit(&name, r, c, cell).unwrap_or_else(|| cell.clone());
                match cell {
                    Data::String(s) => sheet.write_string(r, c, s).map(|_| ()),
                    Data::Float(f) => sheet.write_number(r, c, f).map(|_| ()),
                    Data::Int(i) => sheet.write_number(r, c, i as f64).map(|_| ()),
                    _ => Ok(()),
                }
                .expect("write");
            }
        }
    }
    out.save_to_buffer().expect("save")
}

/// Fills a threshold row of the thresholds sheet: (indicator, group) → (condition, value).
fn fill(bytes: &[u8], rows: &[(&str, &str, &str, f64)]) -> Vec<u8> {
    let book: Xlsx<_> = Xlsx::new(Cursor::new(bytes.to_vec())).expect("xlsx");
    let mut book = book;
    let range = book.worksheet_range("Ngưỡng").expect("thresholds");
    let header: Vec<String> = range
        .rows()
        .next()
        .expect("header")
        .iter()
        .map(|c| c.to_string())
        .collect();
    let col = |name: &str| header.iter().position(|h| h == name).expect("column") as u16;
    let (ci, gi, ki, vi, si) = (
        col("Chỉ tiêu"),
        col("Nhóm xã"),
        col("Điều kiện"),
        col("Giá trị"),
        col("Văn bản"),
    );
    let mut targets = Vec::new();
    for (r, row) in range.rows().enumerate() {
        let text = |c: u16| row.get(c as usize).map(|d| d.to_string()).unwrap_or_default();
        for (indicator, group, condition, value) in rows {
            if text(ci) == *indicator && text(gi) == *group {
                targets.push((r as u32, *condition, *value));
            }
        }
    }
    assert_eq!(
        targets.len(),
        rows.len(),
        "every row to fill is offered in the workbook"
    );
    refill(bytes, |sheet, r, c, _| {
        if sheet != "Ngưỡng" {
            return None;
        }
        let (_, condition, value) = targets.iter().find(|(row, _, _)| *row == r)?;
        if c == ki {
            Some(Data::String((*condition).to_string()))
        } else if c == vi {
            Some(Data::Float(*value))
        } else if c == si {
            Some(Data::String("Quyết định số 51/2025/QĐ-TTg".into()))
        } else {
            None
        }
    })
}

#[tokio::test]
async fn a_province_authors_confirms_previews_and_publishes_its_2026_set() {
    let (program, _dir) = demo().await;
    let office = user(&program, "soan.laichau", "coordinator", "12").await;
    let checker = user(&program, "kiemtra.laichau", "coordinator", "12").await;
    let before_2023 = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("2023");

    let draft = program.start_version(&office, start()).await.expect("start");
    assert_eq!(draft.draft.version_ref().to_string(), "lai-chau-2026@1");
    let draft = program
        .change_version(&office, "lai-chau-2026", 1, draft.revision, water_by_group())
        .await
        .expect("group thresholds");

    // Poverty (6.a, at most) and income growth (3.a, at least) through the workbook.
    let bytes = program
        .criteria_workbook("lai-chau-2026@1")
        .await
        .expect("export")
        .bytes;
    let filled = fill(
        &bytes,
        &[
            ("6.a", "nhóm 1", "≤", 3.0),
            ("6.a", "nhóm 2", "≤", 5.0),
            ("6.a", "nhóm 3", "≤", 10.5),
            ("3.a", "nhóm 1", "≥", 7.0),
            ("3.a", "nhóm 2", "≥", 6.0),
            ("3.a", "nhóm 3", "≥", 5.0),
        ],
    );
    let imported = program
        .import_criteria_workbook(&office, "lai-chau-2026.xlsx", &filled)
        .await
        .expect("workbook");
    assert!(!imported.created, "the workbook updates its own draft");
    assert_eq!(
        imported.thresholds_unconfirmed,
        9 + 3,
        "nine by group and the three yes/no thresholds"
    );
    let stored = program
        .authored_version("lai-chau-2026", 1)
        .await
        .expect("stored");
    let water = stored.draft.indicator("8.a").expect("8.a");
    assert!(
        water
            .thresholds
            .iter()
            .any(|t| t.entered.is_some() && t.place.as_deref() == Some("Phụ lục I, tiêu chí 8")),
        "thresholds entered on the page kept who entered them and their place: {water:?}"
    );
    assert!(draft.revision < stored.revision);

    // Nobody confirms what they entered; a second person may.
    let index = water
        .thresholds
        .iter()
        .position(|t| t.flags == [Flag::CommuneGroup3])
        .expect("group 3")
        + 1;
    let own = program
        .change_version(
            &office,
            "lai-chau-2026",
            1,
            stored.revision,
            DraftChange::Confirm {
                indicator: "8.a".into(),
                index,
            },
        )
        .await;
    assert!(matches!(own, Err(AppError::Forbidden(_))), "{own:?}");
    let confirmed = program
        .change_version(
            &checker,
            "lai-chau-2026",
            1,
            stored.revision,
            DraftChange::Confirm {
                indicator: "8.a".into(),
                index,
            },
        )
        .await
        .expect("confirm");
    assert_eq!(confirmed.draft.threshold_coverage().0, 1);

    // The preview names the communes whose status changes.
    let impact = program
        .preview_version(&office, "lai-chau-2026", 1, Y2026)
        .await
        .expect("preview");
    let names: Vec<&str> = impact.shifts.iter().map(|s| s.unit.name.as_str()).collect();
    assert!(
        names.contains(&"Thu Lũm"),
        "Thu Lũm's water (52%) is under group 3's 80%: {names:?}"
    );
    assert!(
        !names.contains(&"Sin Suối Hồ"),
        "an ungrouped commune is judged by no guess: {names:?}"
    );
    let thu_lum = impact
        .shifts
        .iter()
        .find(|s| s.unit.name == "Thu Lũm")
        .expect("Thu Lũm");
    assert!(
        thu_lum
            .criteria
            .iter()
            .any(|c| c.code == "8" && c.after == "chưa đạt")
    );

    // Published, it judges the 2026 figures of Lai Châu; 2023 does not move.
    program
        .publish_version(
            &office,
            "lai-chau-2026",
            1,
            confirmed.revision,
            date!(2026 - 02 - 15),
        )
        .await
        .expect("publish");
    let stats = program.stats(&actor(), "12", Y2026, None).await.expect("2026");
    assert_eq!(stats.criteria_set.code, "lai-chau-2026");
    assert_eq!(stats.criteria_set.version, 1);
    let report = program
        .evaluate(&actor(), "03439", Y2026, None, Default::default())
        .await
        .expect("Thu Lũm");
    let water = report.units[0].criteria[7]
        .indicators
        .iter()
        .find(|i| i.code == "8.a")
        .expect("8.a");
    assert!(water.threshold.contains("80"), "{water:?}");
    let after_2023 = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("2023");
    assert_eq!(before_2023.per_commune, after_2023.per_commune);
    assert_eq!(after_2023.average_criteria_text.as_deref(), Some("11,06"));

    // Every step is in the audit trail, readable.
    let trail = program
        .audit_trail(
            &actor(),
            ntm_app::views::audit::AuditFilter {
                unit: None,
                period: None,
                subject: None,
                entity: Some(ntm_store::AuditEntity::CriteriaVersion),
                page: 0,
            },
        )
        .await
        .expect("audit");
    assert!(
        trail.entries.len() >= 4,
        "start, thresholds, workbook, confirmation, publication: {:?}",
        trail
            .entries
            .iter()
            .map(|e| (&e.entity, &e.subject))
            .collect::<Vec<_>>()
    );
    assert!(
        trail
            .entries
            .iter()
            .all(|e| e.entity_name == "phiên bản bộ tiêu chí")
    );
    assert!(
        trail.entries.iter().any(|e| e
            .new
            .as_deref()
            .is_some_and(|n| n.contains("chỉ tiêu thay đổi: 8.a"))),
        "{:?}",
        trail.entries.iter().map(|e| e.new.clone()).collect::<Vec<_>>()
    );
    assert!(trail.entries.iter().any(|e| {
        e.new
            .as_deref()
            .is_some_and(|n| n.starts_with("đã ban hành, có hiệu lực từ 15/02/2026"))
    }));

    // A published version is never edited in place.
    let published = program
        .authored_version("lai-chau-2026", 1)
        .await
        .expect("published");
    let refused = program
        .change_version(&office, "lai-chau-2026", 1, published.revision, water_by_group())
        .await;
    assert!(
        matches!(refused, Err(AppError::Locked(m)) if m.contains("phiên bản mới")),
        "published versions are locked"
    );
    let next = program
        .start_version(
            &office,
            StartVersion {
                from: "lai-chau-2026".into(),
                code: None,
                name: None,
                province: None,
            },
        )
        .await
        .expect("next version");
    assert_eq!(next.draft.version, 2);
    assert_eq!(next.draft.indicator("8.a"), published.draft.indicator("8.a"));
}

#[tokio::test]
async fn a_workbook_with_a_bad_cell_is_refused_naming_sheet_and_cell() {
    let (program, _dir) = demo().await;
    let office = user(&program, "soan.laichau", "coordinator", "12").await;
    program.start_version(&office, start()).await.expect("start");
    let before = program
        .authored_version("lai-chau-2026", 1)
        .await
        .expect("stored");
    let bytes = program
        .criteria_workbook("lai-chau-2026@1")
        .await
        .expect("export")
        .bytes;
    let bad = refill(&bytes, |sheet, r, c, cell| {
        (sheet == "Ngưỡng" && r == 1 && c == 6 && matches!(cell, Data::String(_)))
            .then(|| Data::String("lớn hơn".into()))
    });
    let refused = program
        .import_criteria_workbook(&office, "bo-tieu-chi.xlsx", &bad)
        .await;
    let Err(AppError::Import(errors)) = refused else {
        panic!("expected cell errors, got {refused:?}");
    };
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert_eq!((&*errors[0].sheet, &*errors[0].cell), ("Ngưỡng", "G2"));
    assert!(
        errors[0].message.contains("điều kiện \"lớn hơn\""),
        "{}",
        errors[0].message
    );
    let after = program
        .authored_version("lai-chau-2026", 1)
        .await
        .expect("stored");
    assert_eq!(before, after, "nothing stored");
}

#[tokio::test]
async fn only_the_province_office_authors_its_set_and_an_approved_period_blocks_publication() {
    let (program, _dir) = demo().await;
    let district = program
        .start_version(
            &user(&program, "vp.phongtho", "coordinator", "109").await,
            start(),
        )
        .await;
    assert!(matches!(district, Err(AppError::Forbidden(_))), "{district:?}");
    let commune = user(&program, "xa.moi", "commune_officer", "03549").await;
    assert!(matches!(
        program.start_version(&commune, start()).await,
        Err(AppError::Forbidden(_))
    ));

    let office = user(&program, "soan.laichau", "coordinator", "12").await;
    let draft = program.start_version(&office, start()).await.expect("start");
    let draft = program
        .change_version(&office, "lai-chau-2026", 1, draft.revision, water_by_group())
        .await
        .expect("thresholds");
    // 2026 of the new commune Phong Thổ is submitted and approved.
    program
        .cycle_action(
            &office,
            Y2026,
            CycleAction::Submit {
                unit: "03549".into(),
                agency: None,
            },
        )
        .await
        .expect("submit");
    program
        .cycle_action(
            &office,
            Y2026,
            CycleAction::Approve {
                units: vec!["03549".into()],
            },
        )
        .await
        .expect("approve");
    let blocked = program
        .publish_version(&office, "lai-chau-2026", 1, draft.revision, date!(2026 - 02 - 15))
        .await;
    assert!(
        matches!(&blocked, Err(AppError::Locked(m)) if m.contains("2026") && m.contains("31/12/2026")),
        "{blocked:?}"
    );
    // From the next year on, the approved figures do not move.
    program
        .publish_version(&office, "lai-chau-2026", 1, draft.revision, date!(2027 - 01 - 01))
        .await
        .expect("publish from 2027");
    let stats = program.stats(&actor(), "12", Y2026, None).await.expect("2026");
    assert_eq!(
        stats.criteria_set.code, "qd51-2025",
        "2026 stays under the national set"
    );
}

#[tokio::test]
async fn communes_get_their_group_from_a_file_with_its_decision() {
    let (program, _dir) = demo().await;
    let office = user(&program, "soan.laichau", "coordinator", "12").await;
    let file = "unit_code,flag,valid_from,valid_to,source\n03394,nhóm 3,2026-03-01,,Quyết định số 99/QĐ-UBND ngày 01/3/2026\n";
    let done = program
        .import_units_csv(&office, "nhom-xa.csv", file.as_bytes())
        .await
        .expect("groups");
    assert_eq!(done.created, 1);
    let detail = program
        .unit_detail(&office, "03394", Y2026)
        .await
        .expect("Sin Suối Hồ");
    let group = detail.commune_group.expect("a 2026 commune shows its group");
    assert!(
        group.starts_with("xã nhóm 3") && group.contains("99/QĐ-UBND"),
        "{group}"
    );
    // A commune that changes group ends its earlier one the day before.
    let file = "unit_code,flag,valid_from,source\n03394,nhom_2,2026-09-01,Quyết định số 120/QĐ-UBND\n";
    program
        .import_units_csv(&office, "nhom-xa.csv", file.as_bytes())
        .await
        .expect("regroup");
    let snapshot = program.snapshot().await.expect("snapshot");
    let unit = snapshot
        .hierarchy
        .units_with_code(&"03394".parse().expect("code"))
        .find(|u| u.validity.contains(date!(2026 - 12 - 31)))
        .expect("unit");
    assert_eq!(
        unit.commune_group_at(date!(2026 - 06 - 30)).map(|c| c.flag),
        Some(Flag::CommuneGroup3)
    );
    assert_eq!(
        unit.commune_group_at(date!(2026 - 12 - 31)).map(|c| c.flag),
        Some(Flag::CommuneGroup2)
    );
    // No decision, no group; not a commune, no group; every problem at once.
    let bad = "unit_code,flag,valid_from,source\n03394,nhom_4,2026-01-01,QĐ\n03388,nhom_1,2026-01-01,QĐ\n03390,nhom_1,2026-01-01,\n";
    let refused = program
        .import_units_csv(&office, "nhom-xa.csv", bad.as_bytes())
        .await;
    let Err(AppError::Import(errors)) = refused else {
        panic!("{refused:?}");
    };
    assert_eq!(
        errors.len(),
        2,
        "the flag and the missing decision first: {errors:?}"
    );
    // A viewer may not.
    let viewer = user(&program, "xem.laichau", "viewer", "12").await;
    let file = "unit_code,flag,valid_from,source\n03394,nhom_1,2026-01-01,QĐ 1\n";
    assert!(matches!(
        program
            .import_units_csv(&viewer, "nhom-xa.csv", file.as_bytes())
            .await,
        Err(AppError::Forbidden(_))
    ));
}
