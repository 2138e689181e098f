//! API keys for scripts: named, with an expiry, listed, revocable, every
//! creation and revocation in the audit trail. A key is 32 random bytes
//! shown once; only its SHA-256 is stored. A key has its user's rights; an
//! expired or revoked key opens nothing.

use ntm_core::input::text::{TextKind, check_text};
use ntm_store::{ApiTokenRecord, NewApiToken};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::access::{Actor, User, can_administer};
use crate::accounts::{new_token, token_hash};
use crate::clock::rfc3339;
use crate::error::{AppError, Result};
use crate::program::Program;

/// How long a new key lasts unless asked otherwise, and the longest allowed.
pub const DEFAULT_KEY_DAYS: u32 = 90;
pub const MAX_KEY_DAYS: u32 = 365;

/// A key as its owner (or an administrator) sees it: never the key itself.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct ApiKeyView {
    pub id: i64,
    pub name: String,
    pub username: String,
    /// RFC 3339.
    pub created_at: String,
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
    /// `active`, `expired` or `revoked`.
    pub state: &'static str,
    /// "còn hiệu lực đến 01/03/2027", "đã hết hạn ngày …", "đã thu hồi lúc …".
    pub state_vi: String,
}

/// A key just made: the key (shown once) and its record.
#[derive(Debug, Clone)]
pub struct NewApiKey {
    pub token: String,
    pub key: ApiKeyView,
}

fn expired(record: &ApiTokenRecord, now: OffsetDateTime) -> bool {
    record
        .expires_at
        .as_deref()
        .is_some_and(|at| OffsetDateTime::parse(at, &Rfc3339).map_or(true, |t| t <= now))
}

fn view(record: ApiTokenRecord, username: String, now: OffsetDateTime) -> ApiKeyView {
    let local = |at: &str| crate::views::audit::local_time_vi(at);
    let (state, state_vi) = if let Some(at) = &record.revoked_at {
        ("revoked", format!("đã thu hồi lúc {}", local(at)))
    } else if expired(&record, now) {
        (
            "expired",
            format!(
                "đã hết hạn lúc {}",
                local(record.expires_at.as_deref().unwrap_or(""))
            ),
        )
    } else {
        match &record.expires_at {
            Some(at) => ("active", format!("còn hiệu lực đến {}", local(at))),
            None => ("active", "còn hiệu lực".to_string()),
        }
    };
    ApiKeyView {
        id: record.id,
        name: record.name,
        username,
        created_at: record.created_at,
        expires_at: record.expires_at,
        revoked_at: record.revoked_at,
        state,
        state_vi,
    }
}

impl Program {
    /// The user of an API key, if the key is known, not revoked, not
    /// expired and its user not locked.
    pub async fn api_user(&self, token: &str) -> Result<Option<User>> {
        let Some(record) = self.store().api_token(&token_hash(token)).await? else {
            return Ok(None);
        };
        if expired(&record, self.now()) {
            return Ok(None);
        }
        Ok(self
            .store()
            .user(record.user)
            .await?
            .and_then(|r| User::from_record(&r)))
    }

    /// Makes a key for the actor's own account, valid `days` days
    /// (1–365); returns it, shown once.
    pub async fn create_api_key(&self, actor: &Actor, name: &str, days: u32) -> Result<NewApiKey> {
        let user = actor
            .user
            .as_ref()
            .ok_or_else(|| AppError::Invalid("khoá API thuộc về một người dùng".into()))?;
        let name =
            check_text(name, TextKind::Name, "tên khoá").map_err(|e| AppError::Invalid(e.to_string()))?;
        if name.is_empty() {
            return Err(AppError::Invalid(
                "đặt tên cho khoá API (ví dụ: tên kịch bản dùng nó)".into(),
            ));
        }
        if !(1..=MAX_KEY_DAYS).contains(&days) {
            return Err(AppError::Invalid(format!(
                "thời hạn của khoá từ 1 đến {MAX_KEY_DAYS} ngày"
            )));
        }
        let now = self.now();
        let token = new_token();
        let new = NewApiToken {
            user: user.id,
            name: name.clone(),
            token_hash: token_hash(&token),
            expires_at: rfc3339(now + time::Duration::days(i64::from(days))),
        };
        let expires_at = new.expires_at.clone();
        let id = self.store().create_api_token(new, actor.context()).await?;
        let record = ApiTokenRecord {
            id,
            user: user.id,
            name,
            created_at: actor.context().at,
            expires_at: Some(expires_at),
            revoked_at: None,
        };
        Ok(NewApiKey {
            token,
            key: view(record, user.username.clone(), now),
        })
    }

    /// Keys of a user (by name: one's own, or anyone's for administrators),
    /// or (`None`) everyone's for administrators and one's own for others.
    pub async fn api_keys(&self, actor: &Actor, username: Option<&str>) -> Result<Vec<ApiKeyView>> {
        let own = actor.user.as_ref();
        let denied = || AppError::Forbidden("chỉ quản trị hệ thống được xem khoá API của người khác".into());
        let user_id = match username {
            Some(name) if own.is_some_and(|u| u.username == name) => own.map(|u| u.id),
            Some(name) if can_administer(actor) => Some(
                self.store()
                    .user_by_name(name)
                    .await?
                    .ok_or_else(|| AppError::NotFound(format!("không có người dùng \"{name}\"")))?
                    .id,
            ),
            Some(_) => return Err(denied()),
            None if can_administer(actor) => None,
            None => Some(own.ok_or_else(denied)?.id),
        };
        let users = self.store().users().await?;
        let name_of = |id: i64| {
            users
                .iter()
                .find(|u| u.id == id)
                .map_or_else(|| format!("#{id}"), |u| u.username.clone())
        };
        let now = self.now();
        Ok(self
            .store()
            .api_tokens(user_id)
            .await?
            .into_iter()
            .map(|r| {
                let username = name_of(r.user);
                view(r, username, now)
            })
            .collect())
    }

    /// Revokes a key: its owner or an administrator. A key not the actor's
    /// to see answers as an unknown one.
    pub async fn revoke_api_key(&self, actor: &Actor, id: i64) -> Result<()> {
        let missing = || AppError::NotFound(format!("không có khoá API số {id}"));
        let keys = self.store().api_tokens(None).await?;
        let key = keys.iter().find(|k| k.id == id).ok_or_else(missing)?;
        let own = actor.user.as_ref().is_some_and(|u| u.id == key.user);
        if !own && !can_administer(actor) {
            return Err(missing());
        }
        // Revoking a revoked key changes nothing (and audits nothing).
        if key.revoked_at.is_none() {
            self.store().revoke_api_token(id, actor.context()).await?;
        }
        Ok(())
    }
}
