//! Building shapes from the rings a file gives, checking them on the way:
//! every ring closed with at least four points, coordinates that are
//! longitudes and latitudes, no ring that crosses or touches itself, no ring
//! without area, every hole inside its outer ring. A shape that comes out of
//! [`shape_from_parts`] is valid; the error says which ring is wrong and why.

use std::fmt;

use crate::geometry::{Point, Polygon, Shape, ring_area2, ring_contains};

/// Which ring of a shape: the outer ring or a hole, of which part.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct RingRef {
    /// 1-based polygon of a multipolygon; 0 for a lone polygon.
    pub part: usize,
    /// `None` for the outer ring, else the 1-based hole.
    pub hole: Option<usize>,
}

impl fmt::Display for RingRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.hole {
            None => write!(f, "vòng ngoài")?,
            Some(h) => write!(f, "lỗ thứ {h}")?,
        }
        if self.part > 0 {
            write!(f, " của phần {}", self.part)?;
        }
        Ok(())
    }
}

/// Why rings do not make a valid shape.
#[derive(Clone, Debug, PartialEq, thiserror::Error)]
pub enum ShapeError {
    #[error("không có vùng nào (tọa độ rỗng)")]
    Empty,
    #[error("{ring}: chỉ có {points} điểm; một vòng cần ít nhất 4 điểm, điểm cuối trùng điểm đầu")]
    TooFewPoints { ring: RingRef, points: usize },
    #[error("{ring}: không khép kín (điểm cuối {} khác điểm đầu {})", coords(*last), coords(*first))]
    NotClosed {
        ring: RingRef,
        first: Point,
        last: Point,
    },
    #[error(
        "{ring}, điểm thứ {index}: {} không phải kinh độ, vĩ độ WGS84 (kinh độ -180..180, vĩ độ -90..90); tệp dùng tọa độ phẳng (như VN-2000) cần được chuyển sang EPSG:4326",
        coords(*point)
    )]
    OutOfRange {
        ring: RingRef,
        index: usize,
        point: Point,
    },
    #[error("{ring}: diện tích bằng 0 (các điểm thẳng hàng hoặc trùng nhau)")]
    NoArea { ring: RingRef },
    #[error("{ring}: tự cắt hoặc tự chạm gần điểm {}", coords(*at))]
    SelfIntersection { ring: RingRef, at: Point },
    #[error("{ring}: nằm ngoài vòng ngoài (điểm {})", coords(*at))]
    HoleOutside { ring: RingRef, at: Point },
}

/// "(103,404945; 22,577634)": longitude; latitude, the Vietnamese way.
fn coords(p: Point) -> String {
    let f = |v: f64| format!("{v}").replace('.', ",");
    format!("({}; {})", f(p.x), f(p.y))
}

/// A shape from polygons given as rings of `[longitude, latitude]`, each ring
/// closed (its last point repeats its first), the first ring of each polygon
/// the outer one: GeoJSON's `MultiPolygon` coordinates. A lone polygon is a
/// one-element slice (and its rings are named without a part number).
pub fn shape_from_parts(parts: &[Vec<Vec<[f64; 2]>>]) -> Result<Shape, ShapeError> {
    if parts.is_empty() {
        return Err(ShapeError::Empty);
    }
    let numbered = parts.len() > 1;
    let polygons = parts
        .iter()
        .enumerate()
        .map(|(i, rings)| polygon_from_rings(if numbered { i + 1 } else { 0 }, rings))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Shape { polygons })
}

fn polygon_from_rings(part: usize, rings: &[Vec<[f64; 2]>]) -> Result<Polygon, ShapeError> {
    let Some((outer, holes)) = rings.split_first() else {
        return Err(ShapeError::Empty);
    };
    let exterior = ring(RingRef { part, hole: None }, outer)?;
    let mut checked = Vec::with_capacity(holes.len());
    for (h, hole) in holes.iter().enumerate() {
        let r = RingRef {
            part,
            hole: Some(h + 1),
        };
        let hole = ring(r, hole)?;
        if let Some(at) = hole.iter().find(|p| !ring_contains(&exterior, **p)) {
            return Err(ShapeError::HoleOutside { ring: r, at: *at });
        }
        checked.push(hole);
    }
    Ok(Polygon {
        exterior,
        holes: checked,
    })
}

/// One ring, checked, returned open and without repeated consecutive points.
fn ring(r: RingRef, raw: &[[f64; 2]]) -> Result<Vec<Point>, ShapeError> {
    let points: Vec<Point> = raw.iter().map(|c| Point::new(c[0], c[1])).collect();
    if let Some((index, point)) = points
        .iter()
        .enumerate()
        .find(|(_, p)| !(p.x.is_finite() && p.y.is_finite() && p.x.abs() <= 180.0 && p.y.abs() <= 90.0))
    {
        return Err(ShapeError::OutOfRange {
            ring: r,
            index: index + 1,
            point: *point,
        });
    }
    if points.len() < 4 {
        return Err(ShapeError::TooFewPoints {
            ring: r,
            points: points.len(),
        });
    }
    let (first, last) = (points[0], points[points.len() - 1]);
    if first != last {
        return Err(ShapeError::NotClosed { ring: r, first, last });
    }
    let mut open: Vec<Point> = Vec::with_capacity(points.len() - 1);
    for p in &points[..points.len() - 1] {
        if open.last() != Some(p) {
            open.push(*p);
        }
    }
    if open.len() > 1 && open.first() == open.last() {
        open.pop();
    }
    if open.len() < 3 {
        return Err(ShapeError::NoArea { ring: r });
    }
    if let Some(at) = self_intersection(&open) {
        return Err(ShapeError::SelfIntersection { ring: r, at });
    }
    // A ring that does not meet itself has an area; this guards rounding.
    if ring_area2(&open) == 0.0 {
        return Err(ShapeError::NoArea { ring: r });
    }
    Ok(open)
}

/// Which side of the line a→b the point c is on: >0 left, <0 right, 0 on it.
fn orient(a: Point, b: Point, c: Point) -> f64 {
    (b.x - a.x) * (c.y - a.y) - (b.y - a.y) * (c.x - a.x)
}

fn on_segment(a: Point, b: Point, c: Point) -> bool {
    c.x >= a.x.min(b.x) && c.x <= a.x.max(b.x) && c.y >= a.y.min(b.y) && c.y <= a.y.max(b.y)
}

/// Whether segments ab and cd share a point (crossing, touching or overlapping).
fn segments_meet(a: Point, b: Point, c: Point, d: Point) -> bool {
    let (o1, o2, o3, o4) = (orient(a, b, c), orient(a, b, d), orient(c, d, a), orient(c, d, b));
    if ((o1 > 0.0 && o2 < 0.0) || (o1 < 0.0 && o2 > 0.0))
        && ((o3 > 0.0 && o4 < 0.0) || (o3 < 0.0 && o4 > 0.0))
    {
        return true;
    }
    (o1 == 0.0 && on_segment(a, b, c))
        || (o2 == 0.0 && on_segment(a, b, d))
        || (o3 == 0.0 && on_segment(c, d, a))
        || (o4 == 0.0 && on_segment(c, d, b))
}

/// A point near where an open ring meets itself, if it does. Segments are
/// swept in order of their left end, so only those whose horizontal spans
/// overlap are compared.
fn self_intersection(ring: &[Point]) -> Option<Point> {
    let n = ring.len();
    let seg = |i: usize| (ring[i], ring[(i + 1) % n]);
    let mut order: Vec<usize> = (0..n).collect();
    let left = |i: usize| {
        let (a, b) = seg(i);
        a.x.min(b.x)
    };
    order.sort_by(|&i, &j| left(i).total_cmp(&left(j)));
    for (k, &i) in order.iter().enumerate() {
        let (a, b) = seg(i);
        let right = a.x.max(b.x);
        for &j in &order[k + 1..] {
            if left(j) > right {
                break;
            }
            let (c, d) = seg(j);
            let adjacent = (i + 1) % n == j || (j + 1) % n == i;
            if adjacent {
                // Neighbours share one end; they may not fold back over each other.
                let (shared, p, q) = if (i + 1) % n == j { (b, a, d) } else { (a, b, c) };
                let folds = orient(p, shared, q) == 0.0
                    && (p.x - shared.x) * (q.x - shared.x) + (p.y - shared.y) * (q.y - shared.y) > 0.0;
                if folds && n > 3 {
                    return Some(shared);
                }
                continue;
            }
            if segments_meet(a, b, c, d) {
                return Some(Point::new((a.x + b.x) / 2.0, (a.y + b.y) / 2.0));
            }
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn closed(points: &[[f64; 2]]) -> Vec<[f64; 2]> {
        let mut ring = points.to_vec();
        ring.push(points[0]);
        ring
    }

    const SQUARE: [[f64; 2]; 4] = [[103.0, 22.0], [103.1, 22.0], [103.1, 22.1], [103.0, 22.1]];

    #[test]
    fn a_closed_square_with_a_hole_is_a_shape() {
        let hole = closed(&[[103.02, 22.02], [103.04, 22.02], [103.04, 22.04]]);
        let shape = shape_from_parts(&[vec![closed(&SQUARE), hole]]).expect("valid");
        assert_eq!(shape.polygons[0].exterior.len(), 4, "kept open");
        assert_eq!(shape.polygons[0].holes.len(), 1);
    }

    #[test]
    fn every_kind_of_bad_ring_is_named() {
        let bowtie = closed(&[[103.0, 22.0], [103.1, 22.1], [103.1, 22.0], [103.0, 22.1]]);
        let err = shape_from_parts(&[vec![bowtie]]).expect_err("crosses itself");
        assert!(matches!(err, ShapeError::SelfIntersection { .. }), "{err}");
        assert!(err.to_string().starts_with("vòng ngoài: tự cắt"), "{err}");

        let open = SQUARE.to_vec();
        let err = shape_from_parts(&[vec![open]]).expect_err("not closed");
        assert_eq!(
            err.to_string(),
            "vòng ngoài: không khép kín (điểm cuối (103; 22,1) khác điểm đầu (103; 22))"
        );

        let planar = closed(&[
            [512_000.0, 2_470_000.0],
            [513_000.0, 2_470_000.0],
            [513_000.0, 2_471_000.0],
        ]);
        let err = shape_from_parts(&[vec![closed(&SQUARE)], vec![planar]]).expect_err("VN-2000");
        assert!(
            err.to_string().starts_with("vòng ngoài của phần 2, điểm thứ 1:"),
            "{err}"
        );
        assert!(err.to_string().contains("VN-2000"), "{err}");

        let line = closed(&[[103.0, 22.0], [103.1, 22.0], [103.2, 22.0]]);
        assert!(matches!(
            shape_from_parts(&[vec![line]]),
            Err(ShapeError::NoArea { .. })
        ));
        let two_points = vec![[103.0, 22.0], [103.1, 22.0], [103.1, 22.0], [103.0, 22.0]];
        assert!(matches!(
            shape_from_parts(&[vec![two_points]]),
            Err(ShapeError::NoArea { .. })
        ));

        let short = vec![[103.0, 22.0], [103.1, 22.0], [103.0, 22.0]];
        assert!(matches!(
            shape_from_parts(&[vec![short]]),
            Err(ShapeError::TooFewPoints { points: 3, .. })
        ));

        let outside = closed(&[[104.0, 22.0], [104.1, 22.0], [104.1, 22.1]]);
        let err = shape_from_parts(&[vec![closed(&SQUARE), outside]]).expect_err("hole outside");
        assert!(
            err.to_string().starts_with("lỗ thứ 1: nằm ngoài vòng ngoài"),
            "{err}"
        );

        let spike = closed(&[[103.0, 22.0], [103.1, 22.0], [103.05, 22.0], [103.05, 22.1]]);
        assert!(matches!(
            shape_from_parts(&[vec![spike]]),
            Err(ShapeError::SelfIntersection { .. })
        ));
        assert_eq!(shape_from_parts(&[]), Err(ShapeError::Empty));
    }

    #[test]
    fn repeated_points_are_dropped_not_refused() {
        let ring = vec![
            [103.0, 22.0],
            [103.1, 22.0],
            [103.1, 22.0],
            [103.1, 22.1],
            [103.0, 22.1],
            [103.0, 22.0],
        ];
        let shape = shape_from_parts(&[vec![ring]]).expect("valid");
        assert_eq!(shape.polygons[0].exterior.len(), 4);
    }

    #[test]
    fn a_large_ring_is_checked_quickly_and_correctly() {
        // A 20,000-point circle: valid; the same with two points swapped: not.
        let n = 20_000;
        let mut ring: Vec<[f64; 2]> = (0..n)
            .map(|i| {
                let t = i as f64 / n as f64 * std::f64::consts::TAU;
                [103.0 + 0.5 * t.cos(), 22.0 + 0.5 * t.sin()]
            })
            .collect();
        let start = std::time::Instant::now();
        assert!(shape_from_parts(&[vec![closed(&ring)]]).is_ok());
        assert!(start.elapsed().as_secs_f64() < 2.0);
        ring.swap(100, 5000);
        assert!(shape_from_parts(&[vec![closed(&ring)]]).is_err());
    }
}
