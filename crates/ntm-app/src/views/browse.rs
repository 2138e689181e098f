//! Finding one's way: the periods with data, the unit a user starts from, and
//! the hierarchy under a unit with its recognitions and successions.

use ntm_core::aggregate::UnitRef;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::validity::format_date_vi;

use crate::accounts::access::{Actor, Role, can_view};
use crate::error::Result;
use crate::program::{Program, Snapshot};
use crate::views::unit::{RecognitionView, visible_unit};

/// A unit under another, in short.
#[derive(Debug, Clone, serde::Serialize)]
pub struct ChildView {
    pub unit: UnitRef,
    pub kind_name: String,
    pub flags: Vec<String>,
    /// "đến 30/06/2025".
    pub validity: String,
    /// Number of units under it of the next level.
    pub children: usize,
    /// The recognition in force, if any.
    pub recognized: Option<String>,
}

/// A merge or split, as shown.
#[derive(Debug, Clone, serde::Serialize)]
pub struct SuccessionView {
    pub date: String,
    pub kind: String,
    pub predecessor: UnitRef,
    pub successor: UnitRef,
}

/// The hierarchy under a unit (or the provinces) in a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct HierarchyView {
    pub period: Period,
    pub period_label: String,
    /// `None`: the list of provinces.
    pub unit: Option<UnitRef>,
    pub path: String,
    pub parent: Option<UnitRef>,
    pub children: Vec<ChildView>,
    pub recognitions: Vec<(UnitRef, RecognitionView)>,
    pub successions: Vec<SuccessionView>,
}

fn recognized(snapshot: &Snapshot, unit: &Unit, day: time::Date) -> Option<String> {
    snapshot
        .recognitions
        .iter()
        .filter(|r| r.unit == unit.id && r.in_force(day))
        .max_by_key(|r| r.decided_on)
        .map(|r| {
            format!(
                "{} (Quyết định {} ngày {})",
                r.tier.name_vi(),
                r.decision,
                format_date_vi(r.decided_on)
            )
        })
}

/// A unit's classifications in words, with "chưa xếp nhóm" for a commune
/// the set in force judges by commune group but that has none.
fn flags_shown(snapshot: &Snapshot, unit: &Unit, day: time::Date, period: Period) -> Vec<String> {
    let mut out: Vec<String> = unit
        .flags_at(day)
        .iter()
        .map(|f| f.name_vi().to_string())
        .collect();
    let by_group = unit.kind == UnitKind::Commune
        && snapshot
            .catalog
            .set_for_unit(&snapshot.hierarchy, unit, period)
            .is_some_and(|s| s.uses_commune_groups());
    if by_group && unit.commune_group_at(day).is_none() {
        out.push(ntm_core::unit::Flag::UNGROUPED.to_string());
    }
    out
}

impl Program {
    /// The periods a user may choose: every period with data, and the current
    /// year (which may have none yet), newest first.
    pub async fn periods(&self) -> Result<Vec<Period>> {
        let mut periods = self.store().periods_with_data().await?;
        let current = Period::year(self.today().year());
        if !periods.contains(&current) {
            periods.push(current);
        }
        periods.sort_by(|a, b| b.cmp(a));
        Ok(periods)
    }

    /// The period a page opens on: the newest with data, or this year.
    pub async fn default_period(&self) -> Result<Period> {
        let newest = self.store().periods_with_data().await?.into_iter().next();
        Ok(newest.unwrap_or_else(|| Period::year(self.today().year())))
    }

    /// The period a page about `code` opens on when none is asked: the
    /// newest period with data in which a unit with that code exists (an
    /// abolished district opens on its last years), else the default.
    pub async fn default_period_for(&self, code: &str) -> Result<Period> {
        let snapshot = self.snapshot().await?;
        let Ok(code) = code.trim().parse::<ntm_core::unit::UnitCode>() else {
            return self.default_period().await;
        };
        let units: Vec<&Unit> = snapshot.hierarchy.units_with_code(&code).collect();
        let lived = self
            .store()
            .periods_with_data()
            .await?
            .into_iter()
            .find(|p| units.iter().any(|u| u.validity.overlaps(*p)));
        match lived {
            Some(p) => Ok(p),
            None => self.default_period().await,
        }
    }

    /// Where a user starts: their unit and the newest period with data in
    /// which it exists (a commune officer of a commune merged in 2025 starts
    /// on its last years, not on a period it never saw).
    pub async fn home(&self, actor: &Actor) -> Result<(Option<UnitRef>, Period)> {
        let period = self.default_period().await?;
        let Some(unit) = self.home_unit(actor, period).await? else {
            return Ok((None, period));
        };
        let snapshot = self.snapshot().await?;
        let code: ntm_core::unit::UnitCode = unit
            .code
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| crate::AppError::Invalid(e.to_string()))?;
        if snapshot.hierarchy.resolve(&code, period).is_ok() {
            return Ok((Some(unit), period));
        }
        let own = actor
            .user
            .as_ref()
            .and_then(|u| u.unit)
            .and_then(|id| snapshot.hierarchy.unit(id));
        let lived = self
            .store()
            .periods_with_data()
            .await?
            .into_iter()
            .find(|p| own.is_some_and(|u| u.validity.overlaps(*p)));
        Ok((Some(unit), lived.unwrap_or(period)))
    }

    /// The unit a user's pages start from: their own (or their agency's);
    /// for administrators the first province.
    pub async fn home_unit(&self, actor: &Actor, period: Period) -> Result<Option<UnitRef>> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let own = actor.user.as_ref().and_then(|u| match u.role {
            Role::Agency => u
                .agency
                .and_then(|a| snapshot.agencies.agencies.iter().find(|x| x.id == a))
                .map(|a| a.unit)
                .or(u.unit),
            _ => u.unit,
        });
        if let Some(id) = own {
            return Ok(hierarchy.unit(id).map(UnitRef::of));
        }
        let mut provinces: Vec<&Unit> = hierarchy
            .units()
            .iter()
            .filter(|u| u.kind == UnitKind::Province && u.validity.overlaps(period))
            .collect();
        provinces.sort_by(|a, b| a.code.as_str().cmp(b.code.as_str()));
        Ok(provinces.first().map(|u| UnitRef::of(u)))
    }

    /// The units under a unit in a period (or the provinces), with their
    /// recognitions and the merges and splits that concern them.
    pub async fn hierarchy_view(
        &self,
        actor: &Actor,
        code: Option<&str>,
        period: Period,
    ) -> Result<HierarchyView> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = match code {
            Some(code) => Some(visible_unit(self, actor, &snapshot, code, period)?),
            None => None,
        };
        let day = unit.map_or(period.end(), |u| hierarchy.reference_date(u, period));
        Ok(HierarchyView {
            period,
            period_label: period.label_vi(),
            unit: unit.map(UnitRef::of),
            path: unit.map(|u| hierarchy.path_label(u, day)).unwrap_or_default(),
            // Only a parent the actor may open: no link that answers "not found".
            parent: unit
                .and_then(|u| hierarchy.parent_at(u.id, day))
                .filter(|p| can_view(actor, hierarchy, &snapshot.agencies, p, day))
                .map(UnitRef::of),
            children: children_shown(actor, &snapshot, unit, day, period),
            recognitions: recognitions_in_view(&snapshot, unit, day),
            successions: unit.map_or_else(Vec::new, |u| successions_concerning(hierarchy, u, day)),
        })
    }
}

/// The units under a unit on `day` (or the provinces the actor may see),
/// by code.
fn children_shown(
    actor: &Actor,
    snapshot: &Snapshot,
    unit: Option<&Unit>,
    day: time::Date,
    period: Period,
) -> Vec<ChildView> {
    let hierarchy = &snapshot.hierarchy;
    let children: Vec<&Unit> = match unit {
        Some(u) => hierarchy.children_at(u.id, day).collect(),
        None => hierarchy
            .units()
            .iter()
            .filter(|u| u.kind == UnitKind::Province && u.validity.contains(day))
            .filter(|u| can_view(actor, hierarchy, &snapshot.agencies, u, day))
            .collect(),
    };
    let mut children: Vec<ChildView> = children
        .into_iter()
        .map(|c| ChildView {
            unit: UnitRef::of(c),
            kind_name: c.kind.name_vi().to_string(),
            flags: flags_shown(snapshot, c, day, period),
            validity: c.validity.label_vi(),
            children: hierarchy.children_at(c.id, day).count(),
            recognized: recognized(snapshot, c, day),
        })
        .collect();
    children.sort_by(|a, b| a.unit.code.cmp(&b.unit.code));
    children
}

/// The recognitions of the unit and the units under it (or of every unit),
/// by unit code.
fn recognitions_in_view(
    snapshot: &Snapshot,
    unit: Option<&Unit>,
    day: time::Date,
) -> Vec<(UnitRef, RecognitionView)> {
    let hierarchy = &snapshot.hierarchy;
    let in_view = |id| unit.is_none_or(|u| crate::accounts::access::within(hierarchy, id, u.id, day));
    let mut recognitions: Vec<(UnitRef, RecognitionView)> = snapshot
        .recognitions
        .iter()
        .filter(|r| in_view(r.unit))
        .filter_map(|r| {
            let u = hierarchy.unit(r.unit)?;
            Some((UnitRef::of(u), RecognitionView::of(r, day)))
        })
        .collect();
    recognitions.sort_by(|a, b| a.0.code.cmp(&b.0.code));
    recognitions
}

/// The merges and splits that concern a unit: either side is the unit or
/// lay under it while valid.
fn successions_concerning(hierarchy: &Hierarchy, unit: &Unit, day: time::Date) -> Vec<SuccessionView> {
    let concerns = |id| {
        hierarchy.unit(id).is_some_and(|x| {
            let when = x.validity.to.or(x.validity.from).unwrap_or(day);
            x.id == unit.id || crate::accounts::access::within(hierarchy, x.id, unit.id, when)
        })
    };
    hierarchy
        .successions()
        .iter()
        .filter(|s| concerns(s.predecessor) || concerns(s.successor))
        .filter_map(|s| {
            Some(SuccessionView {
                date: format_date_vi(s.date),
                kind: s.kind.name_vi().to_string(),
                predecessor: UnitRef::of(hierarchy.unit(s.predecessor)?),
                successor: UnitRef::of(hierarchy.unit(s.successor)?),
            })
        })
        .collect()
}
