//! Unit summaries kept between computations of figures, and never older
//! than the data: a summary is kept with the change number its data was at
//! least as new as, a unit's summaries go when a change touches its values
//! of that period, and every summary goes when the hierarchy, the reference
//! data or the catalog change. A national figure after one commune's write
//! then judges that commune again, not the country.

use std::sync::{Mutex, MutexGuard};

use ntm_core::aggregate::{SummaryJob, SummarySource};
use ntm_core::evaluation::UnitSummary;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId};
use rustc_hash::FxHashMap;
use time::Date;

use crate::views::activity::Activity;

/// What a summary is of, beside its unit: the set's code and version (one
/// catalog holds several versions of a code), the values' period, the day
/// of the units' context and the thresholds' year.
type Key = (String, u32, Period, Date, i32);

/// How many (set, period, day, year) kinds of summary are kept; past it,
/// the cache starts again (a page about another day is rare).
const KINDS_MAX: usize = 16;

/// How many changed (period, unit) pairs are remembered; past it (a whole
/// country imported), everything is judged again.
const CHANGED_MAX: usize = 500_000;

#[derive(Debug, Default)]
pub(crate) struct SummaryCache {
    inner: Mutex<Inner>,
}

#[derive(Debug, Default)]
struct Inner {
    kept: FxHashMap<Key, FxHashMap<UnitId, UnitSummary>>,
    /// The change number that last touched a unit's values of a period.
    changed: FxHashMap<(Period, UnitId), i64>,
    /// The last change to the hierarchy, the reference data or the catalog:
    /// nothing judged from data older than it is kept.
    epoch: i64,
}

impl Inner {
    /// Whether a summary judged from data at change number `at` may be kept.
    fn may_keep(&self, period: Period, unit: UnitId, at: i64) -> bool {
        at >= self.epoch && self.changed.get(&(period, unit)).is_none_or(|c| at >= *c)
    }
}

impl SummaryCache {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// Change number `at` touched these units' values.
    pub(crate) fn values_changed(&self, touched: &[(Period, UnitId)], at: i64) {
        let mut inner = self.lock();
        if inner.changed.len() + touched.len() > CHANGED_MAX {
            drop(inner);
            return self.all_changed(at);
        }
        for &(period, unit) in touched {
            // Refreshes may apply out of order: a unit's number never goes back.
            let changed = inner.changed.entry((period, unit)).or_insert(at);
            *changed = (*changed).max(at);
            for (key, units) in inner.kept.iter_mut() {
                if key.2 == period {
                    units.remove(&unit);
                }
            }
        }
    }

    /// Change number `at` changed the hierarchy, the reference data or the
    /// catalog: every summary is judged again.
    pub(crate) fn all_changed(&self, at: i64) {
        let mut inner = self.lock();
        // The numbers forgotten with `changed` live on in the epoch (a
        // refresh applied late must not make a later change forgotten).
        let latest = inner.changed.values().copied().max().unwrap_or(at);
        inner.epoch = inner.epoch.max(at).max(latest);
        inner.kept.clear();
        inner.changed.clear();
    }

    /// A source of summaries for a computation whose data is at least as
    /// new as change number `at`.
    pub(crate) fn source<'c>(&'c self, at: i64, tally: &'c Activity) -> Kept<'c> {
        Kept {
            cache: self,
            at,
            tally,
        }
    }
}

/// Summaries kept, and the missing ones judged and kept.
pub(crate) struct Kept<'c> {
    cache: &'c SummaryCache,
    at: i64,
    tally: &'c Activity,
}

impl SummarySource for Kept<'_> {
    fn summaries<'u>(&self, job: &SummaryJob<'_, 'u>) -> Vec<(&'u Unit, UnitSummary)> {
        let key: Key = (
            job.set.code.clone(),
            job.set.version,
            job.values.period,
            job.day,
            job.year,
        );
        let mut out: Vec<(&'u Unit, UnitSummary)> = Vec::with_capacity(job.units.len());
        // Where each missing unit's summary goes in `out`.
        let mut missing: Vec<(usize, &'u Unit)> = Vec::new();
        {
            let inner = self.cache.lock();
            let kept = inner.kept.get(&key);
            for unit in job.units {
                match kept.and_then(|k| k.get(&unit.id)) {
                    Some(s) => out.push((*unit, *s)),
                    None => {
                        missing.push((out.len(), *unit));
                        out.push((*unit, UnitSummary::default()));
                    }
                }
            }
        }
        if missing.is_empty() {
            self.tally.units_summarised(0, out.len());
            return out;
        }
        let units: Vec<&'u Unit> = missing.iter().map(|(_, u)| *u).collect();
        let judged = job.judge(&units);
        self.tally
            .units_summarised(judged.len(), out.len() - judged.len());
        self.keep(&key, &judged);
        // `judged` holds one summary per missing unit, in the same order.
        for ((at, _), (_, summary)) in missing.iter().zip(judged) {
            out[*at].1 = summary;
        }
        out
    }
}

impl Kept<'_> {
    fn keep(&self, key: &Key, judged: &[(&Unit, UnitSummary)]) {
        if judged.is_empty() {
            return;
        }
        let mut inner = self.cache.lock();
        if self.at < inner.epoch {
            return;
        }
        if !inner.kept.contains_key(key) && inner.kept.len() >= KINDS_MAX {
            inner.kept.clear();
        }
        let period = key.2;
        let keep: Vec<(UnitId, UnitSummary)> = judged
            .iter()
            .filter(|(u, _)| inner.may_keep(period, u.id, self.at))
            .map(|(u, s)| (u.id, *s))
            .collect();
        inner.kept.entry(key.clone()).or_default().extend(keep);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const P: Period = Period::year(2023);

    #[test]
    fn a_summary_judged_before_a_change_of_its_unit_is_not_kept() {
        let cache = SummaryCache::default();
        cache.values_changed(&[(P, UnitId(7))], 10);
        let inner = cache.lock();
        // Judged from data at change 9, finished after change 10 was applied.
        assert!(!inner.may_keep(P, UnitId(7), 9));
        assert!(inner.may_keep(P, UnitId(7), 10));
        // Other units, and the same unit in another period, are untouched.
        assert!(inner.may_keep(P, UnitId(8), 9));
        assert!(inner.may_keep(Period::year(2022), UnitId(7), 9));
    }

    #[test]
    fn a_refresh_applied_late_never_takes_a_units_change_back() {
        let cache = SummaryCache::default();
        cache.values_changed(&[(P, UnitId(7))], 11);
        // A refresh that read the log before change 11 applies after it.
        cache.values_changed(&[(P, UnitId(7))], 10);
        assert!(!cache.lock().may_keep(P, UnitId(7), 10));
        cache.all_changed(10);
        assert!(
            !cache.lock().may_keep(P, UnitId(7), 10),
            "change 11 is not forgotten"
        );
        assert!(cache.lock().may_keep(P, UnitId(7), 11));
    }

    #[test]
    fn a_change_of_the_hierarchy_or_the_catalog_drops_everything_judged_before_it() {
        let cache = SummaryCache::default();
        cache.values_changed(&[(P, UnitId(7))], 10);
        cache.all_changed(12);
        let inner = cache.lock();
        assert!(inner.changed.is_empty() && inner.kept.is_empty());
        assert!(!inner.may_keep(P, UnitId(8), 11));
        assert!(inner.may_keep(P, UnitId(8), 12));
    }

    #[test]
    fn a_change_removes_the_units_kept_summaries_of_that_period_only() {
        let cache = SummaryCache::default();
        let day = time::macros::date!(2023 - 12 - 31);
        {
            let mut inner = cache.lock();
            for (period, unit) in [(P, 7), (P, 8), (Period::year(2022), 7)] {
                inner
                    .kept
                    .entry(("QG".into(), 1, period, day, period.calendar_year()))
                    .or_default()
                    .insert(UnitId(unit), UnitSummary::default());
            }
        }
        cache.values_changed(&[(P, UnitId(7))], 3);
        let inner = cache.lock();
        let kept = |period: Period, unit: i64| {
            inner
                .kept
                .get(&("QG".to_string(), 1, period, day, period.calendar_year()))
                .is_some_and(|k| k.contains_key(&UnitId(unit)))
        };
        assert!(!kept(P, 7));
        assert!(kept(P, 8));
        assert!(kept(Period::year(2022), 7));
    }
}
