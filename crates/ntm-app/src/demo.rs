//! The demo database: Lai Châu province with its real units before and after
//! the 2025 reorganisation, Phong Thổ's 2022 and 2023 criteria from its 2023
//! report, Mường Tè's 2023 criteria, the district quantities the reports give,
//! recognitions, agencies and the figures the reports state. The data files
//! (data/demo/) say which figure comes from which document and which were
//! filled in. Building it twice changes nothing the second time.

use std::sync::Arc;

use ntm_core::agency::{Agency, AgencyId, Ownership};
use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::{Recognition, Tier};
use ntm_core::reported::{Claim, ReportedFigure};
use ntm_core::unit::{Unit, UnitCode};
use ntm_core::validity::{Validity, parse_date};
use ntm_store::ReferenceBatch;
use ntm_store::prelude::*;
use serde::Deserialize;

use crate::accounts::access::Actor;
use crate::documents::import::ImportSummary;
use crate::error::{AppError, Result};
use crate::program::Program;

const UNITS: (&str, &str) = (
    "data/demo/lai-chau-units.csv",
    include_str!("../../../data/demo/lai-chau-units.csv"),
);
const SUCCESSIONS: (&str, &str) = (
    "data/demo/lai-chau-successions-2025.csv",
    include_str!("../../../data/demo/lai-chau-successions-2025.csv"),
);
const VALUES: (&str, &str) = (
    "data/demo/values.csv",
    include_str!("../../../data/demo/values.csv"),
);
const PLANS: (&str, &str) = (
    "data/demo/plans.toml",
    include_str!("../../../data/demo/plans.toml"),
);
const MONEY: (&str, &str) = (
    "data/demo/money.toml",
    include_str!("../../../data/demo/money.toml"),
);
const REFERENCE: (&str, &str) = (
    "data/demo/reference.toml",
    include_str!("../../../data/demo/reference.toml"),
);
/// Lai Châu after 1 July 2025 (tools/build_demo_2026.py): villages carried
/// into the new communes, commune groups, the province's departments and a
/// few 2026 values; the groups, owners and values are illustrative.
const VILLAGE_MOVES: (&str, &str) = (
    "data/demo/lai-chau-villages-2025.csv",
    include_str!("../../../data/demo/lai-chau-villages-2025.csv"),
);
const GROUPS: (&str, &str) = (
    "data/demo/lai-chau-groups-2026.csv",
    include_str!("../../../data/demo/lai-chau-groups-2026.csv"),
);
const VALUES_2026: (&str, &str) = (
    "data/demo/values-2026.csv",
    include_str!("../../../data/demo/values-2026.csv"),
);
const REFERENCE_2026: (&str, &str) = (
    "data/demo/reference-2026.toml",
    include_str!("../../../data/demo/reference-2026.toml"),
);

/// The namespace of the 2021-2025 commune values.
const COMMUNE_NAMESPACE: &str = "xa-2021";

/// What building the demo did.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct DemoSummary {
    pub units: ImportSummary,
    pub successions: ImportSummary,
    pub village_moves: ImportSummary,
    pub groups: ImportSummary,
    pub values: ImportSummary,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReferenceFile {
    #[serde(default)]
    recognitions: Vec<RecognitionEntry>,
    #[serde(default)]
    agencies: Vec<AgencyEntry>,
    #[serde(default)]
    ownerships: Vec<OwnershipEntry>,
    #[serde(default)]
    reported: Vec<ReportedEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RecognitionEntry {
    unit: String,
    tier: String,
    decision: String,
    decided_on: String,
    judged_under: Option<String>,
    note: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AgencyEntry {
    code: String,
    name: String,
    unit: String,
    valid_from: Option<String>,
    valid_to: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct OwnershipEntry {
    agency: String,
    namespace: Option<String>,
    criterion: String,
    indicator: Option<String>,
    /// From when (default: the 2023 assignment, until the districts ended).
    valid_from: Option<String>,
    basis: String,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ReportedEntry {
    unit: String,
    period: String,
    /// The document ("Báo cáo … năm 2023 của UBND huyện Phong Thổ").
    document: String,
    /// Where in it ("mục II.1.2.h").
    #[serde(default)]
    place: String,
    claim: Claim,
}

fn invalid(message: String) -> AppError {
    AppError::Invalid(format!("dữ liệu mẫu: {message}"))
}

fn date(text: &str) -> Result<time::Date> {
    parse_date(text).ok_or_else(|| invalid(format!("ngày \"{text}\" không hợp lệ")))
}

/// The unit a code names on a date.
fn unit_on<'h>(hierarchy: &'h Hierarchy, code: &str, day: time::Date) -> Result<&'h Unit> {
    let code: UnitCode = code
        .parse()
        .map_err(|e: ntm_core::unit::UnitCodeError| invalid(e.to_string()))?;
    hierarchy
        .units_with_code(&code)
        .find(|u| u.validity.contains(day))
        .ok_or_else(|| invalid(format!("không có đơn vị mã {code} ngày {day}")))
}

fn reference_batch(hierarchy: &Hierarchy, text: &str) -> Result<ReferenceBatch> {
    let file: ReferenceFile = toml::from_str(text).map_err(|e| invalid(e.to_string()))?;
    let mut batch = ReferenceBatch::default();
    for r in file.recognitions {
        let decided_on = date(&r.decided_on)?;
        batch.recognitions.push(Recognition {
            unit: unit_on(hierarchy, &r.unit, decided_on)?.id,
            tier: Tier::parse(&r.tier).ok_or_else(|| invalid(format!("hạng \"{}\"", r.tier)))?,
            decision: r.decision,
            decided_on,
            judged_under: r.judged_under,
            revoked_on: None,
            note: r.note,
        });
    }
    let decision_day = date("2023-08-03")?;
    let end_of_districts = date("2025-06-30")?;
    for a in &file.agencies {
        let validity = Validity::new(
            a.valid_from.as_deref().map(date).transpose()?,
            a.valid_to.as_deref().map(date).transpose()?,
        );
        batch.agencies.push(Agency {
            id: AgencyId(0),
            code: a.code.clone(),
            name: a.name.clone(),
            unit: unit_on(hierarchy, &a.unit, validity.from.unwrap_or(decision_day))?.id,
            validity,
        });
    }
    for o in file.ownerships {
        let agency = file
            .agencies
            .iter()
            .find(|a| a.code == o.agency)
            .ok_or_else(|| invalid(format!("không có cơ quan \"{}\"", o.agency)))?;
        let (validity, decision) = match o.valid_from.as_deref() {
            // The province's own assignments after the districts ended.
            Some(from) => (Validity::new(Some(date(from)?), None), o.basis.clone()),
            None => (
                Validity::new(Some(decision_day), Some(end_of_districts)),
                format!("2151/QĐ-UBND ngày 03/8/2023; {}", o.basis),
            ),
        };
        let on = validity.from.unwrap_or(decision_day);
        batch.ownerships.push((
            o.agency.clone(),
            Ownership {
                agency: AgencyId(0),
                namespace: o.namespace.unwrap_or_else(|| COMMUNE_NAMESPACE.to_string()),
                criterion: o.criterion,
                indicator: o.indicator,
                scope: unit_on(hierarchy, &agency.unit, on)?.id,
                validity,
                decision: Some(decision),
            },
        ));
    }
    for r in file.reported {
        let period: Period = r
            .period
            .parse()
            .map_err(|e: ntm_core::period::PeriodError| invalid(e.to_string()))?;
        let unit = unit_on(hierarchy, &r.unit, period.start())?;
        batch.reported.push(ReportedFigure {
            unit: unit.id,
            period,
            document: r.document,
            place: r.place,
            claim: r.claim,
        });
    }
    Ok(batch)
}

/// Builds (or completes) the demo in the given store and opens the program on it.
pub async fn build_demo(
    store: Arc<dyn Store>,
    catalog: Catalog,
    actor: &Actor,
) -> Result<(Program, DemoSummary)> {
    let program = Program::open(Arc::clone(&store), catalog).await?;
    let units = program
        .import_units_csv(actor, UNITS.0, UNITS.1.as_bytes())
        .await?;
    let successions = program
        .import_units_csv(actor, SUCCESSIONS.0, SUCCESSIONS.1.as_bytes())
        .await?;
    let village_moves = program
        .import_units_csv(actor, VILLAGE_MOVES.0, VILLAGE_MOVES.1.as_bytes())
        .await?;
    let groups = program
        .import_units_csv(actor, GROUPS.0, GROUPS.1.as_bytes())
        .await?;
    let mut values = program
        .import_values_csv(actor, VALUES.0, VALUES.1.as_bytes())
        .await?;
    let values_2026 = program
        .import_values_csv(actor, VALUES_2026.0, VALUES_2026.1.as_bytes())
        .await?;
    values.rows += values_2026.rows;
    values.created += values_2026.created;
    values.updated += values_2026.updated;
    values.unchanged += values_2026.unchanged;
    let snapshot = program.snapshot().await?;
    let mut batch = reference_batch(&snapshot.hierarchy, REFERENCE.1)?;
    let after_2025 = reference_batch(&snapshot.hierarchy, REFERENCE_2026.1)?;
    batch.recognitions.extend(after_2025.recognitions);
    batch.agencies.extend(after_2025.agencies);
    batch.ownerships.extend(after_2025.ownerships);
    batch.reported.extend(after_2025.reported);
    store
        .write_reference(ReferenceBatch {
            context: actor.context(),
            ..batch
        })
        .await?;
    program.refresh().await?;
    program.import_plan_file(actor, PLANS.0, PLANS.1).await?;
    program.import_money_file(actor, MONEY.0, MONEY.1).await?;
    Ok((
        program,
        DemoSummary {
            units,
            successions,
            village_moves,
            groups,
            values,
        },
    ))
}
