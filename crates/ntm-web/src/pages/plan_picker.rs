//! The plan page's choice of year and of the period its actual figures are
//! read at: two lists (years and periods with data and the current one,
//! newest first), sent by GET with one button, like every period picker.

use maud::{Markup, html};
use ntm_core::period::Period;

/// The years to choose from, with the one shown.
fn with_shown(years: &[i32], shown: i32) -> Vec<i32> {
    let mut years = years.to_vec();
    if !years.contains(&shown) {
        years.push(shown);
    }
    years.sort_unstable_by(|a, b| b.cmp(a));
    years.dedup();
    years
}

/// The plan page's picker: the plan year, and the period of the actual
/// figures ("mới nhất" reads the newest period up to the year).
pub fn plan_picker(
    code: &str,
    year: i32,
    years: &[i32],
    as_of: Option<Period>,
    periods: &[Period],
) -> Markup {
    let years = with_shown(years, year);
    let mut periods = periods.to_vec();
    if let Some(p) = as_of
        && !periods.contains(&p)
    {
        periods.push(p);
    }
    periods.sort_by(|a, b| b.cmp(a));
    periods.dedup();
    html! {
        form.toolbar method="get" action={"/plans/" (code)} {
            div { label for="year" { "Năm kế hoạch" }
                select id="year" name="year" {
                    @for y in &years { option value=(y) selected[*y == year] { (y) } }
                } }
            div { label for="as_of" { "Kỳ lấy số liệu" }
                select id="as_of" name="as_of" {
                    option value="" selected[as_of.is_none()] { "Mới nhất đến năm kế hoạch" }
                    @for p in &periods { option value=(p.code()) selected[Some(*p) == as_of] { (p.label_vi()) } }
                } }
            button.secondary type="submit" { "Xem" }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_shown_year_is_listed_once_among_the_years_newest_first() {
        assert_eq!(
            with_shown(&[2026, 2024, 2023], 2025),
            vec![2026, 2025, 2024, 2023]
        );
        assert_eq!(with_shown(&[2026, 2024], 2024), vec![2026, 2024]);
    }
}
