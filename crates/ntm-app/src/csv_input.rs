//! Reading CSV files as Vietnamese offices produce them: UTF-8 with or without
//! a byte-order mark, comma or semicolon separated. Every row keeps its line
//! number so that errors can name it.

use std::collections::HashMap;

use crate::import::ImportError;

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

impl CsvTable {
    /// Parses `bytes`. `aliases` maps each accepted header spelling to the
    /// canonical column name; unknown columns are refused so that a typo in a
    /// header does not silently drop a column.
    pub fn parse(file: &str, bytes: &[u8], aliases: &[(&str, &str)]) -> Result<CsvTable, Vec<ImportError>> {
        let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
        let text = std::str::from_utf8(bytes).map_err(|e| {
            let line = bytes[..e.valid_up_to()].iter().filter(|b| **b == b'\n').count() as u64 + 1;
            vec![ImportError::at(
                file,
                line,
                "",
                "tệp không phải UTF-8: hãy lưu tệp CSV với mã hóa UTF-8",
            )]
        })?;
        let first_line = text.lines().next().unwrap_or("");
        let delimiter = if first_line.matches(';').count() > first_line.matches(',').count() {
            b';'
        } else {
            b','
        };
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(delimiter)
            .has_headers(true)
            .flexible(false)
            .trim(csv::Trim::All)
            .from_reader(text.as_bytes());
        let header_record = reader
            .headers()
            .map_err(|e| {
                vec![ImportError::at(
                    file,
                    1,
                    "",
                    format!("không đọc được dòng tiêu đề: {e}"),
                )]
            })?
            .clone();
        let mut headers = HashMap::new();
        let mut errors = Vec::new();
        for (i, h) in header_record.iter().enumerate() {
            let key = h.trim().to_lowercase();
            match aliases.iter().find(|(alias, _)| *alias == key) {
                Some((_, canonical)) => {
                    if headers.insert(canonical.to_string(), i).is_some() {
                        errors.push(ImportError::at(file, 1, h, "cột bị lặp"));
                    }
                }
                None if key.is_empty() => {}
                None => {
                    let known: Vec<&str> = aliases
                        .iter()
                        .map(|(a, c)| if a == c { *a } else { "" })
                        .filter(|a| !a.is_empty())
                        .collect();
                    errors.push(ImportError::at(
                        file,
                        1,
                        h,
                        format!("cột không được hỗ trợ (các cột: {})", known.join(", ")),
                    ));
                }
            }
        }
        let mut rows = Vec::new();
        for record in reader.records() {
            match record {
                Ok(r) => {
                    if r.iter().all(|f| f.is_empty()) {
                        continue;
                    }
                    let line = r.position().map_or(0, |p| p.line());
                    rows.push(CsvRow {
                        line,
                        fields: r.iter().map(str::to_string).collect(),
                    });
                }
                Err(e) => {
                    let line = e.position().map_or(0, |p| p.line());
                    let message = match e.kind() {
                        csv::ErrorKind::UnequalLengths {
                            expected_len, len, ..
                        } => {
                            format!("dòng có {len} cột, tiêu đề có {expected_len} cột")
                        }
                        _ => e.to_string(),
                    };
                    errors.push(ImportError::at(file, line, "", message));
                }
            }
        }
        if errors.is_empty() {
            Ok(CsvTable {
                file: file.to_string(),
                headers,
                rows,
                sheet: None,
            })
        } else {
            Err(errors)
        }
    }

    /// A table of a spreadsheet's sheet: column keys with their letters, and
    /// rows of cells with their row numbers.
    pub fn from_sheet(
        file: &str,
        sheet: &str,
        keys: &[String],
        letters: Vec<String>,
        rows: Vec<(u64, Vec<String>)>,
    ) -> CsvTable {
        CsvTable {
            file: file.to_string(),
            headers: keys.iter().enumerate().map(|(i, k)| (k.clone(), i)).collect(),
            rows: rows
                .into_iter()
                .map(|(line, fields)| CsvRow { line, fields })
                .collect(),
            sheet: Some((sheet.to_string(), letters)),
        }
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
