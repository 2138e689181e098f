//! Prints the national-scale figures recorded in BENCHMARKS.md: generation,
//! cold start from SQLite, whole-country and one-province aggregates in memory,
//! a write followed by a fresh read, and peak memory.
//!
//! cargo run --release -p ntm-bench --bin national-report [-- DATABASE_PATH]

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::Result;
use ntm_app::Program;
use ntm_bench::{bench_catalog, default_database, national_store, peak_rss_mib, rss_mib};
use ntm_core::period::Period;
use ntm_core::unit::UnitKind;
use ntm_core::value::IndicatorValue;
use ntm_store::{ValueBatch, ValueWrite};

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v[v.len() / 2]
}

fn machine() -> String {
    let cpu = std::fs::read_to_string("/proc/cpuinfo")
        .ok()
        .and_then(|c| {
            c.lines()
                .find(|l| l.starts_with("model name"))
                .map(|l| l.split(':').nth(1).unwrap_or("").trim().to_string())
        })
        .unwrap_or_else(|| "?".into());
    let cores = std::thread::available_parallelism().map(|n| n.get()).unwrap_or(0);
    let mem = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|m| {
            m.lines()
                .next()
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|k| k.parse::<f64>().ok())
        })
        .map(|k| format!("{:.0} GiB", k / 1024.0 / 1024.0))
        .unwrap_or_else(|| "?".into());
    format!("{cpu}, {cores} cores, {mem}")
}

/// Drops the OS page cache when allowed (root on a real kernel), so that the
/// cold start really reads the file from disk.
fn drop_page_cache() -> bool {
    std::process::Command::new("sync").status().is_ok()
        && std::fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

#[tokio::main]
async fn main() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(Into::into)
        .unwrap_or_else(default_database);
    println!("machine: {}", machine());
    println!("database: {}", path.display());
    let (store, generated) = national_store(&path).await?;
    if let Some(g) = generated {
        println!(
            "generated: {} units ({} commune-level, {} villages), {} values in {:.1} s",
            g.units,
            g.communes,
            g.villages,
            g.values,
            g.elapsed.as_secs_f64()
        );
    }
    drop(store);
    let size = std::fs::metadata(&path)
        .map(|m| m.len() as f64 / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    println!("database size: {size:.0} MiB");

    let period = Period::year(2025);
    let dropped = drop_page_cache();
    let rss_before = rss_mib().unwrap_or(0.0);
    let t = Instant::now();
    let store = ntm_store::open(&path.display().to_string()).await?;
    let program = Program::open(Arc::clone(&store), bench_catalog()?).await?;
    let t_open = t.elapsed();
    let stats = program.stats("VN", period, None).await?;
    let t_first = t.elapsed();
    let values = program.period_values(period).await?;
    println!(
        "cold start ({}): open + migrate + hierarchy ({} units) {} · + values of {period} and {} ({} units, {} values each) and the first national figures {}",
        if dropped {
            "page cache dropped"
        } else {
            "page cache not dropped: not permitted here"
        },
        program.snapshot().await?.hierarchy.len(),
        ms(t_open),
        period.year_earlier(),
        values.unit_count(),
        values.observation_count(),
        ms(t_first)
    );
    drop(values);
    let t = Instant::now();
    let reloaded = store.load_period(period, program.keys()).await?;
    println!(
        "load one period's values from SQLite (warm page cache): {} ({} values)",
        ms(t.elapsed()),
        reloaded.observation_count()
    );
    drop(reloaded);

    println!(
        "national figures: {} communes, average {} criteria, {} at standard, {} villages, {} findings",
        stats.communes,
        stats.average_criteria_text,
        stats.standard_met.count,
        stats.villages.as_ref().map_or(0, |v| v.total),
        stats.findings.len()
    );

    let mut national = Vec::new();
    for _ in 0..15 {
        let t = Instant::now();
        let s = program.stats("VN", period, None).await?;
        national.push(t.elapsed());
        assert_eq!(s.communes, stats.communes);
    }
    println!(
        "whole country, evaluate + every aggregate, in memory: median {} (of 15)",
        ms(median(national))
    );

    let snapshot = program.snapshot().await?;
    let provinces: Vec<String> = snapshot
        .hierarchy
        .units()
        .iter()
        .filter(|u| u.kind == UnitKind::Province)
        .map(|u| u.code.to_string())
        .collect();
    let mut per_province = Vec::new();
    for code in &provinces {
        let t = Instant::now();
        program.stats(code, period, None).await?;
        per_province.push(t.elapsed());
    }
    let (slowest, max) = provinces
        .iter()
        .zip(&per_province)
        .max_by_key(|(_, d)| **d)
        .map(|(c, d)| (c.clone(), *d))
        .unwrap_or_default();
    let biggest = snapshot
        .hierarchy
        .unit(snapshot.hierarchy.resolve(&slowest.parse()?, period)?.id)
        .map(|u| {
            snapshot
                .hierarchy
                .descendants_at(u.id, period.end(), &[UnitKind::Commune, UnitKind::Village])
                .len()
        })
        .unwrap_or(0);
    println!(
        "one province: median {}, slowest {} (of {}; the slowest, {slowest}, has {biggest} communes and villages)",
        ms(median(per_province.clone())),
        ms(max),
        provinces.len()
    );

    // A write, then the next read: the new value must show. The value of
    // indicator 19.1 (yes/no) of one commune is flipped, which flips its
    // criterion 19 (19.2 is met there or not, either way the count moves or
    // the commune's status does).
    let commune = snapshot
        .hierarchy
        .units()
        .iter()
        .find(|u| u.kind == UnitKind::Commune)
        .cloned();
    let set = program.catalog().set("bench-xa").cloned();
    if let (Some(commune), Some(set)) = (commune, set) {
        let (_, indicator) = set
            .indicators()
            .find(|(_, i)| i.code == "19.1")
            .ok_or_else(|| anyhow::anyhow!("19.1"))?;
        let now = program
            .period_values(period)
            .await?
            .unit(commune.id)
            .and_then(|o| o.value(indicator.key));
        let flipped = match now {
            Some(IndicatorValue::YesNo(v)) => IndicatorValue::YesNo(!v),
            _ => IndicatorValue::YesNo(true),
        };
        let status = |s: &ntm_core::aggregate::Stats| {
            s.per_commune
                .iter()
                .find(|c| c.code == commune.code.as_str())
                .map(|c| c.met)
                .unwrap_or(0)
        };
        let before = program.stats("VN", period, None).await?;
        let write = ValueWrite {
            unit: commune.id,
            period,
            indicator: indicator.key,
            value: Some(flipped),
            note: None,
            evidence: Vec::new(),
            by: "thử tải".into(),
            at: "2026-01-01T00:00:00Z".into(),
        };
        let t = Instant::now();
        store
            .write_values(
                ValueBatch {
                    values: vec![write],
                    assessments: vec![],
                },
                program.keys(),
            )
            .await?;
        let t_write = t.elapsed();
        let t = Instant::now();
        let after = program.stats("VN", period, None).await?;
        let t_read = t.elapsed();
        println!(
            "write one value: {} · next national read (picks it up): {} · {} {} criteria met before, {} after",
            ms(t_write),
            ms(t_read),
            commune.full_name(),
            status(&before),
            status(&after)
        );
    }
    println!(
        "memory: {:.0} MiB resident before opening, {:.0} MiB now, peak {:.0} MiB",
        rss_before,
        rss_mib().unwrap_or(0.0),
        peak_rss_mib().unwrap_or(0.0)
    );
    drop(program);
    match std::env::var("NTM_BENCH_POSTGRES_URL") {
        Ok(url) => postgres_section(&url).await?,
        Err(_) => println!("postgres: skipped (set NTM_BENCH_POSTGRES_URL to a database to measure it)"),
    }
    Ok(())
}

/// The same figures on PostgreSQL, when `NTM_BENCH_POSTGRES_URL` names a
/// database: generation (first time), cold start, one period's load, and a
/// write through one program instance read by another (two server processes).
async fn postgres_section(url: &str) -> Result<()> {
    let store = ntm_store::open(url).await?;
    if store.latest_change().await? == 0 {
        let g = ntm_bench::generate(Arc::clone(&store)).await?;
        println!(
            "postgres: generated {} values in {:.1} s",
            g.values,
            g.elapsed.as_secs_f64()
        );
    }
    drop(store);
    let period = Period::year(2025);
    let t = Instant::now();
    let store = ntm_store::open(url).await?;
    let a = Program::open(Arc::clone(&store), bench_catalog()?).await?;
    let t_open = t.elapsed();
    let first = a.stats("VN", period, None).await?;
    println!(
        "postgres cold start: open + hierarchy {} · + two periods and the first national figures {}",
        ms(t_open),
        ms(t.elapsed())
    );
    let t = Instant::now();
    let loaded = store.load_period(period, a.keys()).await?;
    println!(
        "postgres: load one period's values {} ({} values)",
        ms(t.elapsed()),
        loaded.observation_count()
    );
    drop(loaded);
    // A second "process" on the same database.
    let b = Program::open(ntm_store::open(url).await?, bench_catalog()?).await?;
    b.stats("VN", period, None).await?;
    let snapshot = a.snapshot().await?;
    let commune = snapshot
        .hierarchy
        .units()
        .iter()
        .find(|u| u.kind == UnitKind::Commune)
        .map(|u| u.id);
    let set = a.catalog().set("bench-xa").cloned();
    if let (Some(unit), Some(set)) = (commune, set) {
        let (_, indicator) = set
            .indicators()
            .find(|(_, i)| i.code == "19.1")
            .ok_or_else(|| anyhow::anyhow!("19.1"))?;
        let current = a
            .period_values(period)
            .await?
            .unit(unit)
            .and_then(|o| o.value(indicator.key));
        let flipped = match current {
            Some(IndicatorValue::YesNo(v)) => IndicatorValue::YesNo(!v),
            _ => IndicatorValue::YesNo(false),
        };
        let write = ValueWrite {
            unit,
            period,
            indicator: indicator.key,
            value: Some(flipped),
            note: None,
            evidence: Vec::new(),
            by: "thử tải".into(),
            at: "2026-01-01T00:00:00Z".into(),
        };
        a.store()
            .write_values(
                ValueBatch {
                    values: vec![write],
                    assessments: vec![],
                },
                a.keys(),
            )
            .await?;
        let t = Instant::now();
        let seen_by_b = b
            .period_values(period)
            .await?
            .unit(unit)
            .and_then(|o| o.value(indicator.key));
        println!(
            "postgres: a value written through one instance is read by another {}: {}",
            ms(t.elapsed()),
            if seen_by_b == Some(flipped) {
                "the new value"
            } else {
                "NOT the new value"
            }
        );
    }
    let mut national = Vec::new();
    for _ in 0..10 {
        let t = Instant::now();
        let s = a.stats("VN", period, None).await?;
        national.push(t.elapsed());
        assert_eq!(s.communes, first.communes);
    }
    println!(
        "postgres: whole country in memory, refresh included: median {}",
        ms(median(national))
    );
    Ok(())
}
