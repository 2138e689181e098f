//! The map as SVG, drawn on the server: each unit a path (kept once in
//! `<defs>` and used where needed), its colour, a hatch over schematic cells,
//! its title (the figures, shown on hover) and, on the web, a link to its
//! page that the keyboard can reach; group outlines; names; the legend.

use std::fmt::Write;

use ntm_core::geometry::project::Projection;
use ntm_core::geometry::simplify::simplify;
use ntm_core::geometry::{Bounds, Point, Shape};

use crate::map::{ClassMark, MapModel, SCHEMATIC_NOTE};

/// How to draw.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct SvgOptions {
    /// The picture's width in pixels (the height follows the area's shape).
    pub width: f64,
    /// The tallest the map part may be.
    pub max_map_height: f64,
    /// Units link to their pages (web); otherwise plain groups (PNG).
    pub links: bool,
    /// Title and subtitle at the top (a page has its own heading).
    pub header: bool,
    /// The legend under the map (a page shows it as text beside).
    pub legend: bool,
}

impl SvgOptions {
    /// For a web page: links, no header, no legend.
    pub const WEB: SvgOptions = SvgOptions {
        width: 960.0,
        max_map_height: 900.0,
        links: true,
        header: false,
        legend: false,
    };
    /// For a file or a report: everything written on the picture.
    pub const DOCUMENT: SvgOptions = SvgOptions {
        width: 1200.0,
        max_map_height: 1100.0,
        links: false,
        header: true,
        legend: true,
    };
}

pub(crate) const FONT: &str = "DejaVu Sans, Liberation Sans, Arial, sans-serif";
const MARGIN: f64 = 16.0;
const HEADER: f64 = 64.0;
/// Areas above this many get no names of their own (group names only).
const MAX_AREA_LABELS: usize = 45;
const SWATCH: f64 = 16.0;
const LEGEND_ROW: f64 = 24.0;

pub(crate) fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c if (c as u32) < 0x20 && c != '\n' && c != '\t' => {}
            c => out.push(c),
        }
    }
    out
}

/// An id made only of safe characters.
fn id_of(prefix: &str, code: &str) -> String {
    let safe: String = code
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c
            } else {
                '_'
            }
        })
        .collect();
    format!("{prefix}{safe}")
}

/// A shape's path in the picture's plane, simplified to a third of a pixel.
fn path_data(shape: &Shape, projection: &Projection) -> String {
    let projected = simplify(&shape.map_points(|p| projection.apply(p)), 0.35);
    let mut d = String::new();
    for polygon in &projected.polygons {
        for ring in std::iter::once(&polygon.exterior).chain(polygon.holes.iter()) {
            for (i, p) in ring.iter().enumerate() {
                let _ = write!(d, "{}{:.1} {:.1}", if i == 0 { "M" } else { "L" }, p.x, p.y);
            }
            d.push('Z');
        }
    }
    d
}

/// A rough width of a text in pixels (no font metrics on the server).
fn text_width(text: &str, size: f64) -> f64 {
    text.chars().count() as f64 * size * 0.56
}

/// The map as an SVG document.
pub fn map_svg(model: &MapModel, options: &SvgOptions) -> String {
    let width = options.width.max(200.0);
    // Text grows with the picture, so that a report's large map stays readable.
    let k = (width / 960.0).clamp(0.8, 3.0);
    let top = if options.header { HEADER * k } else { 0.0 };
    let bounds = model
        .areas
        .iter()
        .filter_map(|a| a.shape.bounds())
        .reduce(Bounds::union)
        .unwrap_or(Bounds {
            min: Point::new(0.0, 0.0),
            max: Point::new(1.0, 1.0),
        });
    let projection = Projection::fit(bounds, width, options.max_map_height, MARGIN);
    let map_height = projection.height;
    let legend = if options.legend {
        legend_svg(model, width, top + map_height, k)
    } else {
        (String::new(), 0.0)
    };
    let height = (top + map_height + legend.1).ceil();
    let mut svg = String::with_capacity(64 * 1024);
    let schematic = model.has_schematic();
    // A group, not an image: its areas are links a keyboard user reaches.
    let _ = write!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" class="map" role="group" aria-labelledby="map-title map-desc" viewBox="0 0 {w} {height}" width="{w}" height="{height}" font-family="{FONT}">"##,
        w = width.ceil()
    );
    let _ = write!(
        svg,
        r#"<title id="map-title">{}</title><desc id="map-desc">{}{}</desc>"#,
        escape(&model.title),
        escape(&model.subtitle),
        if schematic {
            format!(". {SCHEMATIC_NOTE}.")
        } else {
            String::new()
        }
    );
    svg.push_str(concat!(
        r##"<defs><pattern id="so-do" patternUnits="userSpaceOnUse" width="7" height="7" patternTransform="rotate(45)">"##,
        r##"<rect width="7" height="7" fill="none"/><line x1="0" y1="0" x2="0" y2="7" stroke="#ffffff" stroke-opacity="0.7" stroke-width="2"/></pattern>"##,
        // Not met: dark cross-hatching, so that it is not told by colour alone.
        r##"<pattern id="chua-dat" patternUnits="userSpaceOnUse" width="8" height="8" patternTransform="rotate(-45)">"##,
        r##"<rect width="8" height="8" fill="none"/><line x1="0" y1="0" x2="0" y2="8" stroke="#111827" stroke-opacity="0.55" stroke-width="1.6"/></pattern>"##
    ));
    let paths: Vec<String> = model
        .areas
        .iter()
        .map(|a| path_data(&a.shape, &projection))
        .collect();
    for (area, d) in model.areas.iter().zip(&paths) {
        let _ = write!(svg, r#"<path id="{}" d="{d}"/>"#, id_of("a-", &area.code));
    }
    svg.push_str("</defs>");
    let _ = write!(svg, r##"<rect width="100%" height="100%" fill="#ffffff"/>"##);
    if options.header {
        let _ = write!(
            svg,
            r##"<text x="{MARGIN}" y="{:.1}" font-size="{:.1}" font-weight="bold" fill="#1f2937">{}</text><text x="{MARGIN}" y="{:.1}" font-size="{:.1}" fill="#374151">{}</text>"##,
            28.0 * k,
            20.0 * k,
            escape(&model.title),
            52.0 * k,
            14.0 * k,
            escape(&model.subtitle)
        );
    }
    let _ = write!(svg, r#"<g transform="translate(0 {top})">"#);
    areas_svg(&mut svg, model, options);
    labels_svg(&mut svg, model, &projection, k);
    if schematic {
        let _ = write!(
            svg,
            r##"<text x="{x}" y="{y:.1}" text-anchor="end" font-size="{size:.1}" font-weight="bold" letter-spacing="2" fill="#6b7280" paint-order="stroke" stroke="#ffffff" stroke-width="3">SƠ ĐỒ</text>"##,
            x = width - MARGIN,
            y = MARGIN + 12.0 * k,
            size = 15.0 * k
        );
    }
    svg.push_str("</g>");
    svg.push_str(&legend.0);
    svg.push_str("</svg>");
    svg
}

/// Areas, group by group: a group's thick outline under its areas, so that
/// only the group's outer edge shows.
fn areas_svg(svg: &mut String, model: &MapModel, options: &SvgOptions) {
    let mut order: Vec<usize> = (0..model.areas.len()).collect();
    order.sort_by_key(|&i| {
        (
            model.areas[i].group.map_or(0, |g| g + 1),
            model.areas[i].schematic as u8 ^ 1,
        )
    });
    let grouped = !model.groups.is_empty();
    let mut k = 0;
    while k < order.len() {
        let group = model.areas[order[k]].group;
        let end = order[k..]
            .iter()
            .position(|&i| model.areas[i].group != group)
            .map_or(order.len(), |n| k + n);
        let members = &order[k..end];
        let _ = write!(svg, r#"<g class="group">"#);
        if grouped && group.is_some() {
            let _ = write!(svg, r#"<g aria-hidden="true">"#);
            for &i in members {
                let _ = write!(
                    svg,
                    r##"<use href="#{}" fill="#374151" stroke="#374151" stroke-width="3.5" stroke-linejoin="round"/>"##,
                    id_of("a-", &model.areas[i].code)
                );
            }
            svg.push_str("</g>");
        }
        for &i in members {
            area_svg(svg, model, i, options);
        }
        svg.push_str("</g>");
        k = end;
    }
}

fn area_svg(svg: &mut String, model: &MapModel, i: usize, options: &SvgOptions) {
    let area = &model.areas[i];
    let id = id_of("a-", &area.code);
    let mut title = area.name.clone();
    if area.schematic {
        title.push_str(" (sơ đồ)");
    }
    for f in &area.figures {
        title.push_str(" — ");
        title.push_str(f);
    }
    let attrs = format!(
        r#"class="area" data-code="{}" data-class="{}" data-schematic="{}""#,
        escape(&area.code),
        escape(&area.class_key),
        area.schematic
    );
    match (&area.href, options.links) {
        (Some(href), true) => {
            let _ = write!(svg, r#"<a href="{}" {attrs}>"#, escape(href));
        }
        _ => {
            let _ = write!(svg, "<g {attrs}>");
        }
    }
    let _ = write!(
        svg,
        r##"<title>{}</title><use href="#{id}" class="fill" fill="{}" stroke="#ffffff" stroke-width="1" stroke-linejoin="round"{}/>"##,
        escape(&title),
        escape(&area.colour),
        if area.schematic {
            r#" stroke-dasharray="4 2""#
        } else {
            ""
        }
    );
    if area.mark.hatched() {
        let _ = write!(
            svg,
            r##"<use href="#{id}" class="hatch not-met" fill="url(#chua-dat)"/>"##
        );
    }
    if area.schematic {
        let _ = write!(svg, r##"<use href="#{id}" class="hatch" fill="url(#so-do)"/>"##);
    }
    svg.push_str(if area.href.is_some() && options.links {
        "</a>"
    } else {
        "</g>"
    });
}

/// A label with its class's symbol: "✗ Mường So".
fn marked(mark: ClassMark, label: &str) -> String {
    match mark.symbol() {
        Some(symbol) => format!("{symbol} {label}"),
        None => label.to_string(),
    }
}

/// Names: each area's when there are few, and every group's.
fn labels_svg(svg: &mut String, model: &MapModel, projection: &Projection, k: f64) {
    svg.push_str(r#"<g class="labels" aria-hidden="true" pointer-events="none" text-anchor="middle">"#);
    let at = |shape: &Shape| shape.label_point().map(|p| projection.apply(p));
    if model.areas.len() <= MAX_AREA_LABELS {
        for area in &model.areas {
            if let Some(p) = at(&area.shape) {
                let _ = write!(
                    svg,
                    r##"<text class="area-label" x="{:.1}" y="{:.1}" font-size="{:.1}" fill="#111827" paint-order="stroke" stroke="#ffffff" stroke-width="3" stroke-linejoin="round">{}</text>"##,
                    p.x,
                    p.y + 4.0 * k,
                    11.0 * k,
                    escape(&marked(area.mark, &area.label))
                );
            }
        }
    }
    for (g, group) in model.groups.iter().enumerate() {
        let points: Vec<Point> = model
            .areas
            .iter()
            .filter(|a| a.group == Some(g))
            .filter_map(|a| at(&a.shape))
            .collect();
        if points.is_empty() {
            continue;
        }
        let n = points.len() as f64;
        let c = Point::new(
            points.iter().map(|p| p.x).sum::<f64>() / n,
            points.iter().map(|p| p.y).sum::<f64>() / n,
        );
        let _ = write!(
            svg,
            r##"<text class="group-label" x="{:.1}" y="{:.1}" font-size="{:.1}" font-weight="bold" fill="#111827" paint-order="stroke" stroke="#ffffff" stroke-width="4" stroke-linejoin="round">{}</text>"##,
            c.x,
            c.y + 5.0 * k,
            15.0 * k,
            escape(&group.label)
        );
    }
    svg.push_str("</g>");
}

/// The legend under the map: its SVG and its height.
fn legend_svg(model: &MapModel, width: f64, top: f64, k: f64) -> (String, f64) {
    let (size, swatch, row) = (13.0 * k, SWATCH * k, LEGEND_ROW * k);
    let mut notes = Vec::new();
    if model.has_schematic() {
        notes.push(SCHEMATIC_NOTE.to_string());
    }
    if !model.unplaced.is_empty() {
        notes.push(format!(
            "Không có vị trí trên bản đồ: {}",
            model.unplaced.join(", ")
        ));
    }
    let mut svg = String::new();
    let (mut x, mut y) = (MARGIN, top + 10.0 * k);
    let _ = write!(
        svg,
        r##"<g class="legend" font-size="{size:.1}" fill="#1f2937">"##
    );
    for entry in &model.legend {
        let text = marked(entry.mark, &format!("{} ({})", entry.label, entry.count));
        let w = swatch + 8.0 * k + text_width(&text, size) + 20.0 * k;
        if x + w > width - MARGIN && x > MARGIN {
            x = MARGIN;
            y += row;
        }
        let _ = write!(
            svg,
            r##"<rect x="{x:.1}" y="{y:.1}" width="{swatch:.1}" height="{swatch:.1}" fill="{}" stroke="#6b7280" stroke-width="0.5"/><text x="{tx:.1}" y="{ty:.1}">{}</text>"##,
            escape(&entry.colour),
            escape(&text),
            tx = x + swatch + 6.0 * k,
            ty = y + swatch * 0.8
        );
        if entry.mark.hatched() {
            let _ = write!(
                svg,
                r##"<rect x="{x:.1}" y="{y:.1}" width="{swatch:.1}" height="{swatch:.1}" fill="url(#chua-dat)"/>"##
            );
        }
        x += w;
    }
    y += row;
    for (n, note) in notes.iter().enumerate() {
        if n == 0 && model.has_schematic() {
            let _ = write!(
                svg,
                r##"<rect x="{MARGIN}" y="{y:.1}" width="{swatch:.1}" height="{swatch:.1}" fill="#9ca3af" stroke="#6b7280" stroke-dasharray="4 2"/><rect x="{MARGIN}" y="{y:.1}" width="{swatch:.1}" height="{swatch:.1}" fill="url(#so-do)"/>"##
            );
        }
        // Long notes wrap at the picture's width.
        let per_line = ((width - 3.0 * MARGIN - swatch) / (size * 0.56)).max(20.0) as usize;
        for line in wrap(note, per_line) {
            let _ = write!(
                svg,
                r#"<text x="{:.1}" y="{:.1}">{}</text>"#,
                MARGIN + swatch + 6.0 * k,
                y + swatch * 0.8,
                escape(&line)
            );
            y += size * 1.4;
        }
        y += 6.0 * k;
    }
    svg.push_str("</g>");
    (svg, y - top + 8.0 * k)
}

fn wrap(text: &str, per_line: usize) -> Vec<String> {
    let mut lines = vec![String::new()];
    for word in text.split(' ') {
        let line = lines.last_mut().expect("one line");
        if !line.is_empty() && line.chars().count() + 1 + word.chars().count() > per_line {
            lines.push(word.to_string());
        } else {
            if !line.is_empty() {
                line.push(' ');
            }
            line.push_str(word);
        }
    }
    lines
}
