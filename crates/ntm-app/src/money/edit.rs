//! Changing money records: capital plans, needs and mobilized amounts and
//! projects (coordination offices), disbursements and carry-overs on a
//! project, community contributions (a commune enters only its own), and
//! loading a money file (the demo, or a district's year prepared as TOML).

use ntm_core::money::{CapitalAmount, CapitalKind, Contribution, Disbursement, Project, Source};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::{Unit, UnitCode};
use ntm_store::RecordWrite;
use serde::Deserialize;

use crate::accounts::access::{Actor, MoneyEntry, can_enter_money};
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};
use crate::records::{Stored, put};
use crate::views::unit::visible_unit;

fn unit_in<'s>(snapshot: &'s Snapshot, code: &str, year: i32) -> Result<&'s Unit> {
    let parsed: UnitCode = code
        .trim()
        .parse()
        .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
    Ok(snapshot.hierarchy.resolve(&parsed, Period::year(year))?)
}

pub fn capital_key(unit: &Unit, c: &CapitalAmount) -> String {
    let kind = serde_json::to_value(c.kind)
        .ok()
        .and_then(|v| v.as_str().map(str::to_string))
        .unwrap_or_default();
    format!(
        "{}:{kind}:{}-{}:{}",
        unit.id.0, c.start_year, c.end_year, c.source
    )
}

pub fn project_key(unit: &Unit, p: &Project) -> String {
    format!("{}:{}", unit.id.0, p.code)
}

pub fn contribution_key(unit: &Unit, c: &Contribution) -> String {
    format!("{}:{}:{}", unit.id.0, c.year, c.project.as_deref().unwrap_or("-"))
}

/// A money file: capital, projects and contributions by unit code.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct MoneyFile {
    #[serde(default)]
    pub sources: Vec<Source>,
    #[serde(default)]
    pub capital: Vec<CapitalEntry>,
    #[serde(default)]
    pub projects: Vec<ProjectEntry>,
    #[serde(default)]
    pub contributions: Vec<ContributionEntry>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CapitalEntry {
    pub unit: String,
    pub kind: CapitalKind,
    pub start_year: i32,
    pub end_year: i32,
    pub source: String,
    pub amount: Quantity,
    #[serde(default)]
    pub note: Option<String>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ProjectEntry {
    pub unit: String,
    pub project: Project,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ContributionEntry {
    pub unit: String,
    pub contribution: Contribution,
}

impl Program {
    fn check_source(&self, sources: &[Source], code: &str) -> Result<()> {
        ntm_core::money::check_source(sources, code).map_err(|e| AppError::Invalid(e.to_string()))
    }

    fn check_project(&self, sources: &[Source], p: &Project) -> Result<()> {
        if p.code.trim().is_empty() || p.name.trim().is_empty() {
            return Err(AppError::Invalid("dự án cần mã và tên".into()));
        }
        for a in &p.allocations {
            self.check_source(sources, &a.source)?;
        }
        for d in &p.disbursements {
            self.check_source(sources, &d.source)?;
            if d.amount.raw() <= 0 {
                return Err(AppError::Invalid(format!(
                    "dự án {}: số giải ngân phải lớn hơn 0",
                    p.code
                )));
            }
        }
        Ok(())
    }

    /// Sets (or removes) a capital amount of a unit.
    pub async fn save_capital(
        &self,
        actor: &Actor,
        code: &str,
        capital: CapitalAmount,
        remove: bool,
    ) -> Result<()> {
        crate::error::check_optional(
            capital.note.as_deref(),
            ntm_core::input::TextKind::Note,
            "ghi chú",
        )?;
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(capital.end_year))?;
        let day = snapshot
            .hierarchy
            .reference_date(unit, Period::year(capital.end_year));
        if !can_enter_money(actor, &snapshot.hierarchy, unit, MoneyEntry::Plan, day) {
            return Err(AppError::Forbidden(format!(
                "chỉ Văn phòng Điều phối được nhập kế hoạch vốn của {}",
                unit.full_name()
            )));
        }
        self.check_source(&self.money_sources().await?, &capital.source)?;
        let mut write = put(
            capital_key(unit, &capital),
            Some(unit.id),
            Some(capital.end_year),
            &capital,
            None,
        )?;
        if remove {
            write.body = None;
        }
        self.write_records(actor, vec![write]).await?;
        Ok(())
    }

    /// Sets a project of a unit (a district's or a commune's), whole.
    pub async fn save_project(
        &self,
        actor: &Actor,
        code: &str,
        year: i32,
        project: Project,
        expected_version: Option<i64>,
    ) -> Result<()> {
        crate::error::check_optional(Some(&project.name), ntm_core::input::TextKind::Name, "tên dự án")?;
        crate::error::check_optional(
            Some(&project.owner),
            ntm_core::input::TextKind::Name,
            "chủ đầu tư",
        )?;
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(year))?;
        let day = snapshot.hierarchy.reference_date(unit, Period::year(year));
        if !can_enter_money(actor, &snapshot.hierarchy, unit, MoneyEntry::Plan, day) {
            return Err(AppError::Forbidden(format!(
                "chỉ Văn phòng Điều phối được nhập dự án của {}",
                unit.full_name()
            )));
        }
        self.check_project(&self.money_sources().await?, &project)?;
        let write = put(
            project_key(unit, &project),
            Some(unit.id),
            None,
            &project,
            expected_version,
        )?;
        self.write_records(actor, vec![write]).await?;
        Ok(())
    }

    async fn stored_project(
        &self,
        snapshot: &Snapshot,
        code: &str,
        year: i32,
        project: &str,
    ) -> Result<(ntm_core::unit::UnitId, Stored<Project>)> {
        let unit = unit_in(snapshot, code, year)?;
        let key = format!("{}:{}", unit.id.0, project.trim());
        let stored = self
            .records::<Project>(None)
            .await?
            .into_iter()
            .find(|r| r.key == key)
            .ok_or_else(|| {
                AppError::NotFound(format!("{} không có dự án mã \"{project}\"", unit.full_name()))
            })?;
        Ok((unit.id, stored))
    }

    /// Records a disbursement on a project.
    pub async fn add_disbursement(
        &self,
        actor: &Actor,
        code: &str,
        project: &str,
        d: Disbursement,
    ) -> Result<()> {
        let snapshot = self.snapshot().await?;
        let (_, stored) = self.stored_project(&snapshot, code, d.year, project).await?;
        let mut p = stored.value.clone();
        p.disbursements.push(d);
        self.save_project(
            actor,
            code,
            p.disbursements.last().map_or(0, |d| d.year),
            p,
            Some(stored.version),
        )
        .await
    }

    /// Moves an unspent amount of a project's year to a later year.
    pub async fn carry_over(
        &self,
        actor: &Actor,
        code: &str,
        project: &str,
        (from, to): (i32, i32),
        source: &str,
        amount: Quantity,
    ) -> Result<()> {
        let snapshot = self.snapshot().await?;
        let (_, stored) = self.stored_project(&snapshot, code, to, project).await?;
        let mut p = stored.value.clone();
        p.carry_over(from, to, source, amount)
            .map_err(AppError::Invalid)?;
        self.save_project(actor, code, to, p, Some(stored.version)).await
    }

    /// Sets a commune's contribution for a year (and project).
    pub async fn save_contribution(
        &self,
        actor: &Actor,
        code: &str,
        contribution: Contribution,
    ) -> Result<()> {
        crate::error::check_optional(
            contribution.note.as_deref(),
            ntm_core::input::TextKind::Note,
            "ghi chú",
        )?;
        crate::error::check_optional(
            contribution.project.as_deref(),
            ntm_core::input::TextKind::Field,
            "dự án",
        )?;
        let snapshot = self.snapshot().await?;
        let unit = visible_unit(self, actor, &snapshot, code, Period::year(contribution.year))?;
        if unit.kind != ntm_core::unit::UnitKind::Commune {
            return Err(AppError::Invalid(format!(
                "{} không phải xã: đóng góp được nhập theo từng xã",
                unit.full_name()
            )));
        }
        let day = snapshot
            .hierarchy
            .reference_date(unit, Period::year(contribution.year));
        if !can_enter_money(actor, &snapshot.hierarchy, unit, MoneyEntry::Contribution, day) {
            return Err(AppError::Forbidden(format!(
                "bạn không được nhập đóng góp của {}",
                unit.full_name()
            )));
        }
        contribution
            .check()
            .map_err(|e| AppError::Invalid(e.to_string()))?;
        let write = put(
            contribution_key(unit, &contribution),
            Some(unit.id),
            Some(contribution.year),
            &contribution,
            None,
        )?;
        self.write_records(actor, vec![write]).await?;
        Ok(())
    }

    /// Loads a money file (TOML) in one transaction (administrators).
    pub async fn import_money_file(&self, actor: &Actor, file: &str, text: &str) -> Result<usize> {
        if !crate::accounts::access::can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được nạp tệp vốn".into(),
            ));
        }
        let text = &*ntm_core::input::nfc(text);
        let money: MoneyFile = toml::from_str(text).map_err(|e| {
            AppError::Invalid(format!(
                "{file} {}",
                ntm_core::input::messages::toml_error_vi(text, &e)
            ))
        })?;
        let snapshot = self.snapshot().await?;
        let mut sources = self.money_sources().await?;
        let mut writes: Vec<RecordWrite> = Vec::new();
        for s in &money.sources {
            if let Some(parent) = &s.parent {
                self.check_source(&sources, parent)
                    .map_err(|e| AppError::Invalid(format!("{file}: {e}")))?;
            }
            sources.push(s.clone());
            writes.push(put(s.code.clone(), None, None, s, None)?);
        }
        for c in &money.capital {
            let place = |e: AppError| {
                AppError::Invalid(format!("{file}: vốn của {} nguồn {}: {e}", c.unit, c.source))
            };
            let unit = unit_in(&snapshot, &c.unit, c.end_year).map_err(place)?;
            self.check_source(&sources, &c.source).map_err(place)?;
            let capital = CapitalAmount {
                kind: c.kind,
                start_year: c.start_year,
                end_year: c.end_year,
                source: c.source.clone(),
                amount: c.amount,
                note: c.note.clone(),
            };
            writes.push(put(
                capital_key(unit, &capital),
                Some(unit.id),
                Some(c.end_year),
                &capital,
                None,
            )?);
        }
        for e in &money.projects {
            let place = |err: AppError| AppError::Invalid(format!("{file}: dự án {}: {err}", e.project.code));
            let year = e.project.allocations.iter().map(|a| a.year).max().unwrap_or(2023);
            let unit = unit_in(&snapshot, &e.unit, year).map_err(place)?;
            self.check_project(&sources, &e.project).map_err(place)?;
            writes.push(put(
                project_key(unit, &e.project),
                Some(unit.id),
                None,
                &e.project,
                None,
            )?);
        }
        for e in &money.contributions {
            let unit = unit_in(&snapshot, &e.unit, e.contribution.year)
                .map_err(|err| AppError::Invalid(format!("{file}: đóng góp của {}: {err}", e.unit)))?;
            writes.push(put(
                contribution_key(unit, &e.contribution),
                Some(unit.id),
                Some(e.contribution.year),
                &e.contribution,
                None,
            )?);
        }
        self.write_records(actor, writes).await
    }
}
