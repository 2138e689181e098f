//! Finding a unit by name (with or without diacritics) or code, among the
//! units the user may see: the closest matches first (its code, then its
//! whole name, before a village that only carries the name); among equal
//! matches today's units before those that ended (a district abolished in
//! 2025 is still found, and says so), then the higher level first.

use ntm_core::search::{rank, search_key};

use crate::accounts::access::{Actor, can_view};
use crate::error::Result;
use crate::program::Program;

/// At most this many units are listed; the count says how many matched.
pub const MAX_HITS: usize = 50;

/// A unit that answers the search.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitHit {
    pub code: String,
    /// "Xã Mường So".
    pub name: String,
    /// "xã", "huyện".
    pub kind_name: String,
    /// A province, district or the country: its page is the overview.
    pub aggregate: bool,
    /// The unit above it (on its last day, for one that ended): "Tỉnh Lai Châu".
    pub parent: Option<String>,
    /// For a unit that no longer exists: "đến 30/06/2025".
    pub ended: Option<String>,
}

/// What a search found.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct UnitSearch {
    pub query: String,
    /// All the units that matched (more than are listed when over [`MAX_HITS`]).
    pub total: usize,
    pub hits: Vec<UnitHit>,
}

impl Program {
    /// The units whose name or code answers `query`, that the actor may see.
    pub async fn search_units(&self, actor: &Actor, query: &str) -> Result<UnitSearch> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let key = search_key(query);
        let today = self.today();
        let mut found: Vec<(bool, u8, u8, String, UnitHit)> = Vec::new();
        for unit in hierarchy.units() {
            let name_key = search_key(&unit.name);
            let Some(r) = rank(&key, &name_key, unit.code.as_str()) else {
                continue;
            };
            let current = unit.validity.contains(today);
            let day = match (current, unit.validity.to) {
                (false, Some(last)) if last < today => last,
                (false, _) => match unit.validity.from {
                    Some(first) => first,
                    None => today,
                },
                (true, _) => today,
            };
            if !can_view(actor, hierarchy, &snapshot.agencies, unit, day) {
                continue;
            }
            let hit = UnitHit {
                code: unit.code.to_string(),
                name: unit.full_name(),
                kind_name: unit.kind.name_vi().to_string(),
                aggregate: unit.kind.is_aggregate(),
                parent: hierarchy.parent_at(unit.id, day).map(|p| p.full_name()),
                ended: (!current).then(|| unit.validity.label_vi()),
            };
            found.push((!current, r, unit.kind.depth(), name_key, hit));
        }
        found.sort_by(|a, b| (a.1, a.0, a.2, &a.3).cmp(&(b.1, b.0, b.2, &b.3)));
        let total = found.len();
        Ok(UnitSearch {
            query: query.trim().to_string(),
            total,
            hits: found.into_iter().take(MAX_HITS).map(|f| f.4).collect(),
        })
    }
}
