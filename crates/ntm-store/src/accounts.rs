//! Accounts, sessions, API tokens and evidence files as stored. Roles are
//! strings here; the application gives them meaning.

use ntm_core::agency::AgencyId;
use ntm_core::period::Period;
use ntm_core::unit::UnitId;

/// A user as stored.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct UserRecord {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    /// PHC string (argon2id).
    pub password_hash: String,
    pub role: String,
    /// The unit the user works for (their commune, district or province).
    pub unit: Option<UnitId>,
    /// For agency users: their agency.
    pub agency: Option<AgencyId>,
    pub disabled: bool,
    pub created_at: String,
}

/// A new user.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewUser {
    pub username: String,
    pub display_name: String,
    pub password_hash: String,
    pub role: String,
    pub unit: Option<UnitId>,
    pub agency: Option<AgencyId>,
}

/// Changes to a user; `None` leaves a field as it is.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct UserUpdate {
    pub display_name: Option<String>,
    pub password_hash: Option<String>,
    pub role: Option<String>,
    pub unit: Option<Option<UnitId>>,
    pub agency: Option<Option<AgencyId>>,
    pub disabled: Option<bool>,
    /// When the password changes, every session of the user ends but this
    /// one (the token hash of the session that changed its own password).
    pub keep_session: Option<String>,
}

/// A login session (the cookie holds the token; the database its hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SessionRecord {
    pub user: i64,
    pub csrf_token: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// An API token's owner and state.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiTokenRecord {
    pub id: i64,
    pub user: i64,
    pub name: String,
    pub created_at: String,
    /// RFC 3339; `None` only for a key the migration could not date.
    pub expires_at: Option<String>,
    pub revoked_at: Option<String>,
}

/// What an API token is made with.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewApiToken {
    pub user: i64,
    pub name: String,
    pub token_hash: String,
    /// RFC 3339.
    pub expires_at: String,
}

/// An uploaded evidence file, without its content.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct EvidenceMeta {
    pub id: i64,
    pub unit: UnitId,
    pub period: Period,
    /// `namespace:code` of the indicator or criterion it evidences.
    pub subject: String,
    pub file_name: String,
    pub content_type: String,
    pub size: i64,
    pub sha256: String,
    pub uploaded_by: String,
    pub uploaded_at: String,
}

/// A file to store as evidence.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewEvidence {
    pub unit: UnitId,
    pub period: Period,
    pub subject: String,
    pub file_name: String,
    pub content_type: String,
    pub content: Vec<u8>,
    pub sha256: String,
}

/// The audit trail's view of a user: never the password hash.
pub fn user_audit_json(u: &UserRecord) -> String {
    serde_json::json!({
        "username": u.username, "display_name": u.display_name, "role": u.role,
        "unit": u.unit.map(|x| x.0), "agency": u.agency.map(|x| x.0), "disabled": u.disabled,
    })
    .to_string()
}

/// A user with an update applied.
pub fn apply_update(before: &UserRecord, update: &UserUpdate) -> UserRecord {
    let mut after = before.clone();
    if let Some(v) = &update.display_name {
        after.display_name = v.clone();
    }
    if let Some(v) = &update.password_hash {
        after.password_hash = v.clone();
    }
    if let Some(v) = &update.role {
        after.role = v.clone();
    }
    if let Some(v) = update.unit {
        after.unit = v;
    }
    if let Some(v) = update.agency {
        after.agency = v;
    }
    if let Some(v) = update.disabled {
        after.disabled = v;
    }
    after
}

/// Old and new audit JSON of a user update. The hash never enters the audit
/// trail; that the password changed does.
pub fn update_audit(before: &UserRecord, after: &UserRecord) -> (String, String) {
    let mut new = user_audit_json(after);
    if before.password_hash != after.password_hash {
        new = new.replacen('{', "{\"password_changed\":true,", 1);
    }
    (user_audit_json(before), new)
}
