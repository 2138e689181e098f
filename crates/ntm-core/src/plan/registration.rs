//! A commune's registration: a criterion (or one indicator) it undertakes to
//! complete in a year, with the owning agency and the capital it plans.

use time::{Date, Month};

use crate::agency::AgencyId;
use crate::evaluation::{CriterionStatus, IndicatorStatus};
use crate::quantity::Quantity;

#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Registration {
    pub year: i32,
    /// The namespace of the criteria set it is judged in ("xa-2021").
    pub namespace: String,
    pub criterion: String,
    /// One indicator only, or the whole criterion.
    #[serde(default)]
    pub indicator: Option<String>,
    /// The agency that supports it.
    #[serde(default)]
    pub agency: Option<AgencyId>,
    /// Planned capital, million VND.
    #[serde(default)]
    pub planned_capital: Option<Quantity>,
    #[serde(default)]
    pub note: Option<String>,
    /// Proposed by ntm's ranking and accepted by staff, rather than entered.
    #[serde(default)]
    pub proposed: bool,
}

/// How a registration stands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum RegistrationStatus {
    Met,
    InProgress,
    Missed,
}

impl RegistrationStatus {
    pub fn name_vi(self) -> &'static str {
        match self {
            RegistrationStatus::Met => "đã hoàn thành",
            RegistrationStatus::InProgress => "đang thực hiện",
            RegistrationStatus::Missed => "không hoàn thành",
        }
    }
}

/// Judges a registration from its subject's current status: met is met; not
/// met after the year's end is missed; otherwise in progress.
pub fn judge_registration(
    registration: &Registration,
    criterion: Option<CriterionStatus>,
    indicator: Option<IndicatorStatus>,
    day: Date,
) -> RegistrationStatus {
    let met = match &registration.indicator {
        Some(_) => indicator.is_some_and(IndicatorStatus::is_satisfied),
        None => criterion == Some(CriterionStatus::Met),
    };
    let year_end = Date::from_calendar_date(registration.year, Month::December, 31).unwrap_or(Date::MAX);
    if met {
        RegistrationStatus::Met
    } else if day > year_end {
        RegistrationStatus::Missed
    } else {
        RegistrationStatus::InProgress
    }
}
