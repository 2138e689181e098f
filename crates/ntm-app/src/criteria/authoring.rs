//! Starting, editing, confirming and publishing versions of criteria sets.
//! Who may: administrators for national sets; a province's coordination
//! office (and administrators) for that province's own sets. A published
//! version never changes except for confirmations; publishing is refused
//! where it would change the figures of a period already approved.

use ntm_core::criteria::draft::{
    CriterionDraft, EditError, IndicatorDraft, Person, SetDraft, SetMeta, Stamp, TargetDraft, ThresholdDraft,
    VersionStatus,
};
use ntm_core::criteria::{SetScope, rules};
use ntm_core::period::Period;
use ntm_core::plan::PeriodLock;
use ntm_core::unit::{Flag, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_store::CriteriaVersionWrite;
use time::Date;

use crate::accounts::access::{Actor, can_administer, can_coordinate};
use crate::criteria::decode;
use crate::entry::FieldError;
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};

/// A stored version with the revision it was read at.
#[derive(Debug, Clone, PartialEq)]
pub struct DraftRecord {
    pub draft: SetDraft,
    pub revision: i64,
}

/// How to start a version.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartVersion {
    /// The set to start from: a code (its latest version) or `code@N`.
    pub from: String,
    /// A new set's code; `None`: the next version of `from`'s set.
    pub code: Option<String>,
    /// A new set's name; `None`: `from`'s name.
    pub name: Option<String>,
    /// A new set for one province (its code); `None`: `from`'s scope.
    pub province: Option<String>,
}

/// One change to a version.
#[derive(Debug, Clone, PartialEq)]
pub enum DraftChange {
    Meta(SetMeta),
    Criterion {
        old: Option<String>,
        criterion: CriterionDraft,
    },
    RemoveCriterion(String),
    Indicator {
        criterion: String,
        old: Option<String>,
        indicator: IndicatorDraft,
    },
    RemoveIndicator(String),
    /// Adds (`index: None`) or replaces the `index`-th threshold (from 1).
    Threshold {
        indicator: String,
        index: Option<usize>,
        threshold: ThresholdDraft,
    },
    RemoveThreshold {
        indicator: String,
        index: usize,
    },
    /// The threshold of each commune group, with one citation.
    GroupThresholds {
        indicator: String,
        groups: Vec<(Flag, TargetDraft)>,
        citation: ThresholdDraft,
    },
    /// A second person confirms a threshold against the document.
    Confirm {
        indicator: String,
        index: usize,
    },
    /// Everything at once (a workbook): thresholds identical to stored ones
    /// keep who entered and confirmed them.
    Replace(Box<SetDraft>),
}

/// Who acts, as recorded with a set.
pub fn stamp(actor: &Actor) -> Stamp {
    let by = match &actor.user {
        Some(u) => Person {
            username: u.username.clone(),
            name: u.display_name.clone(),
        },
        None => Person {
            username: "ntm".into(),
            name: actor.system_name.clone(),
        },
    };
    Stamp {
        by,
        at: crate::clock::rfc3339(actor.at),
    }
}

fn edit_error(e: EditError) -> AppError {
    match e {
        EditError::Published(_) => AppError::Locked(e.to_string()),
        EditError::SelfConfirmation(_) => AppError::Forbidden(e.to_string()),
        EditError::NoCriterion(_) | EditError::NoIndicator(_) | EditError::NoThreshold { .. } => {
            AppError::NotFound(e.to_string())
        }
        EditError::Duplicate(_) | EditError::ConfirmUnknown => AppError::Invalid(e.to_string()),
    }
}

/// The problems of a draft as field errors (422), by place.
pub fn problems_error(draft: &SetDraft) -> Option<AppError> {
    let problems = draft.problems();
    (!problems.is_empty()).then(|| {
        AppError::Fields(
            problems
                .into_iter()
                .map(|p| FieldError {
                    field: p.place.to_string(),
                    message: p.message,
                })
                .collect(),
        )
    })
}

impl Program {
    /// Every stored version of every authored set.
    pub async fn authored_versions(&self) -> Result<Vec<DraftRecord>> {
        self.store()
            .criteria_versions()
            .await?
            .iter()
            .map(|r| {
                Ok(DraftRecord {
                    draft: decode(r)?,
                    revision: r.revision,
                })
            })
            .collect()
    }

    /// One stored version.
    pub async fn authored_version(&self, code: &str, version: u32) -> Result<DraftRecord> {
        self.authored_versions()
            .await?
            .into_iter()
            .find(|r| r.draft.code == code && r.draft.version == version)
            .ok_or_else(|| {
                AppError::NotFound(format!(
                    "không có phiên bản {code}@{version} nào được soạn trên ntm"
                ))
            })
    }

    /// May the actor author sets of this scope (on `day`)?
    pub fn may_author(&self, actor: &Actor, snapshot: &Snapshot, scope: &SetScope, day: Date) -> bool {
        match scope {
            SetScope::National => can_administer(actor),
            SetScope::Province(code) => snapshot
                .hierarchy
                .units_with_code(code)
                .filter(|u| u.kind == UnitKind::Province && u.validity.contains(day))
                .any(|p| can_coordinate(actor, &snapshot.hierarchy, p, day)),
        }
    }

    /// May the actor author any set: an administrator, or a province's
    /// coordination office (for its province's sets)?
    pub fn may_author_any(&self, actor: &Actor, snapshot: &Snapshot) -> bool {
        if can_administer(actor) {
            return true;
        }
        let today = self.today();
        actor
            .user
            .as_ref()
            .and_then(|u| u.unit)
            .and_then(|id| snapshot.hierarchy.unit(id))
            .is_some_and(|u| {
                u.kind == UnitKind::Province
                    && self.may_author(actor, snapshot, &SetScope::Province(u.code.clone()), today)
            })
    }

    pub(crate) fn require_author(&self, actor: &Actor, snapshot: &Snapshot, scope: &SetScope) -> Result<()> {
        let today = self.today();
        if self.may_author(actor, snapshot, scope, today) {
            return Ok(());
        }
        Err(AppError::Forbidden(match scope {
            SetScope::National => "chỉ quản trị hệ thống được soạn bộ tiêu chí quốc gia".to_string(),
            SetScope::Province(code) => format!(
                "chỉ Văn phòng Điều phối của tỉnh mã {code} (hoặc quản trị hệ thống) được soạn bộ tiêu chí của tỉnh"
            ),
        }))
    }

    /// Starts a draft: a new set copied from an existing one, or the next
    /// version of a set.
    pub async fn start_version(&self, actor: &Actor, start: StartVersion) -> Result<DraftRecord> {
        let snapshot = self.snapshot().await?;
        let draft = self.new_version(actor, &snapshot, start).await?;
        self.save_version(actor, &draft, 0).await
    }

    /// The draft a start makes, checked for rights, not yet stored.
    pub(crate) async fn new_version(
        &self,
        actor: &Actor,
        snapshot: &Snapshot,
        start: StartVersion,
    ) -> Result<SetDraft> {
        let stored = self.authored_versions().await?;
        let source: SetDraft = match stored
            .iter()
            .find(|r| r.draft.version_ref().to_string() == start.from)
        {
            Some(r) => r.draft.clone(),
            None => {
                let set = snapshot.catalog.set(&start.from).ok_or_else(|| {
                    AppError::NotFound(format!("không có bộ tiêu chí \"{}\" để bắt đầu", start.from))
                })?;
                match stored
                    .iter()
                    .find(|r| r.draft.code == set.code && r.draft.version == set.version)
                {
                    Some(r) => r.draft.clone(),
                    None => SetDraft::copy_of(set, &set.code, set.version, stamp(actor)),
                }
            }
        };
        let mut draft = match &start.code {
            Some(code) => {
                let code = code.trim();
                rules::check_set_code(code).map_err(AppError::Invalid)?;
                if snapshot.catalog.set(code).is_some() || stored.iter().any(|r| r.draft.code == code) {
                    return Err(AppError::Invalid(format!(
                        "đã có bộ tiêu chí mã \"{code}\": chọn mã khác, hoặc tạo phiên bản mới của bộ đó"
                    )));
                }
                let mut d = source.next_version(1, stamp(actor));
                d.code = code.to_string();
                d.extends = Some(source.code.clone());
                d
            }
            None => {
                if let Some(open) = stored
                    .iter()
                    .find(|r| r.draft.code == source.code && r.draft.status == VersionStatus::Draft)
                {
                    return Err(AppError::Invalid(format!(
                        "bộ {} đang có dự thảo phiên bản {}: hãy sửa dự thảo đó",
                        source.code, open.draft.version
                    )));
                }
                let latest = snapshot
                    .catalog
                    .versions(&source.code)
                    .iter()
                    .map(|s| s.version)
                    .chain(
                        stored
                            .iter()
                            .filter(|r| r.draft.code == source.code)
                            .map(|r| r.draft.version),
                    )
                    .max()
                    .unwrap_or(0);
                source.next_version(latest + 1, stamp(actor))
            }
        };
        if let Some(name) = start.name.filter(|n| !n.trim().is_empty()) {
            draft.name = name.trim().to_string();
        }
        if let Some(province) = &start.province {
            let code = province
                .parse()
                .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
            draft.scope = SetScope::Province(code);
        }
        self.require_author(actor, snapshot, &draft.scope)?;
        Ok(draft)
    }

    /// Applies one change to a version read at `revision`.
    pub async fn change_version(
        &self,
        actor: &Actor,
        code: &str,
        version: u32,
        revision: i64,
        change: DraftChange,
    ) -> Result<DraftRecord> {
        let snapshot = self.snapshot().await?;
        let mut record = self.authored_version(code, version).await?;
        self.require_author(actor, &snapshot, &record.draft.scope)?;
        let by = stamp(actor);
        let draft = &mut record.draft;
        match change {
            DraftChange::Meta(meta) => draft.set_meta(meta),
            DraftChange::Criterion { old, criterion } => draft.put_criterion(old.as_deref(), criterion),
            DraftChange::RemoveCriterion(c) => draft.remove_criterion(&c),
            DraftChange::Indicator {
                criterion,
                old,
                indicator,
            } => draft.put_indicator(&criterion, old.as_deref(), indicator),
            DraftChange::RemoveIndicator(i) => draft.remove_indicator(&i),
            DraftChange::Threshold {
                indicator,
                index,
                threshold,
            } => draft.put_threshold(&indicator, index, threshold, &by),
            DraftChange::RemoveThreshold { indicator, index } => draft.remove_threshold(&indicator, index),
            DraftChange::GroupThresholds {
                indicator,
                groups,
                citation,
            } => draft.put_group_thresholds(&indicator, &groups, &citation, &by),
            DraftChange::Confirm { indicator, index } => draft.confirm_threshold(&indicator, index, &by),
            DraftChange::Replace(new) => draft.replace_content(*new, &by),
        }
        .map_err(edit_error)?;
        self.save_version(actor, &record.draft, revision).await
    }

    /// Publishes a draft from `valid_from`: it must have no problem, and no
    /// approved period of its scope may fall on or after that date (their
    /// figures would change under them).
    pub async fn publish_version(
        &self,
        actor: &Actor,
        code: &str,
        version: u32,
        revision: i64,
        valid_from: Date,
    ) -> Result<DraftRecord> {
        let snapshot = self.snapshot().await?;
        let mut record = self.authored_version(code, version).await?;
        self.require_author(actor, &snapshot, &record.draft.scope)?;
        let draft = &mut record.draft;
        if draft.status == VersionStatus::Published {
            return Err(AppError::Locked(format!(
                "phiên bản {}@{} đã ban hành từ trước",
                draft.code, draft.version
            )));
        }
        draft.publish(valid_from, stamp(actor)).map_err(edit_error)?;
        if let Some(e) = problems_error(draft) {
            return Err(e);
        }
        if let Some(lock) = self.approved_after(&snapshot, &draft.scope, valid_from).await? {
            let unit = snapshot
                .hierarchy
                .unit(lock.unit)
                .map_or_else(String::new, |u| u.full_name());
            return Err(AppError::Locked(format!(
                "kỳ {} của {unit} đã được phê duyệt theo bộ tiêu chí đang có hiệu lực: phiên bản mới chỉ được có hiệu lực từ sau ngày {}, hoặc Văn phòng Điều phối mở lại kỳ đó trước",
                lock.period,
                format_date_vi(lock.period.end())
            )));
        }
        let saved = self.save_version(actor, &record.draft, revision).await?;
        // Publishing changed the catalog: this process reloads it now.
        self.refresh().await?;
        Ok(saved)
    }

    /// An approved period of a unit in `scope` that ends on or after `day`.
    async fn approved_after(
        &self,
        snapshot: &Snapshot,
        scope: &SetScope,
        day: Date,
    ) -> Result<Option<PeriodLock>> {
        let locks = self.records::<PeriodLock>(None).await?;
        let hierarchy = &snapshot.hierarchy;
        Ok(locks
            .into_iter()
            .map(|r| r.value)
            .filter(|l| l.period.end() >= day)
            .find(|l| match scope {
                SetScope::National => true,
                SetScope::Province(code) => hierarchy.unit(l.unit).is_some_and(|u| {
                    let on = hierarchy.reference_date(u, l.period);
                    u.code == *code || hierarchy.province_at(u.id, on).is_some_and(|p| p.code == *code)
                }),
            }))
    }

    pub(crate) async fn save_version(
        &self,
        actor: &Actor,
        draft: &SetDraft,
        expected: i64,
    ) -> Result<DraftRecord> {
        let body = serde_json::to_string(draft)
            .map_err(|e| AppError::Invalid(format!("không ghi được bộ tiêu chí: {e}")))?;
        let write = CriteriaVersionWrite {
            code: draft.code.clone(),
            version: draft.version,
            status: draft.status,
            body,
            expected_revision: expected,
        };
        let revision = self
            .store()
            .write_criteria_version(write, actor.context())
            .await?;
        Ok(DraftRecord {
            draft: draft.clone(),
            revision,
        })
    }

    /// The versions in force in a period for a set code (for pages that name
    /// the version a figure used).
    pub fn version_in_force(&self, snapshot: &Snapshot, code: &str, period: Period) -> Option<u32> {
        snapshot.catalog.set_on(code, period.end()).map(|s| s.version)
    }
}
