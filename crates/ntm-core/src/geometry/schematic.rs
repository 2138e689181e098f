//! Schematic cells for units whose boundary is not known: each unit's centre
//! point gets the part of the area closer to it than to any other centre (its
//! Voronoi cell), cut to the parent's real boundary when there is one, or else
//! to a disc around the centre sized by the typical distance between
//! neighbours, so that the cells of a district form a recognisable patch
//! rather than stretching to the edge of the picture.
//!
//! Such a cell says where a unit roughly is and who its neighbours are; it is
//! not a boundary. Everything that shows one labels it "sơ đồ".
//!
//! Each cell is built by cutting the starting area with the half-plane of
//! every nearer centre, nearest first, stopping once no farther centre can
//! reach the cell. That is exact, needs no triangulation and costs well under
//! a millisecond per cell for the few hundred units of a province. Distances
//! are measured with longitude shrunk by the cosine of the latitude.

use crate::geometry::{Point, Polygon, Shape};

/// Points on the circle that stands in for a disc.
const DISC_POINTS: usize = 32;

/// The cell of each site (in the same order), within `boundary` when given.
/// A site whose cell falls outside the boundary gets an empty shape; two
/// sites at the same place get the same cell.
pub fn schematic_cells(sites: &[Point], boundary: Option<&Shape>) -> Vec<Shape> {
    if sites.is_empty() {
        return Vec::new();
    }
    let lat0 = sites.iter().map(|p| p.y).sum::<f64>() / sites.len() as f64;
    let kx = lat0.to_radians().cos().abs().max(0.01);
    let to_plane = |p: Point| Point::new(p.x * kx, p.y);
    let from_plane = |p: Point| Point::new(p.x / kx, p.y);
    let planar: Vec<Point> = sites.iter().map(|p| to_plane(*p)).collect();
    let area = boundary.map(|b| b.map_points(to_plane));
    let radius = disc_radius(&planar);
    (0..planar.len())
        .map(|i| {
            let start = match &area {
                Some(a) => a.polygons.clone(),
                None => vec![Polygon {
                    exterior: disc(planar[i], radius),
                    holes: vec![],
                }],
            };
            cell(&planar, i, start).map_points(from_plane)
        })
        .collect()
}

/// The disc radius when there is no boundary: one and a half times the
/// median distance from a site to its nearest neighbour, so that neighbours'
/// cells meet (a lone site: about 5 km).
fn disc_radius(sites: &[Point]) -> f64 {
    let mut nearest: Vec<f64> = sites
        .iter()
        .enumerate()
        .filter_map(|(i, p)| {
            sites
                .iter()
                .enumerate()
                .filter(|(j, q)| *j != i && p.distance(**q) > 1e-12)
                .map(|(_, q)| p.distance(*q))
                .min_by(f64::total_cmp)
        })
        .collect();
    if nearest.is_empty() {
        return 0.05;
    }
    nearest.sort_by(f64::total_cmp);
    1.5 * nearest[nearest.len() / 2]
}

fn disc(center: Point, radius: f64) -> Vec<Point> {
    (0..DISC_POINTS)
        .map(|k| {
            let t = k as f64 / DISC_POINTS as f64 * std::f64::consts::TAU;
            Point::new(center.x + radius * t.cos(), center.y + radius * t.sin())
        })
        .collect()
}

/// Site `i`'s cell: `start` cut by the half-plane of every other site that can reach it.
fn cell(sites: &[Point], i: usize, start: Vec<Polygon>) -> Shape {
    let site = sites[i];
    let mut others: Vec<(f64, Point)> = sites
        .iter()
        .enumerate()
        .filter(|(j, _)| *j != i)
        .map(|(_, p)| (site.distance(*p), *p))
        .filter(|(d, _)| *d > 1e-12)
        .collect();
    others.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut polygons = Vec::with_capacity(start.len());
    for polygon in start {
        let mut exterior = polygon.exterior;
        let mut holes = polygon.holes;
        for (d, other) in &others {
            let reach = exterior.iter().map(|p| site.distance(*p)).fold(0.0, f64::max);
            if *d > 2.0 * reach {
                break;
            }
            exterior = clip(&exterior, site, *other);
            if exterior.len() < 3 {
                break;
            }
            holes = holes
                .into_iter()
                .map(|h| clip(&h, site, *other))
                .filter(|h| h.len() >= 3)
                .collect();
        }
        if exterior.len() >= 3 {
            polygons.push(Polygon { exterior, holes });
        }
    }
    Shape { polygons }
}

/// The part of a ring closer to `site` than to `other` (Sutherland–Hodgman
/// with one half-plane).
fn clip(ring: &[Point], site: Point, other: Point) -> Vec<Point> {
    let (nx, ny) = (other.x - site.x, other.y - site.y);
    let (mx, my) = ((site.x + other.x) / 2.0, (site.y + other.y) / 2.0);
    let side = |p: Point| (p.x - mx) * nx + (p.y - my) * ny;
    let n = ring.len();
    let mut out = Vec::with_capacity(n + 2);
    for k in 0..n {
        let (a, b) = (ring[k], ring[(k + 1) % n]);
        let (sa, sb) = (side(a), side(b));
        if sa <= 0.0 {
            out.push(a);
        }
        if (sa < 0.0 && sb > 0.0) || (sa > 0.0 && sb < 0.0) {
            let t = sa / (sa - sb);
            out.push(Point::new(a.x + t * (b.x - a.x), a.y + t * (b.y - a.y)));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::geometry::{Bounds, ring_area2};

    fn square_shape(x0: f64, y0: f64, x1: f64, y1: f64) -> Shape {
        Shape {
            polygons: vec![Polygon {
                exterior: vec![
                    Point::new(x0, y0),
                    Point::new(x1, y0),
                    Point::new(x1, y1),
                    Point::new(x0, y1),
                ],
                holes: vec![],
            }],
        }
    }

    #[test]
    fn two_sites_split_a_boundary_at_their_bisector() {
        // At the equator a degree is a degree both ways.
        let boundary = square_shape(0.0, -1.0, 2.0, 1.0);
        let cells = schematic_cells(&[Point::new(0.5, 0.0), Point::new(1.5, 0.0)], Some(&boundary));
        let left = cells[0].bounds().expect("left");
        let right = cells[1].bounds().expect("right");
        assert!((left.max.x - 1.0).abs() < 1e-9 && (right.min.x - 1.0).abs() < 1e-9);
        assert!((cells[0].area() - 2.0).abs() < 1e-9 && (cells[1].area() - 2.0).abs() < 1e-9);
    }

    #[test]
    fn cells_tile_the_boundary_and_hold_their_site() {
        let boundary = square_shape(103.0, 22.0, 104.0, 23.0);
        let sites: Vec<Point> = (0..40)
            .map(|k| {
                let (a, b) = ((k * 37 % 101) as f64 / 101.0, (k * 61 % 103) as f64 / 103.0);
                Point::new(103.0 + a, 22.0 + b)
            })
            .collect();
        let cells = schematic_cells(&sites, Some(&boundary));
        let total: f64 = cells.iter().map(Shape::area).sum();
        assert!((total - boundary.area()).abs() < 1e-9, "{total}");
        for (site, cell) in sites.iter().zip(&cells) {
            assert!(cell.contains(*site), "{site:?}");
            assert!(
                ring_area2(&cell.polygons[0].exterior) > 0.0,
                "counter-clockwise kept"
            );
        }
    }

    #[test]
    fn without_a_boundary_cells_are_bounded_near_their_sites() {
        let sites = [
            Point::new(103.0, 22.0),
            Point::new(103.1, 22.0),
            Point::new(103.05, 22.08),
        ];
        let cells = schematic_cells(&sites, None);
        for (site, cell) in sites.iter().zip(&cells) {
            assert!(cell.contains(*site));
            let b: Bounds = cell.bounds().expect("bounds");
            assert!(b.width() < 0.3 && b.height() < 0.3, "{b:?}");
        }
        let lone = schematic_cells(&[Point::new(103.0, 22.0)], None);
        assert!(lone[0].contains(Point::new(103.0, 22.0)));
        assert!(schematic_cells(&[], None).is_empty());
    }
}
