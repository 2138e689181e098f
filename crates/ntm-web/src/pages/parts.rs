//! Pieces several pages share: the period picker, status badges, the
//! period and notice in the address.

use maud::{Markup, html};
use ntm_app::{AppError, Program};
use ntm_core::evaluation::{CriterionStatus, IndicatorStatus};
use ntm_core::period::Period;
use serde::Deserialize;

/// What most pages read from the address.
#[derive(Debug, Default, Deserialize)]
pub struct PeriodQuery {
    pub period: Option<String>,
    pub set: Option<String>,
    /// The overview of an earlier period under today's units.
    pub today: Option<String>,
}

/// The period asked for, or the newest with data.
pub async fn period_of(program: &Program, asked: Option<&str>) -> Result<Period, AppError> {
    match asked.map(str::trim).filter(|p| !p.is_empty()) {
        Some(p) => p
            .parse()
            .map_err(|e: ntm_core::period::PeriodError| AppError::BadRequest(e.to_string())),
        None => program.default_period().await,
    }
}

/// The period asked for, or the newest with data in which the unit exists.
pub async fn period_of_unit(program: &Program, asked: Option<&str>, code: &str) -> Result<Period, AppError> {
    match asked.map(str::trim).filter(|p| !p.is_empty()) {
        Some(_) => period_of(program, asked).await,
        None => program.default_period_for(code).await,
    }
}

/// A GET form choosing the period of the page.
pub async fn period_picker(program: &Program, action: &str, current: Period) -> Result<Markup, AppError> {
    let mut periods = program.periods().await?;
    if !periods.contains(&current) {
        periods.push(current);
        periods.sort_by(|a, b| b.cmp(a));
    }
    Ok(html! {
        form.toolbar method="get" action=(action) {
            div {
                label for="period" { "Kỳ báo cáo" }
                select id="period" name="period" {
                    @for p in &periods {
                        option value=(p.code()) selected[*p == current] { (p.label_vi()) }
                    }
                }
            }
            button.secondary type="submit" { "Xem" }
        }
    })
}

pub fn criterion_class(status: CriterionStatus) -> &'static str {
    match status {
        CriterionStatus::Met => "met",
        CriterionStatus::NotMet => "not-met",
        CriterionStatus::NoData => "no-data",
    }
}

pub fn criterion_badge(status: CriterionStatus) -> Markup {
    html! { span class={"status " (criterion_class(status))} { (status.name_vi()) } }
}

pub fn indicator_badge(status: IndicatorStatus) -> Markup {
    let class = match status {
        IndicatorStatus::Met | IndicatorStatus::NotApplicable => "met",
        IndicatorStatus::NotMet => "not-met",
        IndicatorStatus::NoValue | IndicatorStatus::NoThreshold => "no-data",
    };
    html! { span class={"status " (class)} { (status.name_vi()) } }
}

/// The address of a unit's page for a period.
pub fn unit_href(code: &str, period: Period) -> String {
    format!("/units/{code}?period={}", period.code())
}

/// The address of an aggregate unit's overview for a period.
pub fn overview_href(code: &str, period: Period) -> String {
    format!("/overview/{code}?period={}", period.code())
}

/// A unit's page or overview, by its kind.
pub fn unit_or_overview_href(code: &str, kind: ntm_core::unit::UnitKind, period: Period) -> String {
    if kind.is_aggregate() {
        overview_href(code, period)
    } else {
        unit_href(code, period)
    }
}

/// A Vietnamese count: 1.234.
pub fn count_vi(n: usize) -> String {
    ntm_core::quantity::group_thousands(n as u64)
}

/// A year an address names, within the years periods have; else a bad
/// request naming `what` ("năm kế hoạch") and the range.
pub fn page_year(year: i32, what: &str) -> Result<i32, AppError> {
    if ntm_core::period::is_valid_year(year) {
        Ok(year)
    } else {
        Err(AppError::BadRequest(format!(
            "{what} {year} ngoài khoảng {}",
            ntm_core::period::YEARS_TEXT
        )))
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn counts_group_thousands_with_dots() {
        assert_eq!(super::count_vi(7), "7");
        assert_eq!(super::count_vi(1234), "1.234");
        assert_eq!(super::count_vi(16021), "16.021");
        assert_eq!(super::count_vi(1_000_000), "1.000.000");
    }
}
