//! Shapes on the map: unit boundaries as polygons in WGS84 longitude and
//! latitude, checked when they are built ([`check`]), projected to a plane
//! for drawing ([`project`]), simplified to what a picture can show
//! ([`simplify`]), schematic cells for units without a known boundary
//! ([`schematic`]), and the layers that colour units by their figures
//! ([`layer`]). Pure: callers read and write the files (GeoJSON) and pass
//! coordinates in.

pub mod check;
pub mod layer;
pub mod money_layer;
pub mod plan_layer;
pub mod project;
pub mod schematic;
pub mod simplify;

pub use check::{RingRef, ShapeError, shape_from_parts};

/// A point: longitude (`x`) and latitude (`y`) in degrees, or, after
/// projection, plane coordinates with `y` growing downwards.
#[derive(Clone, Copy, Debug, Default, PartialEq, serde::Serialize)]
pub struct Point {
    pub x: f64,
    pub y: f64,
}

impl Point {
    pub const fn new(x: f64, y: f64) -> Point {
        Point { x, y }
    }

    pub fn distance(self, other: Point) -> f64 {
        (self.x - other.x).hypot(self.y - other.y)
    }
}

/// A polygon: an outer ring and its holes. Rings are kept open: the first
/// point is not repeated at the end.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Polygon {
    pub exterior: Vec<Point>,
    pub holes: Vec<Vec<Point>>,
}

/// A unit's area: one polygon, or several (a commune with an island).
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Shape {
    pub polygons: Vec<Polygon>,
}

/// A bounding box.
#[derive(Clone, Copy, Debug, PartialEq, serde::Serialize)]
pub struct Bounds {
    pub min: Point,
    pub max: Point,
}

impl Bounds {
    /// The box around some points; `None` without any.
    pub fn of_points<'a>(points: impl IntoIterator<Item = &'a Point>) -> Option<Bounds> {
        let mut it = points.into_iter();
        let first = *it.next()?;
        let mut b = Bounds {
            min: first,
            max: first,
        };
        for p in it {
            b.min.x = b.min.x.min(p.x);
            b.min.y = b.min.y.min(p.y);
            b.max.x = b.max.x.max(p.x);
            b.max.y = b.max.y.max(p.y);
        }
        Some(b)
    }

    pub fn union(self, other: Bounds) -> Bounds {
        Bounds {
            min: Point::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            max: Point::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        }
    }

    pub fn width(&self) -> f64 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f64 {
        self.max.y - self.min.y
    }

    pub fn center(&self) -> Point {
        Point::new((self.min.x + self.max.x) / 2.0, (self.min.y + self.max.y) / 2.0)
    }
}

/// Twice the signed area of a ring (positive when counter-clockwise with `y` up).
pub fn ring_area2(ring: &[Point]) -> f64 {
    let n = ring.len();
    (0..n)
        .map(|i| {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            a.x * b.y - b.x * a.y
        })
        .sum()
}

/// Whether a point lies inside a ring (even-odd rule; points on the edge may go either way).
pub fn ring_contains(ring: &[Point], p: Point) -> bool {
    let n = ring.len();
    let mut inside = false;
    let mut j = n.wrapping_sub(1);
    for i in 0..n {
        let (a, b) = (ring[i], ring[j]);
        if (a.y > p.y) != (b.y > p.y) && p.x < (b.x - a.x) * (p.y - a.y) / (b.y - a.y) + a.x {
            inside = !inside;
        }
        j = i;
    }
    inside
}

impl Polygon {
    /// The area (outer ring less holes), in squared coordinate units.
    pub fn area(&self) -> f64 {
        let holes: f64 = self.holes.iter().map(|h| ring_area2(h).abs()).sum();
        (ring_area2(&self.exterior).abs() - holes) / 2.0
    }

    pub fn contains(&self, p: Point) -> bool {
        ring_contains(&self.exterior, p) && !self.holes.iter().any(|h| ring_contains(h, p))
    }

    /// The centroid of the outer ring (the mean of its points if it has no area).
    pub fn centroid(&self) -> Point {
        let ring = &self.exterior;
        let a2 = ring_area2(ring);
        if a2.abs() < f64::EPSILON * 1e3 || ring.is_empty() {
            let n = ring.len().max(1) as f64;
            let (sx, sy) = ring.iter().fold((0.0, 0.0), |(x, y), p| (x + p.x, y + p.y));
            return Point::new(sx / n, sy / n);
        }
        let n = ring.len();
        let (mut cx, mut cy) = (0.0, 0.0);
        for i in 0..n {
            let (a, b) = (ring[i], ring[(i + 1) % n]);
            let cross = a.x * b.y - b.x * a.y;
            cx += (a.x + b.x) * cross;
            cy += (a.y + b.y) * cross;
        }
        Point::new(cx / (3.0 * a2), cy / (3.0 * a2))
    }

    fn rings(&self) -> impl Iterator<Item = &Vec<Point>> {
        std::iter::once(&self.exterior).chain(self.holes.iter())
    }
}

impl Shape {
    pub fn is_empty(&self) -> bool {
        self.polygons.iter().all(|p| p.exterior.len() < 3)
    }

    pub fn bounds(&self) -> Option<Bounds> {
        Bounds::of_points(self.polygons.iter().flat_map(|p| p.exterior.iter()))
    }

    pub fn area(&self) -> f64 {
        self.polygons.iter().map(Polygon::area).sum()
    }

    pub fn contains(&self, p: Point) -> bool {
        self.polygons.iter().any(|poly| poly.contains(p))
    }

    /// How many points all rings hold.
    pub fn point_count(&self) -> usize {
        self.polygons.iter().flat_map(Polygon::rings).map(Vec::len).sum()
    }

    /// Applies a function to every point.
    pub fn map_points(&self, f: impl Fn(Point) -> Point) -> Shape {
        let ring = |r: &Vec<Point>| r.iter().map(|p| f(*p)).collect::<Vec<_>>();
        Shape {
            polygons: self
                .polygons
                .iter()
                .map(|p| Polygon {
                    exterior: ring(&p.exterior),
                    holes: p.holes.iter().map(ring).collect(),
                })
                .collect(),
        }
    }

    /// A point inside the shape to write its name at: the centroid of its
    /// largest polygon when that lies inside, else the middle of the widest
    /// inside stretch of the horizontal line through the centroid.
    pub fn label_point(&self) -> Option<Point> {
        let largest = self
            .polygons
            .iter()
            .max_by(|a, b| a.area().total_cmp(&b.area()))?;
        let c = largest.centroid();
        if largest.contains(c) {
            return Some(c);
        }
        // Crossings of the horizontal line y = c.y with every ring.
        let mut xs: Vec<f64> = Vec::new();
        for ring in largest.rings() {
            let n = ring.len();
            for i in 0..n {
                let (a, b) = (ring[i], ring[(i + 1) % n]);
                if (a.y > c.y) != (b.y > c.y) {
                    xs.push(a.x + (c.y - a.y) * (b.x - a.x) / (b.y - a.y));
                }
            }
        }
        xs.sort_by(f64::total_cmp);
        xs.chunks_exact(2)
            .max_by(|a, b| (a[1] - a[0]).total_cmp(&(b[1] - b[0])))
            .map(|pair| Point::new((pair[0] + pair[1]) / 2.0, c.y))
            .or_else(|| largest.exterior.first().copied())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn square(x: f64, y: f64, side: f64) -> Vec<Point> {
        vec![
            Point::new(x, y),
            Point::new(x + side, y),
            Point::new(x + side, y + side),
            Point::new(x, y + side),
        ]
    }

    #[test]
    fn areas_centroids_and_containment() {
        let poly = Polygon {
            exterior: square(0.0, 0.0, 4.0),
            holes: vec![square(1.0, 1.0, 1.0)],
        };
        assert_eq!(poly.area(), 15.0);
        assert_eq!(poly.centroid(), Point::new(2.0, 2.0));
        assert!(poly.contains(Point::new(3.0, 3.0)));
        assert!(!poly.contains(Point::new(1.5, 1.5)), "inside the hole");
        assert!(!poly.contains(Point::new(5.0, 1.0)));
    }

    #[test]
    fn a_label_stays_inside_a_c_shaped_polygon() {
        // A "C": its centroid falls in the opening.
        let c = Shape {
            polygons: vec![Polygon {
                exterior: vec![
                    Point::new(0.0, 0.0),
                    Point::new(10.0, 0.0),
                    Point::new(10.0, 2.0),
                    Point::new(2.0, 2.0),
                    Point::new(2.0, 8.0),
                    Point::new(10.0, 8.0),
                    Point::new(10.0, 10.0),
                    Point::new(0.0, 10.0),
                ],
                holes: vec![],
            }],
        };
        let at = c.label_point().expect("a point");
        assert!(c.contains(at), "{at:?}");
    }
}
