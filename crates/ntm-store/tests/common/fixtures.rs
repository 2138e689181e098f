//! Fixtures: a small criteria set, units with a merge, values and write contexts.

use std::sync::Arc;

use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::SuccessionKind;
use ntm_core::period::Period;
use ntm_core::region::Region;
use ntm_core::unit::{Classification, Flag, Location, UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_core::value::{IndicatorValue, Provenance};
use ntm_store::{
    ChangeSource, KeyMap, Store, UnitChanges, UnitRef, UnitRow, ValueBatch, ValueWrite, WriteContext,
};
use time::macros::date;

pub const SET: &str = r#"
code = "t"
namespace = "t"
name = "Bộ thử"
document = "Thử"
level = "commune"
scope = "national"
[[brackets]]
label = "0-2"
min = 0
max = 2
[[criteria]]
code = "1"
name = "A"
[[criteria.indicators]]
code = "1.1"
name = "tỷ lệ"
kind = "ratio"
thresholds = [{ at_least = 50 }]
[[criteria.indicators]]
code = "1.2"
name = "có/không"
kind = "yes_no"
optional = true
thresholds = [{ must_be = "yes" }]
[[criteria]]
code = "2"
name = "B"
[[criteria.indicators]]
code = "2.1"
name = "số"
kind = "number"
thresholds = [{ at_least = 1 }]
[[criteria.indicators]]
code = "2.2"
name = "mức"
kind = "level"
levels = ["a", "b", "c"]
thresholds = [{ level_at_least = "b" }]
"#;

pub fn catalog() -> Catalog {
    Catalog::from_files(&[("t.toml".into(), SET.into())]).expect("set")
}

pub fn row(code: &str, kind: UnitKind, name: &str, validity: Validity) -> UnitRow {
    UnitRow {
        code: code.into(),
        kind,
        type_name: "".into(),
        name: name.into(),
        validity,
        region: None,
        location: None,
    }
}

/// Province 12 → district 109 (until 30/6/2025) → communes A, B; commune C from
/// 1/7/2025 under the province, succeeding A and B. Returns the new ids.
pub async fn seed_units(store: &Arc<dyn Store>) -> Vec<UnitId> {
    let old = Validity::new(None, Some(date!(2025 - 06 - 30)));
    let new = Validity::new(Some(date!(2025 - 07 - 01)), None);
    let mut province = row("12", UnitKind::Province, "Lai Châu", Validity::ALWAYS);
    province.region = Some(Region::NorthernMidlandsMountains);
    province.location = Some(Location {
        lat: 22.3,
        lon: 103.2,
    });
    let changes = UnitChanges {
        context: ctx("tester"),
        new_units: vec![
            province,
            row("109", UnitKind::District, "Phong Thổ", old),
            row("03589", UnitKind::Commune, "Mường So", old),
            row("03583", UnitKind::Commune, "Khổng Lào", old),
            row("03583", UnitKind::Commune, "Khổng Lào", new),
        ],
        updated_units: vec![],
        links: vec![
            (UnitRef::New(1), UnitRef::New(0), old),
            (UnitRef::New(2), UnitRef::New(1), old),
            (UnitRef::New(3), UnitRef::New(1), old),
            (UnitRef::New(4), UnitRef::New(0), new),
        ],
        closed_links: vec![],
        classifications: vec![(
            UnitRef::New(2),
            vec![
                Classification {
                    flag: Flag::Border,
                    validity: Validity::ALWAYS,
                    source: None,
                },
                Classification {
                    flag: Flag::SpecialDifficulty,
                    validity: old,
                    source: Some("Quyết định số 861/QĐ-TTg ngày 04/6/2021".into()),
                },
            ],
        )],
        successions: vec![
            (
                UnitRef::New(2),
                UnitRef::New(4),
                date!(2025 - 07 - 01),
                SuccessionKind::Merge,
            ),
            (
                UnitRef::New(3),
                UnitRef::New(4),
                date!(2025 - 07 - 01),
                SuccessionKind::Merge,
            ),
        ],
    };
    store.write_units(changes).await.expect("write units").new_ids
}

pub fn value(
    unit: UnitId,
    period: Period,
    keys: &(Catalog, KeyMap),
    code: &str,
    v: Option<IndicatorValue>,
) -> ValueWrite {
    ValueWrite {
        unit,
        period,
        indicator: keys.0.indicator_key("t", code).expect("key"),
        value: v,
        provenance: Provenance::Entered,
        note: Some(format!("ghi chú {code}")),
        evidence: vec!["Quyết định số 1/QĐ-UBND".into()],
        expected_version: None,
    }
}

pub fn ctx(by: &str) -> WriteContext {
    WriteContext {
        by: by.into(),
        user: None,
        at: "2024-01-05T08:00:00Z".into(),
        source: ChangeSource::Import,
    }
}

pub fn batch(values: Vec<ValueWrite>) -> ValueBatch {
    ValueBatch {
        values,
        assessments: vec![],
        context: ctx("tester"),
    }
}
