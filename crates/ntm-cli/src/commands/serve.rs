//! `ntm serve`: the web application and its API, over HTTP or HTTPS, until
//! SIGTERM or Ctrl+C (requests in flight finish first); SIGHUP reloads the
//! TLS certificate and key.

use std::sync::Arc;

use anyhow::{Context, Result};
use ntm_app::accounts::demo::{DEMO_ACCOUNTS, DEMO_PASSWORD, create_demo_accounts};
use ntm_app::demo::build_demo;
use ntm_store::ChangeSource;
use ntm_web::AppState;
use ntm_web::metrics::Metrics;
use ntm_web::server::{ServeOptions, Server, ServerHandle};
use tokio::signal::unix::{SignalKind, signal};

use crate::commands::{actor, catalog, open_database, open_program};
use crate::config::{ServeSettings, Settings};
use crate::progress::spinner;

/// The database `--demo` uses when none is named: made fresh at every start.
const DEMO_DB_FILE: &str = "ntm-demo.db";

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

async fn demo_program(cli: &Settings) -> Result<ntm_app::Program> {
    let db = if cli.database_named {
        cli.database_url.clone()
    } else {
        remove_demo_files()?;
        format!("sqlite://{DEMO_DB_FILE}")
    };
    let store = open_database(cli, &db).await?;
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
    println!("Cơ sở dữ liệu mẫu: {}", crate::config::hide_password(&db));
    Ok(program)
}

pub async fn serve(cli: &Settings, settings: &ServeSettings, demo: bool) -> Result<()> {
    let program = if demo {
        demo_program(cli).await?
    } else {
        open_program(cli).await?
    };
    let mut state = AppState::new(Arc::new(program));
    state.secure_cookies = settings.secure_cookies;
    state.metrics = Arc::new(Metrics::new(settings.metrics_token.clone()));
    state.trusted_proxies = settings.trusted_proxies.clone();
    let options = ServeOptions {
        tls: settings.tls.clone(),
        request_timeout: settings.request_timeout,
        max_concurrent_requests: settings.max_concurrent_requests,
    };
    let server = Server::bind(&settings.address, state, options)
        .await
        .with_context(|| {
            format!(
                "không chạy được máy chủ tại {} (cổng đang bận, hoặc cần quyền với cổng dưới 1024? đổi bằng --addr)",
                settings.address
            )
        })?;
    let bound = server.local_addr()?;
    let handle = server.handle();
    let scheme = if handle.is_tls() { "https" } else { "http" };
    println!("ntm đang chạy tại {scheme}://{bound}/  (dừng: Ctrl+C)");
    if demo {
        println!("\nTài khoản mẫu (mật khẩu chung: {DEMO_PASSWORD}):");
        for a in DEMO_ACCOUNTS {
            println!("  {:<18} {}", a.username, a.shows);
        }
        println!(
            "\nMở {scheme}://{bound}/ và đăng nhập, ví dụ bằng vpdp.laichau để xem tổng quan tỉnh Lai Châu."
        );
    }
    tracing::info!(address = %bound, tls = handle.is_tls(), "serving");
    let signals = tokio::spawn(watch_signals(handle, settings.shutdown_grace));
    let served = server.run().await;
    signals.abort();
    served.context("máy chủ web dừng vì lỗi")?;
    println!("Đã dừng ntm.");
    Ok(())
}

/// SIGTERM and SIGINT stop the server gracefully; SIGHUP reloads TLS.
async fn watch_signals(handle: ServerHandle, grace: std::time::Duration) -> Result<()> {
    let mut terminate = signal(SignalKind::terminate())?;
    let mut interrupt = signal(SignalKind::interrupt())?;
    let mut hangup = signal(SignalKind::hangup())?;
    loop {
        tokio::select! {
            _ = terminate.recv() => break,
            _ = interrupt.recv() => break,
            _ = hangup.recv() => match handle.reload_tls().await {
                Ok(true) => {
                    tracing::info!("TLS certificate reloaded");
                    println!("Đã nạp lại chứng chỉ TLS.");
                }
                Ok(false) => tracing::info!("SIGHUP: no TLS certificate to reload"),
                Err(e) => {
                    tracing::error!(error = %e, "TLS reload failed; the previous certificate stays in use");
                    eprintln!("lỗi: {e} (vẫn dùng chứng chỉ cũ)");
                }
            },
        }
    }
    println!(
        "Đang dừng: chờ các yêu cầu đang chạy xong (tối đa {} giây)…",
        grace.as_secs()
    );
    handle.shutdown(grace);
    Ok(())
}
