//! Writes the benchmark's criteria sets into a folder, so that `ntm
//! --criteria-dir FOLDER serve --db …/national.db` serves the national
//! dataset under the sets its values were generated for (tools/load-national.sh).
//!
//! cargo run --release -p ntm-bench --bin bench-criteria -- FOLDER

use anyhow::{Context, Result, anyhow};

fn main() -> Result<()> {
    let dir = std::env::args()
        .nth(1)
        .ok_or_else(|| anyhow!("usage: bench-criteria FOLDER"))?;
    std::fs::create_dir_all(&dir).with_context(|| dir.clone())?;
    for (name, text) in ntm_bench::bench_catalog_files()? {
        let path = std::path::Path::new(&dir).join(name);
        std::fs::write(&path, text).with_context(|| path.display().to_string())?;
        println!("{}", path.display());
    }
    Ok(())
}
