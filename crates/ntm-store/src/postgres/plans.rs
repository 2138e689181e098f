//! The plans part of the store on PostgreSQL.

use async_trait::async_trait;

use super::PostgresStore;
use crate::PlanStore;

#[async_trait]
impl PlanStore for PostgresStore {}
