//! The shipped criteria sets load, and wrong files fail naming file, line and field.

mod common;

use ntm_core::criteria::{Catalog, SetLevel, Target};
use time::macros::date;

#[test]
fn shipped_sets_load_with_their_structure() {
    let catalog = common::shipped_catalog();
    let qd318 = catalog.set("qd318-2022").expect("318");
    assert_eq!(qd318.criteria.len(), 19);
    assert_eq!(qd318.indicator_count(), 56);
    assert_eq!(qd318.brackets.len(), 4);
    let qd51 = catalog.set("qd51-2025").expect("51");
    assert_eq!(qd51.criteria.len(), 10);
    assert!(qd51.criteria.iter().all(|c| !c.indicators_complete));
    let village = catalog.set("lai-chau-43-2023-thon").expect("43");
    assert_eq!(village.criteria.len(), 15);
    assert_eq!(village.level, SetLevel::Village);
}

#[test]
fn province_set_extends_the_national_set() {
    let catalog = common::shipped_catalog();
    let lc = catalog.set("lai-chau-1285-2022").expect("1285");
    let national = catalog.set("qd318-2022").expect("318");
    assert_eq!(lc.criteria.len(), 19);
    assert_eq!(
        lc.namespace, national.namespace,
        "values are shared with the national set"
    );
    let (_, ind) = lc.indicator("4.2").expect("4.2");
    assert_eq!(
        ind.thresholds[0].target,
        Target::AtLeast("95".parse().expect("q"))
    );
    assert!(ind.thresholds[0].confirmed);
    let (_, national_ind) = national.indicator("4.2").expect("4.2");
    assert_eq!(national_ind.thresholds[0].target, Target::Unknown);
    // Same namespace and code: one key for the values of both sets.
    assert_eq!(ind.key, national_ind.key);
}

#[test]
fn the_set_in_force_depends_on_province_and_date() {
    let catalog = common::shipped_catalog();
    let lai_chau = "12".parse().expect("code");
    let ha_noi = "01".parse().expect("code");
    let code = |s: Option<&ntm_core::criteria::CriteriaSet>| s.map(|s| s.code.clone());
    assert_eq!(
        code(catalog.set_in_force(SetLevel::Commune, Some(&lai_chau), date!(2023 - 12 - 31))),
        Some("lai-chau-1285-2022".into())
    );
    assert_eq!(
        code(catalog.set_in_force(SetLevel::Commune, Some(&ha_noi), date!(2023 - 12 - 31))),
        Some("qd318-2022".into())
    );
    assert_eq!(
        code(catalog.set_in_force(SetLevel::Commune, Some(&lai_chau), date!(2022 - 06 - 30))),
        Some("qd318-2022".into())
    );
    assert_eq!(
        code(catalog.set_in_force(SetLevel::Commune, Some(&lai_chau), date!(2026 - 12 - 31))),
        Some("qd51-2025".into())
    );
    assert_eq!(
        code(catalog.set_in_force(SetLevel::Village, Some(&lai_chau), date!(2023 - 12 - 31))),
        Some("lai-chau-43-2023-thon".into())
    );
    assert_eq!(
        code(catalog.set_in_force(SetLevel::Village, Some(&ha_noi), date!(2023 - 12 - 31))),
        None
    );
}

#[test]
fn values_from_links_the_2026_set_to_2021_values() {
    let catalog = common::shipped_catalog();
    let (_, water) = catalog
        .set("qd51-2025")
        .expect("51")
        .indicator("8.a")
        .expect("8.a");
    assert_eq!(water.fallback, catalog.indicator_key("xa-2021", "17.1"));
}

fn errors_of(text: &str) -> Vec<String> {
    let files = vec![("bad.toml".to_string(), text.to_string())];
    Catalog::from_files(&files)
        .expect_err("must fail")
        .iter()
        .map(|e| e.to_string())
        .collect()
}

const GOOD_HEAD: &str = r#"
code = "t"
name = "Thử"
document = "Thử"
level = "commune"
scope = "national"
[[brackets]]
label = "1"
min = 1
max = 1
[[brackets]]
label = "0"
min = 0
max = 0
"#;

#[test]
fn a_syntax_error_names_file_and_line() {
    let errors = errors_of("code = \"x\"\nname = [unclosed\n");
    assert_eq!(errors.len(), 1);
    // In Vietnamese, with its line.
    assert_eq!(errors[0], "bad.toml:2: cú pháp TOML: thiếu \"]\" đóng danh sách");
}

#[test]
fn a_missing_field_is_named() {
    let errors = errors_of("code = \"x\"\nname = \"x\"\nscope = \"national\"\n");
    assert!(errors[0].contains("document"), "{errors:?}");
}

#[test]
fn semantic_errors_name_line_and_field() {
    let text = format!(
        "{GOOD_HEAD}\n[[criteria]]\ncode = \"1\"\nname = \"A\"\n[[criteria.indicators]]\ncode = \"1.1\"\nname = \"x\"\nkind = \"ratio\"\nthresholds = [\n  {{ at_least = 120 }},\n  {{ regions = [\"mien_trang\"], at_least = 50 }},\n]\n[[criteria.indicators]]\ncode = \"1.1\"\nname = \"y\"\nkind = \"colour\"\n"
    );
    let errors = errors_of(&text);
    let joined = errors.join("\n");
    assert!(
        joined.contains(
            "bad.toml:24: thresholds (1.1): ngưỡng không hợp với loại chỉ tiêu \"tỷ lệ (đạt/tổng)\""
        ),
        "{joined}"
    );
    assert!(
        joined.contains("bad.toml:25: thresholds (1.1): vùng \"mien_trang\""),
        "{joined}"
    );
    assert!(joined.contains("bad.toml:30: indicators.kind"), "{joined}");
}

#[test]
fn brackets_must_cover_every_count() {
    let text = r#"
code = "t"
name = "Thử"
document = "Thử"
level = "commune"
scope = "national"
[[brackets]]
label = "2"
min = 2
max = 2
[[brackets]]
label = "0"
min = 0
max = 0
[[criteria]]
code = "1"
name = "A"
[[criteria]]
code = "2"
name = "B"
"#;
    let joined = errors_of(text).join("\n");
    assert!(joined.contains("bad.toml:7: brackets"), "{joined}");
}

#[test]
fn an_unknown_base_set_is_refused() {
    let text = "code = \"x\"\nextends = \"nope\"\nname = \"x\"\ndocument = \"x\"\nscope = \"national\"\n";
    let joined = errors_of(text).join("\n");
    assert!(
        joined.contains("bad.toml:2: extends: không tìm thấy bộ tiêu chí gốc"),
        "{joined}"
    );
}

#[test]
fn unknown_fields_are_refused() {
    let joined = errors_of(&format!("{GOOD_HEAD}\ncolour = \"red\"\n")).join("\n");
    assert!(joined.contains("colour"), "{joined}");
}
