//! Reading a criteria workbook back: every sheet, every cell checked, every
//! problem by sheet and cell. Text is normalised to Unicode NFC first, so a
//! workbook saved by a tool that decomposes Vietnamese letters reads the same.

use std::io::Cursor;

use calamine::{Data, Range, Reader, Xlsx};
use ntm_core::criteria::draft::words::{count_rule, flag, group, kind, region, target, years, yes_no};
use ntm_core::criteria::draft::{
    CriterionDraft, DraftPlace, IndicatorDraft, Person, SetDraft, Stamp, ThresholdDraft, VersionStatus,
};
use ntm_core::criteria::{Bracket, CriterionRule, SetLevel, SetScope, StandardRule, rules};
use ntm_core::validity::parse_date;
use time::Date;
use unicode_normalization::UnicodeNormalization;

use super::{
    BRACKET_COLUMNS, BRACKETS_SHEET, BookError, BookRead, CRITERIA_COLUMNS, CRITERIA_SHEET,
    INDICATOR_COLUMNS, INDICATORS_SHEET, KEYS_SHEET, MAX_FILE_BYTES, MAX_ROWS, SET_ROWS, SET_SHEET,
    THRESHOLD_COLUMNS, THRESHOLDS_SHEET,
};
use crate::template::column_letter;
use crate::template::read::check_archive;

/// Whether a workbook is a criteria workbook (has the hidden key sheet and
/// the thresholds sheet).
pub fn is_criteria_book(bytes: &[u8]) -> bool {
    if bytes.len() > MAX_FILE_BYTES || check_archive(bytes).is_err() {
        return false;
    }
    match Xlsx::new(Cursor::new(bytes)) {
        Ok(workbook) => {
            let workbook: Xlsx<_> = workbook;
            let names = workbook.sheet_names();
            names.iter().any(|n| n == KEYS_SHEET) && names.iter().any(|n| n == THRESHOLDS_SHEET)
        }
        Err(_) => false,
    }
}

fn whole(message: impl Into<String>) -> Vec<BookError> {
    vec![BookError {
        sheet: String::new(),
        cell: String::new(),
        message: message.into(),
    }]
}

/// A sheet's cells as normalised text, with their addresses.
struct Sheet {
    name: &'static str,
    cells: Vec<Vec<String>>,
    raw: Vec<Vec<Data>>,
    first_row: u32,
    first_col: u32,
}

fn text_of(data: &Data) -> Result<String, String> {
    let text = crate::template::read::cell_text(data)?;
    Ok(text.nfc().collect::<String>().trim().to_string())
}

impl Sheet {
    fn read(
        workbook: &mut Xlsx<Cursor<&[u8]>>,
        name: &'static str,
        errors: &mut Vec<BookError>,
    ) -> Option<Sheet> {
        let range: Range<Data> = match workbook.worksheet_range(name) {
            Ok(r) => r,
            Err(_) => {
                errors.push(BookError {
                    sheet: name.to_string(),
                    cell: String::new(),
                    message: "không có trang này: hãy dùng tệp xuất từ ntm".into(),
                });
                return None;
            }
        };
        if range.height() > MAX_ROWS {
            errors.push(BookError {
                sheet: name.to_string(),
                cell: String::new(),
                message: format!("có {} dòng, quá số dòng cho phép ({MAX_ROWS})", range.height()),
            });
            return None;
        }
        let (first_row, first_col) = range.start().unwrap_or((0, 0));
        let mut cells = Vec::new();
        let mut raw = Vec::new();
        for (r, row) in range.rows().enumerate() {
            let mut texts = Vec::new();
            for (c, data) in row.iter().enumerate() {
                match text_of(data) {
                    Ok(t) => texts.push(t),
                    Err(message) => {
                        errors.push(BookError {
                            sheet: name.to_string(),
                            cell: format!(
                                "{}{}",
                                column_letter(first_col as usize + c),
                                first_row as usize + r + 1
                            ),
                            message,
                        });
                        texts.push(String::new());
                    }
                }
            }
            cells.push(texts);
            raw.push(row.to_vec());
        }
        Some(Sheet {
            name,
            cells,
            raw,
            first_row,
            first_col,
        })
    }

    /// "H5" for a row and column index of the range.
    fn cell(&self, row: usize, col: usize) -> String {
        format!(
            "{}{}",
            column_letter(self.first_col as usize + col),
            self.first_row as usize + row + 1
        )
    }

    fn text(&self, row: usize, col: Option<usize>) -> &str {
        col.and_then(|c| self.cells.get(row).and_then(|r| r.get(c)))
            .map_or("", String::as_str)
    }

    /// Column indices of the header row for the given names; a missing one is an error.
    fn columns(&self, names: &[&str], errors: &mut Vec<BookError>) -> Vec<Option<usize>> {
        let header: Vec<String> = self
            .cells
            .first()
            .map(|r| r.iter().map(|t| t.to_lowercase()).collect())
            .unwrap_or_default();
        names
            .iter()
            .map(|name| {
                let found = header.iter().position(|h| *h == name.to_lowercase());
                if found.is_none() {
                    errors.push(BookError {
                        sheet: self.name.to_string(),
                        cell: String::new(),
                        message: format!("thiếu cột \"{name}\" ở dòng đầu"),
                    });
                }
                found
            })
            .collect()
    }

    /// Data rows (after the header) that are not empty.
    fn rows(&self) -> impl Iterator<Item = usize> + '_ {
        (1..self.cells.len()).filter(|r| self.cells[*r].iter().any(|t| !t.is_empty()))
    }
}

/// Collects problems, each at a cell.
struct Errors<'s> {
    sheet: &'s Sheet,
    list: &'s mut Vec<BookError>,
}

impl Errors<'_> {
    fn at(&mut self, row: usize, col: Option<usize>, message: impl Into<String>) {
        self.list.push(BookError {
            sheet: self.sheet.name.to_string(),
            cell: col.map(|c| self.sheet.cell(row, c)).unwrap_or_default(),
            message: message.into(),
        });
    }
}

fn optional(text: &str) -> Option<String> {
    (!text.is_empty()).then(|| text.to_string())
}

fn list(text: &str) -> Vec<String> {
    text.split(';')
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .map(str::to_string)
        .collect()
}

/// An Excel date serial (days since 30/12/1899).
fn serial_date(serial: f64) -> Option<Date> {
    let base = time::macros::date!(1899 - 12 - 30);
    base.checked_add(time::Duration::days(serial.trunc() as i64))
}

fn date_cell(sheet: &Sheet, row: usize, col: usize) -> Result<Option<Date>, String> {
    match sheet.raw.get(row).and_then(|r| r.get(col)) {
        Some(Data::DateTime(d)) => serial_date(d.as_f64())
            .map(Some)
            .ok_or_else(|| "ngày không hợp lệ".to_string()),
        Some(Data::Float(f)) if *f > 20_000.0 && *f < 80_000.0 => serial_date(*f)
            .map(Some)
            .ok_or_else(|| "ngày không hợp lệ".to_string()),
        _ => {
            let text = sheet.text(row, Some(col));
            if text.is_empty() {
                return Ok(None);
            }
            parse_date(text)
                .map(Some)
                .ok_or_else(|| format!("ngày \"{text}\" không hợp lệ: viết 15/02/2026"))
        }
    }
}

fn read_keys(sheet: &Sheet) -> Result<(String, u32, i64), Vec<BookError>> {
    let value = |key: &str| {
        sheet
            .cells
            .iter()
            .find(|r| r.first().is_some_and(|k| k == key))
            .and_then(|r| r.get(1).cloned())
            .unwrap_or_default()
    };
    let code = value("code");
    let version = value("version").parse::<u32>();
    let revision = value("revision").parse::<i64>();
    match (code.is_empty(), version, revision) {
        (false, Ok(v), Ok(r)) => Ok((code, v, r)),
        _ => Err(whole(
            "trang ẩn \"ntm\" bị thiếu hoặc đã bị sửa: hãy xuất lại tệp từ ntm",
        )),
    }
}

/// The set sheet's values, by the labels of column A.
fn read_set(
    sheet: &Sheet,
    errors: &mut Vec<BookError>,
    places: &mut Vec<(DraftPlace, String, String)>,
) -> SetFields {
    let row_of = |label: &str| {
        sheet
            .cells
            .iter()
            .position(|r| r.first().is_some_and(|l| l == label))
    };
    let mut fields = SetFields::default();
    let mut e = Errors { sheet, list: errors };
    for (i, label) in SET_ROWS.iter().enumerate() {
        let Some(row) = row_of(label) else {
            e.at(0, None, format!("thiếu dòng \"{label}\" ở cột A"));
            continue;
        };
        let text = sheet.text(row, Some(1)).to_string();
        let cell = sheet.cell(row, 1);
        let field = [
            "code",
            "version",
            "name",
            "document",
            "scope",
            "level",
            "valid_from",
            "valid_to",
            "standard",
            "complete",
            "notes",
        ][i];
        places.push((
            DraftPlace::Set {
                field: field.to_string(),
            },
            sheet.name.to_string(),
            cell,
        ));
        match field {
            "name" => fields.name = text,
            "document" => fields.document = text,
            "valid_from" | "valid_to" => match date_cell(sheet, row, 1) {
                Ok(d) if field == "valid_from" => fields.valid_from = d,
                Ok(d) => fields.valid_to = d,
                Err(m) => e.at(row, Some(1), m),
            },
            "standard" => match count_rule(&text) {
                Ok(n) => fields.standard = Some(n.map_or(StandardRule::AllCriteria, StandardRule::AtLeast)),
                Err(m) => e.at(row, Some(1), m),
            },
            "complete" => match yes_no(&text) {
                Ok(b) => fields.complete = b,
                Err(m) => e.at(row, Some(1), m),
            },
            "notes" => fields.notes = optional(&text),
            _ => {}
        }
    }
    fields
}

#[derive(Default)]
struct SetFields {
    name: String,
    document: String,
    valid_from: Option<Date>,
    valid_to: Option<Date>,
    standard: Option<StandardRule>,
    complete: bool,
    notes: Option<String>,
}

fn read_criteria(
    sheet: &Sheet,
    errors: &mut Vec<BookError>,
    places: &mut Vec<(DraftPlace, String, String)>,
) -> Vec<CriterionDraft> {
    let names: Vec<&str> = CRITERIA_COLUMNS.iter().map(|(n, _)| *n).collect();
    let cols = sheet.columns(&names, errors);
    let mut e = Errors { sheet, list: errors };
    let mut out: Vec<CriterionDraft> = Vec::new();
    for row in sheet.rows() {
        let t = |i: usize| sheet.text(row, cols[i]).to_string();
        let code = t(0);
        if let Err(m) = rules::check_item_code(&code, "tiêu chí") {
            e.at(row, cols[0], m);
            continue;
        }
        if out.iter().any(|c| c.code == code) {
            e.at(row, cols[0], format!("mã tiêu chí \"{code}\" đã có ở dòng trên"));
            continue;
        }
        let rule = match count_rule(&t(4)) {
            Ok(n) => n.map_or(CriterionRule::AllIndicators, CriterionRule::AtLeast),
            Err(m) => {
                e.at(row, cols[4], m);
                CriterionRule::AllIndicators
            }
        };
        let complete = yes_no(&t(5)).unwrap_or_else(|m| {
            e.at(row, cols[5], m);
            false
        });
        places.push((
            DraftPlace::Criterion {
                criterion: code.clone(),
            },
            sheet.name.to_string(),
            sheet.cell(row, cols[0].unwrap_or(0)),
        ));
        out.push(CriterionDraft {
            code,
            name: t(1),
            group: optional(&t(2)),
            owner: optional(&t(3)),
            rule,
            indicators_complete: complete,
            notes: optional(&t(6)),
            indicators: Vec::new(),
        });
    }
    out
}

fn read_indicators(
    sheet: &Sheet,
    criteria: &mut [CriterionDraft],
    errors: &mut Vec<BookError>,
    places: &mut Vec<(DraftPlace, String, String)>,
) {
    let names: Vec<&str> = INDICATOR_COLUMNS.iter().map(|(n, _)| *n).collect();
    let cols = sheet.columns(&names, errors);
    let mut e = Errors { sheet, list: errors };
    let mut seen: Vec<String> = Vec::new();
    for row in sheet.rows() {
        let t = |i: usize| sheet.text(row, cols[i]).to_string();
        let (criterion, code) = (t(0), t(1));
        if let Err(m) = rules::check_item_code(&code, "chỉ tiêu") {
            e.at(row, cols[1], m);
            continue;
        }
        if seen.contains(&code) {
            e.at(row, cols[1], format!("mã chỉ tiêu \"{code}\" đã có ở dòng trên"));
            continue;
        }
        seen.push(code.clone());
        let kind = match kind(&t(3)) {
            Ok(k) => k,
            Err(m) => {
                e.at(row, cols[3], m);
                continue;
            }
        };
        let mut flag_of = |i: usize| {
            yes_no(&t(i)).unwrap_or_else(|m| {
                e.at(row, cols[i], m);
                false
            })
        };
        let (optional_, additive, provisional) = (flag_of(6), flag_of(7), flag_of(10));
        let values_from = optional(&t(11));
        if let Some(v) = &values_from
            && let Err(m) = rules::check_values_from(v)
        {
            e.at(row, cols[11], m);
        }
        let Some(target) = criteria.iter_mut().find(|c| c.code == criterion) else {
            e.at(
                row,
                cols[0],
                format!("không có tiêu chí \"{criterion}\" ở trang \"{CRITERIA_SHEET}\""),
            );
            continue;
        };
        places.push((
            DraftPlace::Indicator {
                indicator: code.clone(),
            },
            sheet.name.to_string(),
            sheet.cell(row, cols[1].unwrap_or(1)),
        ));
        target.indicators.push(IndicatorDraft {
            code,
            name: t(2),
            kind,
            unit: optional(&t(4)),
            levels: list(&t(5)),
            optional: optional_,
            additive,
            evidence: list(&t(8)),
            owner: optional(&t(9)),
            name_confirmed: true,
            provisional_code: provisional,
            sources: Vec::new(),
            notes: optional(&t(12)),
            values_from,
            thresholds: Vec::new(),
        });
    }
}

fn read_thresholds(
    sheet: &Sheet,
    criteria: &mut [CriterionDraft],
    errors: &mut Vec<BookError>,
    places: &mut Vec<(DraftPlace, String, String)>,
) {
    let names: Vec<&str> = THRESHOLD_COLUMNS
        .iter()
        .filter(|(_, _, read)| *read)
        .map(|(n, _, _)| *n)
        .collect();
    let cols = sheet.columns(&names, errors);
    let col = |name: &str| names.iter().position(|n| *n == name).and_then(|i| cols[i]);
    let mut e = Errors { sheet, list: errors };
    for row in sheet.rows() {
        let t = |name: &str| sheet.text(row, col(name)).to_string();
        let code = t("Chỉ tiêu");
        let Some(indicator) = criteria
            .iter_mut()
            .flat_map(|c| c.indicators.iter_mut())
            .find(|i| i.code == code)
        else {
            e.at(
                row,
                col("Chỉ tiêu"),
                format!("không có chỉ tiêu \"{code}\" ở trang \"{INDICATORS_SHEET}\""),
            );
            continue;
        };
        let mut ok = true;
        let mut flags = Vec::new();
        for g in list(&t("Nhóm xã")) {
            match group(&g) {
                Ok(f) => flags.push(f),
                Err(m) => {
                    e.at(row, col("Nhóm xã"), m);
                    ok = false;
                }
            }
        }
        for f in list(&t("Phân loại khác")) {
            match flag(&f) {
                Ok(f) => flags.push(f),
                Err(m) => {
                    e.at(row, col("Phân loại khác"), m);
                    ok = false;
                }
            }
        }
        let mut regions = Vec::new();
        for r in list(&t("Vùng")) {
            match region(&r) {
                Ok(r) => regions.push(r),
                Err(m) => {
                    e.at(row, col("Vùng"), m);
                    ok = false;
                }
            }
        }
        let years = years(&t("Năm áp dụng")).unwrap_or_else(|m| {
            e.at(row, col("Năm áp dụng"), m);
            ok = false;
            None
        });
        let target = match target(&t("Điều kiện"), &t("Giá trị"), indicator.kind, &indicator.levels) {
            Ok(target) => target,
            Err(m) => {
                let at = if t("Giá trị").is_empty() || m.starts_with("điều kiện") {
                    col("Điều kiện")
                } else {
                    col("Giá trị")
                };
                e.at(row, at, m);
                continue;
            }
        };
        if !ok {
            continue;
        }
        // A row offered to be filled in and left as it was says nothing.
        let untouched = target.is_unknown()
            && t("Văn bản").is_empty()
            && t("Điều, khoản, phụ lục").is_empty()
            && t("Trang").is_empty()
            && t("Ghi chú").is_empty()
            && !flags.is_empty();
        if untouched {
            continue;
        }
        indicator.thresholds.push(ThresholdDraft {
            regions,
            flags,
            years,
            target,
            source: optional(&t("Văn bản")),
            place: optional(&t("Điều, khoản, phụ lục")),
            page: optional(&t("Trang")),
            note: optional(&t("Ghi chú")),
            confirmed_by_source: false,
            entered: None,
            confirmed: None,
        });
        places.push((
            DraftPlace::Threshold {
                indicator: indicator.code.clone(),
                index: indicator.thresholds.len(),
            },
            sheet.name.to_string(),
            sheet.cell(row, col("Điều kiện").unwrap_or(0)),
        ));
    }
}

fn read_brackets(sheet: &Sheet, errors: &mut Vec<BookError>) -> Vec<Bracket> {
    let names: Vec<&str> = BRACKET_COLUMNS.iter().map(|(n, _)| *n).collect();
    let cols = sheet.columns(&names, errors);
    let mut e = Errors { sheet, list: errors };
    let mut out = Vec::new();
    for row in sheet.rows() {
        let number = |i: usize, e: &mut Errors<'_>| match sheet.text(row, cols[i]).parse::<u32>() {
            Ok(n) => Some(n),
            Err(_) => {
                e.at(row, cols[i], "ghi một số nguyên không âm");
                None
            }
        };
        let (min, max) = (number(1, &mut e), number(2, &mut e));
        if let (Some(min), Some(max)) = (min, max) {
            out.push(Bracket {
                label: sheet.text(row, cols[0]).to_string(),
                min,
                max,
            });
        }
    }
    out
}

/// Reads a criteria workbook. Any problem anywhere: every problem, by sheet
/// and cell, and nothing else.
pub fn read_criteria_book(bytes: &[u8]) -> Result<BookRead, Vec<BookError>> {
    ntm_core::input::limits::XLSX
        .check(bytes.len() as u64)
        .map_err(|e| whole(e.to_string()))?;
    check_archive(bytes).map_err(|e| whole(e.to_string()))?;
    let mut workbook: Xlsx<Cursor<&[u8]>> =
        Xlsx::new(Cursor::new(bytes)).map_err(|_| whole("tệp không phải Excel (.xlsx) hoặc đã hỏng"))?;
    let mut errors = Vec::new();
    let keys = Sheet::read(&mut workbook, KEYS_SHEET, &mut errors);
    let Some(keys) = keys else {
        return Err(whole(
            "tệp không phải tệp bộ tiêu chí xuất từ ntm (thiếu trang ẩn \"ntm\"): hãy xuất tệp từ trang Bộ tiêu chí hoặc bằng lệnh ntm criteria export",
        ));
    };
    let (code, version, revision) = read_keys(&keys)?;
    let sheets: Vec<Option<Sheet>> = [
        SET_SHEET,
        CRITERIA_SHEET,
        INDICATORS_SHEET,
        THRESHOLDS_SHEET,
        BRACKETS_SHEET,
    ]
    .into_iter()
    .map(|name| Sheet::read(&mut workbook, name, &mut errors))
    .collect();
    let [Some(set), Some(crit), Some(ind), Some(thr), Some(brk)] =
        <[Option<Sheet>; 5]>::try_from(sheets).unwrap_or([None, None, None, None, None])
    else {
        return Err(errors);
    };
    let mut places = Vec::new();
    let fields = read_set(&set, &mut errors, &mut places);
    let mut criteria = read_criteria(&crit, &mut errors, &mut places);
    read_indicators(&ind, &mut criteria, &mut errors, &mut places);
    read_thresholds(&thr, &mut criteria, &mut errors, &mut places);
    let brackets = read_brackets(&brk, &mut errors);
    places.push((
        DraftPlace::Set {
            field: "brackets".into(),
        },
        BRACKETS_SHEET.to_string(),
        "A2".into(),
    ));
    if !errors.is_empty() {
        return Err(errors);
    }
    let nobody = Stamp {
        by: Person {
            username: String::new(),
            name: String::new(),
        },
        at: String::new(),
    };
    let draft = SetDraft {
        code: code.clone(),
        version,
        status: VersionStatus::Draft,
        namespace: code.clone(),
        name: fields.name,
        document: fields.document,
        // Scope and level are the stored version's: a workbook cannot move a set.
        level: SetLevel::Commune,
        scope: SetScope::National,
        based_on: None,
        extends: None,
        valid_from: fields.valid_from,
        valid_to: fields.valid_to,
        complete: fields.complete,
        notes: fields.notes,
        standard: fields.standard.unwrap_or(StandardRule::AllCriteria),
        brackets,
        region_rules: Vec::new(),
        criteria,
        checks: Vec::new(),
        created: nobody,
        published: None,
    };
    Ok(BookRead {
        code,
        version,
        revision,
        draft,
        places,
    })
}
