//! `ntm evaluate`: one unit in detail, or a commune × criterion matrix.

use std::fmt::Write;

use ntm_app::views::evaluation::{EvaluationReport, UnitResult};
use ntm_core::evaluation::{Basis, CriterionStatus, IndicatorStatus};

use crate::render::pad;

fn mark(status: CriterionStatus) -> &'static str {
    match status {
        CriterionStatus::Met => "✓",
        CriterionStatus::NotMet => "✗",
        CriterionStatus::NoData => "·",
    }
}

pub fn render_evaluation(r: &EvaluationReport) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "ĐÁNH GIÁ — {} — {}", r.path, r.period_label);
    let _ = writeln!(
        o,
        "Bộ tiêu chí: {} ({})",
        r.criteria_set.label, r.criteria_set.document
    );
    for note in &r.notes {
        let _ = writeln!(o, "Lưu ý: {note}");
    }
    match r.units.as_slice() {
        [] => {
            let _ = writeln!(o, "\nKhông có đơn vị nào để đánh giá trong kỳ này.");
        }
        [one] if r.notes.is_empty() => detail(&mut o, one),
        many => matrix(&mut o, many),
    }
    o
}

fn detail(o: &mut String, u: &UnitResult) {
    let region = u.region.as_deref().unwrap_or("chưa rõ vùng");
    let classes = if u.classifications.is_empty() {
        String::new()
    } else {
        format!("; {}", u.classifications.join(", "))
    };
    let _ = writeln!(o, "Vùng: {region}{classes}");
    if u.has_data && !u.judged {
        let _ = writeln!(
            o,
            "Có số liệu nhưng chưa xác định được tiêu chí nào (chưa có ngưỡng để đánh giá)\n"
        );
    } else if u.has_data {
        let all = if u.all_criteria_met {
            "đạt đủ các tiêu chí"
        } else {
            "chưa đạt đủ các tiêu chí"
        };
        let _ = writeln!(o, "Đạt {}/{} tiêu chí — {all}\n", u.met, u.criteria_total);
    } else {
        let _ = writeln!(o, "Chưa có số liệu trong kỳ\n");
    }
    for c in &u.criteria {
        let basis = match c.basis {
            Basis::Indicators => "theo số liệu",
            Basis::Assessment => "theo đánh giá",
            Basis::Nothing => "",
        };
        let owner = c
            .owner
            .as_deref()
            .map(|o| format!(" — phụ trách: {o}"))
            .unwrap_or_default();
        let _ = writeln!(
            o,
            "{} Tiêu chí {} {}: {} {basis}{owner}",
            mark(c.status),
            c.code,
            c.name,
            c.status.name_vi()
        );
        if c.conflict {
            let _ = writeln!(o, "    ! {}", c.explanation);
        }
        for i in &c.indicators {
            let known = i.status != IndicatorStatus::NoThreshold && i.threshold != "chưa rõ";
            let confirmed = if i.threshold_confirmed || !known {
                ""
            } else {
                " (ngưỡng chưa được xác nhận đúng văn bản)"
            };
            let threshold = format!("ngưỡng {}{confirmed}", i.threshold);
            let gap = i.gap.as_deref().map(|g| format!(", {g}")).unwrap_or_default();
            let line = match &i.value {
                None => format!("chưa có số liệu; {threshold}"),
                Some(v) => format!("{v}; {threshold}; {}{gap}", i.status.name_vi()),
            };
            let _ = writeln!(o, "    {} {}", i.code, i.name);
            let _ = writeln!(o, "        {line}");
        }
    }
}

fn matrix(o: &mut String, units: &[UnitResult]) {
    let Some(first) = units.first() else { return };
    let codes: Vec<&str> = first.criteria.iter().map(|c| c.code.as_str()).collect();
    let _ = write!(o, "\n{}", pad("", 18));
    for c in &codes {
        let _ = write!(o, "{:>3}", c);
    }
    let _ = writeln!(o, "  Đạt");
    for u in units {
        let _ = write!(o, "{}", pad(&u.unit.name, 18));
        for c in &u.criteria {
            let _ = write!(o, "{:>3}", mark(c.status));
        }
        let _ = writeln!(o, "  {:>2}/{}", u.met, u.criteria_total);
    }
    let _ = writeln!(
        o,
        "\n✓ đạt · ✗ chưa đạt · · chưa có số liệu. Chi tiết một xã: ntm evaluate --unit MÃ_XÃ --period ..."
    );
}
