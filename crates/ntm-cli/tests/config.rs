//! The settings as operators give them: defaults, the configuration file,
//! `NTM_*` variables and flags, in that order; `ntm --version`.

mod support;

use support::*;

#[test]
fn configuration_layers_defaults_file_environment_and_flags() {
    let dir = tempfile::tempdir().expect("tempdir");
    let file = dir.path().join("ntm.toml");
    std::fs::write(
        &file,
        "address = \"127.0.0.1:7001\"\ndata_dir = \"/srv/ntm\"\n[limits]\nrequest_timeout_seconds = 60\n\
         [metrics]\ntoken = \"bi-mat\"\n",
    )
    .expect("write");
    let config = file.to_str().expect("utf-8");
    let show = |args: &[&str], env: &[(&str, &str)]| {
        let run = ntm_with(dir.path(), args, env);
        assert!(run.ok, "{}", run.stderr);
        run.stdout
    };
    let defaults = show(&["serve", "--print-config"], &[]);
    assert!(defaults.contains("address = \"127.0.0.1:8080\""), "{defaults}");
    assert!(
        defaults.contains("database_url = \"sqlite://ntm.db\""),
        "{defaults}"
    );
    let from_file = show(&["--config", config, "serve", "--print-config"], &[]);
    assert!(from_file.contains("address = \"127.0.0.1:7001\""), "{from_file}");
    assert!(
        from_file.contains("database_url = \"sqlite:///srv/ntm/ntm.db\""),
        "{from_file}"
    );
    assert!(
        from_file.contains("limits.request_timeout_seconds = 60"),
        "{from_file}"
    );
    assert!(
        !from_file.contains("bi-mat"),
        "secrets are not printed: {from_file}"
    );
    let env = [
        ("NTM_CONFIG", config),
        ("NTM_ADDR", "127.0.0.1:7002"),
        ("NTM_REQUEST_TIMEOUT", "7"),
        ("NTM_DATABASE_URL", "postgres://ntm:mat-khau@db/ntm"),
    ];
    let from_env = show(&["serve", "--print-config"], &env);
    assert!(from_env.contains("address = \"127.0.0.1:7002\""), "{from_env}");
    assert!(
        from_env.contains("limits.request_timeout_seconds = 7"),
        "{from_env}"
    );
    assert!(from_env.contains("postgres://ntm:***@db/ntm"), "{from_env}");
    let from_flags = show(
        &[
            "serve",
            "--print-config",
            "--addr",
            "127.0.0.1:7003",
            "--secure-cookies",
        ],
        &env,
    );
    assert!(
        from_flags.contains("address = \"127.0.0.1:7003\""),
        "{from_flags}"
    );
    assert!(from_flags.contains("secure_cookies = true"), "{from_flags}");

    std::fs::write(&file, "address = \"x\"\n[limits]\nrequest_timout_seconds = 60\n").expect("write");
    let bad = ntm(dir.path(), &["--config", config, "serve", "--print-config"]);
    assert!(!bad.ok);
    assert!(
        bad.stderr
            .contains("dòng 3: không có khoá \"limits.request_timout_seconds\""),
        "{}",
        bad.stderr
    );
    let missing = ntm(dir.path(), &["--config", "khong-co.toml", "init"]);
    assert!(!missing.ok);
    assert!(
        missing
            .stderr
            .contains("không đọc được tệp cấu hình khong-co.toml"),
        "{}",
        missing.stderr
    );
}

#[test]
fn version_names_the_schema_and_the_build() {
    let dir = tempfile::tempdir().expect("tempdir");
    let run = ntm(dir.path(), &["--version"]);
    assert!(run.ok);
    let expected = format!(
        "ntm {} (lược đồ cơ sở dữ liệu {}; bản dựng ",
        env!("CARGO_PKG_VERSION"),
        ntm_store::SCHEMA_VERSION
    );
    assert!(run.stdout.starts_with(&expected), "{}", run.stdout);
    let build = run.stdout.trim().rsplit("bản dựng ").next().unwrap_or("");
    let (commit, date) = build
        .trim_end_matches(')')
        .split_once(", ")
        .expect("commit, date");
    assert!(
        commit == "unknown" || commit.chars().all(|c| c.is_ascii_hexdigit()),
        "{commit}"
    );
    assert!(date == "unknown" || date.len() == 10, "{date}");
}
