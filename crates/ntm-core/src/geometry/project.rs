//! From longitude and latitude to a picture's plane: an equirectangular
//! projection around the middle latitude (east-west distances shrink by its
//! cosine), fitted into a box with `y` growing downwards. Over a province
//! (a few hundred kilometres) its distortion stays under about one percent,
//! which is all a map of communes needs; no projection library is involved.

use crate::geometry::{Bounds, Point};

/// A fitted projection.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Projection {
    /// The box projected, in degrees.
    bounds: Bounds,
    /// cos(middle latitude).
    kx: f64,
    /// Pixels per degree of latitude.
    scale: f64,
    margin: f64,
    /// The picture's size, margins included.
    pub width: f64,
    pub height: f64,
}

impl Projection {
    /// Fits `bounds` into at most `max_width` × `max_height` with `margin`
    /// on every side; the picture keeps the area's proportions, so one of the
    /// two sizes is smaller than allowed.
    pub fn fit(bounds: Bounds, max_width: f64, max_height: f64, margin: f64) -> Projection {
        let kx = bounds.center().y.to_radians().cos().abs().max(0.01);
        // A point or a line still gets a small square around it.
        let w = (bounds.width() * kx).max(1e-6);
        let h = bounds.height().max(1e-6);
        let inner_w = (max_width - 2.0 * margin).max(1.0);
        let inner_h = (max_height - 2.0 * margin).max(1.0);
        let scale = (inner_w / w).min(inner_h / h);
        Projection {
            bounds,
            kx,
            scale,
            margin,
            width: w * scale + 2.0 * margin,
            height: h * scale + 2.0 * margin,
        }
    }

    /// The point's place in the picture.
    pub fn apply(&self, p: Point) -> Point {
        Point::new(
            self.margin + (p.x - self.bounds.min.x) * self.kx * self.scale,
            self.margin + (self.bounds.max.y - p.y) * self.scale,
        )
    }

    /// The longitude and latitude at a place in the picture.
    pub fn invert(&self, p: Point) -> Point {
        Point::new(
            self.bounds.min.x + (p.x - self.margin) / (self.kx * self.scale),
            self.bounds.max.y - (p.y - self.margin) / self.scale,
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn corners_land_on_the_margins_and_proportions_hold() {
        let b = Bounds {
            min: Point::new(102.0, 21.0),
            max: Point::new(104.0, 23.0),
        };
        let p = Projection::fit(b, 800.0, 800.0, 10.0);
        let top_left = p.apply(Point::new(102.0, 23.0));
        assert!((top_left.x - 10.0).abs() < 1e-9 && (top_left.y - 10.0).abs() < 1e-9);
        let bottom_right = p.apply(Point::new(104.0, 21.0));
        assert!(
            (bottom_right.y - 790.0).abs() < 1e-9,
            "the taller side fills the box"
        );
        // At 22°N a degree of longitude is cos(22°) of a degree of latitude.
        let expected = 780.0 * 22f64.to_radians().cos() + 10.0;
        assert!((bottom_right.x - expected).abs() < 1e-6);
        assert!((p.width - (expected + 10.0)).abs() < 1e-6);
        let back = p.invert(bottom_right);
        assert!((back.x - 104.0).abs() < 1e-9 && (back.y - 21.0).abs() < 1e-9);
    }
}
