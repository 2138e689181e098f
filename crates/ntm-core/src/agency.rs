//! Agencies that own criteria or single indicators for a set of units. Who owns
//! what is data with validity dates: district departments until 2025,
//! provincial departments and commune offices after.

use time::Date;

use crate::hierarchy::Hierarchy;
use crate::unit::UnitId;
use crate::validity::Validity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, serde::Serialize, serde::Deserialize)]
pub struct AgencyId(pub i64);

/// A department, office or committee.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Agency {
    pub id: AgencyId,
    /// A short stable code: "109-kt-ht".
    pub code: String,
    /// "Phòng Kinh tế - Hạ tầng huyện Phong Thổ".
    pub name: String,
    /// The unit the agency belongs to (a district, a province, a commune).
    pub unit: UnitId,
    pub validity: Validity,
}

/// An agency owns a criterion (all its indicators) or one indicator, for the
/// units under `scope`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Ownership {
    pub agency: AgencyId,
    pub namespace: String,
    pub criterion: String,
    /// `None`: the whole criterion.
    pub indicator: Option<String>,
    pub scope: UnitId,
    pub validity: Validity,
    /// The decision that assigned it: "2151/QĐ-UBND ngày 03/8/2023".
    pub decision: Option<String>,
}

/// What to find the owner of.
#[derive(Clone, Copy, Debug)]
pub struct OwnerQuery<'q> {
    pub unit: UnitId,
    pub namespace: &'q str,
    pub criterion: &'q str,
    /// `None`: the criterion as a whole.
    pub indicator: Option<&'q str>,
    pub day: Date,
}

/// The agency that owns an indicator (or a criterion) of a unit on a date: an
/// indicator-level assignment beats a criterion-level one, and the nearest
/// scope beats a wider one.
pub fn owner_of<'a>(
    hierarchy: &Hierarchy,
    agencies: &'a [Agency],
    ownerships: &'a [Ownership],
    query: OwnerQuery<'_>,
) -> Option<(&'a Agency, &'a Ownership)> {
    let OwnerQuery {
        unit,
        namespace,
        criterion,
        indicator,
        day,
    } = query;
    let mut scopes = vec![unit];
    scopes.extend(hierarchy.ancestors_at(unit, day).iter().map(|u| u.id));
    let mut best: Option<((u8, usize), &Ownership)> = None;
    for o in ownerships {
        if o.namespace != namespace || o.criterion != criterion || !o.validity.contains(day) {
            continue;
        }
        let level_rank = match (&o.indicator, indicator) {
            (Some(oi), Some(i)) if oi == i => 0,
            (None, _) => 1,
            _ => continue,
        };
        let Some(distance) = scopes.iter().position(|s| *s == o.scope) else {
            continue;
        };
        let rank = (level_rank, distance);
        if best.is_none_or(|(r, _)| rank < r) {
            best = Some((rank, o));
        }
    }
    let (_, ownership) = best?;
    agencies
        .iter()
        .find(|a| a.id == ownership.agency && a.validity.contains(day))
        .map(|a| (a, ownership))
}
