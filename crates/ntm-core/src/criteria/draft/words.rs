//! The words people write for a threshold, in a workbook cell or a form
//! field: "≥" and "95", "nhóm 3", "Trung du miền núi phía Bắc", "2026-2027",
//! "có"/"không", "tất cả". One reading for every channel; each refusal says
//! what to write instead.

use crate::criteria::draft::TargetDraft;
use crate::criteria::{IndicatorKind, Target, rules};
use crate::quantity::Quantity;
use crate::region::Region;
use crate::unit::Flag;

/// "có" / "không" (and their usual spellings).
pub fn yes_no(text: &str) -> Result<bool, String> {
    match text.trim().to_lowercase().as_str() {
        "có" | "x" | "1" | "đúng" | "true" | "on" => Ok(true),
        "không" | "" | "0" | "sai" | "false" | "off" => Ok(false),
        other => Err(format!("\"{other}\" không hợp lệ: ghi \"có\" hoặc \"không\"")),
    }
}

/// "tất cả" (`None`) or a number of items, at least 1.
pub fn count_rule(text: &str) -> Result<Option<u32>, String> {
    let t = text.trim().to_lowercase();
    if t.is_empty() || t == "tất cả" || t == "all" {
        return Ok(None);
    }
    t.parse::<u32>()
        .map(Some)
        .map_err(|_| format!("\"{text}\" không hợp lệ: ghi \"tất cả\" hoặc một số (ví dụ 3)"))
}

/// A kind by key or Vietnamese name.
pub fn kind(text: &str) -> Result<IndicatorKind, String> {
    IndicatorKind::parse(text)
        .ok_or_else(|| format!("loại \"{text}\" không hợp lệ: chọn đạt/không đạt, tỷ lệ, số hoặc mức độ"))
}

/// "nhóm 1", "1", "xã nhóm 1", "nhom_1".
pub fn group(text: &str) -> Result<Flag, String> {
    let t = text.trim().to_lowercase().replace("xã ", "");
    let n = t
        .trim_start_matches("nhóm")
        .trim()
        .trim_start_matches("nhom_")
        .trim();
    match n {
        "1" => Ok(Flag::CommuneGroup1),
        "2" => Ok(Flag::CommuneGroup2),
        "3" => Ok(Flag::CommuneGroup3),
        _ => Err(format!(
            "nhóm xã \"{text}\" không hợp lệ: ghi nhóm 1, nhóm 2 hoặc nhóm 3"
        )),
    }
}

/// A region by key or name.
pub fn region(text: &str) -> Result<Region, String> {
    let lower = text.trim().to_lowercase();
    Region::ALL
        .into_iter()
        .find(|r| r.key() == lower || r.name_vi().to_lowercase() == lower)
        .ok_or_else(|| format!("vùng \"{text}\" không có trong 7 vùng (ví dụ: Trung du miền núi phía Bắc)"))
}

/// A classification flag by key or name ("xã khu vực III", "khu_vuc_iii").
pub fn flag(text: &str) -> Result<Flag, String> {
    let lower = text.trim().to_lowercase();
    let short = lower.trim_start_matches("xã ").to_string();
    Flag::ALL
        .into_iter()
        .find(|f| {
            f.key() == lower
                || f.name_vi().to_lowercase() == lower
                || f.name_vi().trim_start_matches("xã ").to_lowercase() == short
        })
        .ok_or_else(|| {
            format!("phân loại \"{text}\" không hợp lệ (ví dụ: nhóm 3, xã khu vực III, xã đặc biệt khó khăn)")
        })
}

/// "2026" or "2026-2027"; empty: every year.
pub fn years(text: &str) -> Result<Option<(i32, i32)>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    let bad = || format!("năm \"{text}\" không hợp lệ: ghi 2026 hoặc 2026-2027");
    let (a, b) = match text.split_once('-') {
        Some((a, b)) => (a.trim(), b.trim()),
        None => (text, text),
    };
    let range = (a.parse().map_err(|_| bad())?, b.parse().map_err(|_| bad())?);
    rules::check_years(Some(range))?;
    Ok(Some(range))
}

/// What a condition word and a value ask of an indicator: "≥" and "95",
/// "đạt", "mức tối thiểu" and a level name, "chưa rõ".
pub fn target(
    condition: &str,
    value: &str,
    kind: IndicatorKind,
    levels: &[String],
) -> Result<TargetDraft, String> {
    let value = value.trim();
    let number = || {
        if value.is_empty() {
            return Err("thiếu giá trị".to_string());
        }
        Quantity::parse_vi(value).map_err(|e| format!("giá trị \"{value}\": {e}"))
    };
    let t = match condition.trim().to_lowercase().as_str() {
        "≥" | ">=" | "ít nhất" | "tối thiểu" | "at_least" => TargetDraft::AtLeast(number()?),
        "≤" | "<=" | "tối đa" | "không quá" | "at_most" => TargetDraft::AtMost(number()?),
        "đạt" | "yes" => TargetDraft::Yes,
        "mức tối thiểu" | "mức" | "level_at_least" => {
            if !levels.iter().any(|l| l == value) {
                return Err(format!(
                    "mức \"{value}\" không có trong các mức của chỉ tiêu ({})",
                    levels.join("; ")
                ));
            }
            TargetDraft::LevelAtLeast(value.to_string())
        }
        "chưa rõ" | "" | "unknown" => {
            if !value.is_empty() {
                return Err(
                    "đã ghi giá trị nhưng điều kiện là \"chưa rõ\": chọn ≥, ≤, đạt hoặc mức tối thiểu".into(),
                );
            }
            TargetDraft::Unknown
        }
        other => {
            return Err(format!(
                "điều kiện \"{other}\" không hợp lệ: chọn ≥, ≤, đạt, mức tối thiểu hoặc chưa rõ"
            ));
        }
    };
    let resolved = match &t {
        TargetDraft::Unknown => Target::Unknown,
        TargetDraft::Yes => Target::Yes,
        TargetDraft::AtLeast(q) => Target::AtLeast(*q),
        TargetDraft::AtMost(q) => Target::AtMost(*q),
        TargetDraft::LevelAtLeast(_) => Target::LevelAtLeast(0),
    };
    rules::check_target(kind, resolved)?;
    Ok(t)
}

/// The condition word and value text of a target (the inverse of [`target`]).
pub fn target_words(t: &TargetDraft) -> (&'static str, String) {
    match t {
        TargetDraft::Unknown => ("chưa rõ", String::new()),
        TargetDraft::Yes => ("đạt", String::new()),
        TargetDraft::AtLeast(q) => ("≥", q.to_vi_string()),
        TargetDraft::AtMost(q) => ("≤", q.to_vi_string()),
        TargetDraft::LevelAtLeast(l) => ("mức tối thiểu", l.clone()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn conditions_read_as_offices_write_them() {
        let ratio = IndicatorKind::Ratio;
        assert_eq!(
            target("≥", "95", ratio, &[]),
            Ok(TargetDraft::AtLeast(Quantity::from_int(95)))
        );
        assert_eq!(
            target(">=", "10,5", ratio, &[]).map(|t| target_words(&t).1),
            Ok("10,5".into())
        );
        assert!(target("≥", "150", ratio, &[]).is_err());
        assert!(target("chưa rõ", "95", ratio, &[]).is_err());
        assert_eq!(group("Nhóm 3"), Ok(Flag::CommuneGroup3));
        assert_eq!(flag("xã khu vực III"), Ok(Flag::EthnicAreaZone3));
        assert_eq!(years("2026-2027"), Ok(Some((2026, 2027))));
        assert!(years("2027-2026").is_err());
    }
}
