//! The digital map on the demo database: a GeoJSON file with one bad feature
//! is refused, naming it, with nothing stored; a valid file's communes are
//! drawn from their boundaries in the colour their figures require; units
//! without a boundary get schematic cells that say so.

mod common;

use common::{actor, demo};
use ntm_app::AppError;
use ntm_app::Program;
use ntm_core::geometry::layer::LayerKind;
use ntm_core::period::Period;
use ntm_core::unit::{UnitId, UnitKind};
use ntm_reports::map::{SCHEMATIC_NOTE, SvgOptions, map_svg};
use ntm_store::AuditQuery;
use serde_json::{Value, json};

const Y2023: Period = Period::year(2023);

/// Phong Thổ's commune-level units in 2023: (id, code, lon, lat).
async fn phong_tho_units(program: &Program) -> Vec<(UnitId, String, f64, f64)> {
    let snapshot = program.snapshot().await.expect("snapshot");
    let h = &snapshot.hierarchy;
    let district = program.resolve(h, "109", Y2023).expect("Phong Thổ");
    let day = h.reference_date(district, Y2023);
    h.descendants_at(district.id, day, &[UnitKind::Commune, UnitKind::Town])
        .into_iter()
        .map(|u| {
            let l = u.location.expect("demo communes have centre points");
            (u.id, u.code.to_string(), l.lon, l.lat)
        })
        .collect()
}

/// A small square around each unit's centre; the `bad`-th feature (1-based)
/// crosses itself.
fn boundaries_file(units: &[(UnitId, String, f64, f64)], bad: Option<usize>) -> Vec<u8> {
    let features: Vec<Value> = units
        .iter()
        .enumerate()
        .map(|(i, (_, code, lon, lat))| {
            let d = 0.008;
            let ring = if bad == Some(i + 1) {
                json!([
                    [lon - d, lat - d],
                    [lon + d, lat + d],
                    [lon + d, lat - d],
                    [lon - d, lat + d],
                    [lon - d, lat - d]
                ])
            } else {
                json!([
                    [lon - d, lat - d],
                    [lon + d, lat - d],
                    [lon + d, lat + d],
                    [lon - d, lat + d],
                    [lon - d, lat - d]
                ])
            };
            json!({"type": "Feature",
                   "properties": {"code": code, "valid_to": "2025-06-30"},
                   "geometry": {"type": "Polygon", "coordinates": [ring]}})
        })
        .collect();
    serde_json::to_vec(&json!({"type": "FeatureCollection", "features": features})).expect("json")
}

/// The SVG of one area: from its `data-code` to the end of its element.
fn area<'s>(svg: &'s str, code: &str) -> &'s str {
    let at = svg
        .find(&format!("data-code=\"{code}\""))
        .unwrap_or_else(|| panic!("{code} is on the map"));
    let start = svg[..at].rfind('<').expect("the element's start");
    let rest = &svg[start..];
    let end = rest
        .find("</a>")
        .or_else(|| rest.find("</g>"))
        .expect("end of area");
    &rest[..end]
}

async fn geometry_audit_rows(program: &Program) -> usize {
    program
        .store()
        .audit(AuditQuery {
            entity: Some(ntm_store::AuditEntity::Geometry),
            limit: 500,
            ..AuditQuery::default()
        })
        .await
        .expect("audit")
        .len()
}

#[tokio::test]
async fn a_file_with_one_bad_feature_is_refused_naming_it_and_nothing_is_stored() {
    let (program, _dir) = demo().await;
    let units = phong_tho_units(&program).await;
    let bytes = boundaries_file(&units, Some(3));
    let err = program
        .import_geometry(&actor(), "phong-tho.geojson", &bytes)
        .await
        .expect_err("refused");
    let AppError::Import(errors) = &err else {
        panic!("an import error: {err}");
    };
    assert_eq!(errors.len(), 1, "{err}");
    let message = errors[0].to_string();
    assert!(
        message.starts_with(&format!(
            "phong-tho.geojson: đối tượng thứ 3 (mã {}): vòng ngoài: tự cắt",
            units[2].1
        )),
        "{message}"
    );
    assert!(err.to_string().contains("không có dữ liệu nào được ghi"), "{err}");
    let ids: Vec<UnitId> = units.iter().map(|u| u.0).collect();
    assert!(program.store().geometries(&ids).await.expect("load").is_empty());
    assert_eq!(geometry_audit_rows(&program).await, 0);
    let view = program
        .map(&actor(), "109", Y2023, &LayerKind::Criteria, None)
        .await
        .expect("map");
    assert_eq!(view.with_boundary, 0, "still all schematic");

    // A code that names two units needs dates; a code that names none is named.
    let ambiguous = br#"{"type":"FeatureCollection","features":[
        {"type":"Feature","properties":{"code":"03583"},"geometry":{"type":"Polygon","coordinates":[[[103.33,22.54],[103.35,22.54],[103.35,22.55],[103.33,22.54]]]}},
        {"type":"Feature","properties":{"code":"99999"},"geometry":{"type":"Polygon","coordinates":[[[103.33,22.54],[103.35,22.54],[103.35,22.55],[103.33,22.54]]]}},
        {"type":"Feature","properties":{"code":"03589"},"geometry":{"type":"Polygon","coordinates":[[[22.54,103.33],[22.54,103.35],[22.55,103.35],[22.54,103.33]]]}}]}"#;
    let err = program
        .import_geometry(&actor(), "f.geojson", ambiguous)
        .await
        .expect_err("refused")
        .to_string();
    assert!(
        err.contains("đối tượng thứ 1 (mã 03583): mã 03583 được dùng cho 2 đơn vị"),
        "{err}"
    );
    assert!(
        err.contains("đối tượng thứ 2 (mã 99999): không có đơn vị nào mang mã 99999"),
        "{err}"
    );
    assert!(
        err.contains("đối tượng thứ 3 (mã 03589): vòng ngoài, điểm thứ 1"),
        "swapped lon/lat: {err}"
    );
}

#[tokio::test]
async fn imported_communes_are_drawn_in_the_colour_their_figures_require() {
    let (program, _dir) = demo().await;
    let units = phong_tho_units(&program).await;
    let bytes = boundaries_file(&units, None);
    let summary = program
        .import_geometry(&actor(), "phong-tho.geojson", &bytes)
        .await
        .expect("imported");
    assert_eq!((summary.rows, summary.created), (units.len(), units.len()));
    let again = program
        .import_file(&actor(), "phong-tho.geojson", &bytes)
        .await
        .expect("the generic import recognises GeoJSON");
    assert_eq!(again.unchanged, units.len(), "an unchanged file changes nothing");
    assert_eq!(geometry_audit_rows(&program).await, units.len());

    let view = program
        .map(&actor(), "109", Y2023, &LayerKind::Criteria, None)
        .await
        .expect("map");
    assert_eq!((view.with_boundary, view.schematic), (units.len(), 0));
    let svg = map_svg(&view.model, &SvgOptions::WEB);
    let stats = program.stats(&actor(), "109", Y2023, None).await.expect("stats");
    // The four report brackets, best first, and grey for no data at all.
    let bracket_colours = ["#1a7f37", "#c3c552", "#e8753b", "#c0392b"];
    let mut brackets = stats.brackets.clone();
    brackets.sort_by_key(|b| std::cmp::Reverse(b.min));
    assert_eq!(brackets.len(), 4);
    for commune in &stats.per_commune {
        let drawn = area(&svg, &commune.code);
        assert!(drawn.contains("data-schematic=\"false\""), "{drawn}");
        assert!(
            drawn.contains(&format!("href=\"/units/{}?period=2023\"", commune.code)),
            "{drawn}"
        );
        let no_data = commune.met == 0 && commune.not_met_criteria.is_empty();
        let expected = if no_data {
            "#c5cad3"
        } else {
            let rank = brackets
                .iter()
                .position(|b| (b.min..=b.max).contains(&commune.met))
                .expect("a bracket");
            bracket_colours[rank]
        };
        assert!(
            drawn.contains(&format!("class=\"fill\" fill=\"{expected}\"")),
            "{} with {} criteria: {drawn}",
            commune.name,
            commune.met
        );
        assert!(
            drawn.contains(&format!("Đạt {}/", commune.met)),
            "figures in the title: {drawn}"
        );
    }
    // Phong Thổ 2023 spans the range: some at 19, some under 10.
    assert!(svg.contains("fill=\"#1a7f37\"") && svg.contains("fill=\"#c0392b\""));
    assert!(!svg.contains("SƠ ĐỒ"), "nothing schematic");

    // One criterion: Sì Lở Lầu lacks criterion 8 in 2023 (seed 001).
    let view = program
        .map(&actor(), "109", Y2023, &LayerKind::Criterion("8".into()), None)
        .await
        .expect("criterion map");
    let svg = map_svg(&view.model, &SvgOptions::WEB);
    for c in &stats.per_commune {
        let expected = if c.met_criteria.iter().any(|k| k == "8") {
            "#1a7f37"
        } else if c.not_met_criteria.iter().any(|k| k == "8") {
            "#c0392b"
        } else {
            "#c5cad3"
        };
        assert!(
            area(&svg, &c.code).contains(&format!("fill=\"{expected}\"")),
            "{}",
            c.name
        );
    }
    assert!(area(&svg, "03550").contains("fill=\"#c0392b\""));

    // The stored boundaries come back as GeoJSON with their validity.
    let stored = program
        .geometry_geojson(&actor(), "109", Y2023)
        .await
        .expect("geojson");
    assert_eq!(stored["features"].as_array().map(Vec::len), Some(units.len()));
    assert_eq!(stored["features"][0]["properties"]["valid_to"], "2025-06-30");
    // In 2026 those communes no longer exist: the new ones have no boundary.
    let later = program
        .map(&actor(), "12", Period::year(2026), &LayerKind::Criteria, None)
        .await
        .expect("2026");
    assert_eq!(later.with_boundary, 0);
}

#[tokio::test]
async fn units_without_a_boundary_are_schematic_and_say_so() {
    let (program, _dir) = demo().await;
    let view = program
        .map(&actor(), "12", Y2023, &LayerKind::Criteria, None)
        .await
        .expect("province map");
    assert!(view.schematic > 100, "Lai Châu's communes: {}", view.schematic);
    assert_eq!(view.with_boundary, 0);
    assert_eq!(view.model.groups.len(), 8, "the eight districts of 2023");
    assert!(view.rows.iter().all(|r| r.drawn_as == "sơ đồ"));
    let web = map_svg(&view.model, &SvgOptions::WEB);
    assert!(web.contains(">SƠ ĐỒ</text>"), "the picture says it");
    assert!(web.contains(SCHEMATIC_NOTE), "in its description");
    for a in &view.model.areas {
        let drawn = area(&web, &a.code);
        assert!(drawn.contains("data-schematic=\"true\""));
        assert!(drawn.contains(" (sơ đồ) — "), "in the title: {drawn}");
        assert!(drawn.contains("fill=\"url(#so-do)\""), "hatched: {drawn}");
    }
    for g in ["Phong Thổ", "Mường Tè", "Tam Đường"] {
        assert!(web.contains(&format!(">{g}</text>")), "district {g} named");
    }
    let document = map_svg(&view.model, &SvgOptions::DOCUMENT);
    assert!(document.contains(SCHEMATIC_NOTE) && document.contains("Bản đồ Tỉnh Lai Châu"));
    // Schematic cells do not overlap: their areas add up to less than the
    // box around them all, and each holds its own centre.
    let geojson = program
        .map_geojson(&actor(), "12", Y2023, &LayerKind::Criteria, None)
        .await
        .expect("geojson");
    let features = geojson["features"].as_array().expect("features");
    assert_eq!(features.len(), view.model.areas.len());
    assert!(features.iter().all(|f| f["properties"]["schematic"] == true));
    assert!(features.iter().all(|f| f["properties"]["drawn_as"] == "sơ đồ"));
    assert_eq!(geojson["schematic_note"], SCHEMATIC_NOTE);
    assert_eq!(geojson["layer"], "criteria");

    // A criterion must exist.
    let err = program
        .map(&actor(), "109", Y2023, &LayerKind::Criterion("42".into()), None)
        .await
        .expect_err("no criterion 42")
        .to_string();
    assert!(err.contains("không có tiêu chí \"42\""), "{err}");
}

#[tokio::test]
async fn the_report_picture_is_a_png_of_the_map() {
    let (program, _dir) = demo().await;
    let picture = program
        .map_picture(&actor(), "109", Y2023, &LayerKind::Criteria, None)
        .await
        .expect("picture");
    assert!(picture.png.starts_with(b"\x89PNG\r\n\x1a\n"));
    assert_eq!(picture.width, ntm_app::map::REPORT_MAP_WIDTH);
    assert!(picture.height > 300, "{}", picture.height);
    assert!(picture.caption.contains("Huyện Phong Thổ") && picture.caption.contains("sơ đồ"));
}

#[tokio::test]
async fn plan_and_money_layers_colour_communes_by_their_registrations_and_capital() {
    use ntm_core::money::{Allocation, Disbursement, Project, ProjectStatus};
    use ntm_core::plan::registration::RegistrationStatus;
    use ntm_core::quantity::Quantity;

    let (program, _dir) = demo().await;
    let y2024 = Period::year(2024);
    // The plan: every commune's colour follows from its registrations of 2024.
    let plan = program
        .plan_status(&actor(), "109", 2024, Some(y2024))
        .await
        .expect("plan");
    assert!(
        !plan.registrations.is_empty(),
        "the demo registers criteria for 2024"
    );
    let view = program
        .map(&actor(), "109", y2024, &LayerKind::Plan, None)
        .await
        .expect("plan map");
    let svg = map_svg(&view.model, &SvgOptions::WEB);
    let mut coloured = 0;
    // A town is on the map but not judged by the commune criteria.
    let judged = |row: &&ntm_app::map::MapRow| row.unit.kind == UnitKind::Commune;
    for row in view.rows.iter().filter(judged) {
        let mine: Vec<_> = plan
            .registrations
            .iter()
            .filter(|r| r.unit.code == row.unit.code)
            .collect();
        let expected = if mine.is_empty() {
            "#c5cad3"
        } else if mine.iter().any(|r| r.status == RegistrationStatus::Missed) {
            "#c0392b"
        } else if mine.iter().any(|r| r.status == RegistrationStatus::InProgress) {
            "#f4c542"
        } else {
            "#1a7f37"
        };
        coloured += usize::from(!mine.is_empty());
        assert!(
            area(&svg, &row.unit.code).contains(&format!("fill=\"{expected}\"")),
            "{}: {mine:?}",
            row.unit.name
        );
    }
    assert!(
        coloured >= 10,
        "the registering communes are coloured: {coloured}"
    );

    // Money: the seeds give district totals only, so a project for two
    // communes is entered; those two are blue, the others grey.
    let amount = |s: &str| Quantity::parse_vi(s).expect("amount");
    let project = Project {
        code: "GT-03550".into(),
        name: "Cứng hóa đường trục thôn Sì Lở Lầu, Mồ Sì San".into(),
        communes: vec!["03550".into(), "03553".into()],
        criteria: vec!["2".into()],
        owner: "UBND huyện Phong Thổ".into(),
        status: ProjectStatus::Ongoing,
        planned_end: None,
        allocations: vec![Allocation {
            year: 2023,
            source: "tw.dtpt".into(),
            amount: amount("2.500"),
            carried_from: None,
        }],
        disbursements: vec![Disbursement {
            year: 2023,
            source: "tw.dtpt".into(),
            amount: amount("1.000"),
            on: time::macros::date!(2023 - 10 - 31),
            note: None,
        }],
    };
    program
        .save_project(&actor(), "109", 2023, project, None)
        .await
        .expect("project");
    let view = program
        .map(&actor(), "109", Y2023, &LayerKind::Money, None)
        .await
        .expect("money map");
    let svg = map_svg(&view.model, &SvgOptions::WEB);
    for row in view.rows.iter().filter(judged) {
        let drawn = area(&svg, &row.unit.code);
        if ["03550", "03553"].contains(&row.unit.code.as_str()) {
            assert!(!drawn.contains("fill=\"#c5cad3\""), "{drawn}");
            assert!(drawn.contains("Vốn năm 2023: 2.500 triệu đồng"), "{drawn}");
            assert!(drawn.contains("Đã giải ngân 1.000 triệu đồng (40,0%)"), "{drawn}");
        } else {
            // The district's projects name the communes they serve: one
            // they do not name has no money, told apart from the grey of no data.
            assert!(drawn.contains("fill=\"#fbf3d5\""), "{}: {drawn}", row.unit.name);
            assert!(
                drawn.contains("Không có vốn năm 2023"),
                "{}: {drawn}",
                row.unit.name
            );
        }
    }
    // A commune's own map has no plan or money layer, and says why.
    let err = program
        .map(&actor(), "03550", Y2023, &LayerKind::Money, None)
        .await
        .expect_err("commune level")
        .to_string();
    assert!(err.contains("chỉ có cho huyện, tỉnh"), "{err}");
}
