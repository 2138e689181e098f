//! `ntm stats` as a report-like text.

use std::fmt::Write;

use ntm_core::aggregate::{Severity, Stats};

use crate::render::{fit, names, pad};

pub fn render_stats(s: &Stats) -> String {
    let mut o = String::new();
    let n = s.communes;
    let _ = writeln!(
        o,
        "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI — {}",
        s.period_label.to_uppercase()
    );
    let _ = writeln!(
        o,
        "{} (mã {}), theo đơn vị hành chính ngày {}",
        s.unit.full_name, s.unit.code, s.reference_date
    );
    let _ = writeln!(
        o,
        "Bộ tiêu chí: {} ({})",
        s.criteria_set.label, s.criteria_set.document
    );
    let _ = writeln!(o);
    let _ = writeln!(o, "Số xã có số liệu: {}", s.coverage_text);
    if !s.without_data.is_empty() {
        let _ = writeln!(
            o,
            "  chưa có số liệu (không tính vào các số liệu dưới đây): {}",
            names(&s.without_data)
        );
    }
    if let Some(text) = &s.unjudged_text {
        let _ = writeln!(o, "  {text}: {}", names(&s.unjudged));
    }
    let judged = s.communes_judged;
    match s.average_criteria_text.as_deref() {
        Some(average) => {
            let _ = writeln!(
                o,
                "Tổng số tiêu chí đạt: {} · bình quân {average} tiêu chí/xã (trên {judged} xã đánh giá được)",
                s.criteria_met_total
            );
        }
        None if s.has_data() => {
            let _ = writeln!(
                o,
                "Tổng số tiêu chí đạt, bình quân tiêu chí/xã: {}",
                ntm_core::evaluation::UNJUDGED
            );
        }
        None => {
            let _ = writeln!(o, "Tổng số tiêu chí đạt, bình quân tiêu chí/xã: chưa có số liệu");
        }
    }
    let _ = writeln!(
        o,
        "Xã đã được công nhận đạt chuẩn nông thôn mới (quyết định còn hiệu lực): {:02}/{n} xã ({})",
        s.recognized.count,
        names(&s.recognized.communes)
    );
    if s.is_judged() || !s.has_data() {
        let _ = writeln!(
            o,
            "Xã đạt đủ {t}/{t} tiêu chí theo số liệu: {:02}/{judged} xã ({})",
            s.all_criteria_met.count,
            names(&s.all_criteria_met.communes),
            t = s.all_criteria_met.threshold
        );
    } else {
        let _ = writeln!(
            o,
            "Xã đạt đủ {t}/{t} tiêu chí theo số liệu: chưa xác định",
            t = s.all_criteria_met.threshold
        );
    }
    if let Some(note) = s.marks.note(&s.period_label) {
        let _ = writeln!(o, "  * {note}");
    }
    let _ = writeln!(o, "\nSố xã theo số tiêu chí đạt:");
    for b in &s.brackets {
        let _ = writeln!(
            o,
            "  {} {:>3}  {}",
            pad(&b.label, 18),
            format!("{:02}", b.count),
            names(&b.communes)
        );
    }
    let _ = writeln!(o, "\nTheo tiêu chí (số xã đạt / tổng số xã; tên các xã đạt):");
    for c in &s.per_criterion {
        let change = s
            .changes
            .as_ref()
            .and_then(|ch| ch.per_criterion.iter().find(|x| x.criterion == c.criterion))
            .map(|x| {
                let mut parts = Vec::new();
                if !x.gained.is_empty() {
                    parts.push(format!("tăng {:02}: {}", x.gained.len(), x.gained.join(", ")));
                }
                if !x.lost.is_empty() {
                    parts.push(format!("giảm {:02}: {}", x.lost.len(), x.lost.join(", ")));
                }
                parts.join("; ")
            })
            .filter(|t| !t.is_empty());
        let list = if c.met == c.total && c.total > 0 {
            "tất cả".to_string()
        } else {
            names(&c.communes)
        };
        let mark = if c.marks.is_empty() { "" } else { "*" };
        let _ = writeln!(
            o,
            "  {:>2}  {} {:02}/{}{mark}  {list}",
            c.criterion,
            fit(&c.name, 34),
            c.met,
            c.total
        );
        if let Some(change) = change {
            let _ = writeln!(
                o,
                "      {} so với {}: {change}",
                " ".repeat(34),
                s.changes
                    .as_ref()
                    .map(|c| c.compared_with.code())
                    .unwrap_or_default()
            );
        }
        if !c.no_data.is_empty() {
            let _ = writeln!(
                o,
                "      {} chưa có số liệu: {}",
                " ".repeat(34),
                c.no_data.join(", ")
            );
        }
    }
    let _ = writeln!(o, "\nTheo xã (số tiêu chí đạt; tiêu chí chưa đạt):");
    for c in &s.per_commune {
        if !c.has_data {
            let _ = writeln!(o, "  {} chưa có số liệu", pad(&c.name, 16));
            continue;
        }
        if !c.judged {
            let _ = writeln!(o, "  {} chưa xác định", pad(&c.name, 16));
            continue;
        }
        let mut line = format!("  {} {:>2}/{}", pad(&c.name, 16), c.met, s.per_criterion.len());
        if !c.not_met_criteria.is_empty() {
            line.push_str(&format!("  chưa đạt: {}", c.not_met_criteria.join(", ")));
        }
        if !c.no_data_criteria.is_empty() {
            line.push_str(&format!("  chưa có số liệu: {}", c.no_data_criteria.join(", ")));
        }
        if !c.unjudged_criteria.is_empty() {
            line.push_str(&format!("  chưa xác định: {}", c.unjudged_criteria.join(", ")));
        }
        if !c.estimated_criteria.is_empty() {
            line.push_str(&format!("  ước tính: {}", c.estimated_criteria.join(", ")));
        }
        if !c.derived_criteria.is_empty() {
            line.push_str(&format!("  suy ra: {}", c.derived_criteria.join(", ")));
        }
        if let Some(r) = &c.recognized {
            line.push_str(&format!("  [đã công nhận đạt chuẩn: {r}]"));
        }
        let _ = writeln!(o, "{line}");
    }
    if let Some(v) = &s.villages {
        let _ = writeln!(
            o,
            "\nThôn, bản ({}): {} thôn, bản; {} có số liệu; {} đạt đủ các tiêu chí",
            v.criteria_set.label, v.total, v.with_data, v.all_criteria_met
        );
        for b in v.brackets.iter().filter(|b| b.count > 0) {
            let _ = writeln!(o, "  {} {:>3}", pad(&b.label, 18), b.count);
        }
    }
    if !s.quantities.is_empty() {
        let _ = writeln!(o, "\nSố liệu chỉ tiêu:");
        for q in &s.quantities {
            let basis = if q.basis == "recorded" {
                String::new()
            } else {
                format!(" (cộng {} xã)", q.communes_counted)
            };
            let _ = writeln!(o, "  {:<5} {} {}{basis}", q.indicator, fit(&q.name, 48), q.text);
        }
    }
    if !s.findings.is_empty() {
        let _ = writeln!(o, "\nPhát hiện ({}):", s.findings.len());
        for f in &s.findings {
            let mark = match f.severity {
                Severity::Warning => "!",
                Severity::Info => "i",
            };
            let source = f
                .source
                .as_deref()
                .map(|src| format!(" [{src}]"))
                .unwrap_or_default();
            let _ = writeln!(o, "  {mark} {}{source}", f.message);
        }
    }
    o
}
