//! `ntm serve`: the web application and its API.

use std::sync::Arc;

use anyhow::{Context, Result};
use ntm_app::demo::build_demo;
use ntm_app::demo_accounts::{DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts};
use ntm_store::ChangeSource;
use ntm_web::AppState;
use tokio::net::TcpListener;

use crate::Cli;
use crate::commands::{actor, catalog, open_program};
use crate::progress::spinner;

/// The database `--demo` uses when none is named: made fresh at every start.
const DEMO_DB_FILE: &str = "ntm-demo.db";
const DEFAULT_DB: &str = "sqlite://ntm.db";

fn remove_demo_files() -> Result<()> {
    for suffix in ["", "-wal", "-shm"] {
        let path = format!("{DEMO_DB_FILE}{suffix}");
        match std::fs::remove_file(&path) {
            Ok(()) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e).with_context(|| format!("không xoá được {path}")),
        }
    }
    Ok(())
}

pub async fn serve(cli: &Cli, addr: &str, demo: bool, secure_cookies: bool) -> Result<()> {
    let addr: std::net::SocketAddr = addr.parse().map_err(|_| {
        anyhow::anyhow!(
            "địa chỉ \"{addr}\" không hợp lệ: dùng dạng IP:cổng, ví dụ 127.0.0.1:8080 hoặc 0.0.0.0:80"
        )
    })?;
    let program = if demo {
        let db = if cli.db == DEFAULT_DB {
            remove_demo_files()?;
            format!("sqlite://{DEMO_DB_FILE}")
        } else {
            cli.db.clone()
        };
        let store = ntm_store::open(&db)
            .await
            .with_context(|| format!("không mở được cơ sở dữ liệu {db}"))?;
        let bar = spinner("Đang dựng cơ sở dữ liệu mẫu tỉnh Lai Châu");
        let built = build_demo(
            store,
            catalog(cli)?,
            &actor(Some("dữ liệu mẫu"), ChangeSource::Demo),
        )
        .await;
        bar.finish_and_clear();
        let (program, _) = built?;
        create_demo_accounts(&program, &actor(Some("dữ liệu mẫu"), ChangeSource::Demo)).await?;
        println!("Cơ sở dữ liệu mẫu: {db}");
        program
    } else {
        open_program(cli).await?
    };
    let listener = TcpListener::bind(addr)
        .await
        .with_context(|| format!("không mở được địa chỉ {addr} (cổng đang bận? dùng --addr)"))?;
    let bound = listener.local_addr()?;
    println!("ntm đang chạy tại http://{bound}/  (dừng: Ctrl+C)");
    if demo {
        println!("\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):");
        for a in DEMO_ACCOUNTS {
            println!("  {:<18} {}", a.username, a.shows);
        }
        println!(
            "\nMở http://{bound}/ và đăng nhập, ví dụ bằng vpdp.laichau để xem tổng quan tỉnh Lai Châu."
        );
    }
    let mut state = AppState::new(Arc::new(program));
    state.secure_cookies = secure_cookies;
    tokio::select! {
        served = ntm_web::serve(listener, state) => served.context("máy chủ web dừng vì lỗi")?,
        _ = tokio::signal::ctrl_c() => println!("\nĐã dừng ntm."),
    }
    Ok(())
}
