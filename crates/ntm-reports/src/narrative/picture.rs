//! The narrative report with a map: the same document as
//! [`narrative_docx`](super::narrative_docx), with the map picture (PNG,
//! from [`map_png`](crate::map::map_png)) and its caption placed after a
//! chosen section. Without a map the bytes are those of `narrative_docx`
//! (a test holds the two together).

use std::io::Cursor;

use docx_rs::{AlignmentType, Paragraph, Pic, Run};

use crate::map::MapPicture;
use crate::narrative::docx::{BODY_SIZE, Font, TEXT_WIDTH, lines, page, section_paragraphs};
use crate::narrative::frame::{frame_header, signature_block, title_block};
use crate::narrative::{DocumentHeader, NarrativeError, Section};

/// English Metric Units per twip.
const EMU_PER_TWIP: u32 = 635;
/// The tallest the picture may be: 17 cm.
const MAX_HEIGHT_EMU: u64 = 17 * 360_000;

/// The picture, as wide as the text (or less, to fit the height), centred,
/// with its caption in italics below.
pub fn map_paragraphs(map: &MapPicture) -> Vec<Paragraph> {
    let width_px = u64::from(map.width.max(1));
    let height_px = u64::from(map.height.max(1));
    let mut width = u64::from(TEXT_WIDTH.max(1) as u32 * EMU_PER_TWIP);
    let mut height = width * height_px / width_px;
    if height > MAX_HEIGHT_EMU {
        width = width * MAX_HEIGHT_EMU / height;
        height = MAX_HEIGHT_EMU;
    }
    let pic =
        Pic::new_with_dimensions(map.png.clone(), map.width, map.height).size(width as u32, height as u32);
    let caption = Font::plain(BODY_SIZE / 2 - 1).italic();
    vec![
        Paragraph::new()
            .add_run(Run::new().add_image(pic))
            .align(AlignmentType::Center)
            .keep_next(true),
        lines(&map.caption, caption).align(AlignmentType::Center),
    ]
}

/// The whole DOCX file with the map after section `after` (0-based; past the
/// last section: after the body, before the signature). `None`: no map.
pub fn narrative_docx_with_map(
    header: &DocumentHeader,
    sections: &[Section],
    map: Option<&MapPicture>,
    after: usize,
) -> Result<Vec<u8>, NarrativeError> {
    let mut docx = page()
        .add_table(frame_header(header))
        .add_paragraph(Paragraph::new());
    for paragraph in title_block(header) {
        docx = docx.add_paragraph(paragraph);
    }
    let picture: Vec<Paragraph> = map.map(map_paragraphs).unwrap_or_default();
    let mut body: Vec<Paragraph> = Vec::new();
    let mut placed = false;
    for (i, section) in sections.iter().enumerate() {
        body.extend(section_paragraphs(section));
        if i == after {
            body.extend(picture.iter().cloned());
            placed = true;
        }
    }
    if !placed {
        body.extend(picture);
    }
    // The last words stay on the page of the signature.
    if let Some(last) = body.pop() {
        body.push(last.keep_next(true));
    }
    for paragraph in body {
        docx = docx.add_paragraph(paragraph);
    }
    docx = docx.add_table(signature_block(header));
    let mut bytes = Cursor::new(Vec::new());
    docx.created_at(&format!("{}T00:00:00Z", header.date))
        .pack(&mut bytes)
        .map_err(|e| NarrativeError::Pack(Box::new(e)))?;
    Ok(bytes.into_inner())
}
