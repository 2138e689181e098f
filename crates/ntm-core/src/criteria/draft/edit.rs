//! Changing a draft: the rules of who may change what, in one place. A
//! published version is never changed, except that a second person may still
//! confirm its thresholds against the document; a changed threshold loses its
//! confirmation; nobody confirms what they entered.

use time::Date;

use super::{CriterionDraft, IndicatorDraft, SetDraft, Stamp, TargetDraft, ThresholdDraft, VersionStatus};
use crate::criteria::{Bracket, StandardRule};
use crate::unit::Flag;

/// Why a change to a draft is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("phiên bản {0} đã ban hành nên không sửa trực tiếp được: hãy tạo phiên bản mới từ phiên bản này")]
    Published(String),
    #[error("bộ tiêu chí không có tiêu chí \"{0}\"")]
    NoCriterion(String),
    #[error("bộ tiêu chí không có chỉ tiêu \"{0}\"")]
    NoIndicator(String),
    #[error("chỉ tiêu {indicator} không có ngưỡng thứ {index}")]
    NoThreshold { indicator: String, index: usize },
    #[error("{0}")]
    Duplicate(String),
    #[error("người xác nhận phải khác người đã nhập ngưỡng ({0})")]
    SelfConfirmation(String),
    #[error("ngưỡng \"chưa rõ\" không có gì để xác nhận: hãy nhập ngưỡng theo văn bản trước")]
    ConfirmUnknown,
}

/// The fields of the set itself.
#[derive(Clone, Debug, PartialEq)]
pub struct SetMeta {
    pub name: String,
    pub document: String,
    pub valid_from: Option<Date>,
    pub valid_to: Option<Date>,
    pub notes: Option<String>,
    pub complete: bool,
    pub standard: StandardRule,
    pub brackets: Vec<Bracket>,
}

impl SetDraft {
    fn editable(&self) -> Result<(), EditError> {
        match self.status {
            VersionStatus::Draft => Ok(()),
            VersionStatus::Published => Err(EditError::Published(self.version_ref().to_string())),
        }
    }

    pub fn set_meta(&mut self, meta: SetMeta) -> Result<(), EditError> {
        self.editable()?;
        self.name = meta.name;
        self.document = meta.document;
        self.valid_from = meta.valid_from;
        self.valid_to = meta.valid_to;
        self.notes = meta.notes;
        self.complete = meta.complete;
        self.standard = meta.standard;
        self.brackets = meta.brackets;
        Ok(())
    }

    /// Adds a criterion (`old_code: None`) or changes one, keeping its indicators.
    pub fn put_criterion(
        &mut self,
        old_code: Option<&str>,
        mut criterion: CriterionDraft,
    ) -> Result<(), EditError> {
        self.editable()?;
        let clash = self
            .criteria
            .iter()
            .any(|c| c.code == criterion.code && Some(c.code.as_str()) != old_code);
        if clash {
            return Err(EditError::Duplicate(format!(
                "đã có tiêu chí mã \"{}\"",
                criterion.code
            )));
        }
        match old_code {
            None => self.criteria.push(criterion),
            Some(code) => {
                let slot = self
                    .criteria
                    .iter_mut()
                    .find(|c| c.code == code)
                    .ok_or_else(|| EditError::NoCriterion(code.to_string()))?;
                criterion.indicators = std::mem::take(&mut slot.indicators);
                *slot = criterion;
            }
        }
        Ok(())
    }

    pub fn remove_criterion(&mut self, code: &str) -> Result<(), EditError> {
        self.editable()?;
        let before = self.criteria.len();
        self.criteria.retain(|c| c.code != code);
        if self.criteria.len() == before {
            return Err(EditError::NoCriterion(code.to_string()));
        }
        Ok(())
    }

    /// Adds an indicator to a criterion (`old_code: None`) or changes one,
    /// keeping its thresholds (which lose their confirmation if the kind or
    /// the levels changed: what they mean changed).
    pub fn put_indicator(
        &mut self,
        criterion: &str,
        old_code: Option<&str>,
        mut indicator: IndicatorDraft,
    ) -> Result<(), EditError> {
        self.editable()?;
        let clash = self
            .indicators()
            .any(|(_, i)| i.code == indicator.code && Some(i.code.as_str()) != old_code);
        if clash {
            return Err(EditError::Duplicate(format!(
                "đã có chỉ tiêu mã \"{}\"",
                indicator.code
            )));
        }
        let previous = match old_code {
            Some(code) => Some(self.take_indicator(code)?),
            None => None,
        };
        if let Some(old) = previous {
            let meaning_changed = old.kind != indicator.kind || old.levels != indicator.levels;
            indicator.thresholds = old.thresholds;
            if meaning_changed {
                for t in &mut indicator.thresholds {
                    t.confirmed = None;
                    t.confirmed_by_source = false;
                }
            }
        }
        let target = self
            .criteria
            .iter_mut()
            .find(|c| c.code == criterion)
            .ok_or_else(|| EditError::NoCriterion(criterion.to_string()))?;
        target.indicators.push(indicator);
        Ok(())
    }

    /// Removes an indicator, returning it (its place in its criterion is kept
    /// by `put_indicator` only for new ones, which go last).
    fn take_indicator(&mut self, code: &str) -> Result<IndicatorDraft, EditError> {
        for c in &mut self.criteria {
            if let Some(pos) = c.indicators.iter().position(|i| i.code == code) {
                return Ok(c.indicators.remove(pos));
            }
        }
        Err(EditError::NoIndicator(code.to_string()))
    }

    pub fn remove_indicator(&mut self, code: &str) -> Result<(), EditError> {
        self.editable()?;
        self.take_indicator(code).map(|_| ())
    }

    fn indicator_mut(&mut self, code: &str) -> Result<&mut IndicatorDraft, EditError> {
        self.criteria
            .iter_mut()
            .flat_map(|c| c.indicators.iter_mut())
            .find(|i| i.code == code)
            .ok_or_else(|| EditError::NoIndicator(code.to_string()))
    }

    /// Adds a threshold (`index: None`) or replaces the `index`-th (from 1).
    /// A threshold whose content changed is entered anew by `by` and loses
    /// its confirmation.
    pub fn put_threshold(
        &mut self,
        indicator: &str,
        index: Option<usize>,
        threshold: ThresholdDraft,
        by: &Stamp,
    ) -> Result<(), EditError> {
        self.editable()?;
        let ind = self.indicator_mut(indicator)?;
        match index {
            None => ind.thresholds.push(entered(threshold, None, by)),
            Some(n) => {
                let slot = n
                    .checked_sub(1)
                    .and_then(|i| ind.thresholds.get_mut(i))
                    .ok_or_else(|| EditError::NoThreshold {
                        indicator: indicator.to_string(),
                        index: n,
                    })?;
                *slot = entered(threshold, Some(slot), by);
            }
        }
        Ok(())
    }

    pub fn remove_threshold(&mut self, indicator: &str, index: usize) -> Result<(), EditError> {
        self.editable()?;
        let ind = self.indicator_mut(indicator)?;
        if index == 0 || index > ind.thresholds.len() {
            return Err(EditError::NoThreshold {
                indicator: indicator.to_string(),
                index,
            });
        }
        ind.thresholds.remove(index - 1);
        Ok(())
    }

    /// Sets the threshold of each commune group (thresholds that apply to
    /// exactly that group, with no other condition), adding those missing.
    /// Other thresholds stay, including a general one that still judges
    /// communes without a group.
    pub fn put_group_thresholds(
        &mut self,
        indicator: &str,
        groups: &[(Flag, TargetDraft)],
        citation: &ThresholdDraft,
        by: &Stamp,
    ) -> Result<(), EditError> {
        self.editable()?;
        let ind = self.indicator_mut(indicator)?;
        for (group, target) in groups {
            let wanted = ThresholdDraft {
                flags: vec![*group],
                target: target.clone(),
                ..citation.clone()
            };
            let slot = ind
                .thresholds
                .iter_mut()
                .find(|t| t.flags == [*group] && t.regions.is_empty() && t.years.is_none());
            match slot {
                Some(slot) => *slot = entered(wanted, Some(slot), by),
                None => ind.thresholds.push(entered(wanted, None, by)),
            }
        }
        Ok(())
    }

    /// Replaces an indicator's thresholds with a new list (a workbook's):
    /// those identical to one already there keep who entered and confirmed it.
    pub fn replace_thresholds(
        &mut self,
        indicator: &str,
        thresholds: Vec<ThresholdDraft>,
        by: &Stamp,
    ) -> Result<(), EditError> {
        self.editable()?;
        let ind = self.indicator_mut(indicator)?;
        let old = std::mem::take(&mut ind.thresholds);
        ind.thresholds = thresholds
            .into_iter()
            .map(|t| {
                let same = old.iter().find(|o| o.same_content(&t));
                entered(t, same, by)
            })
            .collect();
        Ok(())
    }

    /// Confirms the `index`-th threshold (from 1) of an indicator against the
    /// document: allowed on drafts and published versions alike, never by the
    /// person who entered it, never for an unknown threshold.
    pub fn confirm_threshold(&mut self, indicator: &str, index: usize, by: &Stamp) -> Result<(), EditError> {
        let ind = self.indicator_mut(indicator)?;
        let t = index
            .checked_sub(1)
            .and_then(|i| ind.thresholds.get_mut(i))
            .ok_or_else(|| EditError::NoThreshold {
                indicator: indicator.to_string(),
                index,
            })?;
        if t.target.is_unknown() {
            return Err(EditError::ConfirmUnknown);
        }
        if let Some(entered) = &t.entered
            && entered.by.username == by.by.username
        {
            return Err(EditError::SelfConfirmation(entered.by.label()));
        }
        t.confirmed = Some(by.clone());
        Ok(())
    }

    /// Replaces the content with another draft's (a workbook read back),
    /// keeping this version's identity and history; thresholds identical to
    /// one already there keep who entered and confirmed them.
    pub fn replace_content(&mut self, new: SetDraft, by: &Stamp) -> Result<(), EditError> {
        self.editable()?;
        let old = self.clone();
        // Identity, scope and lineage are the version's own: new content
        // cannot move a set to another province or level.
        *self = SetDraft {
            code: old.code.clone(),
            version: old.version,
            status: old.status,
            namespace: old.namespace.clone(),
            level: old.level,
            scope: old.scope.clone(),
            based_on: old.based_on.clone(),
            extends: old.extends.clone(),
            region_rules: old.region_rules.clone(),
            // A workbook does not carry the entry checks: they stay.
            checks: old.checks.clone(),
            created: old.created.clone(),
            published: None,
            ..new
        };
        for indicator in self.criteria.iter_mut().flat_map(|c| c.indicators.iter_mut()) {
            let before = old
                .indicator(&indicator.code)
                .map(|i| i.thresholds.clone())
                .unwrap_or_default();
            indicator.thresholds = std::mem::take(&mut indicator.thresholds)
                .into_iter()
                .map(|t| {
                    let same = before.iter().find(|b| b.same_content(&t));
                    entered(t, same, by)
                })
                .collect();
        }
        Ok(())
    }

    /// Marks the version published from `valid_from`.
    pub fn publish(&mut self, valid_from: Date, by: Stamp) -> Result<(), EditError> {
        self.editable()?;
        self.valid_from = Some(valid_from);
        self.status = VersionStatus::Published;
        self.published = Some(by);
        Ok(())
    }
}

/// A threshold as written by `by`: if it says what `previous` said, it keeps
/// `previous`'s stamps; otherwise it is new, entered by `by`, unconfirmed.
fn entered(mut t: ThresholdDraft, previous: Option<&ThresholdDraft>, by: &Stamp) -> ThresholdDraft {
    match previous {
        Some(p) if p.same_content(&t) => {
            t.entered = p.entered.clone();
            t.confirmed = p.confirmed.clone();
            t.confirmed_by_source = p.confirmed_by_source;
        }
        _ => {
            t.entered = (!t.target.is_unknown()).then(|| by.clone());
            t.confirmed = None;
            t.confirmed_by_source = false;
        }
    }
    t
}
