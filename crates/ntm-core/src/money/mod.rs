//! Money, exactly: capital sources as a tree, capital plans and needs by
//! source, projects with their allocations, carry-overs and disbursements,
//! and what the community gives. Amounts are `Quantity` in million VND (four
//! decimals: 100 đồng), never binary floating point.

pub mod contribution;
pub mod project;
pub mod source;

pub use contribution::{Contribution, ContributionError};
pub use project::{Allocation, Disbursement, Project, ProjectStatus};
pub use source::{
    CapitalAmount, CapitalKind, Source, SourceTotal, UnknownSource, check_source, rollup, standard_sources,
};

use crate::quantity::Quantity;

/// `part / whole` as a percentage with one decimal, rounded half up:
/// 3.890 of 5.939 is "65,5" (the seed prints 65,6).
pub fn percent_text(part: Quantity, whole: Quantity) -> Option<String> {
    (whole.raw() > 0).then(|| {
        let tenths =
            (i128::from(part.raw()) * 1000 * 2 + i128::from(whole.raw())) / (i128::from(whole.raw()) * 2);
        let q = Quantity::from_raw((tenths as i64) * 1000);
        q.format_vi(1)
    })
}

/// An amount in million VND as reports write it: "441.565", "358,0" keeps what it has.
pub fn amount_text(q: Quantity) -> String {
    q.to_vi_string()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percentages_are_computed_not_copied() {
        let q = |s: &str| Quantity::parse_vi(s).expect("amount");
        assert_eq!(percent_text(q("3.890"), q("5.939")).as_deref(), Some("65,5"));
        assert_eq!(percent_text(q("1.290"), q("3.244")).as_deref(), Some("39,8"));
        assert_eq!(percent_text(q("1"), q("0")), None);
        assert_eq!(percent_text(q("2"), q("3")).as_deref(), Some("66,7"));
    }
}
