//! The new communes carried through on the demo database: villages moved into
//! them, an abolished district that says what became of it, a merged
//! commune's baseline summed exactly from its predecessors and marked
//! derived, and an earlier period seen under today's units.

mod common;

use common::{actor, demo, user};
use ntm_app::AppError;
use ntm_core::baseline::Derivation;
use ntm_core::period::Period;
use ntm_core::unit::UnitKind;
use time::macros::date;

#[tokio::test]
async fn villages_go_on_under_the_new_communes() {
    let (program, _dir) = demo().await;
    let snapshot = program.snapshot().await.expect("snapshot");
    let h = &snapshot.hierarchy;
    let village = h
        .units_with_code(&"03589-01".parse().expect("code"))
        .next()
        .expect("village");
    assert_eq!(
        h.parent_at(village.id, date!(2023 - 12 - 31))
            .map(|u| u.name.as_str()),
        Some("Mường So")
    );
    let now = h
        .parent_at(village.id, date!(2026 - 12 - 31))
        .expect("a commune in 2026");
    assert_eq!((now.code.as_str(), now.name.as_str()), ("03549", "Phong Thổ"));
    assert_eq!(now.kind, UnitKind::Commune);
    // Every demo village belongs to a 2026 unit, and the province counts them all.
    let province = h
        .units_with_code(&"12".parse().expect("code"))
        .next()
        .expect("province");
    let villages = h.subtree_at(province.id, date!(2026 - 12 - 31), &[UnitKind::Village]);
    assert_eq!(villages.len(), 264);
    // The old village-level figures of 2023 are untouched.
    let stats = program
        .stats(&actor(), "109", Period::year(2023), None)
        .await
        .expect("2023");
    assert_eq!(stats.villages.expect("villages").total, 163);
}

#[tokio::test]
async fn an_abolished_district_says_what_became_of_it() {
    let (program, _dir) = demo().await;
    let ended = program
        .ended_unit(&actor(), "109", Period::year(2026))
        .await
        .expect("lookup")
        .expect("ended");
    assert_eq!(ended.last_day, "30/06/2025");
    assert_eq!(ended.province.as_ref().map(|p| p.code.as_str()), Some("12"));
    let codes: Vec<&str> = ended.successors.iter().map(|u| u.code.as_str()).collect();
    assert!(codes.contains(&"03549") && codes.contains(&"03562"), "{codes:?}");
    assert!(ended.summary.contains("bỏ cấp huyện"), "{}", ended.summary);
    assert!(ended.may_open.contains(&"12".to_string()));
    // The district's own office: its units of today are named, not linked
    // (they are the province's now); another district's office is told
    // nothing, as for a code no unit has.
    let office = user(&program, "vp.phongtho.cu", "coordinator", "109").await;
    let own = program
        .ended_unit(&office, "109", Period::year(2026))
        .await
        .expect("lookup")
        .expect("its own district");
    assert!(own.may_open.is_empty(), "{:?}", own.may_open);
    assert!(!own.successors.is_empty());
    let other = user(&program, "vp.muongte", "coordinator", "107").await;
    assert!(
        program
            .ended_unit(&other, "109", Period::year(2026))
            .await
            .expect("lookup")
            .is_none()
    );
    assert!(
        program
            .ended_unit(&actor(), "109", Period::year(2023))
            .await
            .expect("lookup")
            .is_none()
    );
}

#[tokio::test]
async fn a_merged_commune_baseline_is_the_exact_sum_of_its_predecessors_and_says_so() {
    let (program, _dir) = demo().await;
    // Two of the communes that became Khổng Lào (03583) in 2025, with households with electricity.
    let file = "unit_code,period,indicator,achieved,total,note\n\
                03583,2024,4.2,130,150,Báo cáo xã\n03577,2024,4.2,45,50,Báo cáo xã\n03580,2024,4.2,\"1.200,5\",\"1.300\",Báo cáo xã\n";
    program
        .import_values_csv(&actor(), "dien-2024.csv", file.as_bytes())
        .await
        .expect("values");
    let snapshot = program.snapshot().await.expect("snapshot");
    let unit = snapshot
        .hierarchy
        .units_with_code(&"03583".parse().expect("code"))
        .find(|u| u.validity.contains(date!(2026 - 01 - 01)))
        .expect("new Khổng Lào")
        .clone();
    let baseline = program
        .baseline_view(&snapshot, &unit)
        .await
        .expect("baseline")
        .expect("has predecessors");
    assert_eq!(baseline.period, Period::year(2024));
    assert!(baseline.derived);
    let power = baseline.indicators.iter().find(|i| i.code == "4.2").expect("4.2");
    assert_eq!(power.derivation, Derivation::Sum);
    assert_eq!(power.derived.as_deref(), Some("1.375,5/1.500 hộ (91,70%)"));
    assert_eq!(power.how, "suy ra: cộng các xã cũ");
    assert_eq!(power.parts.len(), 3);
    // The page carries it, marked as derived.
    let detail = program
        .unit_detail(&actor(), "03583", Period::year(2026))
        .await
        .expect("page");
    assert_eq!(
        detail.baseline.as_ref().map(|b| b.period),
        Some(Period::year(2024))
    );
}

#[tokio::test]
async fn an_earlier_period_under_todays_units_is_derived_and_headed_so() {
    let (program, _dir) = demo().await;
    let today = program
        .stats_today(&actor(), "12", Period::year(2023))
        .await
        .expect("today");
    assert!(
        today.heading.starts_with("năm 2023, theo đơn vị hành chính ngày"),
        "{}",
        today.heading
    );
    assert_eq!(today.stats.communes, 36, "today's communes, not 2023's");
    // Mù Cả became Mù Cả alone: its 2023 assessments carry over; merged ones are not guessed.
    let mu_ca = today
        .stats
        .per_commune
        .iter()
        .find(|c| c.name == "Mù Cả")
        .expect("Mù Cả");
    assert!(mu_ca.met > 0, "{mu_ca:?}");
    let phong_tho = today
        .stats
        .per_commune
        .iter()
        .find(|c| c.name == "Phong Thổ")
        .expect("Phong Thổ");
    assert_eq!(
        phong_tho.met, 0,
        "four communes' assessments are not added into one: {phong_tho:?}"
    );
    assert!(
        today
            .derived
            .iter()
            .any(|(u, parts)| u.name == "Phong Thổ" && parts.len() == 4)
    );
    let refused = program.stats_today(&actor(), "109", Period::year(2023)).await;
    assert!(
        matches!(refused, Err(AppError::NotFound(_))),
        "an abolished district is no unit of today"
    );
}
