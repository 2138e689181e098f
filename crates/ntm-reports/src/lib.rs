//! ntm's report writers. No database and no network: each writer takes the
//! figures the application computed and returns the bytes of a file.
//!
//! - [`appendix`]: the appendix tables (phụ biểu) as an XLSX workbook;
//! - [`narrative`]: the narrative report as a DOCX in the official format of
//!   Decree 30/2020/NĐ-CP;
//! - [`template`]: data-entry workbooks, written pre-filled and read back;
//! - [`map`]: maps of units coloured by their figures, as SVG and PNG;
//! - [`table_file`]: one table of a page as XLSX or CSV (formula-safe).

pub mod appendix;
pub mod cell_text;
pub mod criteria_book;
pub mod map;
pub mod narrative;
pub mod page_tables;
pub mod table;
pub mod table_file;
pub mod template;
