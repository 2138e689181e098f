//! The limits every input path shares. A file is refused by its size before
//! it is read (so memory is bounded by the limit, not by the file); a table
//! by its rows and columns; a field by its length. Every limit is far above
//! what a real office sends (a whole province's template, the national list
//! of units) and far below what would exhaust the server.

use std::fmt;

use crate::quantity::group_thousands;

const MB: u64 = 1024 * 1024;

/// A kind of file and the largest accepted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct FileLimit {
    /// What the file is, as messages name it ("tệp CSV").
    pub what: &'static str,
    pub max_bytes: u64,
}

/// CSV tables: units, successions, values, money.
pub const CSV: FileLimit = FileLimit {
    what: "tệp CSV",
    max_bytes: 50 * MB,
};
/// Workbooks: templates, money tables.
pub const XLSX: FileLimit = FileLimit {
    what: "tệp Excel (.xlsx)",
    max_bytes: 20 * MB,
};
/// What a workbook may unpack to (a small file can unpack to gigabytes).
pub const XLSX_UNPACKED_BYTES: u64 = 400 * MB;
/// Unit boundaries (a province's communes, even drawn finely, are a few
/// MB; the file is held whole while its shapes are checked, at about four
/// times its size).
pub const GEOJSON: FileLimit = FileLimit {
    what: "tệp GeoJSON",
    max_bytes: 50 * MB,
};
/// Criteria sets, plans, money files.
pub const TOML: FileLimit = FileLimit {
    what: "tệp TOML",
    max_bytes: 5 * MB,
};
/// Evidence files (scans, photos, documents).
pub const EVIDENCE: FileLimit = FileLimit {
    what: "tệp minh chứng",
    max_bytes: 10 * MB,
};
/// A page form (without files).
pub const FORM: FileLimit = FileLimit {
    what: "biểu mẫu",
    max_bytes: 2 * MB,
};
/// A JSON request body of the API.
pub const JSON_BODY: FileLimit = FileLimit {
    what: "nội dung JSON",
    max_bytes: 2 * MB,
};

/// Any file `ntm import` or the import page takes (a template, a CSV or
/// money table, a GeoJSON file): read up to the largest of their limits,
/// then held to its own kind's.
pub const ANY_IMPORT: FileLimit = FileLimit {
    what: "tệp nhập",
    max_bytes: GEOJSON.max_bytes,
};

/// The largest upload of any kind (an import takes CSV, XLSX or GeoJSON),
/// with room for the multipart framing.
pub const UPLOAD_BYTES: u64 = GEOJSON.max_bytes + MB;

/// Data rows of a table (CSV or a workbook's sheet).
pub const MAX_ROWS: usize = 300_000;
/// Columns of a table.
pub const MAX_COLUMNS: usize = 64;
/// Features of a GeoJSON file.
pub const MAX_FEATURES: usize = 50_000;
/// A field other than a note: a code, a number, a value, a date.
pub const MAX_FIELD_CHARS: usize = 1_000;
/// A note, comment or reason. Far below what every export format holds
/// (an Excel cell holds 32,767 characters), so a stored note always exports.
pub const MAX_NOTE_CHARS: usize = 5_000;
/// A name: of a unit, user, API key, project, source, criterion.
pub const MAX_NAME_CHARS: usize = 200;
/// An evidence file's name.
pub const MAX_FILE_NAME_CHARS: usize = 120;
/// The most text an Excel cell holds.
pub const EXCEL_CELL_CHARS: usize = 32_767;
/// How many errors a screen lists (the command line, the import page, a
/// problem's `errors`); the rest are counted: "… và N lỗi khác".
pub const ERRORS_SHOWN: usize = 20;

/// "50 MB", "512 KB", "900 byte".
pub fn size_vi(bytes: u64) -> String {
    if bytes >= MB {
        // Tenths rounded up, so that a file just over a limit reads as over it.
        let tenths = (bytes * 10).div_ceil(MB);
        let (whole, tenth) = (tenths / 10, tenths % 10);
        if tenth == 0 {
            format!("{} MB", group_thousands(whole))
        } else {
            format!("{},{tenth} MB", group_thousands(whole))
        }
    } else if bytes >= 1024 {
        format!("{} KB", group_thousands(bytes.div_ceil(1024)))
    } else {
        format!("{bytes} byte")
    }
}

/// A file refused by its size.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TooLarge {
    pub limit: FileLimit,
    /// `None` when reading stopped at the limit (a stream of unknown size).
    pub size: Option<u64>,
}

impl fmt::Display for TooLarge {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.size {
            Some(size) => write!(
                f,
                "{} lớn {}, quá giới hạn {}: hãy chia thành nhiều tệp nhỏ hơn",
                self.limit.what,
                size_vi(size),
                size_vi(self.limit.max_bytes)
            ),
            None => write!(
                f,
                "{} lớn hơn giới hạn {}: hãy chia thành nhiều tệp nhỏ hơn",
                self.limit.what,
                size_vi(self.limit.max_bytes)
            ),
        }
    }
}

impl std::error::Error for TooLarge {}

impl FileLimit {
    /// Refuses a stream that went past the limit while being read.
    pub fn overflowed(self) -> TooLarge {
        TooLarge {
            limit: self,
            size: None,
        }
    }

    /// Refuses a file larger than the limit (by its size, before reading it).
    pub fn check(self, size: u64) -> Result<(), TooLarge> {
        if size > self.max_bytes {
            Err(TooLarge {
                limit: self,
                size: Some(size),
            })
        } else {
            Ok(())
        }
    }
}

/// "tệp có 400.000 dòng số liệu, quá giới hạn 300.000 dòng"; `None` when
/// reading stopped at the limit ("hơn 300.000").
pub fn too_many_rows(rows: Option<usize>) -> String {
    let limit = group_thousands(MAX_ROWS as u64);
    let count = match rows {
        Some(n) => group_thousands(n as u64),
        None => format!("hơn {limit}"),
    };
    format!("tệp có {count} dòng số liệu, quá giới hạn {limit} dòng: hãy chia thành nhiều tệp")
}

/// "dòng có 70 cột, quá giới hạn 64 cột".
pub fn too_many_columns(columns: usize) -> String {
    format!("có {columns} cột, quá giới hạn {MAX_COLUMNS} cột")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_vietnamese_way() {
        assert_eq!(size_vi(50 * MB), "50 MB");
        assert_eq!(size_vi(1024 * MB), "1.024 MB");
        assert_eq!(size_vi(MB + MB / 2), "1,5 MB");
        assert_eq!(size_vi(2048), "2 KB");
        assert_eq!(size_vi(20 * MB + 1), "20,1 MB");
        assert_eq!(size_vi(12), "12 byte");
    }

    #[test]
    fn a_file_over_the_limit_is_refused_with_the_limit_named() {
        let e = CSV.check(1024 * MB).unwrap_err();
        assert_eq!(
            e.to_string(),
            "tệp CSV lớn 1.024 MB, quá giới hạn 50 MB: hãy chia thành nhiều tệp nhỏ hơn"
        );
        assert!(CSV.check(50 * MB).is_ok());
    }

    #[test]
    fn row_and_column_limits_say_the_limit() {
        assert!(too_many_rows(Some(400_000)).contains("400.000 dòng số liệu, quá giới hạn 300.000 dòng"));
        assert!(too_many_rows(None).starts_with("tệp có hơn 300.000 dòng"));
        assert_eq!(too_many_columns(70), "có 70 cột, quá giới hạn 64 cột");
    }
}
