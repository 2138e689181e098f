//! The map at the size of the largest province: building the map of its
//! communes (figures, schematic cells for every commune, the layer), writing
//! it as SVG for the page, and rendering it as the reports' PNG. Reads the
//! national database; writes nothing.

use criterion::{Criterion, criterion_group, criterion_main};
use ntm_app::Program;
use ntm_bench::{bench_actor as actor, bench_catalog, default_database, national_store};
use ntm_core::geometry::layer::LayerKind;
use ntm_core::period::Period;
use ntm_core::unit::UnitKind;
use ntm_reports::map::{SvgOptions, map_png, map_svg};

fn maps(c: &mut Criterion) {
    let runtime = tokio::runtime::Runtime::new().expect("runtime");
    let period = Period::year(2024);
    let (program, communes, code) = runtime.block_on(async {
        let (store, _) = national_store(&default_database())
            .await
            .expect("national database");
        let program = Program::open(store, bench_catalog().expect("catalog"))
            .await
            .expect("program");
        let snapshot = program.snapshot().await.expect("snapshot");
        let h = &snapshot.hierarchy;
        // The province with the most communes in the period.
        let (communes, code) = h
            .units()
            .iter()
            .filter(|u| u.kind == UnitKind::Province && u.validity.overlaps(period))
            .map(|u| {
                let day = h.reference_date(u, period);
                (
                    h.subtree_at(u.id, day, &[UnitKind::Commune]).len(),
                    u.code.to_string(),
                )
            })
            .max()
            .expect("a province");
        (program, communes, code)
    });
    let view = runtime
        .block_on(program.map(&actor(), &code, period, &LayerKind::Criteria, None))
        .expect("map");
    println!(
        "map of province {code}: {communes} communes, {} areas ({} schematic)",
        view.model.areas.len(),
        view.schematic
    );

    let mut group = c.benchmark_group("map");
    group.sample_size(10);
    group.bench_function(format!("build the map ({communes} communes)"), |b| {
        b.iter(|| {
            runtime
                .block_on(program.map(&actor(), &code, period, &LayerKind::Criteria, None))
                .expect("map")
        })
    });
    group.bench_function("write the page's SVG", |b| {
        b.iter(|| map_svg(&view.model, &SvgOptions::WEB))
    });
    group.bench_function("render the report's PNG (1400 px)", |b| {
        b.iter(|| map_png(&view.model, ntm_app::map::REPORT_MAP_WIDTH).expect("png"))
    });
    group.finish();
    let svg = map_svg(&view.model, &SvgOptions::WEB);
    let png = map_png(&view.model, ntm_app::map::REPORT_MAP_WIDTH).expect("png");
    println!("SVG {} KB, PNG {} KB", svg.len() / 1024, png.png.len() / 1024);
}

criterion_group!(benches, maps);
criterion_main!(benches);
