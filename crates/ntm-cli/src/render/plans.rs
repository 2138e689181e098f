//! Plans, gaps and the reporting cycle as text.

use std::fmt::Write;

use ntm_app::plans::{CycleStatus, GapsReport, PlanStatus};

use crate::render::{fit, pad};

pub fn render_plan(p: &PlanStatus) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Kế hoạch năm {} — {} (số liệu thực hiện: {})",
        p.year, p.unit.full_name, p.as_of_label
    );
    let _ = writeln!(
        o,
        "{} chỉ tiêu: {} đã đạt, {} đúng tiến độ, {} có nguy cơ, {} không đạt.\n",
        p.targets.len(),
        p.met,
        p.on_track,
        p.at_risk,
        p.missed
    );
    let _ = writeln!(
        o,
        "{} {} {} {} {} Dự báo",
        pad("Chỉ tiêu", 44),
        pad("Mục tiêu", 9),
        pad("Gốc", 7),
        pad("Thực hiện", 10),
        pad("Tình trạng", 22)
    );
    for t in &p.targets {
        let _ = writeln!(
            o,
            "{} {} {} {} {} {}",
            fit(&format!("{} ({})", t.label, t.span), 44),
            pad(&t.target, 9),
            pad(t.baseline.as_deref().unwrap_or("—"), 7),
            pad(t.actual.as_deref().unwrap_or("—"), 10),
            pad(&t.status_name, 22),
            match (&t.projected, t.projection_misses) {
                (Some(p), true) => format!("{p} (sẽ không đạt)"),
                (Some(p), false) => p.clone(),
                (None, _) => String::new(),
            }
        );
    }
    if !p.registrations.is_empty() {
        let _ = writeln!(o, "\nĐăng ký hoàn thành năm {}:", p.year);
        for r in &p.registrations {
            let subject = r.indicator.as_deref().map_or_else(
                || format!("tiêu chí {} {}", r.criterion, r.criterion_name),
                |i| format!("chỉ tiêu {i}"),
            );
            let _ = writeln!(
                o,
                "  {} {} {}{}",
                pad(&r.unit.name, 16),
                fit(&subject, 50),
                r.status_name,
                r.agency.as_deref().map(|a| format!(" — {a}")).unwrap_or_default()
            );
        }
    }
    o
}

pub fn render_gaps(g: &GapsReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Còn thiếu — {} — {}", g.unit.full_name, g.period_label);
    for u in &g.units {
        let _ = writeln!(
            o,
            "\n{} — đạt {}/{}; chưa đạt tiêu chí: {}",
            u.unit.full_name,
            u.met,
            u.criteria_total,
            if u.not_met.is_empty() {
                "—".to_string()
            } else {
                u.not_met.join(", ")
            }
        );
        for gap in &u.gaps {
            let _ = writeln!(
                o,
                "  {} {}: {}",
                gap.indicator,
                fit(&gap.indicator_name, 60).trim_end(),
                gap.gap
            );
        }
    }
    let _ = writeln!(
        o,
        "\nThứ tự ưu tiên (làm trước: ít chỉ tiêu còn thiếu, gần đạt, chi phí thấp):"
    );
    for (i, p) in g.priorities.iter().take(30).enumerate() {
        let _ = writeln!(
            o,
            "{:>3}. {} — tiêu chí {} {}: {}",
            i + 1,
            pad(&p.unit_name, 14),
            p.criterion,
            p.criterion_name,
            p.reason
        );
    }
    o
}

pub fn render_cycle(c: &CycleStatus) -> String {
    let mut o = String::new();
    let _ = writeln!(
        o,
        "Báo cáo {} — {} — hạn gửi {} (hôm nay {})",
        c.period_label, c.unit.full_name, c.due, c.today
    );
    let _ = writeln!(
        o,
        "{} báo cáo phải gửi: {} đã gửi ({} đúng hạn, {} chậm), {} quá hạn chưa gửi, {} đã phê duyệt; {} thay đổi sau phê duyệt.\n",
        c.expected, c.submitted, c.on_time, c.late, c.overdue, c.approved, c.changes_after_approval
    );
    for r in &c.rows {
        let who = match &r.agency {
            Some(a) => a.clone(),
            None => r.unit.full_name.clone(),
        };
        let _ = writeln!(
            o,
            "{} {} {}{}",
            fit(&who, 48),
            pad(&r.state_name, 28),
            r.timeliness_text,
            r.comment
                .as_deref()
                .map(|c| format!(" — \"{c}\""))
                .unwrap_or_default()
        );
    }
    o
}
