//! The databases' errors in Vietnamese, for the operator who reads them on
//! the command line. The English detail stays in the error's `Debug`, which
//! the server's log records.

use ntm_core::input::messages::io_error_vi;

/// A SQLite error, by its code.
pub fn sqlite_vi(error: &rusqlite::Error) -> String {
    use rusqlite::ErrorCode as C;
    match error {
        rusqlite::Error::SqliteFailure(e, _) => match e.code {
            C::DatabaseBusy | C::DatabaseLocked => {
                "cơ sở dữ liệu SQLite đang bận (một tiến trình khác đang ghi): hãy thử lại".into()
            }
            C::CannotOpen => {
                "không mở được tệp cơ sở dữ liệu SQLite (thư mục có tồn tại và có quyền ghi không?)".into()
            }
            C::NotADatabase => "tệp không phải cơ sở dữ liệu SQLite".into(),
            C::DatabaseCorrupt => "tệp cơ sở dữ liệu SQLite bị hỏng".into(),
            C::DiskFull => "ổ đĩa đã đầy: không ghi được cơ sở dữ liệu".into(),
            C::ReadOnly => "cơ sở dữ liệu SQLite chỉ cho đọc".into(),
            C::PermissionDenied => "không có quyền truy cập tệp cơ sở dữ liệu SQLite".into(),
            C::SystemIoFailure => "lỗi đọc ghi đĩa khi dùng cơ sở dữ liệu SQLite".into(),
            C::ConstraintViolation => "dữ liệu vi phạm ràng buộc của cơ sở dữ liệu".into(),
            C::OutOfMemory => "không đủ bộ nhớ cho SQLite".into(),
            _ => format!("lỗi SQLite (mã {})", e.extended_code),
        },
        _ => "lỗi khi đọc ghi cơ sở dữ liệu SQLite".into(),
    }
}

/// A PostgreSQL error, by its kind and SQLSTATE.
pub fn postgres_vi(error: &sqlx::Error) -> String {
    match error {
        sqlx::Error::Io(e) => format!("không kết nối được PostgreSQL: {}", io_error_vi(e)),
        sqlx::Error::Configuration(_) => "địa chỉ kết nối PostgreSQL không hợp lệ".into(),
        sqlx::Error::Tls(_) => "lỗi TLS khi kết nối PostgreSQL".into(),
        sqlx::Error::PoolTimedOut => "hết thời gian chờ kết nối PostgreSQL (máy chủ quá tải?)".into(),
        sqlx::Error::PoolClosed => "kết nối PostgreSQL đã đóng".into(),
        sqlx::Error::Database(e) => match e.code().as_deref() {
            Some("28P01" | "28000") => "PostgreSQL từ chối: sai tên người dùng hoặc mật khẩu".into(),
            Some("3D000") => "máy chủ PostgreSQL chưa có cơ sở dữ liệu này".into(),
            Some("53300") => "máy chủ PostgreSQL đã hết chỗ cho kết nối mới".into(),
            Some("40001" | "40P01") => "PostgreSQL huỷ giao dịch vì tranh chấp: hãy thử lại".into(),
            Some(code) if code.starts_with("23") => {
                format!("dữ liệu vi phạm ràng buộc của cơ sở dữ liệu (mã {code})")
            }
            Some(code) => format!("PostgreSQL báo lỗi (mã SQLSTATE {code})"),
            None => "PostgreSQL báo lỗi".into(),
        },
        _ => "lỗi khi đọc ghi cơ sở dữ liệu PostgreSQL".into(),
    }
}
