//! Prints the national-scale figures recorded in BENCHMARKS.md: generation,
//! cold start from SQLite, whole-country and one-province aggregates in memory,
//! a write followed by a fresh read, peak memory; and the same on PostgreSQL
//! when `NTM_BENCH_POSTGRES_URL` names a database.
//!
//! Beside ntm's figures it runs the same national aggregation as plain SQL
//! on PostgreSQL (`ntm_bench::sql_baseline`), checks that both give the same
//! figures and prints the ratio. It ends with a Markdown table of every aim,
//! met or not; `--write-benchmarks` puts that table into BENCHMARKS.md
//! (between its `national-report` markers) instead of leaving it to be copied.
//!
//! cargo run --release -p ntm-bench --bin national-report [-- [--write-benchmarks] [DATABASE_PATH]]

use std::sync::Arc;
use std::time::{Duration, Instant};

use anyhow::{Result, anyhow};
use ntm_app::Program;
use ntm_bench::aims::Aims;
use ntm_bench::sql_baseline::{self, SqlFigures};
use ntm_bench::write::flip_one_value;
use ntm_bench::{
    bench_actor as actor, bench_catalog, default_database, generate, national_store, peak_rss_mib, rss_mib,
};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitKind};
use ntm_store::prelude::*;

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

/// What a cold start measured.
struct ColdStart {
    open: Duration,
    first_figures: Duration,
    load_one_period: Duration,
    values_per_period: usize,
    units: usize,
}

/// Opens the database as a starting server would and computes the first
/// national figures; prints how long each step took.
async fn cold_start(label: &str, url: &str) -> Result<(Arc<dyn Store>, Program, ColdStart)> {
    let t = Instant::now();
    let store = ntm_store::open(url).await?;
    let program = Program::open(Arc::clone(&store), bench_catalog()?).await?;
    let t_open = t.elapsed();
    let stats = program.stats(&actor(), "VN", PERIOD, None).await?;
    let first_figures = t.elapsed();
    let units = program.snapshot().await?.hierarchy.len();
    println!(
        "{label} cold start: open, migrate, hierarchy ({units} units) {} · + values of {PERIOD} and {} and the first national figures {}",
        ms(t_open),
        PERIOD.year_earlier(),
        ms(first_figures)
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
    let load_one_period = t.elapsed();
    println!(
        "{label} load one period's values: {} ({} values)",
        ms(load_one_period),
        loaded.observation_count()
    );
    let measured = ColdStart {
        open: t_open,
        first_figures,
        load_one_period,
        values_per_period: loaded.observation_count(),
        units,
    };
    Ok((store, program, measured))
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

/// Flips one value through `writer`, then times `reader`'s next national
/// read and checks that it shows the value. Returns (write, read, seen).
async fn flip_and_read(writer: &Program, reader: &Program) -> Result<(Duration, Duration, bool, Unit)> {
    let t = Instant::now();
    let written = flip_one_value(writer, PERIOD).await?;
    let t_write = t.elapsed();
    let t = Instant::now();
    reader.stats(&actor(), "VN", PERIOD, None).await?;
    let t_read = t.elapsed();
    let seen = reader
        .period_values(PERIOD)
        .await?
        .unit(written.commune.id)
        .and_then(|o| o.value(written.indicator))
        == Some(written.value);
    Ok((t_write, t_read, seen, written.commune))
}

/// The aim of a write followed by a read: fresh, and the read under 25 ms.
fn write_then_read_aim(aims: &mut Aims, measure: &str, (write, read, seen): (Duration, Duration, bool)) {
    aims.aim(
        measure,
        format!(
            "write {}; read {}; shows the new value: {}",
            ms(write),
            ms(read),
            if seen { "yes" } else { "no" }
        ),
        "read < 25 ms, fresh",
        seen && read < Duration::from_millis(25),
    );
}

/// Rows of the tables a dataset is made of, counted in the SQLite file.
fn sqlite_rows(path: &std::path::Path) -> Result<Vec<(&'static str, i64)>> {
    let conn = rusqlite::Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY)?;
    let mut out = Vec::new();
    for table in ["units", "indicator_values", "audit", "changes"] {
        let n: i64 = conn.query_row(&format!("SELECT count(*) FROM {table}"), [], |r| r.get(0))?;
        out.push((table, n));
    }
    Ok(out)
}

/// The warm national median of the SQLite-backed program (for the SQL ratio).
struct SqliteFigures {
    warm: Duration,
}

async fn sqlite_section(path: &std::path::Path, aims: &mut Aims) -> Result<SqliteFigures> {
    println!("database: {}", path.display());
    let (store, generated) = national_store(path).await?;
    if let Some(g) = generated {
        println!(
            "generated: {} units ({} commune-level, {} villages), {} values in {:.1} s",
            g.units,
            g.communes,
            g.villages,
            g.values,
            g.elapsed.as_secs_f64()
        );
        aims.note(
            "generating the dataset (SQLite)",
            format!("{:.0} s", g.elapsed.as_secs_f64()),
        );
    }
    drop(store);
    let size = std::fs::metadata(path)
        .map(|m| m.len() as f64 / 1024.0 / 1024.0)
        .unwrap_or(0.0);
    let rows = sqlite_rows(path)?;
    let rows_text = rows
        .iter()
        .map(|(t, n)| format!("{t} {n}"))
        .collect::<Vec<_>>()
        .join(", ");
    println!("database size: {size:.0} MiB; rows: {rows_text}");
    aims.header
        .push(format!("Dataset: SQLite file {size:.0} MiB; rows: {rows_text}."));
    let dropped = drop_page_cache();
    let label = if dropped {
        "sqlite (page cache dropped)"
    } else {
        "sqlite (page cache kept: not permitted)"
    };
    let rss_before = rss_mib().unwrap_or(0.0);
    let (_, program, cold) = cold_start(label, &path.display().to_string()).await?;
    aims.header.push(format!(
        "Hierarchy: {} units; one period: {} values.",
        cold.units, cold.values_per_period
    ));
    aims.note("SQLite: open, migrate, load the hierarchy", ms(cold.open));
    aims.aim(
        format!(
            "SQLite cold start{} to the first national figures (two periods loaded)",
            if dropped {
                ", page cache dropped,"
            } else {
                " (page cache kept: not permitted)"
            }
        ),
        ms(cold.first_figures),
        "< 500 ms",
        dropped && cold.first_figures < Duration::from_millis(500),
    );
    aims.note(
        "SQLite: load one period's values (warm page cache)",
        ms(cold.load_one_period),
    );
    let warm = national_median(&program, 15).await?;
    println!(
        "whole country, evaluate + every aggregate, in memory: median {} (of 15)",
        ms(warm)
    );
    aims.aim(
        "whole country, warm, in memory: evaluate 7,692 communes (and a year earlier) and the villages, every aggregate and finding (median of 15)",
        ms(warm),
        "< 20 ms",
        warm < Duration::from_millis(20),
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
    let province_median = median(times.iter().map(|(d, _)| *d).collect());
    println!(
        "one province: median {}, slowest {} (of {}; the slowest, {}, has {size} communes and villages)",
        ms(province_median),
        ms(max),
        provinces.len(),
        slowest.full_name()
    );
    aims.note(
        "one province, in memory (median over the provinces; the slowest)",
        format!("{}; {} ({})", ms(province_median), ms(max), slowest.full_name()),
    );
    let (t_write, t_read, seen, commune) = flip_and_read(&program, &program).await?;
    println!(
        "write one value ({}): {} · next national read: {} · the read shows the new value: {seen}",
        commune.full_name(),
        ms(t_write),
        ms(t_read)
    );
    write_then_read_aim(
        aims,
        "a write, then the next national read (it must show the new value)",
        (t_write, t_read, seen),
    );
    let peak = peak_rss_mib().unwrap_or(0.0);
    println!(
        "memory: {:.0} MiB resident before opening, {:.0} MiB now, peak {:.0} MiB",
        rss_before,
        rss_mib().unwrap_or(0.0),
        peak
    );
    aims.aim(
        "peak resident memory: hierarchy and two periods of the whole country",
        format!("{peak:.0} MiB"),
        "< 150 MiB",
        peak < 150.0,
    );
    Ok(SqliteFigures { warm })
}

/// Two program instances on one PostgreSQL database stand for two server
/// processes: a write through one shows in the other's next read. Then the
/// same aggregation as plain SQL, its figures compared with ntm's.
async fn postgres_section(url: &str, sqlite: &SqliteFigures, aims: &mut Aims) -> Result<()> {
    let store = ntm_store::open(url).await?;
    if store.latest_change().await? == 0 {
        let g = generate(Arc::clone(&store)).await?;
        println!(
            "postgres: generated {} values in {:.1} s",
            g.values,
            g.elapsed.as_secs_f64()
        );
        aims.note(
            "generating the dataset (PostgreSQL)",
            format!("{:.0} s", g.elapsed.as_secs_f64()),
        );
    }
    drop(store);
    let (_, a, cold) = cold_start("postgres", url).await?;
    aims.aim(
        "PostgreSQL cold start to the first national figures (two periods loaded)",
        ms(cold.first_figures),
        "< 1.5 s",
        cold.first_figures < Duration::from_millis(1500),
    );
    aims.note("PostgreSQL: load one period's values", ms(cold.load_one_period));
    let b = Program::open(ntm_store::open(url).await?, bench_catalog()?).await?;
    b.stats(&actor(), "VN", PERIOD, None).await?;
    let (t_write, t_read, seen, _) = flip_and_read(&a, &b).await?;
    println!(
        "postgres: write through one instance {} · the other's next national read {} · shows the new value: {seen}",
        ms(t_write),
        ms(t_read)
    );
    write_then_read_aim(
        aims,
        "PostgreSQL: a write through one server process, the other's next national read",
        (t_write, t_read, seen),
    );
    let pg_warm = national_median(&a, 10).await?;
    println!(
        "postgres: whole country in memory, freshness check included: median {}",
        ms(pg_warm)
    );
    aims.note(
        "PostgreSQL: whole country in memory, freshness check included (median of 10)",
        ms(pg_warm),
    );

    let baseline = sql_baseline::measure(url, &bench_catalog()?, PERIOD, 5).await?;
    let ntm = SqlFigures::of_stats(&a.stats(&actor(), "VN", PERIOD, None).await?);
    let differences = baseline.figures.differences(&ntm);
    let ratio = baseline.median.as_secs_f64() / sqlite.warm.as_secs_f64().max(1e-9);
    let pg_ratio = baseline.median.as_secs_f64() / pg_warm.as_secs_f64().max(1e-9);
    println!(
        "plain SQL on PostgreSQL, the same national aggregation: median {} (of {}) · figures agree with ntm: {} · ntm (SQLite, warm) is {ratio:.0}× faster, ntm (PostgreSQL, warm) {pg_ratio:.0}×",
        ms(baseline.median),
        baseline.runs,
        if differences.is_empty() {
            "yes".to_string()
        } else {
            differences.join("; ")
        }
    );
    aims.note(
        format!(
            "plain SQL on PostgreSQL, the same aggregation (median of {})",
            baseline.runs
        ),
        format!(
            "{}; figures agree with ntm's: {}",
            ms(baseline.median),
            if differences.is_empty() { "yes" } else { "NO" }
        ),
    );
    aims.aim(
        "ntm's warm national figures against the plain SQL of the same run",
        format!("{ratio:.0}× (SQLite-backed), {pg_ratio:.0}× (PostgreSQL-backed)"),
        "≥ 100×",
        differences.is_empty() && ratio >= 100.0,
    );
    if !differences.is_empty() {
        return Err(anyhow!(
            "the plain SQL and ntm disagree: {}",
            differences.join("; ")
        ));
    }
    Ok(())
}

#[tokio::main]
async fn main() -> Result<()> {
    let mut write = false;
    let mut path = None;
    for arg in std::env::args().skip(1) {
        match arg.as_str() {
            "--write-benchmarks" => write = true,
            other => path = Some(std::path::PathBuf::from(other)),
        }
    }
    let path = path.unwrap_or_else(default_database);
    let mut aims = Aims::default();
    let today = time::OffsetDateTime::now_utc().date();
    aims.header
        .push(format!("Run: {today}, `national-report`, release build."));
    aims.header.push(format!("Machine: {}.", machine()));
    println!("machine: {}", machine());
    let sqlite = sqlite_section(&path, &mut aims).await?;
    match std::env::var("NTM_BENCH_POSTGRES_URL") {
        Ok(url) => postgres_section(&url, &sqlite, &mut aims).await?,
        Err(_) => {
            println!("postgres: skipped (set NTM_BENCH_POSTGRES_URL to a database to measure it)");
            aims.note(
                "PostgreSQL and the plain-SQL baseline",
                "not measured: NTM_BENCH_POSTGRES_URL not set",
            );
        }
    }
    println!("\n{}", aims.markdown());
    if write {
        let file = ntm_bench::repository_root().join("BENCHMARKS.md");
        aims.write_into(&file)?;
        println!("written into {}", file.display());
    }
    Ok(())
}
