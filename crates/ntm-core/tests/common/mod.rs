//! Builders shared by the core's tests: small hierarchies and catalogs.
#![allow(dead_code)]

use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::{Hierarchy, ParentLink};
use ntm_core::region::Region;
use ntm_core::unit::{Classification, Flag, Unit, UnitId, UnitKind};
use ntm_core::validity::Validity;

pub fn shipped_files() -> Vec<(String, String)> {
    [
        (
            "qd318-2022.toml",
            include_str!("../../../../data/criteria/qd318-2022.toml"),
        ),
        (
            "lai-chau-1285-2022.toml",
            include_str!("../../../../data/criteria/lai-chau-1285-2022.toml"),
        ),
        (
            "qd51-2025.toml",
            include_str!("../../../../data/criteria/qd51-2025.toml"),
        ),
        (
            "lai-chau-43-2023-thon.toml",
            include_str!("../../../../data/criteria/lai-chau-43-2023-thon.toml"),
        ),
    ]
    .into_iter()
    .map(|(n, t)| (n.to_string(), t.to_string()))
    .collect()
}

pub fn shipped_catalog() -> Catalog {
    Catalog::from_files(&shipped_files()).expect("shipped criteria files load")
}

pub fn unit(id: i64, code: &str, kind: UnitKind, name: &str) -> Unit {
    Unit {
        id: UnitId(id),
        code: code.parse().expect("code"),
        kind,
        type_name: match kind {
            UnitKind::Province => "Tỉnh",
            UnitKind::District => "Huyện",
            UnitKind::Commune => "Xã",
            UnitKind::Town => "Thị trấn",
            UnitKind::Village => "Bản",
            _ => "",
        }
        .to_string(),
        name: name.to_string(),
        validity: Validity::ALWAYS,
        region: None,
        classifications: Vec::new(),
        location: None,
    }
}

pub fn flagged(mut u: Unit, flags: &[Flag]) -> Unit {
    u.classifications = flags
        .iter()
        .map(|f| Classification {
            flag: *f,
            validity: Validity::ALWAYS,
            source: None,
        })
        .collect();
    u
}

pub fn link(child: i64, parent: i64) -> ParentLink {
    ParentLink {
        child: UnitId(child),
        parent: UnitId(parent),
        validity: Validity::ALWAYS,
    }
}

/// A province (region given) with one district of `communes` communes,
/// ids 1 (province), 2 (district), 10.. (communes), plus a town (id 9).
pub fn district(region: Region, communes: usize) -> Hierarchy {
    let mut p = unit(1, "12", UnitKind::Province, "Lai Châu");
    p.region = Some(region);
    let mut units = vec![
        p,
        unit(2, "109", UnitKind::District, "Phong Thổ"),
        unit(9, "03549", UnitKind::Town, "Phong Thổ"),
    ];
    let mut links = vec![link(2, 1), link(9, 2)];
    for i in 0..communes {
        let id = 10 + i as i64;
        units.push(unit(
            id,
            &format!("9{i:04}"),
            UnitKind::Commune,
            &format!("Xã số {i}"),
        ));
        links.push(link(id, 2));
    }
    Hierarchy::new(units, &links, Vec::new()).expect("hierarchy")
}

/// The figures of `root` with nothing but the values.
pub fn plain_stats(
    hierarchy: &Hierarchy,
    root: &Unit,
    set: &ntm_core::criteria::CriteriaSet,
    values: &ntm_core::value::PeriodValues,
) -> ntm_core::aggregate::Stats {
    ntm_core::aggregate::compute_stats(ntm_core::aggregate::StatsInput {
        hierarchy,
        root,
        period: values.period,
        set,
        values,
        previous: None,
        village_set: None,
        recognitions: &[],
        reported: &[],
        day: None,
        registrations: &[],
    })
    .expect("figures")
}
