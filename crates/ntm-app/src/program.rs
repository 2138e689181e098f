//! The program's data as the application sees it: the hierarchy, the criteria
//! catalog, recognitions, and the values of each period asked for, cached in
//! memory and kept fresh. Before every read, one cheap query asks the store
//! what changed since the last look (from any process) and reloads just that,
//! so a write shows in the next read without any batch step. The catalog of
//! criteria sets is part of that data: the shipped sets plus every version
//! published in ntm, rebuilt whenever a version is published anywhere.
//!
//! `Program` is the façade every caller goes through, and this file holds
//! only its state: the store, the clock, the fresh data ([`Snapshot`],
//! [`Program::period_values`]) and the figures shared between callers. Its
//! services live in the room they belong to, each an `impl Program` block
//! beside the rules it calls:
//! - who signs in and who may do what: `accounts` (`login`, `create_user`,
//!   `create_api_key` …);
//! - a unit's values and evidence: `entry` (`entry_form`, `save_entry`,
//!   `add_evidence`);
//! - read-only pictures: `views` (`unit_page`, `unit_detail`, `evaluate`,
//!   `stats` in `views::figures`, `audit_trail`, `hierarchy_view`);
//! - files in and out: `documents` (`appendix`, `narrative`,
//!   `import_template`, `import_file`, `import_units_csv` and
//!   `import_values_csv` in `documents::import::service`, the page tables);
//! - criteria sets as offices author them: `criteria`;
//! - the 2025 reform: `units` (`classify`, `ended_unit`, `baseline_view`);
//! - the map: `map`; plans, gaps, locks and the reporting cycle: `plans`;
//!   capital, projects and contributions: `money`.

use std::collections::HashMap;
use std::sync::Arc;

use ntm_core::aggregate::Stats;
use ntm_core::criteria::{Catalog, CriteriaSet, SetLevel};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use ntm_core::unit::{Unit, UnitCode, UnitId};
use ntm_core::value::PeriodValues;
use ntm_store::prelude::*;
use ntm_store::{AgencyData, KeyMap};
use tokio::sync::RwLock;

use crate::accounts::access::Actor;
use crate::clock::{Clock, rfc3339};
use crate::criteria::published_catalog;
use crate::entry::rights::ChangeRights;
use crate::error::{AppError, Result};
use crate::plans::LockBook;

/// Reference data reloaded whenever it changes.
#[derive(Debug, Clone)]
struct Reference {
    hierarchy: Arc<Hierarchy>,
    recognitions: Arc<Vec<Recognition>>,
    agencies: Arc<AgencyData>,
}

#[derive(Debug)]
struct Cache {
    reference: Reference,
    periods: HashMap<Period, Arc<PeriodValues>>,
    reported: HashMap<Period, Arc<Vec<ReportedFigure>>>,
    /// The last change number applied.
    seen: i64,
}

/// The catalog in use and the database keys of its indicators and criteria.
#[derive(Debug, Clone)]
struct CatalogState {
    catalog: Arc<Catalog>,
    keys: Arc<KeyMap>,
}

/// The program's data and the figures derived from it.
#[derive(Debug)]
pub struct Program {
    store: Arc<dyn Store>,
    /// The sets shipped with ntm (or read from a folder), before any
    /// version published in ntm.
    shipped: Vec<CriteriaSet>,
    catalog: std::sync::RwLock<CatalogState>,
    cache: RwLock<Cache>,
    /// Figures already computed, each with the change number it was computed at.
    shared_stats: std::sync::Mutex<SharedStats>,
    activity: crate::views::activity::Activity,
    /// Unit summaries kept between figures, fresh by the change log.
    summaries: crate::views::summaries::SummaryCache,
    /// Where "now" and "today" come from.
    clock: Clock,
}

/// Figures by (unit, period, set code, set version), with the change number
/// they were computed at.
type SharedStats = HashMap<(UnitId, Period, String, u32), (i64, Arc<Stats>)>;

/// How many computed figures [`Program::shared_stats`] keeps.
const SHARED_STATS_MAX: usize = 256;

/// A snapshot for computing: everything a query needs, consistent.
#[derive(Debug, Clone)]
pub struct Snapshot {
    pub hierarchy: Arc<Hierarchy>,
    pub recognitions: Arc<Vec<Recognition>>,
    pub agencies: Arc<AgencyData>,
    pub catalog: Arc<Catalog>,
}

impl Snapshot {
    /// The criteria set a unit is judged by in a period, or the one answer
    /// when none applies (not found, naming the unit and the period).
    pub fn unit_set(&self, unit: &Unit, period: Period) -> Result<&CriteriaSet> {
        self.catalog
            .set_for_unit(&self.hierarchy, unit, period)
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "không có bộ tiêu chí nào áp dụng cho {} trong kỳ {period}",
                    unit.full_name()
                ))
            })
    }

    /// The set of `level` in force in the unit's province on `day`.
    pub fn set_in_force_for(&self, level: SetLevel, unit: &Unit, day: time::Date) -> Option<&CriteriaSet> {
        let province = self.hierarchy.province_at(unit.id, day).map(|p| p.code.clone());
        self.catalog.set_in_force(level, province.as_ref(), day)
    }

    /// What `actor` may change, under the approval locks `locks`.
    pub fn change_rights<'a>(&'a self, actor: &'a Actor, locks: &'a LockBook) -> ChangeRights<'a> {
        ChangeRights {
            actor,
            hierarchy: &self.hierarchy,
            agencies: &self.agencies,
            locks,
        }
    }
}

async fn load_reference(store: &dyn Store) -> Result<Reference> {
    Ok(Reference {
        hierarchy: Arc::new(store.load_hierarchy().await?),
        recognitions: Arc::new(store.load_recognitions().await?),
        agencies: Arc::new(store.load_agencies().await?),
    })
}

impl Program {
    /// The same program reading another clock (tests set the day with it).
    pub fn with_clock(mut self, clock: Clock) -> Program {
        self.clock = clock;
        self
    }

    /// Now, from the program's clock.
    pub fn now(&self) -> time::OffsetDateTime {
        self.clock.now()
    }

    /// Today in Vietnam, from the program's clock.
    pub fn today(&self) -> time::Date {
        self.clock.today()
    }
}

impl Program {
    /// Opens the program on a store with a catalog: makes sure the catalog's
    /// keys exist in the store and loads the reference data.
    pub async fn open(store: Arc<dyn Store>, shipped: Catalog) -> Result<Program> {
        let shipped: Vec<CriteriaSet> = shipped.sets().to_vec();
        let catalog = published_catalog(store.as_ref(), &shipped).await?;
        let keys = store.sync_keys(&catalog).await?;
        // A criteria set whose file changed since the last start is audited.
        let fingerprints: Vec<(String, String)> = shipped
            .iter()
            .map(|s| (s.code.clone(), s.fingerprint.clone()))
            .collect();
        let context = ntm_store::WriteContext {
            by: "khởi động ntm".into(),
            user: None,
            at: rfc3339(Clock::System.now()),
            source: ntm_store::ChangeSource::Cli,
        };
        store.record_criteria_sets(&fingerprints, context).await?;
        // Read the change number first: anything written after it is applied
        // by the next refresh.
        let seen = store.latest_change().await?;
        let reference = load_reference(store.as_ref()).await?;
        Ok(Program {
            store,
            shipped,
            catalog: std::sync::RwLock::new(CatalogState {
                catalog: Arc::new(catalog),
                keys: Arc::new(keys),
            }),
            cache: RwLock::new(Cache {
                reference,
                periods: HashMap::new(),
                reported: HashMap::new(),
                seen,
            }),
            shared_stats: std::sync::Mutex::new(HashMap::new()),
            activity: crate::views::activity::Activity::default(),
            summaries: crate::views::summaries::SummaryCache::default(),
            clock: Clock::System,
        })
    }

    pub fn store(&self) -> &Arc<dyn Store> {
        &self.store
    }

    /// The catalog in use (as of the last refresh).
    pub fn catalog(&self) -> Arc<Catalog> {
        Arc::clone(&self.catalog_state().catalog)
    }

    /// The database keys of the catalog in use.
    pub fn keys(&self) -> Arc<KeyMap> {
        Arc::clone(&self.catalog_state().keys)
    }

    /// The shipped sets, before versions published in ntm.
    pub fn shipped_sets(&self) -> &[CriteriaSet] {
        &self.shipped
    }

    fn catalog_state(&self) -> CatalogState {
        self.catalog.read().unwrap_or_else(|e| e.into_inner()).clone()
    }

    /// Rebuilds the catalog from the shipped sets and every published
    /// version; values cached under the old keys are dropped.
    async fn reload_catalog(&self, cache: &mut Cache) -> Result<()> {
        let catalog = published_catalog(self.store.as_ref(), &self.shipped).await?;
        let keys = self.store.sync_keys(&catalog).await?;
        *self.catalog.write().unwrap_or_else(|e| e.into_inner()) = CatalogState {
            catalog: Arc::new(catalog),
            keys: Arc::new(keys),
        };
        cache.periods.clear();
        self.lock_shared_stats().clear();
        Ok(())
    }

    /// What the program did since it started (for the server's metrics).
    pub fn activity(&self) -> crate::views::activity::ActivityCounts {
        self.activity.counts()
    }

    /// Where the services count what they did.
    pub(crate) fn tally(&self) -> &crate::views::activity::Activity {
        &self.activity
    }

    /// The unit summaries kept between figures.
    pub(crate) fn summaries(&self) -> &crate::views::summaries::SummaryCache {
        &self.summaries
    }

    /// Applies every change written since the last look.
    pub async fn refresh(&self) -> Result<()> {
        let seen = self.cache.read().await.seen;
        let changes = self.store.changes_since(seen).await?;
        if changes.latest == seen {
            return Ok(());
        }
        let mut cache = self.cache.write().await;
        if changes.catalog_changed {
            self.reload_catalog(&mut cache).await?;
        }
        if changes.reference_changed {
            cache.reference = load_reference(self.store.as_ref()).await?;
            cache.reported.clear();
        }
        if changes.catalog_changed || changes.reference_changed {
            self.summaries.all_changed(changes.latest);
        } else {
            self.summaries.values_changed(&changes.touched, changes.latest);
        }
        let mut by_period: HashMap<Period, Vec<UnitId>> = HashMap::new();
        for (period, unit) in changes.touched {
            if cache.periods.contains_key(&period) {
                by_period.entry(period).or_default().push(unit);
            }
        }
        let keys = self.keys();
        for (period, units) in by_period {
            if let Some(cached) = cache.periods.get_mut(&period) {
                self.reload_units(Arc::make_mut(cached), &units, &keys).await?;
            }
        }
        cache.seen = cache.seen.max(changes.latest);
        Ok(())
    }

    /// Reads `units`' values of the period `values` holds afresh into it.
    async fn reload_units(&self, values: &mut PeriodValues, units: &[UnitId], keys: &KeyMap) -> Result<()> {
        if units.is_empty() {
            return Ok(());
        }
        let fresh = self.store.load_period_units(values.period, units, keys).await?;
        for &unit in units {
            values.replace_unit(unit, fresh.unit(unit).cloned().unwrap_or_default());
        }
        Ok(())
    }

    /// The reference data, fresh.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        Ok(self.snapshot_at().await?.0)
    }

    /// The reference data, fresh, and the change number it is at least as
    /// new as (as is every period's values read after it).
    pub(crate) async fn snapshot_at(&self) -> Result<(Snapshot, i64)> {
        self.refresh().await?;
        let (r, seen) = {
            let cache = self.cache.read().await;
            (cache.reference.clone(), cache.seen)
        };
        let snapshot = Snapshot {
            hierarchy: r.hierarchy,
            recognitions: r.recognitions,
            agencies: r.agencies,
            catalog: self.catalog(),
        };
        Ok((snapshot, seen))
    }

    /// The values of a period, loaded once and kept fresh.
    pub async fn period_values(&self, period: Period) -> Result<Arc<PeriodValues>> {
        self.refresh().await?;
        self.cached_period(period).await
    }

    /// What `units` reported in a period, fresh: the cached period when it is
    /// loaded already, else those units' values only. A page about one unit
    /// (its history over five years, say) does not load every unit's values
    /// of every period it looks at.
    pub async fn unit_values(&self, period: Period, units: &[UnitId]) -> Result<Arc<PeriodValues>> {
        self.refresh().await?;
        if let Some(v) = self.cache.read().await.periods.get(&period) {
            return Ok(Arc::clone(v));
        }
        Ok(Arc::new(
            self.store.load_period_units(period, units, &self.keys()).await?,
        ))
    }

    /// Whether any unit has values or assessments in a period (without
    /// loading them).
    pub async fn has_values(&self, period: Period) -> Result<bool> {
        Ok(self.store.periods_with_data().await?.contains(&period))
    }

    /// The values of a period as of the last refresh (loading them if needed).
    pub(crate) async fn cached_period(&self, period: Period) -> Result<Arc<PeriodValues>> {
        loop {
            let seen = {
                let cache = self.cache.read().await;
                if let Some(v) = cache.periods.get(&period) {
                    return Ok(Arc::clone(v));
                }
                cache.seen
            };
            let keys = self.keys();
            let mut loaded = self.store.load_period(period, &keys).await?;
            let mut cache = self.cache.write().await;
            if let Some(v) = cache.periods.get(&period) {
                return Ok(Arc::clone(v));
            }
            if cache.seen > seen {
                // Refreshes applied while the period loaded passed it by (it
                // was not cached yet): bring their units up to date here.
                let changes = self.store.changes_since(seen).await?;
                if changes.catalog_changed {
                    // Loaded under the old catalog's keys: load it again.
                    continue;
                }
                let units: Vec<UnitId> = changes
                    .touched
                    .iter()
                    .filter(|(p, _)| *p == period)
                    .map(|(_, u)| *u)
                    .collect();
                self.reload_units(&mut loaded, &units, &keys).await?;
            }
            return Ok(Arc::clone(
                cache.periods.entry(period).or_insert(Arc::new(loaded)),
            ));
        }
    }

    pub async fn reported(&self, period: Period) -> Result<Arc<Vec<ReportedFigure>>> {
        if let Some(r) = self.cache.read().await.reported.get(&period) {
            return Ok(Arc::clone(r));
        }
        let loaded = Arc::new(self.store.load_reported(period).await?);
        let mut cache = self.cache.write().await;
        Ok(Arc::clone(cache.reported.entry(period).or_insert(loaded)))
    }

    /// Resolves a unit code in a period.
    /// A text that is not a unit code names no unit: not found, saying why.
    pub fn resolve<'h>(&self, hierarchy: &'h Hierarchy, code: &str, period: Period) -> Result<&'h Unit> {
        let code: UnitCode = code
            .parse()
            .map_err(|e: ntm_core::unit::UnitCodeError| AppError::NotFound(e.to_string()))?;
        Ok(hierarchy.resolve(&code, period)?)
    }

    /// Every figure for a unit and period, shared between callers: computed
    /// once per change of the data (a write anywhere computes it anew), so
    /// many people looking at the same overview cost one computation.
    pub async fn shared_stats(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        set: Option<&str>,
    ) -> Result<Arc<Stats>> {
        let (snapshot, seen) = self.snapshot_at().await?;
        let (root, set) = self.stats_target(actor, &snapshot, code, period, set)?;
        let key = (root.id, period, set.code.clone(), set.version);
        if let Some((at, stats)) = self.lock_shared_stats().get(&key)
            && *at == seen
        {
            self.activity.figures_hit();
            return Ok(Arc::clone(stats));
        }
        let stats = Arc::new(self.compute_stats((&snapshot, seen), root, period, set).await?);
        let mut shared = self.lock_shared_stats();
        if shared.len() >= SHARED_STATS_MAX {
            shared.retain(|_, (at, _)| *at == seen);
        }
        shared.insert(key, (seen, Arc::clone(&stats)));
        Ok(stats)
    }

    fn lock_shared_stats(&self) -> std::sync::MutexGuard<'_, SharedStats> {
        self.shared_stats.lock().unwrap_or_else(|e| e.into_inner())
    }
}
