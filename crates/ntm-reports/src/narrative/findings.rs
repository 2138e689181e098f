//! The findings (contradictions, missing data) as a short closing part for
//! the coordination office to check before the report is signed.

use ntm_core::aggregate::{Finding, Severity};

use crate::narrative::phrasing::full_stop;

/// At most this many findings are listed; the rest are counted.
const LISTED: usize = 30;

/// The paragraphs of the findings part; empty without findings.
pub(crate) fn finding_paragraphs(findings: &[Finding]) -> Vec<String> {
    if findings.is_empty() {
        return Vec::new();
    }
    let mut ordered: Vec<&Finding> = findings.iter().collect();
    ordered.sort_by_key(|f| f.severity != Severity::Warning);
    let mut out = vec![
        "(Phần này do hệ thống lập để cán bộ đối chiếu số liệu trước khi trình ký; xóa phần này khỏi văn bản ban hành.)"
            .to_string(),
    ];
    out.extend(ordered.iter().take(LISTED).map(|f| finding_line(f)));
    if ordered.len() > LISTED {
        out.push(format!(
            "- Còn {} điểm khác: xem đầy đủ trong mục Điểm cần xem lại của hệ thống.",
            ordered.len() - LISTED
        ));
    }
    out
}

/// "- Báo cáo ghi 13/16 xã đạt tiêu chí 8 …; số liệu cho 14/16 xã (nguồn: …)."
fn finding_line(finding: &Finding) -> String {
    let mut line = format!("- {}", finding.message.trim().trim_end_matches('.'));
    if let Some(source) = finding.source.as_deref().filter(|s| !s.trim().is_empty()) {
        line.push_str(&format!(" (nguồn: {})", source.trim()));
    }
    full_stop(line)
}
