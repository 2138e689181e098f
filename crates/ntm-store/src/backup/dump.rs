//! The file format of ntm's PostgreSQL dumps: plain text, line by line.
//!
//! ```text
//! NTM-BACKUP 1 postgres schema=5 ntm=0.1.0 created=2026-12-01T03:00:00Z
//! TABLE units id,code,kind,…
//! <the table's rows in COPY text format, one per line>
//! \.
//! TABLE …
//! END rows=1234 sha256=<hex of every byte before this line>
//! ```
//!
//! COPY's text format escapes newlines, tabs and backslashes inside values,
//! so every row is one line and the file restores exactly (bytea as hex).

use std::io::{BufRead, Write};

use sha2::{Digest, Sha256};

use crate::{Damage, Result};

pub const MAGIC: &str = "NTM-BACKUP 1 postgres";
pub const END_OF_TABLE: &[u8] = b"\\.\n";

/// The first line's facts.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Header {
    pub schema_version: i64,
    pub ntm_version: String,
    pub created: String,
}

impl Header {
    pub fn line(&self) -> String {
        format!(
            "{MAGIC} schema={} ntm={} created={}\n",
            self.schema_version, self.ntm_version, self.created
        )
    }

    pub fn parse(line: &str) -> Option<Header> {
        let rest = line.trim_end().strip_prefix(MAGIC)?;
        let field = |name: &str| {
            rest.split_whitespace()
                .find_map(|w| w.strip_prefix(name)?.strip_prefix('='))
                .map(str::to_string)
        };
        Some(Header {
            schema_version: field("schema")?.parse().ok()?,
            ntm_version: field("ntm")?,
            created: field("created").unwrap_or_default(),
        })
    }
}

/// Writes a dump, hashing every byte.
pub struct Writer<W: Write> {
    out: W,
    hasher: Sha256,
    rows: u64,
    pub bytes: u64,
}

impl<W: Write> Writer<W> {
    pub fn new(out: W) -> Self {
        Writer {
            out,
            hasher: Sha256::new(),
            rows: 0,
            bytes: 0,
        }
    }

    pub fn write(&mut self, data: &[u8]) -> std::io::Result<()> {
        self.hasher.update(data);
        self.bytes += data.len() as u64;
        self.out.write_all(data)
    }

    pub fn table(&mut self, name: &str, columns: &[String]) -> std::io::Result<()> {
        self.write(format!("TABLE {name} {}\n", columns.join(",")).as_bytes())
    }

    /// Rows of COPY text output (whole lines, possibly many).
    pub fn rows(&mut self, data: &[u8]) -> std::io::Result<u64> {
        let n = data.iter().filter(|b| **b == b'\n').count() as u64;
        self.rows += n;
        self.write(data)?;
        Ok(n)
    }

    pub fn end_table(&mut self) -> std::io::Result<()> {
        self.write(END_OF_TABLE)
    }

    /// Writes the closing line and returns the output.
    pub fn finish(mut self) -> std::io::Result<W> {
        let digest = hex_string(&self.hasher.finalize_reset());
        let line = format!("END rows={} sha256={digest}\n", self.rows);
        self.bytes += line.len() as u64;
        self.out.write_all(line.as_bytes())?;
        self.out.flush()?;
        Ok(self.out)
    }
}

fn hex_string(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// One table section of a dump, as read.
#[derive(Debug)]
pub struct TableSection {
    pub name: String,
    pub columns: Vec<String>,
}

/// What a dump holds, read by [`Reader`].
#[derive(Debug)]
pub enum Item {
    Table(TableSection),
    /// Some rows of the current table (whole lines).
    Rows(Vec<u8>),
    EndTable,
}

/// Reads a dump after checking it whole: its header, its sections and the
/// SHA-256 of its end line; a dump cut short or changed is refused before
/// anything is written.
pub struct Reader<R: BufRead> {
    input: R,
    pub header: Header,
    in_table: bool,
    end_pending: bool,
    line: Vec<u8>,
}

/// Checks a whole dump: header, sections, row count and checksum.
pub fn verify<R: BufRead>(mut input: R) -> Result<Header> {
    let mut hasher = Sha256::new();
    let mut line = Vec::new();
    let mut header = None;
    let mut rows = 0u64;
    let mut in_table = false;
    loop {
        line.clear();
        let n = input.read_until(b'\n', &mut line).map_err(Damage::Read)?;
        if n == 0 || !line.ends_with(b"\n") {
            return Err(Damage::NoEndOfLine.into());
        }
        if header.is_none() {
            let text = std::str::from_utf8(&line).map_err(|_| Damage::Header)?;
            header = Some(Header::parse(text).ok_or(Damage::Header)?);
        } else if in_table {
            if line == END_OF_TABLE {
                in_table = false;
            } else {
                rows += 1;
            }
        } else if line.starts_with(b"TABLE ") {
            in_table = true;
        } else if let Some(end) = line.strip_prefix(b"END ") {
            let text = std::str::from_utf8(end).map_err(|_| Damage::Trailer)?;
            let expected = format!("rows={rows} sha256={}", hex_string(&hasher.finalize_reset()));
            if text.trim_end() != expected {
                return Err(Damage::Checksum.into());
            }
            return header.ok_or_else(|| Damage::Header.into());
        } else {
            return Err(Damage::UnknownLine.into());
        }
        hasher.update(&line);
    }
}

impl<R: BufRead> Reader<R> {
    pub fn new(mut input: R) -> Result<Self> {
        let mut line = Vec::new();
        input.read_until(b'\n', &mut line).map_err(Damage::Read)?;
        let text = std::str::from_utf8(&line).map_err(|_| Damage::Header)?;
        let header = Header::parse(text).ok_or(Damage::Header)?;
        Ok(Reader {
            input,
            header,
            in_table: false,
            end_pending: false,
            line: Vec::new(),
        })
    }

    /// The next item, `None` at the end line. Rows come in chunks of about
    /// `chunk` bytes.
    pub fn next_item(&mut self, chunk: usize) -> Result<Option<Item>> {
        if self.end_pending {
            self.end_pending = false;
            return Ok(Some(Item::EndTable));
        }
        if self.in_table {
            let mut rows = Vec::new();
            loop {
                self.line.clear();
                self.input
                    .read_until(b'\n', &mut self.line)
                    .map_err(Damage::Read)?;
                if self.line.is_empty() {
                    return Err(Damage::UnendedTable.into());
                }
                if self.line == END_OF_TABLE {
                    self.in_table = false;
                    if rows.is_empty() {
                        return Ok(Some(Item::EndTable));
                    }
                    self.end_pending = true;
                    return Ok(Some(Item::Rows(rows)));
                }
                rows.extend_from_slice(&self.line);
                if rows.len() >= chunk {
                    return Ok(Some(Item::Rows(rows)));
                }
            }
        }
        self.line.clear();
        self.input
            .read_until(b'\n', &mut self.line)
            .map_err(Damage::Read)?;
        let text = std::str::from_utf8(&self.line).map_err(|_| Damage::TableLine)?;
        if text.starts_with("END ") {
            return Ok(None);
        }
        let rest = text
            .trim_end()
            .strip_prefix("TABLE ")
            .ok_or(Damage::NoTableName)?;
        let (name, columns) = rest.split_once(' ').ok_or(Damage::NoColumns)?;
        let valid = |s: &str| {
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
        };
        let columns: Vec<String> = columns.split(',').map(str::to_string).collect();
        if !valid(name) || !columns.iter().all(|c| valid(c)) {
            return Err(Damage::BadName.into());
        }
        self.in_table = true;
        Ok(Some(Item::Table(TableSection {
            name: name.to_string(),
            columns,
        })))
    }
}
