//! The figures a benchmark run measured against its aims, and the Markdown
//! table BENCHMARKS.md holds (written between two markers, so that the file
//! is regenerated from a run rather than edited by hand).

use std::fmt::Write;
use std::path::Path;

use anyhow::{Context, Result, anyhow};

/// The marker lines around the generated table in BENCHMARKS.md.
pub const BEGIN: &str = "<!-- national-report:begin -->";
pub const END: &str = "<!-- national-report:end -->";

/// One measured figure, with its aim when it has one.
#[derive(Debug, Clone)]
pub struct Figure {
    pub measure: String,
    pub figure: String,
    pub aim: Option<String>,
    /// Whether the aim is met; `None` without an aim.
    pub met: Option<bool>,
}

/// Every figure of a run, in the order measured.
#[derive(Debug, Default, Clone)]
pub struct Aims {
    pub figures: Vec<Figure>,
    /// Lines printed above the table: date, machine, dataset.
    pub header: Vec<String>,
}

impl Aims {
    /// Records a figure without an aim.
    pub fn note(&mut self, measure: impl Into<String>, figure: impl Into<String>) {
        self.figures.push(Figure {
            measure: measure.into(),
            figure: figure.into(),
            aim: None,
            met: None,
        });
    }

    /// Records a figure with its aim and whether it is met.
    pub fn aim(
        &mut self,
        measure: impl Into<String>,
        figure: impl Into<String>,
        aim: impl Into<String>,
        met: bool,
    ) {
        self.figures.push(Figure {
            measure: measure.into(),
            figure: figure.into(),
            aim: Some(aim.into()),
            met: Some(met),
        });
    }

    /// The Markdown block: the header lines, then one table row per figure.
    pub fn markdown(&self) -> String {
        let mut out = String::new();
        for line in &self.header {
            let _ = writeln!(out, "{line}  ");
        }
        let _ = writeln!(out, "\n| measurement | figure | aim | met |\n|---|---|---|---|");
        for f in &self.figures {
            let met = match f.met {
                Some(true) => "met",
                Some(false) => "**not met**",
                None => "",
            };
            let _ = writeln!(
                out,
                "| {} | {} | {} | {met} |",
                f.measure.replace('|', "\\|"),
                f.figure.replace('|', "\\|"),
                f.aim.as_deref().unwrap_or("").replace('|', "\\|")
            );
        }
        out
    }

    /// Replaces the block between the markers of the file at `path`.
    pub fn write_into(&self, path: &Path) -> Result<()> {
        let text = std::fs::read_to_string(path).with_context(|| path.display().to_string())?;
        let replaced = splice(&text, &self.markdown())
            .ok_or_else(|| anyhow!("{} has no {BEGIN} … {END} markers", path.display()))?;
        std::fs::write(path, replaced).with_context(|| path.display().to_string())
    }
}

/// `text` with what lies between the markers replaced by `block`.
pub fn splice(text: &str, block: &str) -> Option<String> {
    let start = text.find(BEGIN)? + BEGIN.len();
    let end = start + text[start..].find(END)?;
    Some(format!("{}\n{block}{}", &text[..start], &text[end..]))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_block_between_the_markers_is_replaced_and_the_rest_kept() {
        let text = format!("# B\nbefore\n{BEGIN}\nSTALE TABLE\n{END}\nafter\n");
        let mut aims = Aims::default();
        aims.aim("warm", "12,0 ms", "< 20 ms", true);
        aims.aim("cold", "900 ms", "< 500 ms", false);
        let out = splice(&text, &aims.markdown()).expect("markers");
        assert!(out.starts_with("# B\nbefore\n"));
        assert!(out.ends_with(&format!("{END}\nafter\n")));
        assert!(!out.contains("STALE TABLE"));
        assert!(out.contains("| warm | 12,0 ms | < 20 ms | met |"));
        assert!(out.contains("| cold | 900 ms | < 500 ms | **not met** |"));
    }

    #[test]
    fn a_file_without_markers_is_refused() {
        assert!(splice("no markers here", "x").is_none());
    }
}
