//! The SQLite store: the embedded default. One file, created on first use,
//! migrated automatically, in WAL mode with foreign keys on. rusqlite runs on
//! tokio's blocking threads behind a mutex (SQLite has one writer anyway).

mod accounts;
mod audit;
mod criteria;
mod geometry;
mod kinds;
mod records;
mod reference;
mod units;
mod values;

use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use async_trait::async_trait;
use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, ValueRecord};
use rusqlite::Connection;

use crate::accounts::{
    ApiTokenRecord, EvidenceMeta, NewApiToken, NewEvidence, NewUser, SessionRecord, UserRecord, UserUpdate,
};
use crate::model::{
    AgencyData, AuditEntry, AuditQuery, KeyMap, ReferenceBatch, UnitChanges, ValueBatch, WriteContext,
};
use crate::{
    AccountStore, AuditStore, ChangesSince, Result, Store, StoreError, UnitStore, UnitWriteResult,
    ValueStore, ValueWriteResult,
};

/// Schema versions, applied in order; `PRAGMA user_version` records the last.
pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/sqlite/0001_init.sql"),
    include_str!("../../migrations/sqlite/0002_accounts_audit.sql"),
    include_str!("../../migrations/sqlite/0003_geometry.sql"),
    include_str!("../../migrations/sqlite/0004_plans_cycle.sql"),
    include_str!("../../migrations/sqlite/0005_money.sql"),
    include_str!("../../migrations/sqlite/0006_criteria_authoring.sql"),
    include_str!("../../migrations/sqlite/0007_provenance_documents.sql"),
    include_str!("../../migrations/sqlite/0008_api_key_expiry.sql"),
];

/// Connections that only read: with WAL they read while the writer writes, so
/// a period can be loaded while another is loaded or a value is saved.
const READERS: usize = 3;

#[derive(Clone)]
pub struct SqliteStore {
    conn: Arc<Mutex<Connection>>,
    readers: Arc<Vec<Mutex<Connection>>>,
    next_reader: Arc<AtomicUsize>,
    path: String,
}

impl std::fmt::Debug for SqliteStore {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("SqliteStore").field("path", &self.path).finish()
    }
}

impl SqliteStore {
    /// Opens (creating if needed) and migrates the database file at `path`;
    /// `:memory:` gives a private in-memory database.
    pub async fn open(path: &str) -> Result<SqliteStore> {
        let owned = path.to_string();
        let conn = tokio::task::spawn_blocking(move || -> Result<Connection> {
            let mut conn = Connection::open(&owned)?;
            conn.busy_timeout(std::time::Duration::from_secs(10))?;
            conn.pragma_update(None, "journal_mode", "wal")?;
            conn.pragma_update(None, "synchronous", "normal")?;
            conn.pragma_update(None, "foreign_keys", "on")?;
            migrate(&mut conn, MIGRATIONS.len())?;
            Ok(conn)
        })
        .await
        .map_err(StoreError::from)??;
        let owned = path.to_string();
        let readers = tokio::task::spawn_blocking(move || -> Result<Vec<Mutex<Connection>>> {
            if owned == ":memory:" || owned.is_empty() {
                return Ok(Vec::new());
            }
            (0..READERS)
                .map(|_| {
                    let conn = Connection::open(&owned)?;
                    conn.busy_timeout(std::time::Duration::from_secs(10))?;
                    conn.pragma_update(None, "query_only", "on")?;
                    Ok(Mutex::new(conn))
                })
                .collect()
        })
        .await
        .map_err(StoreError::from)??;
        Ok(SqliteStore {
            conn: Arc::new(Mutex::new(conn)),
            readers: Arc::new(readers),
            next_reader: Arc::new(AtomicUsize::new(0)),
            path: path.to_string(),
        })
    }

    /// Runs a read on a free reading connection (the writer when there is none).
    async fn read<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        if self.readers.is_empty() {
            return self.run(f).await;
        }
        let readers = Arc::clone(&self.readers);
        let start = self.next_reader.fetch_add(1, Ordering::Relaxed);
        tokio::task::spawn_blocking(move || {
            let n = readers.len();
            // A free connection if there is one, else wait for the next in turn.
            let free = (0..n).find_map(|k| readers[(start + k) % n].try_lock().ok());
            let mut guard = match free {
                Some(guard) => guard,
                None => readers[start % n]
                    .lock()
                    .map_err(|_| StoreError::Task(crate::TaskFailure::PoisonedConnection))?,
            };
            f(&mut guard)
        })
        .await
        .map_err(StoreError::from)?
    }

    /// Runs `f` on the connection on a blocking thread.
    async fn run<T, F>(&self, f: F) -> Result<T>
    where
        T: Send + 'static,
        F: FnOnce(&mut Connection) -> Result<T> + Send + 'static,
    {
        let conn = Arc::clone(&self.conn);
        tokio::task::spawn_blocking(move || {
            let mut guard = conn
                .lock()
                .map_err(|_| StoreError::Task(crate::TaskFailure::PoisonedConnection))?;
            f(&mut guard)
        })
        .await
        .map_err(StoreError::from)?
    }
}

/// Applies the migrations after the database's version, up to `upto`.
pub(crate) fn migrate(conn: &mut Connection, upto: usize) -> Result<()> {
    let current: i64 = conn.pragma_query_value(None, "user_version", |r| r.get(0))?;
    if current > MIGRATIONS.len() as i64 {
        return Err(crate::maintenance::newer_schema(current));
    }
    for (i, sql) in MIGRATIONS.iter().take(upto).enumerate() {
        let version = i as i64 + 1;
        if version <= current {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql).map_err(|e| StoreError::Migration {
            version,
            cause: Box::new(e.into()),
        })?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}

#[async_trait]
impl UnitStore for SqliteStore {
    async fn write_units(&self, changes: UnitChanges) -> Result<UnitWriteResult> {
        self.run(move |c| units::write_units(c, &changes)).await
    }

    async fn load_hierarchy(&self) -> Result<Hierarchy> {
        self.read(units::load_hierarchy).await
    }

    async fn write_reference(&self, batch: ReferenceBatch) -> Result<()> {
        self.run(move |c| reference::write_reference(c, &batch)).await
    }

    async fn load_recognitions(&self) -> Result<Vec<Recognition>> {
        self.read(reference::load_recognitions).await
    }

    async fn load_agencies(&self) -> Result<AgencyData> {
        self.read(reference::load_agencies).await
    }

    async fn load_reported(&self, period: Period) -> Result<Vec<ReportedFigure>> {
        self.read(move |c| reference::load_reported(c, period)).await
    }
}

#[async_trait]
impl ValueStore for SqliteStore {
    async fn sync_keys(&self, catalog: &Catalog) -> Result<KeyMap> {
        let catalog = catalog.clone();
        self.run(move |c| values::sync_keys(c, &catalog)).await
    }

    async fn write_values(&self, batch: ValueBatch, keys: &KeyMap) -> Result<ValueWriteResult> {
        let keys = keys.clone();
        self.run(move |c| values::write_values(c, &batch, &keys)).await
    }

    async fn load_period(&self, period: Period, keys: &KeyMap) -> Result<PeriodValues> {
        let keys = keys.clone();
        self.read(move |c| values::load_period(c, period, None, &keys))
            .await
    }

    async fn load_period_units(
        &self,
        period: Period,
        units: &[UnitId],
        keys: &KeyMap,
    ) -> Result<PeriodValues> {
        let keys = keys.clone();
        let units = units.to_vec();
        self.read(move |c| values::load_period(c, period, Some(&units), &keys))
            .await
    }

    async fn unit_records(
        &self,
        unit: UnitId,
        period: Period,
    ) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)> {
        self.read(move |c| values::unit_records(c, unit, period)).await
    }

    async fn periods_with_data(&self) -> Result<Vec<Period>> {
        self.read(values::periods_with_data).await
    }

    async fn latest_change(&self) -> Result<i64> {
        self.read(values::latest_change).await
    }

    async fn changes_since(&self, seq: i64) -> Result<ChangesSince> {
        self.read(move |c| values::changes_since(c, seq)).await
    }
}

#[async_trait]
impl AccountStore for SqliteStore {
    async fn create_user(&self, user: NewUser, context: WriteContext) -> Result<i64> {
        self.run(move |c| accounts::create_user(c, &user, &context)).await
    }

    async fn update_user(&self, id: i64, update: UserUpdate, context: WriteContext) -> Result<()> {
        self.run(move |c| accounts::update_user(c, id, &update, &context))
            .await
    }

    async fn user(&self, id: i64) -> Result<Option<UserRecord>> {
        self.read(move |c| accounts::user(c, id)).await
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>> {
        let username = username.to_string();
        self.read(move |c| accounts::user_by_name(c, &username)).await
    }

    async fn users(&self) -> Result<Vec<UserRecord>> {
        self.read(accounts::users).await
    }

    async fn create_session(&self, token_hash: &str, session: SessionRecord, created_at: &str) -> Result<()> {
        let (token_hash, created_at) = (token_hash.to_string(), created_at.to_string());
        self.run(move |c| accounts::create_session(c, &token_hash, &session, &created_at))
            .await
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>> {
        let token_hash = token_hash.to_string();
        self.read(move |c| accounts::session(c, &token_hash)).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        let token_hash = token_hash.to_string();
        self.run(move |c| accounts::delete_session(c, &token_hash)).await
    }

    async fn create_api_token(&self, token: NewApiToken, context: WriteContext) -> Result<i64> {
        self.run(move |c| accounts::create_api_token(c, &token, &context))
            .await
    }

    async fn api_tokens(&self, user: Option<i64>) -> Result<Vec<ApiTokenRecord>> {
        self.read(move |c| accounts::api_tokens(c, user)).await
    }

    async fn revoke_api_token(&self, id: i64, context: WriteContext) -> Result<bool> {
        self.run(move |c| accounts::revoke_api_token(c, id, &context))
            .await
    }

    async fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>> {
        let token_hash = token_hash.to_string();
        self.read(move |c| accounts::api_token(c, &token_hash)).await
    }
}

#[async_trait]
impl AuditStore for SqliteStore {
    async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditEntry>> {
        self.read(move |c| audit::audit(c, &query)).await
    }

    async fn record_criteria_sets(&self, sets: &[(String, String)], context: WriteContext) -> Result<usize> {
        let sets = sets.to_vec();
        self.run(move |c| audit::record_criteria_sets(c, &sets, &context))
            .await
    }

    async fn add_evidence(&self, file: NewEvidence, context: WriteContext) -> Result<i64> {
        self.run(move |c| audit::add_evidence(c, &file, &context)).await
    }

    async fn evidence_list(&self, unit: UnitId, period: Period) -> Result<Vec<EvidenceMeta>> {
        self.read(move |c| audit::evidence_list(c, unit, period)).await
    }

    async fn evidence(&self, id: i64) -> Result<Option<(EvidenceMeta, Vec<u8>)>> {
        self.read(move |c| audit::evidence(c, id)).await
    }
}

#[async_trait]
impl crate::MaintenanceStore for SqliteStore {
    async fn schema_version(&self) -> Result<i64> {
        self.read(|c| Ok(c.pragma_query_value(None, "user_version", |r| r.get(0))?))
            .await
    }
}

impl Store for SqliteStore {
    fn backend(&self) -> &'static str {
        "sqlite"
    }
}
