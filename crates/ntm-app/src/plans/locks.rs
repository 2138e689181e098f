//! Approval locks as every write path sees them: loaded once per write for the
//! periods it touches, then asked for each value.

use std::collections::HashMap;

use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::plan::{LockException, PeriodLock, is_locked};
use ntm_core::unit::Unit;
use ntm_core::validity::format_date_vi;
use time::Date;

use crate::error::Result;
use crate::program::Program;

/// The locks and open exceptions of some periods.
#[derive(Debug, Clone, Default)]
pub struct LockBook {
    locks: HashMap<Period, Vec<PeriodLock>>,
    exceptions: HashMap<Period, Vec<LockException>>,
    today: Option<Date>,
}

impl LockBook {
    /// Why a value (criterion, indicator) of a unit may not change, if locked.
    pub fn refusal(
        &self,
        hierarchy: &Hierarchy,
        unit: &Unit,
        period: Period,
        criterion: &str,
        indicator: Option<&str>,
    ) -> Option<String> {
        let locks = self.locks.get(&period)?;
        let today = self.today?;
        let day = hierarchy.reference_date(unit, period);
        let mut units = vec![unit.id];
        units.extend(hierarchy.ancestors_at(unit.id, day).iter().map(|u| u.id));
        let empty = Vec::new();
        let exceptions = self.exceptions.get(&period).unwrap_or(&empty);
        let lock = is_locked(locks, exceptions, &units, period, criterion, indicator, today)?;
        let locked_unit = hierarchy
            .unit(lock.unit)
            .map_or_else(String::new, Unit::full_name);
        let subject = match indicator {
            Some(i) => format!("chỉ tiêu {i}"),
            None => format!("tiêu chí {criterion}"),
        };
        Some(format!(
            "số liệu kỳ {period} của {locked_unit} đã được phê duyệt và khoá ({}, {}): không sửa được {subject}; cần Văn phòng Điều phối mở lại",
            lock.locked_by,
            crate::views::audit::local_time_vi(&lock.locked_at)
        ))
    }

    /// The approval lock over a unit's period (its own or one above it),
    /// whatever is reopened.
    pub fn lock_over(&self, hierarchy: &Hierarchy, unit: &Unit, period: Period) -> Option<&PeriodLock> {
        let locks = self.locks.get(&period)?;
        let day = hierarchy.reference_date(unit, period);
        let mut units = vec![unit.id];
        units.extend(hierarchy.ancestors_at(unit.id, day).iter().map(|u| u.id));
        locks
            .iter()
            .find(|l| l.period == period && units.contains(&l.unit))
    }

    /// What is reopened today in a unit's period, as text ("chỉ tiêu 2.2
    /// đến hết ngày 30/04/2024 — sửa số km").
    pub fn open_exceptions(&self, hierarchy: &Hierarchy, unit: &Unit, period: Period) -> Vec<String> {
        let (Some(exceptions), Some(today)) = (self.exceptions.get(&period), self.today) else {
            return Vec::new();
        };
        let day = hierarchy.reference_date(unit, period);
        let mut units = vec![unit.id];
        units.extend(hierarchy.ancestors_at(unit.id, day).iter().map(|u| u.id));
        exceptions
            .iter()
            .filter(|e| e.period == period && units.contains(&e.unit) && today <= e.until)
            .map(|e| format!("{} {} — {}", e.scope.text_vi(), until_text(e.until), e.reason))
            .collect()
    }

    pub fn is_empty(&self) -> bool {
        self.locks.values().all(Vec::is_empty)
    }
}

/// "đến hết ngày 30/04/2024".
pub fn until_text(day: Date) -> String {
    format!("đến hết ngày {}", format_date_vi(day))
}

impl Program {
    /// The locks of the given periods, as of today (Vietnam time).
    pub async fn lock_book(&self, periods: &[Period]) -> Result<LockBook> {
        let mut book = LockBook {
            today: Some(self.today()),
            ..LockBook::default()
        };
        for period in periods {
            if book.locks.contains_key(period) {
                continue;
            }
            let locks = self.records::<PeriodLock>(Some(period.key())).await?;
            let exceptions = self.records::<LockException>(Some(period.key())).await?;
            book.locks
                .insert(*period, locks.into_iter().map(|s| s.value).collect());
            book.exceptions
                .insert(*period, exceptions.into_iter().map(|s| s.value).collect());
        }
        Ok(book)
    }
}
