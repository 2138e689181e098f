//! The program's data as the application sees it: the hierarchy, the criteria
//! catalog, recognitions, and the values of each period asked for, cached in
//! memory and kept fresh. Before every read, one cheap query asks the store
//! what changed since the last look (from any process) and reloads just that,
//! so a write shows in the next read without any batch step. The catalog of
//! criteria sets is part of that data: the shipped sets plus every version
//! published in ntm, rebuilt whenever a version is published anywhere.

use std::collections::HashMap;
use std::sync::Arc;

use ntm_core::aggregate::{Stats, StatsInput, compute_stats};
use ntm_core::criteria::{Catalog, CriteriaSet, SetLevel};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use ntm_core::unit::{Unit, UnitCode, UnitId};
use ntm_core::value::PeriodValues;
use ntm_store::prelude::*;
use ntm_store::{AgencyData, KeyMap, UnitChanges};
use tokio::sync::RwLock;

use crate::accounts::access::{Actor, can_administer};
use crate::clock::{Clock, rfc3339};
use crate::criteria::published_catalog;
use crate::documents::csv_input::CsvTable;
use crate::documents::import::units::{
    SUCCESSION_COLUMNS, UNIT_COLUMNS, plan_units, read_successions, read_units,
};
use crate::documents::import::values::{ImportContext, VALUE_COLUMNS, plan_values};
use crate::documents::import::{ImportSummary, units::SuccessionInput};
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
    /// Where "now" and "today" come from.
    clock: Clock,
}

/// Figures by (unit, period, set code), with the change number they were computed at.
type SharedStats = HashMap<(UnitId, Period, String), (i64, Arc<Stats>)>;

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
        let mut by_period: HashMap<Period, Vec<UnitId>> = HashMap::new();
        for (period, unit) in changes.touched {
            if cache.periods.contains_key(&period) {
                by_period.entry(period).or_default().push(unit);
            }
        }
        let keys = self.keys();
        for (period, units) in by_period {
            let fresh = self.store.load_period_units(period, &units, &keys).await?;
            if let Some(cached) = cache.periods.get_mut(&period) {
                let values = Arc::make_mut(cached);
                for unit in units {
                    values.replace_unit(unit, fresh.unit(unit).cloned().unwrap_or_default());
                }
            }
        }
        cache.seen = cache.seen.max(changes.latest);
        Ok(())
    }

    /// The reference data, fresh.
    pub async fn snapshot(&self) -> Result<Snapshot> {
        self.refresh().await?;
        let r = self.cache.read().await.reference.clone();
        Ok(Snapshot {
            hierarchy: r.hierarchy,
            recognitions: r.recognitions,
            agencies: r.agencies,
            catalog: self.catalog(),
        })
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
    async fn cached_period(&self, period: Period) -> Result<Arc<PeriodValues>> {
        if let Some(v) = self.cache.read().await.periods.get(&period) {
            return Ok(Arc::clone(v));
        }
        let loaded = Arc::new(self.store.load_period(period, &self.keys()).await?);
        let mut cache = self.cache.write().await;
        Ok(Arc::clone(cache.periods.entry(period).or_insert(loaded)))
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

    /// The commune set for a unit's figures: the one named, or the one in
    /// force in the unit's province on the period's reference date.
    pub fn commune_set<'s>(
        &self,
        snapshot: &'s Snapshot,
        unit: &Unit,
        period: Period,
        named: Option<&str>,
    ) -> Result<&'s CriteriaSet> {
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(unit, period);
        if let Some(code) = named {
            return snapshot.catalog.set_on(code, day).ok_or_else(|| {
                AppError::NotFound(format!(
                    "không có bộ tiêu chí \"{code}\" (xem: ntm criteria list)"
                ))
            });
        }
        let province = hierarchy.province_at(unit.id, day).map(|p| p.code.clone());
        snapshot
            .catalog
            .set_in_force(SetLevel::Commune, province.as_ref(), day)
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "không có bộ tiêu chí xã nào có hiệu lực cho {} trong kỳ {period}",
                    unit.full_name()
                ))
            })
    }

    /// Every figure for a unit and period, computed now.
    pub async fn stats(&self, actor: &Actor, code: &str, period: Period, set: Option<&str>) -> Result<Stats> {
        let snapshot = self.snapshot().await?;
        let (root, set) = self.stats_target(actor, &snapshot, code, period, set)?;
        self.compute_stats(&snapshot, root, period, set).await
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
        let snapshot = self.snapshot().await?;
        let seen = self.cache.read().await.seen;
        let (root, set) = self.stats_target(actor, &snapshot, code, period, set)?;
        let key = (root.id, period, set.code.clone());
        if let Some((at, stats)) = self.lock_shared_stats().get(&key)
            && *at == seen
        {
            self.activity.figures_hit();
            return Ok(Arc::clone(stats));
        }
        let stats = Arc::new(self.compute_stats(&snapshot, root, period, set).await?);
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

    /// The unit and set a figures request is about, if the actor may see it.
    fn stats_target<'s>(
        &'s self,
        actor: &Actor,
        snapshot: &'s Snapshot,
        code: &str,
        period: Period,
        set: Option<&str>,
    ) -> Result<(&'s Unit, &'s CriteriaSet)> {
        let root = crate::views::unit::visible_unit(self, actor, snapshot, code, period)?;
        if root.kind == ntm_core::unit::UnitKind::Village {
            return Err(AppError::Invalid(format!(
                "{} là thôn, bản: số liệu tổng hợp dành cho xã, huyện, tỉnh; xem một thôn bằng: ntm evaluate --unit {code} --period {period}",
                root.full_name()
            )));
        }
        Ok((root, self.commune_set(snapshot, root, period, set)?))
    }

    async fn compute_stats(
        &self,
        snapshot: &Snapshot,
        root: &Unit,
        period: Period,
        set: &CriteriaSet,
    ) -> Result<Stats> {
        self.activity.figures_computed();
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, period);
        // Both periods load at once (on separate reading connections).
        let (values, earlier) = tokio::try_join!(
            self.cached_period(period),
            self.cached_period(period.year_earlier())
        )?;
        let previous = (earlier.unit_count() > 0).then_some(earlier.as_ref());
        let province = hierarchy.province_at(root.id, day).map(|p| p.code.clone());
        let village_set = snapshot
            .catalog
            .set_in_force(SetLevel::Village, province.as_ref(), day);
        let reported = self.reported(period).await?;
        // Registrations planned from these figures (the next year's): one for
        // what is already met is a finding.
        let registrations: Vec<(UnitId, ntm_core::plan::Registration)> = self
            .records::<ntm_core::plan::Registration>(Some(period.calendar_year() + 1))
            .await?
            .into_iter()
            .filter_map(|r| Some((r.unit?, r.value)))
            .collect();
        compute_stats(StatsInput {
            hierarchy,
            root,
            period,
            set,
            values: &values,
            previous,
            village_set,
            recognitions: &snapshot.recognitions,
            reported: &reported,
            registrations: &registrations,
            day: None,
        })
        .map_err(|e| AppError::Invalid(e.to_string()))
    }

    /// Imports a units file in one transaction; or, recognised by their
    /// header, a successions file (`old_code,new_code`), a village moves file
    /// (`village_code,commune_code`) or a classifications file
    /// (`unit_code,flag`: commune groups and other flags with their decision).
    pub async fn import_units_csv(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let header =
            String::from_utf8_lossy(bytes.get(..bytes.len().min(512)).unwrap_or(bytes)).to_lowercase();
        let first = header.lines().next().unwrap_or("").to_string();
        if crate::documents::import::classifications::is_classification_header(&first) {
            return self.import_classifications_csv(actor, file, bytes).await;
        }
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được nhập đơn vị hành chính".into(),
            ));
        }
        if crate::documents::import::village_moves::is_moves_header(&first) {
            return self.import_village_moves_csv(actor, file, bytes).await;
        }
        let is_succession = first.contains("old_code") && first.contains("new_code");
        let snapshot = self.snapshot().await?;
        let mut read_errors = Vec::new();
        let (units, successions): (Vec<_>, Vec<SuccessionInput>) = if is_succession {
            let table = CsvTable::parse(file, bytes, SUCCESSION_COLUMNS).map_err(AppError::Import)?;
            (Vec::new(), read_successions(&table).map_err(AppError::Import)?)
        } else {
            let table = CsvTable::parse(file, bytes, UNIT_COLUMNS).map_err(AppError::Import)?;
            let (units, errors) = read_units(&table);
            read_errors = errors;
            (units, Vec::new())
        };
        // Rows that parsed are still checked, so that every problem is listed at once.
        let (changes, summary) = match plan_units(file, &units, &successions, &snapshot.hierarchy) {
            Ok(ok) if read_errors.is_empty() => ok,
            Ok(_) => return Err(AppError::Import(read_errors)),
            Err(mut errors) => {
                errors.extend(read_errors);
                errors.sort_by_key(|e| e.line);
                return Err(AppError::Import(errors));
            }
        };
        if !changes.is_empty() {
            self.store
                .write_units(UnitChanges {
                    context: actor.context(),
                    ..changes
                })
                .await?;
        }
        Ok(summary)
    }

    /// A values table checked row by row, with the snapshot and the locks of
    /// its periods, into one batch or every problem found.
    pub(crate) async fn values_batch(
        &self,
        actor: &Actor,
        table: &CsvTable,
    ) -> Result<std::result::Result<ntm_store::ValueBatch, Vec<crate::documents::import::ImportError>>> {
        let snapshot = self.snapshot().await?;
        let locks = self
            .lock_book(&crate::documents::import::values::periods_in(table))
            .await?;
        let ctx = ImportContext {
            catalog: &snapshot.catalog,
            rights: snapshot.change_rights(actor, &locks),
        };
        Ok(plan_values(table, ctx))
    }

    /// Imports a values file in one transaction, checking every row against
    /// what the actor may change. Rows equal to what is stored are not written again.
    pub async fn import_values_csv(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        let table = CsvTable::parse(file, bytes, VALUE_COLUMNS).map_err(AppError::Import)?;
        let batch = self
            .values_batch(actor, &table)
            .await?
            .map_err(AppError::Import)?;
        let rows = batch.values.len() + batch.assessments.len();
        let touched = crate::documents::import::values::touched(&batch);
        let written = self.store.write_values(batch, &self.keys()).await?;
        Ok(ImportSummary {
            rows,
            created: written.created,
            updated: written.updated + written.deleted,
            unchanged: written.unchanged,
            warnings: self.warnings_of(&touched).await?,
        })
    }
}
