//! The digital map: boundaries imported from GeoJSON (checked, matched to
//! units by code and date, stored with their validity, all of a file or
//! nothing), and maps of a province, district or commune for a period,
//! coloured by a layer, with a schematic cell for every unit that has a
//! centre point but no boundary. The same map feeds the web page (SVG), the
//! reports (PNG) and GIS tools (GeoJSON).
//!
//! Here: the map itself (its units, groups and stored boundaries), its
//! pictures and its GeoJSON layer. `drawing.rs`: each unit placed (its
//! boundary or a schematic cell), coloured, listed, and the legend.
//! `boundaries.rs`: importing and exporting boundaries. `layers.rs`: the layers — criteria
//! met, one criterion, the plan (registrations of the year) and money
//! (capital per commune); adding one is a [`Layer`] builder in the core and
//! an arm in `Program::map_layer`.
//! `geojson.rs`: GeoJSON read (one error per bad feature) and written.
//!
//! Not here: drawing the pictures (ntm-reports) or deciding a unit's figure
//! (the layers read the same figures as the pages).

mod boundaries;
mod drawing;
pub mod geojson;
mod layers;

use std::collections::HashMap;

use ntm_core::aggregate::{BracketFigure, CommuneFigure, SetRef, Stats, UnitRef};
use ntm_core::geometry::Shape;
use ntm_core::geometry::layer::{Layer, LayerKind};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::unit::{Unit, UnitId, UnitKind};
use ntm_core::validity::format_date_vi;
use ntm_reports::map::{ClassMark, MapGroup, MapModel, MapPicture, SCHEMATIC_NOTE, map_png};
use ntm_store::GeometryRecord;
use serde_json::{Value, json};
use time::Date;

use crate::accounts::access::Actor;
use crate::error::{AppError, Result};
use crate::map::drawing::{draw, legend, place};
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

impl Figures {
    /// The figures of the communes under a province or district.
    fn of_communes(stats: &Stats) -> Figures {
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
    }
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
        let leaves = leaves_of(root, hierarchy, day);
        let figures = if root.kind.is_aggregate() {
            Figures::of_communes(&*self.shared_stats(actor, code, period, set).await?)
        } else {
            self.village_figures(&snapshot, &leaves, period).await?
        };
        let layer = self.map_layer(actor, root, period, layer, &figures).await?;
        let groups = district_groups(root, hierarchy, day);
        let group_of = |leaf: &Unit| {
            let parent = hierarchy.parent_at(leaf.id, day)?;
            groups.iter().position(|g| g.id == parent.id)
        };
        let mut ids: Vec<UnitId> = leaves.iter().map(|u| u.id).collect();
        ids.extend(groups.iter().map(|g| g.id));
        ids.push(root.id);
        let boundaries = self.boundaries_at(&ids, day).await?;
        let shapes = place(root, &leaves, &groups, &group_of, &boundaries);
        let drawing = draw(&leaves, shapes, &layer, period, &group_of);
        let model = MapModel {
            title: format!("Bản đồ {} — {}", root.full_name(), period.label_vi()),
            subtitle: layer.title.clone(),
            areas: drawing.areas,
            groups: groups
                .iter()
                .map(|g| MapGroup {
                    code: g.code.to_string(),
                    label: g.name.clone(),
                })
                .collect(),
            legend: legend(&layer, drawing.not_judged),
            unplaced: drawing.unplaced,
        };
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
            rows: drawing.rows,
            with_boundary: drawing.with_boundary,
            schematic: drawing.schematic,
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

/// What a map shows: a province's or district's commune-level units on
/// `day`, a commune's villages.
fn leaves_of<'h>(root: &Unit, hierarchy: &'h Hierarchy, day: Date) -> Vec<&'h Unit> {
    if root.kind.is_aggregate() {
        hierarchy.subtree_at(root.id, day, &COMMUNE_LEVEL)
    } else {
        hierarchy
            .children_at(root.id, day)
            .filter(|u| u.kind == UnitKind::Village)
            .collect()
    }
}

/// The districts a province's map outlines its communes by; none for other maps.
fn district_groups<'h>(root: &Unit, hierarchy: &'h Hierarchy, day: Date) -> Vec<&'h Unit> {
    if root.kind == UnitKind::Province {
        hierarchy
            .children_at(root.id, day)
            .filter(|u| u.kind == UnitKind::District)
            .collect()
    } else {
        Vec::new()
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
