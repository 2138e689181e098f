//! The plan in the reports: the plan-against-actual and registrations tables
//! of the appendix, and the plan's part of the narrative report.

use ntm_core::plan::{RegistrationStatus, TargetStatus};
use ntm_reports::narrative::Section;
use ntm_reports::table::{Cell, Column, Table};

use crate::plans::{PlanStatus, RegistrationLine, TargetLine};

fn subtitle(plan: &PlanStatus) -> String {
    format!(
        "(Kèm theo báo cáo của {}; số liệu thực hiện {})",
        plan.unit.full_name, plan.as_of_label
    )
}

/// PB08 (targets) and PB09 (registrations), when the plan has them.
pub fn plan_tables(plan: &PlanStatus) -> Vec<Table> {
    let mut tables = Vec::new();
    if !plan.targets.is_empty() {
        tables.push(targets_table(plan));
    }
    if !plan.registrations.is_empty() {
        tables.push(registrations_table(plan));
    }
    tables
}

/// The plan's targets against what was done.
fn targets_table(plan: &PlanStatus) -> Table {
    Table {
        key: "plan_targets".into(),
        code: "PB08".into(),
        sheet: "PB08 Kế hoạch".into(),
        label: "PHỤ BIỂU 08".into(),
        title: format!("KẾ HOẠCH NĂM {} SO VỚI THỰC HIỆN", plan.year),
        subtitle: subtitle(plan),
        columns: vec![
            Column::new("STT", 5.0),
            Column::wrapped("Chỉ tiêu", 40.0),
            Column::wrapped("Thời hạn", 14.0),
            Column::wrapped("Kế hoạch", 10.0),
            Column::wrapped("Trước kỳ kế hoạch", 10.0),
            Column::wrapped("Thực hiện", 10.0),
            Column::wrapped("Tình trạng", 16.0),
            Column::wrapped("Dự báo cuối kỳ", 12.0),
            Column::wrapped("Lý do", 50.0),
        ],
        groups: Vec::new(),
        rows: plan
            .targets
            .iter()
            .enumerate()
            .map(|(i, t)| target_row(i + 1, t))
            .collect(),
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: vec![format!(
            "{} chỉ tiêu đã đạt, {} đúng tiến độ, {} có nguy cơ không đạt, {} không đạt.",
            plan.met, plan.on_track, plan.at_risk, plan.missed
        )],
        frozen_columns: 2,
    }
}

/// A target's row; a projection that misses the target says so.
fn target_row(number: usize, t: &TargetLine) -> Vec<Cell> {
    vec![
        Cell::Count(number as u64),
        Cell::text(&t.label),
        Cell::text(&t.span),
        Cell::text(&t.target),
        t.baseline.as_deref().map_or(Cell::Empty, Cell::text),
        t.actual.as_deref().map_or(Cell::Empty, Cell::text),
        Cell::text(&t.status_name),
        t.projected.as_deref().map_or(Cell::Empty, |p| {
            Cell::text(if t.projection_misses {
                format!("{p} (không đạt)")
            } else {
                p.to_string()
            })
        }),
        Cell::text(&t.reason),
    ]
}

/// The communes' registrations of the year and how they stand.
fn registrations_table(plan: &PlanStatus) -> Table {
    Table {
        key: "plan_registrations".into(),
        code: "PB09".into(),
        sheet: "PB09 Đăng ký".into(),
        label: "PHỤ BIỂU 09".into(),
        title: format!("CÁC XÃ ĐĂNG KÝ HOÀN THÀNH TIÊU CHÍ NĂM {}", plan.year),
        subtitle: subtitle(plan),
        columns: vec![
            Column::new("STT", 5.0),
            Column::new("Xã", 18.0),
            Column::wrapped("Tiêu chí, chỉ tiêu đăng ký", 36.0),
            Column::wrapped("Cơ quan hỗ trợ", 34.0),
            Column::wrapped("Vốn dự kiến", 14.0),
            Column::wrapped("Tình trạng", 16.0),
        ],
        groups: Vec::new(),
        rows: plan
            .registrations
            .iter()
            .enumerate()
            .map(|(i, r)| registration_row(i + 1, r))
            .collect(),
        totals: Vec::new(),
        footnotes: Vec::new(),
        notes: Vec::new(),
        frozen_columns: 2,
    }
}

/// A registration's row: its criterion, or its indicator of one.
fn registration_row(number: usize, r: &RegistrationLine) -> Vec<Cell> {
    let subject = match &r.indicator {
        Some(ind) => format!("Tiêu chí {} — chỉ tiêu {ind}", r.criterion),
        None => format!("Tiêu chí {} {}", r.criterion, r.criterion_name),
    };
    vec![
        Cell::Count(number as u64),
        Cell::text(&r.unit.name),
        Cell::text(subject),
        r.agency.as_deref().map_or(Cell::Empty, Cell::text),
        r.planned_capital.as_deref().map_or(Cell::Empty, Cell::text),
        Cell::text(&r.status_name),
    ]
}

/// The plan's part of the narrative: each target in the reports' words, and
/// the registrations in one sentence.
pub fn plan_section(plan: &PlanStatus) -> Option<Section> {
    if plan.targets.is_empty() && plan.registrations.is_empty() {
        return None;
    }
    let mut paragraphs: Vec<String> = plan
        .targets
        .iter()
        .map(|t| {
            let note = match t.status {
                TargetStatus::Met => " (đã đạt)".to_string(),
                TargetStatus::AtRisk => " (có nguy cơ không đạt)".to_string(),
                TargetStatus::Missed => " (không đạt)".to_string(),
                TargetStatus::OnTrack | TargetStatus::NoData => String::new(),
            };
            format!("- {}{note}.", capitalised(&t.sentence))
        })
        .collect();
    if !plan.registrations.is_empty() {
        let mut communes: Vec<&str> = plan.registrations.iter().map(|r| r.unit.name.as_str()).collect();
        communes.sort_unstable();
        communes.dedup();
        let done = plan
            .registrations
            .iter()
            .filter(|r| r.status == RegistrationStatus::Met)
            .count();
        paragraphs.push(format!(
            "Năm {} có {} lượt đăng ký hoàn thành tiêu chí, chỉ tiêu của {} xã; đến {} đã hoàn thành {}, còn {} đang thực hiện hoặc không hoàn thành.",
            plan.year,
            plan.registrations.len(),
            communes.len(),
            plan.as_of_label,
            done,
            plan.registrations.len() - done
        ));
    }
    Some(Section::new(
        format!("KẾT QUẢ THỰC HIỆN KẾ HOẠCH NĂM {}", plan.year),
        paragraphs,
    ))
}

/// The plan of what follows the report's period, as the second part of the
/// report sets it out (seed 001, "Phần thứ hai"): the targets as tasks, with
/// where the period's figures stand, and the communes' registrations.
pub fn direction_sections(plan: &PlanStatus) -> Vec<Section> {
    let mut sections = Vec::new();
    if !plan.targets.is_empty() {
        let paragraphs = plan
            .targets
            .iter()
            .map(|t| {
                let goal = t.sentence.split("; ").next().unwrap_or(&t.sentence);
                let now = t
                    .actual
                    .as_deref()
                    .map(|a| format!(" (kết quả {}: {a})", plan.as_of_label))
                    .unwrap_or_default();
                format!("- {}{now}.", capitalised(goal))
            })
            .collect();
        sections.push(Section::new(format!("MỤC TIÊU NĂM {}", plan.year), paragraphs));
    }
    if !plan.registrations.is_empty() {
        // One line per commune, its registrations in order.
        let mut by_commune: Vec<(String, Vec<String>)> = Vec::new();
        for r in &plan.registrations {
            let subject = match &r.indicator {
                Some(ind) => format!("chỉ tiêu {ind} (tiêu chí {} {})", r.criterion, r.criterion_name),
                None => format!("tiêu chí {} {}", r.criterion, r.criterion_name),
            };
            match by_commune.iter_mut().find(|(name, _)| *name == r.unit.name) {
                Some((_, list)) => list.push(subject),
                None => by_commune.push((r.unit.name.clone(), vec![subject])),
            }
        }
        let paragraphs = by_commune
            .into_iter()
            .map(|(name, list)| format!("- Xã {name}: {}.", list.join("; ")))
            .collect();
        sections.push(Section::new(
            format!("CÁC XÃ ĐĂNG KÝ HOÀN THÀNH TIÊU CHÍ NĂM {}", plan.year),
            paragraphs,
        ));
    }
    sections
}

/// The text with its first letter in capitals ("phấn đấu" → "Phấn đấu").
fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}
