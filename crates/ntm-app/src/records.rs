//! Records: the values plans, the cycle and money keep in the store's one
//! record store, each type with its kind ([`Record`]), read and written as
//! typed values, every write checked against the version read.

use ntm_core::unit::UnitId;
use ntm_store::{RecordKind, RecordWrite, StoredRecord};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::program::Program;

/// A value kept as a stored record: its type knows its kind, so that a
/// record is never read or written under another kind's name.
pub trait Record: Serialize + DeserializeOwned {
    const KIND: RecordKind;
}

macro_rules! records {
    ($($ty:ty => $kind:ident),+ $(,)?) => {$(
        impl Record for $ty {
            const KIND: RecordKind = RecordKind::$kind;
        }
    )+};
}

records! {
    ntm_core::plan::Target => Target,
    ntm_core::plan::Registration => Registration,
    ntm_core::plan::UnitCost => UnitCost,
    ntm_core::plan::DeadlineRule => DeadlineRule,
    ntm_core::plan::Submission => Submission,
    ntm_core::plan::PeriodLock => Lock,
    ntm_core::plan::LockException => LockException,
    ntm_core::money::CapitalAmount => Capital,
    ntm_core::money::Project => Project,
    ntm_core::money::Contribution => Contribution,
    ntm_core::money::Source => MoneySource,
    ntm_reports::appendix::AppendixLayout => AppendixLayout,
}

/// A record read back: its key, version and value.
#[derive(Debug, Clone)]
pub struct Stored<T> {
    pub key: String,
    pub unit: Option<UnitId>,
    pub version: i64,
    pub value: T,
}

fn decode<T: DeserializeOwned>(r: StoredRecord) -> Result<Stored<T>> {
    let value = serde_json::from_str(&r.body).map_err(|e| {
        AppError::Store(ntm_store::StoreError::corrupt(
            ntm_store::Stored::Record,
            format!("{} \"{}\": {e}", r.kind, r.key),
        ))
    })?;
    Ok(Stored {
        key: r.key,
        unit: r.unit,
        version: r.version,
        value,
    })
}

/// A record to write.
pub fn put<T: Record>(
    key: String,
    unit: Option<UnitId>,
    period: Option<i32>,
    value: &T,
    expected_version: Option<i64>,
) -> Result<RecordWrite> {
    let body =
        serde_json::to_string(value).map_err(|e| AppError::internal("không ghi được bản ghi kế hoạch", e))?;
    Ok(RecordWrite {
        kind: T::KIND,
        key,
        unit,
        period,
        body: Some(body),
        expected_version,
    })
}

impl Program {
    /// The records of a kind (of one period or year), decoded.
    pub(crate) async fn records<T: Record>(&self, period: Option<i32>) -> Result<Vec<Stored<T>>> {
        self.store()
            .records(T::KIND, period)
            .await?
            .into_iter()
            .map(decode)
            .collect()
    }

    /// Writes records in one transaction as the actor.
    pub(crate) async fn write_records(&self, actor: &Actor, writes: Vec<RecordWrite>) -> Result<usize> {
        Ok(self.store().write_records(writes, actor.context()).await?)
    }
}
