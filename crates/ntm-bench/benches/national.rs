//! Criterion benchmarks on the synthetic national dataset (generated on first
//! run into target/ntm-bench/national.db): the whole country's figures and one
//! province's in memory, one commune's detailed evaluation, and loading a
//! period's values from SQLite.

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
    group.bench_function("load one period's values from SQLite", |b| {
        b.iter(|| {
            runtime
                .block_on(program.store().load_period(period, &program.keys()))
                .expect("load")
        })
    });
    group.finish();
}

criterion_group!(benches, national);
criterion_main!(benches);
