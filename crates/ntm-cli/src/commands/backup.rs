//! `ntm backup` and `ntm restore`.

use std::path::{Path, PathBuf};

use anyhow::{Context, Result};
use ntm_store::backup::{self, BackupSummary};

use crate::commands::check_owner;
use crate::config::{BackupTarget, Settings, hide_password};

/// A size in the Vietnamese way: "1,5 MB".
fn size(bytes: u64) -> String {
    let (value, unit) = if bytes >= 1 << 30 {
        (bytes as f64 / f64::from(1u32 << 30), "GB")
    } else if bytes >= 1 << 20 {
        (bytes as f64 / f64::from(1u32 << 20), "MB")
    } else {
        (bytes as f64 / 1024.0, "kB")
    };
    format!("{value:.1} {unit}").replace('.', ",")
}

fn contents(summary: &BackupSummary) -> String {
    format!(
        "{} đơn vị, {} giá trị và đánh giá, {} người dùng, {} tệp minh chứng, {} dòng nhật ký thay đổi",
        summary.rows("units"),
        summary.rows("indicator_values") + summary.rows("assessments"),
        summary.rows("users"),
        summary.rows("evidence_files"),
        summary.rows("audit"),
    )
}

/// The name of a new backup in a folder: the time, so that names sort by age.
fn stamped(dir: &Path, extension: &str) -> Result<PathBuf> {
    let format = time::macros::format_description!("[year][month][day]-[hour][minute][second]");
    let stamp = ntm_app::Clock::System.now().format(&format)?;
    Ok(dir.join(format!("ntm-{stamp}.{extension}")))
}

/// Removes the oldest backups of a folder beyond the newest `keep`.
fn prune(dir: &Path, extension: &str, keep: usize) -> Result<Vec<PathBuf>> {
    let mut backups: Vec<PathBuf> = std::fs::read_dir(dir)
        .with_context(|| format!("không đọc được thư mục {}", dir.display()))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| {
            p.file_name()
                .and_then(|n| n.to_str())
                .is_some_and(|n| n.starts_with("ntm-") && n.ends_with(&format!(".{extension}")))
        })
        .collect();
    backups.sort();
    let excess = backups.len().saturating_sub(keep.max(1));
    let removed: Vec<PathBuf> = backups.into_iter().take(excess).collect();
    for path in &removed {
        std::fs::remove_file(path).with_context(|| format!("không xoá được {}", path.display()))?;
    }
    Ok(removed)
}

pub async fn backup(cli: &Settings, target: &BackupTarget) -> Result<()> {
    check_owner(&cli.database_url)?;
    let kind = backup::kind_of_url(&cli.database_url)?;
    let extension = backup::extension(kind);
    let out = match target {
        BackupTarget::File(path) => path.clone(),
        BackupTarget::Folder { dir, .. } => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("không tạo được thư mục {}", dir.display()))?;
            stamped(dir, extension)?
        }
    };
    let database = hide_password(&cli.database_url);
    let summary = backup::backup(&cli.database_url, &out)
        .await
        .with_context(|| format!("không sao lưu được {database}"))?;
    println!(
        "Đã sao lưu {database} vào {} ({}, lược đồ phiên bản {}): {}.",
        out.display(),
        size(summary.bytes),
        summary.schema_version,
        contents(&summary)
    );
    if let BackupTarget::Folder {
        dir,
        keep: Some(keep),
    } = target
    {
        for path in prune(dir, extension, *keep)? {
            println!("Đã xoá bản sao lưu cũ {}", path.display());
        }
    }
    Ok(())
}

pub async fn restore(cli: &Settings, file: &Path) -> Result<()> {
    check_owner(&cli.database_url)?;
    let database = hide_password(&cli.database_url);
    let summary = backup::restore(&cli.database_url, file)
        .await
        .with_context(|| format!("không khôi phục được {} vào {database}", file.display()))?;
    let rows = |t: &str| {
        summary
            .tables
            .iter()
            .find(|(name, _)| name == t)
            .map_or(0, |(_, n)| *n)
    };
    println!(
        "Đã khôi phục {} vào {database}: {} đơn vị, {} giá trị và đánh giá, {} người dùng, {} tệp minh chứng, {} dòng nhật ký thay đổi.",
        file.display(),
        rows("units"),
        rows("indicator_values") + rows("assessments"),
        rows("users"),
        rows("evidence_files"),
        rows("audit"),
    );
    if summary.from_version != summary.to_version {
        println!(
            "Bản sao lưu có lược đồ phiên bản {}; đã nâng cấp lên phiên bản {}.",
            summary.from_version, summary.to_version
        );
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_read_the_vietnamese_way() {
        assert_eq!(size(1536), "1,5 kB");
        assert_eq!(size(5 * 1024 * 1024 + 512 * 1024), "5,5 MB");
    }

    #[test]
    fn pruning_keeps_the_newest() {
        let dir = tempfile::tempdir().expect("tempdir");
        for stamp in ["20261201-030000", "20261202-030000", "20261203-030000"] {
            std::fs::write(dir.path().join(format!("ntm-{stamp}.sqlite3")), b"x").expect("write");
        }
        std::fs::write(dir.path().join("other.sqlite3"), b"x").expect("write");
        let removed = prune(dir.path(), "sqlite3", 2).expect("prune");
        assert_eq!(removed, vec![dir.path().join("ntm-20261201-030000.sqlite3")]);
        assert!(dir.path().join("ntm-20261203-030000.sqlite3").exists());
        assert!(dir.path().join("other.sqlite3").exists());
    }
}
