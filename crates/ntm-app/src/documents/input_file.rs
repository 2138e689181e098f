//! Reading a user's file from disk within its limit: the size is checked
//! before a byte is read (so a 1 GB file costs no memory), a stream without
//! a size (a pipe) is read only up to the limit, and every failure is told
//! in Vietnamese with the file's name.

use std::io::Read;
use std::path::Path;

use ntm_core::input::FileLimit;
use ntm_core::input::messages::io_error_vi;

use crate::error::{AppError, Result};

/// The bytes of a file, refused when larger than `limit`.
pub fn read_file(path: &Path, limit: FileLimit) -> Result<Vec<u8>> {
    let name = path.display();
    let failed =
        |e: std::io::Error| AppError::Invalid(format!("không đọc được tệp {name}: {}", io_error_vi(&e)));
    let file = std::fs::File::open(path).map_err(failed)?;
    let meta = file.metadata().map_err(failed)?;
    if meta.is_dir() {
        return Err(AppError::Invalid(format!(
            "{name} là một thư mục, không phải tệp"
        )));
    }
    if meta.is_file() {
        limit
            .check(meta.len())
            .map_err(|e| AppError::TooLarge(format!("{name}: {e}")))?;
    }
    let mut bytes = Vec::new();
    file.take(limit.max_bytes + 1)
        .read_to_end(&mut bytes)
        .map_err(failed)?;
    if bytes.len() as u64 > limit.max_bytes {
        return Err(AppError::TooLarge(format!("{name}: {}", limit.overflowed())));
    }
    Ok(bytes)
}

/// A text file (TOML) within its limit: UTF-8, read as NFC.
pub fn read_text_file(path: &Path, limit: FileLimit) -> Result<String> {
    let bytes = read_file(path, limit)?;
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(&bytes).to_vec();
    let text = String::from_utf8(bytes).map_err(|e| {
        let line = e.as_bytes()[..e.utf8_error().valid_up_to()]
            .iter()
            .filter(|b| **b == b'\n')
            .count()
            + 1;
        AppError::Invalid(format!(
            "{} dòng {line}: tệp không phải văn bản UTF-8: hãy lưu lại với mã hóa UTF-8",
            path.display()
        ))
    })?;
    Ok(ntm_core::input::nfc_owned(text))
}

#[cfg(test)]
mod tests {
    use super::*;
    use ntm_core::input::limits::{CSV, TOML};

    #[test]
    fn a_file_over_its_limit_is_refused_before_it_is_read() {
        let dir = tempfile::tempdir().expect("dir");
        let path = dir.path().join("lon.csv");
        let file = std::fs::File::create(&path).expect("file");
        // Sparse: a gigabyte that takes no disk and, refused by its size, no memory.
        file.set_len(1024 * 1024 * 1024).expect("size");
        let e = read_file(&path, CSV).unwrap_err().to_string();
        assert!(
            e.ends_with("tệp CSV lớn 1.024 MB, quá giới hạn 50 MB: hãy chia thành nhiều tệp nhỏ hơn"),
            "{e}"
        );
        let e = read_file(&dir.path().join("khong-co.csv"), CSV)
            .unwrap_err()
            .to_string();
        assert!(e.ends_with("không có tệp hoặc thư mục này"), "{e}");
        let e = read_file(dir.path(), CSV).unwrap_err().to_string();
        assert!(e.contains("là một thư mục"), "{e}");
        std::fs::write(&path, b"a = \"\xff\"\n").expect("write");
        let e = read_text_file(&path, TOML).unwrap_err().to_string();
        assert!(e.contains("dòng 1: tệp không phải văn bản UTF-8"), "{e}");
    }
}
