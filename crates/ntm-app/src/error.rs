//! Errors of the application services.

use ntm_core::criteria::file::CriteriaFileError;

use crate::import::ImportError;

#[derive(Debug, thiserror::Error)]
pub enum AppError {
    #[error(transparent)]
    Store(#[from] ntm_store::StoreError),
    #[error("{}", .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
    Criteria(Vec<CriteriaFileError>),
    /// Every problem of an import; nothing was written.
    #[error("{} lỗi, không có dữ liệu nào được ghi:\n{}", .0.len(), .0.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n"))]
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
    #[error("{0}")]
    Invalid(String),
}

pub type Result<T> = std::result::Result<T, AppError>;
