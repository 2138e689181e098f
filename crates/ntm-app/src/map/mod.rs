//! The digital map: boundaries imported from GeoJSON (checked, matched to
//! units by code and date, stored with their validity, all of a file or
//! nothing), and maps of a province, district or commune for a period,
//! coloured by a layer, with a schematic cell for every unit that has a
//! centre point but no boundary. The same map feeds the web page (SVG), the
//! reports (PNG) and GIS tools (GeoJSON).
//!
//! Here: the map itself, its pictures and its GeoJSON layer. `boundaries.rs`:
//! importing and exporting boundaries. `layers.rs`: the layers — criteria
//! met, one criterion, the plan (registrations of the year) and money
//! (capital per commune); adding one is a [`Layer`] builder in the core and
//! an arm in `Program::map_layer`.
//! `geojson.rs`: GeoJSON read (one error per bad feature) and written.
//!
//! Not here: drawing the pictures (ntm-reports) or deciding a unit's figure
//! (the layers read the same figures as the pages).

mod boundaries;
pub mod geojson;
mod layers;

use std::collections::HashMap;

use ntm_core::aggregate::{BracketFigure, CommuneFigure, SetRef, UnitRef};
use ntm_core::geometry::layer::{Layer, LayerKind, NOT_JUDGED_COLOUR};
use ntm_core::geometry::schematic::schematic_cells;
use ntm_core::geometry::{Point, Shape};
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_reports::map::{
    ClassMark, LegendEntry, MapArea, MapGroup, MapModel, MapPicture, SCHEMATIC_NOTE, map_png,
};
use ntm_store::GeometryRecord;
use serde_json::{Value, json};

use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::map::geojson::{geometry_shape, shape_json};
use crate::program::Program;
use crate::views::unit::visible_unit;

/// The width of report pictures, in pixels.
pub const REPORT_MAP_WIDTH: u32 = 1400;

/// Commune-level kinds: what a province's or district's map shows.
const COMMUNE_LEVEL: [UnitKind; 4] = [
    UnitKind::Commune,
    UnitKind::Ward,
    UnitKind::Town,
    UnitKind::SpecialZone,
];

/// A unit of the map, as the page lists it.
#[derive(Debug, Clone, serde::Serialize)]
pub struct MapRow {
    pub unit: UnitRef,
    pub href: String,
    pub class_label: String,
    /// The class's symbol and hatch (met, not met).
    pub mark: ClassMark,
    pub colour: String,
    pub figures: Vec<String>,
    /// "ranh giới", "sơ đồ" or "không có vị trí".
    pub drawn_as: &'static str,
}

/// A map and what the page shows around it.
#[derive(Debug, Clone)]
pub struct MapView {
    pub unit: UnitRef,
    pub period: Period,
    pub period_label: String,
    pub reference_date: String,
    pub criteria_set: Option<SetRef>,
    /// The criteria one can colour by: (code, name).
    pub criteria: Vec<(String, String)>,
    pub layer: Layer,
    pub model: MapModel,
    pub rows: Vec<MapRow>,
    /// Units drawn from a real boundary, schematically, not at all.
    pub with_boundary: usize,
    pub schematic: usize,
    pub unplaced: usize,
}

/// What a layer was built from.
struct Figures {
    units: Vec<CommuneFigure>,
    brackets: Vec<BracketFigure>,
    set: Option<SetRef>,
    criteria: Vec<(String, String)>,
}

impl Program {
    /// The map of a province, district (their communes) or commune (its
    /// villages) for a period, coloured by `layer`.
    pub async fn map(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        layer: &LayerKind,
        set: Option<&str>,
    ) -> Result<MapView> {
        let snapshot = self.snapshot().await?;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        if root.kind == UnitKind::Village {
            return Err(AppError::Invalid(format!(
                "{} là thôn, bản: xem bản đồ của xã chứa nó",
                root.full_name()
            )));
        }
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, period);
        let aggregate = root.kind.is_aggregate();
        let leaves: Vec<&Unit> = if aggregate {
            hierarchy.subtree_at(root.id, day, &COMMUNE_LEVEL)
        } else {
            hierarchy
                .children_at(root.id, day)
                .filter(|u| u.kind == UnitKind::Village)
                .collect()
        };
        let figures = if aggregate {
            let stats = self.shared_stats(actor, code, period, set).await?;
            Figures {
                units: stats.per_commune.clone(),
                brackets: stats.brackets.clone(),
                set: Some(stats.criteria_set.clone()),
                criteria: stats
                    .per_criterion
                    .iter()
                    .map(|c| (c.criterion.clone(), c.name.clone()))
                    .collect(),
            }
        } else {
            self.village_figures(&snapshot, &leaves, period).await?
        };
        let layer = self.map_layer(actor, root, period, layer, &figures).await?;
        let groups: Vec<&Unit> = if root.kind == UnitKind::Province {
            hierarchy
                .children_at(root.id, day)
                .filter(|u| u.kind == UnitKind::District)
                .collect()
        } else {
            Vec::new()
        };
        let group_of = |leaf: &Unit| {
            let parent = hierarchy.parent_at(leaf.id, day)?;
            groups.iter().position(|g| g.id == parent.id)
        };
        let mut ids: Vec<UnitId> = leaves.iter().map(|u| u.id).collect();
        ids.extend(groups.iter().map(|g| g.id));
        ids.push(root.id);
        let boundaries = self.boundaries_at(&ids, day).await?;
        let shapes = place(root, &leaves, &groups, &group_of, &boundaries);

        let mut model = MapModel {
            title: format!("Bản đồ {} — {}", root.full_name(), period.label_vi()),
            subtitle: layer.title.clone(),
            groups: groups
                .iter()
                .map(|g| MapGroup {
                    code: g.code.to_string(),
                    label: g.name.clone(),
                })
                .collect(),
            ..MapModel::default()
        };
        let mut rows = Vec::with_capacity(leaves.len());
        let mut not_judged = 0;
        let (mut with_boundary, mut schematic) = (0, 0);
        for (leaf, placed) in leaves.iter().zip(shapes) {
            let href = format!("/units/{}?period={}", leaf.code, period.code());
            let (class_key, class_label, colour, figures, mark) = match layer.shade(leaf.code.as_str()) {
                Some((class, shade)) => (
                    class.key.clone(),
                    class.label.clone(),
                    class.colour.clone(),
                    shade.figures.clone(),
                    class.mark,
                ),
                None => {
                    not_judged += 1;
                    (
                        "not-judged".to_string(),
                        "Không thuộc diện đánh giá".to_string(),
                        NOT_JUDGED_COLOUR.to_string(),
                        vec![format!(
                            "{}: không đánh giá theo bộ tiêu chí này",
                            leaf.kind.name_vi()
                        )],
                        ClassMark::Plain,
                    )
                }
            };
            let drawn_as = match &placed {
                Some((_, false)) => "ranh giới",
                Some((_, true)) => "sơ đồ",
                None => "không có vị trí",
            };
            rows.push(MapRow {
                unit: UnitRef::of(leaf),
                href: href.clone(),
                class_label,
                mark,
                colour: colour.clone(),
                figures: figures.clone(),
                drawn_as,
            });
            match placed {
                Some((shape, is_schematic)) => {
                    if is_schematic {
                        schematic += 1;
                    } else {
                        with_boundary += 1;
                    }
                    model.areas.push(MapArea {
                        code: leaf.code.to_string(),
                        name: leaf.full_name(),
                        label: leaf.name.clone(),
                        href: Some(href),
                        shape,
                        schematic: is_schematic,
                        colour,
                        class_key,
                        mark,
                        figures,
                        group: group_of(leaf),
                    });
                }
                None => model.unplaced.push(leaf.full_name()),
            }
        }
        model.legend = layer
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
            model.legend.push(LegendEntry {
                label: "Không thuộc diện đánh giá".into(),
                colour: NOT_JUDGED_COLOUR.into(),
                count: not_judged,
                mark: ClassMark::Plain,
            });
        }
        Ok(MapView {
            unit: UnitRef::of(root),
            period,
            period_label: period.label_vi(),
            reference_date: format_date_vi(day),
            criteria_set: figures.set,
            criteria: figures.criteria,
            unplaced: model.unplaced.len(),
            layer,
            model,
            rows,
            with_boundary,
            schematic,
        })
    }

    /// The stored boundary of each unit valid on `day`, parsed.
    async fn boundaries_at(&self, units: &[UnitId], day: time::Date) -> Result<HashMap<UnitId, Shape>> {
        let records = self.store().geometries(units).await?;
        let mut out = HashMap::new();
        for r in records.iter().filter(|r| r.validity.contains(day)) {
            out.insert(r.unit, stored_shape(r)?);
        }
        Ok(out)
    }

    /// The map as SVG (for files and pages).
    pub async fn map_svg(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        layer: &LayerKind,
        set: Option<&str>,
        options: &ntm_reports::map::SvgOptions,
    ) -> Result<String> {
        let view = self.map(actor, code, period, layer, set).await?;
        Ok(ntm_reports::map::map_svg(&view.model, options))
    }

    /// The map as a picture for a report (PNG, `REPORT_MAP_WIDTH` wide, title
    /// and legend on it, caption beside), drawn off the async threads.
    pub async fn map_picture(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        layer: &LayerKind,
        set: Option<&str>,
    ) -> Result<MapPicture> {
        let view = self.map(actor, code, period, layer, set).await?;
        tokio::task::spawn_blocking(move || map_png(&view.model, REPORT_MAP_WIDTH))
            .await
            .map_err(|e| AppError::internal("không vẽ được bản đồ", e))?
            .map_err(|e| AppError::internal("không vẽ được bản đồ", e))
    }

    /// The PNG bytes of [`Program::map_picture`].
    pub async fn map_png(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        layer: &LayerKind,
        set: Option<&str>,
    ) -> Result<Vec<u8>> {
        Ok(self.map_picture(actor, code, period, layer, set).await?.png)
    }

    /// The coloured map as a GeoJSON FeatureCollection, for GIS tools: one
    /// feature per unit drawn, with its class, colour, figures and whether
    /// its shape is schematic; the legend as a foreign member.
    pub async fn map_geojson(
        &self,
        actor: &Actor,
        code: &str,
        period: Period,
        layer: &LayerKind,
        set: Option<&str>,
    ) -> Result<Value> {
        let view = self.map(actor, code, period, layer, set).await?;
        let features: Vec<Value> = view
            .model
            .areas
            .iter()
            .map(|a| {
                json!({
                    "type": "Feature",
                    "geometry": shape_json(&a.shape),
                    "properties": {
                        "code": a.code, "name": a.name, "class": a.class_key,
                        "class_label": view.layer.shade(&a.code).map(|(c, _)| c.label.clone()),
                        "colour": a.colour, "figures": a.figures,
                        "schematic": a.schematic,
                        "drawn_as": if a.schematic { "sơ đồ" } else { "ranh giới" },
                        "group": a.group.and_then(|g| view.model.groups.get(g)).map(|g| g.code.clone()),
                    }
                })
            })
            .collect();
        Ok(json!({
            "type": "FeatureCollection",
            "name": view.model.title,
            "layer": view.layer.kind.to_string(),
            "layer_title": view.layer.title,
            "period": view.period.code(),
            "reference_date": view.reference_date,
            "legend": view.model.legend.iter().map(|e| json!({"label": e.label, "colour": e.colour, "count": e.count})).collect::<Vec<_>>(),
            "schematic_note": view.model.has_schematic().then_some(SCHEMATIC_NOTE),
            "unplaced": view.model.unplaced,
            "features": features,
        }))
    }
}

fn stored_shape(r: &GeometryRecord) -> Result<Shape> {
    let value: Value = serde_json::from_str(&r.geojson).map_err(|e| {
        AppError::internal(
            format!("ranh giới lưu số {} trong cơ sở dữ liệu bị hỏng", r.id),
            e,
        )
    })?;
    geometry_shape(&value).map_err(|e| {
        AppError::internal(
            format!("ranh giới lưu số {} trong cơ sở dữ liệu bị hỏng", r.id),
            e,
        )
    })
}

/// Each leaf's shape and whether it is schematic; `None` when it has
/// neither a boundary nor a centre point. Leaves without a boundary get the
/// cells of their centres, cut to the nearest boundary above them (their
/// group's, else the root's) or, with none, to discs around the centres.
fn place(
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
