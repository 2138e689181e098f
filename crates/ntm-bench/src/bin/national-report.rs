//! Prints the national-scale figures recorded in BENCHMARKS.md: generation,
//! cold start from SQLite, whole-country and one-province aggregates in memory,
//! a write followed by a fresh read, peak memory; and the same on PostgreSQL
//! when `NTM_BENCH_POSTGRES_URL` names a database.
//!
//! cargo run --release -p ntm-bench --bin national-report [-- DATABASE_PATH]

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use ntm_app::Program;
use ntm_bench::{
    bench_actor as actor, bench_catalog, default_database, generate, national_store, peak_rss_mib, rss_mib,
};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitKind};
use ntm_core::value::IndicatorValue;
use ntm_store::prelude::*;
use ntm_store::{ValueBatch, ValueWrite};

const PERIOD: Period = Period::year(2025);

fn ms(d: Duration) -> String {
    format!("{:.1} ms", d.as_secs_f64() * 1000.0)
}

fn median(mut v: Vec<Duration>) -> Duration {
    v.sort();
    v.get(v.len() / 2).copied().unwrap_or_default()
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

/// Drops the OS page cache when allowed, so that the cold start reads from disk.
fn drop_page_cache() -> bool {
    std::process::Command::new("sync").status().is_ok()
        && std::fs::write("/proc/sys/vm/drop_caches", "3\n").is_ok()
}

/// Opens the database as a starting server would and computes the first
/// national figures; prints how long each step took.
async fn cold_start(label: &str, url: &str) -> Result<(Arc<dyn Store>, Program)> {
    let t = Instant::now();
    let store = ntm_store::open(url).await?;
    let program = Program::open(Arc::clone(&store), bench_catalog()?).await?;
    let t_open = t.elapsed();
    let stats = program.stats(&actor(), "VN", PERIOD, None).await?;
    println!(
        "{label} cold start: open, migrate, hierarchy ({} units) {} · + values of {PERIOD} and {} and the first national figures {}",
        program.snapshot().await?.hierarchy.len(),
        ms(t_open),
        PERIOD.year_earlier(),
        ms(t.elapsed())
    );
    println!(
        "{label} national figures: {} communes ({} with data), average {} criteria, {} meeting every criterion, {} villages",
        stats.communes,
        stats.communes_with_data,
        stats.average_criteria_text.as_deref().unwrap_or("-"),
        stats.all_criteria_met.count,
        stats.villages.as_ref().map_or(0, |v| v.total)
    );
    let t = Instant::now();
    let loaded = store.load_period(PERIOD, &program.keys()).await?;
    println!(
        "{label} load one period's values: {} ({} values)",
        ms(t.elapsed()),
        loaded.observation_count()
    );
    Ok((store, program))
}

/// Median time of the whole country's figures (freshness check included).
async fn national_median(program: &Program, runs: usize) -> Result<Duration> {
    let mut times = Vec::with_capacity(runs);
    for _ in 0..runs {
        let t = Instant::now();
        program.stats(&actor(), "VN", PERIOD, None).await?;
        times.push(t.elapsed());
    }
    Ok(median(times))
}

/// Flips indicator 19.1 (yes/no) of the first commune through `writer`, then
/// times `reader`'s next read of that value. Returns (write, read, seen).
async fn flip_and_read(writer: &Program, reader: &Program) -> Result<(Duration, Duration, bool, Unit)> {
    let snapshot = writer.snapshot().await?;
    let commune = snapshot
        .hierarchy
        .units()
        .iter()
        .find(|u| u.kind == UnitKind::Commune)
        .cloned()
        .ok_or_else(|| anyhow!("no commune"))?;
    let catalog = writer.catalog();
    let set = catalog.set("bench-xa").ok_or_else(|| anyhow!("bench-xa"))?;
    let (_, indicator) = set
        .indicators()
        .find(|(_, i)| i.code == "19.1")
        .ok_or_else(|| anyhow!("19.1"))?;
    let key = indicator.key;
    let flipped = match writer
        .period_values(PERIOD)
        .await?
        .unit(commune.id)
        .and_then(|o| o.value(key))
    {
        Some(IndicatorValue::YesNo(v)) => IndicatorValue::YesNo(!v),
        _ => IndicatorValue::YesNo(true),
    };
    let write = ValueWrite {
        unit: commune.id,
        period: PERIOD,
        indicator: key,
        value: Some(flipped),
        provenance: ntm_core::value::Provenance::Entered,
        note: None,
        evidence: Vec::new(),
        expected_version: None,
    };
    let t = Instant::now();
    writer
        .store()
        .write_values(
            ValueBatch {
                values: vec![write],
                assessments: vec![],
                context: ntm_bench::bench_context(),
            },
            &writer.keys(),
        )
        .await?;
    let t_write = t.elapsed();
    let t = Instant::now();
    reader.stats(&actor(), "VN", PERIOD, None).await?;
    let t_read = t.elapsed();
    let seen = reader
        .period_values(PERIOD)
        .await?
        .unit(commune.id)
        .and_then(|o| o.value(key))
        == Some(flipped);
    Ok((t_write, t_read, seen, commune))
}

async fn sqlite_section() -> Result<()> {
    let path = std::env::args()
        .nth(1)
        .map(Into::into)
        .unwrap_or_else(default_database);
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
    let label = if drop_page_cache() {
        "sqlite (page cache dropped)"
    } else {
        "sqlite (page cache kept: not permitted)"
    };
    let rss_before = rss_mib().unwrap_or(0.0);
    let (_, program) = cold_start(label, &path.display().to_string()).await?;
    println!(
        "whole country, evaluate + every aggregate, in memory: median {} (of 15)",
        ms(national_median(&program, 15).await?)
    );

    let snapshot = program.snapshot().await?;
    let provinces: Vec<&Unit> = snapshot
        .hierarchy
        .units()
        .iter()
        .filter(|u| u.kind == UnitKind::Province)
        .collect();
    let mut times = Vec::new();
    for p in &provinces {
        let t = Instant::now();
        program.stats(&actor(), p.code.as_str(), PERIOD, None).await?;
        times.push((t.elapsed(), *p));
    }
    let (max, slowest) = times
        .iter()
        .max_by_key(|(d, _)| *d)
        .copied()
        .ok_or_else(|| anyhow!("no province"))?;
    let size = snapshot
        .hierarchy
        .descendants_at(slowest.id, PERIOD.end(), &[UnitKind::Commune, UnitKind::Village])
        .len();
    println!(
        "one province: median {}, slowest {} (of {}; the slowest, {}, has {size} communes and villages)",
        ms(median(times.iter().map(|(d, _)| *d).collect())),
        ms(max),
        provinces.len(),
        slowest.full_name()
    );
    let (t_write, t_read, seen, commune) = flip_and_read(&program, &program).await?;
    println!(
        "write one value ({}): {} · next national read: {} · the read shows the new value: {seen}",
        commune.full_name(),
        ms(t_write),
        ms(t_read)
    );
    println!(
        "memory: {:.0} MiB resident before opening, {:.0} MiB now, peak {:.0} MiB",
        rss_before,
        rss_mib().unwrap_or(0.0),
        peak_rss_mib().unwrap_or(0.0)
    );
    Ok(())
}

/// Two program instances on one PostgreSQL database stand for two server
/// processes: a write through one shows in the other's next read.
async fn postgres_section(url: &str) -> Result<()> {
    let store = ntm_store::open(url).await?;
    if store.latest_change().await? == 0 {
        let g = generate(Arc::clone(&store)).await?;
        println!(
            "postgres: generated {} values in {:.1} s",
            g.values,
            g.elapsed.as_secs_f64()
        );
    }
    drop(store);
    let (_, a) = cold_start("postgres", url).await?;
    let b = Program::open(ntm_store::open(url).await?, bench_catalog()?).await?;
    b.stats(&actor(), "VN", PERIOD, None).await?;
    let (t_write, t_read, seen, _) = flip_and_read(&a, &b).await?;
    println!(
        "postgres: write through one instance {} · the other's next national read {} · shows the new value: {seen}",
        ms(t_write),
        ms(t_read)
    );
    println!(
        "postgres: whole country in memory, freshness check included: median {}",
        ms(national_median(&a, 10).await?)
    );
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    println!("machine: {}", machine());
    sqlite_section().await?;
    match std::env::var("NTM_BENCH_POSTGRES_URL") {
        Ok(url) => postgres_section(&url).await?,
        Err(_) => println!("postgres: skipped (set NTM_BENCH_POSTGRES_URL to a database to measure it)"),
    }
    Ok(())
}
