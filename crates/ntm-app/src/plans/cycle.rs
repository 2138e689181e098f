//! The reporting cycle of a unit's period: who is expected to report, by
//! when, who has (on time or late), what was returned and why, what is
//! approved and locked, and what changed after approval. And the actions:
//! submit, accept or return, approve (many at once), reopen narrowly.

use ntm_core::agency::{Agency, AgencyId};
use ntm_core::aggregate::UnitRef;
use ntm_core::period::Period;
use ntm_core::plan::{
    DeadlineRule, LockException, LockScope, PeriodLock, Submission, SubmissionState, Timeliness, deadline,
    default_deadline_rules, timeliness,
};
use ntm_core::unit::{Unit, UnitId, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_store::AuditQuery;
use time::format_description::well_known::Rfc3339;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::access::{Actor, Role, can_act_for, can_coordinate, within};
use crate::error::{AppError, Result};
use crate::plans::locks::until_text;
use crate::plans::records::{DEADLINE_RULE, LOCK, LOCK_EXCEPTION, SUBMISSION, Stored, put};
use crate::program::{Program, Snapshot};
use crate::unit_detail::visible_unit;

/// Today in Vietnam (UTC+7).
pub fn today_vn() -> Date {
    let offset = UtcOffset::from_hms(7, 0, 0).unwrap_or(UtcOffset::UTC);
    OffsetDateTime::now_utc().to_offset(offset).date()
}

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

/// An action on the cycle.
#[derive(Debug, Clone, serde::Deserialize)]
#[serde(tag = "action", rename_all = "snake_case")]
pub enum CycleAction {
    Submit {
        unit: String,
        #[serde(default)]
        agency: Option<String>,
    },
    Accept {
        unit: String,
        #[serde(default)]
        agency: Option<String>,
        #[serde(default)]
        comment: Option<String>,
    },
    Return {
        unit: String,
        #[serde(default)]
        agency: Option<String>,
        comment: String,
    },
    Approve {
        units: Vec<String>,
    },
    Reopen {
        unit: String,
        scope: LockScope,
        reason: String,
        until: Date,
    },
}

/// What an action did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct CycleOutcome {
    pub done: Vec<String>,
    /// Units skipped by a bulk approval, with why.
    pub skipped: Vec<String>,
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
            submissions: self.records(SUBMISSION, Some(period.key())).await?,
            locks: self.records(LOCK, Some(period.key())).await?,
            exceptions: self.records(LOCK_EXCEPTION, Some(period.key())).await?,
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
        let stored: Vec<Stored<DeadlineRule>> = self.records(DEADLINE_RULE, None).await?;
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
            .filter(|r| matches!(r.entity.as_str(), "value" | "assessment"))
            .filter(|r| parse_time(&r.at).is_some_and(|t| t > locked))
            .count())
    }

    /// The cycle of a unit's period, as the actor sees it today.
    pub async fn cycle_status(&self, actor: &Actor, code: &str, period: Period) -> Result<CycleStatus> {
        self.cycle_status_on(actor, code, period, today_vn()).await
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
        let hierarchy = &snapshot.hierarchy;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        let day = hierarchy.reference_date(root, period);
        let rules = self.deadline_rules(&snapshot, root, period).await?;
        let due = deadline(period, &rules);
        let book = self.cycle_book(period).await?;
        let communes: Vec<&Unit> = hierarchy.subtree_at(root.id, day, &[UnitKind::Commune]);
        let agencies: Vec<&Agency> = snapshot
            .agencies
            .agencies
            .iter()
            .filter(|a| a.validity.contains(day) && within(hierarchy, a.unit, root.id, day))
            .collect();
        let mut rows = Vec::new();
        let expected: Vec<(&Unit, Option<&Agency>)> = communes
            .iter()
            .map(|u| (*u, None))
            .chain(
                agencies
                    .iter()
                    .filter_map(|a| hierarchy.unit(a.unit).map(|u| (u, Some(*a)))),
            )
            .collect();
        for (unit, agency) in expected {
            let agency_id = agency.map(|a| a.id);
            let stored = book.submission(unit.id, agency_id);
            let s = stored.map(|s| &s.value);
            let lock = if agency.is_none() {
                book.lock(unit.id)
            } else {
                None
            };
            let time = timeliness(due, s.map(|s| s.first_submitted_on), today);
            let changes = match lock {
                Some(l) => self.changes_after(unit.id, period, &l.locked_at).await?,
                None => 0,
            };
            let exceptions = book
                .exceptions
                .iter()
                .map(|e| &e.value)
                .filter(|e| e.unit == unit.id && e.until >= today && agency.is_none())
                .map(|e| format!("{} {} — {}", e.scope.text_vi(), until_text(e.until), e.reason))
                .collect();
            let uday = hierarchy.reference_date(unit, period);
            let state = s.map(|s| s.state);
            let is_agency_user = |a: &Agency| {
                actor
                    .user
                    .as_ref()
                    .is_some_and(|u| u.role == Role::Agency && u.agency == Some(a.id))
            };
            let can_submit = !matches!(
                state,
                Some(SubmissionState::Approved | SubmissionState::Submitted | SubmissionState::Accepted)
            ) && match agency {
                None => can_act_for(actor, hierarchy, unit, uday),
                Some(a) => is_agency_user(a) || can_coordinate(actor, hierarchy, unit, uday),
            };
            let reviewer = can_coordinate(actor, hierarchy, unit, uday)
                || (agency.is_none()
                    && actor.user.as_ref().is_some_and(|u| {
                        u.role == Role::Agency
                            && u.agency
                                .and_then(|a| snapshot.agencies.agencies.iter().find(|x| x.id == a))
                                .is_some_and(|a| within(hierarchy, unit.id, a.unit, uday))
                    }));
            rows.push(CycleRow {
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
                exceptions,
                changes_after_approval: changes,
                version: stored.map_or(0, |s| s.version),
                can_submit,
                can_review: reviewer && state == Some(SubmissionState::Submitted),
                can_approve: agency.is_none()
                    && can_coordinate(actor, hierarchy, unit, uday)
                    && matches!(
                        state,
                        Some(SubmissionState::Submitted | SubmissionState::Accepted)
                    ),
                can_reopen: agency.is_none()
                    && lock.is_some()
                    && can_coordinate(actor, hierarchy, unit, uday),
            });
        }
        let count = |f: &dyn Fn(&CycleRow) -> bool| rows.iter().filter(|r| f(r)).count();
        let all_communes_locked = communes.iter().all(|c| book.lock(c.id).is_some());
        let unit_locked = book.lock(root.id).is_some();
        Ok(CycleStatus {
            unit: UnitRef::of(root),
            period,
            period_label: period.label_vi(),
            due: format_date_vi(due),
            today: format_date_vi(today),
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
                && can_coordinate(actor, hierarchy, root, day),
            unit_locked,
            rows,
        })
    }

    /// Carries out an action on a period's cycle, today.
    pub async fn cycle_action(
        &self,
        actor: &Actor,
        period: Period,
        action: CycleAction,
    ) -> Result<CycleOutcome> {
        self.cycle_action_on(actor, period, action, today_vn()).await
    }

    /// Carries out an action on a period's cycle as on `today`.
    pub async fn cycle_action_on(
        &self,
        actor: &Actor,
        period: Period,
        action: CycleAction,
        today: Date,
    ) -> Result<CycleOutcome> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let book = self.cycle_book(period).await?;
        let who = actor.context().by;
        let agency_of = |code: &Option<String>| -> Result<Option<&Agency>> {
            match code.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
                None => Ok(None),
                Some(c) => snapshot
                    .agencies
                    .agencies
                    .iter()
                    .find(|a| a.code == c)
                    .map(Some)
                    .ok_or_else(|| AppError::NotFound(format!("không có cơ quan mã {c}"))),
            }
        };
        let mut outcome = CycleOutcome::default();
        let mut writes = Vec::new();
        match action {
            CycleAction::Submit { unit, agency } => {
                let u = self.resolve(hierarchy, &unit, period)?;
                let agency = agency_of(&agency)?;
                let status = self.cycle_status_on(actor, &unit, period, today).await?;
                let row = status
                    .rows
                    .iter()
                    .find(|r| {
                        r.unit.code == u.code.as_str()
                            && r.agency_code.as_deref() == agency.map(|a| a.code.as_str())
                    })
                    .ok_or_else(|| {
                        AppError::NotFound(format!(
                            "{} không phải báo cáo kỳ {period} cần gửi",
                            u.full_name()
                        ))
                    })?;
                if !row.can_submit {
                    return Err(AppError::Forbidden(format!(
                        "không gửi được báo cáo kỳ {period} của {} ({})",
                        u.full_name(),
                        row.state_name
                    )));
                }
                let previous = book.submission(u.id, agency.map(|a| a.id));
                let submission = Submission {
                    unit: u.id,
                    period,
                    agency: agency.map(|a| a.id),
                    state: SubmissionState::Submitted,
                    first_submitted_on: previous.map_or(today, |p| p.value.first_submitted_on),
                    submitted_by: who.clone(),
                    reviewed_by: None,
                    comment: None,
                    approved_by: None,
                    approved_on: None,
                };
                writes.push(put(
                    SUBMISSION,
                    submission_key(u.id, period, submission.agency),
                    Some(u.id),
                    Some(period.key()),
                    &submission,
                    Some(previous.map_or(0, |p| p.version)),
                )?);
                outcome
                    .done
                    .push(format!("đã gửi báo cáo kỳ {period} của {}", u.full_name()));
            }
            CycleAction::Accept {
                unit,
                agency,
                comment,
            } => {
                self.review(
                    actor,
                    &book,
                    period,
                    &unit,
                    &agency_of(&agency)?.map(|a| a.id),
                    true,
                    comment,
                    &mut writes,
                    &mut outcome,
                )
                .await?;
            }
            CycleAction::Return {
                unit,
                agency,
                comment,
            } => {
                if comment.trim().is_empty() {
                    return Err(AppError::Invalid("trả lại báo cáo cần ghi lý do".into()));
                }
                self.review(
                    actor,
                    &book,
                    period,
                    &unit,
                    &agency_of(&agency)?.map(|a| a.id),
                    false,
                    Some(comment),
                    &mut writes,
                    &mut outcome,
                )
                .await?;
            }
            CycleAction::Approve { units } => {
                for code in &units {
                    match self.approval(actor, &snapshot, &book, period, code, &who, today) {
                        Ok((w, message)) => {
                            writes.extend(w);
                            outcome.done.push(message);
                        }
                        Err(e) => outcome.skipped.push(format!("{code}: {e}")),
                    }
                }
                if writes.is_empty() {
                    return Err(AppError::Invalid(format!(
                        "không phê duyệt được đơn vị nào: {}",
                        outcome.skipped.join("; ")
                    )));
                }
            }
            CycleAction::Reopen {
                unit,
                scope,
                reason,
                until,
            } => {
                let u = self.resolve(hierarchy, &unit, period)?;
                let day = hierarchy.reference_date(u, period);
                if !can_coordinate(actor, hierarchy, u, day) {
                    return Err(AppError::Forbidden(
                        "chỉ Văn phòng Điều phối được mở lại số liệu đã phê duyệt".into(),
                    ));
                }
                if book.lock(u.id).is_none() {
                    return Err(AppError::Invalid(format!(
                        "số liệu kỳ {period} của {} chưa bị khoá",
                        u.full_name()
                    )));
                }
                if reason.trim().is_empty() {
                    return Err(AppError::Invalid("mở lại cần ghi lý do".into()));
                }
                if until < today {
                    return Err(AppError::Invalid(format!(
                        "ngày hết hạn mở lại ({}) đã qua",
                        format_date_vi(until)
                    )));
                }
                let exception = LockException {
                    unit: u.id,
                    period,
                    scope: scope.clone(),
                    reason: reason.trim().to_string(),
                    until,
                    opened_by: who.clone(),
                };
                let key = format!(
                    "{}:{}:{}",
                    lock_key(u.id, period),
                    serde_json::to_string(&scope).unwrap_or_default(),
                    actor.at
                );
                writes.push(put(
                    LOCK_EXCEPTION,
                    key,
                    Some(u.id),
                    Some(period.key()),
                    &exception,
                    Some(0),
                )?);
                outcome.done.push(format!(
                    "đã mở lại {} của {} {}",
                    scope.text_vi(),
                    u.full_name(),
                    until_text(until)
                ));
            }
        }
        self.write_records(actor, writes).await?;
        Ok(outcome)
    }

    #[allow(clippy::too_many_arguments)]
    async fn review(
        &self,
        actor: &Actor,
        book: &Book,
        period: Period,
        code: &str,
        agency: &Option<AgencyId>,
        accept: bool,
        comment: Option<String>,
        writes: &mut Vec<ntm_store::PlanWrite>,
        outcome: &mut CycleOutcome,
    ) -> Result<()> {
        let snapshot = self.snapshot().await?;
        let u = self.resolve(&snapshot.hierarchy, code, period)?;
        let status = self.cycle_status_on(actor, code, period, today_vn()).await?;
        let row = status
            .rows
            .iter()
            .find(|r| r.unit.code == u.code.as_str() && r.agency_code.is_some() == agency.is_some())
            .ok_or_else(|| {
                AppError::NotFound(format!("không có báo cáo kỳ {period} của {}", u.full_name()))
            })?;
        if !row.can_review {
            return Err(AppError::Forbidden(format!(
                "không xem xét được báo cáo kỳ {period} của {} ({})",
                u.full_name(),
                row.state_name
            )));
        }
        let stored = book
            .submission(u.id, *agency)
            .ok_or_else(|| AppError::NotFound("chưa có báo cáo".into()))?;
        let mut s = stored.value.clone();
        s.state = if accept {
            SubmissionState::Accepted
        } else {
            SubmissionState::Returned
        };
        s.reviewed_by = Some(actor.context().by);
        s.comment = comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        writes.push(put(
            SUBMISSION,
            stored.key.clone(),
            Some(u.id),
            Some(period.key()),
            &s,
            Some(stored.version),
        )?);
        outcome.done.push(format!(
            "đã {} báo cáo kỳ {period} của {}",
            if accept { "chấp nhận" } else { "trả lại" },
            u.full_name()
        ));
        Ok(())
    }

    /// The writes approving one unit's period, or why it cannot be approved.
    #[allow(clippy::too_many_arguments)]
    fn approval(
        &self,
        actor: &Actor,
        snapshot: &Snapshot,
        book: &Book,
        period: Period,
        code: &str,
        who: &str,
        today: Date,
    ) -> Result<(Vec<ntm_store::PlanWrite>, String)> {
        let hierarchy = &snapshot.hierarchy;
        let u = self.resolve(hierarchy, code, period)?;
        let day = hierarchy.reference_date(u, period);
        if !can_coordinate(actor, hierarchy, u, day) {
            return Err(AppError::Forbidden(format!(
                "bạn không được phê duyệt số liệu của {}",
                u.full_name()
            )));
        }
        let mut writes = Vec::new();
        if u.kind.is_aggregate() {
            let pending: Vec<String> = hierarchy
                .subtree_at(u.id, day, &[UnitKind::Commune])
                .into_iter()
                .filter(|c| book.lock(c.id).is_none())
                .map(|c| c.name.clone())
                .collect();
            if !pending.is_empty() {
                return Err(AppError::Invalid(format!(
                    "các xã chưa được phê duyệt: {}",
                    pending.join(", ")
                )));
            }
        } else {
            let stored = book
                .submission(u.id, None)
                .filter(|s| {
                    matches!(
                        s.value.state,
                        SubmissionState::Submitted | SubmissionState::Accepted | SubmissionState::Approved
                    )
                })
                .ok_or_else(|| AppError::Invalid("chưa gửi báo cáo, hoặc báo cáo đang bị trả lại".into()))?;
            let mut s = stored.value.clone();
            s.state = SubmissionState::Approved;
            s.approved_by = Some(who.to_string());
            s.approved_on = Some(today);
            writes.push(put(
                SUBMISSION,
                stored.key.clone(),
                Some(u.id),
                Some(period.key()),
                &s,
                Some(stored.version),
            )?);
        }
        let lock = PeriodLock {
            unit: u.id,
            period,
            locked_by: who.to_string(),
            locked_at: actor.at.clone(),
        };
        if book.lock(u.id).is_none() {
            writes.push(put(
                LOCK,
                lock_key(u.id, period),
                Some(u.id),
                Some(period.key()),
                &lock,
                Some(0),
            )?);
        }
        // Approving again closes the reopenings.
        for e in book
            .exceptions
            .iter()
            .filter(|e| e.value.unit == u.id && e.value.until >= today)
        {
            let mut closed = e.value.clone();
            closed.until = today.previous_day().unwrap_or(today);
            writes.push(put(
                LOCK_EXCEPTION,
                e.key.clone(),
                Some(u.id),
                Some(period.key()),
                &closed,
                Some(e.version),
            )?);
        }
        Ok((
            writes,
            format!("đã phê duyệt và khoá số liệu kỳ {period} của {}", u.full_name()),
        ))
    }
}
