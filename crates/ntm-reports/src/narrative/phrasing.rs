//! How the district reports write counts, percents, lists of names and the
//! names of units and criteria: "04/16 xã", "01 xã", "12,5%", "Tiêu chí số 02".

use ntm_core::UnitKind;
use ntm_core::aggregate::UnitRef;
use ntm_core::quantity::format_percent_hundredths;

/// A count as the reports write it: "04", but "0", "16" and "7.692".
pub(crate) fn two(n: u32) -> String {
    ntm_core::quantity::count_two(u64::from(n))
}

/// "04/16", "02/02".
pub(crate) fn of(part: u32, whole: u32) -> String {
    format!("{}/{}", two(part), two(whole))
}

/// `part` as a percent of `whole`, rounded half up to two decimals and
/// written without trailing zeros: "12,5", "25", "71,25". `None` for a zero whole.
pub(crate) fn percent(part: u32, whole: u32) -> Option<String> {
    if whole == 0 {
        return None;
    }
    let hundredths = (i64::from(part) * 20_000 + i64::from(whole)) / (i64::from(whole) * 2);
    let text = format_percent_hundredths(hundredths, 2);
    Some(text.trim_end_matches('0').trim_end_matches(',').to_string())
}

/// Names separated by commas: "Mường So, Huổi Luông".
pub(crate) fn names(list: &[String]) -> String {
    list.join(", ")
}

/// "Tiêu chí số 02 - Giao thông".
pub(crate) fn criterion_title(code: &str, name: &str) -> String {
    format!("Tiêu chí số {} - {name}", criterion_number(code))
}

/// "tiêu chí số 02: Giao thông", as an item of a list.
pub(crate) fn criterion_item(code: &str, name: Option<&str>) -> String {
    match name {
        Some(name) => format!("tiêu chí số {}: {name}", criterion_number(code)),
        None => format!("tiêu chí số {}", criterion_number(code)),
    }
}

/// A criterion number written with two digits when it is a whole number.
fn criterion_number(code: &str) -> String {
    code.parse::<u32>().map_or_else(|_| code.to_string(), two)
}

/// "I", "II", … for the numbered parts of the body.
pub(crate) fn roman(n: usize) -> String {
    const NUMERALS: [(usize, &str); 8] = [
        (90, "XC"),
        (50, "L"),
        (40, "XL"),
        (10, "X"),
        (9, "IX"),
        (5, "V"),
        (4, "IV"),
        (1, "I"),
    ];
    let mut rest = n.min(99);
    let mut out = String::new();
    for (value, numeral) in NUMERALS {
        while rest >= value {
            out.push_str(numeral);
            rest -= value;
        }
    }
    out
}

/// The unit as a sentence names it: "huyện Phong Thổ", "thành phố Lai Châu".
pub(crate) fn unit_phrase(unit: &UnitRef) -> String {
    let type_name = unit_type(unit);
    if type_name.is_empty() {
        unit.name.clone()
    } else {
        format!("{} {}", lowercase_first(type_name), unit.name)
    }
}

/// The People's Committee that reports for the unit: "UBND huyện Phong Thổ";
/// `None` for the whole country, which has none.
pub(crate) fn authority(unit: &UnitRef) -> Option<String> {
    (unit.kind != UnitKind::Country).then(|| format!("UBND {}", unit_phrase(unit)))
}

/// The unit's type as its official name writes it: "Huyện", "Thành phố".
pub(crate) fn unit_type(unit: &UnitRef) -> &str {
    unit.full_name
        .strip_suffix(unit.name.as_str())
        .map(str::trim)
        .filter(|t| !t.is_empty())
        .unwrap_or_else(|| unit.kind.name_vi())
}

fn lowercase_first(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_lowercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A sentence closed with a full stop unless it already ends with punctuation.
pub(crate) fn full_stop(mut text: String) -> String {
    let trimmed = text.trim_end().len();
    text.truncate(trimmed);
    if !text.ends_with(['.', '!', '?', ':', ';']) {
        text.push('.');
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_are_written_with_two_digits() {
        assert_eq!(two(0), "0");
        assert_eq!(two(4), "04");
        assert_eq!(two(16), "16");
        assert_eq!(of(4, 16), "04/16");
    }

    #[test]
    fn percents_drop_trailing_zeros() {
        assert_eq!(percent(2, 16).as_deref(), Some("12,5"));
        assert_eq!(percent(4, 16).as_deref(), Some("25"));
        assert_eq!(percent(1, 3).as_deref(), Some("33,33"));
        assert_eq!(percent(16, 16).as_deref(), Some("100"));
        assert_eq!(percent(1, 0), None);
    }

    #[test]
    fn criteria_are_numbered_like_the_reports() {
        assert_eq!(criterion_title("2", "Giao thông"), "Tiêu chí số 02 - Giao thông");
        assert_eq!(
            criterion_title("18", "Hệ thống chính trị"),
            "Tiêu chí số 18 - Hệ thống chính trị"
        );
        assert_eq!(criterion_item("2.1", None), "tiêu chí số 2.1");
    }

    #[test]
    fn roman_numerals() {
        let first: Vec<String> = (1..=6).map(roman).collect();
        assert_eq!(first, ["I", "II", "III", "IV", "V", "VI"]);
        assert_eq!(roman(14), "XIV");
        assert_eq!(roman(0), "");
    }

    #[test]
    fn units_are_named_in_lower_case() {
        let unit = UnitRef {
            code: "109".into(),
            name: "Phong Thổ".into(),
            full_name: "Huyện Phong Thổ".into(),
            kind: UnitKind::District,
        };
        assert_eq!(unit_phrase(&unit), "huyện Phong Thổ");
        assert_eq!(authority(&unit).as_deref(), Some("UBND huyện Phong Thổ"));
    }
}
