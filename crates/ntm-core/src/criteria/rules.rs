//! The rules every criteria set must satisfy, wherever it comes from (a
//! shipped TOML file or a version authored in ntm). Each rule lives here once
//! and answers with a Vietnamese message; the readers add the place (file and
//! line, or criterion, indicator and threshold).

use crate::criteria::{Bracket, Conditions, IndicatorKind, Target};
use crate::quantity::Quantity;

/// A set has at most this many criteria (a unit's summary keeps one bit each).
pub const MAX_CRITERIA: usize = 64;

/// A set code: a short name without spaces, used in addresses and files.
pub fn check_set_code(code: &str) -> Result<(), String> {
    let ok = !code.is_empty()
        && code.len() <= 40
        && code
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_' || c == '.');
    if ok {
        Ok(())
    } else {
        Err(format!(
            "mã bộ tiêu chí \"{code}\" không hợp lệ: dùng chữ không dấu, chữ số, '-', '_' hoặc '.', không khoảng trắng, tối đa 40 ký tự"
        ))
    }
}

/// A criterion or indicator code ("2", "2.1", "3.a"): not empty, no spaces.
pub fn check_item_code(code: &str, what: &str) -> Result<(), String> {
    if code.trim().is_empty() || code.contains(char::is_whitespace) || code.chars().count() > 20 {
        Err(format!(
            "mã {what} \"{code}\" rỗng, chứa khoảng trắng hoặc dài quá 20 ký tự"
        ))
    } else {
        Ok(())
    }
}

/// A level indicator names at least two levels, lowest first.
pub fn check_levels(kind: IndicatorKind, levels: &[String], code: &str) -> Result<(), String> {
    if kind == IndicatorKind::Level && levels.len() < 2 {
        return Err(format!("chỉ tiêu {code} loại mức độ cần ít nhất 2 mức"));
    }
    if levels.len() > 20 {
        return Err(format!("chỉ tiêu {code} có quá 20 mức"));
    }
    Ok(())
}

/// A threshold asks something the indicator's kind can answer: "đạt" of a
/// yes/no, a percentage within 0-100 of a ratio, a number of a number, a
/// level of a level indicator.
pub fn check_target(kind: IndicatorKind, target: Target) -> Result<(), String> {
    let fits = match (kind, target) {
        (_, Target::Unknown) => true,
        (IndicatorKind::YesNo, Target::Yes) => true,
        (IndicatorKind::Ratio, Target::AtLeast(q) | Target::AtMost(q)) => {
            q >= Quantity::ZERO && q <= Quantity::from_int(100)
        }
        (IndicatorKind::Number, Target::AtLeast(q) | Target::AtMost(q)) => q >= Quantity::ZERO,
        (IndicatorKind::Level, Target::LevelAtLeast(_)) => true,
        _ => false,
    };
    if fits {
        Ok(())
    } else {
        Err(format!(
            "ngưỡng không hợp với loại chỉ tiêu \"{}\" (đạt/không đạt: \"đạt\"; tỷ lệ: ≥ hoặc ≤ trong 0-100%; số: ≥ hoặc ≤ một số không âm; mức độ: mức tối thiểu)",
            kind.name_vi()
        ))
    }
}

/// A year range reads from its first to its last year.
pub fn check_years(years: Option<(i32, i32)>) -> Result<(), String> {
    match years {
        Some((a, b)) if a > b || !crate::period::is_valid_year(a) || !crate::period::is_valid_year(b) => Err(
            format!("năm áp dụng {a}-{b} không hợp lệ: năm đầu không sau năm cuối, trong khoảng 2000-2100"),
        ),
        _ => Ok(()),
    }
}

/// Two thresholds of one indicator with the same conditions would both apply
/// with the same weight: which one judges would be a guess.
pub fn check_distinct_conditions(conditions: &[&Conditions], code: &str) -> Result<(), String> {
    for (i, a) in conditions.iter().enumerate() {
        if conditions[..i].iter().any(|b| same_conditions(a, b)) {
            return Err(format!(
                "chỉ tiêu {code} có hai ngưỡng cùng điều kiện áp dụng: không biết ngưỡng nào được dùng"
            ));
        }
    }
    Ok(())
}

fn same_conditions(a: &Conditions, b: &Conditions) -> bool {
    let sorted = |v: &[crate::unit::Flag]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    let regions = |v: &[crate::region::Region]| {
        let mut v = v.to_vec();
        v.sort();
        v
    };
    a.years == b.years && sorted(&a.flags) == sorted(&b.flags) && regions(&a.regions) == regions(&b.regions)
}

/// "all" is always valid; "at least N" needs 1 ≤ N ≤ the number of items.
pub fn check_at_least(n: u32, items: usize, what: &str) -> Result<(), String> {
    if n == 0 || n as usize > items {
        Err(format!(
            "\"ít nhất {n}\" không hợp lệ: cần 1 ≤ N ≤ {items} {what}"
        ))
    } else {
        Ok(())
    }
}

/// Brackets must not overlap and must cover every count from 0 to the
/// number of criteria, so that bracket counts always add up.
pub fn check_brackets(brackets: &[Bracket], criteria: u32) -> Vec<String> {
    let mut errors = Vec::new();
    if brackets.is_empty() {
        errors.push("thiếu các nhóm báo cáo (ví dụ: 19 tiêu chí; 15-18; 10-14; dưới 10)".to_string());
        return errors;
    }
    for b in brackets {
        if b.min > b.max {
            errors.push(format!(
                "nhóm \"{}\": số tiêu chí từ lớn hơn số tiêu chí đến",
                b.label
            ));
        }
        if b.label.trim().is_empty() {
            errors.push("một nhóm báo cáo không có nhãn".to_string());
        }
    }
    if !errors.is_empty() {
        return errors;
    }
    let mut sorted = brackets.to_vec();
    sorted.sort_by_key(|b| b.min);
    let mut next = 0u32;
    for b in &sorted {
        if b.min != next {
            errors.push(format!(
                "các nhóm phải phủ liên tục từ 0 đến {criteria} tiêu chí, không chồng lấn (lỗi tại nhóm \"{}\")",
                b.label
            ));
            return errors;
        }
        next = b.max + 1;
    }
    if next != criteria + 1 {
        errors.push(format!("các nhóm phải phủ đến {criteria} tiêu chí"));
    }
    errors
}

/// Brackets in report order: the most criteria first.
pub fn order_brackets(brackets: &mut [Bracket]) {
    brackets.sort_by_key(|b| std::cmp::Reverse(b.min));
}

/// `values_from` names another namespace's indicator: `namespace:code`.
pub fn check_values_from(reference: &str) -> Result<(), String> {
    match reference.split_once(':') {
        Some((ns, code)) if !ns.is_empty() && !code.is_empty() => Ok(()),
        _ => Err("viết \"không_gian_tên:mã\", ví dụ \"xa-2021:2.2\"".to_string()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bracket(label: &str, min: u32, max: u32) -> Bracket {
        Bracket {
            label: label.into(),
            min,
            max,
        }
    }

    #[test]
    fn brackets_must_cover_every_count_once() {
        let ok = [bracket("10", 10, 10), bracket("5-9", 5, 9), bracket("<5", 0, 4)];
        assert!(check_brackets(&ok, 10).is_empty());
        let gap = [bracket("10", 10, 10), bracket("<5", 0, 4)];
        assert_eq!(check_brackets(&gap, 10).len(), 1);
        let short = [bracket("5-9", 5, 9), bracket("<5", 0, 4)];
        assert!(check_brackets(&short, 10)[0].contains("phủ đến 10"));
    }

    #[test]
    fn a_ratio_threshold_is_a_percentage() {
        assert!(check_target(IndicatorKind::Ratio, Target::AtLeast(Quantity::from_int(95))).is_ok());
        assert!(check_target(IndicatorKind::Ratio, Target::AtLeast(Quantity::from_int(150))).is_err());
        assert!(check_target(IndicatorKind::YesNo, Target::AtLeast(Quantity::from_int(1))).is_err());
        assert!(check_target(IndicatorKind::Number, Target::Unknown).is_ok());
    }
}
