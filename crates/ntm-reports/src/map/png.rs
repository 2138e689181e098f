//! The map as a PNG picture: the document SVG rendered by resvg. Names need
//! a font: the system's (DejaVu Sans or Liberation Sans on Debian, both with
//! Vietnamese letters), loaded once.

use std::sync::{Arc, OnceLock};

use resvg::{tiny_skia, usvg};

use crate::map::svg::{FONT, SvgOptions, map_svg};
use crate::map::{MapModel, MapPicture};

/// Why a map could not be drawn as a picture.
#[derive(Debug, thiserror::Error)]
pub enum MapError {
    #[error("không vẽ được bản đồ: {0}")]
    Render(String),
}

fn fonts() -> Arc<usvg::fontdb::Database> {
    static FONTS: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    Arc::clone(FONTS.get_or_init(|| {
        let mut db = usvg::fontdb::Database::new();
        db.load_system_fonts();
        if let Some(first) = FONT.split(',').next() {
            db.set_sans_serif_family(first.trim());
        }
        Arc::new(db)
    }))
}

/// The map as a PNG `width` pixels wide (title, legend and names on it),
/// with its caption for a report.
pub fn map_png(model: &MapModel, width: u32) -> Result<MapPicture, MapError> {
    let svg = map_svg(
        model,
        &SvgOptions {
            width: f64::from(width.clamp(200, 6000)),
            max_map_height: f64::from(width.clamp(200, 6000)) * 1.2,
            ..SvgOptions::DOCUMENT
        },
    );
    let options = usvg::Options {
        fontdb: fonts(),
        ..usvg::Options::default()
    };
    let tree = usvg::Tree::from_str(&svg, &options).map_err(|e| MapError::Render(e.to_string()))?;
    let size = tree.size().to_int_size();
    let mut pixmap = tiny_skia::Pixmap::new(size.width(), size.height()).ok_or_else(|| {
        MapError::Render(format!(
            "kích thước {}×{} không hợp lệ",
            size.width(),
            size.height()
        ))
    })?;
    pixmap.fill(tiny_skia::Color::WHITE);
    resvg::render(&tree, tiny_skia::Transform::identity(), &mut pixmap.as_mut());
    let png = pixmap.encode_png().map_err(|e| MapError::Render(e.to_string()))?;
    let mut caption = format!("{} — {}", model.title, model.subtitle);
    if model.has_schematic() {
        caption.push_str(&format!(" ({}).", crate::map::SCHEMATIC_NOTE.to_lowercase()));
    }
    Ok(MapPicture {
        png,
        width: size.width(),
        height: size.height(),
        caption,
    })
}
