//! The settings of `ntm`, read in one place and layered: built-in defaults,
//! then the configuration file (`--config FILE` or `NTM_CONFIG`, e.g.
//! /etc/ntm/ntm.toml), then `NTM_*` environment variables, then flags.
//! clap gives each option's flag or variable (a flag wins over its
//! variable); what neither gives comes from the file, else the default.
//!
//! ```toml
//! address = "127.0.0.1:8080"
//! database_url = "postgres://ntm@localhost/ntm"   # default: sqlite://<data_dir>/ntm.db
//! data_dir = "/var/lib/ntm"
//! secure_cookies = true
//! trusted_proxies = ["127.0.0.1"]   # nginx on this machine
//! log = "info"
//! [tls]
//! cert = "/etc/ntm/tls/fullchain.pem"
//! key = "/etc/ntm/tls/privkey.pem"
//! [limits]
//! request_timeout_seconds = 120
//! max_concurrent_requests = 512
//! database_connections = 8
//! shutdown_grace_seconds = 30
//! [metrics]
//! token = "…"
//! [backup]
//! dir = "/var/lib/ntm/backups"
//! keep = 14
//! ```

mod file;

use std::path::PathBuf;
use std::time::Duration;

use anyhow::{Result, anyhow, bail};
pub use file::FileSettings;
use ntm_web::server::TlsFiles;

/// The database when nothing names one (and no data folder is set).
pub const DEFAULT_DB: &str = "sqlite://ntm.db";
/// The database file's name in the data folder.
pub const DB_FILE: &str = "ntm.db";

/// What flags and environment variables gave (clap fills it).
#[derive(Clone, Debug, Default, clap::Args)]
pub struct GlobalArgs {
    /// Tệp cấu hình (TOML), ví dụ /etc/ntm/ntm.toml.
    #[arg(long, global = true, env = "NTM_CONFIG", value_name = "TỆP")]
    pub config: Option<PathBuf>,
    /// Cơ sở dữ liệu: sqlite://TỆP (mặc định ntm.db trong thư mục dữ liệu, hoặc thư mục hiện tại) hoặc postgres://...
    #[arg(long = "db", global = true, env = "NTM_DATABASE_URL", value_name = "ĐỊA_CHỈ")]
    pub database_url: Option<String>,
    /// Thư mục dữ liệu (chứa ntm.db khi dùng SQLite), ví dụ /var/lib/ntm.
    #[arg(long, global = true, env = "NTM_DATA_DIR", value_name = "THƯ_MỤC")]
    pub data_dir: Option<PathBuf>,
    /// Thư mục chứa các tệp bộ tiêu chí (*.toml) thay cho các bộ có sẵn.
    #[arg(long, global = true, env = "NTM_CRITERIA_DIR")]
    pub criteria_dir: Option<PathBuf>,
    /// Số kết nối PostgreSQL tối đa của một tiến trình (mặc định 8).
    #[arg(long, global = true, env = "NTM_DATABASE_CONNECTIONS", value_name = "SỐ")]
    pub database_connections: Option<u32>,
    /// Mức ghi nhật ký, từ ít đến nhiều chi tiết (mặc định: chỉ cảnh báo; máy chủ: cả hoạt động thường ngày; các mức: docs/deployment.md).
    #[arg(long, global = true, env = "NTM_LOG", value_name = "MỨC")]
    pub log: Option<String>,
}

/// The options of `ntm serve`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct ServeArgs {
    /// Địa chỉ lắng nghe (mặc định 127.0.0.1:8080).
    #[arg(long, env = "NTM_ADDR", value_name = "ĐỊA_CHỈ")]
    pub addr: Option<String>,
    /// Đặt cờ Secure cho cookie và gửi HSTS (mặc định: bật khi dùng HTTPS).
    #[arg(long, env = "NTM_SECURE_COOKIES", num_args = 0..=1, default_missing_value = "true",
          value_parser = clap::builder::BoolishValueParser::new())]
    pub secure_cookies: Option<bool>,
    /// Tệp chứng chỉ TLS (PEM, cả chuỗi): chạy HTTPS.
    #[arg(long, env = "NTM_TLS_CERT", value_name = "TỆP")]
    pub tls_cert: Option<PathBuf>,
    /// Tệp khoá riêng TLS (PEM).
    #[arg(long, env = "NTM_TLS_KEY", value_name = "TỆP")]
    pub tls_key: Option<PathBuf>,
    /// Thời gian tối đa trả lời một yêu cầu, giây (mặc định 120).
    #[arg(long, env = "NTM_REQUEST_TIMEOUT", value_name = "GIÂY")]
    pub request_timeout: Option<u64>,
    /// Số yêu cầu phục vụ cùng lúc; các yêu cầu khác chờ (mặc định 512).
    #[arg(long, env = "NTM_MAX_CONCURRENT_REQUESTS", value_name = "SỐ")]
    pub max_concurrent_requests: Option<usize>,
    /// Khi dừng: thời gian chờ các yêu cầu đang chạy xong, giây (mặc định 30).
    #[arg(long, env = "NTM_SHUTDOWN_GRACE", value_name = "GIÂY")]
    pub shutdown_grace: Option<u64>,
    /// Khoá cho phép đọc /metrics từ máy khác (Authorization: Bearer KHOÁ).
    #[arg(long, env = "NTM_METRICS_TOKEN", value_name = "KHOÁ", hide_env_values = true)]
    pub metrics_token: Option<String>,
    /// Địa chỉ proxy tin cậy (nginx): X-Forwarded-For của nó cho biết địa chỉ người dùng (giới hạn đăng nhập sai).
    #[arg(
        long = "trusted-proxy",
        env = "NTM_TRUSTED_PROXIES",
        value_name = "ĐỊA_CHỈ_IP",
        value_delimiter = ','
    )]
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

/// The options of `ntm backup`.
#[derive(Clone, Debug, Default, clap::Args)]
pub struct BackupArgs {
    /// Tệp sao lưu ghi ra (không ghi đè tệp đã có).
    #[arg(long, conflicts_with = "dir", value_name = "TỆP")]
    pub out: Option<PathBuf>,
    /// Thư mục sao lưu: tệp mới mang tên ntm-NGÀY-GIỜ (mặc định theo [backup] dir của tệp cấu hình).
    #[arg(long, env = "NTM_BACKUP_DIR", value_name = "THƯ_MỤC")]
    pub dir: Option<PathBuf>,
    /// Giữ lại bao nhiêu bản mới nhất trong thư mục sao lưu (bản cũ hơn bị xoá).
    #[arg(long, env = "NTM_BACKUP_KEEP", value_name = "SỐ")]
    pub keep: Option<usize>,
}

/// Settings every command uses.
#[derive(Clone, Debug, PartialEq)]
pub struct Settings {
    pub database_url: String,
    /// Whether anything named the database (else `serve --demo` uses its own file).
    pub database_named: bool,
    pub data_dir: Option<PathBuf>,
    pub criteria_dir: Option<PathBuf>,
    pub database_connections: u32,
    pub log: Option<String>,
    pub file: FileSettings,
}

impl Settings {
    /// Layers flags and environment (`args`) over the file over defaults.
    pub fn resolve(args: &GlobalArgs) -> Result<Settings> {
        let file = match &args.config {
            Some(path) => FileSettings::read(path)?,
            None => FileSettings::default(),
        };
        Ok(Settings::layer(args, file))
    }

    pub fn layer(args: &GlobalArgs, file: FileSettings) -> Settings {
        let data_dir = args.data_dir.clone().or_else(|| file.data_dir.clone());
        let named = args.database_url.clone().or_else(|| file.database_url.clone());
        let database_named = named.is_some();
        let database_url = named.unwrap_or_else(|| match &data_dir {
            Some(dir) => format!("sqlite://{}", dir.join(DB_FILE).display()),
            None => DEFAULT_DB.to_string(),
        });
        Settings {
            database_named: database_named || data_dir.is_some(),
            database_url,
            data_dir,
            criteria_dir: args.criteria_dir.clone().or_else(|| file.criteria_dir.clone()),
            database_connections: args
                .database_connections
                .or(file.database_connections)
                .unwrap_or(8),
            log: args.log.clone().or_else(|| file.log.clone()),
            file,
        }
    }

    /// The settings of `ntm serve`.
    pub fn serve(&self, args: &ServeArgs) -> Result<ServeSettings> {
        let f = &self.file;
        let cert = args.tls_cert.clone().or_else(|| f.tls_cert.clone());
        let key = args.tls_key.clone().or_else(|| f.tls_key.clone());
        let tls = match (cert, key) {
            (Some(cert), Some(key)) => Some(TlsFiles { cert, key }),
            (None, None) => None,
            (Some(_), None) => bail!("có chứng chỉ TLS nhưng thiếu khoá: đặt cả --tls-key (hoặc [tls] key)"),
            (None, Some(_)) => {
                bail!("có khoá TLS nhưng thiếu chứng chỉ: đặt cả --tls-cert (hoặc [tls] cert)")
            }
        };
        let seconds = |flag: Option<u64>, file: Option<u64>, default: u64| {
            Duration::from_secs(flag.or(file).unwrap_or(default).max(1))
        };
        Ok(ServeSettings {
            address: args
                .addr
                .clone()
                .or_else(|| f.address.clone())
                .unwrap_or_else(|| "127.0.0.1:8080".to_string()),
            secure_cookies: args.secure_cookies.or(f.secure_cookies).unwrap_or(tls.is_some()),
            tls,
            request_timeout: seconds(args.request_timeout, f.request_timeout_seconds, 120),
            max_concurrent_requests: args
                .max_concurrent_requests
                .or(f.max_concurrent_requests)
                .unwrap_or(512)
                .max(1),
            shutdown_grace: seconds(args.shutdown_grace, f.shutdown_grace_seconds, 30),
            metrics_token: args
                .metrics_token
                .clone()
                .or_else(|| f.metrics_token.clone())
                .filter(|t| !t.is_empty()),
            trusted_proxies: if args.trusted_proxies.is_empty() {
                f.trusted_proxies.clone().unwrap_or_default()
            } else {
                args.trusted_proxies.clone()
            },
        })
    }

    /// Where `ntm backup` writes.
    pub fn backup(&self, args: &BackupArgs) -> Result<BackupTarget> {
        if let Some(out) = &args.out {
            return Ok(BackupTarget::File(out.clone()));
        }
        let dir = args
            .dir
            .clone()
            .or_else(|| self.file.backup_dir.clone())
            .or_else(|| self.data_dir.as_ref().map(|d| d.join("backups")))
            .ok_or_else(|| {
                anyhow!("hãy cho biết nơi ghi bản sao lưu: --out TỆP, hoặc --dir THƯ_MỤC (hoặc [backup] dir trong tệp cấu hình)")
            })?;
        Ok(BackupTarget::Folder {
            dir,
            keep: args.keep.or(self.file.backup_keep),
        })
    }
}

/// Where a backup goes.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum BackupTarget {
    File(PathBuf),
    /// A new file named by the time in `dir`, keeping the newest `keep`.
    Folder {
        dir: PathBuf,
        keep: Option<usize>,
    },
}

/// The settings of `ntm serve`, resolved.
#[derive(Clone, Debug, PartialEq)]
pub struct ServeSettings {
    pub address: String,
    pub secure_cookies: bool,
    pub tls: Option<TlsFiles>,
    pub request_timeout: Duration,
    pub max_concurrent_requests: usize,
    pub shutdown_grace: Duration,
    pub metrics_token: Option<String>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

impl ServeSettings {
    /// The settings as a configuration file would say them (secrets hidden).
    pub fn describe(&self, settings: &Settings) -> String {
        let mut out = String::new();
        let mut line = |key: &str, value: String| out.push_str(&format!("{key} = {value}\n"));
        line("address", format!("\"{}\"", self.address));
        line(
            "database_url",
            format!("\"{}\"", hide_password(&settings.database_url)),
        );
        if let Some(dir) = &settings.data_dir {
            line("data_dir", format!("\"{}\"", dir.display()));
        }
        line("secure_cookies", self.secure_cookies.to_string());
        let proxies: Vec<String> = self.trusted_proxies.iter().map(|p| format!("\"{p}\"")).collect();
        line("trusted_proxies", format!("[{}]", proxies.join(", ")));
        match &self.tls {
            Some(tls) => {
                line("tls.cert", format!("\"{}\"", tls.cert.display()));
                line("tls.key", format!("\"{}\"", tls.key.display()));
            }
            None => line("tls", "không (HTTP)".into()),
        }
        line(
            "limits.request_timeout_seconds",
            self.request_timeout.as_secs().to_string(),
        );
        line(
            "limits.max_concurrent_requests",
            self.max_concurrent_requests.to_string(),
        );
        line(
            "limits.database_connections",
            settings.database_connections.to_string(),
        );
        line(
            "limits.shutdown_grace_seconds",
            self.shutdown_grace.as_secs().to_string(),
        );
        line(
            "metrics.token",
            if self.metrics_token.is_some() {
                "\"(đã đặt)\""
            } else {
                "không (chỉ đọc từ máy này)"
            }
            .into(),
        );
        out
    }
}

/// A database URL with its password replaced by `***`.
pub fn hide_password(url: &str) -> String {
    let Some((scheme, rest)) = url.split_once("://") else {
        return url.to_string();
    };
    let Some((credentials, host)) = rest.split_once('@') else {
        return url.to_string();
    };
    match credentials.split_once(':') {
        Some((user, _)) => format!("{scheme}://{user}:***@{host}"),
        None => url.to_string(),
    }
}

#[cfg(test)]
mod tests;
