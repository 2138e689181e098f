//! The geometry part of the store on PostgreSQL.

use async_trait::async_trait;

use super::PostgresStore;
use crate::GeometryStore;

#[async_trait]
impl GeometryStore for PostgresStore {}
