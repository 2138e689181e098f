//! Reading CSV files as Vietnamese offices produce them: UTF-8 with or without
//! a byte-order mark, comma or semicolon separated, composed or decomposed
//! Unicode (read as NFC). The reader is strict where the `csv` crate is
//! lenient: an unclosed quote is an error at the line it opens (instead of
//! the rest of the file becoming one cell), and so is text after a closing
//! quote. Every limit of [`ntm_core::input::limits`] applies: the file's
//! size, rows, columns and each cell's length and characters. Every row
//! keeps its line number so that errors can name it.

use std::borrow::Cow;
use std::collections::HashMap;

use ntm_core::input::limits::{self, MAX_COLUMNS, MAX_ROWS};
use ntm_core::input::text::{TextKind, check_length, first_bad_char};
use ntm_core::input::{InputError, nfc, nfc_owned};

use crate::documents::import::ImportError;

/// A CSV file read into memory: its header and its rows.
#[derive(Debug)]
pub struct CsvTable {
    pub file: String,
    headers: HashMap<String, usize>,
    pub rows: Vec<CsvRow>,
    /// For a table read from a spreadsheet: the sheet and each column's letter,
    /// so that errors name the cell ("Số liệu", H12).
    sheet: Option<(String, Vec<String>)>,
}

/// One data row.
#[derive(Debug)]
pub struct CsvRow {
    /// 1-based line number in the file.
    pub line: u64,
    fields: Vec<String>,
}

/// What a column holds, by its canonical name: notes may be long and span
/// lines; names are checked as names; everything else is a field.
fn column_kind(canonical: &str) -> TextKind {
    match canonical {
        "note" | "comment" | "reason" => TextKind::Note,
        "name" | "type_name" | "owner" => TextKind::Name,
        _ => TextKind::Field,
    }
}

/// The problem of one cell's text, if any (its length or a character).
fn cell_problem(text: &str, kind: TextKind) -> Option<InputError> {
    if let Err(e) = check_length(text, kind, "ô") {
        return Some(e);
    }
    first_bad_char(text, kind).map(|(position, c, problem)| InputError::BadChar {
        what: "ô".into(),
        problem,
        code: c as u32,
        position,
    })
}

/// What a file that is not CSV text is, when its first bytes say so.
fn not_csv(bytes: &[u8]) -> Option<&'static str> {
    if bytes.starts_with(b"PK\x03\x04") {
        Some(
            "đây là tệp Excel (.xlsx), không phải tệp CSV: mẫu nhập số liệu và bảng vốn (.xlsx) nhập bằng lệnh \
             `ntm import TỆP` hoặc trang \"Nhập từ tệp\"; bảng khác hãy lưu thành CSV UTF-8 (trong Excel: Lưu thành → CSV UTF-8)",
        )
    } else if bytes.starts_with(&[0xD0, 0xCF, 0x11, 0xE0]) {
        Some(
            "đây là tệp Excel 97-2003 (.xls), không phải tệp CSV: hãy lưu lại thành CSV UTF-8 (hoặc .xlsx để nhập bằng `ntm import`)",
        )
    } else if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        Some("tệp CSV mã hóa UTF-16 (Unicode): hãy lưu lại với mã hóa UTF-8 (CSV UTF-8)")
    } else if bytes.starts_with(b"%PDF-") {
        Some("đây là tệp PDF, không phải tệp CSV")
    } else {
        None
    }
}

/// The first quoting error of a CSV text: a quote that is never closed (at
/// the line it opens) or text after a closing quote. The `csv` crate would
/// read the first as one cell holding the rest of the file.
fn quote_error(text: &str, delimiter: u8) -> Option<(u64, &'static str)> {
    let bytes = text.as_bytes();
    let mut line = 1u64;
    let mut i = 0;
    let mut field_start = true;
    while i < bytes.len() {
        let b = bytes[i];
        if field_start && b == b'"' {
            let opened = line;
            i += 1;
            loop {
                match bytes.get(i) {
                    None => {
                        return Some((
                            opened,
                            "dấu ngoặc kép (\") mở ở dòng này không có dấu đóng: mọi dòng sau nó sẽ bị đọc thành một ô; \
                             hãy thêm dấu \" đóng (ô có dấu \" bên trong viết thành \"\")",
                        ));
                    }
                    Some(b'"') if bytes.get(i + 1) == Some(&b'"') => i += 2,
                    Some(b'"') => {
                        i += 1;
                        break;
                    }
                    Some(b'\n') => {
                        line += 1;
                        i += 1;
                    }
                    Some(_) => i += 1,
                }
            }
            while matches!(bytes.get(i), Some(b' ' | b'\t')) {
                i += 1;
            }
            match bytes.get(i) {
                None | Some(b'\r' | b'\n') => {}
                Some(&d) if d == delimiter => {}
                Some(_) => {
                    return Some((
                        line,
                        "sau dấu \" đóng ô còn chữ: ô có dấu \" bên trong phải đặt cả ô trong dấu \" và viết dấu \" thành \"\"",
                    ));
                }
            }
            field_start = false;
            continue;
        }
        if b == b'\n' {
            line += 1;
        }
        field_start = b == b'\n' || b == b'\r' || b == delimiter;
        i += 1;
    }
    None
}

/// A file's text, checked: within the size limit, CSV rather than another
/// format, UTF-8 (without its byte-order mark), read as NFC.
fn read_text<'b>(file: &str, bytes: &'b [u8]) -> Result<Cow<'b, str>, Vec<ImportError>> {
    let whole = |message: String| vec![ImportError::at(file, 0, "", message)];
    limits::CSV
        .check(bytes.len() as u64)
        .map_err(|e| whole(e.to_string()))?;
    if let Some(message) = not_csv(bytes) {
        return Err(whole(message.to_string()));
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let text = std::str::from_utf8(bytes).map_err(|e| {
        let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
        vec![ImportError::at(
            file,
            line,
            "",
            "tệp không phải UTF-8 (có thể là TCVN3 hoặc Windows-1258): hãy lưu tệp CSV với mã hóa UTF-8",
        )]
    })?;
    Ok(nfc(text))
}

/// The separator of a file: a semicolon when its first line has more
/// semicolons than commas, else a comma.
fn delimiter_of(text: &str) -> u8 {
    let first_line = text.lines().next().unwrap_or("");
    if first_line.matches(';').count() > first_line.matches(',').count() {
        b';'
    } else {
        b','
    }
}

/// The header row, within the column limit.
fn read_header(file: &str, reader: &mut csv::Reader<&[u8]>) -> Result<csv::StringRecord, Vec<ImportError>> {
    let header_record = reader
        .headers()
        .map_err(|_| {
            vec![ImportError::at(
                file,
                1,
                "",
                "không đọc được dòng tiêu đề (tên các cột)",
            )]
        })?
        .clone();
    if header_record.len() > MAX_COLUMNS {
        return Err(vec![ImportError::at(
            file,
            1,
            "",
            format!("dòng tiêu đề {}", limits::too_many_columns(header_record.len())),
        )]);
    }
    Ok(header_record)
}

/// The columns of a header: where each canonical column is, and each
/// position's canonical name and kind of text (an empty name for a column
/// without a header).
struct Columns {
    headers: HashMap<String, usize>,
    kinds: Vec<TextKind>,
    names: Vec<String>,
}

impl Columns {
    /// The header's columns, and the problems of the headers that are
    /// repeated or not accepted.
    fn of(
        file: &str,
        header_record: &csv::StringRecord,
        aliases: &[(&str, &str)],
    ) -> (Columns, Vec<ImportError>) {
        let mut columns = Columns {
            headers: HashMap::new(),
            kinds: vec![TextKind::Field; header_record.len()],
            names: vec![String::new(); header_record.len()],
        };
        let mut errors = Vec::new();
        for (i, h) in header_record.iter().enumerate() {
            let key = h.trim().to_lowercase();
            match aliases.iter().find(|(alias, _)| *alias == key) {
                Some((_, canonical)) => {
                    columns.kinds[i] = column_kind(canonical);
                    columns.names[i] = canonical.to_string();
                    if columns.headers.insert(canonical.to_string(), i).is_some() {
                        errors.push(ImportError::at(file, 1, h, "cột bị lặp"));
                    }
                }
                None if key.is_empty() => {}
                None => errors.push(ImportError::at(file, 1, h, unknown_column(aliases))),
            }
        }
        (columns, errors)
    }
}

/// Why a header is refused, with the columns accepted (their canonical names).
fn unknown_column(aliases: &[(&str, &str)]) -> String {
    let known: Vec<&str> = aliases
        .iter()
        .map(|(a, c)| if a == c { *a } else { "" })
        .filter(|a| !a.is_empty())
        .collect();
    format!("cột không được hỗ trợ (các cột: {})", known.join(", "))
}

/// The data rows that are not blank, and the problems of their cells and of
/// the rows that cannot be read (up to the row limit).
fn read_rows(
    file: &str,
    reader: &mut csv::Reader<&[u8]>,
    columns: &Columns,
) -> (Vec<CsvRow>, Vec<ImportError>) {
    let mut rows = Vec::new();
    let mut errors = Vec::new();
    for record in reader.records() {
        if rows.len() >= MAX_ROWS {
            errors.push(ImportError::at(file, 0, "", limits::too_many_rows(None)));
            break;
        }
        match record {
            Ok(r) => {
                if r.iter().all(|f| f.is_empty()) {
                    continue;
                }
                let line = r.position().map_or(0, |p| p.line());
                for (i, field) in r.iter().enumerate() {
                    if let Some(problem) = cell_problem(field, columns.kinds[i]) {
                        errors.push(ImportError::at(
                            file,
                            line,
                            &columns.names[i],
                            problem.to_string(),
                        ));
                    }
                }
                rows.push(CsvRow {
                    line,
                    fields: r.iter().map(str::to_string).collect(),
                });
            }
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                errors.push(ImportError::at(file, line, "", unreadable_row(&e)));
            }
        }
    }
    (rows, errors)
}

/// Why a row cannot be read: its number of cells, or in general.
fn unreadable_row(e: &csv::Error) -> String {
    match e.kind() {
        csv::ErrorKind::UnequalLengths {
            expected_len, len, ..
        } => {
            format!("dòng có {len} cột, tiêu đề có {expected_len} cột")
        }
        _ => "dòng không đọc được".to_string(),
    }
}

impl CsvTable {
    /// Parses `bytes`. `aliases` maps each accepted header spelling to the
    /// canonical column name; unknown columns are refused so that a typo in a
    /// header does not silently drop a column.
    pub fn parse(file: &str, bytes: &[u8], aliases: &[(&str, &str)]) -> Result<CsvTable, Vec<ImportError>> {
        let text = read_text(file, bytes)?;
        let delimiter = delimiter_of(&text);
        if let Some((line, message)) = quote_error(&text, delimiter) {
            return Err(vec![ImportError::at(file, line, "", message)]);
        }
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header_record = read_header(file, &mut reader)?;
        let (columns, mut errors) = Columns::of(file, &header_record, aliases);
        let (rows, row_errors) = read_rows(file, &mut reader, &columns);
        errors.extend(row_errors);
        if errors.is_empty() {
            Ok(CsvTable {
                file: file.to_string(),
                headers: columns.headers,
                rows,
                sheet: None,
            })
        } else {
            Err(errors)
        }
    }

    /// A table of a spreadsheet's sheet: column keys with their letters, and
    /// rows of cells with their row numbers. Cells are normalised (NFC) and
    /// checked like a CSV file's.
    pub fn from_sheet(
        file: &str,
        sheet: &str,
        keys: &[String],
        letters: Vec<String>,
        rows: Vec<(u64, Vec<String>)>,
    ) -> Result<CsvTable, Vec<ImportError>> {
        let mut table = CsvTable {
            file: file.to_string(),
            headers: keys.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect(),
            rows: Vec::with_capacity(rows.len()),
            sheet: Some((sheet.to_string(), letters)),
        };
        let mut errors = Vec::new();
        for (line, fields) in rows {
            let row = CsvRow {
                line,
                fields: fields.into_iter().map(nfc_owned).collect(),
            };
            for (i, field) in row.fields.iter().enumerate() {
                let key = keys.get(i).map_or("", String::as_str);
                // The template's own records of what a row was exported
                // with (joined by separators) are compared, never stored.
                if key == "orig" || key == "key" {
                    continue;
                }
                if let Some(problem) = cell_problem(field, column_kind(key)) {
                    errors.push(table.error(&row, key, problem.to_string()));
                }
            }
            table.rows.push(row);
        }
        if errors.is_empty() { Ok(table) } else { Err(errors) }
    }

    pub fn has(&self, column: &str) -> bool {
        self.headers.contains_key(column)
    }

    /// Fails unless every column in `required` is present.
    pub fn require(&self, required: &[&str]) -> Result<(), Vec<ImportError>> {
        let missing: Vec<ImportError> = required
            .iter()
            .filter(|c| !self.has(c))
            .map(|c| ImportError::at(&self.file, 1, c, "thiếu cột bắt buộc"))
            .collect();
        if missing.is_empty() { Ok(()) } else { Err(missing) }
    }

    /// The trimmed text of a column in a row; `None` when the column is absent
    /// or the cell is empty.
    pub fn get<'a>(&self, row: &'a CsvRow, column: &str) -> Option<&'a str> {
        let i = *self.headers.get(column)?;
        row.fields.get(i).map(String::as_str).filter(|s| !s.is_empty())
    }

    pub fn error(&self, row: &CsvRow, column: &str, message: impl Into<String>) -> ImportError {
        let mut error = ImportError::at(&self.file, row.line, column, message);
        if let Some((sheet, letters)) = &self.sheet {
            error.sheet = sheet.as_str().into();
            error.cell = self
                .headers
                .get(column)
                .and_then(|i| letters.get(*i))
                .map(|letter| format!("{letter}{}", row.line).into())
                .unwrap_or_default();
        }
        error
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const COLUMNS: &[(&str, &str)] = &[("a", "a"), ("note", "note"), ("name", "name")];

    fn lines(result: Result<CsvTable, Vec<ImportError>>) -> Vec<(u64, String)> {
        result
            .unwrap_err()
            .into_iter()
            .map(|e| (e.line, e.message))
            .collect()
    }

    #[test]
    fn an_unclosed_quote_is_an_error_at_its_line() {
        let text = "a,note\n1,ok\n2,\"chưa đóng\n3,x\n4,y\n";
        let errors = lines(CsvTable::parse("f.csv", text.as_bytes(), COLUMNS));
        assert_eq!(errors.len(), 1);
        assert_eq!(errors[0].0, 3);
        assert!(errors[0].1.contains("không có dấu đóng"), "{}", errors[0].1);
        // Quotes that close, even across lines, are fine.
        let ok = "a,note\n1,\"dòng một\ndòng hai\"\n2,\"có \"\"ngoặc\"\"\"\n";
        let table = CsvTable::parse("f.csv", ok.as_bytes(), COLUMNS).unwrap();
        assert_eq!(table.rows.len(), 2);
        assert_eq!(table.get(&table.rows[1], "note"), Some("có \"ngoặc\""));
        // Text after a closing quote is refused, not glued on.
        let errors = lines(CsvTable::parse("f.csv", b"a,note\n1,\"x\"y\n", COLUMNS));
        assert_eq!(errors[0].0, 2);
    }

    #[test]
    fn decomposed_text_reads_as_composed() {
        use unicode_normalization::UnicodeNormalization;
        let text: String = "a,ghi chú\n1,đạt\n".nfd().collect();
        let aliases = &[("a", "a"), ("ghi chú", "note")];
        let table = CsvTable::parse("f.csv", text.as_bytes(), aliases).unwrap();
        assert_eq!(table.get(&table.rows[0], "note"), Some("đạt"));
    }

    #[test]
    fn limits_apply_to_cells_rows_and_columns() {
        let long = format!("a,note\n{},ok\n1,{}\n", "x".repeat(1_001), "y".repeat(5_001));
        let errors = lines(CsvTable::parse("f.csv", long.as_bytes(), COLUMNS));
        assert_eq!(errors.len(), 2);
        assert!(
            errors[0].1.contains("quá giới hạn 1.000 ký tự"),
            "{}",
            errors[0].1
        );
        assert!(
            errors[1].1.contains("quá giới hạn 5.000 ký tự"),
            "{}",
            errors[1].1
        );
        let wide = format!("{}\n", vec!["a"; 65].join(","));
        let errors = lines(CsvTable::parse("f.csv", wide.as_bytes(), COLUMNS));
        assert!(errors[0].1.contains("quá giới hạn 64 cột"), "{}", errors[0].1);
        let bidi = "a,name\n1,Xã\u{202E}oS\n";
        let errors = lines(CsvTable::parse("f.csv", bidi.as_bytes(), COLUMNS));
        assert!(errors[0].1.contains("U+202E"), "{}", errors[0].1);
    }

    #[test]
    fn other_formats_are_named() {
        let errors = lines(CsvTable::parse("f.csv", b"PK\x03\x04rest", COLUMNS));
        assert!(errors[0].1.contains("tệp Excel (.xlsx)"), "{}", errors[0].1);
        assert!(errors[0].1.contains("ntm import"), "{}", errors[0].1);
        let errors = lines(CsvTable::parse("f.csv", &[0xFF, 0xFE, b'a', 0], COLUMNS));
        assert!(errors[0].1.contains("UTF-16"), "{}", errors[0].1);
    }
}
