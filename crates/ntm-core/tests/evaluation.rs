//! Thresholds at and just below the boundary, the region and special-difficulty
//! rules, year-dependent thresholds, and how criteria combine indicators and
//! assessments.

mod common;

use ntm_core::criteria::{Catalog, CriteriaSet, ThresholdContext};
use ntm_core::evaluation::{Basis, CriterionStatus, Gap, IndicatorStatus, evaluate_unit};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::region::Region;
use ntm_core::unit::{Flag, FlagSet, UnitId};
use ntm_core::value::{IndicatorValue, UnitObservations};

const SET: &str = r#"
code = "test"
namespace = "t"
name = "Bộ thử"
document = "Thử"
level = "commune"
scope = "national"
[[region_rules]]
flags = ["dac_biet_kho_khan"]
region = "trung_du_mien_nui_phia_bac"
reason = "xã đặc biệt khó khăn áp dụng mức vùng TDMNPB"
[[brackets]]
label = "3"
min = 3
max = 3
[[brackets]]
label = "0-2"
min = 0
max = 2

[[criteria]]
code = "1"
name = "Giao thông"
[[criteria.indicators]]
code = "1.1"
name = "Đường trục thôn được cứng hóa"
kind = "ratio"
unit = "km"
thresholds = [
  { at_least = 90, confirmed = true },
  { regions = ["trung_du_mien_nui_phia_bac"], at_least = 70, confirmed = true },
]
[[criteria.indicators]]
code = "1.2"
name = "Có bến xe"
kind = "yes_no"
thresholds = [{ must_be = "yes" }]

[[criteria]]
code = "2"
name = "Thu nhập"
[[criteria.indicators]]
code = "2.1"
name = "Thu nhập bình quân"
kind = "number"
unit = "triệu đồng/người/năm"
thresholds = [
  { years = "2022-2023", at_least = 36, confirmed = true },
  { years = 2024, at_least = 40, confirmed = true },
]
[[criteria.indicators]]
code = "2.2"
name = "Tỷ lệ hộ nghèo"
kind = "ratio"
unit = "hộ"
thresholds = [{ at_most = 20, confirmed = true }]

[[criteria]]
code = "3"
name = "Giáo dục"
rule = { at_least = 1 }
[[criteria.indicators]]
code = "3.1"
name = "Phổ cập"
kind = "level"
levels = ["Chưa đạt", "Mức độ 1", "Mức độ 2", "Mức độ 3"]
thresholds = [{ level_at_least = "Mức độ 2" }]
[[criteria.indicators]]
code = "3.2"
name = "Chưa rõ ngưỡng"
kind = "ratio"
thresholds = [{ unknown = true }]
"#;

fn catalog() -> Catalog {
    Catalog::from_files(&[("test.toml".to_string(), SET.to_string())]).expect("test set loads")
}

fn q(s: &str) -> Quantity {
    s.parse().expect("quantity")
}

fn ctx(region: Region, flags: &[Flag], year: i32) -> ThresholdContext {
    ThresholdContext {
        region: Some(region),
        flags: flags.iter().copied().collect::<FlagSet>(),
        year,
    }
}

fn key(set: &CriteriaSet, code: &str) -> ntm_core::criteria::IndicatorKey {
    set.indicator(code).expect("indicator").1.key
}

fn status_of(
    set: &CriteriaSet,
    code: &str,
    value: IndicatorValue,
    ctx: ThresholdContext,
) -> (IndicatorStatus, Option<Gap>, String) {
    let mut obs = UnitObservations::default();
    obs.set_value(key(set, code), value);
    let eval = evaluate_unit(set, UnitId(1), Period::year(ctx.year), ctx, Some(&obs));
    let r = eval
        .criteria
        .iter()
        .flat_map(|c| c.indicators.iter())
        .find(|r| r.indicator.code == code)
        .expect("result");
    (r.status, r.gap, r.explain())
}

fn ratio(a: &str, t: &str) -> IndicatorValue {
    IndicatorValue::Ratio {
        achieved: q(a),
        total: q(t),
    }
}

#[test]
fn ratio_at_the_boundary_is_met_and_just_below_is_not() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let north = ctx(Region::NorthernMidlandsMountains, &[], 2023);
    assert_eq!(
        status_of(set, "1.1", ratio("70", "100"), north).0,
        IndicatorStatus::Met
    );
    let (status, gap, text) = status_of(set, "1.1", ratio("69,9999", "100"), north);
    assert_eq!(status, IndicatorStatus::NotMet);
    assert_eq!(gap, Some(Gap::Shortfall(q("0,0001"))));
    assert!(text.contains("còn thiếu 0,0001 km"), "{text}");
    // 226,84 of 318,39 km against 70%: 222,873 km are needed.
    let (_, gap, text) = status_of(set, "1.1", ratio("220", "318,39"), north);
    assert_eq!(gap, Some(Gap::Shortfall(q("2,873"))));
    assert!(
        text.contains("≥ 70%") && text.contains("mức của vùng Trung du miền núi phía Bắc"),
        "{text}"
    );
}

#[test]
fn region_decides_the_threshold() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let delta = ctx(Region::RedRiverDelta, &[], 2023);
    let (status, _, text) = status_of(set, "1.1", ratio("80", "100"), delta);
    assert_eq!(
        status,
        IndicatorStatus::NotMet,
        "the general 90% applies outside the north"
    );
    assert!(text.contains("≥ 90%") && text.contains("mức chung"), "{text}");
}

#[test]
fn special_difficulty_communes_use_the_northern_thresholds() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let hard = ctx(Region::RedRiverDelta, &[Flag::SpecialDifficulty], 2023);
    let (status, _, text) = status_of(set, "1.1", ratio("80", "100"), hard);
    assert_eq!(status, IndicatorStatus::Met);
    assert!(
        text.contains("xã đặc biệt khó khăn áp dụng mức vùng TDMNPB"),
        "{text}"
    );
}

#[test]
fn thresholds_change_with_the_year() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let v = IndicatorValue::Number(q("38"));
    assert_eq!(
        status_of(set, "2.1", v, ctx(Region::NorthCentral, &[], 2023)).0,
        IndicatorStatus::Met
    );
    let (status, gap, text) = status_of(set, "2.1", v, ctx(Region::NorthCentral, &[], 2024));
    assert_eq!(
        (status, gap),
        (IndicatorStatus::NotMet, Some(Gap::Shortfall(q("2"))))
    );
    assert!(
        text.contains("mức của năm 2024") && text.contains("còn thiếu 2 triệu đồng/người/năm"),
        "{text}"
    );
    // No rule for 2021: the threshold is unknown, not guessed.
    assert_eq!(
        status_of(set, "2.1", v, ctx(Region::NorthCentral, &[], 2021)).0,
        IndicatorStatus::NoThreshold
    );
}

#[test]
fn ceilings_are_met_at_the_boundary() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let c = ctx(Region::NorthCentral, &[], 2023);
    assert_eq!(
        status_of(set, "2.2", ratio("200", "1000"), c).0,
        IndicatorStatus::Met
    );
    let (status, gap, _) = status_of(set, "2.2", ratio("201", "1000"), c);
    assert_eq!(
        (status, gap),
        (IndicatorStatus::NotMet, Some(Gap::Excess(q("1"))))
    );
    assert_eq!(
        status_of(set, "2.2", IndicatorValue::Percent(q("20,01")), c).0,
        IndicatorStatus::NotMet
    );
}

#[test]
fn levels_and_unknown_thresholds() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let c = ctx(Region::NorthCentral, &[], 2023);
    assert_eq!(
        status_of(set, "3.1", IndicatorValue::Level(2), c).0,
        IndicatorStatus::Met
    );
    assert_eq!(
        status_of(set, "3.1", IndicatorValue::Level(1), c).1,
        Some(Gap::Levels(1))
    );
    assert_eq!(
        status_of(set, "3.2", ratio("1", "2"), c).0,
        IndicatorStatus::NoThreshold
    );
}

#[test]
fn criteria_combine_values_and_assessments() {
    let catalog = catalog();
    let set = catalog.set("test").expect("set");
    let c = ctx(Region::NorthernMidlandsMountains, &[], 2023);
    let mut obs = UnitObservations::default();
    // Criterion 1: one indicator met, one missing, assessment says met.
    obs.set_value(key(set, "1.1"), ratio("80", "100"));
    obs.set_assessment(set.criteria[0].key, true);
    // Criterion 2: values say not met, assessment says met: a conflict.
    obs.set_value(key(set, "2.1"), IndicatorValue::Number(q("30")));
    obs.set_assessment(set.criteria[1].key, true);
    // Criterion 3: at least one of two; the level is met.
    obs.set_value(key(set, "3.1"), IndicatorValue::Level(3));
    let eval = evaluate_unit(set, UnitId(1), Period::year(2023), c, Some(&obs));
    let r = &eval.criteria;
    assert_eq!(
        (r[0].status, r[0].basis),
        (CriterionStatus::Met, Basis::Assessment)
    );
    assert_eq!(
        (r[1].status, r[1].basis),
        (CriterionStatus::NotMet, Basis::Indicators)
    );
    assert!(
        r[1].is_conflict() && r[1].explain().contains("mâu thuẫn"),
        "{}",
        r[1].explain()
    );
    assert_eq!(
        (r[2].status, r[2].basis),
        (CriterionStatus::Met, Basis::Indicators)
    );
    assert_eq!(eval.met_count(), 2);
    let summary = eval.summary();
    assert_eq!(summary.met_count(), 2);
    assert_eq!(summary.conflicts, 0b10);
    assert_eq!(summary.by_assessment, 0b01);
    assert_eq!(
        summary,
        ntm_core::evaluation::summarize_unit(set, UnitId(1), &c, Some(&obs)),
        "fast and detailed paths agree"
    );
}

#[test]
fn an_incomplete_criterion_is_never_met_from_values_alone() {
    let catalog = common::shipped_catalog();
    let set = catalog.set("qd51-2025").expect("51");
    let c = ctx(Region::NorthernMidlandsMountains, &[Flag::CommuneGroup3], 2026);
    let mut obs = UnitObservations::default();
    for code in ["3.b", "3.c"] {
        obs.set_value(set.indicator(code).expect("i").1.key, IndicatorValue::YesNo(true));
    }
    let eval = evaluate_unit(set, UnitId(1), Period::year(2026), c, Some(&obs));
    assert_eq!(eval.criteria[2].status, CriterionStatus::NoData);
    obs.set_value(
        set.indicator("3.b").expect("i").1.key,
        IndicatorValue::YesNo(false),
    );
    let eval = evaluate_unit(set, UnitId(1), Period::year(2026), c, Some(&obs));
    assert_eq!(eval.criteria[2].status, CriterionStatus::NotMet);
}

#[test]
fn a_2025_value_is_judged_under_the_2026_set_through_values_from() {
    let catalog = common::shipped_catalog();
    let set = catalog.set("qd51-2025").expect("51");
    let mut obs = UnitObservations::default();
    obs.set_value(
        catalog.indicator_key("xa-2021", "17.1").expect("17.1"),
        ratio("50", "100"),
    );
    let eval = evaluate_unit(
        set,
        UnitId(1),
        Period::year(2025),
        ctx(Region::NorthernMidlandsMountains, &[], 2025),
        Some(&obs),
    );
    let water = eval.criteria[7]
        .indicators
        .iter()
        .find(|r| r.indicator.code == "8.a")
        .expect("8.a");
    assert!(water.borrowed);
    assert_eq!(
        water.status,
        IndicatorStatus::NoThreshold,
        "the 2026 threshold is unknown: shown, not guessed"
    );
}
