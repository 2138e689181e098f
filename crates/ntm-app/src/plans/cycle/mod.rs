//! The reporting cycle of a unit's period: who is expected to report, by
//! when, who has (on time or late), what was returned and why, what is
//! approved and locked, and what changed after approval. And the actions:
//! submit, accept or return, approve (many at once), reopen narrowly, are
//! in `actions.rs`.
//!
//! Not here: who may send or review a report (`accounts::access`), the
//! rules of states and deadlines (`ntm_core::plan`), and the locks' effect
//! on entry (`plans::locks`, asked through `entry::rights`).

mod actions;

use ntm_core::agency::{Agency, AgencyId};
use ntm_core::aggregate::UnitRef;
use ntm_core::period::Period;
use ntm_core::plan::{
    DeadlineRule, LockException, PeriodLock, Submission, SubmissionState, Timeliness, deadline,
    default_deadline_rules, timeliness,
};
use ntm_core::unit::{Unit, UnitId, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_store::{AuditEntity, AuditQuery};
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime};

use crate::accounts::access::{Actor, can_coordinate, can_review_report, can_send_report, within};
use crate::error::{ErrorKind, Result};
use crate::plans::locks::until_text;
use crate::program::{Program, Snapshot};
use crate::records::Stored;
use crate::views::unit::visible_unit;

pub use actions::{CycleAction, CycleOutcome};

/// One expected report: a commune's, or an agency's for what it owns.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CycleRow {
    pub unit: UnitRef,
    pub agency: Option<String>,
    pub agency_code: Option<String>,
    pub state: Option<SubmissionState>,
    /// "chưa gửi", "bị trả lại", …
    pub state_name: String,
    pub submitted_on: Option<String>,
    pub submitted_by: Option<String>,
    pub timeliness: Timeliness,
    pub timeliness_text: String,
    pub reviewed_by: Option<String>,
    pub comment: Option<String>,
    pub approved_by: Option<String>,
    pub approved_on: Option<String>,
    pub locked: bool,
    /// Open reopenings: "chỉ tiêu 2.2 đến hết ngày 30/04/2024 — sửa số km".
    pub exceptions: Vec<String>,
    /// Values and assessments changed after the approval.
    pub changes_after_approval: usize,
    pub version: i64,
    pub can_submit: bool,
    pub can_review: bool,
    pub can_approve: bool,
    pub can_reopen: bool,
}

/// The cycle of a unit's period.
#[derive(Debug, Clone, serde::Serialize)]
pub struct CycleStatus {
    pub unit: UnitRef,
    pub period: Period,
    pub period_label: String,
    /// "15/03/2024".
    pub due: String,
    pub today: String,
    pub rows: Vec<CycleRow>,
    pub expected: usize,
    pub submitted: usize,
    pub on_time: usize,
    pub late: usize,
    pub overdue: usize,
    pub approved: usize,
    pub changes_after_approval: usize,
    /// Whether the unit itself (a district or province) is approved and locked.
    pub unit_locked: bool,
    pub can_approve_unit: bool,
}

fn submission_key(unit: UnitId, period: Period, agency: Option<AgencyId>) -> String {
    format!("{}:{}:{}", unit.0, period.code(), agency.map_or(0, |a| a.0))
}

fn lock_key(unit: UnitId, period: Period) -> String {
    format!("{}:{}", unit.0, period.code())
}

fn parse_time(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// The cycle's records of a period, loaded once.
struct Book {
    submissions: Vec<Stored<Submission>>,
    locks: Vec<Stored<PeriodLock>>,
    exceptions: Vec<Stored<LockException>>,
}

impl Book {
    fn submission(&self, unit: UnitId, agency: Option<AgencyId>) -> Option<&Stored<Submission>> {
        self.submissions
            .iter()
            .find(|s| s.value.unit == unit && s.value.agency == agency)
    }

    fn lock(&self, unit: UnitId) -> Option<&PeriodLock> {
        self.locks.iter().map(|s| &s.value).find(|l| l.unit == unit)
    }
}

impl Program {
    async fn cycle_book(&self, period: Period) -> Result<Book> {
        Ok(Book {
            submissions: self.records(Some(period.key())).await?,
            locks: self.records(Some(period.key())).await?,
            exceptions: self.records(Some(period.key())).await?,
        })
    }

    /// The deadline rules of a unit's province (or the defaults).
    pub async fn deadline_rules(
        &self,
        snapshot: &Snapshot,
        unit: &Unit,
        period: Period,
    ) -> Result<Vec<DeadlineRule>> {
        let day = snapshot.hierarchy.reference_date(unit, period);
        let province = snapshot.hierarchy.province_at(unit.id, day).map(|p| p.id);
        let stored: Vec<Stored<DeadlineRule>> = self.records(None).await?;
        let mut rules = default_deadline_rules();
        for s in stored
            .iter()
            .filter(|s| s.unit.is_none())
            .chain(stored.iter().filter(|s| s.unit == province && province.is_some()))
        {
            rules.retain(|r| r.kind != s.value.kind);
            rules.push(s.value.clone());
        }
        Ok(rules)
    }

    /// Values and assessments of a unit-period changed after `locked_at`.
    async fn changes_after(&self, unit: UnitId, period: Period, locked_at: &str) -> Result<usize> {
        let Some(locked) = parse_time(locked_at) else {
            return Ok(0);
        };
        let rows = self
            .store()
            .audit(AuditQuery {
                unit: Some(unit),
                period: Some(period),
                limit: 10_000,
                ..AuditQuery::default()
            })
            .await?;
        Ok(rows
            .iter()
            .filter(|r| matches!(r.entity, AuditEntity::Value | AuditEntity::Assessment))
            .filter(|r| parse_time(&r.at).is_some_and(|t| t > locked))
            .count())
    }

    /// A commune's own report of the period, when it was sent back: it
    /// reaches the commune with its comment. `None` also when the actor has
    /// no cycle to see there.
    pub async fn returned_report(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
    ) -> Result<Option<CycleRow>> {
        let status = match self.cycle_status(actor, code, period).await {
            Ok(status) => status,
            Err(e) if matches!(e.kind(), ErrorKind::Denied | ErrorKind::NotFound) => return Ok(None),
            Err(e) => return Err(e),
        };
        Ok(status
            .rows
            .into_iter()
            .find(|r| r.agency.is_none() && r.state == Some(ntm_core::plan::SubmissionState::Returned)))
    }

    /// The cycle of a unit's period, as the actor sees it today.
    pub async fn cycle_status(&self, actor: &Actor, code: &str, period: Period) -> Result<CycleStatus> {
        self.cycle_status_on(actor, code, period, self.today()).await
    }

    /// The cycle of a unit's period as it stands on `today`.
    pub async fn cycle_status_on(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        today: Date,
    ) -> Result<CycleStatus> {
        let snapshot = self.snapshot().await?;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        let day = snapshot.hierarchy.reference_date(root, period);
        let rules = self.deadline_rules(&snapshot, root, period).await?;
        let due = deadline(period, &rules);
        let book = self.cycle_book(period).await?;
        let reading = Reading {
            actor,
            snapshot: &snapshot,
            book: &book,
            period,
            due,
            today,
        };
        let communes = snapshot.hierarchy.subtree_at(root.id, day, &[UnitKind::Commune]);
        let mut rows = Vec::new();
        for (unit, agency) in expected_reports(&snapshot, root, day, &communes) {
            rows.push(self.cycle_row(&reading, unit, agency).await?);
        }
        Ok(summary(&reading, root, day, &communes, rows))
    }

    /// One expected report as it stands, with what the actor may do with it.
    async fn cycle_row(
        &self,
        reading: &Reading<'_>,
        unit: &Unit,
        agency: Option<&Agency>,
    ) -> Result<CycleRow> {
        let stored = reading.book.submission(unit.id, agency.map(|a| a.id));
        let s = stored.map(|s| &s.value);
        // Only a commune's own report is approved and locked.
        let lock = if agency.is_none() {
            reading.book.lock(unit.id)
        } else {
            None
        };
        let time = timeliness(reading.due, s.map(|s| s.first_submitted_on), reading.today);
        let changes = match lock {
            Some(l) => self.changes_after(unit.id, reading.period, &l.locked_at).await?,
            None => 0,
        };
        let state = s.map(|s| s.state);
        let may = permissions(reading, unit, agency, state, lock.is_some());
        Ok(CycleRow {
            unit: UnitRef::of(unit),
            agency: agency.map(|a| a.name.clone()),
            agency_code: agency.map(|a| a.code.clone()),
            state_name: state.map_or("chưa gửi", SubmissionState::name_vi).to_string(),
            state,
            submitted_on: s.map(|s| format_date_vi(s.first_submitted_on)),
            submitted_by: s.map(|s| s.submitted_by.clone()),
            timeliness_text: time.text_vi(),
            timeliness: time,
            reviewed_by: s.and_then(|s| s.reviewed_by.clone()),
            comment: s.and_then(|s| s.comment.clone()),
            approved_by: s.and_then(|s| s.approved_by.clone()),
            approved_on: s.and_then(|s| s.approved_on).map(format_date_vi),
            locked: lock.is_some(),
            exceptions: open_exceptions(reading, unit, agency),
            changes_after_approval: changes,
            version: stored.map_or(0, |s| s.version),
            can_submit: may.submit,
            can_review: may.review,
            can_approve: may.approve,
            can_reopen: may.reopen,
        })
    }
}

/// What the status of one period is read against.
struct Reading<'a> {
    actor: &'a Actor,
    snapshot: &'a Snapshot,
    book: &'a Book,
    period: Period,
    due: Date,
    today: Date,
}

/// What the actor may do with one expected report.
struct Permissions {
    submit: bool,
    review: bool,
    approve: bool,
    reopen: bool,
}

/// The reports expected under a root: each commune's, then each agency's
/// (valid on `day`, its unit under the root) for what it owns.
fn expected_reports<'s>(
    snapshot: &'s Snapshot,
    root: &Unit,
    day: Date,
    communes: &[&'s Unit],
) -> Vec<(&'s Unit, Option<&'s Agency>)> {
    let hierarchy = &snapshot.hierarchy;
    let agencies = snapshot
        .agencies
        .agencies
        .iter()
        .filter(|a| a.validity.contains(day) && within(hierarchy, a.unit, root.id, day));
    communes
        .iter()
        .map(|u| (*u, None))
        .chain(agencies.filter_map(|a| hierarchy.unit(a.unit).map(|u| (u, Some(a)))))
        .collect()
}

/// The open reopenings of a commune's report: "chỉ tiêu 2.2 đến hết ngày
/// 30/04/2024 — sửa số km". An agency's report has none.
fn open_exceptions(reading: &Reading, unit: &Unit, agency: Option<&Agency>) -> Vec<String> {
    reading
        .book
        .exceptions
        .iter()
        .map(|e| &e.value)
        .filter(|e| e.unit == unit.id && e.until >= reading.today && agency.is_none())
        .map(|e| format!("{} {} — {}", e.scope.text_vi(), until_text(e.until), e.reason))
        .collect()
}

/// Who may submit, review, approve and reopen a report in its state.
fn permissions(
    reading: &Reading,
    unit: &Unit,
    agency: Option<&Agency>,
    state: Option<SubmissionState>,
    locked: bool,
) -> Permissions {
    let (actor, hierarchy) = (reading.actor, &reading.snapshot.hierarchy);
    let day = hierarchy.reference_date(unit, reading.period);
    let coordinates = can_coordinate(actor, hierarchy, unit, day);
    let sent = state.is_some_and(SubmissionState::is_sent);
    let sender = can_send_report(actor, hierarchy, unit, agency.map(|a| a.id), day);
    let agencies = &reading.snapshot.agencies;
    let reviewer = can_review_report(actor, hierarchy, agencies, unit, agency.is_none(), day);
    Permissions {
        submit: !sent && sender,
        review: reviewer && state.is_some_and(SubmissionState::awaits_review),
        approve: agency.is_none() && coordinates && state.is_some_and(SubmissionState::awaits_approval),
        reopen: agency.is_none() && locked && coordinates,
    }
}

/// The period's cycle under a root: its rows counted, and whether the root
/// itself may be approved (every commune under it locked, it not yet).
fn summary(
    reading: &Reading,
    root: &Unit,
    day: Date,
    communes: &[&Unit],
    rows: Vec<CycleRow>,
) -> CycleStatus {
    let (book, period) = (reading.book, reading.period);
    let count = |f: &dyn Fn(&CycleRow) -> bool| rows.iter().filter(|r| f(r)).count();
    let all_communes_locked = communes.iter().all(|c| book.lock(c.id).is_some());
    let unit_locked = book.lock(root.id).is_some();
    CycleStatus {
        unit: UnitRef::of(root),
        period,
        period_label: period.label_vi(),
        due: format_date_vi(reading.due),
        today: format_date_vi(reading.today),
        expected: rows.len(),
        submitted: count(&|r| r.state.is_some()),
        on_time: count(&|r| r.timeliness == Timeliness::OnTime),
        late: count(&|r| matches!(r.timeliness, Timeliness::Late(_))),
        overdue: count(&|r| matches!(r.timeliness, Timeliness::Overdue(_))),
        approved: count(&|r| r.state == Some(SubmissionState::Approved)),
        changes_after_approval: rows.iter().map(|r| r.changes_after_approval).sum(),
        can_approve_unit: root.kind.is_aggregate()
            && !unit_locked
            && all_communes_locked
            && !communes.is_empty()
            && can_coordinate(reading.actor, &reading.snapshot.hierarchy, root, day),
        unit_locked,
        rows,
    }
}
