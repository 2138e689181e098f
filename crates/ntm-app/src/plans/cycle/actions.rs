//! The actions on a period's cycle: submit, accept or return (with a
//! comment that reaches the commune), approve (many units at once, a level
//! only after the units under it), reopen narrowly with a reason and an end date.

use ntm_core::agency::{Agency, AgencyId};
use ntm_core::period::Period;
use ntm_core::plan::{LockException, LockScope, PeriodLock, Submission, SubmissionState};
use ntm_core::unit::UnitKind;
use ntm_core::validity::format_date_vi;
use time::Date;

use crate::accounts::access::{Actor, can_coordinate};
use crate::error::{AppError, Result};
use crate::plans::locks::until_text;
use crate::plans::records::{LOCK, LOCK_EXCEPTION, SUBMISSION, put};
use crate::program::{Program, Snapshot};
use crate::views::unit::visible_unit;

use super::{Book, lock_key, submission_key, today_vn};

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

impl Program {
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
        use crate::error::check_optional;
        use ntm_core::input::TextKind::Note;
        match &action {
            CycleAction::Accept { comment, .. } => check_optional(comment.as_deref(), Note, "ý kiến")?,
            CycleAction::Return { comment, .. } => check_optional(Some(comment), Note, "ý kiến")?,
            CycleAction::Reopen { reason, .. } => check_optional(Some(reason), Note, "lý do mở lại")?,
            CycleAction::Submit { .. } | CycleAction::Approve { .. } => {}
        }
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
                let u = visible_unit(self, actor, &snapshot, &unit, period)?;
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
                let u = visible_unit(self, actor, &snapshot, &unit, period)?;
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
        let u = visible_unit(self, actor, &snapshot, code, period)?;
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
        let u = visible_unit(self, actor, snapshot, code, period)?;
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
