//! The document's official frame (Decree 30/2020/NĐ-CP): who issues it, its
//! number, place and date, title and subject, recipients and signature.

use ntm_core::UnitKind;
use ntm_core::aggregate::{Stats, UnitRef};
use time::Date;

use crate::narrative::phrasing::unit_type;

/// The document's official frame (Decree 30/2020/NĐ-CP).
///
/// A line break (`\n`) in the issuer, the subject or the signer's fields is
/// kept as a line break. The writer prints the issuer, the title and the
/// signer's authority and title in capitals, as the decree requires.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DocumentHeader {
    /// The issuer's parent body (cơ quan chủ quản), e.g. "UBND TỈNH LAI CHÂU";
    /// may be empty: a People's Committee has none.
    pub issuer_parent: String,
    /// The issuing body, e.g. "ỦY BAN NHÂN DÂN\nHUYỆN PHONG THỔ".
    pub issuer: String,
    /// Number and symbol, with blanks left for the clerk: "     /BC-UBND".
    /// Printed after "Số: " unless it already starts with "Số".
    pub number: String,
    /// The place name of the date line: "Phong Thổ".
    pub place: String,
    /// Rendered "Phong Thổ, ngày 23 tháng 11 năm 2026".
    pub date: Date,
    /// The document type: "BÁO CÁO".
    pub title: String,
    /// What it is about: "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2023".
    pub subject: String,
    /// Recipients, each printed as "- …": "UBND tỉnh (B/c);", "Lưu: VT.".
    pub recipients: Vec<String>,
    /// "TM. ỦY BAN NHÂN DÂN".
    pub signer_authority: String,
    /// "CHỦ TỊCH".
    pub signer_title: String,
    /// May be empty: left for the signature.
    pub signer_name: String,
}

/// A default header for the report of `stats`, issued by `issuer`'s People's
/// Committee (the unit's own while it exists; after the 2025 reform, the body
/// that exists on the report's date: the province or the commune), dated
/// `today`, about the period's results and, when there is a direction part,
/// the next period's tasks. Every field is meant to be checked and edited by
/// the coordination office.
pub fn default_header(
    stats: &Stats,
    issuer: &UnitRef,
    today: Date,
    next_label: Option<&str>,
) -> DocumentHeader {
    let committee = issuer.kind != UnitKind::Country;
    let issuer_name = if committee {
        format!("ỦY BAN NHÂN DÂN\n{} {}", unit_type(issuer), issuer.name).to_uppercase()
    } else {
        String::new()
    };
    DocumentHeader {
        issuer_parent: String::new(),
        issuer: issuer_name,
        number: if committee { "     /BC-UBND" } else { "     /BC" }.to_string(),
        place: if committee {
            issuer.name.clone()
        } else {
            String::new()
        },
        date: today,
        title: "BÁO CÁO".to_string(),
        subject: report_subject(stats, next_label),
        recipients: default_recipients(issuer.kind),
        signer_authority: if committee { "TM. ỦY BAN NHÂN DÂN" } else { "" }.to_string(),
        signer_title: if committee { "CHỦ TỊCH" } else { "" }.to_string(),
        signer_name: String::new(),
    }
}

/// "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới năm 2023;
/// phương hướng nhiệm vụ năm 2024" (seed 001's title), the second half only
/// when the report sets out the next period's tasks.
pub fn report_subject(stats: &Stats, next_label: Option<&str>) -> String {
    let mut subject = format!(
        "Kết quả thực hiện Chương trình MTQG xây dựng nông thôn mới {}",
        stats.period_label
    );
    if let Some(next) = next_label {
        subject.push_str(&format!("; phương hướng nhiệm vụ {next}"));
    }
    subject
}

/// Whom a unit's report goes to, as the seeds address them: the level above,
/// its coordination office, and the file copy.
fn default_recipients(kind: UnitKind) -> Vec<String> {
    let above: &[&str] = match kind {
        UnitKind::Province => &["Văn phòng Điều phối NTM Trung ương (B/c);"],
        UnitKind::District => &[
            "UBND tỉnh (B/c);",
            "Văn phòng Điều phối NTM tỉnh;",
            "UBND các xã;",
        ],
        UnitKind::Commune | UnitKind::Ward | UnitKind::Town | UnitKind::SpecialZone => {
            &["Văn phòng Điều phối NTM (B/c);"]
        }
        UnitKind::Country | UnitKind::Village => &[],
    };
    above
        .iter()
        .copied()
        .chain(["Lưu: VT."])
        .map(str::to_string)
        .collect()
}

/// "Phong Thổ, ngày 05 tháng 02 năm 2026": days under 10 and the months 1
/// and 2 take a leading zero (Decree 30/2020/NĐ-CP, Appendix I).
pub(crate) fn date_line(place: &str, date: Date) -> String {
    let month = u8::from(date.month());
    let month = if month <= 2 {
        format!("{month:02}")
    } else {
        month.to_string()
    };
    let day = format!("ngày {:02} tháng {month} năm {}", date.day(), date.year());
    let place = place.trim();
    if place.is_empty() {
        day
    } else {
        format!("{place}, {day}")
    }
}

#[cfg(test)]
mod tests {
    use super::date_line;
    use time::macros::date;

    #[test]
    fn date_line_pads_small_days_and_the_first_two_months() {
        assert_eq!(
            date_line("Phong Thổ", date!(2026 - 11 - 23)),
            "Phong Thổ, ngày 23 tháng 11 năm 2026"
        );
        assert_eq!(
            date_line("Phong Thổ", date!(2026 - 02 - 05)),
            "Phong Thổ, ngày 05 tháng 02 năm 2026"
        );
        assert_eq!(date_line(" ", date!(2024 - 04 - 15)), "ngày 15 tháng 4 năm 2024");
    }
}
