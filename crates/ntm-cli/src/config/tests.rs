//! The layering of the settings and the file's messages.
use std::path::{Path, PathBuf};
use std::time::Duration;

use super::*;

const FILE: &str = r#"
address = "0.0.0.0:443"
trusted_proxies = ["127.0.0.1", "::1"]
data_dir = "/var/lib/ntm"
[tls]
cert = "/etc/ntm/tls/cert.pem"
key = "/etc/ntm/tls/key.pem"
[limits]
request_timeout_seconds = 60
[metrics]
token = "bí mật"
[backup]
keep = 7
"#;

fn file() -> FileSettings {
    FileSettings::parse(Path::new("ntm.toml"), FILE).expect("valid file")
}

#[test]
fn defaults_then_file_then_flags() {
    let none = Settings::layer(&GlobalArgs::default(), FileSettings::default());
    assert_eq!(none.database_url, DEFAULT_DB);
    assert!(!none.database_named);
    let serve = none.serve(&ServeArgs::default()).expect("serve");
    assert_eq!(serve.address, "127.0.0.1:8080");
    assert!(!serve.secure_cookies);
    assert_eq!(serve.request_timeout, Duration::from_secs(120));

    let from_file = Settings::layer(&GlobalArgs::default(), file());
    assert_eq!(from_file.database_url, "sqlite:///var/lib/ntm/ntm.db");
    let serve = from_file.serve(&ServeArgs::default()).expect("serve");
    assert_eq!(serve.address, "0.0.0.0:443");
    assert!(serve.secure_cookies, "HTTPS means secure cookies");
    assert_eq!(serve.request_timeout, Duration::from_secs(60));
    assert_eq!(serve.metrics_token.as_deref(), Some("bí mật"));
    assert_eq!(serve.trusted_proxies.len(), 2);

    // A flag (or its environment variable, which clap reads into the
    // same field) wins over the file.
    let args = GlobalArgs {
        database_url: Some("postgres://ntm@db/ntm".into()),
        ..GlobalArgs::default()
    };
    let flagged = Settings::layer(&args, file());
    assert_eq!(flagged.database_url, "postgres://ntm@db/ntm");
    let serve = flagged
        .serve(&ServeArgs {
            addr: Some("127.0.0.1:9000".into()),
            secure_cookies: Some(false),
            request_timeout: Some(5),
            ..ServeArgs::default()
        })
        .expect("serve");
    assert_eq!(serve.address, "127.0.0.1:9000");
    assert!(!serve.secure_cookies);
    assert_eq!(serve.request_timeout, Duration::from_secs(5));
    assert_eq!(
        flagged.backup(&BackupArgs::default()).expect("target"),
        BackupTarget::Folder {
            dir: PathBuf::from("/var/lib/ntm/backups"),
            keep: Some(7)
        }
    );
}

#[test]
fn a_bad_file_names_the_line_and_the_key_in_vietnamese() {
    let e = FileSettings::parse(Path::new("/etc/ntm/ntm.toml"), "address = \"x\"\nadress = 1\n")
        .expect_err("unknown key");
    let m = e.to_string();
    assert!(m.contains("/etc/ntm/ntm.toml, dòng 2"), "{m}");
    assert!(m.contains("không có khoá \"adress\""), "{m}");
    let e = FileSettings::parse(Path::new("f"), "[limits]\nrequest_timeout_seconds = \"60\"\n")
        .expect_err("wrong type");
    assert!(
        e.to_string()
            .contains("dòng 2: limits.request_timeout_seconds phải là một số nguyên dương"),
        "{e}"
    );
    let e =
        FileSettings::parse(Path::new("f"), "trusted_proxies = [\"nginx\"]\n").expect_err("not an address");
    assert!(
        e.to_string()
            .contains("trusted_proxies phải là một danh sách địa chỉ IP"),
        "{e}"
    );
    let e = FileSettings::parse(Path::new("f"), "secure_cookies = yes\n").expect_err("syntax");
    assert!(e.to_string().contains("dòng 1: không đúng cú pháp TOML"), "{e}");
    let e = Settings::layer(&GlobalArgs::default(), FileSettings::default())
        .serve(&ServeArgs {
            tls_cert: Some("c.pem".into()),
            ..ServeArgs::default()
        })
        .expect_err("key missing");
    assert!(e.to_string().contains("thiếu khoá"), "{e}");
}

#[test]
fn the_shipped_configuration_file_is_valid() {
    let text = include_str!("../../../../packaging/ntm.toml");
    let file = FileSettings::parse(Path::new("packaging/ntm.toml"), text).expect("valid");
    assert_eq!(file.data_dir.as_deref(), Some(Path::new("/var/lib/ntm")));
    assert!(file.address.is_some());
}

#[test]
fn passwords_are_hidden() {
    assert_eq!(
        hide_password("postgres://ntm:s3cret@db:5432/ntm"),
        "postgres://ntm:***@db:5432/ntm"
    );
    assert_eq!(
        hide_password("sqlite:///var/lib/ntm/ntm.db"),
        "sqlite:///var/lib/ntm/ntm.db"
    );
}
