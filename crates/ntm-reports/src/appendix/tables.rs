//! The standard appendix tables built from a unit's figures: results by
//! criterion (with the change against a year earlier), by commune, indicator
//! quantities and villages by criteria met. Every figure over communes counts
//! the communes with data (the headline says how many of how many); a figure
//! resting on estimated or derived values carries a mark "(1)" and its
//! footnote. ntm's own checks are not here: they go to the review file.

use ntm_core::aggregate::{Marks, Stats, count_note};
use ntm_core::quantity::{Quantity, SCALE};

use crate::table::{Cell, Column, Footnotes, Group, NO_DATA, Table, UNJUDGED};

/// "04", but "0": counts the way the reports write them.
fn two(n: usize) -> String {
    ntm_core::quantity::count_two(n as u64)
}

fn subtitle(stats: &Stats) -> String {
    format!(
        "(Kèm theo báo cáo kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới {} của {})",
        stats.period_label, stats.unit.full_name
    )
}

fn quantity(q: Quantity) -> f64 {
    q.raw() as f64 / SCALE as f64
}

fn percent_of(met: u32, total: u32) -> Cell {
    if total == 0 {
        Cell::Empty
    } else {
        Cell::Percent(f64::from(met) * 100.0 / f64::from(total))
    }
}

/// "Số xã có số liệu: 16/16 xã; chưa có số liệu: …": the coverage line every table carries.
fn coverage_note(stats: &Stats) -> String {
    let mut note = format!("Số xã có số liệu: {}", stats.coverage_text);
    if !stats.without_data.is_empty() {
        note.push_str(&format!(
            "; các xã chưa có số liệu (không tính vào các số liệu của bảng): {}",
            stats.without_data.join(", ")
        ));
    }
    if stats.communes_partial > 0 {
        note.push_str(&format!(
            "; {} xã chưa có số liệu của một số tiêu chí (ô ?)",
            two(stats.communes_partial as usize)
        ));
    }
    note.push('.');
    note
}

/// A mark for marks' footnote, qualified by `what` ("năm 2023"); `total`
/// communes in the figure (all of them marked: "cả 16 xã").
fn mark(footnotes: &mut Footnotes, marks: &Marks, what: &str, total: u32) -> String {
    footnotes.mark(marks.note_within(what, total as usize))
}

/// Phụ biểu 02a: every commune × every criterion.
fn by_commune(stats: &Stats) -> Table {
    let criteria: Vec<&str> = stats.per_criterion.iter().map(|c| c.criterion.as_str()).collect();
    let threshold = stats.all_criteria_met.threshold;
    let mut columns = vec![Column::new("STT", 5.0), Column::wrapped("Xã", 20.0)];
    columns.extend(criteria.iter().map(|c| Column::new(*c, 4.5)));
    columns.push(Column::wrapped("Số tiêu chí đạt", 9.0));
    columns.push(Column::wrapped(format!("Đạt đủ {threshold} tiêu chí"), 10.0));
    columns.push(Column::wrapped("Quyết định công nhận đạt chuẩn NTM", 30.0));
    let mut footnotes = Footnotes::default();
    let rows = stats
        .per_commune
        .iter()
        .enumerate()
        .map(|(i, commune)| {
            let mut marks = Marks::default();
            if !commune.estimated_criteria.is_empty() {
                marks
                    .estimated
                    .push(format!("tiêu chí {}", commune.estimated_criteria.join(", ")));
            }
            if !commune.derived_criteria.is_empty() {
                marks
                    .derived
                    .push(format!("tiêu chí {}", commune.derived_criteria.join(", ")));
            }
            let label = format!(
                "{}{}",
                commune.name,
                footnotes.mark(marks.note(&stats.period_label))
            );
            let mut row = vec![Cell::Count(i as u64 + 1), Cell::text(label)];
            row.extend(criteria.iter().map(|c| {
                let c = c.to_string();
                Cell::text(if commune.met_criteria.contains(&c) {
                    "x"
                } else if commune.not_met_criteria.contains(&c) {
                    "-"
                } else if commune.unjudged_criteria.contains(&c) {
                    "–"
                } else {
                    "?"
                })
            }));
            if commune.judged {
                row.push(Cell::Count(u64::from(commune.met)));
                row.push(Cell::text(if commune.all_criteria_met { "x" } else { "" }));
            } else if commune.has_data {
                row.push(Cell::text(UNJUDGED));
                row.push(Cell::Empty);
            } else {
                row.push(Cell::text(NO_DATA));
                row.push(Cell::Empty);
            }
            row.push(commune.recognized.as_deref().map_or(Cell::Empty, Cell::text));
            row
        })
        .collect();
    let mut total = vec![
        Cell::Empty,
        Cell::text(format!(
            "Cộng (số xã đạt){}",
            mark(
                &mut footnotes,
                &stats.marks,
                &stats.period_label,
                stats.communes_with_data
            )
        )),
    ];
    if stats.is_judged() || !stats.has_data() {
        total.extend(stats.per_criterion.iter().map(|c| Cell::Count(u64::from(c.met))));
        total.push(Cell::Count(u64::from(stats.criteria_met_total)));
        total.push(Cell::Count(u64::from(stats.all_criteria_met.count)));
    } else {
        // Values no threshold judges: no count is a figure yet.
        total.extend(stats.per_criterion.iter().map(|_| Cell::text(UNJUDGED)));
        total.push(Cell::text(UNJUDGED));
        total.push(Cell::text(UNJUDGED));
    }
    total.push(Cell::Count(u64::from(stats.recognized.count)));
    let mut notes = vec![
        "Ký hiệu: x — đạt; - — chưa đạt; ? — chưa có số liệu; – — chưa xác định (có số liệu, chưa có ngưỡng để đánh giá).".to_string(),
        coverage_note(stats),
    ];
    if let Some(text) = &stats.unjudged_text {
        notes.push(format!("{text}{}.", names_suffix(&stats.unjudged)));
    }
    let n = two(stats.communes_judged as usize);
    match &stats.average_criteria_text {
        Some(average) => notes.push(format!(
            "Bình quân đạt {average} tiêu chí/xã (trên {n} xã có số liệu); {}/{n} xã đạt đủ {threshold} tiêu chí.",
            two(stats.all_criteria_met.count as usize),
        )),
        None if stats.has_data() => notes.push("Bình quân tiêu chí/xã: chưa xác định.".to_string()),
        None => notes.push("Bình quân tiêu chí/xã: chưa có số liệu.".to_string()),
    }
    notes.push(format!(
        "Xã đã được công nhận đạt chuẩn nông thôn mới (có quyết định công nhận còn hiệu lực): {}/{} xã{}.",
        two(stats.recognized.count as usize),
        two(stats.communes as usize),
        names_suffix(&stats.recognized.communes)
    ));
    if stats.is_judged() {
        notes.extend(stats.brackets.iter().map(|b| {
            format!(
                "{}: {} xã{}",
                b.label,
                two(b.count as usize),
                names_suffix(&b.communes)
            )
        }));
    }
    notes.push(format!(
        "Bộ tiêu chí: {} ({}).",
        stats.criteria_set.label, stats.criteria_set.document
    ));
    Table {
        key: "by_commune".into(),
        code: "PB02a".into(),
        sheet: "PB02a Theo xã".into(),
        label: "PHỤ BIỂU 02a".into(),
        title: "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ XÃ NÔNG THÔN MỚI THEO TỪNG XÃ".into(),
        subtitle: subtitle(stats),
        groups: vec![Group {
            label: "Tiêu chí".into(),
            first: 2,
            span: criteria.len(),
        }],
        columns,
        rows,
        totals: vec![total],
        footnotes: footnotes.lines(),
        notes,
        frozen_columns: 2,
    }
}

fn names_suffix(names: &[String]) -> String {
    if names.is_empty() {
        String::new()
    } else {
        format!(" ({})", names.join(", "))
    }
}

/// Phụ biểu 02: every criterion with its communes and its change.
fn by_criterion(stats: &Stats) -> Table {
    let mut columns = vec![
        Column::new("STT", 5.0),
        Column::wrapped("Tiêu chí", 26.0),
        Column::wrapped("Số xã đạt", 8.0),
        Column::wrapped("Tỷ lệ (%)", 8.0),
        Column::wrapped("Xã đạt", 38.0),
        Column::wrapped("Xã chưa đạt", 38.0),
        Column::wrapped("Xã chưa có số liệu tiêu chí này", 20.0),
    ];
    let mut groups = Vec::new();
    let compared = stats.changes.as_ref().filter(|c| c.communes_compared > 0);
    if let Some(changes) = compared {
        groups.push(Group {
            label: format!("So với {}", changes.compared_with.label_vi()),
            first: columns.len(),
            span: 4,
        });
        columns.extend([
            Column::wrapped("Số xã đạt kỳ trước", 9.0),
            Column::wrapped("Tăng (+), giảm (-)", 9.0),
            Column::wrapped("Xã tăng", 24.0),
            Column::wrapped("Xã giảm", 24.0),
        ]);
    }
    let mut footnotes = Footnotes::default();
    let rows = stats
        .per_criterion
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let change = compared.and_then(|changes| {
                changes
                    .per_criterion
                    .iter()
                    .find(|x| x.criterion == c.criterion)
                    .map(|x| (x, changes.compared_with.label_vi()))
            });
            let mut label = format!(
                "{}. {}{}",
                c.criterion,
                c.name,
                mark(&mut footnotes, &c.marks, &stats.period_label, c.total)
            );
            if let Some((x, before)) = &change {
                let compared = compared.map_or(0, |ch| ch.communes_compared as usize);
                let note = x
                    .marks
                    .clause("", compared)
                    .map(|c| format!("So với {before}, {c}"));
                label.push_str(&footnotes.mark(note));
            }
            let mut row = vec![
                Cell::Count(i as u64 + 1),
                Cell::text(label),
                Cell::Count(u64::from(c.met)),
                percent_of(c.met, c.total),
                Cell::text(c.communes.join(", ")),
                Cell::text(c.not_met.join(", ")),
                Cell::text(c.no_data.join(", ")),
            ];
            if compared.is_some() {
                match change {
                    Some((x, _)) => row.extend([
                        Cell::Count(u64::from(x.before)),
                        Cell::Signed(i64::from(x.after) - i64::from(x.before)),
                        Cell::text(x.gained.join(", ")),
                        Cell::text(x.lost.join(", ")),
                    ]),
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            row
        })
        .collect();
    let mut notes = vec![coverage_note(stats)];
    if let Some(changes) = &stats.changes {
        notes.push(format!(
            "So sánh trên {} xã có số liệu cả hai kỳ.",
            two(changes.communes_compared as usize)
        ));
    }
    Table {
        key: "by_criterion".into(),
        code: "PB02".into(),
        sheet: "PB02 Theo tiêu chí".into(),
        label: "PHỤ BIỂU 02".into(),
        title: "KẾT QUẢ THỰC HIỆN CÁC TIÊU CHÍ XÃ NÔNG THÔN MỚI".into(),
        subtitle: subtitle(stats),
        columns,
        groups,
        rows,
        totals: Vec::new(),
        footnotes: footnotes.lines(),
        notes,
        frozen_columns: 2,
    }
}

/// The quantities behind indicators, achieved and total.
fn quantities(stats: &Stats) -> Table {
    let mut footnotes = Footnotes::default();
    let rows = stats
        .quantities
        .iter()
        .enumerate()
        .map(|(i, q)| {
            let percent = q
                .percent
                .as_deref()
                .and_then(|p| p.replace('.', "").replace(',', ".").parse::<f64>().ok())
                .map_or(Cell::Empty, Cell::Percent);
            vec![
                Cell::Count(i as u64 + 1),
                Cell::text(format!(
                    "{} {}{}",
                    q.indicator,
                    q.name,
                    mark(&mut footnotes, &q.marks, "", 0)
                )),
                q.unit.as_deref().map_or(Cell::Empty, Cell::text),
                q.achieved
                    .or(q.number)
                    .map_or(Cell::Empty, |a| Cell::Number(quantity(a), 2)),
                q.total.map_or(Cell::Empty, |t| Cell::Number(quantity(t), 2)),
                percent,
                Cell::text(&q.text),
                Cell::text(if q.basis == "recorded" {
                    "số liệu của đơn vị".to_string()
                } else {
                    format!("cộng từ {} xã", two(q.communes_counted as usize))
                }),
            ]
        })
        .collect();
    Table {
        key: "quantities".into(),
        code: "PB02b".into(),
        sheet: "PB02b Khối lượng".into(),
        label: "PHỤ BIỂU 02b".into(),
        title: "KẾT QUẢ THỰC HIỆN CÁC CHỈ TIÊU CÓ KHỐI LƯỢNG".into(),
        subtitle: subtitle(stats),
        columns: vec![
            Column::new("STT", 5.0),
            Column::wrapped("Chỉ tiêu", 44.0),
            Column::new("Đơn vị tính", 10.0),
            Column::wrapped("Đạt", 12.0),
            Column::wrapped("Tổng số", 12.0),
            Column::wrapped("Tỷ lệ (%)", 9.0),
            Column::wrapped("Như báo cáo viết", 30.0),
            Column::wrapped("Cách tính", 14.0),
        ],
        groups: Vec::new(),
        rows,
        totals: Vec::new(),
        footnotes: footnotes.lines(),
        notes: vec!["Đạt/Tổng số: số liệu của đơn vị nếu có, nếu không thì cộng từ số liệu các xã.".into()],
        frozen_columns: 2,
    }
}

/// Villages by the number of village criteria met.
fn villages(stats: &Stats) -> Option<Table> {
    let v = stats.villages.as_ref()?;
    let rows = v
        .brackets
        .iter()
        .enumerate()
        .map(|(i, b)| {
            vec![
                Cell::Count(i as u64 + 1),
                Cell::text(&b.label),
                Cell::Count(u64::from(b.count)),
                percent_of(b.count, v.with_data),
            ]
        })
        .collect();
    let mut footnotes = Footnotes::default();
    let total_mark = footnotes.mark(count_note(v.estimated, v.derived, "thôn, bản"));
    Some(Table {
        key: "villages".into(),
        code: "PB07".into(),
        sheet: "PB07 Thôn, bản".into(),
        label: "PHỤ BIỂU 07".into(),
        title: "KẾT QUẢ THỰC HIỆN BỘ TIÊU CHÍ THÔN, BẢN NÔNG THÔN MỚI".into(),
        subtitle: subtitle(stats),
        columns: vec![
            Column::new("STT", 5.0),
            Column::wrapped("Số tiêu chí đạt", 24.0),
            Column::wrapped("Số thôn, bản", 10.0),
            Column::wrapped("Tỷ lệ (%)", 9.0),
        ],
        groups: Vec::new(),
        rows,
        totals: vec![vec![
            Cell::Empty,
            Cell::text(format!("Cộng (thôn, bản có số liệu){total_mark}")),
            Cell::Count(u64::from(v.with_data)),
            Cell::Empty,
        ]],
        footnotes: footnotes.lines(),
        notes: vec![
            format!(
                "{} thôn, bản; {}/{} có số liệu; {} đạt đủ các tiêu chí.",
                v.total,
                two(v.with_data as usize),
                two(v.total as usize),
                v.all_criteria_met
            ),
            format!("Bộ tiêu chí: {}.", v.criteria_set.label),
        ],
        frozen_columns: 2,
    })
}

/// The tables of the figures, unnumbered (the layout numbers them).
pub fn standard_tables(stats: &Stats) -> Vec<Table> {
    let mut tables = vec![by_criterion(stats), by_commune(stats)];
    if !stats.quantities.is_empty() {
        tables.push(quantities(stats));
    }
    tables.extend(villages(stats));
    tables
}
