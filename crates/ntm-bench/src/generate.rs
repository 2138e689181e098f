//! Writing the national dataset: units from the administrative-units data,
//! villages, and five years of values.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Context, Result, anyhow};
use ntm_core::criteria::{Catalog, CriteriaSet, IndicatorKind};
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::region::Region;
use ntm_core::unit::{Flag, Location, UnitId, UnitKind};
use ntm_core::validity::Validity;
use ntm_core::value::IndicatorValue;
use ntm_store::prelude::*;
use ntm_store::{ChangeSource, UnitChanges, UnitRef, UnitRow, ValueBatch, ValueWrite, WriteContext};

use crate::{YEARS, bench_catalog, repository_root};

/// Villages generated under each commune-level unit.
pub const VILLAGES_PER_COMMUNE: usize = 10;

/// What the generation wrote and how long it took.
#[derive(Debug, Clone)]
pub struct GenerationReport {
    pub units: usize,
    pub communes: usize,
    pub villages: usize,
    pub values: usize,
    pub elapsed: Duration,
}

#[derive(serde::Deserialize)]
struct UnitLine {
    code: String,
    kind: String,
    type_name: String,
    name: String,
    parent_code: String,
    lat: String,
    lon: String,
}

/// SplitMix64: a small deterministic generator (no randomness crate needed).
fn mix(mut x: u64) -> u64 {
    x = x.wrapping_add(0x9E37_79B9_7F4A_7C15);
    x = (x ^ (x >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    x = (x ^ (x >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    x ^ (x >> 31)
}

/// A number in [0, 1) from a seed.
fn unit_float(seed: u64) -> f64 {
    (mix(seed) >> 11) as f64 / (1u64 << 53) as f64
}

fn units_changes() -> Result<(UnitChanges, usize)> {
    let root = repository_root().join("data/units");
    let mut regions = HashMap::new();
    let mut reader = csv::Reader::from_path(root.join("regions.csv")).context("regions.csv")?;
    for row in reader.records() {
        let row = row?;
        let region: Region = row[1].parse().map_err(|e| anyhow!("{e}"))?;
        regions.insert(row[0].to_string(), region);
    }
    let mut changes = UnitChanges {
        context: bench_context(),
        ..UnitChanges::default()
    };
    changes.new_units.push(UnitRow {
        code: "VN".into(),
        kind: UnitKind::Country,
        type_name: String::new(),
        name: "Cả nước".into(),
        validity: Validity::ALWAYS,
        region: None,
        location: None,
    });
    let mut index: HashMap<String, usize> = HashMap::new();
    let mut communes = 0;
    let mut reader =
        csv::Reader::from_path(root.join("units-before-2025.csv")).context("units-before-2025.csv")?;
    for line in reader.deserialize::<UnitLine>() {
        let line = line?;
        let kind: UnitKind = line.kind.parse().map_err(|e| anyhow!("{e}"))?;
        let location = line
            .lat
            .parse()
            .ok()
            .zip(line.lon.parse().ok())
            .map(|(lat, lon)| Location { lat, lon });
        let region = if kind == UnitKind::Province {
            regions.get(&line.code).copied()
        } else {
            None
        };
        changes.new_units.push(UnitRow {
            code: line.code.clone(),
            kind,
            type_name: line.type_name,
            name: line.name.clone(),
            validity: Validity::ALWAYS,
            region,
            location,
        });
        let me = changes.new_units.len() - 1;
        index.insert(line.code.clone(), me);
        let parent = if line.parent_code.is_empty() {
            0
        } else {
            index[&line.parent_code]
        };
        changes
            .links
            .push((UnitRef::New(me), UnitRef::New(parent), Validity::ALWAYS));
        if matches!(kind, UnitKind::Commune | UnitKind::Ward | UnitKind::Town) {
            communes += 1;
            if kind == UnitKind::Commune && unit_float(me as u64) < 0.2 {
                changes.classifications.push((
                    UnitRef::New(me),
                    vec![ntm_core::unit::Classification {
                        flag: Flag::SpecialDifficulty,
                        validity: Validity::ALWAYS,
                        source: None,
                    }],
                ));
            }
            for v in 1..=VILLAGES_PER_COMMUNE {
                changes.new_units.push(UnitRow {
                    code: format!("{}-{v:02}", line.code),
                    kind: UnitKind::Village,
                    type_name: "Thôn".into(),
                    name: format!("Số {v:02} ({})", line.name),
                    validity: Validity::ALWAYS,
                    region: None,
                    location: None,
                });
                let village = changes.new_units.len() - 1;
                changes
                    .links
                    .push((UnitRef::New(village), UnitRef::New(me), Validity::ALWAYS));
            }
        }
    }
    Ok((changes, communes))
}

/// A deterministic value for a unit, indicator and year. `quality` in [0, 1)
/// makes some units strong everywhere; later years are better.
fn value_for(kind: IndicatorKind, code: &str, seed: u64, quality: f64, year: i32) -> IndicatorValue {
    let progress = f64::from(year - 2021) * 0.04;
    let noise = unit_float(seed) * 0.25;
    let level = (0.55 + quality * 0.35 + progress + noise).min(1.0);
    match kind {
        IndicatorKind::YesNo => IndicatorValue::YesNo(level > 0.75),
        IndicatorKind::Ratio => {
            let total = 50 + (mix(seed ^ 0xA5) % 450) as i64;
            let share = if ["11", "15.3"].contains(&code) {
                1.0 - level
            } else {
                level
            };
            let achieved = ((total as f64) * share).round() as i64;
            IndicatorValue::Ratio {
                achieved: Quantity::from_int(achieved.min(total)),
                total: Quantity::from_int(total),
            }
        }
        IndicatorKind::Number if code == "10" => {
            IndicatorValue::Number(Quantity::from_int((28.0 + level * 30.0) as i64))
        }
        IndicatorKind::Number => IndicatorValue::Number(Quantity::from_int(((1.0 - level) * 6.0) as i64)),
        IndicatorKind::Level => IndicatorValue::Level(0),
    }
}

fn batch_for(set: &CriteriaSet, units: &[(UnitId, u64)], year: i32) -> ValueBatch {
    let mut batch = ValueBatch {
        context: bench_context(),
        ..ValueBatch::default()
    };
    for (unit, seed) in units {
        let quality = unit_float(*seed ^ 0xC0FFEE);
        for (n, (_, indicator)) in set.indicators().enumerate() {
            let s = mix(*seed ^ ((n as u64) << 20) ^ (year as u64) << 40);
            batch.values.push(ValueWrite {
                unit: *unit,
                period: Period::year(year),
                indicator: indicator.key,
                value: Some(value_for(indicator.kind, &indicator.code, s, quality, year)),
                provenance: ntm_core::value::Provenance::Imported,
                note: None,
                evidence: Vec::new(),
                expected_version: None,
            });
        }
    }
    batch
}

/// What the audit trail records for generated data.
pub fn bench_context() -> WriteContext {
    WriteContext {
        by: "thử tải".into(),
        user: None,
        at: "2026-01-01T00:00:00Z".into(),
        source: ChangeSource::Benchmark,
    }
}

/// Writes the whole national dataset into an empty store.
pub async fn generate(store: Arc<dyn Store>) -> Result<GenerationReport> {
    let started = Instant::now();
    let catalog: Catalog = bench_catalog()?;
    let keys = store.sync_keys(&catalog).await?;
    let (changes, communes) = units_changes()?;
    let units = changes.new_units.len();
    store.write_units(changes).await?;
    let hierarchy = store.load_hierarchy().await?;
    let commune_set = catalog.set("bench-xa").ok_or_else(|| anyhow!("bench-xa"))?;
    let village_set = catalog.set("bench-thon").ok_or_else(|| anyhow!("bench-thon"))?;
    let of_kind = |kinds: &[UnitKind]| -> Vec<(UnitId, u64)> {
        hierarchy
            .units()
            .iter()
            .filter(|u| kinds.contains(&u.kind))
            .map(|u| (u.id, mix(u.id.0 as u64)))
            .collect()
    };
    let commune_units = of_kind(&[UnitKind::Commune]);
    let village_units = of_kind(&[UnitKind::Village]);
    let mut values = 0;
    for year in YEARS {
        for chunk in commune_units.chunks(2_000) {
            let batch = batch_for(commune_set, chunk, year);
            values += batch.values.len();
            store.write_values(batch, &keys).await?;
        }
        for chunk in village_units.chunks(10_000) {
            let batch = batch_for(village_set, chunk, year);
            values += batch.values.len();
            store.write_values(batch, &keys).await?;
        }
    }
    Ok(GenerationReport {
        units,
        communes,
        villages: village_units.len(),
        values,
        elapsed: started.elapsed(),
    })
}
