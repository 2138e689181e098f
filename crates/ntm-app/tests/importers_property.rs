//! Every importer fed random bytes and random rows that look valid (real
//! codes, periods and headers mixed with decomposed Unicode, stray quotes,
//! separators, control and bidirectional characters, huge and negative
//! numbers): none panics, a refused file writes nothing at all, and every
//! message is Vietnamese.

mod common;

use std::sync::OnceLock;

use common::{actor, demo};
use ntm_app::{AppError, Program};
use ntm_store::AuditQuery;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

struct Fixture {
    runtime: tokio::runtime::Runtime,
    program: Program,
    template: Vec<u8>,
    _dir: tempfile::TempDir,
}

fn fixture() -> &'static Fixture {
    static FIXTURE: OnceLock<Fixture> = OnceLock::new();
    FIXTURE.get_or_init(|| {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(2)
            .enable_all()
            .build()
            .expect("runtime");
        let (program, dir) = runtime.block_on(demo());
        let (_, template) = runtime
            .block_on(program.template(
                &actor(),
                "109",
                ntm_core::period::Period::year(2023),
                ntm_app::documents::template_export::TemplateUnits::Communes,
            ))
            .expect("template");
        Fixture {
            runtime,
            program,
            template,
            _dir: dir,
        }
    })
}

/// What is stored, as far as a write can move it: the change log and the
/// audit trail (every write adds to one or both).
fn state(f: &Fixture) -> (i64, i64) {
    f.runtime.block_on(async {
        let store = f.program.store();
        let changes = store.latest_change().await.expect("changes");
        let audit = store
            .audit(AuditQuery {
                limit: 1,
                ..AuditQuery::default()
            })
            .await
            .expect("audit");
        (changes, audit.first().map_or(0, |a| a.id))
    })
}

/// English a user must never read.
const ENGLISH: &[&str] = &[
    "error",
    "invalid",
    "expected",
    "missing",
    "failed",
    "unknown",
    "found",
    "unexpected",
    "cannot",
    "eof",
    "column",
    "line",
    "string",
    "integer",
    "field",
    "variant",
    "struct",
    "sequence",
    "save",
    "some(",
    "none",
    "err(",
    "ok(",
];

fn assert_vietnamese(message: &str) {
    let lower = message.to_lowercase();
    let words: Vec<&str> = lower
        .split(|c: char| !(c.is_alphanumeric() || c == '(' || c == ' '))
        .flat_map(|w| w.split(' '))
        .collect();
    for english in ENGLISH {
        let hit = if english.contains(['(', ' ']) {
            lower.contains(english)
        } else {
            words.contains(english)
        };
        assert!(!hit, "English «{english}» in: {message}");
    }
}

/// Runs an import; checks the outcome: Ok, or an error in Vietnamese with
/// nothing written.
fn check(outcome: impl FnOnce(&Fixture) -> Result<(), AppError>) {
    let f = fixture();
    let before = state(f);
    if let Err(e) = outcome(f) {
        assert_eq!(state(f), before, "a refused import wrote something: {e}");
        match &e {
            AppError::Import(errors) => {
                assert!(!errors.is_empty());
                for error in errors {
                    assert_vietnamese(&error.message);
                }
            }
            other => assert_vietnamese(&other.to_string()),
        }
    }
}

/// A cell: real-looking values, and the things real files hold by mistake.
fn cell() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("03589".to_string()),
        Just("03550".to_string()),
        Just("109".to_string()),
        Just("2023".to_string()),
        Just("2024-Q3".to_string()),
        Just("3.2".to_string()),
        Just("2.2".to_string()),
        Just("8".to_string()),
        Just("đạt".to_string()),
        Just("đạt".nfd().collect::<String>()),
        Just("không đạt".to_string()),
        Just("12,5".to_string()),
        Just("16.021".to_string()),
        Just("-3".to_string()),
        Just("99999999999999999999".to_string()),
        Just("\"".to_string()),
        Just("a\"b".to_string()),
        Just(";".to_string()),
        Just("\u{202E}".to_string()),
        Just("\u{0}".to_string()),
        Just(String::new()),
        "[a-zà-ỹ0-9 ,;.\"\\n]{0,12}",
        "\\PC{0,8}",
    ]
}

/// A table: a header from the importers' columns, then rows of cells,
/// joined with a separator and sometimes quoted.
fn table(columns: &'static [&'static str]) -> impl Strategy<Value = String> {
    (
        proptest::sample::subsequence(columns, 1..columns.len()),
        proptest::collection::vec(proptest::collection::vec((cell(), any::<bool>()), 1..8), 0..12),
        prop_oneof![Just(','), Just(';')],
    )
        .prop_map(|(header, rows, sep)| {
            let mut text = header.join(&sep.to_string());
            for row in rows {
                text.push('\n');
                let cells: Vec<String> = row
                    .into_iter()
                    .map(|(c, quoted)| {
                        if quoted {
                            format!("\"{}\"", c.replace('"', "\"\""))
                        } else {
                            c
                        }
                    })
                    .collect();
                text.push_str(&cells.join(&sep.to_string()));
            }
            text
        })
}

const VALUE_COLUMNS: &[&str] = &[
    "unit_code",
    "mã đơn vị",
    "period",
    "kỳ",
    "indicator",
    "criterion",
    "value",
    "giá trị",
    "achieved",
    "total",
    "note",
    "ghi chú",
    "version",
    "evidence",
    "criteria_set",
];
const UNIT_COLUMNS: &[&str] = &[
    "code",
    "kind",
    "name",
    "tên",
    "parent_code",
    "valid_from",
    "valid_to",
    "region",
    "flags",
    "lat",
    "lon",
];
const MONEY_COLUMNS: &[&str] = &[
    "unit_code",
    "kind",
    "start_year",
    "end_year",
    "source",
    "amount",
    "note",
    "project",
    "year",
    "allocated",
    "disbursed",
    "cash",
    "labour_days",
    "households",
];

fn config() -> ProptestConfig {
    ProptestConfig {
        cases: 40,
        failure_persistence: None,
        ..ProptestConfig::default()
    }
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn random_bytes_to_every_importer(bytes in proptest::collection::vec(any::<u8>(), 0..3_000), zip in any::<bool>()) {
        let bytes = if zip { [b"PK\x03\x04".as_slice(), &bytes].concat() } else { bytes };
        let text = String::from_utf8_lossy(&bytes).into_owned();
        let a = actor();
        check(|f| f.runtime.block_on(f.program.import_values_csv(&a, "x.csv", &bytes)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_units_csv(&a, "x.csv", &bytes)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_template(&a, "x.xlsx", &bytes)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_money(&a, "x.csv", &bytes)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_geometry(&a, "x.geojson", &bytes)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_file(&a, "x", &bytes)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_plan_file(&a, "x.toml", &text)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_money_file(&a, "x.toml", &text)).map(|_| ()));
        if let Err(errors) = ntm_app::criteria::catalog_files::check_file("x.toml", &text) {
            for e in errors {
                assert_vietnamese(&e.message);
            }
        }
    }

    #[test]
    fn valid_looking_tables_to_the_table_importers(
        values in table(VALUE_COLUMNS),
        units in table(UNIT_COLUMNS),
        money in table(MONEY_COLUMNS),
    ) {
        let a = actor();
        check(|f| f.runtime.block_on(f.program.import_values_csv(&a, "so-lieu.csv", values.as_bytes())).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_units_csv(&a, "don-vi.csv", units.as_bytes())).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_money(&a, "von.csv", money.as_bytes())).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_file(&a, "tep.csv", values.as_bytes())).map(|_| ()));
    }

    #[test]
    fn changed_templates_and_broken_workbooks(
        edits in proptest::collection::vec((0usize..400, 0usize..15, cell()), 1..6),
        cut in 0usize..100,
        flips in proptest::collection::vec((0usize..100_000, any::<u8>()), 0..4),
    ) {
        use ntm_reports::template::{Template, template_xlsx};
        let f = fixture();
        let a = actor();
        let mut template: Template = f
            .runtime
            .block_on(f.program.template_rows(&a, "109", ntm_core::period::Period::year(2023), ntm_app::documents::template_export::TemplateUnits::Communes))
            .expect("rows");
        let rows = template.rows.len();
        for (row, column, text) in edits {
            let r = &mut template.rows[row % rows];
            match column {
                0 => r.unit_code = text,
                1 => r.period = text,
                2 => r.indicator = text,
                3 => r.criteria_set = text,
                4 => r.achieved = text.replace(',', ".").parse().ok(),
                5 => r.total = text.replace(',', ".").parse().ok(),
                6 => r.note = text,
                7 => r.version = text.parse().unwrap_or(-1),
                8 => r.number = None,
                _ => r.value = text,
            }
        }
        let bytes = template_xlsx(&template).expect("workbook");
        check(|f| f.runtime.block_on(f.program.import_template(&a, "mau.xlsx", &bytes)).map(|_| ()));
        let mut broken = f.template.clone();
        broken.truncate(broken.len() * (cut + 1) / 101);
        check(|f| f.runtime.block_on(f.program.import_file(&a, "cut.xlsx", &broken)).map(|_| ()));
        let mut flipped = f.template.clone();
        for (at, byte) in flips {
            let i = at % flipped.len();
            flipped[i] ^= byte;
        }
        check(|f| f.runtime.block_on(f.program.import_file(&a, "flip.xlsx", &flipped)).map(|_| ()));
    }

    #[test]
    fn valid_looking_geojson_and_toml(
        code in cell(),
        coords in proptest::collection::vec((-200.0f64..200.0, -100.0f64..100.0), 0..6),
        key in "[a-z_]{1,12}",
        value in cell(),
    ) {
        let ring: Vec<String> = coords.iter().map(|(x, y)| format!("[{x},{y}]")).collect();
        let geojson = format!(
            r#"{{"type":"FeatureCollection","features":[{{"type":"Feature","properties":{{"code":{code:?}}},"geometry":{{"type":"Polygon","coordinates":[[{}]]}}}}]}}"#,
            ring.join(",")
        );
        let toml = format!("[[targets]]\nunit = {value:?}\n{key} = {value:?}\nyear = {code}\n");
        let a = actor();
        check(|f| f.runtime.block_on(f.program.import_geometry(&a, "ranh-gioi.geojson", geojson.as_bytes())).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_plan_file(&a, "ke-hoach.toml", &toml)).map(|_| ()));
        check(|f| f.runtime.block_on(f.program.import_money_file(&a, "von.toml", &toml)).map(|_| ()));
        if let Err(errors) = ntm_app::criteria::catalog_files::check_file("bo.toml", &toml) {
            for e in errors {
                assert_vietnamese(&e.message);
            }
        }
    }
}
