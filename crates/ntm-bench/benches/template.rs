//! Data-entry templates at the size of a large province: exporting a template
//! of at least 10,000 rows, importing it back unchanged, and importing it with
//! every row changed (one transaction, an audit row each). Runs on a copy of
//! the national database, so the other benchmarks' data stays as generated.

use std::sync::Arc;

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use ntm_app::Program;
use ntm_app::documents::template_export::TemplateUnits;
use ntm_bench::{bench_actor as actor, bench_catalog, default_database, national_store};
use ntm_core::period::Period;
use ntm_core::unit::UnitKind;
use ntm_reports::template::{Answer, Template, template_xlsx};

const ROWS: usize = 10_000;

/// Every row's value changed to another valid one.
fn changed(mut template: Template) -> Template {
    for row in &mut template.rows {
        match &row.answer {
            Answer::Choice(choices) => {
                let next = choices.iter().find(|c| **c != row.value).cloned();
                row.value = next.unwrap_or_default();
            }
            Answer::Number => row.number = Some(row.number.unwrap_or(0.0) + 1.0),
            Answer::Ratio => {
                let total = row.total.unwrap_or(10.0).max(2.0);
                let achieved = row.achieved.unwrap_or(0.0);
                row.total = Some(total);
                row.achieved = Some(if achieved >= 1.0 {
                    achieved - 1.0
                } else {
                    achieved + 1.0
                });
                row.value.clear();
            }
        }
    }
    template
}

fn templates(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let source = default_database();
    let copy = source.with_file_name("template-bench.db");
    let (program, province) = runtime.block_on(async {
        national_store(&source).await.expect("national database");
        for suffix in ["", "-wal", "-shm"] {
            let _ = std::fs::remove_file(format!("{}{suffix}", copy.display()));
        }
        std::fs::copy(&source, &copy).expect("copy");
        let store = ntm_store::open(&copy.display().to_string())
            .await
            .expect("open copy");
        let program = Program::open(Arc::clone(&store), bench_catalog().expect("catalog"))
            .await
            .expect("program");
        let snapshot = program.snapshot().await.expect("snapshot");
        let period = Period::year(2025);
        // The smallest province whose communes make a template of ROWS rows.
        let rows_per_commune = bench_catalog()
            .expect("catalog")
            .sets()
            .iter()
            .find(|s| s.code.contains("xa"))
            .map_or(75, |s| s.indicator_count() + s.criteria.len());
        let province = snapshot
            .hierarchy
            .units()
            .iter()
            .filter(|u| u.kind == UnitKind::Province && u.validity.overlaps(period))
            .map(|u| {
                let day = snapshot.hierarchy.reference_date(u, period);
                (
                    snapshot
                        .hierarchy
                        .subtree_at(u.id, day, &[UnitKind::Commune])
                        .len(),
                    u.code.to_string(),
                )
            })
            .filter(|(communes, _)| communes * rows_per_commune >= ROWS)
            .min()
            .expect("a large enough province");
        (program, province)
    });
    let (communes, code) = province;
    let period = Period::year(2025);
    let rows = runtime
        .block_on(program.template_rows(&actor(), &code, period, TemplateUnits::Communes))
        .expect("template")
        .rows
        .len();
    println!("template of province {code}: {communes} communes, {rows} rows");
    let (_, unchanged) = runtime
        .block_on(program.template(&actor(), &code, period, TemplateUnits::Communes))
        .expect("template");

    let mut group = c.benchmark_group("template");
    group.sample_size(10);
    group.bench_function(format!("export ({rows} rows)"), |b| {
        b.iter(|| {
            runtime
                .block_on(program.template(&actor(), &code, period, TemplateUnits::Communes))
                .expect("export")
        })
    });
    group.bench_function(format!("import unchanged ({rows} rows)"), |b| {
        b.iter(|| {
            runtime
                .block_on(program.import_template(&actor(), "mau.xlsx", &unchanged))
                .expect("import")
        })
    });
    group.bench_function(format!("import with every row changed ({rows} rows)"), |b| {
        b.iter_batched(
            || {
                let rows = runtime
                    .block_on(program.template_rows(&actor(), &code, period, TemplateUnits::Communes))
                    .expect("template");
                template_xlsx(&changed(rows)).expect("workbook")
            },
            |bytes| {
                let summary = runtime
                    .block_on(program.import_template(&actor(), "sua.xlsx", &bytes))
                    .expect("import");
                assert!(summary.updated + summary.created >= ROWS / 2, "{summary:?}");
            },
            BatchSize::PerIteration,
        )
    });
    group.finish();
}

criterion_group!(benches, templates);
criterion_main!(benches);
