//! Plans against actuals on the demo (the seeds' targets), and the reporting
//! cycle end to end: submit, return with a comment, approve, the lock on
//! every write path, a narrow reopening, completeness and timeliness.

mod common;

use common::{actor, demo, user};
use ntm_app::AppError;
use ntm_app::accounts::access::Actor;
use ntm_app::plans::CycleAction;
use ntm_app::views::unit_page::{UnitPage, UnitPageView};
use ntm_core::period::Period;
use ntm_core::plan::{LockScope, SubmissionState, TargetStatus, Timeliness};
use ntm_store::AuditQuery;
use time::macros::date;

const Y2023: Period = Period::year(2023);

#[tokio::test]
async fn the_demo_shows_the_seeds_targets_against_the_recorded_figures() {
    let (program, _dir) = demo().await;
    let plan = program
        .plan_status(&actor(), "109", 2024, None)
        .await
        .expect("plan");
    assert_eq!(plan.as_of, Y2023, "the newest figures up to 2024");
    let transport = plan
        .targets
        .iter()
        .find(|t| t.label == "xã đạt tiêu chí 2 Giao thông")
        .expect("criterion 2");
    assert_eq!(
        transport.target, "08/16",
        "seed 004: 8/16 communes by the end of 2024"
    );
    assert_eq!(
        transport.actual.as_deref(),
        Some("04/16"),
        "seed 001: 04/16 in 2023"
    );
    assert_eq!(
        transport.sentence,
        "phấn đấu 08/16 xã đạt tiêu chí Giao thông; thực hiện 04/16"
    );
    let average = plan
        .targets
        .iter()
        .find(|t| t.metric == "average_criteria")
        .expect("average");
    assert_eq!(average.target, "13,56");
    assert_eq!(average.actual.as_deref(), Some("11,06"));
    assert_eq!(plan.targets.len(), 24);
    // The registrations of seed 004 with their owners.
    let ban_lang: Vec<&str> = plan
        .registrations
        .iter()
        .filter(|r| r.unit.name == "Bản Lang")
        .map(|r| r.criterion.as_str())
        .collect();
    assert_eq!(ban_lang, ["2", "6", "9"]);
    assert_eq!(plan.registrations.len(), 31);

    let muong_te = program
        .plan_status(&actor(), "107", 2025, None)
        .await
        .expect("plan");
    let culture = muong_te
        .targets
        .iter()
        .find(|t| t.label == "xã đạt tiêu chí 6 Cơ sở vật chất văn hóa")
        .expect("criterion 6");
    assert_eq!(
        (culture.target.as_str(), culture.actual.as_deref()),
        ("12/13", Some("03/13"))
    );
    assert_eq!(culture.status, TargetStatus::AtRisk, "{}", culture.reason);
    assert!(culture.projection_misses);
    let telecom = muong_te
        .targets
        .iter()
        .find(|t| t.label.contains("tiêu chí 8 "))
        .expect("criterion 8");
    assert_eq!(telecom.status, TargetStatus::Met);
}

#[tokio::test]
async fn a_report_goes_through_submission_return_approval_and_the_lock_holds_everywhere() {
    let (program, _dir) = demo().await;
    let commune = user(&program, "xa.silo", "commune_officer", "03550").await;
    let office = user(&program, "vp.phongtho", "coordinator", "109").await;
    let submit = |unit: &str| CycleAction::Submit {
        unit: unit.into(),
        agency: None,
    };

    // Due 15/12/2023: Sì Lở Lầu on time, Mồ Sì San six days late.
    program
        .cycle_action_on(&commune, Y2023, submit("03550"), date!(2023 - 12 - 10))
        .await
        .expect("submit");
    program
        .cycle_action_on(&office, Y2023, submit("03553"), date!(2023 - 12 - 20))
        .await
        .expect("submit");
    let other = program
        .cycle_action_on(&commune, Y2023, submit("03553"), date!(2023 - 12 - 20))
        .await;
    // Another commune is outside this officer's view: answered as unknown.
    assert!(matches!(other, Err(AppError::Resolve(_))), "{other:?}");

    // Returned with a comment: the commune sees it, and sends again.
    let returned = CycleAction::Return {
        unit: "03550".into(),
        agency: None,
        comment: "Thiếu biên bản kiểm tra tiêu chí 8".into(),
    };
    program
        .cycle_action(&office, Y2023, returned)
        .await
        .expect("return");
    let seen = program
        .cycle_status(&commune, "03550", Y2023)
        .await
        .expect("status");
    assert_eq!(seen.rows[0].state, Some(SubmissionState::Returned));
    assert_eq!(
        seen.rows[0].comment.as_deref(),
        Some("Thiếu biên bản kiểm tra tiêu chí 8")
    );
    assert!(seen.rows[0].can_submit);
    // Its page says so, and that the commune may still enter and send.
    let page = commune_page(&program, &commune, "03550").await;
    assert!(page.may_enter && page.sends_report, "{page:?}");
    assert_eq!(
        page.returned.as_ref().and_then(|r| r.comment.as_deref()),
        Some("Thiếu biên bản kiểm tra tiêu chí 8")
    );
    program
        .cycle_action_on(&commune, Y2023, submit("03550"), date!(2024 - 01 - 02))
        .await
        .expect("again");

    // Completeness and timeliness on 5 January 2024.
    let status = program
        .cycle_status_on(&office, "109", Y2023, date!(2024 - 01 - 05))
        .await
        .expect("status");
    let communes: Vec<_> = status.rows.iter().filter(|r| r.agency.is_none()).collect();
    assert_eq!(communes.len(), 16);
    let row = |code: &str| communes.iter().find(|r| r.unit.code == code).expect("row");
    assert_eq!(
        row("03550").timeliness,
        Timeliness::OnTime,
        "timeliness is the first submission's"
    );
    assert_eq!(row("03553").timeliness, Timeliness::Late(6));
    assert_eq!(row("03559").timeliness, Timeliness::Overdue(22));
    assert_eq!((status.submitted, status.on_time, status.late), (2, 1, 1));
    assert_eq!(status.overdue, status.expected - 2);
    assert_eq!(status.due, "15/12/2023");

    // Bulk approval: what can be approved is, the rest is listed.
    let approve = CycleAction::Approve {
        units: vec!["03550".into(), "03553".into(), "03559".into()],
    };
    let outcome = program
        .cycle_action(&office, Y2023, approve)
        .await
        .expect("approve");
    assert_eq!(outcome.done.len(), 2, "{outcome:?}");
    assert_eq!(outcome.skipped.len(), 1);
    assert!(
        outcome.skipped[0].starts_with("03559: chưa gửi báo cáo"),
        "{outcome:?}"
    );
    // The district only after all its communes.
    let district = program
        .cycle_action(
            &office,
            Y2023,
            CycleAction::Approve {
                units: vec!["109".into()],
            },
        )
        .await;
    assert!(
        matches!(&district, Err(AppError::Invalid(m)) if m.contains("các xã chưa được phê duyệt")),
        "{district:?}"
    );

    // Locked: the page, the API (same service) and imports are refused, saying why.
    let value = |indicator: &str| ntm_app::entry::ValueInput {
        indicator: indicator.into(),
        value: Some("đạt".into()),
        ..Default::default()
    };
    let saved = program
        .save_entry(&commune, "03550", Y2023, &[value("8.1")], &[])
        .await;
    assert!(
        matches!(&saved, Err(AppError::Locked(m)) if m.contains("đã được phê duyệt và khoá") && m.contains("Xã Sì Lở Lầu")),
        "{saved:?}"
    );
    let csv = "unit_code,period,indicator,value\n03550,2023,8.2,đạt\n";
    let imported = program.import_values_csv(&office, "x.csv", csv.as_bytes()).await;
    match imported {
        Err(AppError::Import(errors)) => {
            assert_eq!(errors.len(), 1);
            assert!(
                errors[0].message.contains("đã được phê duyệt và khoá"),
                "{errors:?}"
            );
        }
        other => panic!("{other:?}"),
    }
    // The page offers no entry over a lock, and a district has no page of its own.
    let page = commune_page(&program, &commune, "03550").await;
    assert!(!page.may_enter && page.returned.is_none(), "{page:?}");
    assert!(matches!(
        program.unit_page(&office, "109", Y2023).await,
        Ok(UnitPageView::Aggregate)
    ));
    // A village of the locked commune is locked too; another commune is not.
    let village = program.save_entry(&office, "03550-01", Y2023, &[], &[]).await;
    assert!(village.is_ok(), "nothing to save is not refused: {village:?}");
    assert!(
        program
            .save_entry(&office, "03559", Y2023, &[value("8.1")], &[])
            .await
            .is_ok()
    );

    // Reopened narrowly: indicator 8.1 only, until a date, with a reason.
    let until = program.today() + time::Duration::days(30);
    let reopen = CycleAction::Reopen {
        unit: "03550".into(),
        scope: LockScope::Indicator("8.1".into()),
        reason: "Bổ sung biên bản điểm bưu chính".into(),
        until,
    };
    let refused = program.cycle_action(&commune, Y2023, reopen.clone()).await;
    assert!(
        matches!(refused, Err(AppError::Forbidden(_))),
        "only the coordination office reopens"
    );
    program
        .cycle_action(&office, Y2023, reopen)
        .await
        .expect("reopen");
    // (A request's actor carries the time of the request.)
    let commune_now = Actor {
        at: ntm_app::Clock::System.now(),
        ..commune.clone()
    };
    program
        .save_entry(&commune_now, "03550", Y2023, &[value("8.1")], &[])
        .await
        .expect("8.1 is open");
    assert!(matches!(
        program
            .save_entry(&commune, "03550", Y2023, &[value("8.2")], &[])
            .await,
        Err(AppError::Locked(_))
    ));
    let audit = |kind: ntm_store::RecordKind| {
        let program = &program;
        let entity = ntm_store::AuditEntity::Record(kind);
        async move {
            program
                .store()
                .audit(AuditQuery {
                    entity: Some(entity),
                    limit: 100,
                    ..AuditQuery::default()
                })
                .await
                .expect("audit")
        }
    };
    let exceptions = audit(ntm_store::RecordKind::LockException).await;
    assert_eq!(exceptions.len(), 1);
    assert!(
        exceptions[0]
            .new
            .as_deref()
            .unwrap_or("")
            .contains("Bổ sung biên bản")
    );
    assert!(exceptions[0].actor.contains("vp.phongtho"));
    assert_eq!(audit(ntm_store::RecordKind::Lock).await.len(), 2);
    let status = program.cycle_status(&office, "109", Y2023).await.expect("status");
    let locked = status.rows.iter().find(|r| r.unit.code == "03550").expect("row");
    assert_eq!(locked.changes_after_approval, 1, "the reopened value");
    assert_eq!(locked.exceptions.len(), 1);
    assert!(
        locked.exceptions[0].starts_with("chỉ tiêu 8.1 đến hết ngày"),
        "{:?}",
        locked.exceptions
    );
}

#[tokio::test]
async fn a_province_sets_its_own_deadlines_in_a_plan_file() {
    let (program, _dir) = demo().await;
    let file = "[[deadline_rules]]\nprovince = \"12\"\nkind = \"year\"\nday = 10\nmonth_shift = 1\n";
    program
        .import_plan_file(&actor(), "han.toml", file)
        .await
        .expect("rules");
    let status = program
        .cycle_status(&actor(), "109", Y2023)
        .await
        .expect("status");
    assert_eq!(status.due, "10/01/2024", "Lai Châu's own rule");
    let quarter = program
        .cycle_status(&actor(), "109", "2023-Q2".parse().expect("period"))
        .await
        .expect("status");
    assert_eq!(quarter.due, "15/06/2023", "other kinds keep the default");
    let bad = "[[deadline_rules]]\nkind = \"month\"\nday = 10\n";
    let refused = program.import_plan_file(&actor(), "sai.toml", bad).await;
    assert!(
        matches!(&refused, Err(AppError::Invalid(m)) if m.starts_with("sai.toml: hạn báo cáo \"month\"")),
        "{refused:?}"
    );
}

/// The page of a commune, which must be one.
async fn commune_page(program: &ntm_app::Program, actor: &Actor, code: &str) -> UnitPage {
    match program.unit_page(actor, code, Y2023).await.expect("unit page") {
        UnitPageView::Unit(page) => *page,
        other => panic!("{other:?}"),
    }
}

#[tokio::test]
async fn an_agency_sends_its_own_report_and_reviews_its_communes() {
    let (program, _dir) = demo().await;
    let input = ntm_app::accounts::NewUserInput {
        username: "phong.ktht".into(),
        display_name: "Phòng Kinh tế và Hạ tầng".into(),
        password: "mat-khau-du-dai".into(),
        role: "agency".into(),
        unit_code: None,
        agency_code: Some("109-ktht".into()),
    };
    program.create_user(&actor(), input).await.expect("agency user");
    let record = program
        .store()
        .user_by_name("phong.ktht")
        .await
        .expect("read")
        .expect("user");
    let agency = Actor::user(
        ntm_app::accounts::access::User::from_record(&record).expect("enabled"),
        ntm_store::ChangeSource::Page,
        program.now(),
    );
    let commune = user(&program, "xa.silo", "commune_officer", "03550").await;
    let submit = CycleAction::Submit {
        unit: "03550".into(),
        agency: None,
    };
    program
        .cycle_action_on(&commune, Y2023, submit, date!(2023 - 12 - 10))
        .await
        .expect("submit");

    let status = program.cycle_status(&agency, "109", Y2023).await.expect("status");
    let row = |agency: Option<&str>, unit: &str| {
        status
            .rows
            .iter()
            .find(|r| r.agency_code.as_deref() == agency && r.unit.code == unit)
            .unwrap_or_else(|| panic!("row {agency:?} {unit}"))
    };
    assert!(row(Some("109-ktht"), "109").can_submit, "its own report");
    assert!(!row(Some("109-gddt"), "109").can_submit, "another agency's");
    let sent = row(None, "03550");
    assert!(sent.can_review && !sent.can_approve, "{sent:?}");
    assert!(!row(None, "03553").can_review, "nothing sent yet");
    // Nor may it send a commune's report.
    assert!(!row(None, "03553").can_submit);
    let refused = program
        .cycle_action(
            &agency,
            Y2023,
            CycleAction::Submit {
                unit: "109".into(),
                agency: Some("109-gddt".into()),
            },
        )
        .await;
    assert!(matches!(refused, Err(AppError::Forbidden(_))), "{refused:?}");
}
