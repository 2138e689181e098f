//! Documents: what comes in and goes out as files. Reports (Word and Excel,
//! [`reports`], laid out by [`report_layout`]), entry templates
//! ([`template_export`]), tables of a page as Excel or CSV
//! ([`table_export`]), and the importers of units, values, templates and
//! village moves ([`import`]), with the bounded reading of uploaded files
//! ([`input_file`], [`csv_input`]).
//!
//! Lives here: building documents from view models, and reading files into
//! batches that are written whole or not at all. Not here: the writers of
//! the file formats (ntm-reports) and the rules the values obey (ntm-core).

pub mod csv_input;
pub mod import;
pub mod input_file;
pub mod report_layout;
pub mod reports;
pub mod table_export;
pub mod template_export;
