//! Maps as pictures: a [`MapModel`] (the units' shapes in longitude and
//! latitude, each with its colour, figures and link; the legend) drawn as SVG
//! by [`map_svg`] — for the web pages, with a link and a title per unit — and
//! as PNG by [`map_png`] (the same SVG through resvg) for the reports, where
//! [`MapPicture`] carries it into the workbook and the Word document.
//!
//! Cells drawn from centre points rather than real boundaries are marked
//! schematic: hatched, "(sơ đồ)" in their title, a legend entry and a
//! "SƠ ĐỒ" mark on the picture.

mod png;
mod svg;

pub use ntm_core::geometry::layer::ClassMark;
pub use png::{MapError, map_png};
pub use svg::{SvgOptions, map_svg};

use ntm_core::geometry::Shape;

/// What a schematic cell is, in the words every map uses.
pub const SCHEMATIC_NOTE: &str =
    "Sơ đồ: ô vẽ từ tọa độ trung tâm của đơn vị, không phải ranh giới hành chính";

/// A map to draw.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapModel {
    /// "Bản đồ Huyện Phong Thổ — Năm 2023".
    pub title: String,
    /// "Số tiêu chí đạt (Bộ tiêu chí xã NTM 2021-2025)".
    pub subtitle: String,
    pub areas: Vec<MapArea>,
    /// Groups of areas drawn with a common outline (the districts of a province).
    pub groups: Vec<MapGroup>,
    pub legend: Vec<LegendEntry>,
    /// Units of the map with no place on it (no boundary, no centre point).
    pub unplaced: Vec<String>,
}

/// One unit on the map.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapArea {
    pub code: String,
    /// "Xã Mường So".
    pub name: String,
    /// The short name written on the map: "Mường So".
    pub label: String,
    /// Its page (web pictures only).
    pub href: Option<String>,
    /// Longitude and latitude.
    pub shape: Shape,
    /// Drawn from its centre point, not a real boundary.
    pub schematic: bool,
    /// `#rrggbb`.
    pub colour: String,
    /// The legend class it belongs to.
    pub class_key: String,
    /// Its class's symbol and hatch (met, not met).
    pub mark: ClassMark,
    /// Shown when the unit is pointed at or focused.
    pub figures: Vec<String>,
    /// Index into [`MapModel::groups`].
    pub group: Option<usize>,
}

/// A group of areas.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct MapGroup {
    pub code: String,
    /// The short name written on the map: "Phong Thổ".
    pub label: String,
}

/// One line of the legend.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LegendEntry {
    pub label: String,
    pub colour: String,
    pub count: u32,
    pub mark: ClassMark,
}

impl MapModel {
    /// Whether any area is schematic.
    pub fn has_schematic(&self) -> bool {
        self.areas.iter().any(|a| a.schematic)
    }
}

/// A map rendered for a report: the PNG, its size in pixels and a caption.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MapPicture {
    pub png: Vec<u8>,
    pub width: u32,
    pub height: u32,
    /// "Hình: Bản đồ Huyện Phong Thổ theo số tiêu chí đạt, Năm 2023 (sơ đồ: …)".
    pub caption: String,
}
