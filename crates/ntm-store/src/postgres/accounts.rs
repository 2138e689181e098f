//! Users, sessions and API tokens in PostgreSQL.

use sqlx::PgPool;

use super::audit::insert_audit;
use crate::accounts::user_audit_json;
use crate::accounts::{ApiTokenRecord, NewApiToken, NewUser, SessionRecord, UserRecord, UserUpdate};
use crate::kinds::AuditEntity;
use crate::model::WriteContext;
use crate::rows::{self, RawUser, USER_COLUMNS};
use crate::{Result, StoreError};

async fn fetch_user(conn: &mut sqlx::PgConnection, id: i64, lock: bool) -> Result<Option<UserRecord>> {
    let sql = format!(
        "SELECT {USER_COLUMNS} FROM users WHERE id = $1{}",
        if lock { " FOR UPDATE" } else { "" }
    );
    let raw: Option<RawUser> = sqlx::query_as(sqlx::AssertSqlSafe(sql))
        .bind(id)
        .fetch_optional(conn)
        .await?;
    Ok(raw.map(rows::user))
}

pub async fn create_user(pool: &PgPool, user: &NewUser, ctx: &WriteContext) -> Result<i64> {
    let mut tx = pool.begin().await?;
    let exists: Option<i64> = sqlx::query_scalar("SELECT id FROM users WHERE username = $1")
        .bind(&user.username)
        .fetch_optional(&mut *tx)
        .await?;
    if exists.is_some() {
        return Err(crate::Refusal::UsernameTaken(user.username.clone()).into());
    }
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO users (username, display_name, password_hash, role, unit_id, agency_id, disabled, created_at)
         VALUES ($1, $2, $3, $4, $5, $6, FALSE, $7) RETURNING id",
    )
    .bind(&user.username)
    .bind(&user.display_name)
    .bind(&user.password_hash)
    .bind(&user.role)
    .bind(user.unit.map(|u| u.0))
    .bind(user.agency.map(|a| a.0))
    .bind(&ctx.at)
    .fetch_one(&mut *tx)
    .await?;
    let created = fetch_user(&mut tx, id, false)
        .await?
        .ok_or_else(|| StoreError::corrupt(crate::Stored::WrittenUser, id))?;
    insert_audit(
        &mut tx,
        ctx,
        AuditEntity::User,
        vec![(
            None,
            None,
            Some(user.username.clone()),
            None,
            Some(user_audit_json(&created)),
        )],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

pub async fn update_user(pool: &PgPool, id: i64, update: &UserUpdate, ctx: &WriteContext) -> Result<()> {
    let mut tx = pool.begin().await?;
    let before = fetch_user(&mut tx, id, true)
        .await?
        .ok_or_else(|| StoreError::Refused(crate::Refusal::NoSuchUser(id)))?;
    let after = crate::accounts::apply_update(&before, update);
    sqlx::query(
        "UPDATE users SET display_name = $1, password_hash = $2, role = $3, unit_id = $4, agency_id = $5, disabled = $6
         WHERE id = $7",
    )
    .bind(&after.display_name)
    .bind(&after.password_hash)
    .bind(&after.role)
    .bind(after.unit.map(|u| u.0))
    .bind(after.agency.map(|a| a.0))
    .bind(after.disabled)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    if after.disabled {
        sqlx::query("DELETE FROM sessions WHERE user_id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    } else if update.password_hash.is_some() {
        // A new password ends every other session of the user.
        sqlx::query("DELETE FROM sessions WHERE user_id = $1 AND ($2::text IS NULL OR token_hash <> $2)")
            .bind(id)
            .bind(&update.keep_session)
            .execute(&mut *tx)
            .await?;
    }
    let (old, new) = crate::accounts::update_audit(&before, &after);
    insert_audit(
        &mut tx,
        ctx,
        AuditEntity::User,
        vec![(None, None, Some(before.username.clone()), Some(old), Some(new))],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn user(pool: &PgPool, id: i64) -> Result<Option<UserRecord>> {
    let mut conn = pool.acquire().await?;
    fetch_user(&mut conn, id, false).await
}

pub async fn user_by_name(pool: &PgPool, username: &str) -> Result<Option<UserRecord>> {
    let raw: Option<RawUser> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users WHERE username = $1"
    )))
    .bind(username)
    .fetch_optional(pool)
    .await?;
    Ok(raw.map(rows::user))
}

pub async fn users(pool: &PgPool) -> Result<Vec<UserRecord>> {
    let raw: Vec<RawUser> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {USER_COLUMNS} FROM users ORDER BY username"
    )))
    .fetch_all(pool)
    .await?;
    Ok(raw.into_iter().map(rows::user).collect())
}

pub async fn create_session(
    pool: &PgPool,
    token_hash: &str,
    s: &SessionRecord,
    created_at: &str,
) -> Result<()> {
    sqlx::query("INSERT INTO sessions (token_hash, user_id, csrf_token, created_at, expires_at) VALUES ($1, $2, $3, $4, $5)")
        .bind(token_hash)
        .bind(s.user)
        .bind(&s.csrf_token)
        .bind(created_at)
        .bind(&s.expires_at)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn session(pool: &PgPool, token_hash: &str) -> Result<Option<SessionRecord>> {
    let row: Option<(i64, String, String)> =
        sqlx::query_as("SELECT user_id, csrf_token, expires_at FROM sessions WHERE token_hash = $1")
            .bind(token_hash)
            .fetch_optional(pool)
            .await?;
    Ok(row.map(|(user, csrf_token, expires_at)| SessionRecord {
        user,
        csrf_token,
        expires_at,
    }))
}

pub async fn delete_session(pool: &PgPool, token_hash: &str) -> Result<()> {
    sqlx::query("DELETE FROM sessions WHERE token_hash = $1")
        .bind(token_hash)
        .execute(pool)
        .await?;
    Ok(())
}

pub async fn create_api_token(pool: &PgPool, token: &NewApiToken, ctx: &WriteContext) -> Result<i64> {
    let mut tx = pool.begin().await?;
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO api_tokens (user_id, name, token_hash, created_at, expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
    )
    .bind(token.user)
    .bind(&token.name)
    .bind(&token.token_hash)
    .bind(&ctx.at)
    .bind(&token.expires_at)
    .fetch_one(&mut *tx)
    .await?;
    let new = serde_json::json!({ "token": id, "name": token.name, "user": token.user, "expires_at": token.expires_at })
        .to_string();
    insert_audit(
        &mut tx,
        ctx,
        AuditEntity::ApiToken,
        vec![(None, None, Some(token.name.clone()), None, Some(new))],
    )
    .await?;
    tx.commit().await?;
    Ok(id)
}

type TokenRow = (i64, i64, String, String, Option<String>, Option<String>);

const TOKEN_COLUMNS: &str = "id, user_id, name, created_at, expires_at, revoked_at";

fn token_record((id, user, name, created_at, expires_at, revoked_at): TokenRow) -> ApiTokenRecord {
    ApiTokenRecord {
        id,
        user,
        name,
        created_at,
        expires_at,
        revoked_at,
    }
}

pub async fn api_token(pool: &PgPool, token_hash: &str) -> Result<Option<ApiTokenRecord>> {
    let row: Option<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE token_hash = $1 AND revoked_at IS NULL"
    )))
    .bind(token_hash)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(token_record))
}

pub async fn api_tokens(pool: &PgPool, user: Option<i64>) -> Result<Vec<ApiTokenRecord>> {
    let rows: Vec<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE $1::bigint IS NULL OR user_id = $1 ORDER BY id DESC"
    )))
    .bind(user)
    .fetch_all(pool)
    .await?;
    Ok(rows.into_iter().map(token_record).collect())
}

pub async fn revoke_api_token(pool: &PgPool, id: i64, ctx: &WriteContext) -> Result<bool> {
    let mut tx = pool.begin().await?;
    let before: Option<TokenRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "SELECT {TOKEN_COLUMNS} FROM api_tokens WHERE id = $1 AND revoked_at IS NULL FOR UPDATE"
    )))
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(before) = before.map(token_record) else {
        return Ok(false);
    };
    sqlx::query("UPDATE api_tokens SET revoked_at = $1 WHERE id = $2")
        .bind(&ctx.at)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let old = serde_json::json!({ "token": id, "name": before.name, "user": before.user }).to_string();
    let new =
        serde_json::json!({ "token": id, "name": before.name, "user": before.user, "revoked_at": ctx.at })
            .to_string();
    insert_audit(
        &mut tx,
        ctx,
        AuditEntity::ApiToken,
        vec![(None, None, Some(before.name.clone()), Some(old), Some(new))],
    )
    .await?;
    tx.commit().await?;
    Ok(true)
}
