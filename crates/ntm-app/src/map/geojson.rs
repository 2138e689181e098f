//! GeoJSON (RFC 7946) in and out: reading a file of unit boundaries into
//! checked shapes, one problem per bad feature named by its number and code;
//! writing shapes and map layers back as GeoJSON for GIS tools (QGIS).
//!
//! A feature is a unit's boundary: `properties.code` (or `ma`, `ma_dvhc`,
//! `mã`) is the official code; `valid_from` / `valid_to` (ISO or dd/mm/yyyy)
//! optionally limit when it holds; the geometry is a Polygon or
//! MultiPolygon in WGS84 longitude/latitude. See docs/maps.md.

use ntm_core::geometry::{Point, Shape, shape_from_parts};
use ntm_core::input::limits;
use ntm_core::input::messages::json_vi;
use ntm_core::input::nfc;
use ntm_core::quantity::group_thousands;
use ntm_core::validity::{Validity, parse_date};
use serde_json::{Map, Value, json};

use crate::documents::import::ImportError;

/// A feature that read well.
#[derive(Debug, Clone, PartialEq)]
pub struct FeatureInput {
    /// 1-based, in file order.
    pub index: usize,
    /// As written; numbers were turned into text.
    pub code: String,
    /// Whether the code was written as a number (its leading zeros may be lost).
    pub numeric_code: bool,
    pub validity: Validity,
    pub shape: Shape,
}

/// The property names that may hold the unit code, in order of preference.
const CODE_KEYS: [&str; 8] = [
    "code",
    "ma",
    "mã",
    "ma_dvhc",
    "madvhc",
    "ma_xa",
    "unit_code",
    "id",
];
const FROM_KEYS: [&str; 3] = ["valid_from", "hieu_luc_tu", "tu_ngay"];
const TO_KEYS: [&str; 3] = ["valid_to", "hieu_luc_den", "den_ngay"];

/// "đối tượng thứ 3 (mã 03589)".
pub fn feature_label(index: usize, code: Option<&str>) -> String {
    match code {
        Some(c) => format!("đối tượng thứ {index} (mã {c})"),
        None => format!("đối tượng thứ {index}"),
    }
}

fn error(file: &str, message: String) -> ImportError {
    ImportError::at(file, 0, "", message)
}

fn property<'a>(props: &'a Map<String, Value>, keys: &[&str]) -> Option<&'a Value> {
    keys.iter().find_map(|k| {
        props
            .iter()
            .find(|(name, v)| name.to_lowercase() == *k && !v.is_null())
            .map(|(_, v)| v)
    })
}

/// Reads every feature, each to a shape or to the problem that names it;
/// a file that is not GeoJSON at all is one error.
pub fn read_features(
    file: &str,
    bytes: &[u8],
) -> Result<Vec<Result<FeatureInput, ImportError>>, Vec<ImportError>> {
    let root = read_json(file, bytes)?;
    check_crs(file, &root)?;
    let features = features_of(file, &root)?;
    check_count(file, features.len())?;
    Ok(features
        .into_iter()
        .enumerate()
        .map(|(i, feature)| read_feature(i + 1, feature).map_err(|message| error(file, message)))
        .collect())
}

/// The file as JSON: within the size limit, UTF-8 (a byte order mark
/// skipped), normalised to NFC.
fn read_json(file: &str, bytes: &[u8]) -> Result<Value, Vec<ImportError>> {
    limits::GEOJSON
        .check(bytes.len() as u64)
        .map_err(|e| vec![error(file, e.to_string())])?;
    let text = std::str::from_utf8(bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes)).map_err(|_| {
        vec![error(
            file,
            "tệp không phải văn bản UTF-8; GeoJSON phải là UTF-8".into(),
        )]
    })?;
    let text = nfc(text);
    serde_json::from_str(&text).map_err(|e| {
        vec![ImportError::at(
            file,
            e.line() as u64,
            "",
            format!(
                "không đọc được JSON (cột {}): {}",
                e.column(),
                json_vi(&e.to_string())
            ),
        )]
    })
}

/// A coordinate system, when the file names one, must be WGS84 longitude/latitude.
fn check_crs(file: &str, root: &Value) -> Result<(), Vec<ImportError>> {
    let Some(crs) = root.get("crs") else {
        return Ok(());
    };
    let name = crs
        .pointer("/properties/name")
        .and_then(Value::as_str)
        .unwrap_or("")
        .to_uppercase();
    if name.contains("CRS84") || name.ends_with("EPSG::4326") || name.ends_with("EPSG:4326") {
        return Ok(());
    }
    Err(vec![error(
        file,
        format!(
            "hệ tọa độ \"{name}\" không được hỗ trợ: cần kinh độ, vĩ độ WGS84 (EPSG:4326); chuyển bằng: ogr2ogr -t_srs EPSG:4326 -f GeoJSON ra.geojson vao.shp"
        ),
    )])
}

/// The features of a FeatureCollection, or a lone Feature.
fn features_of<'v>(file: &str, root: &'v Value) -> Result<Vec<&'v Value>, Vec<ImportError>> {
    match root.get("type").and_then(Value::as_str) {
        Some("FeatureCollection") => match root.get("features").and_then(Value::as_array) {
            Some(list) => Ok(list.iter().collect()),
            None => Err(vec![error(
                file,
                "FeatureCollection không có mảng \"features\"".into(),
            )]),
        },
        Some("Feature") => Ok(vec![root]),
        Some(other) => Err(vec![error(
            file,
            format!(
                "kiểu GeoJSON \"{other}\": cần FeatureCollection (mỗi đối tượng là ranh giới một đơn vị, thuộc tính code là mã đơn vị)"
            ),
        )]),
        None => Err(vec![error(
            file,
            "không phải GeoJSON: thiếu thuộc tính \"type\"".into(),
        )]),
    }
}

/// A file has at least one feature, and no more than the limit.
fn check_count(file: &str, count: usize) -> Result<(), Vec<ImportError>> {
    if count == 0 {
        return Err(vec![error(file, "tệp không có đối tượng nào".into())]);
    }
    if count > limits::MAX_FEATURES {
        return Err(vec![error(
            file,
            format!(
                "tệp có {} đối tượng, quá giới hạn {} đối tượng: hãy chia theo tỉnh",
                group_thousands(count as u64),
                group_thousands(limits::MAX_FEATURES as u64)
            ),
        )]);
    }
    Ok(())
}

/// Every feature, or every problem.
pub fn all_or_errors(
    features: Vec<Result<FeatureInput, ImportError>>,
) -> Result<Vec<FeatureInput>, Vec<ImportError>> {
    let (good, bad): (Vec<_>, Vec<_>) = features.into_iter().partition(Result::is_ok);
    if bad.is_empty() {
        Ok(good.into_iter().filter_map(Result::ok).collect())
    } else {
        Err(bad.into_iter().filter_map(Result::err).collect())
    }
}

fn read_feature(index: usize, feature: &Value) -> Result<FeatureInput, String> {
    let props = feature.get("properties").and_then(Value::as_object);
    let (code, numeric_code) = match props.and_then(|p| property(p, &CODE_KEYS)) {
        Some(Value::String(s)) if !s.trim().is_empty() => (s.trim().to_string(), false),
        Some(Value::Number(n)) => (n.to_string(), true),
        _ => {
            return Err(format!(
                "{}: không có mã đơn vị (thuộc tính \"code\", \"ma\" hoặc \"ma_dvhc\")",
                feature_label(index, None)
            ));
        }
    };
    let label = feature_label(index, Some(&code));
    // ntm's own map export marks its drawn cells; they are not boundaries.
    if props.and_then(|p| p.get("schematic")).and_then(Value::as_bool) == Some(true) {
        return Err(format!(
            "{label}: là ô sơ đồ do ntm vẽ từ tọa độ trung tâm (schematic: true), không phải ranh giới hành chính; chỉ nhập ranh giới đo vẽ thật"
        ));
    }
    let date = |keys: &[&str]| -> Result<Option<time::Date>, String> {
        match props.and_then(|p| property(p, keys)) {
            None => Ok(None),
            Some(Value::String(s)) if s.trim().is_empty() => Ok(None),
            Some(Value::String(s)) => parse_date(s).map(Some).ok_or_else(|| {
                format!(
                    "{label}: {} \"{s}\" không phải ngày (YYYY-MM-DD hoặc dd/mm/yyyy)",
                    keys[0]
                )
            }),
            Some(other) => Err(format!(
                "{label}: {} phải là ngày dạng văn bản, không phải {other}",
                keys[0]
            )),
        }
    };
    let validity = Validity::new(date(&FROM_KEYS)?, date(&TO_KEYS)?);
    if validity.is_inverted() {
        return Err(format!("{label}: valid_to trước valid_from"));
    }
    let geometry = match feature.get("geometry") {
        None | Some(Value::Null) => return Err(format!("{label}: không có hình học (geometry rỗng)")),
        Some(g) => g,
    };
    let shape = geometry_shape(geometry).map_err(|e| format!("{label}: {e}"))?;
    Ok(FeatureInput {
        index,
        code,
        numeric_code,
        validity,
        shape,
    })
}

/// A GeoJSON geometry object as a checked shape.
pub fn geometry_shape(geometry: &Value) -> Result<Shape, String> {
    let kind = geometry.get("type").and_then(Value::as_str).unwrap_or("");
    let coordinates = geometry.get("coordinates");
    let parts: Vec<Vec<Vec<[f64; 2]>>> = match kind {
        "Polygon" => vec![rings(coordinates).ok_or_else(|| structure("Polygon"))?],
        "MultiPolygon" => coordinates
            .and_then(Value::as_array)
            .ok_or_else(|| structure("MultiPolygon"))?
            .iter()
            .map(|p| rings(Some(p)))
            .collect::<Option<Vec<_>>>()
            .ok_or_else(|| structure("MultiPolygon"))?,
        "" => return Err("hình học không có \"type\"".into()),
        other => {
            return Err(format!(
                "hình học kiểu {other} không phải vùng: cần Polygon hoặc MultiPolygon"
            ));
        }
    };
    shape_from_parts(&parts).map_err(|e| e.to_string())
}

fn structure(kind: &str) -> String {
    format!("tọa độ không đúng cấu trúc {kind}: cần các vòng, mỗi vòng là mảng các điểm [kinh độ, vĩ độ]")
}

fn rings(value: Option<&Value>) -> Option<Vec<Vec<[f64; 2]>>> {
    value?
        .as_array()?
        .iter()
        .map(|ring| {
            ring.as_array()?
                .iter()
                .map(|p| {
                    let p = p.as_array()?;
                    if p.len() < 2 {
                        return None;
                    }
                    Some([p[0].as_f64()?, p[1].as_f64()?])
                })
                .collect()
        })
        .collect()
}

fn round(v: f64) -> f64 {
    (v * 1e7).round() / 1e7
}

fn ring_json(ring: &[Point]) -> Value {
    let mut points: Vec<Value> = ring.iter().map(|p| json!([round(p.x), round(p.y)])).collect();
    if let Some(first) = points.first().cloned() {
        points.push(first);
    }
    Value::Array(points)
}

/// A shape as a GeoJSON geometry (rings closed, outer rings counter-clockwise
/// as RFC 7946 asks, coordinates to 7 decimals: about a centimetre).
pub fn shape_json(shape: &Shape) -> Value {
    let polygon = |p: &ntm_core::geometry::Polygon| {
        let mut exterior = p.exterior.clone();
        if ntm_core::geometry::ring_area2(&exterior) < 0.0 {
            exterior.reverse();
        }
        let mut rings = vec![ring_json(&exterior)];
        for hole in &p.holes {
            let mut hole = hole.clone();
            if ntm_core::geometry::ring_area2(&hole) > 0.0 {
                hole.reverse();
            }
            rings.push(ring_json(&hole));
        }
        Value::Array(rings)
    };
    if shape.polygons.len() == 1 {
        json!({"type": "Polygon", "coordinates": polygon(&shape.polygons[0])})
    } else {
        json!({"type": "MultiPolygon", "coordinates": shape.polygons.iter().map(polygon).collect::<Vec<_>>()})
    }
}

/// "01/07/2025 – …" for messages.
pub fn validity_text(v: &Validity) -> String {
    match (v.from, v.to) {
        (None, None) => "mọi thời điểm".into(),
        _ => v.label_vi(),
    }
}

/// `Some(date)` → "2025-07-01", for GeoJSON properties.
pub fn date_json(d: Option<time::Date>) -> Value {
    d.map_or(Value::Null, |d| Value::String(d.to_string()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const SQUARE: &str = "[[103.0,22.0],[103.1,22.0],[103.1,22.1],[103.0,22.1],[103.0,22.0]]";

    #[test]
    fn every_bad_feature_is_named_once() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[
              {{"type":"Feature","properties":{{"code":"03589"}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE}]}}}},
              {{"type":"Feature","properties":{{"ma":"03583"}},"geometry":{{"type":"Polygon","coordinates":[[[103.0,22.0],[103.1,22.1],[103.1,22.0],[103.0,22.1],[103.0,22.0]]]}}}},
              {{"type":"Feature","properties":{{}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE}]}}}},
              {{"type":"Feature","properties":{{"code":"03574"}},"geometry":{{"type":"Point","coordinates":[103.0,22.0]}}}},
              {{"type":"Feature","properties":{{"code":"03490","valid_from":"31/02/2023"}},"geometry":{{"type":"Polygon","coordinates":[{SQUARE}]}}}}
            ]}}"#
        );
        let read = read_features("ranh-gioi.geojson", text.as_bytes()).expect("GeoJSON");
        let errors = all_or_errors(read).expect_err("four bad");
        let messages: Vec<String> = errors.iter().map(ToString::to_string).collect();
        assert_eq!(messages.len(), 4, "{messages:#?}");
        assert!(
            messages[0].starts_with("ranh-gioi.geojson: đối tượng thứ 2 (mã 03583): vòng ngoài: tự cắt"),
            "{}",
            messages[0]
        );
        assert!(
            messages[1].contains("đối tượng thứ 3: không có mã đơn vị"),
            "{}",
            messages[1]
        );
        assert!(
            messages[2].contains("đối tượng thứ 4 (mã 03574): hình học kiểu Point"),
            "{}",
            messages[2]
        );
        assert!(
            messages[3].contains("valid_from \"31/02/2023\" không phải ngày"),
            "{}",
            messages[3]
        );
    }

    #[test]
    fn a_good_file_reads_and_writes_back_the_same_shape() {
        let text = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"MA_DVHC":3589,"valid_to":"2025-06-30"}},
               "geometry":{{"type":"MultiPolygon","coordinates":[[{SQUARE}]]}}}}]}}"#
        );
        let features =
            all_or_errors(read_features("f.geojson", text.as_bytes()).expect("GeoJSON")).expect("valid");
        assert_eq!(features[0].code, "3589");
        assert!(features[0].numeric_code);
        assert_eq!(
            features[0].validity.to.map(|d| d.to_string()).as_deref(),
            Some("2025-06-30")
        );
        let written = shape_json(&features[0].shape);
        assert_eq!(written["type"], "Polygon");
        assert_eq!(geometry_shape(&written).expect("reads back"), features[0].shape);
    }

    #[test]
    fn files_that_are_not_geojson_say_so() {
        let bad = |text: &str| match read_features("f", text.as_bytes()) {
            Err(errors) => errors[0].to_string(),
            Ok(features) => all_or_errors(features).expect_err("bad")[0].to_string(),
        };
        assert!(bad("{").contains("không đọc được JSON"));
        assert!(bad(r#"{"type":"Polygon","coordinates":[]}"#).contains("cần FeatureCollection"));
        assert!(bad(r#"{"type":"FeatureCollection","features":[]}"#).contains("không có đối tượng"));
        let planar = r#"{"type":"FeatureCollection","crs":{"type":"name","properties":{"name":"urn:ogc:def:crs:EPSG::3405"}},"features":[]}"#;
        assert!(bad(planar).contains("EPSG:4326"));
    }
}
