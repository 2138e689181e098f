//! Which of a unit's direct subdivisions hold the money its totals add up.
//! A province's capital and projects are kept by its districts (before the
//! 2025 reform) or its communes: when only some of them have records for the
//! year, the province's totals are theirs alone, and the page, the report and
//! the JSON say whose. The summary asks it for all its money, each capital
//! table, the projects and the contributions (which communes keep).

use ntm_core::hierarchy::Hierarchy;
use ntm_core::unit::{Unit, UnitId, UnitKind};
use time::Date;

use crate::accounts::access::within;

/// The subdivisions of a unit with and without money records for a year.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MoneyCoverage {
    /// The level of the subdivisions: "đơn vị cấp huyện", "đơn vị cấp xã".
    pub level: String,
    /// Names of the subdivisions with records, in the hierarchy's order.
    pub with_data: Vec<String>,
    /// Names of those without.
    pub without_data: Vec<String>,
    /// The sentence the pages and reports print.
    pub text: String,
    /// The clause a table of partial figures carries: "Chỉ gồm số liệu của
    /// Huyện Phong Thổ (01/08 đơn vị cấp huyện)."; `None` when complete.
    pub short: Option<String>,
}

impl MoneyCoverage {
    /// Some subdivisions have no records: the totals are not the unit's whole.
    pub fn is_partial(&self) -> bool {
        !self.without_data.is_empty()
    }
}

/// The coverage of `unit`'s money on `day`, given the units holding the
/// records its totals count. `None` for a unit without subdivisions, and for
/// one whose records are all its own (its figures are then its own basis).
pub fn money_coverage(
    hierarchy: &Hierarchy,
    unit: &Unit,
    day: Date,
    year: i32,
    holders: &[UnitId],
) -> Option<MoneyCoverage> {
    let children: Vec<&Unit> = hierarchy
        .children_at(unit.id, day)
        .filter(|c| c.kind != UnitKind::Village)
        .collect();
    let first = children.first()?;
    // One entry per record comes in: each holder is looked up once.
    let mut holders = holders.to_vec();
    holders.sort_unstable();
    holders.dedup();
    if !holders.is_empty() && holders.iter().all(|h| *h == unit.id) {
        return None;
    }
    let (with, without): (Vec<&Unit>, Vec<&Unit>) = children
        .iter()
        .partition(|c| holders.iter().any(|h| within(hierarchy, *h, c.id, day)));
    let level = level_words(first.kind);
    let names = |units: &[&Unit]| units.iter().map(|u| u.full_name()).collect::<Vec<_>>();
    let (with_data, without_data) = (names(&with), names(&without));
    let text = coverage_text(&level, year, children.len(), &with_data, &without_data);
    let short = (!without_data.is_empty() && !with_data.is_empty()).then(|| {
        format!(
            "Chỉ gồm số liệu của {} ({:02}/{:02} {level}).",
            with_data.join(", "),
            with_data.len(),
            children.len()
        )
    });
    Some(MoneyCoverage {
        level,
        with_data,
        without_data,
        text,
        short,
    })
}

pub(super) const COMMUNE_LEVEL: &[UnitKind] = &[
    UnitKind::Commune,
    UnitKind::Ward,
    UnitKind::Town,
    UnitKind::SpecialZone,
];

/// "đơn vị cấp huyện" for a district, a town or a city of a province.
fn level_words(kind: UnitKind) -> String {
    let level = match kind.depth() {
        0 | 1 => "tỉnh",
        2 => "huyện",
        _ => "xã",
    };
    format!("đơn vị cấp {level}")
}

fn coverage_text(level: &str, year: i32, total: usize, with: &[String], without: &[String]) -> String {
    let count = format!("{:02}/{:02} {level}", with.len(), total);
    if without.is_empty() {
        return format!("Số liệu vốn năm {year}: {count} có số liệu.");
    }
    if with.is_empty() {
        return format!("Số liệu vốn năm {year}: chưa {level} nào có số liệu.");
    }
    format!(
        "Số liệu vốn năm {year} chỉ có ở {count}: {}. Chưa có số liệu: {}. Các số tổng dưới đây chỉ gồm các đơn vị có số liệu.",
        with.join(", "),
        without.join(", ")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_text_names_both_sides_and_says_the_totals_are_partial() {
        let with = vec!["Huyện Phong Thổ".to_string()];
        let without = vec!["Thành phố Lai Châu".to_string(), "Huyện Tam Đường".to_string()];
        let t = coverage_text("đơn vị cấp huyện", 2023, 3, &with, &without);
        assert_eq!(
            t,
            "Số liệu vốn năm 2023 chỉ có ở 01/03 đơn vị cấp huyện: Huyện Phong Thổ. Chưa có số liệu: \
             Thành phố Lai Châu, Huyện Tam Đường. Các số tổng dưới đây chỉ gồm các đơn vị có số liệu."
        );
        assert_eq!(
            coverage_text("đơn vị cấp huyện", 2023, 1, &with, &[]),
            "Số liệu vốn năm 2023: 01/01 đơn vị cấp huyện có số liệu."
        );
        assert_eq!(
            coverage_text("đơn vị cấp xã", 2026, 2, &[], &without),
            "Số liệu vốn năm 2026: chưa đơn vị cấp xã nào có số liệu."
        );
    }
}
