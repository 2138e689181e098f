//! The effective-dated unit hierarchy: parent links with validity dates, and
//! merges and splits with their successors. Every query takes a date, so that
//! the 2023 districts keep working after the 2025 reorganisation.

use std::collections::HashMap;

use rustc_hash::FxHashMap;

use time::Date;

use crate::period::Period;
use crate::region::Region;
use crate::unit::{Unit, UnitCode, UnitId, UnitKind};
use crate::validity::Validity;

/// No real hierarchy is deeper than province → district → commune → village.
const MAX_DEPTH: usize = 16;

/// A unit's parent for a time.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ParentLink {
    pub child: UnitId,
    pub parent: UnitId,
    pub validity: Validity,
}

/// How a unit was succeeded.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SuccessionKind {
    /// The whole predecessor went into the successor (with others, usually).
    Merge,
    /// The predecessor was divided; this successor took a part.
    Split,
    /// Same territory, new name or code.
    Rename,
}

impl SuccessionKind {
    pub fn key(self) -> &'static str {
        match self {
            SuccessionKind::Merge => "merge",
            SuccessionKind::Split => "split",
            SuccessionKind::Rename => "rename",
        }
    }

    pub fn name_vi(self) -> &'static str {
        match self {
            SuccessionKind::Merge => "sáp nhập",
            SuccessionKind::Split => "chia tách",
            SuccessionKind::Rename => "đổi tên, đổi mã",
        }
    }

    pub fn parse(s: &str) -> Option<SuccessionKind> {
        match s.trim() {
            "merge" => Some(SuccessionKind::Merge),
            "split" => Some(SuccessionKind::Split),
            "rename" => Some(SuccessionKind::Rename),
            _ => None,
        }
    }
}

/// One predecessor → successor record.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Succession {
    pub predecessor: UnitId,
    pub successor: UnitId,
    pub date: Date,
    pub kind: SuccessionKind,
}

/// Why a hierarchy could not be built.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HierarchyError {
    #[error("liên kết cấp trên tham chiếu đơn vị không tồn tại (id {0})")]
    UnknownUnit(i64),
    #[error("đơn vị {0} là cấp trên của chính nó")]
    Cycle(String),
}

/// Why a code did not name a unit.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ResolveError {
    #[error("không có đơn vị nào mang mã {0}")]
    UnknownCode(String),
    #[error("mã {code} không thuộc đơn vị nào còn hiệu lực trong kỳ {period} (mã này thuộc: {known})")]
    NotValidInPeriod {
        code: String,
        period: String,
        known: String,
    },
}

/// All units and how they hang together over time.
#[derive(Debug, Default, Clone)]
pub struct Hierarchy {
    units: Vec<Unit>,
    index: FxHashMap<UnitId, usize>,
    by_code: HashMap<UnitCode, Vec<usize>>,
    parents: Vec<Vec<(usize, Validity)>>,
    children: Vec<Vec<(usize, Validity)>>,
    successions: Vec<Succession>,
    /// The region of units whose chain of parents never changes: it does not
    /// depend on the date, and aggregates over a country look it up often.
    fixed_region: Vec<FixedRegion>,
}

/// A unit's region when its ancestry is fixed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum FixedRegion {
    /// The ancestry changes with the date: walk it.
    Varies,
    Known(Option<Region>),
}

impl Hierarchy {
    pub fn new(
        units: Vec<Unit>,
        links: &[ParentLink],
        successions: Vec<Succession>,
    ) -> Result<Hierarchy, HierarchyError> {
        let index: FxHashMap<UnitId, usize> = units.iter().enumerate().map(|(i, u)| (u.id, i)).collect();
        let mut by_code: HashMap<UnitCode, Vec<usize>> = HashMap::new();
        for (i, u) in units.iter().enumerate() {
            by_code.entry(u.code.clone()).or_default().push(i);
        }
        let mut parents = vec![Vec::new(); units.len()];
        let mut children = vec![Vec::new(); units.len()];
        for link in links {
            let c = *index
                .get(&link.child)
                .ok_or(HierarchyError::UnknownUnit(link.child.0))?;
            let p = *index
                .get(&link.parent)
                .ok_or(HierarchyError::UnknownUnit(link.parent.0))?;
            if c == p {
                return Err(HierarchyError::Cycle(units[c].code.to_string()));
            }
            parents[c].push((p, link.validity));
            children[p].push((c, link.validity));
        }
        for list in &mut children {
            list.sort_by(|a, b| units[a.0].code.cmp(&units[b.0].code));
        }
        for s in &successions {
            for id in [s.predecessor, s.successor] {
                if !index.contains_key(&id) {
                    return Err(HierarchyError::UnknownUnit(id.0));
                }
            }
        }
        let mut hierarchy = Hierarchy {
            units,
            index,
            by_code,
            parents,
            children,
            successions,
            fixed_region: Vec::new(),
        };
        hierarchy.check_acyclic()?;
        hierarchy.fixed_region = (0..hierarchy.units.len())
            .map(|i| hierarchy.fixed_region_of(i))
            .collect();
        Ok(hierarchy)
    }

    /// Walks every parent chain; a chain longer than the number of units is a cycle.
    fn check_acyclic(&self) -> Result<(), HierarchyError> {
        let limit = self.units.len();
        for start in 0..self.units.len() {
            let mut stack = vec![(start, 0usize)];
            while let Some((i, depth)) = stack.pop() {
                if depth > limit.min(MAX_DEPTH) {
                    return Err(HierarchyError::Cycle(self.units[start].code.to_string()));
                }
                for (p, _) in &self.parents[i] {
                    if *p == start {
                        return Err(HierarchyError::Cycle(self.units[start].code.to_string()));
                    }
                    stack.push((*p, depth + 1));
                }
            }
        }
        Ok(())
    }

    pub fn len(&self) -> usize {
        self.units.len()
    }

    pub fn is_empty(&self) -> bool {
        self.units.is_empty()
    }

    pub fn units(&self) -> &[Unit] {
        &self.units
    }

    pub fn unit(&self, id: UnitId) -> Option<&Unit> {
        self.index.get(&id).map(|i| &self.units[*i])
    }

    /// Every unit that ever carried the code.
    pub fn units_with_code<'a>(&'a self, code: &UnitCode) -> impl Iterator<Item = &'a Unit> + 'a {
        self.by_code
            .get(code)
            .into_iter()
            .flatten()
            .map(|i| &self.units[*i])
    }

    /// The unit a code names in a period: one whose validity overlaps the
    /// period, preferring the one still valid at the period's end.
    pub fn resolve(&self, code: &UnitCode, period: Period) -> Result<&Unit, ResolveError> {
        let candidates: Vec<&Unit> = self.units_with_code(code).collect();
        if candidates.is_empty() {
            return Err(ResolveError::UnknownCode(code.to_string()));
        }
        let mut in_period: Vec<&Unit> = candidates
            .iter()
            .copied()
            .filter(|u| u.validity.overlaps(period))
            .collect();
        in_period.sort_by_key(|u| std::cmp::Reverse(u.validity.last_day_within(period)));
        in_period
            .first()
            .copied()
            .ok_or_else(|| ResolveError::NotValidInPeriod {
                code: code.to_string(),
                period: period.code(),
                known: candidates
                    .iter()
                    .map(|u| format!("{} ({})", u.full_name(), u.validity.label_vi()))
                    .collect::<Vec<_>>()
                    .join("; "),
            })
    }

    /// The date a unit's figures for a period are computed on: the period's
    /// end, or the unit's last valid day if it ended within the period.
    pub fn reference_date(&self, unit: &Unit, period: Period) -> Date {
        unit.validity.last_day_within(period).unwrap_or(period.end())
    }

    pub fn parent_at(&self, id: UnitId, day: Date) -> Option<&Unit> {
        let i = *self.index.get(&id)?;
        self.parents[i]
            .iter()
            .find(|(_, v)| v.contains(day))
            .map(|(p, _)| &self.units[*p])
    }

    /// Every parent link of a unit, at any time.
    pub fn parent_links(&self, id: UnitId) -> impl Iterator<Item = (&Unit, Validity)> + '_ {
        let i = self.index.get(&id).copied();
        i.into_iter()
            .flat_map(move |i| self.parents[i].iter())
            .map(move |(p, v)| (&self.units[*p], *v))
    }

    /// The chain of parents up to the top, nearest first.
    pub fn ancestors_at(&self, id: UnitId, day: Date) -> Vec<&Unit> {
        let mut out = Vec::new();
        let mut current = id;
        while let Some(parent) = self.parent_at(current, day) {
            if out.len() > MAX_DEPTH {
                break;
            }
            out.push(parent);
            current = parent.id;
        }
        out
    }

    pub fn children_at(&self, id: UnitId, day: Date) -> impl Iterator<Item = &Unit> + '_ {
        let i = self.index.get(&id).copied();
        i.into_iter()
            .flat_map(move |i| self.children[i].iter())
            .filter(move |(c, v)| v.contains(day) && self.units[*c].validity.contains(day))
            .map(move |(c, _)| &self.units[*c])
    }

    /// All units below `id` on `day` whose kind is in `kinds`, in code order
    /// within each parent.
    pub fn descendants_at(&self, id: UnitId, day: Date, kinds: &[UnitKind]) -> Vec<&Unit> {
        let Some(&start) = self.index.get(&id) else {
            return Vec::new();
        };
        let mut out = Vec::new();
        // Depth first, children in code order: push them reversed.
        let mut stack: Vec<usize> = Vec::new();
        let push_children = |stack: &mut Vec<usize>, i: usize| {
            for (c, v) in self.children[i].iter().rev() {
                if v.contains(day) && self.units[*c].validity.contains(day) {
                    stack.push(*c);
                }
            }
        };
        push_children(&mut stack, start);
        while let Some(i) = stack.pop() {
            let u = &self.units[i];
            if kinds.contains(&u.kind) {
                out.push(u);
            }
            push_children(&mut stack, i);
        }
        out
    }

    /// The unit itself if its kind is in `kinds`, else its descendants of
    /// those kinds.
    pub fn subtree_at(&self, id: UnitId, day: Date, kinds: &[UnitKind]) -> Vec<&Unit> {
        match self.unit(id) {
            Some(unit) if kinds.contains(&unit.kind) => vec![unit],
            Some(_) => self.descendants_at(id, day, kinds),
            None => Vec::new(),
        }
    }

    /// The region of a unit: its own, or the nearest ancestor's.
    pub fn region_at(&self, id: UnitId, day: Date) -> Option<Region> {
        let mut i = *self.index.get(&id)?;
        if let Some(FixedRegion::Known(region)) = self.fixed_region.get(i) {
            return *region;
        }
        for _ in 0..=MAX_DEPTH {
            if let Some(region) = self.units[i].region {
                return Some(region);
            }
            i = self.parents[i]
                .iter()
                .find(|(_, v)| v.contains(day))
                .map(|(p, _)| *p)?;
        }
        None
    }

    /// The region of a unit if no date can change it: its own, or inherited
    /// through parents each linked for all time.
    fn fixed_region_of(&self, mut i: usize) -> FixedRegion {
        for _ in 0..=MAX_DEPTH {
            if let Some(region) = self.units[i].region {
                return FixedRegion::Known(Some(region));
            }
            match self.parents[i].as_slice() {
                [] => return FixedRegion::Known(None),
                [(p, v)] if *v == Validity::ALWAYS => i = *p,
                _ => return FixedRegion::Varies,
            }
        }
        FixedRegion::Varies
    }

    /// The province a unit belongs to on a date (itself if it is one).
    pub fn province_at(&self, id: UnitId, day: Date) -> Option<&Unit> {
        let unit = self.unit(id)?;
        if unit.kind == UnitKind::Province {
            return Some(unit);
        }
        self.ancestors_at(id, day)
            .into_iter()
            .find(|u| u.kind == UnitKind::Province)
    }

    pub fn successions(&self) -> &[Succession] {
        &self.successions
    }

    /// Units that became this one.
    pub fn predecessors(&self, id: UnitId) -> Vec<(&Unit, &Succession)> {
        self.successions
            .iter()
            .filter(|s| s.successor == id)
            .filter_map(|s| self.unit(s.predecessor).map(|u| (u, s)))
            .collect()
    }

    /// Units this one became.
    pub fn successors(&self, id: UnitId) -> Vec<(&Unit, &Succession)> {
        self.successions
            .iter()
            .filter(|s| s.predecessor == id)
            .filter_map(|s| self.unit(s.successor).map(|u| (u, s)))
            .collect()
    }

    /// "Xã Mường So, Huyện Phong Thổ, Tỉnh Lai Châu".
    pub fn path_label(&self, unit: &Unit, day: Date) -> String {
        std::iter::once(unit.full_name())
            .chain(self.ancestors_at(unit.id, day).iter().map(|u| u.full_name()))
            .collect::<Vec<_>>()
            .join(", ")
    }
}
