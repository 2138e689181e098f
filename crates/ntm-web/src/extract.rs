//! Reading requests: the query, the path, page forms and JSON bodies, each
//! bounded by its limit, every text normalised to NFC and checked
//! (`ntm_core::input`), and every refusal in Vietnamese naming the field —
//! problem+json for the API, an error page for the pages. These replace
//! axum's extractors of the same names, whose refusals are English text.

use std::borrow::Cow;

use axum::body::{Bytes, to_bytes};
use axum::extract::{FromRequest, FromRequestParts, OriginalUri, Request};
use axum::http::request::Parts;
use axum::http::{HeaderMap, StatusCode, header};
use axum::response::{IntoResponse, Response};
use ntm_core::input::limits::{FORM, FileLimit, JSON_BODY};
use ntm_core::input::messages::{json_vi, serde_vi};
use ntm_core::input::text::{TextKind, check_length, first_bad_char};
use ntm_core::input::{InputError, nfc};
use serde::Serialize;
use serde::de::DeserializeOwned;

use crate::problem::{Problem, ProblemField};

/// A request refused before its handler ran.
#[derive(Debug)]
pub struct Rejection {
    status: StatusCode,
    kind: &'static str,
    title: &'static str,
    detail: String,
    field: Option<String>,
    api: bool,
}

impl Rejection {
    pub(crate) fn new(api: bool, status: StatusCode, detail: impl Into<String>) -> Rejection {
        let (kind, title) = match status {
            StatusCode::PAYLOAD_TOO_LARGE => ("/problems/too-large", "Nội dung quá lớn"),
            StatusCode::UNSUPPORTED_MEDIA_TYPE => ("/problems/media-type", "Sai loại nội dung"),
            StatusCode::UNPROCESSABLE_ENTITY => ("/problems/invalid-fields", "Dữ liệu không hợp lệ"),
            StatusCode::NOT_FOUND => ("/problems/not-found", "Không tìm thấy"),
            StatusCode::REQUEST_TIMEOUT => ("/problems/timeout", "Hết thời gian chờ"),
            _ => ("/problems/invalid", "Yêu cầu không hợp lệ"),
        };
        Rejection {
            status,
            kind,
            title,
            detail: detail.into(),
            field: None,
            api,
        }
    }

    fn at(mut self, field: impl Into<String>) -> Rejection {
        self.field = Some(field.into());
        self
    }
}

impl IntoResponse for Rejection {
    fn into_response(self) -> Response {
        if self.api {
            let mut problem = Problem::new(self.status, self.kind, self.title, self.detail.clone());
            if let Some(field) = self.field {
                problem.errors.push(ProblemField {
                    field,
                    message: self.detail,
                });
            }
            return problem.into_response();
        }
        let detail = match &self.field {
            Some(field) => format!("{field}: {}", self.detail),
            None => self.detail.clone(),
        };
        crate::pages::layout::error_response(self.status, self.title, &detail)
    }
}

/// Whether a request is the API's (answered with problem+json).
pub fn is_api(parts: &Parts) -> bool {
    is_api_path(
        parts
            .extensions
            .get::<OriginalUri>()
            .map_or(parts.uri.path(), |u| u.0.path()),
    )
}

/// Whether a path is the API's.
pub fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/")
}

fn content_type_is(headers: &HeaderMap, wanted: &str) -> bool {
    headers
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .map(|v| v.trim().to_ascii_lowercase())
        .is_some_and(|v| v == wanted || (wanted == "application/json" && v.ends_with("+json")))
}

/// Whether a body failed for being over its limit (not for stalling).
pub fn over_limit(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut cause: Option<&(dyn std::error::Error + 'static)> = Some(error);
    while let Some(e) = cause {
        if e.is::<http_body_util::LengthLimitError>() {
            return true;
        }
        cause = e.source();
    }
    false
}

async fn body(request: Request, limit: FileLimit, api: bool) -> Result<Bytes, Rejection> {
    to_bytes(request.into_body(), limit.max_bytes as usize)
        .await
        .map_err(|e| {
            let inner = e.into_inner();
            if over_limit(inner.as_ref()) {
                Rejection::new(
                    api,
                    StatusCode::PAYLOAD_TOO_LARGE,
                    format!(
                        "{} quá giới hạn {}",
                        limit.what,
                        ntm_core::input::limits::size_vi(limit.max_bytes)
                    ),
                )
            } else {
                Rejection::new(
                    api,
                    StatusCode::REQUEST_TIMEOUT,
                    "nội dung yêu cầu đến quá chậm hoặc bị ngắt giữa chừng: hãy gửi lại",
                )
            }
        })
}

/// A text from a request as ntm keeps it: NFC, without control characters
/// (line breaks and tabs aside, which notes may hold), at most as long as
/// the longest field (a note). Names and codes are held to their own rules
/// by the services.
pub(crate) fn clean_text<'a>(text: &'a str, field: &str) -> Result<Cow<'a, str>, InputError> {
    let text = nfc(text);
    if let Some((position, c, problem)) = first_bad_char(&text, TextKind::Note) {
        return Err(InputError::BadChar {
            what: field.to_string(),
            problem,
            code: c as u32,
            position,
        });
    }
    check_length(&text, TextKind::Note, field)?;
    Ok(text)
}

/// Normalises and checks every string (and key) of a JSON value.
fn clean_json(value: &mut serde_json::Value, path: &str) -> Result<(), (String, InputError)> {
    match value {
        serde_json::Value::String(s) => {
            if let Cow::Owned(clean) = clean_text(s, path).map_err(|e| (path.to_string(), e))? {
                *s = clean;
            }
        }
        // JSON has one number type: 69.0 is the integer 69 (as JSON Schema
        // reads it), not a float an integer field would refuse.
        serde_json::Value::Number(n) => {
            if let Some(x) = n
                .as_f64()
                .filter(|x| n.is_f64() && x.fract() == 0.0 && x.abs() < 9.0e15)
            {
                *value = serde_json::Value::from(x as i64);
            }
        }
        serde_json::Value::Array(items) => {
            for (i, item) in items.iter_mut().enumerate() {
                clean_json(item, &format!("{path}[{i}]"))?;
            }
        }
        serde_json::Value::Object(map) => {
            let entries = std::mem::take(map);
            for (key, mut item) in entries {
                let key = clean_text(&key, path)
                    .map_err(|e| (path.to_string(), e))?
                    .into_owned();
                let here = if path.is_empty() {
                    key.clone()
                } else {
                    format!("{path}.{key}")
                };
                clean_json(&mut item, &here)?;
                map.insert(key, item);
            }
        }
        _ => {}
    }
    Ok(())
}

/// URL-encoded pairs, normalised and checked, re-encoded for serde.
fn clean_pairs(bytes: &[u8], api: bool) -> Result<String, Rejection> {
    let mut out = form_urlencoded::Serializer::new(String::new());
    for (key, value) in form_urlencoded::parse(bytes) {
        let key = clean_text(&key, "tên trường")
            .map_err(|e| Rejection::new(api, StatusCode::BAD_REQUEST, e.to_string()))?
            .into_owned();
        let value = clean_text(&value, &key).map_err(|e| {
            Rejection::new(api, StatusCode::UNPROCESSABLE_ENTITY, e.to_string()).at(key.clone())
        })?;
        out.append_pair(&key, &value);
    }
    Ok(out.finish())
}

/// URL-encoded pairs read leniently: NFC, nothing refused (for the login,
/// whose `next` falls back to "/" whatever it holds).
pub fn lenient_pairs(bytes: &[u8]) -> Vec<(String, String)> {
    form_urlencoded::parse(bytes)
        .map(|(k, v)| (nfc(&k).into_owned(), nfc(&v).into_owned()))
        .collect()
}

/// Deserialises URL-encoded pairs into `T`, naming the field that is wrong.
fn from_pairs<T: DeserializeOwned>(encoded: &str, api: bool, status: StatusCode) -> Result<T, Rejection> {
    let deserializer = serde_urlencoded::Deserializer::new(form_urlencoded::parse(encoded.as_bytes()));
    serde_path_to_error::deserialize(deserializer).map_err(|e| {
        let path = e.path().to_string();
        let message = serde_vi(&e.inner().to_string());
        let rejection = Rejection::new(api, status, message);
        if path.is_empty() || path == "." {
            rejection
        } else {
            rejection.at(path)
        }
    })
}

/// The query string, parsed into `T` (a bad one answers 400).
#[derive(Debug, Clone, Copy, Default)]
pub struct Query<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequestParts<S> for Query<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, _state: &S) -> Result<Self, Self::Rejection> {
        let api = is_api(parts);
        let query = parts.uri.query().unwrap_or("");
        let clean = clean_pairs(query.as_bytes(), api)?;
        from_pairs(&clean, api, StatusCode::BAD_REQUEST).map(Query)
    }
}

/// A path parameter, parsed into `T` (one that cannot be answers 404: no
/// such thing exists).
#[derive(Debug, Clone, Copy, Default)]
pub struct Path<T>(pub T);

impl<T: DeserializeOwned + Send, S: Send + Sync> FromRequestParts<S> for Path<T> {
    type Rejection = Rejection;

    async fn from_request_parts(parts: &mut Parts, state: &S) -> Result<Self, Self::Rejection> {
        let api = is_api(parts);
        match axum::extract::Path::<T>::from_request_parts(parts, state).await {
            Ok(axum::extract::Path(value)) => Ok(Path(value)),
            Err(_) => Err(Rejection::new(
                api,
                StatusCode::NOT_FOUND,
                "địa chỉ không đúng: không có mục nào như vậy",
            )),
        }
    }
}

/// A page form (`application/x-www-form-urlencoded`), at most [`FORM`],
/// every field in NFC.
#[derive(Debug, Clone, Copy, Default)]
pub struct Form<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Form<T> {
    type Rejection = Rejection;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body_stream) = request.into_parts();
        let api = is_api(&parts);
        if !content_type_is(&parts.headers, "application/x-www-form-urlencoded") {
            return Err(Rejection::new(
                api,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "biểu mẫu phải gửi dạng application/x-www-form-urlencoded",
            ));
        }
        let bytes = body(Request::from_parts(parts, body_stream), FORM, api).await?;
        // Normalised, not refused here: a page form's fields are checked by
        // the service they go to, which names the field and lets the page
        // show the form again with everything typed.
        let mut out = form_urlencoded::Serializer::new(String::new());
        for (key, value) in lenient_pairs(&bytes) {
            out.append_pair(&key, &value);
        }
        from_pairs(&out.finish(), api, StatusCode::UNPROCESSABLE_ENTITY).map(Form)
    }
}

/// A JSON body (`application/json`), at most [`JSON_BODY`]; as a response,
/// JSON.
#[derive(Debug, Clone, Copy, Default)]
pub struct Json<T>(pub T);

impl<T: DeserializeOwned, S: Send + Sync> FromRequest<S> for Json<T> {
    type Rejection = Rejection;

    async fn from_request(request: Request, _state: &S) -> Result<Self, Self::Rejection> {
        let (parts, body_stream) = request.into_parts();
        let api = is_api(&parts);
        if !content_type_is(&parts.headers, "application/json") {
            return Err(Rejection::new(
                api,
                StatusCode::UNSUPPORTED_MEDIA_TYPE,
                "nội dung phải là JSON, gửi với tiêu đề Content-Type: application/json",
            ));
        }
        let bytes = body(Request::from_parts(parts, body_stream), JSON_BODY, api).await?;
        let mut value: serde_json::Value = serde_json::from_slice(&bytes).map_err(|e| {
            Rejection::new(
                api,
                StatusCode::BAD_REQUEST,
                format!(
                    "JSON không hợp lệ ở dòng {}, cột {}: {}",
                    e.line(),
                    e.column(),
                    json_vi(&e.to_string())
                ),
            )
        })?;
        clean_json(&mut value, "").map_err(|(field, e)| {
            Rejection::new(api, StatusCode::UNPROCESSABLE_ENTITY, e.to_string()).at(field)
        })?;
        serde_path_to_error::deserialize(value).map(Json).map_err(|e| {
            let path = e.path().to_string();
            let rejection = Rejection::new(
                api,
                StatusCode::UNPROCESSABLE_ENTITY,
                json_vi(&e.inner().to_string()),
            );
            if path.is_empty() || path == "." {
                rejection
            } else {
                rejection.at(path)
            }
        })
    }
}

impl<T: Serialize> IntoResponse for Json<T> {
    fn into_response(self) -> Response {
        axum::Json(self.0).into_response()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pairs_deserialize_into_lists_and_structs() {
        let pairs: Vec<(String, String)> =
            from_pairs("a=1&b=%C4%91%E1%BA%A1t", false, StatusCode::BAD_REQUEST).expect("pairs");
        assert_eq!(pairs[1].1, "đạt");
    }
}
