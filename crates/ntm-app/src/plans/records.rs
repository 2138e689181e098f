//! The record kinds of plans and the cycle, their keys, and reading and
//! writing them as typed values.

use ntm_core::unit::UnitId;
use ntm_store::{PlanRecord, PlanWrite, RecordKind};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::program::Program;

pub const TARGET: RecordKind = RecordKind::Target;
pub const REGISTRATION: RecordKind = RecordKind::Registration;
pub const UNIT_COST: RecordKind = RecordKind::UnitCost;
pub const DEADLINE_RULE: RecordKind = RecordKind::DeadlineRule;
pub const SUBMISSION: RecordKind = RecordKind::Submission;
pub const LOCK: RecordKind = RecordKind::Lock;
pub const LOCK_EXCEPTION: RecordKind = RecordKind::LockException;

/// A record read back: its key, version and value.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub key: String,
    pub unit: Option<UnitId>,
    pub version: i64,
    pub value: T,
}

fn decode<T: DeserializeOwned>(r: PlanRecord) -> Result<Stored<T>> {
    let value = serde_json::from_str(&r.body).map_err(|e| {
        AppError::Store(ntm_store::StoreError::Corrupt(format!(
            "bản ghi {} \"{}\": {}",
            r.kind,
            r.key,
            ntm_core::input::messages::json_vi(&e.to_string())
        )))
    })?;
    Ok(Stored {
        key: r.key,
        unit: r.unit,
        version: r.version,
        value,
    })
}

/// A record to write.
pub fn put<T: Serialize>(
    kind: RecordKind,
    key: String,
    unit: Option<UnitId>,
    period: Option<i32>,
    value: &T,
    expected_version: Option<i64>,
) -> Result<PlanWrite> {
    let body =
        serde_json::to_string(value).map_err(|e| AppError::internal("không ghi được bản ghi kế hoạch", e))?;
    Ok(PlanWrite {
        kind,
        key,
        unit,
        period,
        body: Some(body),
        expected_version,
    })
}

impl Program {
    /// The records of a kind (of one period or year), decoded.
    pub(crate) async fn records<T: DeserializeOwned>(
        &self,
        kind: RecordKind,
        period: Option<i32>,
    ) -> Result<Vec<Stored<T>>> {
        self.store()
            .plan_records(kind, period)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Writes records in one transaction as the actor.
    pub(crate) async fn write_records(&self, actor: &Actor, writes: Vec<PlanWrite>) -> Result<usize> {
        match self.store().write_plan_records(writes, actor.context()).await {
            Ok(n) => Ok(n),
            Err(ntm_store::StoreError::Stale(message)) => Err(AppError::Stale(message)),
            Err(e) => Err(e.into()),
        }
    }
}
