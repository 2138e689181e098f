//! Accounts: passwords (argon2id), login sessions, API tokens, and user
//! management. Tokens are random; only their SHA-256 is stored, so a copy of
//! the database opens no session.

use argon2::Argon2;
use argon2::password_hash::{PasswordHasher, PasswordVerifier};
use ntm_core::agency::AgencyId;
use ntm_core::unit::{UnitCode, UnitId};
use ntm_store::{NewUser, SessionRecord, UserUpdate};
use sha2::{Digest, Sha256};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use ntm_core::input::text::{TextKind, check_text};

use crate::accounts::access::{Actor, Role, User, can_administer};
use crate::error::{AppError, Result};
use crate::program::{Program, Snapshot};

/// How long a login lasts.
pub const SESSION_HOURS: i64 = 12;
/// The shortest password accepted.
pub const MIN_PASSWORD: usize = 8;
/// The longest (hashing is slow by design; a megabyte would be a way to
/// keep the server busy).
pub const MAX_PASSWORD: usize = 200;

/// An argon2id PHC string for a password.
pub fn hash_password(password: &str) -> Result<String> {
    Argon2::default()
        .hash_password(password.as_bytes())
        .map(|h| h.to_string())
        .map_err(|e| AppError::internal("không băm được mật khẩu", e))
}

pub fn verify_password(password: &str, hash: &str) -> bool {
    Argon2::default()
        .verify_password(password.as_bytes(), hash)
        .is_ok()
}

/// 32 random bytes, hex.
pub fn new_token() -> String {
    let mut bytes = [0u8; 32];
    rand::fill(&mut bytes);
    hex::encode(bytes)
}

/// What the database stores for a token.
pub fn token_hash(token: &str) -> String {
    hex::encode(Sha256::digest(token.as_bytes()))
}

fn rfc3339(t: OffsetDateTime) -> String {
    t.format(&Rfc3339)
        .unwrap_or_else(|_| "1970-01-01T00:00:00Z".into())
}

/// A new login: the cookie's token and the form token.
#[derive(Debug, Clone)]
pub struct Login {
    pub token: String,
    pub csrf: String,
    pub user: User,
}

/// A user as the users page shows it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct UserView {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: String,
    pub role_name: String,
    pub unit: Option<String>,
    pub agency: Option<String>,
    pub disabled: bool,
}

/// What creating a user needs.
#[derive(Debug, Clone, Default)]
pub struct NewUserInput {
    pub username: String,
    pub display_name: String,
    pub password: String,
    pub role: String,
    pub unit_code: Option<String>,
    pub agency_code: Option<String>,
}

/// A user name as kept: trimmed, ASCII letters, digits, '.', '-', '_', at
/// most 64 characters.
fn checked_username(text: &str) -> Result<String> {
    let username = text.trim().to_string();
    if username.is_empty()
        || username.len() > 64
        || !username
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || ".-_".contains(c))
    {
        return Err(AppError::Invalid(
            "tên đăng nhập chỉ gồm chữ cái không dấu, chữ số, '.', '-', '_' (tối đa 64 ký tự)".into(),
        ));
    }
    Ok(username)
}

/// A new password's length: [`MIN_PASSWORD`] to [`MAX_PASSWORD`] characters.
fn check_password(password: &str) -> Result<()> {
    if password.chars().count() < MIN_PASSWORD {
        return Err(AppError::Invalid(format!(
            "mật khẩu cần ít nhất {MIN_PASSWORD} ký tự"
        )));
    }
    if password.chars().count() > MAX_PASSWORD {
        return Err(AppError::Invalid(format!(
            "mật khẩu dài quá: tối đa {MAX_PASSWORD} ký tự"
        )));
    }
    Ok(())
}

/// A user's name as kept (checked as a name), never empty.
fn checked_display_name(text: &str) -> Result<String> {
    let display_name =
        check_text(text, TextKind::Name, "họ tên").map_err(|e| AppError::Invalid(e.to_string()))?;
    if display_name.is_empty() {
        return Err(AppError::Invalid("cần họ tên hoặc tên cơ quan".into()));
    }
    Ok(display_name)
}

/// A code given in a form: trimmed, `None` when empty.
fn given(code: &Option<String>) -> Option<&str> {
    code.as_deref().map(str::trim).filter(|c| !c.is_empty())
}

/// The unit of a user's code: of the units that had it, the current one (or
/// the one that ended last).
fn user_unit(snapshot: &Snapshot, code: &str) -> Result<UnitId> {
    let code: UnitCode = code
        .parse()
        .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
    let unit = snapshot
        .hierarchy
        .units_with_code(&code)
        .max_by_key(|u| (u.validity.to.is_none(), u.validity.to))
        .ok_or_else(|| AppError::NotFound(format!("không có đơn vị mã {code}")))?;
    Ok(unit.id)
}

fn user_agency(snapshot: &Snapshot, code: &str) -> Result<AgencyId> {
    snapshot
        .agencies
        .agencies
        .iter()
        .find(|a| a.code == code)
        .map(|a| a.id)
        .ok_or_else(|| AppError::NotFound(format!("không có cơ quan mã {code}")))
}

/// What a role needs: an agency user an agency; a commune officer,
/// coordinator or viewer a unit.
fn check_role_needs(role: Role, unit: Option<UnitId>, agency: Option<AgencyId>) -> Result<()> {
    match role {
        Role::Agency if agency.is_none() => {
            Err(AppError::Invalid("người dùng của cơ quan cần mã cơ quan".into()))
        }
        Role::Coordinator | Role::CommuneOfficer | Role::Viewer if unit.is_none() => Err(AppError::Invalid(
            format!("vai trò {} cần mã đơn vị", role.name_vi()),
        )),
        _ => Ok(()),
    }
}

/// A fixed hash verified when the user does not exist, so that a wrong name
/// takes as long as a wrong password.
const DUMMY_HASH: &str =
    "$argon2id$v=19$m=19456,t=2,p=1$KA5OUyNjXynRqGf+Cwm1SQ$Gxq5i9mFmEX3oxGf+Unw67Lz3FtNpgMb62hz5QfKN5E";

impl Program {
    /// Checks a password; on success opens a session.
    pub async fn login(&self, username: &str, password: &str, now: OffsetDateTime) -> Result<Option<Login>> {
        let record = self.store().user_by_name(username.trim()).await?;
        let Some(record) = record else {
            verify_password(password, DUMMY_HASH);
            return Ok(None);
        };
        if !verify_password(password, &record.password_hash) {
            return Ok(None);
        }
        let Some(user) = User::from_record(&record) else {
            return Ok(None);
        };
        let (token, csrf) = (new_token(), new_token());
        let session = SessionRecord {
            user: user.id,
            csrf_token: csrf.clone(),
            expires_at: rfc3339(now + time::Duration::hours(SESSION_HOURS)),
        };
        self.store()
            .create_session(&token_hash(&token), session, &rfc3339(now))
            .await?;
        Ok(Some(Login { token, csrf, user }))
    }

    pub async fn logout(&self, token: &str) -> Result<()> {
        Ok(self.store().delete_session(&token_hash(token)).await?)
    }

    /// The user of a session cookie and its form token, if the session is valid.
    pub async fn session_user(&self, token: &str, now: OffsetDateTime) -> Result<Option<(User, String)>> {
        let hash = token_hash(token);
        let Some(session) = self.store().session(&hash).await? else {
            return Ok(None);
        };
        let expired = OffsetDateTime::parse(&session.expires_at, &Rfc3339).map_or(true, |t| t <= now);
        if expired {
            self.store().delete_session(&hash).await?;
            return Ok(None);
        }
        let user = self
            .store()
            .user(session.user)
            .await?
            .and_then(|r| User::from_record(&r));
        Ok(user.map(|u| (u, session.csrf_token)))
    }

    /// Creates a user (administrators only). A commune officer, coordinator or
    /// viewer needs a unit; an agency user needs an agency.
    pub async fn create_user(&self, actor: &Actor, input: NewUserInput) -> Result<i64> {
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được tạo người dùng".into(),
            ));
        }
        let role: Role = input
            .role
            .parse()
            .map_err(|e: crate::accounts::access::RoleError| AppError::Invalid(e.to_string()))?;
        let username = checked_username(&input.username)?;
        check_password(&input.password)?;
        let display_name = checked_display_name(&input.display_name)?;
        if self.store().user_by_name(&username).await?.is_some() {
            return Err(AppError::Invalid(format!(
                "tên đăng nhập \"{username}\" đã có người dùng"
            )));
        }
        let snapshot = self.snapshot().await?;
        let unit = given(&input.unit_code)
            .map(|code| user_unit(&snapshot, code))
            .transpose()?;
        let agency = given(&input.agency_code)
            .map(|code| user_agency(&snapshot, code))
            .transpose()?;
        check_role_needs(role, unit, agency)?;
        let new = NewUser {
            username,
            display_name,
            password_hash: hash_password(&input.password)?,
            role: role.key().to_string(),
            unit,
            agency,
        };
        Ok(self.store().create_user(new, actor.context()).await?)
    }

    async fn user_id(&self, username: &str) -> Result<i64> {
        self.store()
            .user_by_name(username)
            .await?
            .map(|u| u.id)
            .ok_or_else(|| AppError::NotFound(format!("không có người dùng \"{username}\"")))
    }

    /// Sets a user's password (a reset): administrators, for another user,
    /// and the command line. Every session of that user ends. One's own
    /// password is changed with the current one ([`Program::change_own_password`]).
    pub async fn set_password(&self, actor: &Actor, username: &str, password: &str) -> Result<()> {
        if actor.user.as_ref().is_some_and(|u| u.username == username) {
            return Err(AppError::Forbidden(
                "mật khẩu của chính mình được đổi ở trang Tài khoản, với mật khẩu hiện tại".into(),
            ));
        }
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được đặt lại mật khẩu của người khác".into(),
            ));
        }
        self.write_password(actor, username, password, None).await
    }

    async fn write_password(
        &self,
        actor: &Actor,
        username: &str,
        password: &str,
        keep_session: Option<&str>,
    ) -> Result<()> {
        check_password(password)?;
        let id = self.user_id(username).await?;
        let update = UserUpdate {
            password_hash: Some(hash_password(password)?),
            keep_session: keep_session.map(token_hash),
            ..UserUpdate::default()
        };
        Ok(self.store().update_user(id, update, actor.context()).await?)
    }

    /// Changes the actor's own password, after checking the current one;
    /// every other session of the user ends (`session`: the token of the
    /// one that asked, which stays signed in).
    pub async fn change_own_password(
        &self,
        actor: &Actor,
        current: &str,
        new: &str,
        session: Option<&str>,
    ) -> Result<()> {
        let user = actor
            .user
            .as_ref()
            .ok_or_else(|| AppError::Invalid("chỉ người dùng đã đăng nhập mới đổi được mật khẩu".into()))?;
        let record = self
            .store()
            .user(user.id)
            .await?
            .ok_or_else(|| AppError::NotFound("không tìm thấy tài khoản".into()))?;
        if !verify_password(current, &record.password_hash) {
            return Err(AppError::Fields(vec![crate::entry::FieldError {
                field: "current".into(),
                message: "mật khẩu hiện tại không đúng".into(),
            }]));
        }
        self.write_password(actor, &user.username, new, session).await
    }

    /// Disables (or enables again) a user; disabling ends their sessions.
    pub async fn set_disabled(&self, actor: &Actor, username: &str, disabled: bool) -> Result<()> {
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được khóa người dùng".into(),
            ));
        }
        let id = self.user_id(username).await?;
        let update = UserUpdate {
            disabled: Some(disabled),
            ..UserUpdate::default()
        };
        Ok(self.store().update_user(id, update, actor.context()).await?)
    }

    /// Every user (administrators only).
    pub async fn users(&self, actor: &Actor) -> Result<Vec<UserView>> {
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được xem danh sách người dùng".into(),
            ));
        }
        let snapshot = self.snapshot().await?;
        let records = self.store().users().await?;
        Ok(records
            .into_iter()
            .map(|r| UserView {
                id: r.id,
                role_name: r
                    .role
                    .parse::<Role>()
                    .map(|x| x.name_vi().to_string())
                    .unwrap_or_else(|_| r.role.clone()),
                unit: r
                    .unit
                    .and_then(|u| snapshot.hierarchy.unit(u))
                    .map(|u| format!("{} ({})", u.full_name(), u.code)),
                agency: r
                    .agency
                    .and_then(|a| snapshot.agencies.agencies.iter().find(|x| x.id == a))
                    .map(|a| a.name.clone()),
                username: r.username,
                display_name: r.display_name,
                role: r.role,
                disabled: r.disabled,
            })
            .collect())
    }
}
