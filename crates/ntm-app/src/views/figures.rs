//! A unit's figures for a period: the commune set they are judged by,
//! the unit they are about (a commune, district, province or the country,
//! never a village), and every figure computed from the period's values and
//! the year before. [`Program::shared_stats`] keeps them between callers.

use ntm_core::aggregate::{Stats, StatsInput, compute_stats_with};
use ntm_core::criteria::{CriteriaSet, SetLevel};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId};

use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};

impl Program {
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
        snapshot
            .set_in_force_for(SetLevel::Commune, unit, day)
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "không có bộ tiêu chí xã nào có hiệu lực cho {} trong kỳ {period}",
                    unit.full_name()
                ))
            })
    }

    /// Every figure for a unit and period, computed now.
    pub async fn stats(&self, actor: &Actor, code: &str, period: Period, set: Option<&str>) -> Result<Stats> {
        let (snapshot, seen) = self.snapshot_at().await?;
        let (root, set) = self.stats_target(actor, &snapshot, code, period, set)?;
        self.compute_stats((&snapshot, seen), root, period, set).await
    }

    /// The unit and set a figures request is about, if the actor may see it.
    pub(crate) fn stats_target<'s>(
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

    /// The figures of `root`, from data at least as new as change number
    /// `at` (the units' summaries kept from earlier are used when no change
    /// since touched them).
    pub(crate) async fn compute_stats(
        &self,
        (snapshot, at): (&Snapshot, i64),
        root: &Unit,
        period: Period,
        set: &CriteriaSet,
    ) -> Result<Stats> {
        self.tally().figures_computed();
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, period);
        // Both periods load at once (on separate reading connections).
        let (values, earlier) = tokio::try_join!(
            self.cached_period(period),
            self.cached_period(period.year_earlier())
        )?;
        let previous = (earlier.unit_count() > 0).then_some(earlier.as_ref());
        let village_set = snapshot.set_in_force_for(SetLevel::Village, root, day);
        let reported = self.reported(period).await?;
        // Registrations planned from these figures (the next year's): one for
        // what is already met is a finding.
        let registrations: Vec<(UnitId, ntm_core::plan::Registration)> = self
            .records::<ntm_core::plan::Registration>(Some(period.calendar_year() + 1))
            .await?
            .into_iter()
            .filter_map(|r| Some((r.unit?, r.value)))
            .collect();
        let input = StatsInput {
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
        };
        compute_stats_with(input, &self.summaries().source(at, self.tally()))
            .map_err(|e| AppError::Invalid(e.to_string()))
    }
}
