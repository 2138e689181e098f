//! The official frame around the body (Decree 30/2020/NĐ-CP, Appendix I),
//! laid out as borderless tables and plain paragraphs that staff can edit:
//!
//! - the header table: left the issuing body (parent, issuer in bold, a short
//!   line under it) and "Số: …"; right the national name, the motto with a
//!   line under it, and the place and date in italics under the motto;
//! - the title ("BÁO CÁO") and the subject, bold and centred, a short line under;
//! - the closing table: left "Nơi nhận:" and the recipients; right the
//!   signer's authority, title and name.

use docx_rs::{
    AlignmentType, LineSpacing, Paragraph, Table, TableCell, TableLayoutType, TableRow, VAlignType, WidthType,
};

use crate::narrative::DocumentHeader;
use crate::narrative::docx::{BODY_SIZE, Font, TEXT_WIDTH, lines, rule};
use crate::narrative::header::date_line;

/// The left column (issuing body; recipients): 6,8 cm.
const LEFT_COLUMN: i32 = 3_870;
/// The right column (national name; signature). The national name in bold
/// 12 pt Times New Roman is about 250 pt wide and fits on one line.
const RIGHT_COLUMN: i32 = TEXT_WIDTH - LEFT_COLUMN;
/// Word's default cell margins, 0,19 cm on each side.
const CELL_MARGINS: i32 = 2 * 108;
/// "Độc lập - Tự do - Hạnh phúc" in bold 13 pt Times New Roman: 12,2 em.
const MOTTO_WIDTH: i32 = 3_170;

const NATIONAL_NAME: &str = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM";
const MOTTO: &str = "Độc lập - Tự do - Hạnh phúc";

/// The header table: issuing body and number on the left; national name,
/// motto, place and date on the right.
pub(crate) fn frame_header(header: &DocumentHeader) -> Table {
    let mut issuer = Vec::new();
    if !header.issuer_parent.trim().is_empty() {
        issuer.push(centred(&header.issuer_parent.to_uppercase(), Font::plain(13)));
    }
    let issuer_name = header.issuer.to_uppercase();
    issuer.push(centred(&issuer_name, Font::plain(13).bold()));
    issuer.push(rule(
        caps_width(longest_line(&issuer_name), 13) * 2 / 5,
        LEFT_COLUMN - CELL_MARGINS,
        0,
    ));
    let national = vec![
        centred(NATIONAL_NAME, Font::plain(12).bold()),
        centred(MOTTO, Font::plain(13).bold()),
        rule(MOTTO_WIDTH, RIGHT_COLUMN - CELL_MARGINS, 0),
    ];
    let number = centred(&number_line(&header.number), Font::plain(13)).line_spacing(spaced(120, 0));
    let date = centred(&date_line(&header.place, header.date), Font::plain(14).italic())
        .line_spacing(spaced(120, 0));
    two_columns(vec![
        TableRow::new(vec![cell(LEFT_COLUMN, issuer), cell(RIGHT_COLUMN, national)]),
        TableRow::new(vec![
            cell(LEFT_COLUMN, vec![number]),
            cell(RIGHT_COLUMN, vec![date]),
        ]),
    ])
}

/// "BÁO CÁO", the subject, and a short line under it.
pub(crate) fn title_block(header: &DocumentHeader) -> Vec<Paragraph> {
    let title_font = Font::plain(BODY_SIZE / 2).bold();
    let subject_width = mixed_width(longest_line(&header.subject), BODY_SIZE / 2).min(TEXT_WIDTH);
    vec![
        centred(&header.title.to_uppercase(), title_font).line_spacing(spaced(240, 0)),
        centred(&header.subject, title_font),
        rule(subject_width / 3, TEXT_WIDTH, 240),
    ]
}

/// "Nơi nhận:" with the recipients on the left; the signature on the right.
pub(crate) fn signature_block(header: &DocumentHeader) -> Table {
    let mut recipients = vec![
        lines("Nơi nhận:", Font::plain(12).bold().italic())
            .align(AlignmentType::Left)
            .line_spacing(spaced(240, 0)),
    ];
    recipients.extend(header.recipients.iter().map(|r| {
        let r = r.trim();
        let item = if r.starts_with('-') {
            r.to_string()
        } else {
            format!("- {r}")
        };
        lines(&item, Font::plain(11))
            .align(AlignmentType::Left)
            .line_spacing(spaced(0, 0))
    }));
    let signer = Font::plain(14).bold();
    let mut signature = Vec::new();
    if !header.signer_authority.trim().is_empty() {
        signature.push(centred(&header.signer_authority.to_uppercase(), signer).line_spacing(spaced(240, 0)));
    }
    signature.push(centred(&header.signer_title.to_uppercase(), signer));
    // Room for the signature and the seal, about 2,5 cm.
    signature.push(centred(&header.signer_name, signer).line_spacing(spaced(1_440, 0)));
    // The signature block is never split across two pages.
    two_columns(vec![
        TableRow::new(vec![cell(LEFT_COLUMN, recipients), cell(RIGHT_COLUMN, signature)]).cant_split(),
    ])
}

/// "Số: 12/BC-UBND"; a number already written with "Số" is kept as it is.
fn number_line(number: &str) -> String {
    let trimmed = number.trim_start();
    if trimmed.starts_with("Số") || trimmed.starts_with("SỐ") {
        trimmed.to_string()
    } else {
        format!("Số: {number}")
    }
}

fn two_columns(rows: Vec<TableRow>) -> Table {
    Table::without_borders(rows)
        .set_grid(vec![LEFT_COLUMN as usize, RIGHT_COLUMN as usize])
        .width(TEXT_WIDTH as usize, WidthType::Dxa)
        .layout(TableLayoutType::Fixed)
}

/// A cell `width` wide holding `paragraphs` (at least one: Word needs it).
fn cell(width: i32, paragraphs: Vec<Paragraph>) -> TableCell {
    let mut cell = TableCell::new()
        .width(width as usize, WidthType::Dxa)
        .vertical_align(VAlignType::Top);
    if paragraphs.is_empty() {
        cell = cell.add_paragraph(Paragraph::new());
    }
    paragraphs.into_iter().fold(cell, TableCell::add_paragraph)
}

/// A centred paragraph, single-spaced, without space before or after.
fn centred(text: &str, font: Font) -> Paragraph {
    lines(text, font)
        .align(AlignmentType::Center)
        .line_spacing(spaced(0, 0))
}

fn spaced(before: u32, after: u32) -> LineSpacing {
    LineSpacing::new().before(before).after(after)
}

fn longest_line(text: &str) -> &str {
    text.lines().max_by_key(|l| l.chars().count()).unwrap_or("")
}

/// The width of a line in capitals, bold Times New Roman, in twips: about
/// 0,61 em a character (measured on the national name).
fn caps_width(text: &str, size_pt: i32) -> i32 {
    let chars = i32::try_from(text.chars().count()).unwrap_or(i32::MAX / 1_000);
    chars.saturating_mul(size_pt * 20 * 61) / 100
}

/// The same for ordinary text: about 0,5 em a character.
fn mixed_width(text: &str, size_pt: usize) -> i32 {
    let chars = i32::try_from(text.chars().count()).unwrap_or(i32::MAX / 1_000);
    let size = i32::try_from(size_pt).unwrap_or(14);
    chars.saturating_mul(size * 10)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_number_follows_so() {
        assert_eq!(number_line("     /BC-UBND"), "Số:      /BC-UBND");
        assert_eq!(number_line("Số: 12/BC-UBND"), "Số: 12/BC-UBND");
    }

    #[test]
    fn widths_are_estimated_from_the_characters() {
        assert_eq!(caps_width(NATIONAL_NAME, 12), 4_977);
        assert!(caps_width(NATIONAL_NAME, 12) < RIGHT_COLUMN - CELL_MARGINS);
        assert_eq!(mixed_width("", 14), 0);
    }
}
