//! Changing plans: targets (coordination offices), registrations (communes
//! and their coordination offices), unit costs (administrators), and loading
//! a whole plan file (the demo, or a province's plan prepared as TOML).

use ntm_core::period::Period;
use ntm_core::plan::{DeadlineRule, Registration, Target, TargetMetric, UnitCost};
use ntm_core::quantity::Quantity;
use ntm_core::unit::{Unit, UnitCode};
use ntm_store::RecordWrite;
use serde::Deserialize;

use crate::accounts::access::{Actor, can_act_for, can_administer, can_coordinate};
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::records::put;
use crate::views::unit::visible_unit;

/// The key of a target: one per unit, span and metric.
pub fn target_key(unit: &Unit, t: &Target) -> String {
    let subject = match &t.metric {
        TargetMetric::CriterionCommunes(c) | TargetMetric::CommunesInBracket(c) => c.clone(),
        TargetMetric::CommunesBelow(n) => n.to_string(),
        _ => String::new(),
    };
    format!(
        "{}:{}-{}:{}:{subject}",
        unit.id.0,
        t.start_year,
        t.end_year,
        t.metric.key()
    )
}

/// The key of a registration: one per commune, year and subject.
pub fn registration_key(unit: &Unit, r: &Registration) -> String {
    format!(
        "{}:{}:{}:{}:{}",
        unit.id.0,
        r.year,
        r.namespace,
        r.criterion,
        r.indicator.as_deref().unwrap_or("")
    )
}

fn unit_in<'s>(snapshot: &'s Snapshot, code: &str, year: i32) -> Result<&'s Unit> {
    let code: UnitCode = code
        .parse()
        .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
    Ok(snapshot.hierarchy.resolve(&code, Period::year(year))?)
}

/// A plan file: targets and registrations by unit code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PlanFile {
    #[serde(default)]
    pub targets: Vec<TargetEntry>,
    #[serde(default)]
    pub registrations: Vec<RegistrationEntry>,
    #[serde(default)]
    pub unit_costs: Vec<UnitCost>,
    /// A province's own deadlines (or, without `province`, everyone's).
    #[serde(default)]
    pub deadline_rules: Vec<DeadlineEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct DeadlineEntry {
    #[serde(default)]
    pub province: Option<String>,
    /// `quarter`, `half`, `nine_months` or `year`.
    pub kind: String,
    pub day: u8,
    #[serde(default)]
    pub month_shift: i8,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct TargetEntry {
    pub unit: String,
    /// `criterion_communes`, `standard_communes`, …
    pub metric: String,
    /// The criterion code, bracket label or number the metric needs.
    #[serde(default)]
    pub subject: Option<toml::Value>,
    pub start_year: i32,
    pub end_year: i32,
    pub value: Quantity,
    #[serde(default)]
    pub source: Option<String>,
    #[serde(default)]
    pub note: Option<String>,
}

impl TargetEntry {
    fn target(&self) -> std::result::Result<Target, String> {
        let subject = self.subject.as_ref().map(|v| match v {
            toml::Value::String(s) => s.clone(),
            other => other.to_string(),
        });
        Ok(Target {
            metric: TargetMetric::from_parts(&self.metric, subject.as_deref())?,
            start_year: self.start_year,
            end_year: self.end_year,
            value: self.value,
            source: self.source.clone(),
            note: self.note.clone(),
        })
    }
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RegistrationEntry {
    pub unit: String,
    /// The owning agency's code ("109-ktht").
    #[serde(default)]
    pub agency: Option<String>,
    pub year: i32,
    pub namespace: String,
    pub criterion: String,
    #[serde(default)]
    pub indicator: Option<String>,
    #[serde(default)]
    pub planned_capital: Option<Quantity>,
    #[serde(default)]
    pub note: Option<String>,
}

/// A registration as a page, the API or the priorities send it; the
/// service decides the criteria set (and namespace) it is judged in.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RegistrationInput {
    pub year: i32,
    pub criterion: String,
    /// One indicator only, or the whole criterion.
    pub indicator: Option<String>,
    /// Million VND.
    pub planned_capital: Option<ntm_core::quantity::Quantity>,
    pub note: Option<String>,
    /// Proposed from the priority ranking, not yet registered by the commune.
    pub proposed: bool,
}

impl Program {
    /// Sets (or, with `None`, removes) a target of a unit.
    pub async fn save_target(
        &self,
        actor: &Actor,
        code: &str,
        target: Target,
        remove: bool,
        expected_version: Option<i64>,
    ) -> Result<()> {
        use crate::error::check_optional;
        use ntm_core::input::TextKind::Note;
        check_optional(target.source.as_deref(), Note, "nguồn")?;
        check_optional(target.note.as_deref(), Note, "ghi chú")?;
        if target.end_year < target.start_year {
            return Err(AppError::Invalid("năm kết thúc trước năm bắt đầu".into()));
        }
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(target.end_year))?;
        let day = snapshot
            .hierarchy
            .reference_date(unit, Period::year(target.end_year));
        if !can_coordinate(actor, &snapshot.hierarchy, unit, day) {
            return Err(AppError::Forbidden(format!(
                "chỉ Văn phòng Điều phối được đặt chỉ tiêu kế hoạch của {}",
                unit.full_name()
            )));
        }
        let key = target_key(unit, &target);
        let mut write = put(
            key,
            Some(unit.id),
            Some(target.end_year),
            &target,
            expected_version,
        )?;
        if remove {
            write.body = None;
        }
        self.write_records(actor, vec![write]).await?;
        Ok(())
    }

    /// Registers (or, with `remove`, withdraws) a commune's criterion for a year.
    pub async fn save_registration(
        &self,
        actor: &Actor,
        code: &str,
        input: RegistrationInput,
        remove: bool,
        expected_version: Option<i64>,
    ) -> Result<()> {
        let year = input.year;
        crate::error::check_optional(input.note.as_deref(), ntm_core::input::TextKind::Note, "ghi chú")?;
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(year))?;
        let day = snapshot.hierarchy.reference_date(unit, Period::year(year));
        if !can_act_for(actor, &snapshot.hierarchy, unit, day) {
            return Err(AppError::Forbidden(format!(
                "bạn không được đăng ký tiêu chí cho {}",
                unit.full_name()
            )));
        }
        let set = snapshot.unit_set(unit, Period::year(year))?;
        // Judged in the set in force for the unit in its year: the service
        // decides it, never the caller.
        let registration = Registration {
            year,
            namespace: set.namespace.clone(),
            criterion: input.criterion,
            indicator: input.indicator,
            agency: None,
            planned_capital: input.planned_capital,
            note: input.note,
            proposed: input.proposed,
        };
        if set.criterion(&registration.criterion).is_none() {
            return Err(AppError::Invalid(format!(
                "bộ tiêu chí {} không có tiêu chí \"{}\"",
                set.code, registration.criterion
            )));
        }
        if let Some(i) = &registration.indicator
            && set
                .indicator(i)
                .is_none_or(|(c, _)| c.code != registration.criterion)
        {
            return Err(AppError::Invalid(format!(
                "tiêu chí {} không có chỉ tiêu \"{i}\"",
                registration.criterion
            )));
        }
        let key = registration_key(unit, &registration);
        let mut write = put(
            key,
            Some(unit.id),
            Some(registration.year),
            &registration,
            expected_version,
        )?;
        if remove {
            write.body = None;
        }
        self.write_records(actor, vec![write]).await?;
        Ok(())
    }

    /// Loads a plan file (TOML) in one transaction: every entry checked, the
    /// file named with the problem.
    pub async fn import_plan_file(&self, actor: &Actor, file: &str, text: &str) -> Result<usize> {
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được nạp tệp kế hoạch".into(),
            ));
        }
        let plan = read_plan_file(file, text)?;
        let snapshot = self.snapshot().await?;
        let mut writes = target_writes(&snapshot, file, &plan.targets)?;
        writes.extend(registration_writes(&snapshot, file, &plan.registrations)?);
        writes.extend(deadline_rule_writes(
            &snapshot,
            file,
            &plan.deadline_rules,
            self.today().year(),
        )?);
        writes.extend(unit_cost_writes(&plan.unit_costs)?);
        self.write_records(actor, writes).await
    }
}

/// A plan file's text (normalised to NFC) read as TOML.
fn read_plan_file(file: &str, text: &str) -> Result<PlanFile> {
    let text = &*ntm_core::input::nfc(text);
    toml::from_str(text).map_err(|e| {
        AppError::Invalid(format!(
            "{file} {}",
            ntm_core::input::messages::toml_error_vi(text, &e)
        ))
    })
}

/// Each target of the file, on the unit valid in its end year.
fn target_writes(snapshot: &Snapshot, file: &str, entries: &[TargetEntry]) -> Result<Vec<RecordWrite>> {
    let mut writes = Vec::new();
    for (i, entry) in entries.iter().enumerate() {
        let place = |e: String| {
            AppError::Invalid(format!(
                "{file}: chỉ tiêu thứ {} (đơn vị {}): {e}",
                i + 1,
                entry.unit
            ))
        };
        let target = entry.target().map_err(place)?;
        let unit = unit_in(snapshot, &entry.unit, target.end_year).map_err(|e| place(e.to_string()))?;
        writes.push(put(
            target_key(unit, &target),
            Some(unit.id),
            Some(target.end_year),
            &target,
            None,
        )?);
    }
    Ok(writes)
}

/// Each registration of the file, with the agency its code names.
fn registration_writes(
    snapshot: &Snapshot,
    file: &str,
    entries: &[RegistrationEntry],
) -> Result<Vec<RecordWrite>> {
    let mut writes = Vec::new();
    for entry in entries {
        let unit = unit_in(snapshot, &entry.unit, entry.year)
            .map_err(|e| AppError::Invalid(format!("{file}: đăng ký của đơn vị {}: {e}", entry.unit)))?;
        let agency = match &entry.agency {
            Some(code) => Some(
                snapshot
                    .agencies
                    .agencies
                    .iter()
                    .find(|a| a.code == *code)
                    .map(|a| a.id)
                    .ok_or_else(|| AppError::Invalid(format!("{file}: không có cơ quan mã {code}")))?,
            ),
            None => None,
        };
        let registration = Registration {
            year: entry.year,
            namespace: entry.namespace.clone(),
            criterion: entry.criterion.clone(),
            indicator: entry.indicator.clone(),
            agency,
            planned_capital: entry.planned_capital,
            note: entry.note.clone(),
            proposed: false,
        };
        writes.push(put(
            registration_key(unit, &registration),
            Some(unit.id),
            Some(entry.year),
            &registration,
            None,
        )?);
    }
    Ok(writes)
}

/// Each deadline rule of the file, a province's own (by its code valid this
/// year) or, without one, everyone's.
fn deadline_rule_writes(
    snapshot: &Snapshot,
    file: &str,
    entries: &[DeadlineEntry],
    this_year: i32,
) -> Result<Vec<RecordWrite>> {
    let mut writes = Vec::new();
    for entry in entries {
        let rule = DeadlineRule {
            kind: entry.kind.clone(),
            day: entry.day,
            month_shift: entry.month_shift,
        };
        rule.check()
            .map_err(|e| AppError::Invalid(format!("{file}: {e}")))?;
        let province = match &entry.province {
            Some(code) => Some(unit_in(snapshot, code, this_year)?.id),
            None => None,
        };
        writes.push(put(
            format!("{}:{}", province.map_or(0, |p| p.0), rule.kind),
            province,
            None,
            &rule,
            None,
        )?);
    }
    Ok(writes)
}

/// Each unit cost of the file, one per indicator.
fn unit_cost_writes(costs: &[UnitCost]) -> Result<Vec<RecordWrite>> {
    costs
        .iter()
        .map(|cost| {
            put(
                format!("{}:{}", cost.namespace, cost.indicator),
                None,
                None,
                cost,
                None,
            )
        })
        .collect()
}
