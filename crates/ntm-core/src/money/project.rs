//! Projects: the communes and criteria they serve, their owner, capital by
//! source and year, carry-overs between years, and disbursements.

use time::{Date, Month};

use crate::quantity::Quantity;

#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ProjectStatus {
    Planned,
    Ongoing,
    Completed,
    Suspended,
}

impl ProjectStatus {
    pub fn name_vi(self) -> &'static str {
        match self {
            ProjectStatus::Planned => "chuẩn bị đầu tư",
            ProjectStatus::Ongoing => "đang thực hiện",
            ProjectStatus::Completed => "hoàn thành",
            ProjectStatus::Suspended => "tạm dừng",
        }
    }

    pub fn parse(text: &str) -> Option<ProjectStatus> {
        match text.trim().to_lowercase().as_str() {
            "planned" | "chuẩn bị đầu tư" => Some(ProjectStatus::Planned),
            "ongoing" | "đang thực hiện" => Some(ProjectStatus::Ongoing),
            "completed" | "hoàn thành" => Some(ProjectStatus::Completed),
            "suspended" | "tạm dừng" => Some(ProjectStatus::Suspended),
            _ => None,
        }
    }
}

/// Capital given to a project for a budget year from a source; carried from
/// an earlier year when `carried_from` says so.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Allocation {
    pub year: i32,
    pub source: String,
    pub amount: Quantity,
    #[serde(default)]
    pub carried_from: Option<i32>,
}

/// Money paid out of a year's allocation.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Disbursement {
    pub year: i32,
    pub source: String,
    pub amount: Quantity,
    pub on: Date,
    #[serde(default)]
    pub note: Option<String>,
}

/// A project.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Project {
    pub code: String,
    pub name: String,
    /// Commune codes it serves.
    #[serde(default)]
    pub communes: Vec<String>,
    /// Criterion (or indicator) codes it serves.
    #[serde(default)]
    pub criteria: Vec<String>,
    /// Chủ đầu tư.
    pub owner: String,
    pub status: ProjectStatus,
    #[serde(default)]
    pub planned_end: Option<Date>,
    #[serde(default)]
    pub allocations: Vec<Allocation>,
    #[serde(default)]
    pub disbursements: Vec<Disbursement>,
}

fn sum(amounts: impl Iterator<Item = Quantity>) -> Quantity {
    Quantity::from_raw(amounts.map(|q| q.raw()).fold(0i64, i64::saturating_add))
}

impl Project {
    /// Allocated for a year (and source, if given), carried-over amounts included.
    pub fn allocated(&self, year: i32, source: Option<&str>) -> Quantity {
        sum(self
            .allocations
            .iter()
            .filter(|a| a.year == year && source.is_none_or(|s| a.source == s))
            .map(|a| a.amount))
    }

    /// The part of a year's allocation carried over from an earlier year.
    pub fn carried_in(&self, year: i32, source: Option<&str>) -> Quantity {
        sum(self
            .allocations
            .iter()
            .filter(|a| a.year == year && a.carried_from.is_some() && source.is_none_or(|s| a.source == s))
            .map(|a| a.amount))
    }

    pub fn disbursed(&self, year: i32, source: Option<&str>) -> Quantity {
        sum(self
            .disbursements
            .iter()
            .filter(|d| d.year == year && source.is_none_or(|s| d.source == s))
            .map(|d| d.amount))
    }

    /// Every amount ever allocated, across years.
    pub fn allocated_total(&self) -> Quantity {
        sum(self.allocations.iter().map(|a| a.amount))
    }

    /// Moves an unspent amount of a source from one year's allocation to the
    /// next (chuyển nguồn): the total across years stays the same.
    pub fn carry_over(&mut self, from: i32, to: i32, source: &str, amount: Quantity) -> Result<(), String> {
        if to <= from {
            return Err(format!(
                "chuyển nguồn từ năm {from} sang năm {to}: năm nhận phải sau năm chuyển"
            ));
        }
        if amount.raw() <= 0 {
            return Err("số chuyển nguồn phải lớn hơn 0".into());
        }
        let unspent = self.allocated(from, Some(source)).raw() - self.disbursed(from, Some(source)).raw();
        if amount.raw() > unspent {
            return Err(format!(
                "năm {from} nguồn {source} chỉ còn {} triệu đồng chưa giải ngân, không chuyển được {}",
                Quantity::from_raw(unspent.max(0)).to_vi_string(),
                amount.to_vi_string()
            ));
        }
        self.allocations.push(Allocation {
            year: from,
            source: source.to_string(),
            amount: Quantity::from_raw(-amount.raw()),
            carried_from: None,
        });
        self.allocations.push(Allocation {
            year: to,
            source: source.to_string(),
            amount,
            carried_from: Some(from),
        });
        Ok(())
    }

    /// What looks wrong: more paid out than allocated; past its planned end
    /// and not complete.
    pub fn findings(&self, today: Date) -> Vec<String> {
        let mut found = Vec::new();
        let mut keys: Vec<(i32, &str)> = self
            .disbursements
            .iter()
            .map(|d| (d.year, d.source.as_str()))
            .collect();
        keys.sort_unstable();
        keys.dedup();
        for (year, source) in keys {
            let (paid, given) = (
                self.disbursed(year, Some(source)),
                self.allocated(year, Some(source)),
            );
            if paid > given {
                found.push(format!(
                    "Dự án {} giải ngân {} triệu đồng nguồn {source} năm {year}, vượt số vốn được giao ({})",
                    self.name,
                    paid.to_vi_string(),
                    given.to_vi_string()
                ));
            }
        }
        if self.is_behind(today) {
            found.push(format!(
                "Dự án {} quá thời hạn hoàn thành ({}) nhưng chưa hoàn thành",
                self.name,
                self.planned_end
                    .map(crate::validity::format_date_vi)
                    .unwrap_or_default()
            ));
        }
        found
    }

    /// Past its planned end and not complete, or behind in paying out its
    /// year's allocation by more than a quarter of the year.
    pub fn is_behind(&self, today: Date) -> bool {
        if matches!(self.status, ProjectStatus::Completed) {
            return false;
        }
        if self.planned_end.is_some_and(|end| today > end) {
            return true;
        }
        let year = today.year();
        let given = self.allocated(year, None);
        if given.raw() <= 0 {
            return false;
        }
        let start = Date::from_calendar_date(year, Month::January, 1).unwrap_or(today);
        let elapsed = i128::from((today - start).whole_days().clamp(0, 365)) * 10_000 / 365;
        let paid = i128::from(self.disbursed(year, None).raw()) * 10_000 / i128::from(given.raw());
        paid + 2_500 < elapsed
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::macros::date;

    fn q(s: &str) -> Quantity {
        Quantity::parse_vi(s).expect("amount")
    }

    fn project() -> Project {
        Project {
            code: "DA01".into(),
            name: "Đường trục bản Pho".into(),
            communes: vec!["03577".into()],
            criteria: vec!["2".into()],
            owner: "UBND xã Bản Lang".into(),
            status: ProjectStatus::Ongoing,
            planned_end: Some(date!(2024 - 12 - 31)),
            allocations: vec![Allocation {
                year: 2022,
                source: "tw.dtpt".into(),
                amount: q("5.939"),
                carried_from: None,
            }],
            disbursements: Vec::new(),
        }
    }

    #[test]
    fn carrying_over_moves_money_without_making_or_losing_any() {
        let mut p = project();
        let before = p.allocated_total();
        p.carry_over(2022, 2023, "tw.dtpt", q("5.939")).expect("carry");
        assert_eq!(p.allocated_total(), before);
        assert_eq!(p.allocated(2022, None), Quantity::ZERO);
        assert_eq!(p.allocated(2023, Some("tw.dtpt")), q("5.939"));
        assert_eq!(p.carried_in(2023, None), q("5.939"));
        // Only what is unspent can move.
        assert!(p.carry_over(2023, 2024, "tw.dtpt", q("6.000")).is_err());
        assert!(p.carry_over(2023, 2022, "tw.dtpt", q("1")).is_err());
    }

    #[test]
    fn paying_out_more_than_allocated_is_found_and_lateness_too() {
        let mut p = project();
        p.disbursements.push(Disbursement {
            year: 2022,
            source: "tw.dtpt".into(),
            amount: q("6.000"),
            on: date!(2022 - 12 - 20),
            note: None,
        });
        let found = p.findings(date!(2023 - 01 - 10));
        assert_eq!(found.len(), 1);
        assert!(found[0].contains("vượt số vốn được giao (5.939)"), "{found:?}");
        assert!(
            p.findings(date!(2025 - 01 - 10))
                .iter()
                .any(|f| f.contains("quá thời hạn hoàn thành"))
        );
    }
}
