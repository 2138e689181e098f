//! Counts of what the program did since it started, for the server's
//! metrics: how often shared figures were served from the cache and how
//! often they were computed, and how many units' summaries those
//! computations judged afresh or took as kept.

use std::sync::atomic::{AtomicU64, Ordering};

/// Counters, cheap to bump from any thread.
#[derive(Debug, Default)]
pub struct Activity {
    figures_cache_hits: AtomicU64,
    figures_computed: AtomicU64,
    units_judged: AtomicU64,
    units_kept: AtomicU64,
}

/// A reading of [`Activity`].
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ActivityCounts {
    /// Figures served as already computed (no change since).
    pub figures_cache_hits: u64,
    /// Figures computed (first asked for, or after a change of the data).
    pub figures_computed: u64,
    /// Unit summaries judged from values (new, or their values changed).
    pub units_judged: u64,
    /// Unit summaries taken as kept (no change touched them since).
    pub units_kept: u64,
}

impl Activity {
    pub(crate) fn figures_hit(&self) {
        self.figures_cache_hits.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn figures_computed(&self) {
        self.figures_computed.fetch_add(1, Ordering::Relaxed);
    }

    pub(crate) fn units_summarised(&self, judged: usize, kept: usize) {
        self.units_judged.fetch_add(judged as u64, Ordering::Relaxed);
        self.units_kept.fetch_add(kept as u64, Ordering::Relaxed);
    }

    pub fn counts(&self) -> ActivityCounts {
        ActivityCounts {
            figures_cache_hits: self.figures_cache_hits.load(Ordering::Relaxed),
            figures_computed: self.figures_computed.load(Ordering::Relaxed),
            units_judged: self.units_judged.load(Ordering::Relaxed),
            units_kept: self.units_kept.load(Ordering::Relaxed),
        }
    }
}
