//! Fewer points for a picture: a surveyed boundary can hold tens of thousands
//! of points, a map of a province a few hundred pixels wide shows a fraction
//! of them. Douglas–Peucker on each ring, in the picture's plane.

use crate::geometry::{Point, Polygon, Shape, ring_area2};

/// The shape with only the points that move its outline by more than
/// `tolerance` (in the shape's units). Rings that shrink below a triangle
/// or lose their area are dropped (a hole) or kept whole (an outer ring).
pub fn simplify(shape: &Shape, tolerance: f64) -> Shape {
    Shape {
        polygons: shape
            .polygons
            .iter()
            .map(|p| Polygon {
                exterior: simplify_ring(&p.exterior, tolerance).unwrap_or_else(|| p.exterior.clone()),
                holes: p
                    .holes
                    .iter()
                    .filter_map(|h| simplify_ring(h, tolerance))
                    .collect(),
            })
            .collect(),
    }
}

fn simplify_ring(ring: &[Point], tolerance: f64) -> Option<Vec<Point>> {
    if ring.len() <= 4 {
        return Some(ring.to_vec());
    }
    // Split the closed ring at its first point and the point farthest from it.
    let far =
        (1..ring.len()).max_by(|&a, &b| ring[0].distance(ring[a]).total_cmp(&ring[0].distance(ring[b])))?;
    let mut closed = ring.to_vec();
    closed.push(ring[0]);
    let mut keep = vec![false; closed.len()];
    keep[0] = true;
    keep[far] = true;
    keep[closed.len() - 1] = true;
    mark(&closed, 0, far, tolerance, &mut keep);
    mark(&closed, far, closed.len() - 1, tolerance, &mut keep);
    let out: Vec<Point> = closed[..closed.len() - 1]
        .iter()
        .zip(&keep)
        .filter(|(_, k)| **k)
        .map(|(p, _)| *p)
        .collect();
    (out.len() >= 3 && ring_area2(&out) != 0.0).then_some(out)
}

/// Marks the points between `first` and `last` to keep (iteratively: deep
/// rings do not overflow the stack).
fn mark(points: &[Point], first: usize, last: usize, tolerance: f64, keep: &mut [bool]) {
    let mut stack = vec![(first, last)];
    while let Some((a, b)) = stack.pop() {
        if b <= a + 1 {
            continue;
        }
        let (pa, pb) = (points[a], points[b]);
        let (mut worst, mut worst_d) = (a, -1.0);
        for (i, p) in points.iter().enumerate().take(b).skip(a + 1) {
            let d = segment_distance(*p, pa, pb);
            if d > worst_d {
                worst = i;
                worst_d = d;
            }
        }
        if worst_d > tolerance {
            keep[worst] = true;
            stack.push((a, worst));
            stack.push((worst, b));
        }
    }
}

fn segment_distance(p: Point, a: Point, b: Point) -> f64 {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let len2 = dx * dx + dy * dy;
    if len2 == 0.0 {
        return p.distance(a);
    }
    let t = (((p.x - a.x) * dx + (p.y - a.y) * dy) / len2).clamp(0.0, 1.0);
    p.distance(Point::new(a.x + t * dx, a.y + t * dy))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_dense_circle_keeps_its_outline_with_far_fewer_points() {
        let ring: Vec<Point> = (0..10_000)
            .map(|i| {
                let t = i as f64 / 10_000.0 * std::f64::consts::TAU;
                Point::new(100.0 * t.cos(), 100.0 * t.sin())
            })
            .collect();
        let shape = Shape {
            polygons: vec![Polygon {
                exterior: ring,
                holes: vec![],
            }],
        };
        let simple = simplify(&shape, 0.5);
        let n = simple.polygons[0].exterior.len();
        assert!((20..200).contains(&n), "{n} points");
        let area = simple.area();
        let full = std::f64::consts::PI * 100.0 * 100.0;
        assert!((area - full).abs() / full < 0.01, "{area} vs {full}");
    }
}
