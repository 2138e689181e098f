//! Uploaded files: [`UploadedFile`] is the extractor of every multipart
//! form (evidence, imports, criteria workbooks). The kind of upload decides
//! its limit and the name a file gets when the browser sends none; the file
//! is refused as soon as it passes the limit, the other fields are read as
//! NFC text of at most a note's length, and every refusal is Vietnamese —
//! problem+json for the API, an error page for the pages.

use std::marker::PhantomData;

use axum::extract::{FromRequest, Multipart, OriginalUri, Request};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use ntm_app::AppError;
use ntm_core::input::limits::{self, FileLimit};
use ntm_core::input::nfc;

use crate::extract::{Rejection, clean_text, is_api_path, over_limit};
use crate::problem::{PageError, Problem};

/// What is uploaded, and so how much of it is read.
pub trait UploadKind {
    const LIMIT: FileLimit;
    /// The file's name when the browser sends none.
    const DEFAULT_NAME: &'static str;
}

/// An evidence file (PDF, picture, document).
#[derive(Debug)]
pub struct Evidence;
/// Any file ntm imports (values, units, templates, money, boundaries).
#[derive(Debug)]
pub struct AnyImport;
/// A criteria set's workbook.
#[derive(Debug)]
pub struct CriteriaWorkbook;

impl UploadKind for Evidence {
    const LIMIT: FileLimit = limits::EVIDENCE;
    const DEFAULT_NAME: &'static str = "minh-chung";
}

impl UploadKind for AnyImport {
    const LIMIT: FileLimit = limits::ANY_IMPORT;
    const DEFAULT_NAME: &'static str = "tệp";
}

impl UploadKind for CriteriaWorkbook {
    const LIMIT: FileLimit = limits::XLSX;
    const DEFAULT_NAME: &'static str = "tệp";
}

/// A multipart upload read within its kind's limit: its one file (`file`)
/// and its short text fields.
#[derive(Debug)]
pub struct UploadedFile<K> {
    /// The name the browser sent, NFC.
    file_name: Option<String>,
    pub bytes: Vec<u8>,
    texts: Vec<(String, String)>,
    kind: PhantomData<fn() -> K>,
}

impl<K: UploadKind> UploadedFile<K> {
    /// A text field ("" when it was not sent).
    pub fn text(&self, name: &str) -> &str {
        self.texts
            .iter()
            .find(|(k, _)| k == name)
            .map_or("", |(_, v)| v.as_str())
    }

    /// The name as sent, or the kind's default.
    pub fn name(&self) -> &str {
        self.file_name.as_deref().unwrap_or(K::DEFAULT_NAME)
    }

    /// The name made safe to show and store (no path, no control characters).
    pub fn clean_name(&self) -> String {
        ntm_app::entry::evidence::clean_file_name(self.name())
    }
}

impl<S: Send + Sync, K: UploadKind> FromRequest<S> for UploadedFile<K> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &S) -> Result<Self, Response> {
        let api = is_api_path(
            request
                .extensions()
                .get::<OriginalUri>()
                .map_or(request.uri().path(), |u| u.0.path()),
        );
        let mut multipart = Multipart::from_request(request, state).await.map_err(|e| {
            Rejection::new(
                api,
                e.status(),
                "nội dung gửi lên phải là biểu mẫu multipart/form-data có trường file",
            )
            .into_response()
        })?;
        read(&mut multipart, K::LIMIT).await.map_err(|e| {
            if api {
                Problem::from(e).into_response()
            } else {
                PageError(e).into_response()
            }
        })
    }
}

fn unreadable(e: &axum::extract::multipart::MultipartError) -> AppError {
    if e.status() == StatusCode::PAYLOAD_TOO_LARGE || over_limit(e) {
        AppError::TooLarge(format!(
            "nội dung gửi lên quá giới hạn {}",
            limits::size_vi(limits::UPLOAD_BYTES)
        ))
    } else {
        AppError::Invalid(
            "không đọc được tệp gửi lên: biểu mẫu multipart/form-data hỏng hoặc bị ngắt giữa chừng".into(),
        )
    }
}

/// Reads an upload: the `file` field up to `limit`, other fields as NFC
/// text (at most a note's length each).
async fn read<K>(multipart: &mut Multipart, limit: FileLimit) -> Result<UploadedFile<K>, AppError> {
    let mut upload = UploadedFile {
        file_name: None,
        bytes: Vec::new(),
        texts: Vec::new(),
        kind: PhantomData,
    };
    while let Some(mut field) = multipart.next_field().await.map_err(|e| unreadable(&e))? {
        let name = field.name().unwrap_or("").to_string();
        if name == "file" {
            upload.file_name = field.file_name().map(|n| nfc(n).into_owned());
            upload.bytes = file_bytes(&mut field, limit).await?;
        } else {
            let text = text_field(&mut field, &name).await?;
            upload.texts.push((name, text));
        }
    }
    Ok(upload)
}

/// The file's bytes, refused as soon as they pass the limit.
async fn file_bytes(
    field: &mut axum::extract::multipart::Field<'_>,
    limit: FileLimit,
) -> Result<Vec<u8>, AppError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(&e))? {
        let size = bytes.len() as u64 + chunk.len() as u64;
        if size > limit.max_bytes {
            return Err(AppError::TooLarge(
                limit.check(size).err().map(|e| e.to_string()).unwrap_or_default(),
            ));
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(bytes)
}

/// A text field: UTF-8, at most a note's length, NFC and clean.
async fn text_field(field: &mut axum::extract::multipart::Field<'_>, name: &str) -> Result<String, AppError> {
    let mut text = Vec::new();
    while let Some(chunk) = field.chunk().await.map_err(|e| unreadable(&e))? {
        text.extend_from_slice(&chunk);
        if text.len() > limits::MAX_NOTE_CHARS * 4 {
            return Err(AppError::Invalid(format!("trường {name} quá dài")));
        }
    }
    let text = String::from_utf8(text)
        .map_err(|_| AppError::Invalid(format!("trường {name} không phải văn bản UTF-8")))?;
    let text = clean_text(&text, name).map_err(|e| AppError::Invalid(e.to_string()))?;
    Ok(text.into_owned())
}
