//! A unit's capital for a year as tables: one per kind (plan, mobilized,
//! need) and span, by source with every total the sum of its parts, each
//! saying whose records it adds up.

use std::collections::BTreeMap;

use ntm_core::money::{CapitalAmount, CapitalKind, Source, amount_text, rollup};
use ntm_core::quantity::Quantity;
use ntm_core::unit::UnitId;

use super::scope::Scope;
use super::summary::CapitalTable;
use crate::error::{AppError, Result};
use crate::records::Stored;

/// A capital table's amounts by source and the units holding them.
type CapitalGroup = (Vec<(String, Quantity)>, Vec<UnitId>);

/// The order tables come in: the plan, what was mobilized, the need.
const KINDS: [CapitalKind; 3] = [CapitalKind::Plan, CapitalKind::Mobilized, CapitalKind::Need];

/// The capital tables of the year, and the units holding their records.
pub(super) fn capital_tables(
    scope: &Scope<'_>,
    sources: &[Source],
    records: Vec<Stored<CapitalAmount>>,
) -> Result<(Vec<CapitalTable>, Vec<UnitId>)> {
    let year = scope.year;
    let mut holders = Vec::new();
    let mut groups: BTreeMap<(usize, i32, i32), CapitalGroup> = BTreeMap::new();
    for r in records {
        let c = r.value;
        if scope.holds(r.unit) && c.start_year <= year && year <= c.end_year {
            holders.extend(r.unit);
            let order = KINDS.iter().position(|k| *k == c.kind).unwrap_or(KINDS.len());
            let group = groups.entry((order, c.start_year, c.end_year)).or_default();
            group.0.push((c.source, c.amount));
            group.1.extend(r.unit);
        }
    }
    let mut tables = Vec::new();
    for ((order, start, end), (amounts, group_holders)) in groups {
        let (totals, total) = rollup(sources, &amounts).map_err(AppError::Invalid)?;
        let Some(&kind) = KINDS.get(order) else { continue };
        let span = if start == end {
            format!("năm {end}")
        } else {
            format!("giai đoạn {start}-{end}")
        };
        tables.push(CapitalTable {
            kind,
            kind_name: kind.name_vi().to_string(),
            heading: format!("{} {span}", capitalized(kind.name_vi())),
            span,
            sources: totals,
            total: amount_text(total),
            total_amount: total,
            coverage: scope.coverage(&group_holders),
        });
    }
    Ok((tables, holders))
}

/// "kế hoạch vốn" → "Kế hoạch vốn".
fn capitalized(text: &str) -> String {
    let mut chars = text.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}
