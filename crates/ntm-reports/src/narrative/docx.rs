//! The DOCX file: the page (A4 portrait, the decree's margins, Times New
//! Roman), the body's headings and paragraphs, and the packing. The frame
//! around the body (header table, title, recipients and signature) is in
//! `frame`. Only layout here: every word comes from the header and sections.

use std::io::Cursor;

use docx_rs::{
    AlignmentType, BorderType, BreakType, Docx, Footnote, Header, LineSpacing, LineSpacingType, PageMargin,
    PageNum, Paragraph, ParagraphBorder, ParagraphBorderPosition, ParagraphBorders, Run, RunFonts,
    SpecialIndentType, Style, StyleType, VertAlignType,
};

use crate::narrative::frame::{frame_header, signature_block, title_block};
use crate::narrative::{DocumentHeader, NarrativeError, Section};

/// A4 in twentieths of a point (twips).
const PAGE_WIDTH: u32 = 11_906;
const PAGE_HEIGHT: u32 = 16_838;
/// One millimetre in twips, rounded: 56.7.
const fn mm(n: i32) -> i32 {
    n * 567 / 10
}
/// Margins within the decree's ranges: top and bottom 20-25 mm, left
/// 30-35 mm, right 15-20 mm.
const MARGIN_TOP: i32 = mm(20);
const MARGIN_BOTTOM: i32 = mm(20);
const MARGIN_LEFT: i32 = mm(30);
const MARGIN_RIGHT: i32 = mm(15);
/// The width between the margins.
pub(crate) const TEXT_WIDTH: i32 = PAGE_WIDTH as i32 - MARGIN_LEFT - MARGIN_RIGHT;

const FONT: &str = "Times New Roman";
/// The body's size: 14 pt (the decree allows 13-14), in half-points.
pub(crate) const BODY_SIZE: usize = 28;
/// First-line indent of body paragraphs: 1 cm (the decree: 1-1,27 cm).
const FIRST_LINE: i32 = mm(10);
/// Space after each body paragraph: 6 pt.
const PARAGRAPH_AFTER: u32 = 120;
/// Line spacing of the body: 1,15 lines (the decree: single to 1,5).
const BODY_LINE: i32 = 276;

/// How a run of text looks: size in half-points, bold, italic.
#[derive(Clone, Copy, Debug)]
pub(crate) struct Font {
    pub size: usize,
    pub bold: bool,
    pub italic: bool,
}

impl Font {
    pub(crate) const fn plain(size_pt: usize) -> Font {
        Font {
            size: size_pt * 2,
            bold: false,
            italic: false,
        }
    }

    pub(crate) const fn bold(self) -> Font {
        Font { bold: true, ..self }
    }

    pub(crate) const fn italic(self) -> Font {
        Font { italic: true, ..self }
    }
}

/// The whole DOCX file: the frame, the title, the sections and the signature.
pub fn narrative_docx(header: &DocumentHeader, sections: &[Section]) -> Result<Vec<u8>, NarrativeError> {
    let mut docx = page()
        .add_table(frame_header(header))
        .add_paragraph(Paragraph::new());
    for paragraph in title_block(header) {
        docx = docx.add_paragraph(paragraph);
    }
    let mut body: Vec<Paragraph> = sections.iter().flat_map(section_paragraphs).collect();
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

/// An empty A4 portrait document with the decree's margins and fonts, and
/// page numbers centred in the header from the second page on.
pub(super) fn page() -> Docx {
    let number = Paragraph::new()
        .add_page_num(PageNum::new())
        .align(AlignmentType::Center)
        .size(BODY_SIZE);
    Docx::new()
        .page_size(PAGE_WIDTH, PAGE_HEIGHT)
        .page_margin(PageMargin {
            top: MARGIN_TOP,
            left: MARGIN_LEFT,
            bottom: MARGIN_BOTTOM,
            right: MARGIN_RIGHT,
            header: mm(10),
            footer: mm(10),
            gutter: 0,
        })
        .default_fonts(RunFonts::new().ascii(FONT).hi_ansi(FONT).cs(FONT).east_asia(FONT))
        .default_size(BODY_SIZE)
        .header(Header::new().add_paragraph(number))
        .first_header(Header::new().add_paragraph(Paragraph::new()))
        .add_style(footnote_reference_style())
}

/// Footnote marks are superscript, as Word's own style has them.
fn footnote_reference_style() -> Style {
    let mut style = Style::new("FootnoteReference", StyleType::Character).name("footnote reference");
    style.run_property = style.run_property.vert_align(VertAlignType::SuperScript);
    style
}

/// Footnotes are 12 pt.
const FOOTNOTE_SIZE: usize = 24;

/// A footnote holding `text`.
fn footnote(text: &str) -> Footnote {
    let paragraph = Paragraph::new()
        .size(FOOTNOTE_SIZE)
        .add_run(
            Run::new()
                .add_text(format!(" {}", xml_text(text.trim())))
                .size(FOOTNOTE_SIZE),
        )
        .align(AlignmentType::Both);
    Footnote::new().add_content(paragraph)
}

/// A section's heading (bold, kept with what follows; a part's title alone,
/// without paragraphs, centred) and its paragraphs, each followed by the
/// marks of its footnotes.
pub(super) fn section_paragraphs(section: &Section) -> Vec<Paragraph> {
    let body = Font::plain(BODY_SIZE / 2);
    let mut out = Vec::with_capacity(section.paragraphs.len() + 1);
    if !section.heading.trim().is_empty() {
        if section.paragraphs.is_empty() {
            out.push(
                lines(&section.heading, body.bold())
                    .align(AlignmentType::Center)
                    .keep_next(true)
                    .line_spacing(LineSpacing::new().before(240).after(PARAGRAPH_AFTER)),
            );
        } else {
            out.push(body_paragraph(&section.heading, body.bold()).keep_next(true));
        }
    }
    for (i, text) in section.paragraphs.iter().enumerate() {
        let mut paragraph = body_paragraph(text, body);
        for (_, note) in section.footnotes.iter().filter(|(at, _)| *at == i) {
            paragraph = paragraph.add_run(Run::new().add_footnote_reference(footnote(note)));
        }
        out.push(paragraph);
    }
    out
}

/// A justified body paragraph with the first-line indent.
fn body_paragraph(text: &str, font: Font) -> Paragraph {
    lines(text, font)
        .align(AlignmentType::Both)
        .indent(None, Some(SpecialIndentType::FirstLine(FIRST_LINE)), None, None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(PARAGRAPH_AFTER)
                .line(BODY_LINE)
                .line_rule(LineSpacingType::Auto),
        )
}

/// A paragraph holding `text` in `font`, a line break where the text has one.
pub(crate) fn lines(text: &str, font: Font) -> Paragraph {
    let mut paragraph = Paragraph::new().size(font.size);
    for (i, line) in text.split('\n').enumerate() {
        let run = if i == 0 {
            Run::new()
        } else {
            Run::new().add_break(BreakType::TextWrapping)
        };
        paragraph = paragraph.add_run(styled(run.add_text(xml_text(line)), font));
    }
    paragraph
}

fn styled(run: Run, font: Font) -> Run {
    let run = run.size(font.size);
    let run = if font.bold { run.bold() } else { run };
    if font.italic { run.italic() } else { run }
}

/// The text without the characters XML 1.0 cannot hold (control characters
/// other than tab), so that any input gives a file Word and LibreOffice open.
fn xml_text(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_control() || *c == '\t')
        .filter(|c| !matches!(c, '\u{FFFE}' | '\u{FFFF}'))
        .collect()
}

/// An empty paragraph drawing a horizontal line `width` long, centred in
/// `room` (the width of the cell or page it sits in), with `after` twips of
/// space below: the short lines under the issuer, the motto and the subject.
pub(crate) fn rule(width: i32, room: i32, after: u32) -> Paragraph {
    let width = width.clamp(mm(10), room.max(mm(10)));
    let side = ((room - width) / 2).max(0);
    // The line is drawn at the paragraph's foot: its height is the gap
    // between the text above and the line, 3 pt.
    let mut paragraph = Paragraph::new()
        .size(2)
        .indent(Some(side), None, Some(side), None)
        .line_spacing(
            LineSpacing::new()
                .before(0)
                .after(after)
                .line(60)
                .line_rule(LineSpacingType::Exact),
        );
    paragraph.property = paragraph.property.set_borders(
        ParagraphBorders::with_empty().set(
            ParagraphBorder::new(ParagraphBorderPosition::Bottom)
                .val(BorderType::Single)
                .size(6)
                .space(1)
                .color("000000"),
        ),
    );
    paragraph
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn margins_are_within_the_decree() {
        assert_eq!(MARGIN_TOP, 1134);
        assert_eq!(MARGIN_LEFT, 1701);
        assert_eq!(MARGIN_RIGHT, 850);
        assert_eq!(TEXT_WIDTH, 9355);
    }

    #[test]
    fn control_characters_are_dropped() {
        assert_eq!(xml_text("a\u{0}b\u{1b}c\td"), "abc\td");
        assert_eq!(xml_text("Mường So"), "Mường So");
    }
}
