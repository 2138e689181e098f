//! The configuration file (`/etc/ntm/ntm.toml`): every key read with a
//! Vietnamese message naming the file, the line and the key when it is wrong.

use std::path::{Path, PathBuf};

use anyhow::{Result, anyhow, bail};

/// The configuration file, as read.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct FileSettings {
    pub address: Option<String>,
    pub database_url: Option<String>,
    pub data_dir: Option<PathBuf>,
    pub criteria_dir: Option<PathBuf>,
    pub secure_cookies: Option<bool>,
    pub trusted_proxies: Option<Vec<std::net::IpAddr>>,
    pub log: Option<String>,
    pub tls_cert: Option<PathBuf>,
    pub tls_key: Option<PathBuf>,
    pub request_timeout_seconds: Option<u64>,
    pub max_concurrent_requests: Option<usize>,
    pub database_connections: Option<u32>,
    pub shutdown_grace_seconds: Option<u64>,
    pub metrics_token: Option<String>,
    pub backup_dir: Option<PathBuf>,
    pub backup_keep: Option<usize>,
}

/// The keys of each section, for the message about an unknown one.
const SECTIONS: &[(&str, &[&str])] = &[
    (
        "",
        &[
            "address",
            "database_url",
            "data_dir",
            "criteria_dir",
            "secure_cookies",
            "trusted_proxies",
            "log",
            "tls",
            "limits",
            "metrics",
            "backup",
        ],
    ),
    ("tls", &["cert", "key"]),
    (
        "limits",
        &[
            "request_timeout_seconds",
            "max_concurrent_requests",
            "database_connections",
            "shutdown_grace_seconds",
        ],
    ),
    ("metrics", &["token"]),
    ("backup", &["dir", "keep"]),
];

/// Reads one section's values with Vietnamese messages naming the file, the
/// line and the key.
struct Section<'a> {
    file: &'a Path,
    text: &'a str,
    name: &'a str,
    table: toml::Table,
}

impl Section<'_> {
    fn line_of(&self, key: &str) -> usize {
        let mut in_section = self.name.is_empty();
        for (i, line) in self.text.lines().enumerate() {
            let line = line.trim();
            if line.starts_with('[') {
                in_section = line.trim_matches(|c| c == '[' || c == ']').trim() == self.name;
            } else if in_section && line.split('=').next().is_some_and(|k| k.trim() == key) {
                return i + 1;
            }
        }
        1
    }

    fn key_name(&self, key: &str) -> String {
        if self.name.is_empty() {
            key.to_string()
        } else {
            format!("{}.{key}", self.name)
        }
    }

    fn wrong(&self, key: &str, expected: &str) -> anyhow::Error {
        anyhow!(
            "tệp cấu hình {}, dòng {}: {} phải là {expected}",
            self.file.display(),
            self.line_of(key),
            self.key_name(key)
        )
    }

    fn string(&self, key: &str) -> Result<Option<String>> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::String(s)) if !s.trim().is_empty() => Ok(Some(s.trim().to_string())),
            Some(_) => Err(self.wrong(key, "một chuỗi không rỗng trong ngoặc kép")),
        }
    }

    fn path(&self, key: &str) -> Result<Option<PathBuf>> {
        Ok(self.string(key)?.map(PathBuf::from))
    }

    fn addresses(&self, key: &str) -> Result<Option<Vec<std::net::IpAddr>>> {
        let Some(value) = self.table.get(key) else {
            return Ok(None);
        };
        let expected = "một danh sách địa chỉ IP, ví dụ [\"127.0.0.1\"]";
        let toml::Value::Array(items) = value else {
            return Err(self.wrong(key, expected));
        };
        items
            .iter()
            .map(|item| {
                item.as_str()
                    .and_then(|s| s.trim().parse().ok())
                    .ok_or_else(|| self.wrong(key, expected))
            })
            .collect::<Result<Vec<_>>>()
            .map(Some)
    }

    fn bool(&self, key: &str) -> Result<Option<bool>> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::Boolean(b)) => Ok(Some(*b)),
            Some(_) => Err(self.wrong(key, "true hoặc false")),
        }
    }

    fn number<T: TryFrom<i64>>(&self, key: &str) -> Result<Option<T>> {
        match self.table.get(key) {
            None => Ok(None),
            Some(toml::Value::Integer(n)) if *n > 0 => T::try_from(*n)
                .map(Some)
                .map_err(|_| self.wrong(key, "một số nguyên dương không quá lớn")),
            Some(_) => Err(self.wrong(key, "một số nguyên dương")),
        }
    }

    fn check_keys(&self) -> Result<()> {
        let known = SECTIONS
            .iter()
            .find(|(n, _)| *n == self.name)
            .map_or(&[][..], |(_, k)| *k);
        for key in self.table.keys() {
            if !known.contains(&key.as_str()) {
                bail!(
                    "tệp cấu hình {}, dòng {}: không có khoá \"{}\"; các khoá dùng được: {}",
                    self.file.display(),
                    self.line_of(key),
                    self.key_name(key),
                    known.join(", ")
                );
            }
        }
        Ok(())
    }
}

impl FileSettings {
    /// Reads a configuration file.
    pub fn read(file: &Path) -> Result<FileSettings> {
        let text = std::fs::read_to_string(file)
            .map_err(|e| anyhow!("không đọc được tệp cấu hình {}: {e}", file.display()))?;
        FileSettings::parse(file, &text)
    }

    pub fn parse(file: &Path, text: &str) -> Result<FileSettings> {
        let table: toml::Table = text.parse().map_err(|e: toml::de::Error| {
            let line = e
                .span()
                .map_or(1, |s| text[..s.start.min(text.len())].lines().count().max(1));
            anyhow!(
                "tệp cấu hình {}, dòng {line}: không đúng cú pháp TOML (ví dụ đúng: address = \"127.0.0.1:8080\")",
                file.display()
            )
        })?;
        let top = Section {
            file,
            text,
            name: "",
            table,
        };
        top.check_keys()?;
        let section = |name: &'static str| -> Result<Section<'_>> {
            let table = match top.table.get(name) {
                None => toml::Table::new(),
                Some(toml::Value::Table(t)) => t.clone(),
                Some(_) => return Err(top.wrong(name, &format!("một mục [{name}]"))),
            };
            let s = Section {
                file,
                text,
                name,
                table,
            };
            s.check_keys()?;
            Ok(s)
        };
        let (tls, limits, metrics, backup) = (
            section("tls")?,
            section("limits")?,
            section("metrics")?,
            section("backup")?,
        );
        Ok(FileSettings {
            address: top.string("address")?,
            database_url: top.string("database_url")?,
            data_dir: top.path("data_dir")?,
            criteria_dir: top.path("criteria_dir")?,
            secure_cookies: top.bool("secure_cookies")?,
            trusted_proxies: top.addresses("trusted_proxies")?,
            log: top.string("log")?,
            tls_cert: tls.path("cert")?,
            tls_key: tls.path("key")?,
            request_timeout_seconds: limits.number("request_timeout_seconds")?,
            max_concurrent_requests: limits.number("max_concurrent_requests")?,
            database_connections: limits.number("database_connections")?,
            shutdown_grace_seconds: limits.number("shutdown_grace_seconds")?,
            metrics_token: metrics.string("token")?,
            backup_dir: backup.path("dir")?,
            backup_keep: backup.number("keep")?,
        })
    }
}
