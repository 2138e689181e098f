//! `ntm criteria list | show`, from the application's view of a set.

use std::fmt::Write;

use ntm_app::criteria_view::{SetSummary, SetView};

use crate::render::{fit, pad};

pub fn render_list(sets: &[SetSummary]) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "{} {} {} Tên (phạm vi)",
        pad("Mã", 24),
        pad("Cấp", 9),
        pad("Hiệu lực", 26)
    );
    for s in sets {
        let _ = writeln!(
            o,
            "{} {} {} {} ({})",
            pad(&s.code, 24),
            pad(&s.level_name, 9),
            pad(&s.validity, 26),
            s.name,
            s.scope
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
    let _ = writeln!(o, "{} — {}", s.code, s.name);
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
