//! The digital map: boundaries imported from GeoJSON (checked, matched to
//! units by code and date, stored with their validity, all of a file or
//! nothing), and maps of a province, district or commune for a period,
//! coloured by a layer, with a schematic cell for every unit that has a
//! centre point but no boundary. The same map feeds the web page (SVG), the
//! reports (PNG) and GIS tools (GeoJSON).
//!
//! Layers: criteria met, one criterion, the plan (registrations of the
//! year) and money (capital per commune); adding one is a [`Layer`] builder
//! in the core and an arm in `Program::map_layer`.

use std::collections::HashMap;

use ntm_core::aggregate::{BracketFigure, CommuneFigure, SetRef, UnitRef};
use ntm_core::criteria::CriteriaSet;
use ntm_core::evaluation::CriterionStatus;
use ntm_core::geometry::layer::{Layer, LayerKind, NOT_JUDGED_COLOUR, criteria_layer, criterion_layer};
use ntm_core::geometry::money_layer::{CommuneMoney, money_layer};
use ntm_core::geometry::plan_layer::{CommunePlan, PlannedItem, plan_layer};
use ntm_core::geometry::schematic::schematic_cells;
use ntm_core::geometry::{Point, Shape};
use ntm_core::hierarchy::Hierarchy;
use ntm_core::period::Period;
use ntm_core::quantity::Quantity;
use ntm_core::unit::{Unit, UnitId, UnitKind};
use ntm_core::validity::{Validity, format_date_vi};
use ntm_reports::map::{LegendEntry, MapArea, MapGroup, MapModel, MapPicture, SCHEMATIC_NOTE, map_png};
use ntm_store::{GeometryRecord, GeometryWrite};
use serde_json::{Value, json};
use sha2::{Digest, Sha256};

use crate::access::{Actor, can_administer};
use crate::error::{AppError, Result};
use crate::evaluation_report::Context;
use crate::geojson::{
    FeatureInput, date_json, feature_label, geometry_shape, read_features, shape_json, validity_text,
};
use crate::import::values::set_for_unit;
use crate::import::{ImportError, ImportSummary};
use crate::program::{Program, Snapshot};
use crate::unit_detail::visible_unit;

/// The width of report pictures, in pixels.
pub const REPORT_MAP_WIDTH: u32 = 1400;

/// Farther than this (in degrees, about 55 km) from a unit's centre point,
/// a boundary is taken for a wrong code or swapped coordinates.
const MAX_CENTRE_DISTANCE: f64 = 0.5;

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
    /// Imports a GeoJSON file of boundaries in one transaction: every
    /// feature is checked (shape, code, dates) and matched to the unit its
    /// code names in its validity; one problem per bad feature, and nothing
    /// is stored if there is any. Administrators only.
    pub async fn import_geometry(&self, actor: &Actor, file: &str, bytes: &[u8]) -> Result<ImportSummary> {
        if !can_administer(actor) {
            return Err(AppError::Forbidden(
                "chỉ quản trị hệ thống được nhập ranh giới đơn vị hành chính".into(),
            ));
        }
        let features = read_features(file, bytes).map_err(AppError::Import)?;
        let snapshot = self.snapshot().await?;
        // Features that read well are matched too, so every problem shows at once.
        let writes = plan_geometry(file, &features, &snapshot.hierarchy).map_err(AppError::Import)?;
        let rows = writes.len();
        let done = self.store().write_geometries(writes, actor.context()).await?;
        Ok(ImportSummary {
            rows,
            created: done.created,
            updated: done.replaced,
            unchanged: done.unchanged,
        })
    }

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
            let (class_key, class_label, colour, figures) = match layer.shade(leaf.code.as_str()) {
                Some((class, shade)) => (
                    class.key.clone(),
                    class.label.clone(),
                    class.colour.clone(),
                    shade.figures.clone(),
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
            })
            .collect();
        if not_judged > 0 {
            model.legend.push(LegendEntry {
                label: "Không thuộc diện đánh giá".into(),
                colour: NOT_JUDGED_COLOUR.into(),
                count: not_judged,
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

    /// The layer a map asks for, from the figures.
    async fn map_layer(
        &self,
        actor: &Actor,
        root: &Unit,
        period: Period,
        kind: &LayerKind,
        figures: &Figures,
    ) -> Result<Layer> {
        let set_name = figures.set.as_ref().map_or("", |s| s.name.as_str());
        let year = period.calendar_year();
        if matches!(kind, LayerKind::Plan | LayerKind::Money) && !root.kind.is_aggregate() {
            return Err(AppError::Invalid(format!(
                "bản đồ theo {} chỉ có cho huyện, tỉnh (các xã của nó): {} là cấp xã",
                kind.name_vi(),
                root.full_name()
            )));
        }
        match kind {
            LayerKind::Criteria => Ok(criteria_layer(&figures.units, &figures.brackets, set_name)),
            LayerKind::Criterion(code) => {
                let (code, name) = figures.criteria.iter().find(|(c, _)| c == code).ok_or_else(|| {
                    AppError::NotFound(format!(
                        "{set_name} không có tiêu chí \"{code}\" (có: {})",
                        figures
                            .criteria
                            .iter()
                            .map(|(c, _)| c.as_str())
                            .collect::<Vec<_>>()
                            .join(", ")
                    ))
                })?;
                Ok(criterion_layer(&figures.units, code, name))
            }
            LayerKind::Plan => {
                let plan = self
                    .plan_status(actor, root.code.as_str(), year, Some(period))
                    .await?;
                let communes: Vec<CommunePlan> = figures
                    .units
                    .iter()
                    .map(|u| CommunePlan {
                        code: u.code.clone(),
                        items: plan
                            .registrations
                            .iter()
                            .filter(|r| r.unit.code == u.code)
                            .map(|r| PlannedItem {
                                label: match &r.indicator {
                                    Some(i) => format!("Chỉ tiêu {i} (tiêu chí {})", r.criterion),
                                    None => format!("Tiêu chí {} ({})", r.criterion, r.criterion_name),
                                },
                                status: r.status,
                            })
                            .collect(),
                    })
                    .collect();
                Ok(plan_layer(year, &communes))
            }
            LayerKind::Money => {
                let money = self.money_summary(actor, root.code.as_str(), year).await?;
                let communes: Vec<CommuneMoney> = figures
                    .units
                    .iter()
                    .map(|u| {
                        let line = money.by_commune.iter().find(|l| l.key == u.code);
                        CommuneMoney {
                            code: u.code.clone(),
                            allocated: line.map_or(Quantity::ZERO, |l| l.allocated_amount),
                            carried_in: line.map_or(Quantity::ZERO, |l| l.carried_in_amount),
                            disbursed: line.map_or(Quantity::ZERO, |l| l.disbursed_amount),
                        }
                    })
                    .collect();
                Ok(money_layer(year, &communes))
            }
        }
    }

    /// Each village's figures under the village set, in the form layers take.
    async fn village_figures(
        &self,
        snapshot: &Snapshot,
        villages: &[&Unit],
        period: Period,
    ) -> Result<Figures> {
        let hierarchy = &snapshot.hierarchy;
        let Some(set) = villages
            .first()
            .and_then(|v| set_for_unit(self.catalog(), hierarchy, v, period))
        else {
            return Ok(Figures {
                units: Vec::new(),
                brackets: Vec::new(),
                set: None,
                criteria: Vec::new(),
            });
        };
        let values = self.period_values(period).await?;
        let ctx = Context {
            hierarchy,
            agencies: &snapshot.agencies,
            set,
        };
        let units = villages
            .iter()
            .map(|v| {
                let r = ctx.evaluate(v, period, &values);
                let codes = |status: CriterionStatus| {
                    r.criteria
                        .iter()
                        .filter(|c| c.status == status)
                        .map(|c| c.code.clone())
                        .collect::<Vec<_>>()
                };
                CommuneFigure {
                    code: v.code.to_string(),
                    name: v.name.clone(),
                    met: r.met,
                    met_criteria: codes(CriterionStatus::Met),
                    not_met_criteria: codes(CriterionStatus::NotMet),
                    no_data_criteria: codes(CriterionStatus::NoData),
                    standard_met: r.standard_met,
                    recognized: None,
                }
            })
            .collect();
        Ok(Figures {
            units,
            brackets: brackets_of(set),
            set: Some(SetRef::of(set)),
            criteria: set
                .criteria
                .iter()
                .map(|c| (c.code.clone(), c.name.clone()))
                .collect(),
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
            .map_err(|e| AppError::Invalid(format!("không vẽ được bản đồ: {e}")))?
            .map_err(|e| AppError::Invalid(e.to_string()))
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

    /// The stored boundaries (not schematic cells) of a unit and of the units
    /// its map shows, valid on the period's reference date, as GeoJSON.
    pub async fn geometry_geojson(&self, actor: &Actor, code: &str, period: Period) -> Result<Value> {
        let snapshot = self.snapshot().await?;
        let root = visible_unit(self, actor, &snapshot, code, period)?;
        let hierarchy = &snapshot.hierarchy;
        let day = hierarchy.reference_date(root, period);
        let mut units: Vec<&Unit> = vec![root];
        units.extend(hierarchy.descendants_at(root.id, day, &UnitKind::ALL));
        let ids: Vec<UnitId> = units.iter().map(|u| u.id).collect();
        let records = self.store().geometries(&ids).await?;
        let by_id: HashMap<UnitId, &Unit> = units.iter().map(|u| (u.id, *u)).collect();
        let mut features = Vec::new();
        for r in records.iter().filter(|r| r.validity.contains(day)) {
            let Some(unit) = by_id.get(&r.unit) else { continue };
            let geometry: Value = serde_json::from_str(&r.geojson).map_err(|e| {
                AppError::Invalid(format!("ranh giới lưu của {} hỏng: {e}", unit.full_name()))
            })?;
            features.push(json!({
                "type": "Feature",
                "geometry": geometry,
                "properties": {
                    "code": unit.code.as_str(), "name": unit.full_name(), "kind": unit.kind.key(),
                    "valid_from": date_json(r.validity.from), "valid_to": date_json(r.validity.to),
                    "source": r.source, "imported_at": r.imported_at,
                }
            }));
        }
        Ok(json!({
            "type": "FeatureCollection",
            "name": format!("Ranh giới {} — ngày {}", root.full_name(), format_date_vi(day)),
            "features": features,
        }))
    }
}

fn brackets_of(set: &CriteriaSet) -> Vec<BracketFigure> {
    set.brackets
        .iter()
        .map(|b| BracketFigure {
            label: b.label.clone(),
            min: b.min,
            max: b.max,
            count: 0,
            communes: Vec::new(),
        })
        .collect()
}

fn stored_shape(r: &GeometryRecord) -> Result<Shape> {
    let value: Value = serde_json::from_str(&r.geojson)
        .map_err(|e| AppError::Invalid(format!("ranh giới lưu số {} hỏng: {e}", r.id)))?;
    geometry_shape(&value).map_err(|e| AppError::Invalid(format!("ranh giới lưu số {} hỏng: {e}", r.id)))
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

/// Matches checked features to units and makes the writes; every problem of
/// the file at once.
fn plan_geometry(
    file: &str,
    features: &[std::result::Result<FeatureInput, ImportError>],
    hierarchy: &Hierarchy,
) -> std::result::Result<Vec<GeometryWrite>, Vec<ImportError>> {
    let mut errors = Vec::new();
    let mut writes: Vec<(usize, GeometryWrite)> = Vec::new();
    for f in features {
        let f = match f {
            Ok(f) => f,
            Err(e) => {
                errors.push(e.clone());
                continue;
            }
        };
        let label = feature_label(f.index, Some(&f.code));
        let fail = |message: String| ImportError::at(file, 0, "", format!("{label}: {message}"));
        let unit = match match_unit(f, hierarchy) {
            Ok(u) => u,
            Err(message) => {
                errors.push(fail(message));
                continue;
            }
        };
        if let (Some(loc), Some(b)) = (unit.location, f.shape.bounds()) {
            let dx = (b.min.x - loc.lon).max(loc.lon - b.max.x).max(0.0);
            let dy = (b.min.y - loc.lat).max(loc.lat - b.max.y).max(0.0);
            if dx.hypot(dy) > MAX_CENTRE_DISTANCE {
                errors.push(fail(format!(
                    "ranh giới cách tọa độ trung tâm của {} ({}, {}) khoảng {} km: có thể sai mã, hoặc kinh độ và vĩ độ bị đảo",
                    unit.full_name(),
                    loc.lat,
                    loc.lon,
                    (dx.hypot(dy) * 111.0).round()
                )));
                continue;
            }
        }
        if let Some((other, _)) = writes
            .iter()
            .find(|(_, w)| w.unit == unit.id && overlap(&w.validity, &f.validity))
        {
            errors.push(fail(format!(
                "trùng với đối tượng thứ {other}: cùng {} trong thời gian giao nhau",
                unit.full_name()
            )));
            continue;
        }
        let geometry = shape_json(&f.shape).to_string();
        let sha256 = hex::encode(Sha256::digest(geometry.as_bytes()));
        let bounds = f
            .shape
            .bounds()
            .map_or([0.0; 4], |b| [b.min.x, b.min.y, b.max.x, b.max.y]);
        writes.push((
            f.index,
            GeometryWrite {
                unit: unit.id,
                validity: f.validity,
                geojson: geometry,
                sha256,
                bounds,
                source: file.to_string(),
            },
        ));
    }
    if errors.is_empty() {
        Ok(writes.into_iter().map(|(_, w)| w).collect())
    } else {
        Err(errors)
    }
}

fn overlap(a: &Validity, b: &Validity) -> bool {
    a.from.is_none_or(|f| b.to.is_none_or(|t| f <= t)) && b.from.is_none_or(|f| a.to.is_none_or(|t| f <= t))
}

/// The one unit a feature's code names within its validity. A code written
/// as a number may have lost its leading zeros: "3589" also tries "03589".
fn match_unit<'h>(f: &FeatureInput, hierarchy: &'h Hierarchy) -> std::result::Result<&'h Unit, String> {
    let mut candidates = vec![f.code.clone()];
    if f.numeric_code {
        for width in [2, 3, 5] {
            if f.code.len() < width {
                candidates.push(format!("{:0>width$}", f.code));
            }
        }
    }
    for text in &candidates {
        let Ok(code) = text.parse::<ntm_core::unit::UnitCode>() else {
            continue;
        };
        let found: Vec<&Unit> = hierarchy
            .units_with_code(&code)
            .filter(|u| overlap(&u.validity, &f.validity))
            .collect();
        match found.as_slice() {
            [] => continue,
            [one] => return Ok(one),
            many => {
                return Err(format!(
                    "mã {text} được dùng cho {} đơn vị ({}); ghi valid_from, valid_to để chọn một",
                    many.len(),
                    many.iter()
                        .map(|u| format!("{} {}", u.full_name(), validity_text(&u.validity)))
                        .collect::<Vec<_>>()
                        .join("; ")
                ));
            }
        }
    }
    if f.code.parse::<ntm_core::unit::UnitCode>().is_err() {
        return Err(format!("mã \"{}\" không hợp lệ", f.code));
    }
    Err(match (f.validity.from, f.validity.to) {
        (None, None) => format!("không có đơn vị nào mang mã {}", f.code),
        _ => format!(
            "không có đơn vị nào mang mã {} trong thời gian {}",
            f.code,
            validity_text(&f.validity)
        ),
    })
}
