//! Plan against actual: a unit's targets for a year (or a phase) judged on the
//! latest figures, the trend to the end of the phase, and the communes'
//! registrations with their status.

use ntm_core::aggregate::{Stats, UnitRef};
use ntm_core::evaluation::evaluate_unit;
use ntm_core::period::Period;
use ntm_core::plan::projection::whole;
use ntm_core::plan::{
    Registration, RegistrationStatus, Target, TargetMetric, TargetStatus, judge_registration, judge_target,
    measure, project,
};
use ntm_core::quantity::Quantity;
use ntm_core::unit::UnitKind;

use crate::accounts::access::Actor;
use crate::error::Result;
use crate::program::Program;
use crate::records::Stored;
use crate::views::unit::visible_unit;

/// A target and how it stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TargetLine {
    pub key: String,
    pub metric: String,
    /// "xã đạt tiêu chí 2 Giao thông".
    pub label: String,
    /// "năm 2024", "giai đoạn 2021-2025".
    pub span: String,
    /// "8/16", "13,56".
    pub target: String,
    /// The figure before the target started; none when the actual figures
    /// are of that time (they would repeat it).
    pub baseline: Option<String>,
    pub actual: Option<String>,
    pub status: TargetStatus,
    pub status_name: String,
    pub reason: String,
    /// Where the trend leads by the end, and whether that misses the target
    /// (then the status is at risk: the two never contradict each other).
    pub projected: Option<String>,
    pub projection_misses: bool,
    pub source: Option<String>,
    /// "phấn đấu 08/16 xã đạt tiêu chí Giao thông; thực hiện 04/16".
    pub sentence: String,
}

/// A commune's registration and how it stands.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RegistrationLine {
    pub key: String,
    pub unit: UnitRef,
    pub criterion: String,
    pub criterion_name: String,
    pub indicator: Option<String>,
    pub agency: Option<String>,
    pub planned_capital: Option<String>,
    pub proposed: bool,
    pub status: RegistrationStatus,
    pub status_name: String,
    pub note: Option<String>,
}

/// Plan against actual for a unit and year.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PlanStatus {
    pub unit: UnitRef,
    pub year: i32,
    /// The period whose figures are the actuals.
    pub as_of: Period,
    pub as_of_label: String,
    pub targets: Vec<TargetLine>,
    pub registrations: Vec<RegistrationLine>,
    pub met: usize,
    pub on_track: usize,
    pub at_risk: usize,
    pub missed: usize,
}

fn two(n: i64) -> String {
    let count = ntm_core::quantity::count_two(n.unsigned_abs());
    if n < 0 { format!("-{count}") } else { count }
}

/// A figure as the reports write it: counts out of the communes ("08/16"),
/// averages with two decimals.
fn figure(metric: &TargetMetric, q: Quantity, communes: u32) -> String {
    match metric {
        TargetMetric::AverageCriteria => q.format_vi(2),
        TargetMetric::StandardVillages => two(q.raw() / ntm_core::quantity::SCALE),
        _ if communes > 0 => format!(
            "{}/{}",
            two(q.raw() / ntm_core::quantity::SCALE),
            two(i64::from(communes))
        ),
        _ => q.to_vi_string(),
    }
}

fn criterion_name(stats: &Stats, metric: &TargetMetric) -> Option<String> {
    match metric {
        TargetMetric::CriterionCommunes(c) => stats
            .per_criterion
            .iter()
            .find(|x| x.criterion == *c)
            .map(|x| x.name.clone()),
        _ => None,
    }
}

/// "phấn đấu 08/16 xã đạt tiêu chí Giao thông; thực hiện 04/16".
fn sentence(metric: &TargetMetric, name: Option<&str>, target: &str, actual: Option<&str>) -> String {
    let what = match metric {
        TargetMetric::CriterionCommunes(c) => format!("xã đạt tiêu chí {}", name.unwrap_or(c)),
        TargetMetric::AverageCriteria => "tiêu chí/xã bình quân".into(),
        other => other.label_vi(None),
    };
    let goal = match metric {
        TargetMetric::AverageCriteria => format!("phấn đấu đạt bình quân {target} tiêu chí/xã"),
        TargetMetric::CommunesBelow(n) => format!("phấn đấu không quá {target} xã dưới {n} tiêu chí"),
        _ => format!("phấn đấu {target} {what}"),
    };
    match actual {
        Some(a) => format!("{goal}; thực hiện {a}"),
        None => format!("{goal}; chưa có số liệu thực hiện"),
    }
}

/// What a unit's targets are judged on.
struct Judged<'a> {
    actor: &'a Actor,
    code: &'a str,
    as_of: Period,
    actual_stats: Option<&'a Stats>,
}

/// A projected figure as it can be: counts are whole and between none and
/// every commune.
fn bounded(metric: &TargetMetric, projected: Quantity, communes: u32) -> Quantity {
    let ceiling = Quantity::from_int(i64::from(communes.max(1)));
    match metric {
        TargetMetric::AverageCriteria => projected.max(Quantity::ZERO),
        TargetMetric::StandardVillages => whole(projected).max(Quantity::ZERO),
        _ => whole(projected).clamp(Quantity::ZERO, ceiling),
    }
}

impl Program {
    /// Figures of a unit in a period if any value exists then.
    async fn stats_if_any(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
    ) -> Result<Option<std::sync::Arc<Stats>>> {
        let values = self.period_values(period).await?;
        if values.unit_count() == 0 {
            return Ok(None);
        }
        match self.shared_stats(actor, code, period, None).await {
            // Only when some commune under the unit has data then.
            Ok(s) if s.has_data() => Ok(Some(s)),
            Ok(_) => Ok(None),
            Err(crate::AppError::Resolve(_)) => Ok(None),
            Err(e) => Err(e),
        }
    }

    /// The plan the overview summarises: the period's year's, or the next
    /// year's (planned from these figures); none when neither has targets.
    pub async fn overview_plan(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
    ) -> Result<Option<PlanStatus>> {
        for year in [period.calendar_year(), period.calendar_year() + 1] {
            let p = match self.plan_status(actor, code, year, Some(period)).await {
                Ok(p) => p,
                // The next year may no longer have the unit (a district ended
                // on 30/06/2025 has no plan for 2026).
                Err(crate::AppError::Resolve(_)) if year > period.calendar_year() => break,
                Err(e) => return Err(e),
            };
            if !p.targets.is_empty() {
                return Ok(Some(p));
            }
        }
        Ok(None)
    }

    /// The targets of a unit for a year (those ending that year, and phases
    /// running through it), judged on the figures of `as_of` (default: the
    /// newest period with data up to the year's end).
    pub async fn plan_status(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        as_of: Option<Period>,
    ) -> Result<PlanStatus> {
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(year))?;
        let as_of = match as_of {
            Some(p) => p,
            None => self.newest_period_of(year).await?,
        };
        let actual_stats = self.stats_if_any(actor, code, as_of).await?;
        let mut stored = self.records::<Target>(None).await?;
        stored.sort_by_key(|s| s.value.metric.listing_order());
        let judged = Judged {
            actor,
            code,
            as_of,
            actual_stats: actual_stats.as_deref(),
        };
        let mut targets = Vec::new();
        for s in stored.into_iter().filter(|s| s.unit == Some(unit.id)) {
            if !(s.value.start_year <= year && year <= s.value.end_year) {
                continue;
            }
            targets.push(self.target_line(&judged, s).await?);
        }
        let registrations = self.registration_lines(&snapshot, unit, year, as_of).await?;
        let count = |s: TargetStatus| targets.iter().filter(|t| t.status == s).count();
        Ok(PlanStatus {
            unit: UnitRef::of(unit),
            year,
            as_of,
            as_of_label: as_of.label_vi(),
            met: count(TargetStatus::Met),
            on_track: count(TargetStatus::OnTrack),
            at_risk: count(TargetStatus::AtRisk),
            missed: count(TargetStatus::Missed),
            targets,
            registrations,
        })
    }

    /// The newest period with data up to the year's end, else the year.
    async fn newest_period_of(&self, year: i32) -> Result<Period> {
        Ok(self
            .periods()
            .await?
            .into_iter()
            .find(|p| p.calendar_year() <= year)
            .unwrap_or(Period::year(year)))
    }

    /// A target judged: its baseline, actual, trend to the end and status.
    async fn target_line(&self, judged: &Judged<'_>, s: Stored<Target>) -> Result<TargetLine> {
        let (actor, code, as_of) = (judged.actor, judged.code, judged.as_of);
        let t = s.value;
        let baseline_stats = self
            .stats_if_any(actor, code, Period::year(t.start_year - 1))
            .await?;
        let baseline = baseline_stats.as_deref().and_then(|st| measure(&t.metric, st));
        let actual = judged.actual_stats.and_then(|st| measure(&t.metric, st));
        let points = self.trend_points(judged, &t.metric, t.start_year - 4).await?;
        let reference = judged.actual_stats.or(baseline_stats.as_deref());
        let communes = reference.map_or(0, |st| st.communes);
        let projected = (as_of.end() < t.ends())
            .then(|| project(&points, t.end_year))
            .flatten()
            .map(|p| bounded(&t.metric, p.projected, communes));
        let progress = judge_target(&t, baseline, actual, as_of.end(), projected);
        // Figures of a period not after the baseline's are the baseline
        // itself: one column says them, not two.
        let baseline_shown = baseline.filter(|_| as_of.end() > Period::year(t.start_year - 1).end());
        let name = reference.and_then(|st| criterion_name(st, &t.metric));
        let target_text = figure(&t.metric, t.value, communes);
        let actual_text = actual.map(|a| figure(&t.metric, a, communes));
        Ok(TargetLine {
            key: s.key,
            metric: t.metric.key().to_string(),
            label: t.metric.label_vi(name.as_deref()),
            span: t.span_vi(),
            sentence: sentence(&t.metric, name.as_deref(), &target_text, actual_text.as_deref()),
            target: target_text,
            baseline: baseline_shown.map(|b| figure(&t.metric, b, communes)),
            actual: actual_text,
            status: progress.status,
            status_name: progress.status.name_vi().to_string(),
            reason: progress.reason,
            projected: progress.projected.map(|p| figure(&t.metric, p, communes)),
            projection_misses: progress.projection_misses,
            source: t.source,
        })
    }

    /// The trend of yearly figures of a metric from `first` to the year of
    /// `as_of`: the years with data only.
    async fn trend_points(
        &self,
        judged: &Judged<'_>,
        metric: &TargetMetric,
        first: i32,
    ) -> Result<Vec<(i32, Quantity)>> {
        let mut points = Vec::new();
        for y in first..=judged.as_of.calendar_year() {
            if let Some(st) = self
                .stats_if_any(judged.actor, judged.code, Period::year(y))
                .await?
                && let Some(v) = measure(metric, &st)
            {
                points.push((y, v));
            }
        }
        Ok(points)
    }

    async fn registration_lines(
        &self,
        snapshot: &crate::Snapshot,
        root: &ntm_core::unit::Unit,
        year: i32,
        as_of: Period,
    ) -> Result<Vec<RegistrationLine>> {
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, Period::year(year));
        // The year's registrations of communes and villages under the root:
        // each checked by its own ancestry (walking the country's subtree on
        // every overview cost the national page most of its time).
        let stored: Vec<_> = self
            .records::<Registration>(Some(year))
            .await?
            .into_iter()
            .filter_map(|s| {
                let unit = s.unit.and_then(|u| hierarchy.unit(u))?;
                (matches!(unit.kind, UnitKind::Commune | UnitKind::Village)
                    && unit.validity.contains(day)
                    && crate::accounts::access::within(hierarchy, unit.id, root.id, day))
                .then_some((unit, s))
            })
            .collect();
        let ids: Vec<_> = stored.iter().map(|(u, _)| u.id).collect();
        let values = self.unit_values(as_of, &ids).await?;
        let mut lines = Vec::new();
        for (unit, s) in stored {
            let r = s.value;
            let set = snapshot.catalog.set_for_unit(hierarchy, unit, as_of);
            let (criterion_status, indicator_status, criterion_name) = match set {
                Some(set) => {
                    let uday = hierarchy.reference_date(unit, as_of);
                    let context =
                        ntm_core::aggregate::context_for(hierarchy, unit, uday, as_of.calendar_year());
                    let eval = evaluate_unit(set, unit.id, as_of, context, values.unit(unit.id));
                    let c = eval.criteria.iter().find(|c| c.criterion.code == r.criterion);
                    let i = c.and_then(|c| {
                        c.indicators
                            .iter()
                            .find(|x| Some(&x.indicator.code) == r.indicator.as_ref())
                            .map(|x| x.status)
                    });
                    (
                        c.map(|c| c.status),
                        i,
                        c.map(|c| c.criterion.name.clone()).unwrap_or_default(),
                    )
                }
                None => (None, None, String::new()),
            };
            let status = judge_registration(&r, criterion_status, indicator_status, as_of.end());
            lines.push(RegistrationLine {
                key: s.key,
                unit: UnitRef::of(unit),
                criterion: r.criterion,
                criterion_name,
                indicator: r.indicator,
                agency: r
                    .agency
                    .and_then(|a| snapshot.agencies.agencies.iter().find(|x| x.id == a))
                    .map(|a| a.name.clone()),
                planned_capital: r
                    .planned_capital
                    .map(|c| format!("{} triệu đồng", c.to_vi_string())),
                proposed: r.proposed,
                status_name: status.name_vi().to_string(),
                status,
                note: r.note,
            });
        }
        lines.sort_by(|a, b| {
            (a.unit.name.as_str(), a.criterion.parse::<u32>().unwrap_or(0))
                .cmp(&(b.unit.name.as_str(), b.criterion.parse::<u32>().unwrap_or(0)))
        });
        Ok(lines)
    }
}
