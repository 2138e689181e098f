//! Where a figure is heading: a least-squares line through the figures of past
//! years, read at the end of a phase.

use crate::quantity::{Quantity, SCALE};

/// A figure's trend and where it leads.
#[derive(Clone, Debug, PartialEq, serde::Serialize)]
pub struct Projection {
    /// The years and figures it was drawn from.
    pub points: Vec<(i32, Quantity)>,
    /// Change per year.
    pub per_year: Quantity,
    pub year: i32,
    pub projected: Quantity,
}

/// Projects `points` (year, figure) to `year`. One point projects flat; none, nothing.
pub fn project(points: &[(i32, Quantity)], year: i32) -> Option<Projection> {
    let first = points.first()?;
    let n = points.len() as i128;
    let (slope_num, slope_den, mean_x2, mean_y) = if points.len() == 1 {
        (0i128, 1i128, i128::from(first.0) * 2, i128::from(first.1.raw()))
    } else {
        // Exact sums in integers; x doubled to keep the mean's half-years exact.
        let sx: i128 = points.iter().map(|(x, _)| i128::from(*x)).sum();
        let sy: i128 = points.iter().map(|(_, y)| i128::from(y.raw())).sum();
        let sxx: i128 = points.iter().map(|(x, _)| i128::from(*x) * i128::from(*x)).sum();
        let sxy: i128 = points
            .iter()
            .map(|(x, y)| i128::from(*x) * i128::from(y.raw()))
            .sum();
        let den = n * sxx - sx * sx;
        if den == 0 {
            (0, 1, sx * 2 / n, sy / n)
        } else {
            (n * sxy - sx * sy, den, sx * 2 / n, sy / n)
        }
    };
    let dx2 = i128::from(year) * 2 - mean_x2;
    let projected = mean_y + slope_num * dx2 / (slope_den * 2);
    Some(Projection {
        points: points.to_vec(),
        per_year: Quantity::from_raw((slope_num / slope_den) as i64),
        year,
        projected: Quantity::from_raw(projected.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64),
    })
}

/// A projection's figure rounded down to whole units (communes are counted whole).
pub fn whole(q: Quantity) -> Quantity {
    Quantity::from_raw(q.raw().div_euclid(SCALE) * SCALE)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn q(n: i64) -> Quantity {
        Quantity::from_int(n)
    }

    #[test]
    fn a_steady_rise_continues() {
        let p = project(&[(2021, q(2)), (2022, q(4)), (2023, q(6))], 2025).expect("projection");
        assert_eq!(p.per_year, q(2));
        assert_eq!(p.projected, q(10));
    }

    #[test]
    fn one_point_stays_flat_and_none_projects_nothing() {
        assert_eq!(project(&[(2023, q(7))], 2025).expect("flat").projected, q(7));
        assert!(project(&[], 2025).is_none());
        assert_eq!(whole(Quantity::from_raw(79_999)), q(7));
    }
}
