//! The store's kinds as SQLite text: written by key, read back checked (a
//! key ntm did not write fails the read as a conversion error).

use rusqlite::types::{FromSql, FromSqlError, FromSqlResult, ToSql, ToSqlOutput, ValueRef};

use crate::kinds::{AuditEntity, ChangeSource, RecordKind};

macro_rules! as_text {
    ($($ty:ty),+) => {$(
        impl ToSql for $ty {
            fn to_sql(&self) -> rusqlite::Result<ToSqlOutput<'_>> {
                Ok(ToSqlOutput::from(self.key()))
            }
        }

        impl FromSql for $ty {
            fn column_result(value: ValueRef<'_>) -> FromSqlResult<Self> {
                value.as_str()?.parse().map_err(|e| FromSqlError::Other(Box::new(e)))
            }
        }
    )+};
}

as_text!(AuditEntity, ChangeSource, RecordKind);
