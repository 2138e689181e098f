//! ntm's report writers. No database and no network: each writer takes the
//! figures the application computed and returns the bytes of a file.
//!
//! - [`appendix`]: the appendix tables (phụ biểu) as an XLSX workbook;
//! - [`narrative`]: the narrative report as a DOCX in the official format of
//!   Decree 30/2020/NĐ-CP;
//! - [`template`]: data-entry workbooks, written pre-filled and read back.

pub mod appendix;
pub mod narrative;
pub mod table;
pub mod template;
