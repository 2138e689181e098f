//! Accounts and access: who may sign in and how (passwords, sessions, API
//! tokens), who may see and change what ([`access`]: roles, scopes, the
//! actor of a change), and the demonstration accounts.
//!
//! Lives here: users, sessions, tokens, keys and the access rules. Not
//! here: what a user sees (views) or changes (entry, plans, money); those
//! ask [`access`] and never decide access themselves.

pub mod access;
pub mod api_keys;
pub mod demo;
mod users;

pub use users::*;
