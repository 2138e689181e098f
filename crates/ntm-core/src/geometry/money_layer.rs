//! The money layer: each commune coloured by the capital its projects hold
//! for the year (allocated in the year and carried over into it), in classes
//! whose bounds are round amounts near the quartiles, so that a district's
//! communes spread over the legend; communes without any capital are grey,
//! and so, under a label of their own, are communes whose district keeps no
//! money records for the year (their money is unknown, not none).

use std::collections::BTreeMap;

use super::layer::{ClassMark, Layer, LayerClass, LayerKind, NO_DATA_COLOUR};
use crate::money::{amount_text, percent_text};
use crate::quantity::{Quantity, SCALE, group_thousands};

/// Light to dark blue: money is neither good nor bad, only more or less.
const BLUES: [&str; 4] = ["#c6dbef", "#6baed6", "#2171b5", "#08306b"];

/// A recorded commune without capital: pale yellow, apart from the grey of
/// no data and of units not judged.
const NO_MONEY_COLOUR: &str = "#fbf3d5";

/// A commune's money in the year, in million VND.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommuneMoney {
    pub code: String,
    pub allocated: Quantity,
    pub carried_in: Quantity,
    /// `None`: no disbursement recorded.
    pub disbursed: Option<Quantity>,
    /// Whether money records of the year cover the commune (its own, its
    /// district's); `false`: its money is unknown.
    pub recorded: bool,
}

impl CommuneMoney {
    fn capital(&self) -> Quantity {
        Quantity::from_raw(self.allocated.raw().saturating_add(self.carried_in.raw()))
    }
}

/// `v` (whole millions) rounded down to two significant digits: 3.487 → 3.400.
fn round_down(v: i64) -> i64 {
    let mut unit = 1;
    while v / unit >= 100 {
        unit *= 10;
    }
    v / unit * unit
}

/// Class bounds in whole millions: round amounts near the quartiles of the
/// positive amounts, rising, each above zero and below the largest amount.
fn bounds(amounts: &[i64]) -> Vec<i64> {
    let mut sorted: Vec<i64> = amounts.iter().copied().filter(|a| *a > 0).collect();
    sorted.sort_unstable();
    let Some(&max) = sorted.last() else {
        return Vec::new();
    };
    let mut out: Vec<i64> = Vec::new();
    for quarter in 1..=3 {
        let b = round_down(sorted[sorted.len() * quarter / 4] / SCALE);
        if b > 0 && b * SCALE <= max && out.last().is_none_or(|last| b > *last) {
            out.push(b);
        }
    }
    out
}

fn millions(v: i64) -> String {
    format!("{} triệu đồng", group_thousands(v.unsigned_abs()))
}

/// Colours communes by the capital of `year` their projects hold.
pub fn money_layer(year: i32, communes: &[CommuneMoney]) -> Layer {
    let amounts: Vec<i64> = communes
        .iter()
        .filter(|c| c.recorded)
        .map(|c| c.capital().raw())
        .collect();
    let bounds = bounds(&amounts);
    let mut classes = Vec::new();
    for i in 0..=bounds.len() {
        let label = match (i.checked_sub(1).map(|j| bounds[j]), bounds.get(i)) {
            (None, Some(hi)) => format!("Dưới {}", millions(*hi)),
            (Some(lo), Some(hi)) => format!("Từ {} đến dưới {}", group_thousands(lo as u64), millions(*hi)),
            (Some(lo), None) => format!("Từ {} trở lên", millions(lo)),
            (None, None) => "Có vốn trong năm".to_string(),
        };
        let shade = BLUES.len() - 1 - bounds.len() + i;
        classes.push(LayerClass {
            key: format!("money-{i}"),
            label,
            colour: BLUES[shade].into(),
            count: 0,
            mark: ClassMark::Plain,
        });
    }
    let none = classes.len();
    classes.push(LayerClass {
        key: "no-money".into(),
        label: format!("Không có vốn năm {year}"),
        colour: NO_MONEY_COLOUR.into(),
        count: 0,
        mark: ClassMark::Plain,
    });
    let unknown = classes.len();
    if communes.iter().any(|c| !c.recorded) {
        classes.push(LayerClass {
            key: "no-data".into(),
            label: "Chưa có số liệu vốn".into(),
            colour: NO_DATA_COLOUR.into(),
            count: 0,
            mark: ClassMark::Plain,
        });
    }
    let mut layer = Layer {
        kind: LayerKind::Money,
        title: format!("Vốn các dự án năm {year} theo xã (triệu đồng)"),
        classes,
        units: BTreeMap::new(),
    };
    for c in communes {
        if !c.recorded {
            layer.add(&c.code, unknown, vec![format!("Vốn năm {year}: chưa có số liệu")]);
            continue;
        }
        let capital = c.capital();
        if capital.raw() <= 0 && c.disbursed.is_none_or(|d| d.raw() == 0) {
            layer.add(&c.code, none, vec![format!("Không có vốn năm {year}")]);
            continue;
        }
        let class = bounds.iter().take_while(|b| **b * SCALE <= capital.raw()).count();
        let mut figures = vec![format!("Vốn năm {year}: {} triệu đồng", amount_text(capital))];
        if c.carried_in.raw() != 0 {
            figures.push(format!(
                "Trong đó giao trong năm {} triệu đồng, chuyển nguồn {} triệu đồng",
                amount_text(c.allocated),
                amount_text(c.carried_in)
            ));
        }
        figures.push(match c.disbursed {
            None => "Giải ngân: chưa có số liệu".to_string(),
            Some(d) => match percent_text(d, capital) {
                Some(p) => format!("Đã giải ngân {} triệu đồng ({p}%)", amount_text(d)),
                None => format!("Đã giải ngân {} triệu đồng", amount_text(d)),
            },
        });
        layer.add(&c.code, class, figures);
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(code: &str, allocated: i64, carried: i64, disbursed: i64) -> CommuneMoney {
        CommuneMoney {
            code: code.into(),
            allocated: Quantity::from_int(allocated),
            carried_in: Quantity::from_int(carried),
            disbursed: Some(Quantity::from_int(disbursed)),
            recorded: true,
        }
    }

    #[test]
    fn bounds_are_round_and_rising() {
        assert_eq!(round_down(3_487), 3_400);
        assert_eq!(round_down(87), 87);
        let m = |v: i64| v * SCALE;
        assert_eq!(bounds(&[m(100), m(250), m(3_487), m(9_000)]), [250, 3_400, 9_000]);
        assert_eq!(bounds(&[m(500), m(500)]), [500]);
        assert!(bounds(&[0, 0]).is_empty());
    }

    #[test]
    fn more_money_is_darker_and_none_is_grey() {
        let layer = money_layer(
            2023,
            &[
                commune("a", 100, 0, 50),
                commune("b", 2_000, 500, 1_000),
                commune("c", 9_000, 0, 9_000),
                commune("d", 0, 0, 0),
            ],
        );
        let colour = |code: &str| layer.shade(code).map(|(c, _)| c.colour.clone()).expect(code);
        assert_eq!(colour("d"), NO_MONEY_COLOUR);
        let rank = |code: &str| BLUES.iter().position(|b| *b == colour(code)).expect(code);
        assert!(rank("a") < rank("b") && rank("b") < rank("c"));
        let (_, b) = layer.shade("b").expect("b");
        assert_eq!(b.figures[0], "Vốn năm 2023: 2.500 triệu đồng");
        assert_eq!(b.figures[2], "Đã giải ngân 1.000 triệu đồng (40,0%)");
        let total: u32 = layer.classes.iter().map(|c| c.count).sum();
        assert_eq!(total, 4);
        assert!(
            layer.classes.iter().all(|c| c.key != "no-data"),
            "every commune is recorded"
        );
    }

    #[test]
    fn a_commune_without_records_is_unknown_not_without_money() {
        let unknown = CommuneMoney {
            recorded: false,
            ..commune("e", 0, 0, 0)
        };
        let layer = money_layer(2023, &[commune("a", 100, 0, 50), commune("d", 0, 0, 0), unknown]);
        let (class, e) = layer.shade("e").expect("e");
        assert_eq!(class.label, "Chưa có số liệu vốn");
        assert_eq!(e.figures, ["Vốn năm 2023: chưa có số liệu"]);
        let (none, _) = layer.shade("d").expect("d");
        assert_eq!(none.label, "Không có vốn năm 2023");
        assert_ne!(none.colour, class.colour, "no money and no data look different");
    }
}
