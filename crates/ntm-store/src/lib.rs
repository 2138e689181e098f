//! Storage for ntm behind one interface, [`Store`], with two implementations
//! chosen at run time from the database URL: SQLite (the embedded default,
//! through rusqlite) and PostgreSQL (through sqlx). Both run the same contract
//! test suite. Every multi-row write is one transaction.

mod accounts;
mod audit_json;
pub mod backup;
mod criteria_records;
mod diff;
mod error;
pub mod fixture;
mod geometry_records;
mod kinds;
mod maintenance;
mod messages;
mod model;
mod postgres;
mod records;
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

pub use accounts::{
    ApiTokenRecord, EvidenceMeta, NewApiToken, NewEvidence, NewUser, SessionRecord, UserRecord, UserUpdate,
};
pub use criteria_records::{CriteriaVersionRecord, CriteriaVersionWrite};
pub use error::{
    BackupError, Corruption, Damage, Refusal, RestoreTarget, Result, Stale, StoreError, Stored, TaskFailure,
};
pub use geometry_records::{GeometryRecord, GeometryWrite, GeometryWriteResult};
pub use kinds::{AuditEntity, ChangeSource, RecordKind, UnknownKey};
pub use maintenance::{MaintenanceStore, OpenOptions, SCHEMA_VERSION, open_with};
pub use model::{
    AgencyData, AssessmentWrite, AuditEntry, AuditQuery, Conflict, KeyMap, ReferenceBatch, Subject,
    UnitChanges, UnitRef, UnitRow, ValueBatch, ValueWrite, WriteContext, decode_value,
};
pub use postgres::PostgresStore;
pub use records::{RecordWrite, StoredRecord};
pub use sqlite::SqliteStore;

/// New database ids assigned by a unit write, in the batch's order.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UnitWriteResult {
    pub new_ids: Vec<UnitId>,
}

/// Counts of a value write.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct ValueWriteResult {
    pub created: usize,
    pub updated: usize,
    pub deleted: usize,
    pub unchanged: usize,
}

/// Rows touched since a change number: `(period, unit)` pairs.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ChangesSince {
    pub latest: i64,
    pub touched: Vec<(Period, UnitId)>,
    /// Units, recognitions, agencies or reported figures changed.
    pub reference_changed: bool,
    /// A criteria set version was published (or its confirmations changed).
    pub catalog_changed: bool,
}

/// The `changes.period` value that marks a change to units or reference data.
pub(crate) const REFERENCE_CHANGE: i32 = 0;

/// The `changes.period` value that marks a published criteria set version.
pub(crate) const CATALOG_CHANGE: i32 = -1;

/// Units, the hierarchy and reference data.
#[async_trait]
pub trait UnitStore: Send + Sync {
    async fn write_units(&self, changes: UnitChanges) -> Result<UnitWriteResult>;
    async fn load_hierarchy(&self) -> Result<Hierarchy>;
    async fn write_reference(&self, batch: ReferenceBatch) -> Result<()>;
    async fn load_recognitions(&self) -> Result<Vec<Recognition>>;
    async fn load_agencies(&self) -> Result<AgencyData>;
    async fn load_reported(&self, period: Period) -> Result<Vec<ReportedFigure>>;
}

/// Indicator values, assessments and the change log.
#[async_trait]
pub trait ValueStore: Send + Sync {
    /// Makes sure every indicator and criterion of the catalog has a key row,
    /// and returns the mapping.
    async fn sync_keys(&self, catalog: &Catalog) -> Result<KeyMap>;
    /// Writes a batch in one transaction, with an audit row per change. A
    /// write whose expected version is not the stored one fails the whole
    /// batch with [`StoreError::Conflict`].
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
    /// The full records of one unit and period, with notes, evidence and versions.
    async fn unit_records(
        &self,
        unit: UnitId,
        period: Period,
    ) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)>;
    /// Periods that have at least one value or assessment, newest first.
    async fn periods_with_data(&self) -> Result<Vec<Period>>;
    /// The latest change number.
    async fn latest_change(&self) -> Result<i64>;
    /// The latest change number and every (period, unit) written after `seq`.
    async fn changes_since(&self, seq: i64) -> Result<ChangesSince>;
}

/// Users, sessions and API tokens.
#[async_trait]
pub trait AccountStore: Send + Sync {
    async fn create_user(&self, user: NewUser, context: WriteContext) -> Result<i64>;
    async fn update_user(&self, id: i64, update: UserUpdate, context: WriteContext) -> Result<()>;
    async fn user(&self, id: i64) -> Result<Option<UserRecord>>;
    async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>>;
    async fn users(&self) -> Result<Vec<UserRecord>>;
    async fn create_session(&self, token_hash: &str, session: SessionRecord, created_at: &str) -> Result<()>;
    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>>;
    async fn delete_session(&self, token_hash: &str) -> Result<()>;
    async fn create_api_token(&self, token: NewApiToken, context: WriteContext) -> Result<i64>;
    /// The token's record when it exists and is not revoked (the caller
    /// checks its expiry).
    async fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>>;
    /// Every token of a user (or of everyone), revoked ones included, newest first.
    async fn api_tokens(&self, user: Option<i64>) -> Result<Vec<ApiTokenRecord>>;
    /// Revokes a token now, with an audit row; false when there is no such
    /// token or it was revoked already.
    async fn revoke_api_token(&self, id: i64, context: WriteContext) -> Result<bool>;
}

/// The audit trail (append-only) and evidence files.
#[async_trait]
pub trait AuditStore: Send + Sync {
    async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditEntry>>;
    /// Records the loaded criteria sets `(code, sha256)`: an audit row for
    /// each set new or changed since the last start.
    async fn record_criteria_sets(&self, sets: &[(String, String)], context: WriteContext) -> Result<usize>;
    async fn add_evidence(&self, file: NewEvidence, context: WriteContext) -> Result<i64>;
    async fn evidence_list(&self, unit: UnitId, period: Period) -> Result<Vec<EvidenceMeta>>;
    async fn evidence(&self, id: i64) -> Result<Option<(EvidenceMeta, Vec<u8>)>>;
}

/// Unit boundaries (maps).
#[async_trait]
pub trait GeometryStore: Send + Sync {
    /// Writes boundaries in one transaction, each audited: a boundary
    /// replaces the unit's stored ones whose validity overlaps its own; an
    /// identical one (same validity and SHA-256) changes nothing.
    async fn write_geometries(
        &self,
        writes: Vec<GeometryWrite>,
        context: WriteContext,
    ) -> Result<GeometryWriteResult>;
    /// Every stored boundary (all validities) of the given units.
    async fn geometries(&self, units: &[UnitId]) -> Result<Vec<GeometryRecord>>;
}

/// Plans, the reporting cycle and money (targets, registrations, deadlines,
/// submissions, locks, capital, projects, contributions, sources, appendix
/// layouts), as versioned, audited records of a [`RecordKind`].
#[async_trait]
pub trait RecordStore: Send + Sync {
    /// The records of a kind, of one period (or year) if given.
    async fn records(&self, kind: RecordKind, period: Option<i32>) -> Result<Vec<StoredRecord>>;
    /// Writes (or deletes) records in one transaction, each audited; refused
    /// whole with `StoreError::Stale` if a record's version is not the one expected.
    async fn write_records(&self, writes: Vec<RecordWrite>, context: WriteContext) -> Result<usize>;
}

/// Versions of criteria sets authored in ntm (drafts and published ones).
#[async_trait]
pub trait CriteriaStore: Send + Sync {
    /// Every stored version, by code and version.
    async fn criteria_versions(&self) -> Result<Vec<CriteriaVersionRecord>>;
    /// Creates or replaces one version in one transaction, audited; refused
    /// with `StoreError::Stale` if its revision is not the one expected. A
    /// published version's write tells every process to reload the catalog.
    /// Returns the new revision.
    async fn write_criteria_version(&self, write: CriteriaVersionWrite, context: WriteContext)
    -> Result<i64>;
}

/// The storage interface: every part, implemented by both backends.
/// Implementations make every method that writes several rows atomic.
pub trait Store:
    UnitStore
    + ValueStore
    + AccountStore
    + AuditStore
    + GeometryStore
    + RecordStore
    + CriteriaStore
    + MaintenanceStore
    + std::fmt::Debug
{
    /// "sqlite" or "postgres".
    fn backend(&self) -> &'static str;
}

/// Opens the database a URL names, creating and migrating it if needed:
/// `sqlite://ntm.db`, `sqlite::memory:`, a plain file path, or `postgres://…`.
pub async fn open(url: &str) -> Result<Arc<dyn Store>> {
    open_with(url, &OpenOptions::default()).await
}

/// Which backend a database URL names.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DatabaseUrl<'a> {
    /// The file's path (or `:memory:`).
    Sqlite(&'a str),
    Postgres(&'a str),
}

impl<'a> DatabaseUrl<'a> {
    /// `sqlite://FILE`, `sqlite:FILE`, a plain path, or `postgres://…`.
    pub fn parse(url: &'a str) -> Result<DatabaseUrl<'a>> {
        if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Ok(DatabaseUrl::Postgres(url))
        } else if let Some(path) = url
            .strip_prefix("sqlite://")
            .or_else(|| url.strip_prefix("sqlite:"))
        {
            Ok(DatabaseUrl::Sqlite(path))
        } else if !url.contains("://") && !url.is_empty() {
            Ok(DatabaseUrl::Sqlite(url))
        } else {
            Err(StoreError::Url(url.to_string()))
        }
    }
}

/// The storage traits, to bring their methods into scope: `use ntm_store::prelude::*;`.
pub mod prelude {
    pub use crate::{
        AccountStore, AuditStore, CriteriaStore, GeometryStore, MaintenanceStore, RecordStore, Store,
        UnitStore, ValueStore,
    };
}
