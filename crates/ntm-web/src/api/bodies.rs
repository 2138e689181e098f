//! The JSON bodies whose types live in the application (`ntm-app`,
//! `ntm-core`, which know nothing of OpenAPI), described for the document.
//! A test deserialises each example into the real type, so the description
//! cannot drift from what the server reads.

use serde::Deserialize;
use utoipa::ToSchema;

/// What a reopening opens.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "scope", content = "code", rename_all = "snake_case")]
#[allow(dead_code)]
pub enum LockScopeBody {
    /// All of the unit's period.
    Unit,
    /// One criterion (its code, "8").
    Criterion(String),
    /// One indicator (its code, "2.2").
    Indicator(String),
}

/// An action on a period's reporting cycle.
#[derive(Debug, Deserialize, ToSchema)]
#[serde(tag = "action", rename_all = "snake_case")]
#[allow(dead_code)]
pub enum CycleActionBody {
    /// A commune (or an agency for it) sends its report.
    Submit {
        unit: String,
        /// The agency reporting, when an agency does.
        agency: Option<String>,
    },
    /// The office accepts a report.
    Accept {
        unit: String,
        agency: Option<String>,
        comment: Option<String>,
    },
    /// The office returns a report, saying why.
    Return {
        unit: String,
        agency: Option<String>,
        comment: String,
    },
    /// The office approves (and locks) units' figures.
    Approve { units: Vec<String> },
    /// The office reopens a locked period narrowly, until a date.
    Reopen {
        unit: String,
        scope: LockScopeBody,
        reason: String,
        /// The last day it is open (ISO 8601: "2024-04-30").
        #[schema(value_type = String, format = Date)]
        until: String,
    },
}

/// A commune's contribution for a year (numbers as plain decimals: "0.2").
#[derive(Debug, Deserialize, ToSchema)]
#[allow(dead_code)]
pub struct ContributionBody {
    #[schema(minimum = 2000, maximum = 2100)]
    pub year: i32,
    /// The project it went to, if one.
    pub project: Option<String>,
    /// Million VND, e.g. "12.5".
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]{1,4})?$")]
    pub cash: Option<String>,
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]{1,4})?$")]
    pub labour_days: Option<String>,
    /// Million VND per labour day (0.2 = 200.000 đồng).
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]{1,4})?$")]
    pub day_rate: Option<String>,
    #[schema(pattern = r"^-?[0-9]+(\.[0-9]{1,4})?$")]
    pub land_m2: Option<String>,
    #[schema(minimum = 0)]
    pub households: Option<u32>,
    pub note: Option<String>,
}

#[cfg(test)]
mod tests {
    use ntm_app::plans::CycleAction;
    use ntm_core::money::Contribution;

    #[test]
    fn the_documented_bodies_are_what_the_server_reads() {
        let reopen = r#"{"action": "reopen", "unit": "03550", "scope": {"scope": "indicator", "code": "2.2"},
                         "reason": "bổ sung biên bản", "until": "2024-04-30"}"#;
        let action: CycleAction = serde_json::from_str(reopen).expect("reopen");
        assert!(matches!(action, CycleAction::Reopen { .. }));
        let _: super::CycleActionBody = serde_json::from_str(reopen).expect("documented");
        for other in [
            r#"{"action": "submit", "unit": "03550"}"#,
            r#"{"action": "return", "unit": "03550", "comment": "thiếu biên bản"}"#,
            r#"{"action": "approve", "units": ["03550", "03553"]}"#,
        ] {
            let _: CycleAction = serde_json::from_str(other).expect(other);
            let _: super::CycleActionBody = serde_json::from_str(other).expect(other);
        }
        let gift =
            r#"{"year": 2024, "cash": "12.5", "labour_days": "300", "day_rate": "0.2", "households": 41}"#;
        let c: Contribution = serde_json::from_str(gift).expect("contribution");
        assert_eq!(c.households, Some(41));
        let _: super::ContributionBody = serde_json::from_str(gift).expect("documented");
    }
}
