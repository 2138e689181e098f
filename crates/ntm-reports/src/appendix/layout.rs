//! How a province numbers and titles the appendix tables (phụ biểu) of a
//! report. The default follows the seeds: Phong Thổ's 2023 report sends
//! phụ biểu 02 (results by criterion), 02a (by commune), 03 (capital
//! mobilized), 04 (allocation and disbursement), 06 (the community's
//! contributions) and 07 (villages); phụ biểu 01 (documents issued) and 05
//! are made by the office and not by ntm. Tables the seeds do not number
//! (indicator quantities, the plan's targets and registrations) follow them.
//!
//! A province's own layout is a TOML file (docs/reports-and-templates.md):
//!
//! ```toml
//! [[sheets]]
//! table = "by_criterion"
//! number = "02"
//! title = "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ XÃ NÔNG THÔN MỚI"   # optional
//! ```

use serde::{Deserialize, Serialize};

use crate::table::Table;

/// One sheet of a layout: which table, its number, and optionally its title.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SheetSpec {
    /// The table's key: `by_criterion`, `by_commune`, `quantities`,
    /// `villages`, `plan_targets`, `plan_registrations`, `capital`,
    /// `disbursement`, `contributions`.
    pub table: String,
    /// "02", "02a": the sheet is "PB02…", its label "PHỤ BIỂU 02".
    pub number: String,
    /// Replaces the table's own title; a year in it may be written `{năm}`.
    #[serde(default)]
    pub title: Option<String>,
}

/// The numbering and order of the sheets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AppendixLayout {
    /// Where it comes from: "Theo thứ tự phụ biểu của báo cáo huyện Phong Thổ năm 2023".
    #[serde(default)]
    pub name: Option<String>,
    pub sheets: Vec<SheetSpec>,
}

/// Why a layout file is refused.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum LayoutError {
    #[error("tệp bố cục phụ biểu không đọc được: {0}")]
    Toml(String),
    #[error("bảng \"{0}\" không có: dùng {tables}", tables = KNOWN.join(", "))]
    UnknownTable(String),
    #[error("bảng \"{0}\" được khai báo hai lần")]
    Twice(String),
    #[error("số phụ biểu \"{0}\" được dùng hai lần")]
    NumberTwice(String),
    #[error("số phụ biểu \"{0}\" không hợp lệ: viết 01, 02, 02a …")]
    BadNumber(String),
}

/// Every table ntm writes, by key.
pub const KNOWN: [&str; 9] = [
    "by_criterion",
    "by_commune",
    "quantities",
    "villages",
    "plan_targets",
    "plan_registrations",
    "capital",
    "disbursement",
    "contributions",
];

impl Default for AppendixLayout {
    fn default() -> Self {
        AppendixLayout::seeds()
    }
}

impl AppendixLayout {
    /// The seeds' order of phụ biểu (Phong Thổ's report for 2023).
    pub fn seeds() -> AppendixLayout {
        let sheet = |table: &str, number: &str| SheetSpec {
            table: table.into(),
            number: number.into(),
            title: None,
        };
        AppendixLayout {
            name: Some("Theo thứ tự phụ biểu của báo cáo kết quả năm của UBND huyện".into()),
            sheets: vec![
                sheet("by_criterion", "02"),
                sheet("by_commune", "02a"),
                sheet("quantities", "02b"),
                sheet("capital", "03"),
                sheet("disbursement", "04"),
                sheet("contributions", "06"),
                sheet("villages", "07"),
                sheet("plan_targets", "08"),
                sheet("plan_registrations", "09"),
            ],
        }
    }

    /// Reads and checks a layout file.
    pub fn from_toml(text: &str) -> Result<AppendixLayout, LayoutError> {
        let layout: AppendixLayout = toml::from_str(text).map_err(|e| LayoutError::Toml(e.to_string()))?;
        layout.check()?;
        Ok(layout)
    }

    fn check(&self) -> Result<(), LayoutError> {
        let mut tables = Vec::new();
        let mut numbers = Vec::new();
        for s in &self.sheets {
            if !KNOWN.contains(&s.table.as_str()) {
                return Err(LayoutError::UnknownTable(s.table.clone()));
            }
            let n = s.number.trim();
            let ok = !n.is_empty()
                && n.len() <= 6
                && n.starts_with(|c: char| c.is_ascii_digit())
                && n.chars().all(|c| c.is_ascii_alphanumeric());
            if !ok {
                return Err(LayoutError::BadNumber(s.number.clone()));
            }
            if tables.contains(&s.table) {
                return Err(LayoutError::Twice(s.table.clone()));
            }
            if numbers.contains(&n.to_lowercase()) {
                return Err(LayoutError::NumberTwice(s.number.clone()));
            }
            tables.push(s.table.clone());
            numbers.push(n.to_lowercase());
        }
        Ok(())
    }

    /// Numbers, titles and orders the tables: those the layout names in its
    /// order, then any other after them, numbered on.
    pub fn apply(&self, tables: Vec<Table>, year: i32) -> Vec<Table> {
        let mut rest = tables;
        let mut out = Vec::with_capacity(rest.len());
        for spec in &self.sheets {
            if let Some(i) = rest.iter().position(|t| t.key == spec.table) {
                let mut table = rest.remove(i);
                number(&mut table, &spec.number);
                if let Some(title) = &spec.title {
                    table.title = title.replace("{năm}", &year.to_string());
                }
                out.push(table);
            }
        }
        let mut next = self
            .sheets
            .iter()
            .filter_map(|s| s.number.trim().get(..2)?.parse::<u32>().ok())
            .max()
            .unwrap_or(0);
        for mut table in rest {
            next += 1;
            number(&mut table, &format!("{next:02}"));
            out.push(table);
        }
        out
    }
}

/// Gives a table its number: code "PB02a", label "PHỤ BIỂU 02a", and the
/// sheet "PB02a Theo tiêu chí" (the name after the code kept, within Excel's
/// 31 characters).
fn number(table: &mut Table, n: &str) {
    let n = n.trim();
    let name = table
        .sheet
        .split_once(' ')
        .map_or(String::new(), |(_, rest)| rest.to_string());
    table.code = format!("PB{n}");
    table.label = format!("PHỤ BIỂU {n}");
    let sheet = if name.is_empty() {
        table.code.clone()
    } else {
        format!("{} {name}", table.code)
    };
    table.sheet = sheet.chars().take(31).collect();
}

#[cfg(test)]
mod tests {
    use super::*;

    fn table(key: &str, sheet: &str) -> Table {
        Table {
            key: key.into(),
            code: "PB00".into(),
            sheet: sheet.into(),
            label: "PHỤ BIỂU 00".into(),
            title: "T".into(),
            subtitle: String::new(),
            columns: Vec::new(),
            groups: Vec::new(),
            rows: Vec::new(),
            totals: Vec::new(),
            footnotes: Vec::new(),
            notes: Vec::new(),
            frozen_columns: 0,
        }
    }

    #[test]
    fn the_default_follows_the_seeds_numbering() {
        let tables = vec![
            table("by_commune", "PB01 Theo xã"),
            table("by_criterion", "PB02 Theo tiêu chí"),
            table("villages", "PB04 Thôn, bản"),
        ];
        let out = AppendixLayout::seeds().apply(tables, 2023);
        let sheets: Vec<(&str, &str)> = out.iter().map(|t| (t.sheet.as_str(), t.label.as_str())).collect();
        assert_eq!(
            sheets,
            vec![
                ("PB02 Theo tiêu chí", "PHỤ BIỂU 02"),
                ("PB02a Theo xã", "PHỤ BIỂU 02a"),
                ("PB07 Thôn, bản", "PHỤ BIỂU 07"),
            ]
        );
    }

    #[test]
    fn a_province_renumbers_and_retitles() {
        let layout = AppendixLayout::from_toml(
            r#"
            [[sheets]]
            table = "villages"
            number = "01"
            title = "THÔN, BẢN NĂM {năm}"
            "#,
        )
        .expect("layout");
        let out = layout.apply(
            vec![
                table("by_criterion", "PB02 Theo tiêu chí"),
                table("villages", "PB04 Thôn"),
            ],
            2024,
        );
        assert_eq!(out[0].label, "PHỤ BIỂU 01");
        assert_eq!(out[0].title, "THÔN, BẢN NĂM 2024");
        assert_eq!(out[1].code, "PB02", "the others follow, numbered on");
    }

    #[test]
    fn a_wrong_layout_says_why() {
        let bad = |text: &str| AppendixLayout::from_toml(text).expect_err("refused").to_string();
        assert!(bad("[[sheets]]\ntable = \"tien\"\nnumber = \"01\"").contains("\"tien\" không có"));
        assert!(bad("[[sheets]]\ntable = \"villages\"\nnumber = \"x\"").contains("không hợp lệ"));
        let twice = "[[sheets]]\ntable = \"villages\"\nnumber = \"01\"\n[[sheets]]\ntable = \"capital\"\nnumber = \"01\"";
        assert!(bad(twice).contains("dùng hai lần"));
        assert!(bad("sheets = 3").contains("không đọc được"));
    }
}
