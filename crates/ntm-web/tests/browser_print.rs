//! Printing the province overview as an office does, in headless chromium:
//! the WebDriver Print command (chromium's print-to-PDF, A4 landscape), the
//! PDF's text read back with `pdf-extract` (pure Rust, over lopdf: no
//! program to install, the same on every machine). The print holds every
//! criterion column of the matrix and its last commune, repeats the header
//! row on every page that holds matrix rows, and leaves the navigation out.
//! The PDF is kept under target/screenshots/.
//!
//! What the matrix holds (its criterion codes, its communes) and what the
//! navigation says are read from the page on screen before printing, so the
//! test holds whatever markup the pages choose.
//!
//! Needs `chromedriver` and `chromium` (`.ci/run` installs them). Without
//! them the test says so and stops, except under CI, where it fails.

mod support;

use fantoccini::wd::{PrintConfiguration, PrintMargins, PrintOrientation, PrintSize};
use serde_json::Value;
use support::browser::{login, screenshots, start_browser};
use support::server;
use unicode_normalization::UnicodeNormalization;

/// Reads, on the screen rendering: the criterion codes of the matrix header
/// (the table of `main` with the most header cells; its header cells that
/// are codes such as 5 or 17.1), the communes (first cell of each body row),
/// and the header's navigation texts that are nowhere else on the page.
const READ_PAGE: &str = r#"
const tables = [...document.querySelectorAll('main table')];
const headerRow = t => t.tHead && t.tHead.rows.length ? t.tHead.rows[t.tHead.rows.length - 1] : t.rows[0];
// The commune matrix when the page has one (a province's page also has the
// table by district), else the widest table.
let matrix = document.querySelector('main table.matrix');
for (const t of matrix ? [] : tables) {
  const row = headerRow(t);
  if (row && (!matrix || row.cells.length > headerRow(matrix).cells.length)) matrix = t;
}
if (!matrix) return null;
const codes = [...headerRow(matrix).cells]
  .map(c => c.innerText.trim())
  .filter(text => /^\d+(\.\d+)*[a-z]?$/.test(text));
const bodies = matrix.tBodies.length ? [...matrix.tBodies] : [matrix];
const rows = bodies.flatMap(b => [...b.rows]).filter(r => r.parentElement.tagName !== 'THEAD');
const communes = rows.map(r => r.cells[0].innerText.trim()).filter(name => name.length > 0);
// A row's cells between the commune and the last one (its figures and
// marks): only matrix rows print them.
const signatures = rows.map(r => [...r.cells].slice(1, -1).map(c => c.innerText).join(''));
const header = document.querySelector('header');
const rest = [...document.body.children].filter(e => !e.contains(header))
  .map(e => e.innerText || '').join('').replace(/\s+/g, '');
const texts = [];
if (header) {
  for (const e of header.querySelectorAll('nav a, nav label, nav button, [role=search] label, [role=search] input, [role=search] button')) {
    for (const t of [e.textContent, e.getAttribute('placeholder'), e.getAttribute('aria-label')]) {
      const text = (t || '').replace(/\s+/g, ' ').trim();
      if (text.length >= 4 && !rest.includes(text.replace(/\s+/g, '')) && !texts.includes(text)) texts.push(text);
    }
  }
}
return { codes, communes, signatures, navigation: texts };
"#;

fn strings(value: &Value, key: &str) -> Vec<String> {
    value[key]
        .as_array()
        .unwrap_or_else(|| panic!("{key} read from the page: {value}"))
        .iter()
        .map(|v| v.as_str().expect("a string").to_string())
        .collect()
}

/// A text without its whitespace, in NFC: the PDF's text puts spaces and
/// line breaks where the printer placed glyphs apart ("Bả n", "1 9"), so
/// the page's texts are compared with it this way.
fn squeezed(text: &str) -> String {
    text.nfc().filter(|c| !c.is_whitespace()).collect()
}

/// The page margins the print asks for, in centimetres (the default of the
/// WebDriver Print command, said here because the check below uses them).
const MARGIN_CM: f64 = 1.0;

/// What a PDF prints, page by page: the text (squeezed), and the glyphs
/// placed outside the page's printable area (cut off on paper).
#[derive(Default)]
struct Printed {
    pages: Vec<String>,
    cut: Vec<String>,
    area: (f64, f64),
}

impl pdf_extract::OutputDev for Printed {
    fn begin_page(
        &mut self,
        _page: u32,
        media: &pdf_extract::MediaBox,
        _art: Option<(f64, f64, f64, f64)>,
    ) -> Result<(), pdf_extract::OutputError> {
        let margin = MARGIN_CM / 2.54 * 72.0;
        self.area = (media.llx + margin, media.urx - margin);
        self.pages.push(String::new());
        Ok(())
    }
    fn end_page(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn output_character(
        &mut self,
        trm: &pdf_extract::Transform,
        width: f64,
        _spacing: f64,
        font_size: f64,
        char: &str,
    ) -> Result<(), pdf_extract::OutputError> {
        let page = self.pages.last_mut().expect("a page begun");
        page.extend(char.chars().filter(|c| !c.is_whitespace()));
        // The glyph's advance on the page, as pdf-extract's own text output
        // measures it (the font size through the text matrix).
        let (sx, sy) = (font_size * (trm.m11 + trm.m21), font_size * (trm.m12 + trm.m22));
        let (left, right) = (trm.m31, trm.m31 + width * (sx * sy).abs().sqrt());
        const SLACK: f64 = 1.0;
        if !char.trim().is_empty() && (left < self.area.0 - SLACK || right > self.area.1 + SLACK) {
            let number = self.pages.len();
            self.cut.push(format!(
                "page {number}: {char:?} at x {left:.0}-{right:.0} (printable {:.0}-{:.0})",
                self.area.0, self.area.1
            ));
        }
        Ok(())
    }
    fn begin_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_word(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
    fn end_line(&mut self) -> Result<(), pdf_extract::OutputError> {
        Ok(())
    }
}

/// Whether `text` (squeezed) holds the matrix header: every code in order,
/// with at most a few characters that are not digits between two codes
/// (room for a short label the print may add to a column) and no digits,
/// so that a header cut after any column does not count.
fn holds_header(text: &str, codes: &[String]) -> bool {
    const GAP: usize = 12;
    fn rest_from(text: &str, codes: &[String]) -> bool {
        let Some((code, more)) = codes.split_first() else {
            return true;
        };
        for (skipped, (at, c)) in text.char_indices().enumerate().take(GAP + 1) {
            if text[at..].starts_with(code.as_str()) && rest_from(&text[at + code.len()..], more) {
                return true;
            }
            if c.is_ascii_digit() || skipped == GAP {
                return false;
            }
        }
        false
    }
    let (first, more) = codes.split_first().expect("codes");
    text.match_indices(first.as_str())
        .any(|(at, _)| rest_from(&text[at + first.len()..], more))
}

#[tokio::test]
async fn the_printed_province_overview_holds_every_criterion_column() {
    let Some((_driver, browser)) = start_browser().await else {
        return;
    };
    let base = server().base.clone();
    login(&browser, &base, "vpdp.laichau").await;
    browser.set_window_size(1280, 900).await.expect("size");
    browser
        .goto(&format!("{base}/overview/12?period=2023"))
        .await
        .expect("overview");
    let page = browser.execute(READ_PAGE, vec![]).await.expect("read the page");
    assert!(!page.is_null(), "the overview shows a matrix table");
    let codes = strings(&page, "codes");
    let communes = strings(&page, "communes");
    let signatures = strings(&page, "signatures");
    let navigation = strings(&page, "navigation");
    assert!(
        codes.len() >= 10,
        "the matrix header has the criterion codes: {codes:?}"
    );
    assert!(
        communes.len() > 20,
        "the matrix lists the province's communes: {communes:?}"
    );
    assert!(
        !navigation.is_empty(),
        "the header has navigation to leave out of the print"
    );

    let config = PrintConfiguration::builder()
        .orientation(PrintOrientation::Landscape)
        .size(PrintSize::A4)
        .margins(PrintMargins {
            top: MARGIN_CM,
            bottom: MARGIN_CM,
            left: MARGIN_CM,
            right: MARGIN_CM,
        })
        .build()
        .expect("print configuration");
    let pdf = browser.print(config).await.expect("print to PDF");
    assert!(pdf.starts_with(b"%PDF"), "chromium prints a PDF");
    let path = screenshots().join("tong-quan-in-a4-ngang.pdf");
    std::fs::write(&path, &pdf).expect("write the PDF");
    let pages = pdf_extract::extract_text_from_mem_by_pages(&pdf).expect("the PDF's text");
    // The text as read, beside the PDF, for whoever reads a failure.
    let text: Vec<String> = pages
        .iter()
        .enumerate()
        .map(|(i, p)| format!("=== trang {} ===\n{p}", i + 1))
        .collect();
    std::fs::write(path.with_extension("txt"), text.join("\n")).expect("write the PDF's text");
    let document = pdf_extract::Document::load_mem(&pdf).expect("a PDF lopdf reads");
    let mut printed = Printed::default();
    pdf_extract::output_doc(&document, &mut printed).expect("the PDF's glyphs");
    let pages: Vec<String> = printed.pages.iter().map(|p| squeezed(p)).collect();
    let all = pages.concat();
    let shown = path.display();

    assert!(
        printed.cut.is_empty(),
        "{} glyphs of {shown} lie outside the printable area (cut off on paper), first: {:?}",
        printed.cut.len(),
        &printed.cut[..printed.cut.len().min(10)]
    );
    let missing: Vec<&String> = codes.iter().filter(|c| !all.contains(c.as_str())).collect();
    assert!(
        missing.is_empty(),
        "criterion codes missing from {shown}: {missing:?}"
    );
    assert!(
        holds_header(&all, &codes),
        "{shown} never prints the matrix header with all its criterion columns {codes:?}"
    );
    let last = communes.last().expect("a commune");
    assert!(
        all.contains(&squeezed(last)),
        "the last commune {last} is missing from {shown}"
    );
    assert!(
        pages.len() > 1,
        "the matrix of {} communes fits one page of {shown}?",
        communes.len()
    );

    // Each page holding matrix rows repeats the header row.
    let signatures: Vec<String> = signatures
        .iter()
        .map(|s| squeezed(s))
        .filter(|s| s.chars().count() >= codes.len())
        .collect();
    assert!(!signatures.is_empty(), "the matrix rows have cells");
    let mut with_rows = Vec::new();
    let mut without_header = Vec::new();
    for (number, page) in pages.iter().enumerate() {
        if signatures.iter().any(|s| page.contains(s.as_str())) {
            with_rows.push(number + 1);
            if !holds_header(page, &codes) {
                without_header.push(number + 1);
            }
        }
    }
    eprintln!("{} pages; matrix rows on pages {with_rows:?}", pages.len());
    assert!(
        with_rows.len() > 1,
        "the matrix rows spread over more than one page of {shown}: {with_rows:?}"
    );
    assert!(
        without_header.is_empty(),
        "pages of {shown} with matrix rows but without the header row {codes:?}: {without_header:?}"
    );

    let printed: Vec<&String> = navigation
        .iter()
        .filter(|text| all.contains(&squeezed(text)))
        .collect();
    assert!(printed.is_empty(), "navigation printed in {shown}: {printed:?}");
}
