//! Storage for ntm behind one interface, [`Store`], with two implementations
//! chosen at run time from the database URL: SQLite (the embedded default,
//! through rusqlite) and PostgreSQL (through sqlx). Both run the same contract
//! test suite. Every multi-row write is one transaction.

mod model;
mod postgres;
mod rows;
mod sqlite;

use std::sync::Arc;

use async_trait::async_trait;
use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, ValueRecord};

pub use model::{
    AgencyData, AssessmentWrite, KeyMap, ReferenceBatch, UnitChanges, UnitRef, UnitRow, ValueBatch,
    ValueWrite,
};
pub use postgres::PostgresStore;
pub use sqlite::SqliteStore;

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("lỗi SQLite: {0}")]
    Sqlite(#[from] rusqlite::Error),
    #[error("lỗi PostgreSQL: {0}")]
    Postgres(#[from] sqlx::Error),
    #[error("không áp dụng được cấu trúc cơ sở dữ liệu: {0}")]
    Migration(String),
    #[error("địa chỉ cơ sở dữ liệu \"{0}\" không hợp lệ: dùng sqlite://TỆP hoặc postgres://...")]
    Url(String),
    #[error("dữ liệu trong cơ sở dữ liệu không hợp lệ: {0}")]
    Corrupt(String),
    #[error("{0}")]
    Invalid(String),
    #[error("tác vụ nền bị dừng: {0}")]
    Task(String),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// New database ids assigned by a unit write, in the batch's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitWriteResult {
    pub new_ids: Vec<UnitId>,
}

/// Counts of a value write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueWriteResult {
    pub values_written: usize,
    pub assessments_written: usize,
}

/// Rows touched since a change number: `(period, unit)` pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangesSince {
    pub latest: i64,
    pub touched: Vec<(Period, UnitId)>,
    /// Units, recognitions, agencies or reported figures changed.
    pub reference_changed: bool,
}

/// The `changes.period` value that marks a change to units or reference data.
pub(crate) const REFERENCE_CHANGE: i32 = 0;

/// The storage interface. Implementations must make every method that writes
/// several rows atomic: all rows or none.
#[async_trait]
pub trait Store: Send + Sync + std::fmt::Debug {
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;

    async fn write_units(&self, changes: UnitChanges) -> Result<UnitWriteResult>;
    async fn load_hierarchy(&self) -> Result<Hierarchy>;

    /// Makes sure every indicator and criterion of the catalog has a key row,
    /// and returns the mapping.
    async fn sync_keys(&self, catalog: &Catalog) -> Result<KeyMap>;

    async fn write_values(&self, batch: ValueBatch, keys: &KeyMap) -> Result<ValueWriteResult>;
    /// Everything reported for a period, for every unit.
    async fn load_period(&self, period: Period, keys: &KeyMap) -> Result<PeriodValues>;
    /// What some units reported for a period (to refresh a cached period).
    async fn load_period_units(
        &self,
        period: Period,
        units: &[UnitId],
        keys: &KeyMap,
    ) -> Result<PeriodValues>;
    /// The full records of one unit and period, with notes and evidence.
    async fn unit_records(
        &self,
        unit: UnitId,
        period: Period,
    ) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)>;
    /// Periods that have at least one value or assessment, newest first.
    async fn periods_with_data(&self) -> Result<Vec<Period>>;

    async fn write_reference(&self, batch: ReferenceBatch) -> Result<()>;
    async fn load_recognitions(&self) -> Result<Vec<Recognition>>;
    async fn load_agencies(&self) -> Result<AgencyData>;
    async fn load_reported(&self, period: Period) -> Result<Vec<ReportedFigure>>;

    /// The latest change number.
    async fn latest_change(&self) -> Result<i64>;
    /// The latest change number and every (period, unit) written after `seq`.
    async fn changes_since(&self, seq: i64) -> Result<ChangesSince>;
}

/// Opens the database a URL names, creating and migrating it if needed:
/// `sqlite://ntm.db`, `sqlite::memory:`, a plain file path, or `postgres://…`.
pub async fn open(url: &str) -> Result<Arc<dyn Store>> {
    if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        Ok(Arc::new(PostgresStore::connect(url, None).await?))
    } else if let Some(path) = url
        .strip_prefix("sqlite://")
        .or_else(|| url.strip_prefix("sqlite:"))
    {
        Ok(Arc::new(SqliteStore::open(path).await?))
    } else if !url.contains("://") && !url.is_empty() {
        Ok(Arc::new(SqliteStore::open(url).await?))
    } else {
        Err(StoreError::Url(url.to_string()))
    }
}
