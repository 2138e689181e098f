//! `ntm criteria list | show`.

use std::fmt::Write;

use ntm_core::criteria::{Catalog, CriteriaSet, SetScope, StandardRule};
use ntm_core::evaluation::target_text;
use serde_json::{Value, json};

use crate::render::{fit, pad};

fn scope(set: &CriteriaSet) -> String {
    match &set.scope {
        SetScope::National => "toàn quốc".into(),
        SetScope::Province(code) => format!("tỉnh mã {code}"),
    }
}

pub fn render_list(catalog: &Catalog) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} {} Tên (phạm vi)",
        pad("Mã", 24),
        pad("Cấp", 9),
        pad("Hiệu lực", 26)
    );
    for s in catalog.sets() {
        let (confirmed, unconfirmed, unknown) = s.threshold_coverage();
        let _ = writeln!(
            o,
            "{} {} {} {} ({})",
            pad(&s.code, 24),
            pad(s.level.name_vi(), 9),
            pad(&s.validity.label_vi(), 26),
            s.name,
            scope(s)
        );
        let _ = writeln!(
            o,
            "{} {} tiêu chí, {} chỉ tiêu; ngưỡng: {confirmed} đã xác nhận, {unconfirmed} chưa xác nhận, {unknown} chưa rõ",
            " ".repeat(61),
            s.criteria.len(),
            s.indicator_count()
        );
    }
    o
}

pub fn render_set(s: &CriteriaSet) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{} — {}", s.code, s.name);
    let _ = writeln!(
        o,
        "{}; phạm vi: {}; hiệu lực: {}",
        s.document,
        scope(s),
        s.validity.label_vi()
    );
    if let Some(base) = &s.extends {
        let _ = writeln!(o, "Kế thừa bộ: {base}");
    }
    if let Some(n) = &s.notes {
        let _ = writeln!(o, "Ghi chú: {n}");
    }
    for r in &s.region_rules {
        let _ = writeln!(o, "Quy tắc vùng: {}", r.reason);
    }
    let standard = match s.standard {
        StandardRule::AllCriteria => format!("đạt đủ {} tiêu chí", s.criteria.len()),
        StandardRule::AtLeast(n) => format!("đạt từ {n} tiêu chí"),
    };
    let _ = writeln!(
        o,
        "Đạt chuẩn khi {standard}. Nhóm báo cáo: {}",
        s.brackets
            .iter()
            .map(|b| b.label.as_str())
            .collect::<Vec<_>>()
            .join("; ")
    );
    for c in &s.criteria {
        let owner = c
            .owner
            .as_deref()
            .map(|o| format!(" — phụ trách: {o}"))
            .unwrap_or_default();
        let partial = if c.indicators_complete {
            ""
        } else {
            " (danh mục chỉ tiêu chưa đầy đủ)"
        };
        let _ = writeln!(o, "\nTiêu chí {} {}{partial}{owner}", c.code, c.name);
        for i in &c.indicators {
            let _ = writeln!(
                o,
                "  {} {} [{}{}]",
                i.code,
                fit(&i.name, 90).trim_end(),
                i.kind.name_vi(),
                i.unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
            );
            for t in &i.thresholds {
                let mut when = Vec::new();
                if !t.when.regions.is_empty() {
                    when.push(
                        t.when
                            .regions
                            .iter()
                            .map(|r| r.name_vi())
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                }
                if !t.when.flags.is_empty() {
                    when.push(
                        t.when
                            .flags
                            .iter()
                            .map(|f| f.name_vi())
                            .collect::<Vec<_>>()
                            .join(", "),
                    );
                }
                if let Some((a, b)) = t.when.years {
                    when.push(if a == b {
                        format!("năm {a}")
                    } else {
                        format!("năm {a}-{b}")
                    });
                }
                let when = if when.is_empty() {
                    "mọi trường hợp".to_string()
                } else {
                    when.join("; ")
                };
                let status = if t.target == ntm_core::criteria::Target::Unknown {
                    "chưa rõ"
                } else if t.confirmed {
                    "đã xác nhận"
                } else {
                    "chưa xác nhận"
                };
                let _ = writeln!(o, "      {}: {} ({status})", when, target_text(i, t.target));
            }
        }
    }
    o
}

pub fn set_json(s: &CriteriaSet) -> Value {
    json!({
        "code": s.code,
        "namespace": s.namespace,
        "name": s.name,
        "document": s.document,
        "level": s.level,
        "scope": scope(s),
        "valid_from": s.validity.from.map(|d| d.to_string()),
        "valid_to": s.validity.to.map(|d| d.to_string()),
        "extends": s.extends,
        "complete": s.complete,
        "brackets": s.brackets,
        "criteria": s.criteria.iter().map(|c| json!({
            "code": c.code,
            "name": c.name,
            "group": c.group,
            "owner": c.owner,
            "indicators_complete": c.indicators_complete,
            "indicators": c.indicators.iter().map(|i| json!({
                "code": i.code,
                "name": i.name,
                "kind": i.kind,
                "unit": i.unit,
                "levels": i.levels,
                "optional": i.optional,
                "evidence": i.evidence,
                "owner": i.owner,
                "name_confirmed": i.name_confirmed,
                "provisional_code": i.provisional_code,
                "sources": i.sources,
                "thresholds": i.thresholds.iter().map(|t| json!({
                    "regions": t.when.regions.iter().map(|r| r.key()).collect::<Vec<_>>(),
                    "flags": t.when.flags.iter().map(|f| f.key()).collect::<Vec<_>>(),
                    "years": t.when.years,
                    "target": target_text(i, t.target),
                    "confirmed": t.confirmed,
                    "source": t.source,
                    "note": t.note,
                })).collect::<Vec<_>>(),
            })).collect::<Vec<_>>(),
        })).collect::<Vec<_>>(),
    })
}
