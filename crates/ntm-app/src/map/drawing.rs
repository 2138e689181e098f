//! A map's units drawn: each placed (its boundary, or a schematic cell
//! around its centre point), coloured by the layer's class (or "not
//! judged"), listed for the page, and the legend counted.

use std::collections::HashMap;

use ntm_core::aggregate::UnitRef;
use ntm_core::geometry::layer::{Layer, NOT_JUDGED_COLOUR};
use ntm_core::geometry::schematic::schematic_cells;
use ntm_core::geometry::{Point, Shape};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId};
use ntm_reports::map::{ClassMark, LegendEntry, MapArea};

use super::MapRow;

/// How a unit is coloured: its class on the layer, or "not judged" when the
/// layer's criteria set does not judge it.
struct Colouring {
    class_key: String,
    class_label: String,
    colour: String,
    figures: Vec<String>,
    mark: ClassMark,
    judged: bool,
}

/// The units of a map drawn: the page's rows, the picture's areas, and the counts.
#[derive(Default)]
pub(super) struct Drawing {
    pub(super) rows: Vec<MapRow>,
    pub(super) areas: Vec<MapArea>,
    pub(super) unplaced: Vec<String>,
    pub(super) not_judged: u32,
    pub(super) with_boundary: usize,
    pub(super) schematic: usize,
}

/// A unit's colouring on the layer.
fn colouring(layer: &Layer, leaf: &Unit) -> Colouring {
    match layer.shade(leaf.code.as_str()) {
        Some((class, shade)) => Colouring {
            class_key: class.key.clone(),
            class_label: class.label.clone(),
            colour: class.colour.clone(),
            figures: shade.figures.clone(),
            mark: class.mark,
            judged: true,
        },
        None => Colouring {
            class_key: "not-judged".to_string(),
            class_label: "Không thuộc diện đánh giá".to_string(),
            colour: NOT_JUDGED_COLOUR.to_string(),
            figures: vec![format!(
                "{}: không đánh giá theo bộ tiêu chí này",
                leaf.kind.name_vi()
            )],
            mark: ClassMark::Plain,
            judged: false,
        },
    }
}

/// Each unit coloured, listed and, when it has a place, drawn.
pub(super) fn draw(
    leaves: &[&Unit],
    shapes: Vec<Option<(Shape, bool)>>,
    layer: &Layer,
    period: Period,
    group_of: &dyn Fn(&Unit) -> Option<usize>,
) -> Drawing {
    let mut drawing = Drawing {
        rows: Vec::with_capacity(leaves.len()),
        ..Drawing::default()
    };
    for (leaf, placed) in leaves.iter().zip(shapes) {
        let href = format!("/units/{}?period={}", leaf.code, period.code());
        let c = colouring(layer, leaf);
        if !c.judged {
            drawing.not_judged += 1;
        }
        let drawn_as = match &placed {
            Some((_, false)) => "ranh giới",
            Some((_, true)) => "sơ đồ",
            None => "không có vị trí",
        };
        drawing.rows.push(MapRow {
            unit: UnitRef::of(leaf),
            href: href.clone(),
            class_label: c.class_label,
            mark: c.mark,
            colour: c.colour.clone(),
            figures: c.figures.clone(),
            drawn_as,
        });
        let Some((shape, is_schematic)) = placed else {
            drawing.unplaced.push(leaf.full_name());
            continue;
        };
        if is_schematic {
            drawing.schematic += 1;
        } else {
            drawing.with_boundary += 1;
        }
        drawing.areas.push(MapArea {
            code: leaf.code.to_string(),
            name: leaf.full_name(),
            label: leaf.name.clone(),
            href: Some(href),
            shape,
            schematic: is_schematic,
            colour: c.colour,
            class_key: c.class_key,
            mark: c.mark,
            figures: c.figures,
            group: group_of(leaf),
        });
    }
    drawing
}

/// The layer's classes with their counts, and "not judged" when some unit is.
pub(super) fn legend(layer: &Layer, not_judged: u32) -> Vec<LegendEntry> {
    let mut legend: Vec<LegendEntry> = layer
        .classes
        .iter()
        .map(|c| LegendEntry {
            label: c.label.clone(),
            colour: c.colour.clone(),
            count: c.count,
            mark: c.mark,
        })
        .collect();
    if not_judged > 0 {
        legend.push(LegendEntry {
            label: "Không thuộc diện đánh giá".into(),
            colour: NOT_JUDGED_COLOUR.into(),
            count: not_judged,
            mark: ClassMark::Plain,
        });
    }
    legend
}

/// Each leaf's shape and whether it is schematic; `None` when it has
/// neither a boundary nor a centre point. Leaves without a boundary get the
/// cells of their centres, cut to the nearest boundary above them (their
/// group's, else the root's) or, with none, to discs around the centres.
pub(super) fn place(
    root: &Unit,
    leaves: &[&Unit],
    groups: &[&Unit],
    group_of: &dyn Fn(&Unit) -> Option<usize>,
    boundaries: &HashMap<UnitId, Shape>,
) -> Vec<Option<(Shape, bool)>> {
    let mut out: Vec<Option<(Shape, bool)>> = leaves
        .iter()
        .map(|u| boundaries.get(&u.id).map(|s| (s.clone(), false)))
        .collect();
    // Leaves to draw schematically, by the boundary that contains them.
    let mut by_area: HashMap<Option<UnitId>, Vec<usize>> = HashMap::new();
    for (i, leaf) in leaves.iter().enumerate() {
        if out[i].is_some() || leaf.location.is_none() {
            continue;
        }
        let area = group_of(leaf)
            .map(|g| groups[g].id)
            .filter(|id| boundaries.contains_key(id))
            .or_else(|| boundaries.contains_key(&root.id).then_some(root.id));
        by_area.entry(area).or_default().push(i);
    }
    for (area, members) in by_area {
        let boundary = area.and_then(|id| boundaries.get(&id));
        let mut sites: Vec<Point> = members
            .iter()
            .filter_map(|&i| leaves[i].location.map(|l| Point::new(l.lon, l.lat)))
            .collect();
        // Leaves with a real boundary in the same area keep their ground.
        let inside = |s: &Shape| boundary.is_none_or(|b| s.label_point().is_some_and(|p| b.contains(p)));
        sites.extend(
            out.iter()
                .flatten()
                .filter(|(s, schematic)| !schematic && inside(s))
                .filter_map(|(s, _)| s.label_point()),
        );
        let cells = schematic_cells(&sites, boundary);
        for (&i, cell) in members.iter().zip(cells) {
            if !cell.is_empty() {
                out[i] = Some((cell, true));
            }
        }
    }
    out
}
