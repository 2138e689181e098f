//! A unit's money for a year as text.

use std::fmt::Write;

use ntm_app::money::MoneySummary;

use crate::render::{fit, pad};

use ntm_core::evaluation::NO_DATA;

pub fn render_money(m: &MoneySummary) -> String {
    let mut o = String::new();
    let _ = writeln!(o, "Vốn năm {} — {} (triệu đồng)", m.year, m.unit.full_name);
    if let Some(c) = &m.coverage {
        let _ = writeln!(o, "{}", c.text);
    }
    for table in &m.capital {
        let _ = writeln!(o, "\n{}: {}", table.heading, table.total);
        if let Some(short) = table.coverage.as_ref().and_then(|c| c.short.as_ref()) {
            let _ = writeln!(o, "  {short}");
        }
        for s in &table.sources {
            let _ = writeln!(
                o,
                "  {}{} {}",
                "  ".repeat(s.depth),
                fit(&s.name, 70 - 2 * s.depth),
                s.amount.to_vi_string()
            );
        }
    }
    if !m.projects.is_empty() {
        let _ = writeln!(
            o,
            "\nGiao vốn và giải ngân năm {}: giao {} (chuyển nguồn {}), giải ngân {}{}",
            m.year,
            m.allocated,
            m.carried_in,
            m.disbursed.as_deref().unwrap_or(NO_DATA),
            m.disbursed_percent
                .as_deref()
                .map(|p| format!(", đạt {p}%"))
                .unwrap_or_default()
        );
        for p in &m.projects {
            let _ = writeln!(
                o,
                "  {} giao {} giải ngân {} {}{}",
                fit(&p.name, 60),
                pad(&p.allocated, 8),
                pad(p.disbursed.as_deref().unwrap_or(NO_DATA), 8),
                p.percent
                    .as_deref()
                    .map(|x| format!("({x}%)"))
                    .unwrap_or_default(),
                if p.behind { " — chậm tiến độ" } else { "" }
            );
        }
    }
    if !m.contributions.is_empty() {
        let _ = writeln!(
            o,
            "\nNhân dân đóng góp: ngày công {}; đất hiến {} m²; số hộ {}; quy đổi {} triệu đồng.",
            m.contributions_labour_days.as_deref().unwrap_or(NO_DATA),
            m.contributions_land_m2.as_deref().unwrap_or(NO_DATA),
            m.contributions_households
                .map_or_else(|| NO_DATA.to_string(), |n| n.to_string()),
            m.contributions_money.as_deref().unwrap_or(NO_DATA)
        );
    }
    for f in &m.findings {
        let _ = writeln!(o, "! {f}");
    }
    o
}
