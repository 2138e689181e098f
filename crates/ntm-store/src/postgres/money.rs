//! The money part of the store on PostgreSQL.

use async_trait::async_trait;

use super::PostgresStore;
use crate::MoneyStore;

#[async_trait]
impl MoneyStore for PostgresStore {}
