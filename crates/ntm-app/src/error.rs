//! Errors of the application services, by kind: a user's mistake (a file,
//! a form or a request that is wrong: 400/422 with the fields), refused
//! (403), not found (404, also for what the caller may not see), a conflict
//! with someone else's save (409), a locked period (409), and an internal
//! failure (500: ntm could not write a workbook or draw a map — never the
//! user's fault). Every message is Vietnamese; internal details go to the
//! log, not to the user.

use ntm_core::criteria::file::CriteriaFileError;
use ntm_core::input::{more_errors_line, screenful};

use crate::documents::import::ImportError;

/// What kind of failure an error is, which decides how it is answered.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ErrorKind {
    /// A request that cannot be understood: a parameter in the wrong
    /// format (a period, a map layer).
    BadRequest,
    /// Input that is wrong, field by field or cell by cell.
    Invalid,
    /// A file or body over its limit.
    TooLarge,
    Denied,
    NotFound,
    /// Someone saved or changed it meanwhile.
    Conflict,
    /// Approved and locked.
    Locked,
    /// ntm failed; the user can do nothing about it.
    Internal,
}

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    /// A storage failure; a stale record is turned into [`AppError::Stale`]
    /// on the way in.
    #[error(transparent)]
    Store(ntm_store::StoreError),
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Criteria(Vec<CriteriaFileError>),
    /// Every problem of an import; nothing was written.
    #[error("{}", import_text(.0))]
    Import(Vec<ImportError>),
    #[error(transparent)]
    Resolve(#[from] ntm_core::hierarchy::ResolveError),
    #[error("{0}")]
    NotFound(String),
    /// Fields of a form or request that are wrong; nothing was saved.
    #[error("{}", .0.iter().map(|e| format!("{}: {}", e.field, e.message)).collect::<Vec<_>>().join("; "))]
    Fields(Vec<crate::entry::FieldError>),
    /// Someone saved newer values meanwhile; nothing was saved.
    #[error("{} giá trị đã được người khác lưu trong lúc bạn sửa; không có gì được lưu", .0.len())]
    Conflict(Vec<crate::entry::ConflictView>),
    /// The actor may not do this.
    #[error("{0}")]
    Forbidden(String),
    /// The period is approved and locked for what was to be changed.
    #[error("{0}")]
    Locked(String),
    /// A plan or cycle record changed since it was read.
    #[error("{0}")]
    Stale(String),
    /// Well-formed but not possible (a commune where a district is needed,
    /// a date already past, a file that is not a template).
    #[error("{0}")]
    Invalid(String),
    /// A parameter of a request in the wrong format (a period, a map layer).
    #[error("{0}")]
    BadRequest(String),
    /// A file or request over its limit (the message says the limit).
    #[error("{0}")]
    TooLarge(String),
    /// ntm failed doing something a user asked (writing a workbook, drawing
    /// a map): what failed, in Vietnamese; the detail is for the log.
    #[error("{what}: {detail}")]
    Internal { what: String, detail: String },
}

/// "3 lỗi, không có dữ liệu nào được ghi:" and a screenful of them.
fn import_text(errors: &[ImportError]) -> String {
    let (shown, more) = screenful(errors);
    let mut text = format!(
        "{} lỗi, không có dữ liệu nào được ghi:\n{}",
        ntm_core::quantity::group_thousands(errors.len() as u64),
        shown
            .iter()
            .map(ToString::to_string)
            .collect::<Vec<_>>()
            .join("\n")
    );
    if let Some(line) = more_errors_line(more) {
        text.push('\n');
        text.push_str(&line);
    }
    text
}

impl AppError {
    /// An internal failure: `what` tells the user what could not be done
    /// ("không ghi được tệp Excel"); `detail` (a library's message) is logged.
    pub fn internal(what: impl Into<String>, detail: impl std::fmt::Display) -> AppError {
        AppError::Internal {
            what: what.into(),
            detail: detail.to_string(),
        }
    }

    pub fn kind(&self) -> ErrorKind {
        use ntm_store::StoreError as S;
        match self {
            AppError::Store(S::Refused(refusal)) => refusal_kind(refusal),
            AppError::Store(S::Backup(_)) => ErrorKind::Invalid,
            AppError::Store(S::Conflict(_) | S::Stale(_)) => ErrorKind::Conflict,
            AppError::Store(_) | AppError::Criteria(_) | AppError::Internal { .. } => ErrorKind::Internal,
            AppError::Import(_) | AppError::Fields(_) => ErrorKind::Invalid,
            AppError::Resolve(_) | AppError::NotFound(_) => ErrorKind::NotFound,
            AppError::Conflict(_) | AppError::Stale(_) => ErrorKind::Conflict,
            AppError::Forbidden(_) => ErrorKind::Denied,
            AppError::Locked(_) => ErrorKind::Locked,
            AppError::Invalid(_) => ErrorKind::Invalid,
            AppError::BadRequest(_) => ErrorKind::BadRequest,
            AppError::TooLarge(_) => ErrorKind::TooLarge,
        }
    }

    /// What a user is told of an internal failure (without the detail).
    pub fn user_text(&self) -> String {
        match self {
            AppError::Internal { what, .. } => what.clone(),
            e if e.kind() == ErrorKind::Internal => "lỗi hệ thống".to_string(),
            e => e.to_string(),
        }
    }
}

pub type Result<T> = std::result::Result<T, AppError>;

impl From<ntm_store::StoreError> for AppError {
    fn from(e: ntm_store::StoreError) -> AppError {
        match e {
            ntm_store::StoreError::Stale(stale) => AppError::Stale(stale.to_string()),
            e => AppError::Store(e),
        }
    }
}

/// A write the store refused, by whose doing: a name already taken or an
/// agency code that is not there is the user's; a catalog key the
/// database lacks is ntm's.
fn refusal_kind(refusal: &ntm_store::Refusal) -> ErrorKind {
    use ntm_store::Refusal as R;
    match refusal {
        R::UsernameTaken(_)
        | R::NoSuchAgency(_)
        | R::VersionTooLarge(_)
        | R::SchemaName(_)
        | R::NoSuchSchemaVersion(_)
        | R::PathNotUtf8 => ErrorKind::Invalid,
        R::NoSuchUser(_) => ErrorKind::NotFound,
        R::NoSuchIndicator(_) | R::NoSuchCriterion(_) | R::NoSuchNewUnit(_) | R::Unwritable { .. } => {
            ErrorKind::Internal
        }
    }
}

impl From<ntm_core::input::InputError> for AppError {
    /// A text refused by the input rules (too long, a character it may not
    /// hold): the request is well formed but cannot be kept.
    fn from(e: ntm_core::input::InputError) -> AppError {
        AppError::Invalid(e.to_string())
    }
}

/// Checks an optional text of a request by its kind (`ntm_core::input`).
pub(crate) fn check_optional(text: Option<&str>, kind: ntm_core::input::TextKind, what: &str) -> Result<()> {
    if let Some(t) = text {
        ntm_core::input::check_text(t, kind, what)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_import_error_list_is_cut_to_a_screenful() {
        let errors: Vec<ImportError> = (1..=1_000)
            .map(|line| ImportError::at("f.csv", line, "value", "ô trống"))
            .collect();
        let text = AppError::Import(errors).to_string();
        assert!(text.starts_with("1.000 lỗi, không có dữ liệu nào được ghi:\n"));
        assert_eq!(text.lines().count(), 1 + 20 + 1);
        assert!(text.ends_with("… và 980 lỗi khác"), "{text}");
    }

    #[test]
    fn a_stale_record_is_a_conflict_named_in_vietnamese() {
        let e = AppError::from(ntm_store::StoreError::Stale(ntm_store::Stale::Record {
            kind: ntm_store::RecordKind::Registration,
            key: "12:2026".into(),
            found: 3,
            expected: 2,
        }));
        assert!(matches!(e, AppError::Stale(_)), "{e:?}");
        assert_eq!(e.kind(), ErrorKind::Conflict);
        let text = e.user_text();
        assert!(
            text.starts_with("đăng ký đạt chuẩn \"12:2026\" đã được người khác thay đổi"),
            "{text}"
        );
        assert!(!text.contains("registration"), "{text}");
    }

    #[test]
    fn a_store_refusal_is_answered_by_whose_doing_it_is() {
        use ntm_store::{Refusal, StoreError};
        let kind = |r: Refusal| AppError::from(StoreError::Refused(r)).kind();
        assert_eq!(kind(Refusal::UsernameTaken("an".into())), ErrorKind::Invalid);
        assert_eq!(kind(Refusal::NoSuchAgency("SXD".into())), ErrorKind::Invalid);
        assert_eq!(kind(Refusal::NoSuchUser(7)), ErrorKind::NotFound);
        let internal = AppError::from(StoreError::Refused(Refusal::NoSuchIndicator(4)));
        assert_eq!(internal.kind(), ErrorKind::Internal);
        assert_eq!(internal.user_text(), "lỗi hệ thống");
        let corrupt = AppError::from(StoreError::corrupt(ntm_store::Stored::Tier, "\"x\""));
        assert_eq!(corrupt.kind(), ErrorKind::Internal);
    }
}
