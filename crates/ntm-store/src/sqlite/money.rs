//! The money part of the store on SQLite.

use async_trait::async_trait;

use super::SqliteStore;
use crate::MoneyStore;

#[async_trait]
impl MoneyStore for SqliteStore {}
