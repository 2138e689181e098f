//! The layers a map can be coloured by, built from the figures the pages
//! show: criteria met, one criterion, registrations of the year, capital
//! per commune; and the villages' figures for a commune's map.

use ntm_core::aggregate::{BracketFigure, CommuneFigure, SetRef};
use ntm_core::criteria::CriteriaSet;
use ntm_core::evaluation::CriterionStatus;
use ntm_core::geometry::layer::{Layer, LayerKind, criteria_layer, criterion_layer};
use ntm_core::geometry::money_layer::{CommuneMoney, money_layer};
use ntm_core::geometry::plan_layer::{CommunePlan, PlannedItem, plan_layer};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::Unit;

use super::Figures;
use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::views::evaluation::Context;

impl Program {
    /// The layer a map asks for, from the figures.
    pub(super) async fn map_layer(
        &self,
        actor: &Actor,
        root: &Unit,
        period: Period,
        kind: &LayerKind,
        figures: &Figures,
    ) -> Result<Layer> {
        let set_name = figures.set.as_ref().map_or("", |s| s.name.as_str());
        let year = period.calendar_year();
        if matches!(kind, LayerKind::Plan | LayerKind::Money) && !root.kind.is_aggregate() {
            return Err(AppError::Invalid(format!(
                "bản đồ theo {} chỉ có cho huyện, tỉnh (các xã của nó): {} là cấp xã",
                kind.name_vi(),
                root.full_name()
            )));
        }
        match kind {
            LayerKind::Criteria => Ok(criteria_layer(&figures.units, &figures.brackets, set_name)),
            LayerKind::Criterion(code) => {
                let (code, name) = figures.criteria.iter().find(|(c, _)| c == code).ok_or_else(|| {
                    AppError::NotFound(format!(
                        "{set_name} không có tiêu chí \"{code}\" (có: {})",
                        figures
                            .criteria
                            .iter()
                            .map(|(c, _)| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
                Ok(criterion_layer(&figures.units, code, name))
            }
            LayerKind::Plan => {
                let plan = self
                    .plan_status(actor, root.code.as_str(), year, Some(period))
                    .await?;
                let communes: Vec<CommunePlan> = figures
                    .units
                    .iter()
                    .map(|u| CommunePlan {
                        code: u.code.clone(),
                        items: plan
                            .registrations
                            .iter()
                            .filter(|r| r.unit.code == u.code)
                            .map(|r| PlannedItem {
                                label: match &r.indicator {
                                    Some(i) => format!("Chỉ tiêu {i} (tiêu chí {})", r.criterion),
                                    None => format!("Tiêu chí {} ({})", r.criterion, r.criterion_name),
                                },
                                status: r.status,
                            })
                            .collect(),
                    })
                    .collect();
                Ok(plan_layer(year, &communes))
            }
            LayerKind::Money => {
                let money = self.money_summary(actor, root.code.as_str(), year).await?;
                let communes: Vec<CommuneMoney> = figures
                    .units
                    .iter()
                    .map(|u| {
                        let line = money.by_commune.iter().find(|l| l.key == u.code);
                        CommuneMoney {
                            code: u.code.clone(),
                            allocated: line.map_or(Quantity::ZERO, |l| l.allocated_amount),
                            carried_in: line.map_or(Quantity::ZERO, |l| l.carried_in_amount),
                            disbursed: line.and_then(|l| l.disbursed_amount),
                            recorded: money.communes_known.contains(&u.code),
                        }
                    })
                    .collect();
                Ok(money_layer(year, &communes))
            }
        }
    }

    /// Each village's figures under the village set, in the form layers take.
    pub(super) async fn village_figures(
        &self,
        snapshot: &Snapshot,
        villages: &[&Unit],
        period: Period,
    ) -> Result<Figures> {
        let hierarchy = &snapshot.hierarchy;
        let Some(set) = villages
            .first()
            .and_then(|v| snapshot.catalog.set_for_unit(hierarchy, v, period))
        else {
            return Ok(Figures {
                units: Vec::new(),
                brackets: Vec::new(),
                set: None,
                criteria: Vec::new(),
            });
        };
        let values = self.period_values(period).await?;
        let ctx = Context {
            hierarchy,
            agencies: &snapshot.agencies,
            set,
        };
        let units = villages
            .iter()
            .map(|v| {
                let r = ctx.evaluate(v, period, &values);
                let codes = |status: CriterionStatus| {
                    r.criteria
                        .iter()
                        .filter(|c| c.status == status)
                        .map(|c| c.code.clone())
                        .collect::<Vec<_>>()
                };
                CommuneFigure {
                    code: v.code.to_string(),
                    name: v.name.clone(),
                    has_data: r.has_data,
                    judged: r.judged,
                    unjudged_criteria: r
                        .criteria
                        .iter()
                        .filter(|c| c.unjudged)
                        .map(|c| c.code.clone())
                        .collect(),
                    met: r.met,
                    met_criteria: codes(CriterionStatus::Met),
                    not_met_criteria: codes(CriterionStatus::NotMet),
                    no_data_criteria: codes(CriterionStatus::NoData),
                    all_criteria_met: r.all_criteria_met,
                    recognized: None,
                    recognized_short: None,
                    estimated_criteria: Vec::new(),
                    derived_criteria: Vec::new(),
                    commune_group: None,
                }
            })
            .collect();
        Ok(Figures {
            units,
            brackets: brackets_of(set),
            set: Some(SetRef::of(set)),
            criteria: set
                .criteria
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
        })
    }
}

fn brackets_of(set: &CriteriaSet) -> Vec<BracketFigure> {
    set.brackets
        .iter()
        .map(|b| BracketFigure {
            label: b.label.clone(),
            min: b.min,
            max: b.max,
            count: 0,
            communes: Vec::new(),
            marks: Default::default(),
        })
        .collect()
}
