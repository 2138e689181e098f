//! The criteria set's checks on entry for one unit and period (consistency
//! between its indicators, its history against a year earlier), as the entry
//! page and the import report show them: warnings, never refusals.

use ntm_core::aggregate::context_for;
use ntm_core::checks::{CheckInput, run_checks};
use ntm_core::evaluation::summarize_unit;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId};

use crate::error::Result;
use crate::program::{Program, Snapshot};

impl Program {
    /// The warnings of a unit's values in a period, each naming the unit.
    pub async fn entry_warnings(
        &self,
        snapshot: &Snapshot,
        unit: &Unit,
        period: Period,
    ) -> Result<Vec<String>> {
        let hierarchy = &snapshot.hierarchy;
        let Some(set) = snapshot.catalog.set_for_unit(hierarchy, unit, period) else {
            return Ok(Vec::new());
        };
        if set.checks.is_empty() {
            return Ok(Vec::new());
        }
        let earlier = period.year_earlier();
        let only = [unit.id];
        let (now, before) =
            tokio::try_join!(self.unit_values(period, &only), self.unit_values(earlier, &only))?;
        let summary = |values: &ntm_core::value::PeriodValues, p: Period| {
            let day = hierarchy.reference_date(unit, p);
            let ctx = context_for(hierarchy, unit, day, p.calendar_year());
            summarize_unit(set, unit.id, &ctx, values.unit(unit.id))
        };
        let (s_now, s_before) = (summary(&now, period), summary(&before, earlier));
        let label = earlier.label_vi();
        let warnings = run_checks(CheckInput {
            set,
            now: now.unit(unit.id),
            before: before.unit(unit.id),
            before_label: &label,
            statuses: (s_now.has_data && s_before.has_data).then_some((&s_before, &s_now)),
        });
        Ok(warnings
            .into_iter()
            .map(|w| format!("{} ({}): {}", unit.full_name(), period.label_vi(), w.message))
            .collect())
    }

    /// The warnings of every (unit, period) a write touched, in order.
    pub(crate) async fn warnings_of(&self, touched: &[(UnitId, Period)]) -> Result<Vec<String>> {
        let snapshot = self.snapshot().await?;
        let mut pairs: Vec<(UnitId, Period)> = touched.to_vec();
        pairs.sort_by_key(|(u, p)| (*p, u.0));
        pairs.dedup();
        let mut out = Vec::new();
        for (id, period) in pairs {
            if let Some(unit) = snapshot.hierarchy.unit(id) {
                out.extend(self.entry_warnings(&snapshot, unit, period).await?);
            }
        }
        Ok(out)
    }
}
