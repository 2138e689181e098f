//! The audit trail as people read it: who changed what, when, through what,
//! from which value to which, in words. The store keeps the rows (append
//! only); this turns them into text and checks who may read them.

use ntm_core::criteria::{Catalog, CriteriaSet};
use ntm_core::period::Period;
use ntm_store::{AuditEntity, AuditEntry, AuditQuery, ChangeSource};
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use crate::accounts::access::{Actor, can_administer};
use crate::entry::{decode_audit_met, decode_audit_value};
use crate::error::{AppError, Result};
use crate::program::Program;
use crate::views::unit::visible_unit;

/// Rows per page.
pub const AUDIT_PAGE: u32 = 50;

/// One change, in words.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditView {
    pub id: i64,
    /// RFC 3339 as stored.
    pub at: String,
    /// "23/11/2026 17:50" (Vietnam time).
    pub at_text: String,
    pub actor: String,
    pub source: ChangeSource,
    pub source_name: String,
    pub entity: AuditEntity,
    pub entity_name: String,
    pub unit: Option<String>,
    pub period: Option<String>,
    pub subject: Option<String>,
    /// "Chỉ tiêu 2.2 Tỷ lệ km đường trục thôn…".
    pub subject_label: String,
    pub old: Option<String>,
    pub new: Option<String>,
}

/// What to read.
#[derive(Debug, Clone, Default)]
pub struct AuditFilter {
    /// A unit code; `None`: the whole database (administrators only).
    pub unit: Option<String>,
    pub period: Option<Period>,
    /// An indicator or criterion code of the unit's set ("2.2", "5").
    pub subject: Option<String>,
    /// Only one kind of change.
    pub entity: Option<AuditEntity>,
    pub page: u32,
}

/// A page of the audit trail.
#[derive(Debug, Clone, serde::Serialize)]
pub struct AuditPage {
    pub entries: Vec<AuditView>,
    pub page: u32,
    pub per_page: u32,
    /// Whether there is a next page.
    pub more: bool,
}

/// Vietnam time (UTC+7), "23/11/2026 17:50".
pub fn local_time_vi(rfc3339: &str) -> String {
    match OffsetDateTime::parse(rfc3339, &Rfc3339) {
        Ok(t) => crate::clock::local_time_vi(t),
        Err(_) => rfc3339.to_string(),
    }
}

pub fn source_name_vi(source: ChangeSource) -> &'static str {
    match source {
        ChangeSource::Page => "trang web",
        ChangeSource::Api => "API",
        ChangeSource::Import => "nhập tệp",
        ChangeSource::Cli => crate::accounts::access::ADMIN_TOOL_VI,
        ChangeSource::Demo => "dữ liệu mẫu",
        ChangeSource::Benchmark => "dữ liệu đo hiệu năng",
    }
}

pub fn entity_name_vi(entity: AuditEntity) -> &'static str {
    match entity {
        AuditEntity::Value => "giá trị chỉ tiêu",
        AuditEntity::Assessment => "đánh giá tiêu chí",
        AuditEntity::Unit => "đơn vị hành chính",
        AuditEntity::UnitLink => "quan hệ trực thuộc",
        AuditEntity::Classification => "phân loại đơn vị",
        AuditEntity::Succession => "sáp nhập, chia tách",
        AuditEntity::Recognition => "quyết định công nhận",
        AuditEntity::Agency => "cơ quan",
        AuditEntity::Ownership => "phân công phụ trách",
        AuditEntity::CriteriaSet => "bộ tiêu chí",
        AuditEntity::CriteriaVersion => "phiên bản bộ tiêu chí",
        AuditEntity::User => "tài khoản",
        AuditEntity::ApiToken => "khoá API",
        AuditEntity::Evidence => "tệp minh chứng",
        AuditEntity::Geometry => "ranh giới (bản đồ)",
        AuditEntity::Record(kind) => kind.name_vi(),
    }
}

fn draft_of(json: &str) -> Option<ntm_core::criteria::draft::SetDraft> {
    serde_json::from_str(json).ok()
}

/// A version in a line: its status and its thresholds, and what changed.
fn draft_text(d: &ntm_core::criteria::draft::SetDraft, changes: &str) -> String {
    let (confirmed, unconfirmed, unknown) = d.threshold_coverage();
    let from = d
        .valid_from
        .map(|f| format!(", có hiệu lực từ {}", ntm_core::validity::format_date_vi(f)))
        .unwrap_or_default();
    let mut text = format!(
        "{}{from}; {} tiêu chí, {} chỉ tiêu; ngưỡng: {confirmed} đã xác nhận, {unconfirmed} chưa xác nhận, {unknown} chưa rõ",
        d.status.name_vi(),
        d.criteria.len(),
        d.indicators().count()
    );
    if !changes.is_empty() {
        text.push_str(" — ");
        text.push_str(changes);
    }
    text
}

/// Which indicators' thresholds or definitions changed between two versions.
fn draft_changes(
    old: &ntm_core::criteria::draft::SetDraft,
    new: &ntm_core::criteria::draft::SetDraft,
) -> String {
    let changed: Vec<&str> = new
        .indicators()
        .filter(|(_, i)| old.indicator(&i.code) != Some(i))
        .map(|(_, i)| i.code.as_str())
        .collect();
    let removed: Vec<&str> = old
        .indicators()
        .filter(|(_, i)| new.indicator(&i.code).is_none())
        .map(|(_, i)| i.code.as_str())
        .collect();
    let mut parts = Vec::new();
    if !changed.is_empty() {
        parts.push(format!("chỉ tiêu thay đổi: {}", changed.join(", ")));
    }
    if !removed.is_empty() {
        parts.push(format!("chỉ tiêu bỏ: {}", removed.join(", ")));
    }
    if old.name != new.name || old.document != new.document || old.valid_from != new.valid_from {
        parts.push("thông tin bộ thay đổi".to_string());
    }
    parts.join("; ")
}

/// A JSON object as "key: value; …", without nulls.
fn json_text(json: &str) -> String {
    match serde_json::from_str::<serde_json::Value>(json) {
        Ok(serde_json::Value::Object(map)) => map
            .iter()
            .filter(|(_, v)| !v.is_null())
            .map(|(k, v)| match v {
                serde_json::Value::String(s) => format!("{k}: {s}"),
                other => format!("{k}: {other}"),
            })
            .collect::<Vec<_>>()
            .join("; "),
        _ => json.to_string(),
    }
}

fn note_suffix(json: &str) -> String {
    serde_json::from_str::<serde_json::Value>(json)
        .ok()
        .and_then(|v| v.get("note").and_then(|n| n.as_str()).map(str::to_string))
        .map(|n| format!(" — ghi chú: {n}"))
        .unwrap_or_default()
}

fn sets_in<'c>(catalog: &'c Catalog, namespace: &'c str) -> impl Iterator<Item = &'c CriteriaSet> + 'c {
    catalog.sets().iter().filter(move |s| s.namespace == namespace)
}

/// What an entry changed, in words: its subject, and the value before and after.
struct Words {
    label: String,
    old: Option<String>,
    new: Option<String>,
}

/// An indicator's value before and after, shown as the indicator reads it.
fn value_words(catalog: &Catalog, ns: &str, code: &str, entry: &AuditEntry) -> Words {
    let indicator = sets_in(catalog, ns).find_map(|s| s.indicator(code).map(|(_, i)| i.clone()));
    let text = |json: &Option<String>| {
        json.as_deref().map(|j| {
            let value = decode_audit_value(j);
            let shown = match (&value, &indicator) {
                (Some(v), Some(i)) => v.display_vi(i),
                _ => json_text(j),
            };
            format!("{shown}{}", note_suffix(j))
        })
    };
    let label = match &indicator {
        Some(i) => format!("Chỉ tiêu {} {}", i.code, i.name),
        None => format!("Chỉ tiêu {code}"),
    };
    Words {
        label,
        old: text(&entry.old),
        new: text(&entry.new),
    }
}

/// A criterion's assessment before and after: met or not.
fn assessment_words(catalog: &Catalog, ns: &str, code: &str, entry: &AuditEntry) -> Words {
    let name = sets_in(catalog, ns).find_map(|s| s.criterion(code).map(|c| c.name.clone()));
    let text = |json: &Option<String>| {
        json.as_deref().map(|j| {
            let met = match decode_audit_met(j) {
                Some(true) => "đạt",
                Some(false) => "chưa đạt",
                None => "?",
            };
            format!("{met}{}", note_suffix(j))
        })
    };
    let label = format!("Tiêu chí {code} {}", name.unwrap_or_default());
    Words {
        label: label.trim_end().to_string(),
        old: text(&entry.old),
        new: text(&entry.new),
    }
}

/// Evidence for an indicator or a criterion.
fn evidence_words(catalog: &Catalog, ns: &str, code: &str, entry: &AuditEntry) -> Words {
    let label = sets_in(catalog, ns)
        .find_map(|s| {
            s.indicator(code)
                .map(|(_, i)| format!("Minh chứng cho chỉ tiêu {} {}", i.code, i.name))
                .or_else(|| {
                    s.criterion(code)
                        .map(|c| format!("Minh chứng cho tiêu chí {} {}", c.code, c.name))
                })
        })
        .unwrap_or_else(|| format!("Minh chứng cho {code}"));
    Words {
        label,
        ..plain_words(entry)
    }
}

/// A criteria set's version before and after, with what changed between them.
fn version_words(entry: &AuditEntry) -> Words {
    let label = format!("Bộ tiêu chí {}", entry.subject.clone().unwrap_or_default());
    let old = entry.old.as_deref().and_then(draft_of);
    let new = entry.new.as_deref().and_then(draft_of);
    let changes = match (&old, &new) {
        (Some(o), Some(n)) => draft_changes(o, n),
        _ => String::new(),
    };
    Words {
        label,
        old: old.as_ref().map(|d| draft_text(d, "")),
        new: new.as_ref().map(|d| draft_text(d, &changes)),
    }
}

/// Any other entry: its subject as stored, its values as "key: value".
fn plain_words(entry: &AuditEntry) -> Words {
    Words {
        label: entry.subject.clone().unwrap_or_default(),
        old: entry.old.as_deref().map(json_text),
        new: entry.new.as_deref().map(json_text),
    }
}

/// An entry's change in words, by what it changed.
fn words(catalog: &Catalog, entry: &AuditEntry) -> Words {
    let split = entry.subject.as_deref().and_then(|s| s.split_once(':'));
    match (entry.entity, split) {
        (AuditEntity::Value, Some((ns, code))) => value_words(catalog, ns, code, entry),
        (AuditEntity::Assessment, Some((ns, code))) => assessment_words(catalog, ns, code, entry),
        (AuditEntity::Evidence, Some((ns, code))) => evidence_words(catalog, ns, code, entry),
        (AuditEntity::CriteriaVersion, _) => version_words(entry),
        _ => plain_words(entry),
    }
}

/// An entry with its subject and values in words.
pub fn audit_view(catalog: &Catalog, entry: AuditEntry, unit_code: Option<String>) -> AuditView {
    let Words {
        label: subject_label,
        old,
        new,
    } = words(catalog, &entry);
    AuditView {
        id: entry.id,
        at_text: local_time_vi(&entry.at),
        at: entry.at,
        actor: crate::accounts::access::actor_name_vi(&entry.actor),
        source_name: source_name_vi(entry.source).to_string(),
        source: entry.source,
        entity_name: entity_name_vi(entry.entity).to_string(),
        entity: entry.entity,
        unit: unit_code,
        period: entry
            .period
            .and_then(|k| Period::from_key(k).ok())
            .map(|p| p.code()),
        subject: entry.subject,
        subject_label,
        old,
        new,
    }
}

impl Program {
    /// A page of the audit trail: of one unit (anyone who may see it), or of
    /// everything (administrators).
    pub async fn audit_trail(&self, actor: &Actor, filter: AuditFilter) -> Result<AuditPage> {
        let snapshot = self.snapshot().await?;
        let hierarchy = &snapshot.hierarchy;
        let period_for_unit = filter.period.unwrap_or_else(|| Period::year(self.today().year()));
        let unit = match &filter.unit {
            Some(code) => Some(
                // A code names a unit only within its validity: resolve in the
                // period asked for, or else the latest unit with that code.
                match visible_unit(self, actor, &snapshot, code, period_for_unit) {
                    Ok(u) => u,
                    Err(AppError::Resolve(_)) if filter.period.is_none() => {
                        let parsed = code
                            .parse()
                            .map_err(|e: ntm_core::unit::UnitCodeError| AppError::Invalid(e.to_string()))?;
                        let latest = hierarchy
                            .units_with_code(&parsed)
                            .max_by_key(|u| u.validity.from)
                            .ok_or_else(|| AppError::NotFound(format!("không có đơn vị mã {code}")))?;
                        let period = Period::year(latest.validity.from.map_or(2000, |d| d.year()));
                        visible_unit(self, actor, &snapshot, code, period)?
                    }
                    Err(e) => return Err(e),
                },
            ),
            None if can_administer(actor) => None,
            None => {
                return Err(AppError::Forbidden(
                    "chỉ quản trị hệ thống được xem toàn bộ nhật ký thay đổi; hãy chọn một đơn vị".into(),
                ));
            }
        };
        let subject = match (&filter.subject, unit) {
            (Some(code), Some(u)) => {
                let set = snapshot.catalog.set_for_unit(hierarchy, u, period_for_unit);
                Some(match set {
                    Some(s) => format!("{}:{}", s.namespace, code.trim()),
                    None => code.trim().to_string(),
                })
            }
            (Some(code), None) => Some(code.trim().to_string()),
            _ => None,
        };
        let query = AuditQuery {
            unit: unit.map(|u| u.id),
            period: filter.period,
            entity: filter.entity,
            subject,
            limit: AUDIT_PAGE + 1,
            offset: filter.page.saturating_mul(AUDIT_PAGE),
        };
        let mut rows = self.store().audit(query).await?;
        let more = rows.len() > AUDIT_PAGE as usize;
        rows.truncate(AUDIT_PAGE as usize);
        let entries = rows
            .into_iter()
            .map(|e| {
                let code = e
                    .unit
                    .and_then(|id| hierarchy.unit(id))
                    .map(|u| u.code.to_string());
                audit_view(&snapshot.catalog, e, code)
            })
            .collect();
        Ok(AuditPage {
            entries,
            page: filter.page,
            per_page: AUDIT_PAGE,
            more,
        })
    }
}
