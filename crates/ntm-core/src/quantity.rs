//! Exact decimal quantities: kilometres, households, percentages, million VND.
//!
//! A [`Quantity`] is a fixed-point number with four decimal places stored in an
//! `i64`, so sums and comparisons are exact (no binary floating point). Parsing
//! accepts what Vietnamese offices write ("1.234,5", "71,2", "16.021") as well
//! as plain decimals ("226.84").

use std::fmt;
use std::str::FromStr;

/// Number of decimal places a quantity keeps.
pub const DECIMALS: u32 = 4;
/// `10^DECIMALS`: the integer that represents 1.
pub const SCALE: i64 = 10_000;

/// An exact decimal number with four decimal places.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Quantity(i64);

/// Why a text is not a quantity.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum QuantityError {
    #[error("ô trống, cần một số")]
    Empty,
    #[error("\"{0}\" không phải là số")]
    NotANumber(String),
    #[error("\"{0}\" có quá {DECIMALS} chữ số thập phân")]
    TooManyDecimals(String),
    #[error("\"{0}\" quá lớn")]
    TooLarge(String),
}

impl Quantity {
    pub const ZERO: Quantity = Quantity(0);

    /// Builds a quantity from its scaled representation (`raw / 10^4`).
    pub const fn from_raw(raw: i64) -> Self {
        Quantity(raw)
    }

    /// The scaled representation, as stored in the database.
    pub const fn raw(self) -> i64 {
        self.0
    }

    /// A whole number.
    pub const fn from_int(n: i64) -> Self {
        Quantity(n * SCALE)
    }

    pub fn is_negative(self) -> bool {
        self.0 < 0
    }

    pub fn checked_add(self, other: Quantity) -> Option<Quantity> {
        self.0.checked_add(other.0).map(Quantity)
    }

    pub fn checked_sub(self, other: Quantity) -> Option<Quantity> {
        self.0.checked_sub(other.0).map(Quantity)
    }

    /// `self / total × 100`, in hundredths of a percent, rounded half up.
    /// Returns `None` when `total` is zero.
    pub fn percent_hundredths_of(self, total: Quantity) -> Option<i64> {
        if total.0 == 0 {
            return None;
        }
        let num = i128::from(self.0) * 10_000;
        let den = i128::from(total.0);
        Some(round_div(num, den) as i64)
    }

    /// `total × percent / 100`, rounded up to the quantity's precision: the
    /// smallest achieved amount that reaches `percent` of `total`.
    pub fn share_of_rounded_up(total: Quantity, percent: Quantity) -> Quantity {
        let num = i128::from(total.0) * i128::from(percent.0);
        let den = i128::from(SCALE) * 100;
        let q = num.div_euclid(den) + i128::from(num.rem_euclid(den) != 0);
        Quantity(q as i64)
    }

    /// Parses a number as Vietnamese offices and spreadsheets write it.
    ///
    /// Rules: spaces are ignored; when both `.` and `,` occur, the last one is
    /// the decimal mark; a lone `,` is a decimal comma; dots alone are thousands
    /// separators when every group after the first has three digits
    /// ("16.021", "1.234.567"), and a decimal point otherwise ("226.84").
    pub fn parse_vi(text: &str) -> Result<Quantity, QuantityError> {
        let compact: String = text
            .chars()
            .filter(|c| !c.is_whitespace() && *c != '\u{a0}')
            .collect();
        if compact.is_empty() {
            return Err(QuantityError::Empty);
        }
        let normalized = normalize_separators(&compact)
            .ok_or_else(|| QuantityError::NotANumber(text.trim().to_string()))?;
        parse_plain(&normalized, text.trim())
    }

    /// Formats with Vietnamese separators and the given number of decimals,
    /// rounding half away from zero: `1234.5` → `"1.234,50"` with 2 decimals.
    pub fn format_vi(self, decimals: u32) -> String {
        let decimals = decimals.min(DECIMALS);
        let factor = 10_i64.pow(DECIMALS - decimals);
        let rounded = round_div(i128::from(self.0), i128::from(factor)) as i64;
        format_scaled(rounded, decimals)
    }

    /// Rounds to at most `decimals` (half away from zero) and writes only the
    /// decimals needed: `11.0625` → `"11,06"`, `8` → `"8"`.
    pub fn to_vi_string_rounded(self, decimals: u32) -> String {
        let decimals = decimals.min(DECIMALS);
        let factor = 10_i64.pow(DECIMALS - decimals);
        let rounded = round_div(i128::from(self.0), i128::from(factor)) as i64;
        Quantity(rounded * factor).to_vi_string()
    }

    /// Formats with Vietnamese separators and only the decimals needed:
    /// `226.84` → `"226,84"`, `16021` → `"16.021"`.
    pub fn to_vi_string(self) -> String {
        let mut decimals = DECIMALS;
        let mut raw = self.0;
        while decimals > 0 && raw % 10 == 0 {
            raw /= 10;
            decimals -= 1;
        }
        format_scaled(raw, decimals)
    }
}

/// Integer division rounding half away from zero.
fn round_div(num: i128, den: i128) -> i128 {
    let (num, den) = if den < 0 { (-num, -den) } else { (num, den) };
    if num >= 0 {
        (num * 2 + den) / (den * 2)
    } else {
        -((-num * 2 + den) / (den * 2))
    }
}

/// Formats `raw / 10^decimals` with "." thousands and "," decimals.
fn format_scaled(raw: i64, decimals: u32) -> String {
    let negative = raw < 0;
    let abs = raw.unsigned_abs();
    let div = 10_u64.pow(decimals);
    let int_part = abs / div;
    let frac_part = abs % div;
    let mut out = String::new();
    if negative {
        out.push('-');
    }
    out.push_str(&group_thousands(int_part));
    if decimals > 0 {
        out.push(',');
        out.push_str(&format!("{:0width$}", frac_part, width = decimals as usize));
    }
    out
}

/// A count the way Vietnamese reports write it: "0", "04", "16", "7.692".
pub fn count_two(n: u64) -> String {
    match n {
        0 => "0".to_string(),
        1..=9 => format!("0{n}"),
        _ => group_thousands(n),
    }
}

/// `1234567` → `"1.234.567"`.
pub fn group_thousands(n: u64) -> String {
    let digits = n.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push('.');
        }
        out.push(ch);
    }
    out
}

/// Rewrites Vietnamese or English separators into a plain `123.45` form.
fn normalize_separators(s: &str) -> Option<String> {
    let has_dot = s.contains('.');
    let has_comma = s.contains(',');
    match (has_dot, has_comma) {
        (true, true) => {
            let last_dot = s.rfind('.')?;
            let last_comma = s.rfind(',')?;
            if last_comma > last_dot {
                // 1.234,5
                Some(s.replace('.', "").replace(',', "."))
            } else {
                // 1,234.5
                Some(s.replace(',', ""))
            }
        }
        (false, true) => {
            if s.matches(',').count() > 1 {
                thousands_groups(s, ',').then(|| s.replace(',', ""))
            } else {
                Some(s.replace(',', "."))
            }
        }
        (true, false) => {
            if thousands_groups(s, '.') {
                Some(s.replace('.', ""))
            } else if s.matches('.').count() == 1 {
                Some(s.to_string())
            } else {
                None
            }
        }
        (false, false) => Some(s.to_string()),
    }
}

/// Whether `s` is digits grouped by `sep` in threes after the first group.
fn thousands_groups(s: &str, sep: char) -> bool {
    let body = s.strip_prefix('-').unwrap_or(s);
    let mut parts = body.split(sep);
    let first = parts.next().unwrap_or("");
    if first.is_empty() || first.len() > 3 || !first.chars().all(|c| c.is_ascii_digit()) {
        return false;
    }
    let mut any = false;
    for part in parts {
        any = true;
        if part.len() != 3 || !part.chars().all(|c| c.is_ascii_digit()) {
            return false;
        }
    }
    any
}

/// Parses `-123.4567` into a scaled integer.
fn parse_plain(s: &str, original: &str) -> Result<Quantity, QuantityError> {
    let not_a_number = || QuantityError::NotANumber(original.to_string());
    let (negative, body) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s.strip_prefix('+').unwrap_or(s)),
    };
    let (int_text, frac_text) = match body.split_once('.') {
        Some((i, f)) => (i, f),
        None => (body, ""),
    };
    if int_text.is_empty() && frac_text.is_empty() {
        return Err(not_a_number());
    }
    let all_digits = |t: &str| t.chars().all(|c| c.is_ascii_digit());
    if !all_digits(int_text) || !all_digits(frac_text) {
        return Err(not_a_number());
    }
    let frac_trimmed = frac_text.trim_end_matches('0');
    if frac_trimmed.len() > DECIMALS as usize {
        return Err(QuantityError::TooManyDecimals(original.to_string()));
    }
    let too_large = || QuantityError::TooLarge(original.to_string());
    let int_value: i64 = if int_text.is_empty() {
        0
    } else {
        int_text.parse().map_err(|_| too_large())?
    };
    let mut frac_value: i64 = 0;
    for (i, ch) in frac_trimmed.chars().enumerate() {
        frac_value += i64::from(ch as u8 - b'0') * 10_i64.pow(DECIMALS - 1 - i as u32);
    }
    let raw = int_value
        .checked_mul(SCALE)
        .and_then(|v| v.checked_add(frac_value))
        .ok_or_else(too_large)?;
    Ok(Quantity(if negative { -raw } else { raw }))
}

impl FromStr for Quantity {
    type Err = QuantityError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Quantity::parse_vi(s)
    }
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_vi_string())
    }
}

impl serde::Serialize for Quantity {
    /// Serialized as a plain decimal string ("226.84") so JSON consumers get
    /// the exact value.
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.to_plain_string())
    }
}

impl<'de> serde::Deserialize<'de> for Quantity {
    /// From the plain machine format ("226.84") or an integer; never from a
    /// binary float.
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Quantity, D::Error> {
        #[derive(serde::Deserialize)]
        #[serde(untagged)]
        enum Plain {
            Text(String),
            Int(i64),
        }
        match Plain::deserialize(d)? {
            Plain::Int(n) => Ok(Quantity::from_int(n)),
            Plain::Text(t) => Quantity::parse_plain(&t).map_err(serde::de::Error::custom),
        }
    }
}

impl Quantity {
    /// Parses the plain machine format: `-1234.5` (a dot for decimals, no grouping).
    pub fn parse_plain(text: &str) -> Result<Quantity, QuantityError> {
        Quantity::parse_vi(&text.trim().replace('.', ","))
    }

    /// Plain machine format: `-1234.5`.
    pub fn to_plain_string(self) -> String {
        self.to_vi_string().replace('.', "").replace(',', ".")
    }
}

/// Formats a percentage given in hundredths: `7125` → `"71,25"`.
pub fn format_percent_hundredths(hundredths: i64, decimals: u32) -> String {
    Quantity::from_raw(hundredths * 100).format_vi(decimals)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(s: &str) -> Quantity {
        Quantity::parse_vi(s).expect(s)
    }

    #[test]
    fn counts_are_written_as_the_reports_write_them() {
        let cases = [
            (0, "0"),
            (4, "04"),
            (16, "16"),
            (999, "999"),
            (7_692, "7.692"),
            (132_592, "132.592"),
        ];
        for (n, text) in cases {
            assert_eq!(count_two(n), text);
        }
    }

    #[test]
    fn parses_vietnamese_forms() {
        assert_eq!(q("71,2"), Quantity::from_raw(712_000));
        assert_eq!(q("16.021"), Quantity::from_int(16_021));
        assert_eq!(q("1.234,5"), Quantity::from_raw(12_345_000));
        assert_eq!(q("226,84"), Quantity::from_raw(2_268_400));
        assert_eq!(q("380.246"), Quantity::from_int(380_246));
        assert_eq!(q("1 234,5"), Quantity::from_raw(12_345_000));
    }

    #[test]
    fn parses_plain_and_english_forms() {
        assert_eq!(q("226.84"), Quantity::from_raw(2_268_400));
        assert_eq!(q("1,234.5"), Quantity::from_raw(12_345_000));
        assert_eq!(q("-3"), Quantity::from_int(-3));
        assert_eq!(q("0.0001"), Quantity::from_raw(1));
    }

    #[test]
    fn rejects_bad_text() {
        assert!(matches!(Quantity::parse_vi(""), Err(QuantityError::Empty)));
        assert!(matches!(
            Quantity::parse_vi("abc"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            Quantity::parse_vi("1.2.3"),
            Err(QuantityError::NotANumber(_))
        ));
        assert!(matches!(
            Quantity::parse_vi("1,23456"),
            Err(QuantityError::TooManyDecimals(_))
        ));
        assert!(matches!(
            Quantity::parse_vi("99999999999999999999"),
            Err(QuantityError::TooLarge(_))
        ));
    }

    #[test]
    fn formats_vietnamese() {
        assert_eq!(q("16021").to_vi_string(), "16.021");
        assert_eq!(q("226,84").to_vi_string(), "226,84");
        assert_eq!(q("1234,5").format_vi(2), "1.234,50");
        assert_eq!(q("65,549").format_vi(1), "65,5");
        assert_eq!(q("-0,05").format_vi(1), "-0,1");
    }

    #[test]
    fn rounded_text_keeps_only_the_decimals_needed() {
        let q = |s: &str| Quantity::parse_vi(s).expect("quantity");
        assert_eq!(q("11,0625").to_vi_string_rounded(2), "11,06");
        assert_eq!(q("13,565").to_vi_string_rounded(2), "13,57");
        assert_eq!(q("8").to_vi_string_rounded(2), "8");
        assert_eq!(q("1234,5").to_vi_string_rounded(2), "1.234,5");
    }

    #[test]
    fn percent_is_exact_and_rounded_half_up() {
        // 3.890 of 5.939 is 65,50%: the seed prints 65,6%.
        let p = q("3890")
            .percent_hundredths_of(q("5939"))
            .expect("non-zero total");
        assert_eq!(format_percent_hundredths(p, 1), "65,5");
        let p = q("16021")
            .percent_hundredths_of(q("16184"))
            .expect("non-zero total");
        assert_eq!(format_percent_hundredths(p, 2), "98,99");
        assert_eq!(q("1").percent_hundredths_of(Quantity::ZERO), None);
    }

    #[test]
    fn share_rounds_up() {
        // 95% of 16.184 households is 15.374,8: 15.374,8 households are needed.
        assert_eq!(Quantity::share_of_rounded_up(q("16184"), q("95")), q("15374,8"));
        assert_eq!(Quantity::share_of_rounded_up(q("3"), q("33,3333")), q("1"));
    }
}
