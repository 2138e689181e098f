//! Why a storage operation failed, as data: which record, which key, which
//! file, which version. No call site writes prose; each type's `Display`
//! below is the one place the Vietnamese an operator reads on the command
//! line is worded. The application decides from the variant how a failure
//! is answered (a user's mistake, not found, a conflict, an internal
//! failure) and may word it for its pages (`ntm_app::AppError`).

use std::path::PathBuf;

use ntm_core::input::messages::io_error_vi;

use crate::backup::BackupKind;
use crate::messages;
use crate::{Conflict, RecordKind, SCHEMA_VERSION};

/// Why a storage operation failed.
#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error("{}", messages::sqlite_vi(.0))]
    Sqlite(#[from] rusqlite::Error),
    #[error("{}", messages::postgres_vi(.0))]
    Postgres(#[from] sqlx::Error),
    /// A migration step failed; the database stays at the step before.
    #[error("không áp dụng được cấu trúc cơ sở dữ liệu: phiên bản {version}: {cause}")]
    Migration { version: i64, cause: Box<StoreError> },
    /// The database was migrated by a newer ntm.
    #[error(
        "không áp dụng được cấu trúc cơ sở dữ liệu: cơ sở dữ liệu đã ở lược đồ phiên bản {found}, \
         mới hơn phiên bản {SCHEMA_VERSION} mà bản ntm này biết: hãy dùng phiên bản ntm mới hơn \
         (ntm --version cho biết phiên bản đang chạy)"
    )]
    SchemaNewer { found: i64 },
    #[error("địa chỉ cơ sở dữ liệu \"{0}\" không hợp lệ: dùng sqlite://TỆP hoặc postgres://...")]
    Url(String),
    /// Something stored that ntm cannot read back.
    #[error("dữ liệu trong cơ sở dữ liệu không hợp lệ: {0}")]
    Corrupt(Corruption),
    /// A write the store refuses; nothing of it was written.
    #[error(transparent)]
    Refused(Refusal),
    /// Someone saved in between: nothing of the batch was written.
    #[error("{} giá trị đã được người khác lưu trong lúc bạn sửa", .0.len())]
    Conflict(Vec<Conflict>),
    /// A record changed since it was read: nothing was written.
    #[error(transparent)]
    Stale(Stale),
    #[error("tác vụ nền bị dừng: {0}")]
    Task(TaskFailure),
    /// A backup or a restore that cannot be done; nothing was restored.
    #[error(transparent)]
    Backup(BackupError),
}

pub type Result<T> = std::result::Result<T, StoreError>;

/// What was stored and could not be read, and what was found there (the
/// stored text, or a library's account of it, for the log).
#[derive(Debug, thiserror::Error)]
#[error("{what}: {found}")]
pub struct Corruption {
    pub what: Stored,
    pub found: String,
}

impl StoreError {
    /// The stored `what` could not be read: `found` says what was there.
    pub fn corrupt(what: Stored, found: impl std::fmt::Display) -> StoreError {
        StoreError::Corrupt(Corruption {
            what,
            found: found.to_string(),
        })
    }
}

/// The kinds of stored things a read can find broken.
#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum Stored {
    #[error("mã khóa")]
    Key,
    #[error("đơn vị hành chính")]
    Unit,
    #[error("cây đơn vị hành chính")]
    Hierarchy,
    #[error("loại kế thừa")]
    SuccessionKind,
    #[error("ngày kế thừa")]
    SuccessionDate,
    #[error("hạng công nhận")]
    Tier,
    #[error("ngày quyết định công nhận")]
    DecisionDate,
    #[error("số liệu báo cáo")]
    ReportedFigure,
    #[error("kỳ báo cáo")]
    Period,
    #[error("nguồn số liệu")]
    Provenance,
    #[error("ngày")]
    Date,
    #[error("giá trị chỉ tiêu")]
    IndicatorValue,
    #[error("danh sách minh chứng")]
    EvidenceList,
    #[error("trạng thái phiên bản bộ tiêu chí")]
    VersionStatus,
    #[error("số phiên bản bộ tiêu chí")]
    VersionNumber,
    #[error("nội dung phiên bản bộ tiêu chí")]
    CriteriaVersion,
    #[error("phiên bản bộ tiêu chí đã ban hành")]
    PublishedVersion,
    #[error("nội dung bản ghi")]
    Record,
    #[error("người dùng vừa ghi")]
    WrittenUser,
    #[error("kiểm tra toàn vẹn")]
    Integrity,
}

/// A write the store refuses, by what is missing or taken.
#[derive(Debug, thiserror::Error)]
pub enum Refusal {
    #[error("tên đăng nhập \"{0}\" đã có")]
    UsernameTaken(String),
    #[error("không có người dùng số {0}")]
    NoSuchUser(i64),
    #[error("không có cơ quan mã \"{0}\"")]
    NoSuchAgency(String),
    /// A key of the catalog that the database does not hold.
    #[error("chỉ tiêu (khóa {0}) chưa có trong cơ sở dữ liệu")]
    NoSuchIndicator(u32),
    #[error("tiêu chí (khóa {0}) chưa có trong cơ sở dữ liệu")]
    NoSuchCriterion(u32),
    /// A reference to the `n`-th new unit of a batch that has fewer.
    #[error("đơn vị mới thứ {0} không có trong lô ghi")]
    NoSuchNewUnit(usize),
    #[error("phiên bản {0} quá lớn")]
    VersionTooLarge(u32),
    #[error("tên schema \"{0}\" không hợp lệ")]
    SchemaName(String),
    #[error("lược đồ phiên bản {0} không có (1 đến {SCHEMA_VERSION})")]
    NoSuchSchemaVersion(i64),
    #[error("đường dẫn không hợp lệ (không phải UTF-8)")]
    PathNotUtf8,
    /// A value that could not be written as JSON.
    #[error("không ghi được {what} thành JSON: {detail}")]
    Unwritable { what: Stored, detail: String },
}

/// A record changed since the writer read it.
#[derive(Debug, thiserror::Error)]
pub enum Stale {
    /// A plan, cycle or money record; `expected` is the version read.
    #[error(
        "{} \"{key}\" đã được người khác thay đổi (phiên bản {found}, bạn đã đọc phiên bản {expected}); \
         hãy tải lại rồi làm lại",
        kind.name_vi()
    )]
    Record {
        kind: RecordKind,
        key: String,
        found: i64,
        expected: i64,
    },
    /// A criteria set version; `expected` 0 means "a new version".
    #[error("{}", stale_version(name, *found, *expected))]
    CriteriaVersion { name: String, found: i64, expected: i64 },
}

fn stale_version(name: &str, found: i64, expected: i64) -> String {
    if expected == 0 {
        format!("phiên bản {name} đã có; hãy tải lại trang")
    } else {
        format!(
            "phiên bản {name} đã được người khác lưu (lần lưu {found}, bạn đã mở lần lưu {expected}); \
             hãy tải lại rồi làm lại"
        )
    }
}

/// A background task that did not finish.
#[derive(Debug, thiserror::Error)]
pub enum TaskFailure {
    #[error("tác vụ bị huỷ khi máy chủ dừng")]
    Cancelled,
    /// A panic: the detail is in the log.
    #[error("tác vụ gặp lỗi không lường trước (chi tiết trong nhật ký)")]
    Panicked,
    /// A thread panicked while it held the SQLite connection.
    #[error("kết nối SQLite bị khóa hỏng")]
    PoisonedConnection,
}

impl From<tokio::task::JoinError> for StoreError {
    fn from(e: tokio::task::JoinError) -> StoreError {
        if e.is_cancelled() {
            StoreError::Task(TaskFailure::Cancelled)
        } else {
            tracing::error!(error = %e, "a storage task panicked");
            StoreError::Task(TaskFailure::Panicked)
        }
    }
}

/// Why a backup or a restore cannot be done.
#[derive(Debug, thiserror::Error)]
pub enum BackupError {
    #[error("tệp sao lưu hỏng hoặc không đầy đủ ({0}): không khôi phục gì")]
    Damaged(Damage),
    #[error("không đọc/ghi được tệp {}: {}", file.display(), io_error_vi(source))]
    File { file: PathBuf, source: std::io::Error },
    #[error("tệp {} đã có: chọn tên khác (bản sao lưu không ghi đè lên tệp nào)", .0.display())]
    OutputExists(PathBuf),
    #[error("không có tệp cơ sở dữ liệu {0}")]
    NoDatabaseFile(String),
    #[error("{0} không phải là cơ sở dữ liệu của ntm")]
    NotNtmDatabase(String),
    #[error("cơ sở dữ liệu này không có dữ liệu của ntm (không có bảng ntm_schema_version)")]
    NoNtmSchema,
    #[error("{} không phải là bản sao lưu của ntm", .0.display())]
    NotNtmBackup(PathBuf),
    #[error(
        "{} không phải là bản sao lưu của ntm (không phải cơ sở dữ liệu SQLite, cũng không phải tệp sao lưu PostgreSQL của ntm)",
        .0.display()
    )]
    UnknownFile(PathBuf),
    /// A backup of one backend offered to the other.
    #[error("{}", wrong_backend(file, *made_by))]
    WrongBackend { file: PathBuf, made_by: BackupKind },
    #[error("không khôi phục vào cơ sở dữ liệu trong bộ nhớ: hãy chỉ một tệp (--db sqlite://TỆP)")]
    IntoMemory,
    #[error(
        "không khôi phục vào {target}: cơ sở dữ liệu này không trống (bảng {table} có {rows} dòng). \
         Chỉ khôi phục vào một cơ sở dữ liệu trống, để không dữ liệu nào bị ghi đè: \
         dùng một tệp SQLite mới, hoặc một cơ sở dữ liệu PostgreSQL vừa tạo (createdb)"
    )]
    TargetNotEmpty {
        target: RestoreTarget,
        table: String,
        rows: u64,
    },
    #[error(
        "{target} đã có lược đồ phiên bản {current}, mới hơn bản sao lưu (phiên bản {backup}): \
         hãy khôi phục vào một cơ sở dữ liệu vừa tạo (createdb), ntm sẽ tự dựng lược đồ"
    )]
    TargetNewer {
        target: RestoreTarget,
        current: i64,
        backup: i64,
    },
    #[error(
        "{} có lược đồ phiên bản {version}, mới hơn phiên bản {SCHEMA_VERSION} mà bản ntm này biết: \
         hãy khôi phục bằng phiên bản ntm mới hơn",
        file.display()
    )]
    BackupNewer { file: PathBuf, version: i64 },
    #[error("tệp sao lưu có bảng {table} không thuộc lược đồ phiên bản {version}")]
    UnknownTable { table: String, version: i64 },
    #[error("tệp sao lưu đã đổi trong lúc khôi phục")]
    ChangedDuringRestore,
    #[error("{}: kiểm tra toàn vẹn không đạt ({result})", file.display())]
    Integrity { file: PathBuf, result: String },
    #[error("cơ sở dữ liệu bận quá lâu, không sao lưu được: hãy thử lại")]
    SourceBusy,
}

impl From<BackupError> for StoreError {
    fn from(e: BackupError) -> StoreError {
        StoreError::Backup(e)
    }
}

impl From<Refusal> for StoreError {
    fn from(e: Refusal) -> StoreError {
        StoreError::Refused(e)
    }
}

impl From<Stale> for StoreError {
    fn from(e: Stale) -> StoreError {
        StoreError::Stale(e)
    }
}

/// Where a restore writes.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestoreTarget {
    #[error("{0}")]
    SqliteFile(String),
    #[error("cơ sở dữ liệu PostgreSQL này")]
    PostgresDatabase,
    #[error("schema {0}")]
    PostgresSchema(String),
}

fn wrong_backend(file: &std::path::Path, made_by: BackupKind) -> String {
    match made_by {
        BackupKind::Postgres => format!(
            "{} là bản sao lưu của một cơ sở dữ liệu PostgreSQL: hãy khôi phục nó vào PostgreSQL (--db postgres://…)",
            file.display()
        ),
        BackupKind::Sqlite => format!(
            "{} là bản sao lưu của một cơ sở dữ liệu SQLite: hãy khôi phục nó vào một tệp SQLite (--db sqlite://TỆP)",
            file.display()
        ),
    }
}

/// Where a PostgreSQL backup file is broken.
#[derive(Debug, thiserror::Error)]
pub enum Damage {
    #[error("{}", io_error_vi(.0))]
    Read(std::io::Error),
    #[error("thiếu dòng kết thúc")]
    NoEndOfLine,
    #[error("dòng đầu")]
    Header,
    #[error("dòng kết thúc")]
    Trailer,
    #[error("tổng kiểm tra SHA-256 hoặc số dòng không khớp")]
    Checksum,
    #[error("dòng không hiểu được")]
    UnknownLine,
    #[error("dữ liệu ngoài bảng")]
    OutsideTable,
    #[error("bảng không kết thúc")]
    UnendedTable,
    #[error("tên bảng")]
    TableLine,
    #[error("thiếu tên bảng")]
    NoTableName,
    #[error("thiếu cột")]
    NoColumns,
    #[error("tên bảng hoặc cột không hợp lệ")]
    BadName,
}

impl From<Damage> for StoreError {
    fn from(d: Damage) -> StoreError {
        StoreError::Backup(BackupError::Damaged(d))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_stale_record_names_its_kind_key_and_both_versions() {
        let e = StoreError::Stale(Stale::Record {
            kind: RecordKind::Target,
            key: "12:2026".into(),
            found: 3,
            expected: 2,
        });
        let text = e.to_string();
        assert!(text.contains("\"12:2026\""), "{text}");
        assert!(text.contains("phiên bản 3, bạn đã đọc phiên bản 2"), "{text}");
    }

    #[test]
    fn a_new_criteria_version_saved_twice_is_told_apart_from_an_edit() {
        let first = Stale::CriteriaVersion {
            name: "QG@2".into(),
            found: 1,
            expected: 0,
        };
        let edit = Stale::CriteriaVersion {
            name: "QG@2".into(),
            found: 4,
            expected: 3,
        };
        assert_eq!(first.to_string(), "phiên bản QG@2 đã có; hãy tải lại trang");
        assert!(
            edit.to_string().contains("lần lưu 4, bạn đã mở lần lưu 3"),
            "{edit}"
        );
    }

    #[test]
    fn a_file_error_is_worded_in_vietnamese_not_the_systems_english() {
        let e = BackupError::File {
            file: "/tmp/x.ntm".into(),
            source: std::io::Error::from(std::io::ErrorKind::NotFound),
        };
        let text = e.to_string();
        assert!(text.starts_with("không đọc/ghi được tệp /tmp/x.ntm: "), "{text}");
        assert!(!text.contains("not found"), "{text}");
    }

    #[test]
    fn a_corruption_says_what_and_what_was_found() {
        let e = StoreError::corrupt(Stored::Tier, "\"vàng\"");
        assert_eq!(
            e.to_string(),
            "dữ liệu trong cơ sở dữ liệu không hợp lệ: hạng công nhận: \"vàng\""
        );
    }
}
