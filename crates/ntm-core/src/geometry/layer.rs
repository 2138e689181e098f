//! Map layers: what a map colours each unit by. A layer is data — classes
//! with a colour and a label (the legend), and for each unit its class and
//! the figures shown when it is pointed at — so the renderer never knows
//! what a class means. Four layers exist: criteria met (classes are the
//! criteria set's report brackets, so the map agrees with the report), one
//! criterion (met, not met, no data), and in their own files the plan
//! (registrations' progress, [`super::plan_layer`]) and money (capital per
//! commune, [`super::money_layer`]).

use std::collections::BTreeMap;
use std::fmt;
use std::str::FromStr;

use crate::aggregate::{BracketFigure, CommuneFigure};

/// What to colour by.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum LayerKind {
    /// The number of criteria met, by report bracket.
    Criteria,
    /// One criterion, by its code ("8", "17").
    Criterion(String),
    /// Each commune's registrations of the year: done, under way, missed.
    Plan,
    /// Capital allocated to each commune's projects in the year.
    Money,
}

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error(
    "cách tô màu \"{0}\" không hợp lệ: dùng criteria (số tiêu chí đạt), criterion:N (một tiêu chí), plan (kế hoạch) hoặc money (vốn)"
)]
pub struct LayerKindError(pub String);

impl FromStr for LayerKind {
    type Err = LayerKindError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let t = s.trim();
        match t.to_lowercase().as_str() {
            "" | "criteria" | "tieu-chi" => Ok(LayerKind::Criteria),
            "plan" | "ke-hoach" => Ok(LayerKind::Plan),
            "money" | "von" => Ok(LayerKind::Money),
            other => match other
                .strip_prefix("criterion:")
                .or_else(|| other.strip_prefix("tc:"))
            {
                Some(code)
                    if !code.is_empty()
                        && code.len() <= 10
                        && code.chars().all(|c| c.is_ascii_alphanumeric() || c == '.') =>
                {
                    Ok(LayerKind::Criterion(code.to_string()))
                }
                _ => Err(LayerKindError(t.to_string())),
            },
        }
    }
}

impl fmt::Display for LayerKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LayerKind::Criteria => f.write_str("criteria"),
            LayerKind::Criterion(code) => write!(f, "criterion:{code}"),
            LayerKind::Plan => f.write_str("plan"),
            LayerKind::Money => f.write_str("money"),
        }
    }
}

impl LayerKind {
    /// "số tiêu chí đạt", "tiêu chí 8", …
    pub fn name_vi(&self) -> String {
        match self {
            LayerKind::Criteria => "số tiêu chí đạt".into(),
            LayerKind::Criterion(code) => format!("tiêu chí {code}"),
            LayerKind::Plan => "thực hiện kế hoạch".into(),
            LayerKind::Money => "vốn thực hiện".into(),
        }
    }
}

/// How a class is told apart without its colour: met and not met carry a
/// symbol, and not met a hatch, wherever they are drawn.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize)]
#[serde(rename_all = "snake_case")]
pub enum ClassMark {
    #[default]
    Plain,
    Met,
    NotMet,
}

impl ClassMark {
    /// "✓" for met, "✗" for not met.
    pub fn symbol(self) -> Option<&'static str> {
        match self {
            ClassMark::Plain => None,
            ClassMark::Met => Some("\u{2713}"),
            ClassMark::NotMet => Some("\u{2717}"),
        }
    }

    /// Whether areas of the class are drawn hatched.
    pub fn hatched(self) -> bool {
        self == ClassMark::NotMet
    }
}

/// One class of the legend.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct LayerClass {
    pub key: String,
    pub label: String,
    /// `#rrggbb`.
    pub colour: String,
    /// Units of the layer in the class.
    pub count: u32,
    /// Its symbol and pattern (not part of the API's answer).
    #[serde(skip)]
    pub mark: ClassMark,
}

/// A unit in a layer: its class and the figures shown when it is pointed at.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct UnitShade {
    /// Index into [`Layer::classes`].
    pub class: usize,
    pub figures: Vec<String>,
}

/// A layer: the legend and every unit's class, by unit code.
#[derive(Clone, Debug, PartialEq, Eq, serde::Serialize)]
pub struct Layer {
    #[serde(serialize_with = "as_text")]
    pub kind: LayerKind,
    /// "Số tiêu chí đạt (Bộ tiêu chí xã NTM 2021-2025)".
    pub title: String,
    pub classes: Vec<LayerClass>,
    pub units: BTreeMap<String, UnitShade>,
}

fn as_text<S: serde::Serializer>(kind: &LayerKind, s: S) -> Result<S::Ok, S::Error> {
    s.serialize_str(&kind.to_string())
}

impl Layer {
    /// A unit's class and figures, if it is in the layer.
    pub fn shade(&self, code: &str) -> Option<(&LayerClass, &UnitShade)> {
        let shade = self.units.get(code)?;
        Some((self.classes.get(shade.class)?, shade))
    }

    pub(crate) fn add(&mut self, code: &str, class: usize, figures: Vec<String>) {
        if let Some(c) = self.classes.get_mut(class) {
            c.count += 1;
        }
        self.units.insert(code.to_string(), UnitShade { class, figures });
    }
}

/// Grey: a unit without data.
pub const NO_DATA_COLOUR: &str = "#c5cad3";
/// Near white: a unit on the map that the layer does not judge (a ward, a town).
pub const NOT_JUDGED_COLOUR: &str = "#f3f4f6";
pub(crate) const MET_COLOUR: &str = "#1a7f37";
pub(crate) const NOT_MET_COLOUR: &str = "#c0392b";

/// From worst to best: red, orange, yellow, light green, dark green.
const RAMP: [(f64, [u8; 3]); 5] = [
    (0.0, [0xc0, 0x39, 0x2b]),
    (0.33, [0xe8, 0x74, 0x3b]),
    (0.55, [0xf4, 0xc5, 0x42]),
    (0.8, [0x8c, 0xc6, 0x65]),
    (1.0, [0x1a, 0x7f, 0x37]),
];

/// The ramp's colour at `t` (0 worst, 1 best).
pub fn ramp_colour(t: f64) -> String {
    let t = t.clamp(0.0, 1.0);
    let k = RAMP
        .iter()
        .position(|(at, _)| *at >= t)
        .unwrap_or(RAMP.len() - 1)
        .max(1);
    let ((t0, c0), (t1, c1)) = (RAMP[k - 1], RAMP[k]);
    let f = if t1 > t0 { (t - t0) / (t1 - t0) } else { 1.0 };
    let mix = |a: u8, b: u8| (f64::from(a) + (f64::from(b) - f64::from(a)) * f).round() as u8;
    format!(
        "#{:02x}{:02x}{:02x}",
        mix(c0[0], c1[0]),
        mix(c0[1], c1[1]),
        mix(c0[2], c1[2])
    )
}

/// Nothing decided: no data, or values no threshold judges ("chưa xác định").
fn has_no_data(u: &CommuneFigure) -> bool {
    !u.judged
}

fn criteria_total(u: &CommuneFigure) -> usize {
    u.met_criteria.len() + u.not_met_criteria.len() + u.no_data_criteria.len() + u.unjudged_criteria.len()
}

fn list(label: &str, codes: &[String]) -> Option<String> {
    (!codes.is_empty()).then(|| format!("{label}: tiêu chí {}", codes.join(", ")))
}

/// Colours units by criteria met, one class per report bracket of their set
/// (best darkest green), plus "Chưa có số liệu" for units with no data at all.
pub fn criteria_layer(units: &[CommuneFigure], brackets: &[BracketFigure], set_name: &str) -> Layer {
    let mut order: Vec<usize> = (0..brackets.len()).collect();
    order.sort_by_key(|&i| std::cmp::Reverse(brackets[i].min));
    let n = brackets.len().max(2) - 1;
    let mut classes: Vec<LayerClass> = order
        .iter()
        .enumerate()
        .map(|(rank, &i)| LayerClass {
            key: format!("bracket-{}-{}", brackets[i].min, brackets[i].max),
            label: brackets[i].label.clone(),
            colour: ramp_colour(1.0 - rank as f64 / n as f64),
            count: 0,
            mark: ClassMark::Plain,
        })
        .collect();
    let no_data = classes.len();
    classes.push(LayerClass {
        key: "no-data".into(),
        label: "Chưa có số liệu".into(),
        colour: NO_DATA_COLOUR.into(),
        count: 0,
        mark: ClassMark::Plain,
    });
    let mut layer = Layer {
        kind: LayerKind::Criteria,
        title: format!("Số tiêu chí đạt ({set_name})"),
        classes,
        units: BTreeMap::new(),
    };
    for u in units {
        let mut figures = vec![format!("Đạt {}/{} tiêu chí", u.met, criteria_total(u))];
        let class = if has_no_data(u) {
            figures = vec![if u.has_data {
                "Chưa xác định (có số liệu, chưa có ngưỡng để đánh giá)".into()
            } else {
                "Chưa có số liệu".into()
            }];
            no_data
        } else {
            let rank = order
                .iter()
                .position(|&i| (brackets[i].min..=brackets[i].max).contains(&u.met));
            if let Some(rank) = rank {
                figures.push(format!("Nhóm: {}", brackets[order[rank]].label));
            }
            figures.extend(list("Chưa đạt", &u.not_met_criteria));
            figures.extend(list("Chưa có số liệu", &u.no_data_criteria));
            figures.extend(list("Chưa xác định (chưa có ngưỡng)", &u.unjudged_criteria));
            rank.unwrap_or(no_data)
        };
        if u.all_criteria_met {
            figures.push(format!("Đạt đủ {} tiêu chí", criteria_total(u)));
        }
        if let Some(r) = &u.recognized {
            figures.push(format!("Công nhận: {r}"));
        }
        layer.add(&u.code, class, figures);
    }
    layer
}

/// Colours units by one criterion: met, not met, no data.
pub fn criterion_layer(units: &[CommuneFigure], code: &str, name: &str) -> Layer {
    let class = |key: &str, label: &str, colour: &str, mark: ClassMark| LayerClass {
        key: key.into(),
        label: label.into(),
        colour: colour.into(),
        count: 0,
        mark,
    };
    let mut layer = Layer {
        kind: LayerKind::Criterion(code.to_string()),
        title: format!("Tiêu chí {code}: {name}"),
        classes: vec![
            class("met", "Đạt", MET_COLOUR, ClassMark::Met),
            class("not-met", "Chưa đạt", NOT_MET_COLOUR, ClassMark::NotMet),
            class("no-data", "Chưa có số liệu", NO_DATA_COLOUR, ClassMark::Plain),
        ],
        units: BTreeMap::new(),
    };
    for u in units {
        let has = |codes: &[String]| codes.iter().any(|c| c == code);
        let (class, word) = if has(&u.met_criteria) {
            (0, "đạt")
        } else if has(&u.not_met_criteria) {
            (1, "chưa đạt")
        } else if has(&u.unjudged_criteria) {
            (2, "chưa xác định (chưa có ngưỡng để đánh giá)")
        } else {
            (2, crate::evaluation::NO_DATA)
        };
        let total = if u.judged {
            format!("Đạt {}/{} tiêu chí", u.met, criteria_total(u))
        } else if u.has_data {
            "Số tiêu chí đạt: chưa xác định".into()
        } else {
            "Chưa có số liệu".into()
        };
        let figures = vec![format!("Tiêu chí {code} ({name}): {word}"), total];
        layer.add(&u.code, class, figures);
    }
    layer
}

#[cfg(test)]
mod tests {
    use super::*;

    fn commune(code: &str, met: &[&str], not_met: &[&str], no_data: &[&str]) -> CommuneFigure {
        let v = |s: &[&str]| s.iter().map(|c| c.to_string()).collect::<Vec<_>>();
        CommuneFigure {
            code: code.into(),
            name: code.into(),
            has_data: !met.is_empty() || !not_met.is_empty(),
            judged: !met.is_empty() || !not_met.is_empty(),
            unjudged_criteria: Vec::new(),
            met: met.len() as u32,
            met_criteria: v(met),
            not_met_criteria: v(not_met),
            no_data_criteria: v(no_data),
            all_criteria_met: false,
            recognized: None,
            recognized_short: None,
            estimated_criteria: Vec::new(),
            derived_criteria: Vec::new(),
            commune_group: None,
        }
    }

    fn bracket(label: &str, min: u32, max: u32) -> BracketFigure {
        BracketFigure {
            label: label.into(),
            min,
            max,
            count: 0,
            communes: vec![],
            marks: Default::default(),
        }
    }

    #[test]
    fn kinds_read_and_write_the_same_text() {
        for text in ["criteria", "criterion:8", "plan", "money"] {
            assert_eq!(text.parse::<LayerKind>().expect(text).to_string(), text);
        }
        assert_eq!("".parse::<LayerKind>(), Ok(LayerKind::Criteria));
        assert!("criterion:".parse::<LayerKind>().is_err());
        assert!("criterion:8<".parse::<LayerKind>().is_err());
        assert!(
            "màu"
                .parse::<LayerKind>()
                .unwrap_err()
                .to_string()
                .contains("criterion:N")
        );
    }

    #[test]
    fn criteria_classes_follow_the_brackets_best_first() {
        let brackets = [
            bracket("19 tiêu chí", 19, 19),
            bracket("15-18 tiêu chí", 15, 18),
            bracket("10-14 tiêu chí", 10, 14),
            bracket("Dưới 10 tiêu chí", 0, 9),
        ];
        let all: Vec<String> = (1..=19).map(|i| i.to_string()).collect();
        let all: Vec<&str> = all.iter().map(String::as_str).collect();
        let units = [
            commune("a", &all, &[], &[]),
            commune("b", &all[..12], &all[12..], &[]),
            commune("c", &[], &[], &all),
            commune("d", &[], &all, &[]),
        ];
        let layer = criteria_layer(&units, &brackets, "QĐ 318");
        let colour = |code: &str| layer.shade(code).expect(code).0.colour.clone();
        assert_eq!(colour("a"), "#1a7f37");
        assert_eq!(colour("c"), NO_DATA_COLOUR, "no data is not 'under 10'");
        assert_eq!(colour("d"), "#c0392b", "all unmet is the worst bracket");
        assert_eq!(layer.shade("b").expect("b").0.label, "10-14 tiêu chí");
        assert_eq!(layer.shade("b").expect("b").1.figures[0], "Đạt 12/19 tiêu chí");
        let counts: Vec<u32> = layer.classes.iter().map(|c| c.count).collect();
        assert_eq!(counts, [1, 0, 1, 1, 1]);
    }

    #[test]
    fn values_no_threshold_judges_are_undetermined_on_the_map() {
        let brackets = [bracket("10 tiêu chí", 10, 10), bracket("Dưới 10 tiêu chí", 0, 9)];
        let mut u = commune("u", &[], &[], &["1", "2"]);
        u.has_data = true;
        u.unjudged_criteria = vec!["1".into()];
        let layer = criteria_layer(std::slice::from_ref(&u), &brackets, "QĐ 51");
        let (class, shade) = layer.shade("u").expect("u");
        assert_eq!(class.colour, NO_DATA_COLOUR, "not 'under 10 criteria'");
        assert!(
            shade.figures[0].starts_with("Chưa xác định"),
            "{:?}",
            shade.figures
        );
        let layer = criterion_layer(std::slice::from_ref(&u), "1", "Quy hoạch");
        let (_, shade) = layer.shade("u").expect("u");
        assert!(
            shade.figures.iter().any(|f| f.contains("chưa xác định")),
            "{:?}",
            shade.figures
        );
    }

    #[test]
    fn one_criterion_is_met_not_met_or_without_data() {
        let units = [
            commune("a", &["8"], &[], &[]),
            commune("b", &[], &["8"], &[]),
            commune("c", &["1"], &[], &["8"]),
        ];
        let layer = criterion_layer(&units, "8", "Thông tin và Truyền thông");
        let label = |code: &str| layer.shade(code).expect(code).0.label.clone();
        assert_eq!(
            [label("a"), label("b"), label("c")],
            ["Đạt", "Chưa đạt", "Chưa có số liệu"]
        );
        assert_eq!(
            layer.shade("b").expect("b").1.figures[0],
            "Tiêu chí 8 (Thông tin và Truyền thông): chưa đạt"
        );
    }

    #[test]
    fn met_and_not_met_carry_a_symbol_and_only_not_met_a_hatch() {
        let units = [commune("a", &["8"], &[], &[]), commune("b", &[], &["8"], &[])];
        let layer = criterion_layer(&units, "8", "Thông tin và Truyền thông");
        let mark = |code: &str| layer.shade(code).expect(code).0.mark;
        assert_eq!((mark("a"), mark("b")), (ClassMark::Met, ClassMark::NotMet));
        assert_eq!(ClassMark::Met.symbol(), Some("\u{2713}"));
        assert_eq!(ClassMark::NotMet.symbol(), Some("\u{2717}"));
        assert!(ClassMark::NotMet.hatched() && !ClassMark::Met.hatched());
        // The count of criteria met is a ramp, not met / not met: no marks.
        let counted = criteria_layer(&units, &[], "bộ 2021-2025");
        assert!(counted.classes.iter().all(|c| c.mark == ClassMark::Plain));
    }

    #[test]
    fn the_ramp_runs_from_red_to_green() {
        assert_eq!(ramp_colour(0.0), "#c0392b");
        assert_eq!(ramp_colour(1.0), "#1a7f37");
        assert_eq!(ramp_colour(0.55), "#f4c542");
    }
}
