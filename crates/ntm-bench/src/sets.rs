//! The benchmark's criteria sets: the structure of Decision 318 with every
//! threshold filled in (by region and, for income, by year), and a
//! 15-criterion village set. They are for measuring, not for judging anyone.

use std::fmt::Write;

use anyhow::{Result, anyhow};
use ntm_core::criteria::{Catalog, IndicatorKind};
use ntm_core::region::Region;

/// Percent thresholds by region, in the order of `Region::ALL`.
const AT_LEAST: [u32; 7] = [70, 90, 85, 85, 80, 90, 85];
const AT_MOST: [u32; 7] = [20, 5, 10, 10, 15, 5, 10];

/// Indicators judged against a ceiling.
const CEILINGS: [&str; 3] = ["11", "15.3", "9.1"];

fn commune_set(base: &ntm_core::criteria::CriteriaSet) -> String {
    let mut t = String::new();
    let _ = writeln!(
        t,
        "code = \"bench-xa\"\nnamespace = \"bench-xa\"\nname = \"Bộ tiêu chí thử tải (cấu trúc Quyết định 318)\"\n\
         document = \"Dữ liệu thử tải\"\nlevel = \"commune\"\nscope = \"national\"\nvalid_from = \"2021-01-01\"\n\
         valid_to = \"2025-12-31\"\ncomplete = true\n"
    );
    let _ = writeln!(
        t,
        "[[region_rules]]\nflags = [\"dac_biet_kho_khan\"]\nregion = \"trung_du_mien_nui_phia_bac\"\nreason = \"thử tải\"\n"
    );
    for (label, min, max) in [
        ("19", 19, 19),
        ("15-18", 15, 18),
        ("10-14", 10, 14),
        ("0-9", 0, 9),
    ] {
        let _ = writeln!(t, "[[brackets]]\nlabel = \"{label}\"\nmin = {min}\nmax = {max}\n");
    }
    for c in &base.criteria {
        let _ = writeln!(
            t,
            "[[criteria]]\ncode = \"{}\"\nname = \"{}\"\n",
            c.code,
            c.name.replace('"', "'")
        );
        for i in &c.indicators {
            let _ = writeln!(
                t,
                "[[criteria.indicators]]\ncode = \"{}\"\nname = \"{}\"\nkind = \"{}\"",
                i.code,
                i.name.replace('"', "'"),
                i.kind.key()
            );
            let _ = writeln!(t, "thresholds = [");
            match i.kind {
                IndicatorKind::YesNo => {
                    let _ = writeln!(t, "  {{ must_be = \"yes\", confirmed = true }},");
                }
                IndicatorKind::Number if i.code == "10" => {
                    for (years, low, high) in [("2021-2022", 36, 45), ("2023-2025", 40, 50)] {
                        let _ = writeln!(
                            t,
                            "  {{ years = \"{years}\", at_least = {high}, confirmed = true }},"
                        );
                        let _ = writeln!(
                            t,
                            "  {{ years = \"{years}\", regions = [\"trung_du_mien_nui_phia_bac\"], at_least = {low}, confirmed = true }},"
                        );
                    }
                }
                IndicatorKind::Number => {
                    let _ = writeln!(t, "  {{ at_most = 0, confirmed = true }},");
                }
                IndicatorKind::Level => {
                    let _ = writeln!(t, "  {{ unknown = true }},");
                }
                IndicatorKind::Ratio => {
                    let table = if CEILINGS.contains(&i.code.as_str()) {
                        (AT_MOST, "at_most")
                    } else {
                        (AT_LEAST, "at_least")
                    };
                    for (r, v) in Region::ALL.iter().zip(table.0) {
                        let _ = writeln!(
                            t,
                            "  {{ regions = [\"{}\"], {} = {v}, confirmed = true }},",
                            r.key(),
                            table.1
                        );
                    }
                }
            }
            let _ = writeln!(t, "]\n");
        }
    }
    t
}

fn village_set() -> String {
    let mut t = String::from(
        "code = \"bench-thon\"\nnamespace = \"bench-thon\"\nname = \"Bộ tiêu chí thôn thử tải\"\ndocument = \"Dữ liệu thử tải\"\n\
         level = \"village\"\nscope = \"national\"\nvalid_from = \"2021-01-01\"\ncomplete = true\n\n",
    );
    for (label, min, max) in [("15", 15, 15), ("10-14", 10, 14), ("5-9", 5, 9), ("0-4", 0, 4)] {
        let _ = writeln!(t, "[[brackets]]\nlabel = \"{label}\"\nmin = {min}\nmax = {max}\n");
    }
    for c in 1..=15 {
        let _ = writeln!(
            t,
            "[[criteria]]\ncode = \"{c}\"\nname = \"Tiêu chí {c}\"\n\n[[criteria.indicators]]\ncode = \"{c}.1\"\n\
             name = \"Chỉ tiêu {c}.1\"\nkind = \"yes_no\"\nthresholds = [{{ must_be = \"yes\", confirmed = true }}]\n"
        );
    }
    t
}

/// The two sets above as criteria files (name, TOML text), as `ntm
/// --criteria-dir` reads them.
pub fn bench_catalog_files() -> Result<Vec<(String, String)>> {
    let shipped = ntm_app::criteria::catalog_files::shipped_catalog()?;
    let base = shipped
        .set("qd318-2022")
        .ok_or_else(|| anyhow!("qd318-2022 missing"))?;
    Ok(vec![
        ("bench-xa.toml".to_string(), commune_set(base)),
        ("bench-thon.toml".to_string(), village_set()),
    ])
}

/// The benchmark catalog: the two sets above.
pub fn bench_catalog() -> Result<Catalog> {
    Catalog::from_files(&bench_catalog_files()?).map_err(|e| {
        anyhow!(
            "{}",
            e.iter().map(ToString::to_string).collect::<Vec<_>>().join("\n")
        )
    })
}
