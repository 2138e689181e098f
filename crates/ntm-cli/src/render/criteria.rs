//! `ntm criteria list | show`, from the application's view of a set.

use std::fmt::Write;

use ntm_app::criteria::preview::ImpactView;
use ntm_app::views::criteria::{SetSummary, SetView};

use crate::render::{fit, pad};

pub fn render_list(sets: &[SetSummary]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} {} Tên (phạm vi; trạng thái)",
        pad("Mã@phiên bản", 24),
        pad("Cấp", 9),
        pad("Áp dụng", 26)
    );
    for s in sets {
        let _ = writeln!(
            o,
            "{} {} {} {} ({}; {})",
            pad(&s.name_ref, 24),
            pad(&s.level_name, 9),
            pad(&s.in_force, 26),
            s.name,
            s.scope,
            s.status
        );
        let _ = writeln!(
            o,
            "{} {} tiêu chí, {} chỉ tiêu; ngưỡng: {} đã xác nhận, {} chưa xác nhận, {} chưa rõ",
            " ".repeat(61),
            s.criteria,
            s.indicators,
            s.thresholds_confirmed,
            s.thresholds_unconfirmed,
            s.thresholds_unknown
        );
    }
    o
}

pub fn render_set(s: &SetView) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "{}@{} — {} ({})", s.code, s.version, s.name, s.status);
    let _ = writeln!(
        o,
        "{}; phạm vi: {}; hiệu lực: {}",
        s.document, s.scope, s.validity
    );
    if let Some(base) = &s.extends {
        let _ = writeln!(o, "Kế thừa bộ: {base}");
    }
    if let Some(n) = &s.notes {
        let _ = writeln!(o, "Ghi chú: {n}");
    }
    for r in &s.region_rules {
        let _ = writeln!(o, "Quy tắc vùng: {r}");
    }
    let _ = writeln!(
        o,
        "Đạt chuẩn khi {}. Nhóm báo cáo: {}",
        s.standard,
        s.brackets.join("; ")
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
                i.kind_name,
                i.unit.as_deref().map(|u| format!(", {u}")).unwrap_or_default()
            );
            for t in &i.thresholds {
                let _ = writeln!(o, "      {}: {} ({})", t.when, t.target, t.status);
            }
        }
    }
    o
}

/// What publishing a version would change.
pub fn render_impact(v: &ImpactView) -> String {
    let mut o = String::new();
    let roots: Vec<&str> = v.roots.iter().map(|r| r.full_name.as_str()).collect();
    let _ = writeln!(o, "XEM TRƯỚC — {} ({})", v.name, v.version);
    let _ = writeln!(
        o,
        "{} — {}, theo đơn vị hành chính ngày {}",
        v.period_label,
        roots.join(", "),
        v.reference_date
    );
    if let Some(note) = &v.note {
        let _ = writeln!(o, "{note}");
    }
    for (label, h) in [("Đang áp dụng", &v.before), ("Nếu ban hành", &v.after)] {
        let _ = writeln!(
            o,
            "{label}: {} — {} đơn vị, {} có số liệu; {} {}; bình quân {} tiêu chí",
            h.set, h.units, h.with_data, h.standard_met, h.standard_rule, h.average_text
        );
    }
    if v.shifts.is_empty() {
        let _ = writeln!(
            o,
            "Không đơn vị nào đổi kết quả ({} đơn vị đã so).",
            v.units_compared
        );
        return o;
    }
    let _ = writeln!(
        o,
        "{} đơn vị đổi kết quả (trên {} đơn vị):",
        v.shifts.len(),
        v.units_compared
    );
    for s in &v.shifts {
        let _ = writeln!(
            o,
            "  {} ({}): {} → {} tiêu chí đạt",
            s.unit.full_name, s.group, s.met_before, s.met_after
        );
        for c in &s.criteria {
            let _ = writeln!(
                o,
                "      tiêu chí {} {}: {} → {}",
                c.code,
                fit(&c.name, 40),
                c.before,
                c.after
            );
        }
    }
    o
}
