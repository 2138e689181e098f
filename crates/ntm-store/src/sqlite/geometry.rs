//! The geometry part of the store on SQLite.

use async_trait::async_trait;

use super::SqliteStore;
use crate::GeometryStore;

#[async_trait]
impl GeometryStore for SqliteStore {}
