//! The plans part of the store on SQLite.

use async_trait::async_trait;

use super::SqliteStore;
use crate::PlanStore;

#[async_trait]
impl PlanStore for SqliteStore {}
