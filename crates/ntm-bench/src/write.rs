//! One value written into the national dataset, as an office would save it:
//! shared by `national-report` and the criterion benchmark of a write
//! followed by the next national read.

use anyhow::{Result, anyhow};
use ntm_app::Program;
use ntm_core::criteria::IndicatorKey;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::value::IndicatorValue;
use ntm_store::{ValueBatch, ValueWrite};

/// What was written: the commune, the indicator and the new value.
#[derive(Debug, Clone)]
pub struct Written {
    pub commune: Unit,
    pub indicator: IndicatorKey,
    pub value: IndicatorValue,
}

/// Flips indicator 19.1 (yes/no) of the first commune in `period` through
/// `program`'s store.
pub async fn flip_one_value(program: &Program, period: Period) -> Result<Written> {
    let snapshot = program.snapshot().await?;
    let commune = snapshot
        .hierarchy
        .units()
        .iter()
        .find(|u| u.kind == UnitKind::Commune)
        .cloned()
        .ok_or_else(|| anyhow!("no commune"))?;
    let catalog = program.catalog();
    let set = catalog.set("bench-xa").ok_or_else(|| anyhow!("bench-xa"))?;
    let (_, indicator) = set
        .indicators()
        .find(|(_, i)| i.code == "19.1")
        .ok_or_else(|| anyhow!("19.1"))?;
    let key = indicator.key;
    let now = program
        .unit_values(period, &[commune.id])
        .await?
        .unit(commune.id)
        .and_then(|o| o.value(key));
    let value = match now {
        Some(IndicatorValue::YesNo(v)) => IndicatorValue::YesNo(!v),
        _ => IndicatorValue::YesNo(true),
    };
    let write = ValueWrite {
        unit: commune.id,
        period,
        indicator: key,
        value: Some(value),
        provenance: ntm_core::value::Provenance::Entered,
        note: None,
        evidence: Vec::new(),
        expected_version: None,
    };
    program
        .store()
        .write_values(
            ValueBatch {
                values: vec![write],
                assessments: vec![],
                context: crate::bench_context(),
            },
            &program.keys(),
        )
        .await?;
    Ok(Written {
        commune,
        indicator: key,
        value,
    })
}
