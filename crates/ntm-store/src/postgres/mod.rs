//! The PostgreSQL store, for multi-user deployments: several server processes
//! can share one database (see ARCHITECTURE.md on freshness). Bulk writes use
//! `UNNEST` arrays so that large imports take few round trips.

mod accounts;
mod audit;
mod criteria;
mod geometry;
mod records;
mod reference;
mod units;
mod values;
mod writes;

use std::str::FromStr;

use async_trait::async_trait;
use ntm_core::criteria::Catalog;
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::recognition::Recognition;
use ntm_core::reported::ReportedFigure;
use ntm_core::unit::UnitId;
use ntm_core::value::{AssessmentRecord, PeriodValues, ValueRecord};
use sqlx::postgres::{PgConnectOptions, PgPool, PgPoolOptions};
use sqlx::{AssertSqlSafe, ConnectOptions, Connection};

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

pub(crate) const MIGRATIONS: &[&str] = &[
    include_str!("../../migrations/postgres/0001_init.sql"),
    include_str!("../../migrations/postgres/0002_accounts_audit.sql"),
    include_str!("../../migrations/postgres/0003_geometry.sql"),
    include_str!("../../migrations/postgres/0004_plans_cycle.sql"),
    include_str!("../../migrations/postgres/0005_money.sql"),
    include_str!("../../migrations/postgres/0006_criteria_authoring.sql"),
    include_str!("../../migrations/postgres/0007_provenance_documents.sql"),
    include_str!("../../migrations/postgres/0008_api_key_expiry.sql"),
];

/// Serialises migrations between processes starting at the same time.
pub(crate) const MIGRATION_LOCK: i64 = 0x6e_74_6d_5f_6d_69_67; // "ntm_mig"

/// Held from a writer's entry in the change log to its commit, so that
/// change numbers commit in their order: a reader that has seen number n
/// never later finds a smaller one appear (a sequence alone hands numbers
/// out in one order and transactions may commit in another).
pub(crate) const CHANGE_LOG_LOCK: i64 = 0x6e_74_6d_5f_63_68_67; // "ntm_chg"

#[derive(Debug, Clone)]
pub struct PostgresStore {
    pool: PgPool,
}

impl PostgresStore {
    /// Connects and migrates. With `schema`, everything lives in that schema
    /// (created if needed): the tests give each test its own.
    pub async fn connect(url: &str, schema: Option<&str>) -> Result<PostgresStore> {
        PostgresStore::connect_with(url, schema, 8).await
    }

    /// [`PostgresStore::connect`] with a pool of at most `max_connections`.
    pub async fn connect_with(
        url: &str,
        schema: Option<&str>,
        max_connections: u32,
    ) -> Result<PostgresStore> {
        let options = connect_options(url, schema).await?;
        let pool = PgPoolOptions::new()
            .max_connections(max_connections.max(1))
            .connect_with(options)
            .await?;
        migrate(&pool).await?;
        Ok(PostgresStore { pool })
    }

    pub fn pool(&self) -> &PgPool {
        &self.pool
    }
}

/// The connection options of a URL, in `schema` if given (created if needed).
pub(crate) async fn connect_options(url: &str, schema: Option<&str>) -> Result<PgConnectOptions> {
    let mut options = PgConnectOptions::from_str(url).map_err(|_| StoreError::Url(url.to_string()))?;
    if let Some(schema) = schema {
        if !schema.chars().all(|c| c.is_ascii_alphanumeric() || c == '_') {
            return Err(crate::Refusal::SchemaName(schema.to_string()).into());
        }
        let mut conn = options.connect().await?;
        sqlx::raw_sql(AssertSqlSafe(format!("CREATE SCHEMA IF NOT EXISTS {schema}")))
            .execute(&mut conn)
            .await?;
        conn.close().await?;
        options = options.options([("search_path", schema)]);
    }
    Ok(options)
}

async fn migrate(pool: &PgPool) -> Result<()> {
    let mut tx = pool.begin().await?;
    migrate_in(&mut tx, MIGRATIONS.len()).await?;
    tx.commit().await?;
    Ok(())
}

/// Applies, in the caller's transaction, the migrations after the
/// database's version up to `upto` (serialised between processes).
pub(crate) async fn migrate_in(conn: &mut sqlx::PgConnection, upto: usize) -> Result<()> {
    sqlx::query("SELECT pg_advisory_xact_lock($1)")
        .bind(MIGRATION_LOCK)
        .execute(&mut *conn)
        .await?;
    sqlx::raw_sql("CREATE TABLE IF NOT EXISTS ntm_schema_version (version INTEGER NOT NULL)")
        .execute(&mut *conn)
        .await?;
    let current: Option<i32> = sqlx::query_scalar("SELECT MAX(version) FROM ntm_schema_version")
        .fetch_one(&mut *conn)
        .await?;
    let current = current.unwrap_or(0);
    if i64::from(current) > MIGRATIONS.len() as i64 {
        return Err(crate::maintenance::newer_schema(i64::from(current)));
    }
    for (i, sql) in MIGRATIONS.iter().take(upto).enumerate() {
        let version = i as i32 + 1;
        if version <= current {
            continue;
        }
        sqlx::raw_sql(*sql)
            .execute(&mut *conn)
            .await
            .map_err(|e| StoreError::Migration {
                version: i64::from(version),
                cause: Box::new(e.into()),
            })?;
        sqlx::query("INSERT INTO ntm_schema_version (version) VALUES ($1)")
            .bind(version)
            .execute(&mut *conn)
            .await?;
    }
    Ok(())
}

#[async_trait]
impl UnitStore for PostgresStore {
    async fn write_units(&self, changes: UnitChanges) -> Result<UnitWriteResult> {
        units::write_units(&self.pool, &changes).await
    }

    async fn load_hierarchy(&self) -> Result<Hierarchy> {
        units::load_hierarchy(&self.pool).await
    }

    async fn write_reference(&self, batch: ReferenceBatch) -> Result<()> {
        reference::write_reference(&self.pool, &batch).await
    }

    async fn load_recognitions(&self) -> Result<Vec<Recognition>> {
        reference::load_recognitions(&self.pool).await
    }

    async fn load_agencies(&self) -> Result<AgencyData> {
        reference::load_agencies(&self.pool).await
    }

    async fn load_reported(&self, period: Period) -> Result<Vec<ReportedFigure>> {
        reference::load_reported(&self.pool, period).await
    }
}

#[async_trait]
impl ValueStore for PostgresStore {
    async fn sync_keys(&self, catalog: &Catalog) -> Result<KeyMap> {
        values::sync_keys(&self.pool, catalog).await
    }

    async fn write_values(&self, batch: ValueBatch, keys: &KeyMap) -> Result<ValueWriteResult> {
        writes::write_values(&self.pool, &batch, keys).await
    }

    async fn load_period(&self, period: Period, keys: &KeyMap) -> Result<PeriodValues> {
        values::load_period(&self.pool, period, None, keys).await
    }

    async fn load_period_units(
        &self,
        period: Period,
        units: &[UnitId],
        keys: &KeyMap,
    ) -> Result<PeriodValues> {
        values::load_period(&self.pool, period, Some(units), keys).await
    }

    async fn unit_records(
        &self,
        unit: UnitId,
        period: Period,
    ) -> Result<(Vec<ValueRecord>, Vec<AssessmentRecord>)> {
        values::unit_records(&self.pool, unit, period).await
    }

    async fn periods_with_data(&self) -> Result<Vec<Period>> {
        values::periods_with_data(&self.pool).await
    }

    async fn latest_change(&self) -> Result<i64> {
        values::latest_change(&self.pool).await
    }

    async fn changes_since(&self, seq: i64) -> Result<ChangesSince> {
        values::changes_since(&self.pool, seq).await
    }
}

#[async_trait]
impl AccountStore for PostgresStore {
    async fn create_user(&self, user: NewUser, context: WriteContext) -> Result<i64> {
        accounts::create_user(&self.pool, &user, &context).await
    }

    async fn update_user(&self, id: i64, update: UserUpdate, context: WriteContext) -> Result<()> {
        accounts::update_user(&self.pool, id, &update, &context).await
    }

    async fn user(&self, id: i64) -> Result<Option<UserRecord>> {
        accounts::user(&self.pool, id).await
    }

    async fn user_by_name(&self, username: &str) -> Result<Option<UserRecord>> {
        accounts::user_by_name(&self.pool, username).await
    }

    async fn users(&self) -> Result<Vec<UserRecord>> {
        accounts::users(&self.pool).await
    }

    async fn create_session(&self, token_hash: &str, session: SessionRecord, created_at: &str) -> Result<()> {
        accounts::create_session(&self.pool, token_hash, &session, created_at).await
    }

    async fn session(&self, token_hash: &str) -> Result<Option<SessionRecord>> {
        accounts::session(&self.pool, token_hash).await
    }

    async fn delete_session(&self, token_hash: &str) -> Result<()> {
        accounts::delete_session(&self.pool, token_hash).await
    }

    async fn create_api_token(&self, token: NewApiToken, context: WriteContext) -> Result<i64> {
        accounts::create_api_token(&self.pool, &token, &context).await
    }

    async fn api_tokens(&self, user: Option<i64>) -> Result<Vec<ApiTokenRecord>> {
        accounts::api_tokens(&self.pool, user).await
    }

    async fn revoke_api_token(&self, id: i64, context: WriteContext) -> Result<bool> {
        accounts::revoke_api_token(&self.pool, id, &context).await
    }

    async fn api_token(&self, token_hash: &str) -> Result<Option<ApiTokenRecord>> {
        accounts::api_token(&self.pool, token_hash).await
    }
}

#[async_trait]
impl AuditStore for PostgresStore {
    async fn audit(&self, query: AuditQuery) -> Result<Vec<AuditEntry>> {
        audit::audit(&self.pool, &query).await
    }

    async fn record_criteria_sets(&self, sets: &[(String, String)], context: WriteContext) -> Result<usize> {
        audit::record_criteria_sets(&self.pool, sets, &context).await
    }

    async fn add_evidence(&self, file: NewEvidence, context: WriteContext) -> Result<i64> {
        audit::add_evidence(&self.pool, &file, &context).await
    }

    async fn evidence_list(&self, unit: UnitId, period: Period) -> Result<Vec<EvidenceMeta>> {
        audit::evidence_list(&self.pool, unit, period).await
    }

    async fn evidence(&self, id: i64) -> Result<Option<(EvidenceMeta, Vec<u8>)>> {
        audit::evidence(&self.pool, id).await
    }
}

#[async_trait]
impl crate::MaintenanceStore for PostgresStore {
    async fn schema_version(&self) -> Result<i64> {
        let version: Option<i32> = sqlx::query_scalar("SELECT MAX(version) FROM ntm_schema_version")
            .fetch_one(&self.pool)
            .await?;
        Ok(i64::from(version.unwrap_or(0)))
    }
}

impl Store for PostgresStore {
    fn backend(&self) -> &'static str {
        "postgres"
    }
}
