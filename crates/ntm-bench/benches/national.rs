//! Criterion benchmarks on the synthetic national dataset (generated on first
//! run into target/ntm-bench/national.db): the whole country's figures and one
//! province's in memory, one commune's detailed evaluation, a write followed
//! by the next national read, and loading a period's values from SQLite.

use std::sync::Arc;

use criterion::{Criterion, criterion_group, criterion_main};
use ntm_app::Program;
use ntm_bench::{bench_actor as actor, bench_catalog, default_database, national_store};
use ntm_core::period::Period;

fn national(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let path = default_database();
    let program = runtime.block_on(async {
        let (store, _) = national_store(&path).await.expect("national database");
        let program = Program::open(Arc::clone(&store), bench_catalog().expect("catalog"))
            .await
            .expect("open");
        program
            .stats(&actor(), "VN", Period::year(2025), None)
            .await
            .expect("warm up");
        program
    });
    let period = Period::year(2025);
    let mut group = c.benchmark_group("national");
    group.sample_size(20);
    group.bench_function("whole country: evaluate + every aggregate (in memory)", |b| {
        b.iter(|| {
            runtime
                .block_on(program.stats(&actor(), "VN", period, None))
                .expect("stats")
        })
    });
    group.bench_function("one province (Lai Châu, 12)", |b| {
        b.iter(|| {
            runtime
                .block_on(program.stats(&actor(), "12", period, None))
                .expect("stats")
        })
    });
    group.bench_function("one commune, detailed evaluation (Mường So)", |b| {
        b.iter(|| {
            runtime
                .block_on(program.evaluate(&actor(), "03589", period, None, Default::default()))
                .expect("evaluate")
        })
    });
    // A value saved, then the next national read (which must show it: the
    // change log tells the program which unit to reload).
    group.bench_function("write one value, then the whole country's figures", |b| {
        b.iter(|| {
            runtime.block_on(async {
                ntm_bench::write::flip_one_value(&program, period)
                    .await
                    .expect("write");
                program.stats(&actor(), "VN", period, None).await.expect("stats")
            })
        })
    });
    group.bench_function("load one period's values from SQLite", |b| {
        b.iter(|| {
            runtime
                .block_on(program.store().load_period(period, &program.keys()))
                .expect("load")
        })
    });
    group.finish();

    // A server starting on the database (page cache warm; national-report
    // measures it with the cache dropped): open, load the hierarchy, load two
    // periods, the first national figures.
    let mut cold = c.benchmark_group("national cold start");
    cold.sample_size(10);
    cold.bench_function("open the SQLite database, then the first national figures", |b| {
        b.iter(|| {
            runtime.block_on(async {
                let store = ntm_store::open(&path.display().to_string()).await.expect("open");
                let fresh = Program::open(store, bench_catalog().expect("catalog"))
                    .await
                    .expect("program");
                fresh.stats(&actor(), "VN", period, None).await.expect("stats")
            })
        })
    });
    cold.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
