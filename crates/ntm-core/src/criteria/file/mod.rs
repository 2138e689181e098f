//! Reading a criteria set from its TOML file, and checking it. A wrong file
//! fails with every problem listed, each naming the file, line and field.
//!
//! The file format is documented in `docs/criteria-files.md`.

mod check;
mod checks;
mod raw;

use std::fmt;

use crate::criteria::CriteriaSet;
use check::Checker;
use raw::RawSet;

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CriteriaFileError {
    pub file: String,
    pub line: Option<usize>,
    pub field: String,
    pub message: String,
}

impl fmt::Display for CriteriaFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.line {
            Some(line) => write!(f, "{}:{}: {}: {}", self.file, line, self.field, self.message),
            None => write!(f, "{}: {}: {}", self.file, self.field, self.message),
        }
    }
}

impl std::error::Error for CriteriaFileError {}

/// A parsed file whose set may still need its base set (`extends`).
pub struct SetFile {
    name: String,
    text: String,
    raw: RawSet,
}

impl fmt::Debug for SetFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("SetFile")
            .field("name", &self.name)
            .field("code", self.raw.code.get_ref())
            .finish()
    }
}

impl SetFile {
    /// Reads the TOML text of a criteria file. `name` is what errors call it.
    pub fn parse(name: &str, text: &str) -> Result<SetFile, Vec<CriteriaFileError>> {
        // Names are compared and shown composed, however the file was typed.
        let text = &*crate::input::nfc(text);
        match toml::from_str::<RawSet>(text) {
            Ok(raw) => Ok(SetFile {
                name: name.to_string(),
                text: text.to_string(),
                raw,
            }),
            Err(e) => {
                let line = e.span().map(|s| line_of(text, s.start));
                Err(vec![CriteriaFileError {
                    file: name.to_string(),
                    line,
                    field: "cú pháp TOML".to_string(),
                    message: crate::input::messages::toml_vi(e.message()),
                }])
            }
        }
    }

    pub fn code(&self) -> &str {
        self.raw.code.get_ref()
    }

    pub fn extends(&self) -> Option<&str> {
        self.raw.extends.as_ref().map(|e| e.get_ref().as_str())
    }

    /// Builds the set; `base` is the set named by `extends`, if any.
    pub fn build(&self, base: Option<&CriteriaSet>) -> Result<CriteriaSet, Vec<CriteriaFileError>> {
        let mut ctx = Checker {
            file: &self.name,
            text: &self.text,
            errors: Vec::new(),
        };
        let set = ctx.set(&self.raw, base);
        if ctx.errors.is_empty() {
            set.ok_or_else(|| vec![ctx.error(None, "set", "bộ tiêu chí không đầy đủ")])
        } else {
            Err(ctx.errors)
        }
    }
}

fn line_of(text: &str, offset: usize) -> usize {
    text.get(..offset).map_or(1, |t| t.matches('\n').count() + 1)
}
