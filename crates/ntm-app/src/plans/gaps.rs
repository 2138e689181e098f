//! What each commune still lacks, and the commune-criterion pairs to work on
//! first, as a proposed list of next year's registrations that staff accept
//! or edit.

use ntm_core::aggregate::{UnitRef, context_for};
use ntm_core::evaluation::evaluate_unit;
use ntm_core::period::Period;
use ntm_core::plan::priority::unmet_pairs;
use ntm_core::plan::{GapLine, PriorityItem, UnitCost, rank_priorities};
use ntm_core::unit::UnitKind;

use crate::accounts::access::{Actor, can_view};
use crate::error::{AppError, Result};
use crate::plans::edit::RegistrationInput;
use crate::program::Program;
use crate::views::unit::visible_unit;

/// One commune's unmet indicators.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UnitGaps {
    pub unit: UnitRef,
    pub met: u32,
    pub criteria_total: u32,
    pub not_met: Vec<String>,
    pub gaps: Vec<GapLine>,
}

/// Gaps and priorities under a unit for a period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct GapsReport {
    pub unit: UnitRef,
    pub period: Period,
    pub period_label: String,
    pub units: Vec<UnitGaps>,
    /// Every unmet commune-criterion pair, first what to do first.
    pub priorities: Vec<PriorityItem>,
    /// Unit costs in use, for the page to show.
    pub unit_costs: Vec<UnitCost>,
}

impl Program {
    /// Gaps and priorities of the communes under (or at) a unit in a period.
    pub async fn gaps(&self, actor: &Actor, code: &str, period: Period) -> Result<GapsReport> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        let day = hierarchy.reference_date(root, period);
        let values = self.period_values(period).await?;
        let costs: Vec<UnitCost> = self
            .records::<UnitCost>(None)
            .await?
            .into_iter()
            .map(|s| s.value)
            .collect();
        let mut units = Vec::new();
        let mut pairs = Vec::new();
        for unit in hierarchy.subtree_at(root.id, day, &[UnitKind::Commune]) {
            if !can_view(actor, hierarchy, &snapshot.agencies, unit, day) {
                continue;
            }
            let Some(set) = snapshot.catalog.set_for_unit(hierarchy, unit, period) else {
                continue;
            };
            let uday = hierarchy.reference_date(unit, period);
            let context = context_for(hierarchy, unit, uday, period.calendar_year());
            let eval = evaluate_unit(set, unit.id, period, context, values.unit(unit.id));
            let unit_pairs = unmet_pairs(&eval, &set.namespace, unit.code.as_str(), &unit.name, &costs);
            units.push(UnitGaps {
                unit: UnitRef::of(unit),
                met: eval.met_count(),
                criteria_total: set.criteria.len() as u32,
                not_met: unit_pairs.iter().map(|p| p.criterion.clone()).collect(),
                gaps: unit_pairs.iter().flat_map(|p| p.gaps.clone()).collect(),
            });
            pairs.extend(unit_pairs);
        }
        Ok(GapsReport {
            unit: UnitRef::of(root),
            period,
            period_label: period.label_vi(),
            units,
            priorities: rank_priorities(pairs),
            unit_costs: costs,
        })
    }

    /// Registers the chosen pairs ("03550:8") for `year`, as proposals
    /// accepted by the actor.
    pub async fn accept_proposals(
        &self,
        actor: &Actor,
        period: Period,
        year: i32,
        pairs: &[String],
    ) -> Result<usize> {
        let mut accepted = 0;
        for pair in pairs {
            let (code, criterion) = pair
                .split_once(':')
                .ok_or_else(|| AppError::Invalid(format!("\"{pair}\": ghi mã xã:mã tiêu chí")))?;
            let registration = RegistrationInput {
                year,
                criterion: criterion.to_string(),
                note: Some(format!("đề xuất từ thứ tự ưu tiên kỳ {period}")),
                proposed: true,
                ..RegistrationInput::default()
            };
            self.save_registration(actor, code, registration, false, None)
                .await?;
            accepted += 1;
        }
        Ok(accepted)
    }
}
