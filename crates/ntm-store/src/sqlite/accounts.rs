//! Users, sessions and API tokens in SQLite.

use rusqlite::{Connection, OptionalExtension, params};
use serde_json::json;

use crate::accounts::user_audit_json;
use crate::kinds::AuditEntity;

use super::audit::{AuditRow, insert_audit};
use crate::accounts::{ApiTokenRecord, NewApiToken, NewUser, SessionRecord, UserRecord, UserUpdate};
use crate::model::WriteContext;
use crate::rows::{self, USER_COLUMNS};
use crate::{Result, StoreError};

fn user_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<UserRecord> {
    Ok(rows::user((
        r.get(0)?,
        r.get(1)?,
        r.get(2)?,
        r.get(3)?,
        r.get(4)?,
        r.get(5)?,
        r.get(6)?,
        r.get(7)?,
        r.get(8)?,
    )))
}

pub fn create_user(conn: &mut Connection, user: &NewUser, context: &WriteContext) -> Result<i64> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let exists: Option<i64> = tx
        .query_row(
            "SELECT id FROM users WHERE username = ?1",
            [&user.username],
            |r| r.get(0),
        )
        .optional()?;
    if exists.is_some() {
        return Err(crate::Refusal::UsernameTaken(user.username.clone()).into());
    }
    tx.execute(
        "INSERT INTO users (username, display_name, password_hash, role, unit_id, agency_id, disabled, created_at)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, 0, ?7)",
        params![
            user.username,
            user.display_name,
            user.password_hash,
            user.role,
            user.unit.map(|u| u.0),
            user.agency.map(|a| a.0),
            context.at
        ],
    )?;
    let id = tx.last_insert_rowid();
    let created = tx.query_row(
        &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
        [id],
        user_row,
    )?;
    let new = user_audit_json(&created);
    insert_audit(
        &tx,
        context,
        AuditRow {
            entity: AuditEntity::User,
            unit: None,
            period: None,
            subject: Some(&user.username),
            old: None,
            new: Some(&new),
        },
    )?;
    tx.commit()?;
    Ok(id)
}

pub fn update_user(
    conn: &mut Connection,
    id: i64,
    update: &UserUpdate,
    context: &WriteContext,
) -> Result<()> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let before = tx
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_row,
        )
        .optional()?
        .ok_or_else(|| StoreError::Refused(crate::Refusal::NoSuchUser(id)))?;
    let after = crate::accounts::apply_update(&before, update);
    tx.execute(
        "UPDATE users SET display_name = ?1, password_hash = ?2, role = ?3, unit_id = ?4, agency_id = ?5, disabled = ?6
         WHERE id = ?7",
        params![
            after.display_name,
            after.password_hash,
            after.role,
            after.unit.map(|u| u.0),
            after.agency.map(|a| a.0),
            after.disabled,
            id
        ],
    )?;
    if after.disabled {
        tx.execute("DELETE FROM sessions WHERE user_id = ?1", [id])?;
    } else if update.password_hash.is_some() {
        // A new password ends every other session of the user.
        tx.execute(
            "DELETE FROM sessions WHERE user_id = ?1 AND token_hash IS NOT ?2",
            params![id, update.keep_session],
        )?;
    }
    let (old, new) = crate::accounts::update_audit(&before, &after);
    insert_audit(
        &tx,
        context,
        AuditRow {
            entity: AuditEntity::User,
            unit: None,
            period: None,
            subject: Some(&before.username),
            old: Some(&old),
            new: Some(&new),
        },
    )?;
    tx.commit()?;
    Ok(())
}

pub fn user(conn: &mut Connection, id: i64) -> Result<Option<UserRecord>> {
    Ok(conn
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE id = ?1"),
            [id],
            user_row,
        )
        .optional()?)
}

pub fn user_by_name(conn: &mut Connection, username: &str) -> Result<Option<UserRecord>> {
    Ok(conn
        .query_row(
            &format!("SELECT {USER_COLUMNS} FROM users WHERE username = ?1"),
            [username],
            user_row,
        )
        .optional()?)
}

pub fn users(conn: &mut Connection) -> Result<Vec<UserRecord>> {
    let mut stmt = conn.prepare(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username"))?;
    let rows = stmt.query_map([], user_row)?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

pub fn create_session(
    conn: &mut Connection,
    token_hash: &str,
    s: &SessionRecord,
    created_at: &str,
) -> Result<()> {
    conn.execute(
        "INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token_hash, s.user, s.csrf_token, created_at, s.expires_at],
    )?;
    Ok(())
}

pub fn session(conn: &mut Connection, token_hash: &str) -> Result<Option<SessionRecord>> {
    Ok(conn
        .query_row(
            "SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = ?1",
            [token_hash],
            |r| {
                Ok(SessionRecord {
                    user: r.get(0)?,
                    csrf_token: r.get(1)?,
                    expires_at: r.get(2)?,
                })
            },
        )
        .optional()?)
}

pub fn delete_session(conn: &mut Connection, token_hash: &str) -> Result<()> {
    conn.execute("DELETE FROM sessions WHERE token_hash = ?1", [token_hash])?;
    Ok(())
}

pub fn create_api_token(conn: &mut Connection, token: &NewApiToken, context: &WriteContext) -> Result<i64> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    tx.execute(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES (?1, ?2, ?3, ?4, ?5)",
        params![token.user, token.name, token.token_hash, context.at, token.expires_at],
    )?;
    let id = tx.last_insert_rowid();
    let new = json!({ "token": id, "name": token.name, "user": token.user, "expires_at": token.expires_at })
        .to_string();
    insert_audit(
        &tx,
        context,
        AuditRow {
            entity: AuditEntity::ApiToken,
            unit: None,
            period: None,
            subject: Some(&token.name),
            old: None,
            new: Some(&new),
        },
    )?;
    tx.commit()?;
    Ok(id)
}

const TOKEN_COLUMNS: &str = "id, user_id, name, created_at, expires_at, revoked_at";

fn token_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<ApiTokenRecord> {
    Ok(ApiTokenRecord {
        id: r.get(0)?,
        user: r.get(1)?,
        name: r.get(2)?,
        created_at: r.get(3)?,
        expires_at: r.get(4)?,
        revoked_at: r.get(5)?,
    })
}

pub fn api_token(conn: &mut Connection, token_hash: &str) -> Result<Option<ApiTokenRecord>> {
    Ok(conn
        .query_row(
            &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = ?1 AND revoked_at IS NULL"),
            [token_hash],
            token_row,
        )
        .optional()?)
}

pub fn api_tokens(conn: &mut Connection, user: Option<i64>) -> Result<Vec<ApiTokenRecord>> {
    let mut stmt = conn.prepare(&format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE ?1 IS NULL OR user_id = ?1 ORDER BY id DESC"
    ))?;
    let rows = stmt.query_map([user], token_row)?;
    Ok(rows.collect::<std::result::Result<Vec<_>, _>>()?)
}

pub fn revoke_api_token(conn: &mut Connection, id: i64, context: &WriteContext) -> Result<bool> {
    let tx = conn.transaction_with_behavior(rusqlite::TransactionBehavior::Immediate)?;
    let Some(before) = tx
        .query_row(
            &format!("SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = ?1 AND revoked_at IS NULL"),
            [id],
            token_row,
        )
        .optional()?
    else {
        return Ok(false);
    };
    tx.execute(
        "UPDATE api_tokens SET revoked_at = ?1 WHERE id = ?2",
        params![context.at, id],
    )?;
    let old = json!({ "token": id, "name": before.name, "user": before.user }).to_string();
    let new = json!({ "token": id, "name": before.name, "user": before.user, "revoked_at": context.at })
        .to_string();
    insert_audit(
        &tx,
        context,
        AuditRow {
            entity: AuditEntity::ApiToken,
            unit: None,
            period: None,
            subject: Some(&before.name),
            old: Some(&old),
            new: Some(&new),
        },
    )?;
    tx.commit()?;
    Ok(true)
}
