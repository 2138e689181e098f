//! Evidence files (minh chứng): scanned decisions, minutes, photos and
//! spreadsheets attached to an indicator or criterion of a unit and period.
//! The type is decided from the file's first bytes, not from its name or what
//! the browser claims; the size is limited; the content lives in the database
//! and is served only to users who may see the unit.

use ntm_core::period::Period;
use ntm_store::{EvidenceMeta, NewEvidence};
use sha2::{Digest, Sha256};

use crate::accounts::access::{Actor, Target, can_edit, can_view};
use crate::error::{AppError, Result};
use crate::program::Program;
use crate::views::unit::visible_unit;

/// The largest file accepted: 10 MB (`ntm_core::input::limits::EVIDENCE`).
pub const EVIDENCE_MAX_BYTES: usize = ntm_core::input::limits::EVIDENCE.max_bytes as usize;

/// The kinds of file accepted, as "PDF, PNG, JPEG, DOCX, XLSX".
pub const EVIDENCE_KINDS: &str = "PDF, PNG, JPEG, DOCX, XLSX";

/// The content type of an accepted file, judged from its first bytes (and,
/// for Office files, which are ZIP archives, from the name's extension).
pub fn sniff_content_type(bytes: &[u8], file_name: &str) -> Option<&'static str> {
    let lower = file_name.to_lowercase();
    if bytes.starts_with(b"%PDF-") {
        Some("application/pdf")
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some("image/png")
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some("image/jpeg")
    } else if bytes.starts_with(b"PK\x03\x04") && lower.ends_with(".docx") {
        Some("application/vnd.openxmlformats-officedocument.wordprocessingml.document")
    } else if bytes.starts_with(b"PK\x03\x04") && lower.ends_with(".xlsx") {
        Some("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    } else {
        None
    }
}

/// A file name safe to store and to send back: in NFC, no folders, no
/// control characters, no quotes, at most 120 characters (the extension
/// kept). Bidirectional and invisible characters, which can disguise a
/// name ("hoá-đơn\u{202E}fdp.exe"), are refused by [`check_file_name`].
pub fn clean_file_name(name: &str) -> String {
    let name = ntm_core::input::nfc(name);
    let base = name.rsplit(['/', '\\']).next().unwrap_or(&name);
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | '<' | '>' | '|' | '*' | '?' | ':'))
        .collect();
    let trimmed = cleaned.trim().trim_start_matches('.').to_string();
    let max = ntm_core::input::limits::MAX_FILE_NAME_CHARS;
    let fitted = if trimmed.chars().count() > max {
        let (stem, extension) = match trimmed.rsplit_once('.') {
            Some((stem, ext)) if ext.chars().count() <= 10 => (stem.to_string(), format!(".{ext}")),
            _ => (trimmed.clone(), String::new()),
        };
        let keep = max.saturating_sub(extension.chars().count());
        format!("{}{extension}", stem.chars().take(keep).collect::<String>())
    } else {
        trimmed
    };
    if fitted.is_empty() {
        "minh-chung".to_string()
    } else {
        fitted
    }
}

/// Refuses a file name with characters that can disguise it.
pub fn check_file_name(name: &str) -> Result<()> {
    use ntm_core::input::text::{TextKind, first_bad_char};
    let name = ntm_core::input::nfc(name);
    match first_bad_char(&name, TextKind::FileName) {
        Some((position, c, problem)) => Err(AppError::Invalid(
            ntm_core::input::InputError::BadChar {
                what: "tên tệp".into(),
                problem,
                code: c as u32,
                position,
            }
            .to_string(),
        )),
        None => Ok(()),
    }
}

/// A file someone uploads.
#[derive(Debug, Clone)]
pub struct EvidenceUpload<'a> {
    pub unit: &'a str,
    pub period: Period,
    /// The indicator ("2.2") or criterion ("5") it evidences.
    pub subject: &'a str,
    pub file_name: &'a str,
    pub content: Vec<u8>,
}

impl Program {
    /// Stores an evidence file, if the actor may change what it evidences.
    pub async fn add_evidence(&self, actor: &Actor, upload: EvidenceUpload<'_>) -> Result<EvidenceMeta> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = visible_unit(self, actor, &snapshot, upload.unit, upload.period)?;
        let set = snapshot.unit_set(unit, upload.period)?;
        let code = upload.subject.trim();
        let (criterion, indicator) = match set.indicator(code) {
            Some((c, i)) => (c.code.as_str(), Some(i.code.as_str())),
            None => match set.criterion(code) {
                Some(c) => (c.code.as_str(), None),
                None => {
                    return Err(AppError::Invalid(format!(
                        "bộ tiêu chí {} không có chỉ tiêu hay tiêu chí \"{code}\"",
                        set.code
                    )));
                }
            },
        };
        let target = Target {
            unit,
            namespace: &set.namespace,
            criterion,
            indicator,
            day: hierarchy.reference_date(unit, upload.period),
        };
        if !can_edit(actor, hierarchy, &snapshot.agencies, target) {
            return Err(AppError::Forbidden(format!(
                "bạn không có quyền thêm minh chứng cho {} của {}",
                indicator.map_or_else(|| format!("tiêu chí {criterion}"), |i| format!("chỉ tiêu {i}")),
                unit.full_name()
            )));
        }
        if upload.content.is_empty() {
            return Err(AppError::Invalid("tệp minh chứng rỗng".into()));
        }
        ntm_core::input::limits::EVIDENCE
            .check(upload.content.len() as u64)
            .map_err(|e| AppError::TooLarge(format!("\"{}\": {e}", upload.file_name)))?;
        check_file_name(upload.file_name)?;
        let file_name = clean_file_name(upload.file_name);
        let content_type = sniff_content_type(&upload.content, &file_name).ok_or_else(|| {
            AppError::Invalid(format!(
                "tệp \"{file_name}\" không phải loại được nhận ({EVIDENCE_KINDS})"
            ))
        })?;
        let sha256 = hex::encode(Sha256::digest(&upload.content));
        let new = NewEvidence {
            unit: unit.id,
            period: upload.period,
            subject: format!("{}:{}", set.namespace, indicator.unwrap_or(criterion)),
            file_name,
            content_type: content_type.to_string(),
            content: upload.content,
            sha256,
        };
        let id = self.store().add_evidence(new, actor.context()).await?;
        self.store()
            .evidence(id)
            .await?
            .map(|(meta, _)| meta)
            .ok_or_else(|| AppError::NotFound(format!("không tìm thấy minh chứng số {id}")))
    }

    /// An evidence file and its content, if the actor may see its unit.
    /// A file the actor may not see is reported as missing, not as forbidden.
    pub async fn evidence_file(&self, actor: &Actor, id: i64) -> Result<(EvidenceMeta, Vec<u8>)> {
        let missing = || AppError::NotFound(format!("không tìm thấy minh chứng số {id}"));
        let (meta, content) = self.store().evidence(id).await?.ok_or_else(missing)?;
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let unit = hierarchy.unit(meta.unit).ok_or_else(missing)?;
        let day = hierarchy.reference_date(unit, meta.period);
        if !can_view(actor, hierarchy, &snapshot.agencies, unit, day) {
            return Err(missing());
        }
        Ok((meta, content))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn types_come_from_content_not_names() {
        assert_eq!(
            sniff_content_type(b"%PDF-1.7 ...", "x.png"),
            Some("application/pdf")
        );
        assert_eq!(sniff_content_type(b"<html>", "x.pdf"), None);
        assert_eq!(sniff_content_type(b"PK\x03\x04....", "bao-cao.zip"), None);
        assert!(sniff_content_type(b"PK\x03\x04....", "Báo cáo.XLSX").is_some());
    }

    #[test]
    fn file_names_lose_folders_and_odd_characters() {
        assert_eq!(clean_file_name("../../etc/passwd"), "passwd");
        assert_eq!(clean_file_name("C:\\tmp\\Biên bản.pdf"), "Biên bản.pdf");
        assert_eq!(clean_file_name("\"a<b>\".pdf"), "ab.pdf");
        assert_eq!(clean_file_name(".."), "minh-chung");
        let long = format!("{}.docx", "biên bản ".repeat(30));
        let cleaned = clean_file_name(&long);
        assert_eq!(cleaned.chars().count(), 120);
        assert!(cleaned.ends_with(".docx"), "{cleaned}");
        use unicode_normalization::UnicodeNormalization;
        let decomposed: String = "Biên bản.pdf".nfd().collect();
        assert_eq!(clean_file_name(&decomposed), "Biên bản.pdf");
    }

    #[test]
    fn names_that_disguise_themselves_are_refused() {
        let e = check_file_name("hoá-đơn\u{202E}fdp.exe").unwrap_err().to_string();
        assert!(
            e.contains("tên tệp có ký tự đổi chiều hiển thị văn bản U+202E"),
            "{e}"
        );
        assert!(check_file_name("Biên bản nghiệm thu.pdf").is_ok());
    }
}
