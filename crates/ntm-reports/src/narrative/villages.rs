//! Villages by number of village criteria met, as seed 001 (section II.3)
//! writes them: "Tổng số thôn, bản được đánh giá là 163 thôn, bản.",
//! "- Đạt 03 - 05 tiêu chí: 23 thôn, bản;".

use ntm_core::aggregate::{BracketFigure, VillageFigures, count_note};

use crate::narrative::Noted;
use crate::narrative::phrasing::{full_stop, two};

/// The paragraphs of the villages part, fewest criteria first as in the
/// reports; brackets without villages are left out. The first carries a
/// footnote when villages' statuses rest on estimated or derived values.
pub(crate) fn village_paragraphs(villages: &VillageFigures) -> Noted {
    let set = &villages.criteria_set;
    let mut out = Noted::default();
    let marked = count_note(villages.estimated, villages.derived, "thôn, bản");
    let basis = match (set.name.trim(), set.document.trim()) {
        ("", _) => String::new(),
        (name, "") => format!("Đánh giá theo {name}: "),
        (name, document) => format!("Đánh giá theo {name} ban hành kèm theo {document}: "),
    };
    if villages.with_data == 0 {
        out.push(
            full_stop(format!(
                "{basis}tổng số thôn, bản trên địa bàn là {} thôn, bản; chưa có thôn, bản nào có số liệu đánh giá",
                villages.total
            )),
            None,
        );
        return out;
    }
    if villages.with_data == villages.total {
        out.push(
            full_stop(format!(
                "{basis}tổng số thôn, bản được đánh giá là {} thôn, bản",
                villages.total
            )),
            marked,
        );
    } else {
        out.push(
            full_stop(format!(
                "{basis}tổng số thôn, bản trên địa bàn là {} thôn, bản, trong đó {} thôn, bản đã có số liệu đánh giá",
                villages.total,
                two(villages.with_data)
            )),
            marked,
        );
    }
    let mut brackets: Vec<&BracketFigure> = villages.brackets.iter().filter(|b| b.count > 0).collect();
    brackets.sort_by_key(|b| b.min);
    let last = brackets.len().saturating_sub(1);
    for (i, bracket) in brackets.iter().enumerate() {
        let end = if i == last { '.' } else { ';' };
        out.push(
            format!(
                "- {}: {} thôn, bản{end}",
                capitalised_range(bracket),
                two(bracket.count)
            ),
            None,
        );
    }
    out.push(
        format!(
            "Số thôn, bản đạt đủ các tiêu chí thôn, bản nông thôn mới: {} thôn, bản.",
            two(villages.all_criteria_met)
        ),
        None,
    );
    out
}

/// "Đạt 03 - 05 tiêu chí", "Đạt 15 tiêu chí", "Dưới 3 tiêu chí".
fn capitalised_range(bracket: &BracketFigure) -> String {
    if bracket.label.starts_with(|c: char| c.is_ascii_digit()) {
        format!("Đạt {}", bracket.label)
    } else {
        let mut chars = bracket.label.chars();
        chars
            .next()
            .map(|first| first.to_uppercase().chain(chars).collect())
            .unwrap_or_default()
    }
}
