//! The standard appendix tables built from a unit's figures: results by
//! commune, by criterion (with the change against a year earlier), indicator
//! quantities, villages by criteria met, and the points to check.

use ntm_core::aggregate::Stats;
use ntm_core::quantity::{Quantity, SCALE};

use crate::table::{Cell, Column, Group, Table};

/// "04", but "0": counts the way the reports write them.
fn two(n: usize) -> String {
    if n == 0 { "0".into() } else { format!("{n:02}") }
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

/// PB01: every commune × every criterion.
fn by_commune(stats: &Stats) -> Table {
    let criteria: Vec<&str> = stats.per_criterion.iter().map(|c| c.criterion.as_str()).collect();
    let mut columns = vec![Column::new("STT", 5.0), Column::new("Xã", 20.0)];
    columns.extend(criteria.iter().map(|c| Column::new(*c, 4.5)));
    columns.push(Column::wrapped("Số tiêu chí đạt", 9.0));
    columns.push(Column::wrapped("Đạt chuẩn theo số liệu", 10.0));
    columns.push(Column::wrapped("Quyết định công nhận", 30.0));
    let rows = stats
        .per_commune
        .iter()
        .enumerate()
        .map(|(i, commune)| {
            let mut row = vec![Cell::Count(i as u64 + 1), Cell::text(&commune.name)];
            row.extend(criteria.iter().map(|c| {
                let c = c.to_string();
                Cell::text(if commune.met_criteria.contains(&c) {
                    "x"
                } else if commune.not_met_criteria.contains(&c) {
                    "-"
                } else {
                    "?"
                })
            }));
            row.push(Cell::Count(u64::from(commune.met)));
            row.push(Cell::text(if commune.standard_met { "x" } else { "" }));
            row.push(commune.recognized.as_deref().map_or(Cell::Empty, Cell::text));
            row
        })
        .collect();
    let mut total = vec![Cell::Empty, Cell::text("Cộng (số xã đạt)")];
    total.extend(stats.per_criterion.iter().map(|c| Cell::Count(u64::from(c.met))));
    total.push(Cell::Count(u64::from(stats.criteria_met_total)));
    total.push(Cell::Count(u64::from(stats.standard_met.count)));
    total.push(Cell::Empty);
    let mut notes = vec![
        "Ký hiệu: x — đạt; - — chưa đạt; ? — chưa có dữ liệu.".to_string(),
        format!(
            "Bình quân đạt {} tiêu chí/xã; {}/{} xã đạt đủ {} tiêu chí.",
            stats.average_criteria_text,
            two(stats.standard_met.count as usize),
            two(stats.communes as usize),
            stats.standard_met.threshold
        ),
    ];
    notes.extend(stats.brackets.iter().map(|b| {
        format!(
            "{}: {} xã{}",
            b.label,
            two(b.count as usize),
            names_suffix(&b.communes)
        )
    }));
    notes.push(format!(
        "Bộ tiêu chí: {} ({}).",
        stats.criteria_set.label, stats.criteria_set.document
    ));
    Table {
        code: "PB01".into(),
        sheet: "PB01 Theo xã".into(),
        label: "PHỤ BIỂU 01".into(),
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

/// PB02: every criterion with its communes and its change.
fn by_criterion(stats: &Stats) -> Table {
    let mut columns = vec![
        Column::new("STT", 5.0),
        Column::wrapped("Tiêu chí", 26.0),
        Column::wrapped("Số xã đạt", 8.0),
        Column::wrapped("Tỷ lệ (%)", 8.0),
        Column::wrapped("Xã đạt", 38.0),
        Column::wrapped("Xã chưa đạt", 38.0),
        Column::wrapped("Xã chưa có dữ liệu", 20.0),
    ];
    let mut groups = Vec::new();
    if let Some(changes) = &stats.changes {
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
    let rows = stats
        .per_criterion
        .iter()
        .enumerate()
        .map(|(i, c)| {
            let mut row = vec![
                Cell::Count(i as u64 + 1),
                Cell::text(format!("{}. {}", c.criterion, c.name)),
                Cell::Count(u64::from(c.met)),
                percent_of(c.met, c.total),
                Cell::text(c.communes.join(", ")),
                Cell::text(c.not_met.join(", ")),
                Cell::text(c.no_data.join(", ")),
            ];
            if let Some(changes) = &stats.changes {
                match changes.per_criterion.iter().find(|x| x.criterion == c.criterion) {
                    Some(x) => {
                        let delta = i64::from(x.after) - i64::from(x.before);
                        row.extend([
                            Cell::Count(u64::from(x.before)),
                            Cell::text(if delta > 0 {
                                format!("+{delta}")
                            } else {
                                delta.to_string()
                            }),
                            Cell::text(x.gained.join(", ")),
                            Cell::text(x.lost.join(", ")),
                        ]);
                    }
                    None => row.extend([Cell::Empty, Cell::Empty, Cell::Empty, Cell::Empty]),
                }
            }
            row
        })
        .collect();
    let mut notes = vec![format!(
        "Tổng số xã được đánh giá: {}.",
        two(stats.communes as usize)
    )];
    if let Some(changes) = &stats.changes {
        notes.push(format!(
            "So sánh trên {} xã có số liệu cả hai kỳ.",
            two(changes.communes_compared as usize)
        ));
    }
    Table {
        code: "PB02".into(),
        sheet: "PB02 Theo tiêu chí".into(),
        label: "PHỤ BIỂU 02".into(),
        title: "SỐ XÃ ĐẠT TỪNG TIÊU CHÍ NÔNG THÔN MỚI".into(),
        subtitle: subtitle(stats),
        columns,
        groups,
        rows,
        totals: Vec::new(),
        notes,
        frozen_columns: 2,
    }
}

/// PB03: the quantities behind indicators, achieved and total.
fn quantities(stats: &Stats) -> Table {
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
                Cell::text(format!("{} {}", q.indicator, q.name)),
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
        code: "PB03".into(),
        sheet: "PB03 Khối lượng".into(),
        label: "PHỤ BIỂU 03".into(),
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
        notes: vec!["Đạt/Tổng số: số liệu của đơn vị nếu có, nếu không thì cộng từ số liệu các xã.".into()],
        frozen_columns: 2,
    }
}

/// PB04: villages by the number of village criteria met.
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
    Some(Table {
        code: "PB04".into(),
        sheet: "PB04 Thôn, bản".into(),
        label: "PHỤ BIỂU 04".into(),
        title: "THÔN, BẢN THEO SỐ TIÊU CHÍ ĐẠT".into(),
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
            Cell::text("Cộng"),
            Cell::Count(u64::from(v.with_data)),
            Cell::Empty,
        ]],
        notes: vec![
            format!(
                "{} thôn, bản; {} có số liệu; {} đạt chuẩn.",
                v.total, v.with_data, v.standard_met
            ),
            format!("Bộ tiêu chí: {}.", v.criteria_set.label),
        ],
        frozen_columns: 2,
    })
}

/// PB05: what looks wrong, for staff to check before sending.
fn findings(stats: &Stats) -> Table {
    let rows = stats
        .findings
        .iter()
        .enumerate()
        .map(|(i, f)| {
            vec![
                Cell::Count(i as u64 + 1),
                Cell::text(&f.message),
                f.source.as_deref().map_or(Cell::Empty, Cell::text),
            ]
        })
        .collect();
    Table {
        code: "PB05".into(),
        sheet: "PB05 Cần xem lại".into(),
        label: "PHỤ BIỂU 05".into(),
        title: "CÁC ĐIỂM CẦN XEM LẠI TRƯỚC KHI GỬI BÁO CÁO".into(),
        subtitle: subtitle(stats),
        columns: vec![
            Column::new("STT", 5.0),
            Column::wrapped("Nội dung", 90.0),
            Column::wrapped("Nguồn", 30.0),
        ],
        groups: Vec::new(),
        rows,
        totals: Vec::new(),
        notes: vec!["Do ntm phát hiện khi đối chiếu số liệu; không gửi kèm báo cáo.".into()],
        frozen_columns: 0,
    }
}

/// The tables every report carries, in order.
pub fn standard_tables(stats: &Stats) -> Vec<Table> {
    let mut tables = vec![by_commune(stats), by_criterion(stats), quantities(stats)];
    tables.extend(villages(stats));
    tables.push(findings(stats));
    tables
}
