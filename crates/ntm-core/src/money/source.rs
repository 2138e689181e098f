//! Capital sources: the program's standard tree (central budget for
//! investment and recurrent spending, local budgets, funds integrated from
//! the other national target programs, credit, enterprises, the community),
//! extendable with a province's own lines; totals always equal the sum of
//! their parts.

use crate::quantity::Quantity;

/// A source of capital.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct Source {
    /// "tw.dtpt".
    pub code: String,
    #[serde(default)]
    pub parent: Option<String>,
    pub name: String,
}

/// A source code the catalogue does not hold, with the codes it does.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[error("nguồn vốn \"{code}\" không có trong danh mục (các nguồn: {})", known.join(", "))]
pub struct UnknownSource {
    pub code: String,
    pub known: Vec<String>,
}

/// The one check of a source code against the catalogue, for every way
/// money is entered.
pub fn check_source(sources: &[Source], code: &str) -> Result<(), UnknownSource> {
    if sources.iter().any(|s| s.code == code) {
        Ok(())
    } else {
        Err(UnknownSource {
            code: code.to_string(),
            known: sources.iter().map(|s| s.code.clone()).collect(),
        })
    }
}

fn source(code: &str, parent: Option<&str>, name: &str) -> Source {
    Source {
        code: code.into(),
        parent: parent.map(str::to_string),
        name: name.into(),
    }
}

/// The program's standard tree.
pub fn standard_sources() -> Vec<Source> {
    vec![
        source(
            "tw",
            None,
            "Ngân sách trung ương (Chương trình MTQG xây dựng nông thôn mới)",
        ),
        source("tw.dtpt", Some("tw"), "Vốn đầu tư phát triển"),
        source("tw.sn", Some("tw"), "Vốn sự nghiệp"),
        source("dp", None, "Ngân sách địa phương"),
        source("dp.tinh", Some("dp"), "Ngân sách tỉnh"),
        source("dp.huyen", Some("dp"), "Ngân sách huyện"),
        source("dp.xa", Some("dp"), "Ngân sách xã"),
        source("lg", None, "Vốn lồng ghép"),
        source("lg.gnbv", Some("lg"), "CT MTQG giảm nghèo bền vững"),
        source("lg.gnbv.dtpt", Some("lg.gnbv"), "Vốn đầu tư"),
        source("lg.gnbv.sn", Some("lg.gnbv"), "Vốn sự nghiệp"),
        source(
            "lg.dtts",
            Some("lg"),
            "CT MTQG phát triển KT-XH vùng đồng bào DTTS và miền núi",
        ),
        source("lg.dtts.dtpt", Some("lg.dtts"), "Vốn đầu tư"),
        source("lg.dtts.sn", Some("lg.dtts"), "Vốn sự nghiệp"),
        source("lg.khac", Some("lg"), "Chương trình, dự án khác"),
        source("td", None, "Vốn tín dụng"),
        source("dn", None, "Vốn doanh nghiệp, hợp tác xã"),
        source("cd", None, "Cộng đồng dân cư đóng góp"),
    ]
}

/// Whether an amount is planned, mobilized (spent from the source in the
/// year), or a need over several years.
#[derive(Clone, Copy, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum CapitalKind {
    Plan,
    Mobilized,
    Need,
}

impl CapitalKind {
    pub fn name_vi(self) -> &'static str {
        match self {
            CapitalKind::Plan => "kế hoạch vốn",
            CapitalKind::Mobilized => "vốn huy động thực hiện",
            CapitalKind::Need => "nhu cầu vốn",
        }
    }
}

/// An amount of a unit from one source for a year (or years).
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
pub struct CapitalAmount {
    pub kind: CapitalKind,
    pub start_year: i32,
    pub end_year: i32,
    pub source: String,
    pub amount: Quantity,
    #[serde(default)]
    pub note: Option<String>,
}

/// A source's total: its own amounts and all its descendants'.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct SourceTotal {
    pub code: String,
    pub name: String,
    /// 0 for a top-level source.
    pub depth: usize,
    pub amount: Quantity,
}

fn depth(sources: &[Source], code: &str) -> usize {
    let mut d = 0;
    let mut at = sources.iter().find(|s| s.code == code);
    while let Some(parent) = at.and_then(|s| s.parent.as_deref()) {
        d += 1;
        at = sources.iter().find(|s| s.code == parent);
        if d > sources.len() {
            break;
        }
    }
    d
}

fn within(sources: &[Source], code: &str, ancestor: &str) -> bool {
    let mut at = Some(code.to_string());
    let mut steps = 0;
    while let Some(c) = at {
        if c == ancestor {
            return true;
        }
        at = sources
            .iter()
            .find(|s| s.code == c)
            .and_then(|s| s.parent.clone());
        steps += 1;
        if steps > sources.len() {
            return false;
        }
    }
    false
}

/// Totals of every source that has amounts (at any depth), in tree order,
/// and the grand total. An amount on an unknown source is an error.
pub fn rollup(
    sources: &[Source],
    amounts: &[(String, Quantity)],
) -> Result<(Vec<SourceTotal>, Quantity), String> {
    if let Some((code, _)) = amounts
        .iter()
        .find(|(c, _)| !sources.iter().any(|s| s.code == *c))
    {
        return Err(format!("nguồn vốn \"{code}\" không có trong danh mục nguồn vốn"));
    }
    let mut totals = Vec::new();
    // Depth-first from the roots, in the catalogue's order.
    fn visit(sources: &[Source], parent: Option<&str>, out: &mut Vec<String>) {
        for s in sources.iter().filter(|s| s.parent.as_deref() == parent) {
            out.push(s.code.clone());
            visit(sources, Some(&s.code), out);
        }
    }
    let mut order = Vec::new();
    visit(sources, None, &mut order);
    for code in order {
        let mut used = false;
        let mut amount = Quantity::ZERO;
        for (c, q) in amounts.iter().filter(|(c, _)| within(sources, c, &code)) {
            used = true;
            amount = amount.checked_add(*q).ok_or_else(|| {
                format!("tổng của nguồn vốn \"{code}\" vượt quá giới hạn khi cộng số tiền của nguồn \"{c}\"")
            })?;
        }
        if used {
            let s = sources
                .iter()
                .find(|s| s.code == code)
                .map_or_else(String::new, |s| s.name.clone());
            totals.push(SourceTotal {
                depth: depth(sources, &code),
                code,
                name: s,
                amount,
            });
        }
    }
    let mut total = Quantity::ZERO;
    for (c, q) in amounts {
        total = total
            .checked_add(*q)
            .ok_or_else(|| format!("tổng vốn vượt quá giới hạn khi cộng số tiền của nguồn \"{c}\""))?;
    }
    Ok((totals, total))
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn a_source_outside_the_catalogue_is_named_with_the_ones_it_holds() {
        let sources = standard_sources();
        assert_eq!(check_source(&sources, "dp.xa"), Ok(()));
        let e = check_source(&sources[..2], "dp.tinh").expect_err("unknown");
        assert_eq!(
            e.to_string(),
            "nguồn vốn \"dp.tinh\" không có trong danh mục (các nguồn: tw, tw.dtpt)"
        );
    }

    fn q(s: &str) -> Quantity {
        Quantity::parse_vi(s).expect("amount")
    }

    #[test]
    fn phong_tho_2024_plan_adds_up() {
        let amounts = vec![
            ("tw.dtpt".to_string(), q("3.316")),
            ("tw.sn".to_string(), q("1.596")),
            ("lg.gnbv.dtpt".to_string(), q("85.417")),
            ("lg.gnbv.sn".to_string(), q("51.957")),
            ("lg.dtts.dtpt".to_string(), q("68.609")),
            ("lg.dtts.sn".to_string(), q("60.113")),
            ("lg.khac".to_string(), q("109.238")),
        ];
        let (totals, total) = rollup(&standard_sources(), &amounts).expect("rollup");
        assert_eq!(total, q("380.246"));
        let get = |c: &str| totals.iter().find(|t| t.code == c).expect(c).amount;
        assert_eq!(get("tw"), q("4.912"));
        assert_eq!(get("lg.gnbv"), q("137.374"));
        assert_eq!(get("lg"), q("375.334"));
        assert_eq!(totals[0].code, "tw");
        assert_eq!(
            totals.iter().find(|t| t.code == "lg.gnbv.sn").expect("sn").depth,
            2
        );
        assert!(rollup(&standard_sources(), &[("xx".into(), q("1"))]).is_err());
    }

    proptest! {
        #[test]
        fn every_total_is_the_sum_of_its_parts(raw in proptest::collection::vec((0usize..18, 0i64..1_000_000_000), 0..40)) {
            let sources = standard_sources();
            let amounts: Vec<(String, Quantity)> = raw
                .iter()
                .map(|(i, a)| (sources[*i].code.clone(), Quantity::from_raw(*a)))
                .collect();
            let (totals, total) = rollup(&sources, &amounts).expect("rollup");
            for t in &totals {
                // A source's total: its own amounts plus its children's totals.
                let own: i64 = amounts.iter().filter(|(c, _)| *c == t.code).map(|(_, q)| q.raw()).sum();
                let children: i64 = sources
                    .iter()
                    .filter(|s| s.parent.as_deref() == Some(t.code.as_str()))
                    .filter_map(|s| totals.iter().find(|x| x.code == s.code))
                    .map(|x| x.amount.raw())
                    .sum();
                prop_assert_eq!(t.amount.raw(), own + children);
            }
            let roots: i64 = totals.iter().filter(|t| t.depth == 0).map(|t| t.amount.raw()).sum();
            prop_assert_eq!(roots, total.raw());
        }
    }
}
