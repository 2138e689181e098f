//! The actions on a period's cycle: submit, accept or return (with a
//! comment that reaches the commune), approve (many units at once, a level
//! only after the units under it), reopen narrowly with a reason and an end date.

use ntm_core::agency::{Agency, AgencyId};
use ntm_core::period::Period;
use ntm_core::plan::{LockException, LockScope, PeriodLock, Submission, SubmissionState};
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_store::RecordWrite;
use time::Date;

use crate::accounts::access::{Actor, can_coordinate};
use crate::error::{AppError, Result};
use crate::plans::locks::until_text;
use crate::program::{Program, Snapshot};
use crate::records::put;
use crate::views::unit::visible_unit;

use super::{Book, lock_key, submission_key};

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

/// What every step of one call works on.
struct Call<'a> {
    actor: &'a Actor,
    snapshot: &'a Snapshot,
    book: &'a Book,
    period: Period,
    today: Date,
    /// Who acts, as the records name them.
    who: String,
}

/// A record to write and the sentence saying what it does.
type Step = (RecordWrite, String);

/// The lengths of the free texts an action carries.
fn check_texts(action: &CycleAction) -> Result<()> {
    use crate::error::check_optional;
    use ntm_core::input::TextKind::Note;
    match action {
        CycleAction::Accept { comment, .. } => check_optional(comment.as_deref(), Note, "ý kiến"),
        CycleAction::Return { comment, .. } => check_optional(Some(comment), Note, "ý kiến"),
        CycleAction::Reopen { reason, .. } => check_optional(Some(reason), Note, "lý do mở lại"),
        CycleAction::Submit { .. } | CycleAction::Approve { .. } => Ok(()),
    }
}

/// The agency a code names; none for a missing or blank code.
fn agency_of<'s>(snapshot: &'s Snapshot, code: &Option<String>) -> Result<Option<&'s Agency>> {
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
}

/// The submission a (re)submitted report becomes: first submitted on the
/// first day it was, the review and approval of an earlier round cleared.
fn submitted(call: &Call, unit: &Unit, agency: Option<AgencyId>) -> Submission {
    let previous = call.book.submission(unit.id, agency);
    Submission {
        unit: unit.id,
        period: call.period,
        agency,
        state: SubmissionState::Submitted,
        first_submitted_on: previous.map_or(call.today, |p| p.value.first_submitted_on),
        submitted_by: call.who.clone(),
        reviewed_by: None,
        comment: None,
        approved_by: None,
        approved_on: None,
    }
}

/// Why a unit's data cannot be reopened, if it cannot.
fn reopen_refusal(call: &Call, unit: &Unit, reason: &str, until: Date) -> Result<()> {
    let hierarchy = &call.snapshot.hierarchy;
    let day = hierarchy.reference_date(unit, call.period);
    if !can_coordinate(call.actor, hierarchy, unit, day) {
        return Err(AppError::Forbidden(
            "chỉ Văn phòng Điều phối được mở lại số liệu đã phê duyệt".into(),
        ));
    }
    if call.book.lock(unit.id).is_none() {
        return Err(AppError::Invalid(format!(
            "số liệu kỳ {} của {} chưa bị khoá",
            call.period,
            unit.full_name()
        )));
    }
    if reason.trim().is_empty() {
        return Err(AppError::Invalid("mở lại cần ghi lý do".into()));
    }
    if until < call.today {
        return Err(AppError::Invalid(format!(
            "ngày hết hạn mở lại ({}) đã qua",
            format_date_vi(until)
        )));
    }
    Ok(())
}

/// The reopening of part of a unit's approved data until a day.
fn reopening(call: &Call, unit: &Unit, scope: LockScope, reason: &str, until: Date) -> Result<Step> {
    let period = call.period;
    let exception = LockException {
        unit: unit.id,
        period,
        scope: scope.clone(),
        reason: reason.trim().to_string(),
        until,
        opened_by: call.who.clone(),
    };
    let key = format!(
        "{}:{}:{}",
        lock_key(unit.id, period),
        serde_json::to_string(&scope).unwrap_or_default(),
        call.actor.at
    );
    let write = put(key, Some(unit.id), Some(period.key()), &exception, Some(0))?;
    let message = format!(
        "đã mở lại {} của {} {}",
        scope.text_vi(),
        unit.full_name(),
        until_text(until)
    );
    Ok((write, message))
}

/// Why an aggregate unit cannot be approved yet: communes under it not approved.
fn pending_communes(call: &Call, unit: &Unit, day: Date) -> Result<()> {
    let pending: Vec<String> = call
        .snapshot
        .hierarchy
        .subtree_at(unit.id, day, &[UnitKind::Commune])
        .into_iter()
        .filter(|c| call.book.lock(c.id).is_none())
        .map(|c| c.name.clone())
        .collect();
    if pending.is_empty() {
        Ok(())
    } else {
        Err(AppError::Invalid(format!(
            "các xã chưa được phê duyệt: {}",
            pending.join(", ")
        )))
    }
}

/// A commune's submission approved; only a sent report (submitted,
/// accepted, or already approved) can be.
fn approved_submission(call: &Call, unit: &Unit) -> Result<RecordWrite> {
    let stored = call
        .book
        .submission(unit.id, None)
        .filter(|s| s.value.state.is_sent())
        .ok_or_else(|| AppError::Invalid("chưa gửi báo cáo, hoặc báo cáo đang bị trả lại".into()))?;
    let mut s = stored.value.clone();
    s.state = SubmissionState::Approved;
    s.approved_by = Some(call.who.clone());
    s.approved_on = Some(call.today);
    put(
        stored.key.clone(),
        Some(unit.id),
        Some(call.period.key()),
        &s,
        Some(stored.version),
    )
}

/// The lock of a unit's period.
fn lock_write(call: &Call, unit: &Unit) -> Result<RecordWrite> {
    let lock = PeriodLock {
        unit: unit.id,
        period: call.period,
        locked_by: call.who.clone(),
        locked_at: crate::clock::rfc3339(call.actor.at),
    };
    put(
        lock_key(unit.id, call.period),
        Some(unit.id),
        Some(call.period.key()),
        &lock,
        Some(0),
    )
}

/// Approving again closes the open reopenings: each ends the day before.
fn closed_reopenings(call: &Call, unit: &Unit) -> Result<Vec<RecordWrite>> {
    let today = call.today;
    call.book
        .exceptions
        .iter()
        .filter(|e| e.value.unit == unit.id && e.value.until >= today)
        .map(|e| {
            let mut closed = e.value.clone();
            closed.until = today.previous_day().unwrap_or(today);
            put(
                e.key.clone(),
                Some(unit.id),
                Some(call.period.key()),
                &closed,
                Some(e.version),
            )
        })
        .collect()
}

impl Program {
    /// Carries out an action on a period's cycle, today.
    pub async fn cycle_action(
        &self,
        actor: &Actor,
        period: Period,
        action: CycleAction,
    ) -> Result<CycleOutcome> {
        self.cycle_action_on(actor, period, action, self.today()).await
    }

    /// Carries out an action on a period's cycle as on `today`.
    pub async fn cycle_action_on(
        &self,
        actor: &Actor,
        period: Period,
        action: CycleAction,
        today: Date,
    ) -> Result<CycleOutcome> {
        check_texts(&action)?;
        let snapshot = self.snapshot().await?;
        let book = self.cycle_book(period).await?;
        let call = Call {
            actor,
            snapshot: &snapshot,
            book: &book,
            period,
            today,
            who: actor.context().by,
        };
        let (writes, outcome) = self.action_writes(&call, action).await?;
        self.write_records(actor, writes).await?;
        Ok(outcome)
    }

    /// What an action writes and says, or why it cannot be done.
    async fn action_writes(
        &self,
        call: &Call<'_>,
        action: CycleAction,
    ) -> Result<(Vec<RecordWrite>, CycleOutcome)> {
        let step = match action {
            CycleAction::Submit { unit, agency } => self.submission(call, &unit, &agency).await?,
            CycleAction::Accept {
                unit,
                agency,
                comment,
            } => {
                let agency = agency_of(call.snapshot, &agency)?.map(|a| a.id);
                self.review(call, &unit, agency, true, comment).await?
            }
            CycleAction::Return {
                unit,
                agency,
                comment,
            } => {
                if comment.trim().is_empty() {
                    return Err(AppError::Invalid("trả lại báo cáo cần ghi lý do".into()));
                }
                let agency = agency_of(call.snapshot, &agency)?.map(|a| a.id);
                self.review(call, &unit, agency, false, Some(comment)).await?
            }
            CycleAction::Approve { units } => return self.approvals(call, &units),
            CycleAction::Reopen {
                unit,
                scope,
                reason,
                until,
            } => {
                let u = visible_unit(self, call.actor, call.snapshot, &unit, call.period)?;
                reopen_refusal(call, u, &reason, until)?;
                reopening(call, u, scope, &reason, until)?
            }
        };
        let (write, message) = step;
        let outcome = CycleOutcome {
            done: vec![message],
            ..CycleOutcome::default()
        };
        Ok((vec![write], outcome))
    }

    /// The submission of a unit's (or an agency's) report, if the actor may send it now.
    async fn submission(&self, call: &Call<'_>, code: &str, agency: &Option<String>) -> Result<Step> {
        let period = call.period;
        let u = visible_unit(self, call.actor, call.snapshot, code, period)?;
        let agency = agency_of(call.snapshot, agency)?;
        let status = self.cycle_status_on(call.actor, code, period, call.today).await?;
        let row = status
            .rows
            .iter()
            .find(|r| {
                r.unit.code == u.code.as_str() && r.agency_code.as_deref() == agency.map(|a| a.code.as_str())
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
        let agency = agency.map(|a| a.id);
        let submission = submitted(call, u, agency);
        let previous = call.book.submission(u.id, agency);
        let write = put(
            submission_key(u.id, period, agency),
            Some(u.id),
            Some(period.key()),
            &submission,
            Some(previous.map_or(0, |p| p.version)),
        )?;
        Ok((write, format!("đã gửi báo cáo kỳ {period} của {}", u.full_name())))
    }

    /// A report accepted or returned, with the reviewer's comment.
    async fn review(
        &self,
        call: &Call<'_>,
        code: &str,
        agency: Option<AgencyId>,
        accept: bool,
        comment: Option<String>,
    ) -> Result<Step> {
        let period = call.period;
        let snapshot = self.snapshot().await?;
        let u = visible_unit(self, call.actor, &snapshot, code, period)?;
        let status = self
            .cycle_status_on(call.actor, code, period, self.today())
            .await?;
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
        let stored = call
            .book
            .submission(u.id, agency)
            .ok_or_else(|| AppError::NotFound("chưa có báo cáo".into()))?;
        let mut s = stored.value.clone();
        s.state = if accept {
            SubmissionState::Accepted
        } else {
            SubmissionState::Returned
        };
        s.reviewed_by = Some(call.actor.context().by);
        s.comment = comment.map(|c| c.trim().to_string()).filter(|c| !c.is_empty());
        let write = put(
            stored.key.clone(),
            Some(u.id),
            Some(period.key()),
            &s,
            Some(stored.version),
        )?;
        let verb = if accept { "chấp nhận" } else { "trả lại" };
        Ok((
            write,
            format!("đã {verb} báo cáo kỳ {period} của {}", u.full_name()),
        ))
    }

    /// A bulk approval: each unit approved or skipped with why; an error
    /// when none could be.
    fn approvals(&self, call: &Call, units: &[String]) -> Result<(Vec<RecordWrite>, CycleOutcome)> {
        let mut writes = Vec::new();
        let mut outcome = CycleOutcome::default();
        for code in units {
            match self.approval(call, code) {
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
        Ok((writes, outcome))
    }

    /// The writes approving one unit's period, or why it cannot be approved.
    fn approval(&self, call: &Call, code: &str) -> Result<(Vec<RecordWrite>, String)> {
        let hierarchy = &call.snapshot.hierarchy;
        let u = visible_unit(self, call.actor, call.snapshot, code, call.period)?;
        let day = hierarchy.reference_date(u, call.period);
        if !can_coordinate(call.actor, hierarchy, u, day) {
            return Err(AppError::Forbidden(format!(
                "bạn không được phê duyệt số liệu của {}",
                u.full_name()
            )));
        }
        let mut writes = Vec::new();
        if u.kind.is_aggregate() {
            pending_communes(call, u, day)?;
        } else {
            writes.push(approved_submission(call, u)?);
        }
        if call.book.lock(u.id).is_none() {
            writes.push(lock_write(call, u)?);
        }
        writes.extend(closed_reopenings(call, u)?);
        let message = format!(
            "đã phê duyệt và khoá số liệu kỳ {} của {}",
            call.period,
            u.full_name()
        );
        Ok((writes, message))
    }
}
