//! Checks on entry, defined with the criteria set: a consistency rule and a
//! history rule each warn, the province's set inherits the national set's
//! checks, and a wrong `[[checks]]` table is refused naming file, line and field.

mod common;

use ntm_core::checks::{CheckInput, EntryCheck, run_checks};
use ntm_core::criteria::{Catalog, CriteriaSet, ThresholdContext};
use ntm_core::evaluation::summarize_unit;
use ntm_core::quantity::Quantity;
use ntm_core::region::Region;
use ntm_core::unit::UnitId;
use ntm_core::value::{IndicatorValue, UnitObservations};

fn set() -> CriteriaSet {
    common::shipped_catalog()
        .set("lai-chau-1285-2022")
        .expect("set")
        .clone()
}

fn q(s: &str) -> Quantity {
    Quantity::parse_vi(s).expect("number")
}

fn ratio(set: &CriteriaSet, obs: &mut UnitObservations, code: &str, achieved: &str, total: &str) {
    let (_, i) = set.indicator(code).expect(code);
    obs.set_value(
        i.key,
        IndicatorValue::Ratio {
            achieved: q(achieved),
            total: q(total),
        },
    );
}

fn input<'a>(
    set: &'a CriteriaSet,
    now: &'a UnitObservations,
    before: Option<&'a UnitObservations>,
) -> CheckInput<'a> {
    CheckInput {
        set,
        now: Some(now),
        before,
        before_label: "năm 2022",
        statuses: None,
    }
}

#[test]
fn the_provinces_set_inherits_the_national_checks() {
    let set = set();
    assert!(
        set.checks
            .iter()
            .any(|c| matches!(c, EntryCheck::SameTotal { .. }))
    );
    assert!(set.checks.iter().any(|c| c.is_history()));
}

#[test]
fn households_counted_differently_are_a_consistency_warning() {
    let set = set();
    let mut now = UnitObservations::default();
    // Phong Thổ's 2023 report: 16.184 households for electricity, 15.621
    // for housing, 17.617 for poverty.
    ratio(&set, &mut now, "4.2", "16.021", "16.184");
    ratio(&set, &mut now, "9.2", "13.181", "15.621");
    ratio(&set, &mut now, "11", "6.757", "17.617");
    let warnings = run_checks(input(&set, &now, None));
    let households: Vec<_> = warnings.iter().filter(|w| w.rule == "consistency").collect();
    assert_eq!(households.len(), 1, "{warnings:?}");
    let m = &households[0].message;
    assert!(m.starts_with("Tổng số hộ phải như nhau"), "{m}");
    assert!(
        m.contains("chỉ tiêu 4.2: 16.184; chỉ tiêu 9.2: 15.621; chỉ tiêu 11: 17.617; chênh 1.996"),
        "{m}"
    );
    // Within the tolerance (1% of the largest): no warning.
    let mut close = UnitObservations::default();
    ratio(&set, &mut close, "4.2", "900", "1.000");
    ratio(&set, &mut close, "9.2", "800", "1.009");
    assert!(run_checks(input(&set, &close, None)).is_empty());
}

#[test]
fn a_part_larger_than_its_whole_is_a_consistency_warning() {
    let set = set();
    let mut now = UnitObservations::default();
    let (_, temporary) = set.indicator("9.1").expect("9.1");
    now.set_value(temporary.key, IndicatorValue::Number(q("520")));
    ratio(&set, &mut now, "9.2", "300", "480");
    let warnings = run_checks(input(&set, &now, None));
    assert!(
        warnings.iter().any(|w| w
            .message
            .contains("chỉ tiêu 9.1 (giá trị) là 520 nhưng lớn hơn chỉ tiêu 9.2 (tổng số) là 480")),
        "{warnings:?}"
    );
}

#[test]
fn a_jump_beyond_what_the_indicator_allows_is_a_history_warning() {
    let set = set();
    let mut before = UnitObservations::default();
    ratio(&set, &mut before, "4.2", "700", "1.000");
    let mut now = UnitObservations::default();
    ratio(&set, &mut now, "4.2", "950", "1.000");
    let warnings = run_checks(input(&set, &now, Some(&before)));
    let history: Vec<_> = warnings.iter().filter(|w| w.rule == "history").collect();
    assert_eq!(history.len(), 1, "{warnings:?}");
    assert!(
        history[0]
            .message
            .contains("tăng 25 điểm phần trăm so với năm 2022 (từ 70% lên 95%), quá mức 20 điểm phần trăm"),
        "{}",
        history[0].message
    );
    // A small rise is normal; a fall of six points is not.
    let mut small = UnitObservations::default();
    ratio(&set, &mut small, "4.2", "760", "1.000");
    assert!(run_checks(input(&set, &small, Some(&before))).is_empty());
    let mut fallen = UnitObservations::default();
    ratio(&set, &mut fallen, "4.2", "640", "1.000");
    assert!(
        run_checks(input(&set, &fallen, Some(&before)))
            .iter()
            .any(|w| w.message.contains("giảm 6 điểm phần trăm"))
    );
}

#[test]
fn a_criterion_lost_is_a_history_warning() {
    let set = set();
    let ctx = ThresholdContext {
        region: Some(Region::NorthernMidlandsMountains),
        flags: Default::default(),
        year: 2023,
    };
    let mut before = UnitObservations::default();
    let mut now = UnitObservations::default();
    before.set_assessment(set.criteria[1].key, true);
    now.set_assessment(set.criteria[1].key, false);
    let b = summarize_unit(&set, UnitId(1), &ctx, Some(&before));
    let n = summarize_unit(&set, UnitId(1), &ctx, Some(&now));
    let warnings = run_checks(CheckInput {
        statuses: Some((&b, &n)),
        ..input(&set, &now, Some(&before))
    });
    assert!(
        warnings
            .iter()
            .any(|w| w.criterion.as_deref() == Some("2")
                && w.message.contains("đạt năm 2022 nhưng nay chưa đạt")),
        "{warnings:?}"
    );
}

#[test]
fn a_wrong_check_is_refused_naming_file_line_and_field() {
    let base = r#"
code = "t"
name = "Thử"
document = "Thử"
level = "commune"
scope = "national"
[[brackets]]
label = "0-1"
min = 0
max = 1
[[criteria]]
code = "1"
name = "A"
[[criteria.indicators]]
code = "1.1"
name = "hộ"
kind = "ratio"
thresholds = [{ unknown = true }]
[[criteria.indicators]]
code = "1.2"
name = "có/không"
kind = "yes_no"
thresholds = [{ unknown = true }]
"#;
    // The first line of a check appended to the file.
    let first = base.lines().count() + 1;
    let with = |checks: &str| {
        Catalog::from_files(&[("t.toml".into(), format!("{base}{checks}"))])
            .expect_err("refused")
            .iter()
            .map(|e| e.to_string())
            .collect::<Vec<_>>()
            .join("\n")
    };
    let unknown = with("[[checks]]\nkind = \"same_total\"\nindicators = [\"1.1\", \"9.9\"]\n");
    assert!(
        unknown.contains(&format!("t.toml:{first}: checks.indicators")),
        "{unknown}"
    );
    assert!(unknown.contains("\"9.9\""), "{unknown}");
    let yes_no = with("[[checks]]\nkind = \"change\"\nindicator = \"1.2\"\nmax_fall = 1\n");
    assert!(yes_no.contains("checks.indicator"), "{yes_no}");
    let no_bound = with("[[checks]]\nkind = \"change\"\nindicator = \"1.1\"\n");
    assert!(no_bound.contains("cần max_rise hoặc max_fall"), "{no_bound}");
    let kind = with("[[checks]]\nkind = \"guess\"\n");
    assert!(
        kind.contains(&format!("t.toml:{}", first + 1)) && kind.contains("guess"),
        "{kind}"
    );
    let ok = Catalog::from_files(&[(
        "t.toml".into(),
        format!("{base}[[checks]]\nkind = \"change\"\nindicator = \"1.1\"\nmax_fall = \"2,5\"\n"),
    )])
    .expect("a good check loads");
    assert_eq!(ok.set("t").expect("t").checks.len(), 1);
}
