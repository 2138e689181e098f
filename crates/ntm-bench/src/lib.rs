//! A synthetic national dataset at real scale, for the benchmarks: the real
//! pre-2025 list of units (63 provinces, 696 districts, 10,035 commune-level
//! units of which 7,692 communes), ten villages under each commune-level unit
//! (about 100,000), and five years (2021-2025) of yearly values for every
//! indicator of a complete 19-criterion commune set and a 15-criterion
//! village set whose thresholds are all known (region- and year-dependent).
//! The values are pseudo-random but deterministic.

pub mod aims;
mod generate;
mod sets;
pub mod sql_baseline;
pub mod write;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use anyhow::Result;
use ntm_store::prelude::*;

pub use generate::{GenerationReport, bench_context, generate};
pub use sets::{bench_catalog, bench_catalog_files};

/// Years of values generated.
pub const YEARS: std::ops::RangeInclusive<i32> = 2021..=2025;

/// The repository root (benchmarks read the units data from it).
pub fn repository_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Where the national database lives between runs.
pub fn default_database() -> PathBuf {
    repository_root().join("target/ntm-bench/national.db")
}

/// Opens the national database, generating it first if it does not exist.
pub async fn national_store(path: &Path) -> Result<(Arc<dyn Store>, Option<GenerationReport>)> {
    let exists = path.exists();
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir)?;
    }
    let store = ntm_store::open(&path.display().to_string()).await?;
    if exists && store.latest_change().await? > 0 {
        return Ok((store, None));
    }
    let report = generate(Arc::clone(&store)).await?;
    Ok((store, Some(report)))
}

/// Peak resident memory of this process, in MiB (Linux).
pub fn peak_rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmHWM:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// Current resident memory of this process, in MiB (Linux).
pub fn rss_mib() -> Option<f64> {
    let status = std::fs::read_to_string("/proc/self/status").ok()?;
    let line = status.lines().find(|l| l.starts_with("VmRSS:"))?;
    let kib: f64 = line.split_whitespace().nth(1)?.parse().ok()?;
    Some(kib / 1024.0)
}

/// The benchmarks act as the system.
pub fn bench_actor() -> ntm_app::accounts::access::Actor {
    ntm_app::accounts::access::Actor::system(
        "thử tải",
        ntm_store::ChangeSource::Benchmark,
        time::macros::datetime!(2026-01-01 00:00 UTC),
    )
}
