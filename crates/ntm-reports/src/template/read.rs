//! Reading a filled-in template back: the sheet, its key row, and every data
//! row as text, each cell with its address for error messages. Checks the
//! file before trusting it: a size limit, a limit on what it unpacks to (a
//! small file can unpack to gigabytes), the sheet and the key row.

use std::io::{Cursor, Read};

use calamine::{Data, Reader, Xlsx};

use ntm_core::input::limits::{self, XLSX};
use ntm_core::input::nfc_owned;

use super::{COLUMNS, KEY_SEPARATOR, LOCKED, MAX_COLUMNS, MAX_ROWS, MAX_UNPACKED_BYTES, SHEET};

/// Why a workbook cannot be read as a template; the message names the place.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TemplateError {
    #[error("{0}")]
    TooLarge(String),
    #[error(
        "tệp không phải tệp Excel (.xlsx) hoặc đã hỏng: hãy mở lại bằng Excel hoặc LibreOffice và lưu thành .xlsx"
    )]
    NotXlsx,
    #[error(
        "tệp Excel được nén theo cách không hỗ trợ hoặc có đặt mật khẩu: hãy bỏ mật khẩu và lưu lại thành .xlsx"
    )]
    Unsupported,
    #[error("{}", damaged_text(.0))]
    Damaged(String),
    #[error(
        "tệp giải nén ra hơn {}: không phải mẫu nhập số liệu của ntm",
        limits::size_vi(MAX_UNPACKED_BYTES)
    )]
    Unpacks,
    #[error("không có trang \"{SHEET}\": hãy dùng mẫu xuất từ ntm (các trang có: {0})")]
    NoSheet(String),
    #[error("trang \"{SHEET}\" thiếu dòng mã cột (dòng ẩn số 4): hãy dùng mẫu xuất từ ntm")]
    NoKeys,
    #[error("trang \"{SHEET}\" thiếu cột \"{0}\"")]
    MissingColumn(String),
    #[error(
        "mẫu này được xuất từ phiên bản cũ của ntm (không có cột khoá dòng): hãy xuất mẫu mới rồi điền lại"
    )]
    OldTemplate,
    #[error("trang \"{sheet}\": {message}")]
    TooBig { sheet: String, message: String },
}

fn damaged_text(sheet: &str) -> String {
    let place = if sheet.is_empty() {
        "tệp Excel bị hỏng".to_string()
    } else {
        format!("trang \"{sheet}\" của tệp Excel bị hỏng")
    };
    format!("{place} (nội dung XML không đọc được): hãy mở bằng Excel hoặc LibreOffice và lưu lại")
}

fn zip_error(e: zip::result::ZipError) -> TemplateError {
    match e {
        zip::result::ZipError::UnsupportedArchive(_) => TemplateError::Unsupported,
        _ => TemplateError::NotXlsx,
    }
}

fn calamine_error(sheet: &str, e: &calamine::XlsxError) -> TemplateError {
    match e {
        calamine::XlsxError::Zip(_) | calamine::XlsxError::Io(_) => TemplateError::NotXlsx,
        calamine::XlsxError::Password => TemplateError::Unsupported,
        _ => TemplateError::Damaged(sheet.to_string()),
    }
}

fn too_big(sheet: &str, height: usize, width: usize) -> Option<TemplateError> {
    let message = if height > MAX_ROWS {
        limits::too_many_rows(Some(height)).replacen("tệp", "trang", 1)
    } else if width > MAX_COLUMNS {
        limits::too_many_columns(width)
    } else {
        return None;
    };
    Some(TemplateError::TooBig {
        sheet: sheet.to_string(),
        message,
    })
}

fn check_size(bytes: &[u8]) -> Result<(), TemplateError> {
    XLSX.check(bytes.len() as u64)
        .map_err(|e| TemplateError::TooLarge(e.to_string()))
}

/// One data row: its number in the sheet (1-based, as Excel shows it) and
/// its cells as text, in the order of [`SheetRows::keys`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadRow {
    pub line: u32,
    pub cells: Vec<String>,
    /// Problems with single cells (formula errors): (key, message).
    pub bad_cells: Vec<(String, String)>,
}

/// The data of a template's sheet.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SheetRows {
    pub sheet: String,
    /// Column keys in order (`unit_code`, `value`, …).
    pub keys: Vec<String>,
    /// Column letters, by the same index ("A", "H").
    pub letters: Vec<String>,
    pub rows: Vec<ReadRow>,
}

/// "A", "Z", "AA".
pub fn column_letter(index: usize) -> String {
    let mut n = index + 1;
    let mut letters = Vec::new();
    while n > 0 {
        let rem = (n - 1) % 26;
        letters.push(char::from(b'A' + rem as u8));
        n = (n - 1) / 26;
    }
    letters.iter().rev().collect()
}

/// A number as people write it in Vietnam, exactly, without grouping:
/// 226.84 → "226,84", 16021 → "16021".
pub fn number_text(x: f64) -> String {
    let fixed = format!("{x:.4}");
    let trimmed = fixed.trim_end_matches('0').trim_end_matches('.');
    trimmed.replace('.', ",")
}

pub(crate) fn cell_text(data: &Data) -> Result<String, String> {
    Ok(match data {
        Data::Empty => String::new(),
        Data::String(s) => nfc_owned(s.trim().to_string()),
        Data::Float(x) => number_text(*x),
        Data::Int(n) => n.to_string(),
        Data::Bool(true) => "đạt".into(),
        Data::Bool(false) => "không đạt".into(),
        Data::DateTime(d) => d.to_string(),
        Data::DateTimeIso(s) | Data::DurationIso(s) => nfc_owned(s.clone()),
        Data::Error(e) => return Err(format!("ô có lỗi công thức ({e})")),
    })
}

pub(crate) fn check_archive(bytes: &[u8]) -> Result<(), TemplateError> {
    let mut archive = zip::ZipArchive::new(Cursor::new(bytes)).map_err(zip_error)?;
    // The sizes the archive declares, when it declares them all (the reader
    // stops at them); otherwise what it really unpacks to, counted up to the limit.
    if let Some(declared) = archive.decompressed_size() {
        return if declared > u128::from(MAX_UNPACKED_BYTES) {
            Err(TemplateError::Unpacks)
        } else {
            Ok(())
        };
    }
    let mut left = MAX_UNPACKED_BYTES;
    for i in 0..archive.len() {
        let file = archive.by_index(i).map_err(zip_error)?;
        let read = std::io::copy(&mut file.take(left + 1), &mut std::io::sink())
            .map_err(|_| TemplateError::NotXlsx)?;
        left = left.checked_sub(read).ok_or(TemplateError::Unpacks)?;
    }
    Ok(())
}

/// Reads a template workbook's data rows.
pub fn read_template(bytes: &[u8]) -> Result<SheetRows, TemplateError> {
    check_size(bytes)?;
    check_archive(bytes)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_error(SHEET, &e))?;
    let names = workbook.sheet_names();
    if !names.iter().any(|n| n == SHEET) {
        return Err(TemplateError::NoSheet(names.join(", ")));
    }
    let range = workbook
        .worksheet_range(SHEET)
        .map_err(|e| calamine_error(SHEET, &e))?;
    if let Some(e) = too_big(SHEET, range.height(), range.width()) {
        return Err(e);
    }
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    // The key row: the first of the top rows holding `unit_code` and `value`.
    let rows: Vec<&[Data]> = range.rows().collect();
    let keys_at = rows
        .iter()
        .take(10)
        .position(|r| {
            let texts: Vec<String> = r.iter().filter_map(|c| cell_text(c).ok()).collect();
            texts.iter().any(|t| t == "unit_code") && texts.iter().any(|t| t == "value")
        })
        .ok_or(TemplateError::NoKeys)?;
    let keys: Vec<String> = rows[keys_at]
        .iter()
        .map(|c| cell_text(c).unwrap_or_default())
        .collect();
    for (key, _, _) in COLUMNS
        .iter()
        .filter(|(k, _, _)| !["unit_name", "label", "hint"].contains(k))
    {
        if !keys.iter().any(|k| k == key) {
            return Err(if *key == "key" {
                TemplateError::OldTemplate
            } else {
                TemplateError::MissingColumn((*key).to_string())
            });
        }
    }
    let letters = (0..keys.len())
        .map(|i| column_letter(first_col as usize + i))
        .collect();
    let data = rows
        .iter()
        .enumerate()
        .skip(keys_at + 1)
        .filter(|(_, r)| r.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|(i, r)| {
            let mut bad_cells = Vec::new();
            let cells = (0..keys.len())
                .map(|c| match r.get(c).map(cell_text) {
                    Some(Ok(t)) => t,
                    Some(Err(message)) => {
                        bad_cells.push((keys[c].clone(), message));
                        String::new()
                    }
                    None => String::new(),
                })
                .collect();
            let mut row = ReadRow {
                line: first_row + i as u32 + 1,
                cells,
                bad_cells,
            };
            row.bad_cells.extend(locked_cell_changes(&keys, &row));
            row
        })
        .collect();
    Ok(SheetRows {
        sheet: SHEET.to_string(),
        keys,
        letters,
        rows: data,
    })
}

/// The locked cells of a row that no longer hold what the row's hidden key
/// says they held when the template was exported: (column key, message).
fn locked_cell_changes(keys: &[String], row: &ReadRow) -> Vec<(String, String)> {
    let cell = |key: &str| {
        keys.iter()
            .position(|k| k == key)
            .and_then(|i| row.cells.get(i))
            .map_or("", String::as_str)
    };
    let key = cell("key");
    if key.is_empty() {
        return vec![(
            "key".to_string(),
            "dòng này không có khoá dòng (cột ẩn): có vẻ được thêm hoặc chép vào sau khi xuất; chỉ điền vào các dòng có sẵn của mẫu".to_string(),
        )];
    }
    let parts: Vec<&str> = key.split(KEY_SEPARATOR).collect();
    if parts.len() != LOCKED.len() {
        return vec![(
            "key".to_string(),
            "khoá dòng (cột ẩn) đã bị sửa: hãy xuất mẫu mới".to_string(),
        )];
    }
    LOCKED
        .iter()
        .zip(parts)
        .filter(|(column, exported)| cell(column) != *exported)
        .map(|(column, exported)| {
            let header = COLUMNS
                .iter()
                .find(|(k, _, _)| k == column)
                .map_or(*column, |(_, h, _)| *h);
            let now = cell(column);
            (
                column.to_string(),
                format!(
                    "ô khoá \"{header}\" đã bị sửa: khi xuất là \"{exported}\", nay là \"{now}\"; các cột xám (và cột ẩn) nói số liệu của dòng thuộc đơn vị, kỳ, chỉ tiêu nào nên không được sửa: hãy trả lại như cũ hoặc xuất mẫu mới"
                ),
            )
        })
        .collect()
}

/// Whether a workbook is a data-entry template (has its sheet): reads only
/// the workbook's list of sheets. Anything unreadable counts as a template,
/// whose reader then says what is wrong with it.
pub fn is_template_workbook(bytes: &[u8]) -> bool {
    if check_size(bytes).is_err() || check_archive(bytes).is_err() {
        return true;
    }
    match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => {
            let workbook: Xlsx<_> = workbook;
            workbook.sheet_names().iter().any(|n| n == SHEET)
        }
        Err(_) => true,
    }
}

/// The first sheet of any workbook, its first row taken as column keys
/// (lowercased), as text rows: for simple tables such as money imports.
pub fn read_first_sheet(bytes: &[u8]) -> Result<SheetRows, TemplateError> {
    check_size(bytes)?;
    check_archive(bytes)?;
    let mut workbook: Xlsx<_> = Xlsx::new(Cursor::new(bytes)).map_err(|e| calamine_error("", &e))?;
    let name = workbook
        .sheet_names()
        .first()
        .cloned()
        .ok_or_else(|| TemplateError::NoSheet(String::new()))?;
    let range = workbook
        .worksheet_range(&name)
        .map_err(|e| calamine_error(&name, &e))?;
    if let Some(e) = too_big(&name, range.height(), range.width()) {
        return Err(e);
    }
    let (first_row, first_col) = range.start().unwrap_or((0, 0));
    let mut rows = range.rows();
    let keys: Vec<String> = rows
        .next()
        .map(|r| {
            r.iter()
                .map(|c| cell_text(c).unwrap_or_default().to_lowercase())
                .collect()
        })
        .unwrap_or_default();
    let letters = (0..keys.len())
        .map(|i| column_letter(first_col as usize + i))
        .collect();
    let data = rows
        .enumerate()
        .filter(|(_, r)| r.iter().any(|c| !matches!(c, Data::Empty)))
        .map(|(i, r)| {
            let mut bad_cells = Vec::new();
            let cells = (0..keys.len())
                .map(|c| match r.get(c).map(cell_text) {
                    Some(Ok(t)) => t,
                    Some(Err(message)) => {
                        bad_cells.push((keys[c].clone(), message));
                        String::new()
                    }
                    None => String::new(),
                })
                .collect();
            ReadRow {
                line: first_row + i as u32 + 2,
                cells,
                bad_cells,
            }
        })
        .collect();
    Ok(SheetRows {
        sheet: name,
        keys,
        letters,
        rows: data,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn column_letters_go_past_z() {
        assert_eq!(column_letter(0), "A");
        assert_eq!(column_letter(7), "H");
        assert_eq!(column_letter(25), "Z");
        assert_eq!(column_letter(26), "AA");
        assert_eq!(column_letter(27), "AB");
    }

    #[test]
    fn numbers_read_back_the_vietnamese_way() {
        assert_eq!(number_text(226.84), "226,84");
        assert_eq!(number_text(16021.0), "16021");
        assert_eq!(number_text(0.1 + 0.2), "0,3");
        assert_eq!(number_text(-3.5), "-3,5");
    }

    #[test]
    fn garbage_is_refused_not_panicked_on() {
        assert_eq!(read_template(b"not a zip"), Err(TemplateError::NotXlsx));
        assert_eq!(read_template(&[]), Err(TemplateError::NotXlsx));
        let big = vec![0u8; XLSX.max_bytes as usize + 1];
        let e = read_template(&big).unwrap_err();
        assert_eq!(
            e.to_string(),
            "tệp Excel (.xlsx) lớn 20,1 MB, quá giới hạn 20 MB: hãy chia thành nhiều tệp nhỏ hơn"
        );
    }
}
