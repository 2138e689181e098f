//! Running the application for real: plain HTTP or built-in HTTPS
//! (rustls through axum-server), the request limits, certificate reloads
//! and a graceful shutdown that lets requests in flight finish.
//!
//! The timeouts a public server needs: a client must send a request's
//! headers within [`HEADER_READ_TIMEOUT`] (a slow "slowloris" client cannot
//! hold a connection open); the same clock runs while a kept-alive
//! connection waits for its next request, so an idle connection closes after
//! it too; a body that stops arriving for [`BODY_TIMEOUT`] is dropped, and no
//! request runs longer than [`REQUEST_TIMEOUT`] (the last two in
//! `crate::router`).

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use hyper_util::rt::TokioTimer;

use crate::state::AppState;

/// The most a client may take to send a request's headers, and the longest a
/// kept-alive connection stays open waiting for the next request.
pub const HEADER_READ_TIMEOUT: Duration = Duration::from_secs(10);
/// The longest pause while a request's body arrives.
pub const BODY_TIMEOUT: Duration = Duration::from_secs(30);
/// The longest a request may take, an upload or a province's report included.
pub const REQUEST_TIMEOUT: Duration = Duration::from_secs(300);

/// The timeouts of a server ([`Timeouts::default`]: the constants above;
/// tests use shorter ones).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Timeouts {
    pub header_read: Duration,
    pub body: Duration,
    pub request: Duration,
}

impl Default for Timeouts {
    fn default() -> Timeouts {
        Timeouts {
            header_read: HEADER_READ_TIMEOUT,
            body: BODY_TIMEOUT,
            request: REQUEST_TIMEOUT,
        }
    }
}

/// The certificate chain and private key files (PEM).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TlsFiles {
    pub cert: PathBuf,
    pub key: PathBuf,
}

/// How the server runs.
#[derive(Clone, Debug)]
pub struct ServeOptions {
    /// HTTPS with these files; plain HTTP without.
    pub tls: Option<TlsFiles>,
    /// A request not answered in this time gets 408.
    pub request_timeout: Duration,
    /// Requests served at once; more wait their turn.
    pub max_concurrent_requests: usize,
}

impl Default for ServeOptions {
    fn default() -> Self {
        ServeOptions {
            tls: None,
            request_timeout: REQUEST_TIMEOUT,
            max_concurrent_requests: 512,
        }
    }
}

/// Why the server could not start or reload.
#[derive(Debug, thiserror::Error)]
pub enum ServeError {
    #[error("không đọc được chứng chỉ TLS {cert} hoặc khoá {key}: {reason}")]
    Tls {
        cert: String,
        key: String,
        reason: String,
    },
    #[error("{0}")]
    Io(#[from] std::io::Error),
}

async fn load_tls(files: &TlsFiles, into: Option<&RustlsConfig>) -> Result<RustlsConfig, ServeError> {
    let error = |reason: String| ServeError::Tls {
        cert: files.cert.display().to_string(),
        key: files.key.display().to_string(),
        reason,
    };
    for path in [&files.cert, &files.key] {
        std::fs::metadata(path).map_err(|e| error(format!("{}: {e}", path.display())))?;
    }
    match into {
        Some(config) => {
            config
                .reload_from_pem_file(&files.cert, &files.key)
                .await
                .map_err(|e| error(e.to_string()))?;
            Ok(config.clone())
        }
        None => RustlsConfig::from_pem_file(&files.cert, &files.key)
            .await
            .map_err(|e| error(e.to_string())),
    }
}

/// Controls a running server.
#[derive(Clone, Debug)]
pub struct ServerHandle {
    handle: Handle<SocketAddr>,
    tls: Option<(RustlsConfig, TlsFiles)>,
    state: AppState,
}

impl ServerHandle {
    /// Whether the server speaks HTTPS.
    pub fn is_tls(&self) -> bool {
        self.tls.is_some()
    }

    /// Reads the certificate and key files again; connections made from now
    /// on get the new certificate. On failure the old one stays in use.
    pub async fn reload_tls(&self) -> Result<bool, ServeError> {
        let Some((config, files)) = &self.tls else {
            return Ok(false);
        };
        let result = load_tls(files, Some(config)).await;
        self.state.metrics.tls_reloaded(result.is_ok());
        result.map(|_| true)
    }

    /// Stops taking connections and lets requests in flight finish, for at
    /// most `grace`; then the server ends.
    pub fn shutdown(&self, grace: Duration) {
        self.handle.graceful_shutdown(Some(grace));
    }

    /// Connections open now.
    pub fn connections(&self) -> usize {
        self.handle.connection_count()
    }
}

/// A server bound to its address, ready to run.
#[derive(Debug)]
pub struct Server {
    listener: std::net::TcpListener,
    state: AppState,
    options: ServeOptions,
    handle: ServerHandle,
}

impl Server {
    /// Binds the listener and loads the TLS files (both fail here, before
    /// anything is served, with a message saying what is wrong).
    pub async fn bind(addr: &str, state: AppState, options: ServeOptions) -> Result<Server, ServeError> {
        let listener = tokio::net::TcpListener::bind(addr).await?;
        Server::from_listener(listener.into_std()?, state, options).await
    }

    pub async fn from_listener(
        listener: std::net::TcpListener,
        state: AppState,
        options: ServeOptions,
    ) -> Result<Server, ServeError> {
        listener.set_nonblocking(true)?;
        let tls = match &options.tls {
            Some(files) => Some((load_tls(files, None).await?, files.clone())),
            None => None,
        };
        let handle = ServerHandle {
            handle: Handle::new(),
            tls,
            state: state.clone(),
        };
        Ok(Server {
            listener,
            state,
            options,
            handle,
        })
    }

    pub fn local_addr(&self) -> std::io::Result<SocketAddr> {
        self.listener.local_addr()
    }

    pub fn handle(&self) -> ServerHandle {
        self.handle.clone()
    }

    /// Serves until [`ServerHandle::shutdown`] and the requests in flight end.
    pub async fn run(self) -> std::io::Result<()> {
        let mut state = self.state;
        state.timeouts.request = self.options.request_timeout;
        let header_read = state.timeouts.header_read;
        let app = crate::router(state).layer(tower::limit::GlobalConcurrencyLimitLayer::new(
            self.options.max_concurrent_requests.max(1),
        ));
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        let handle = self.handle.handle.clone();
        match self.handle.tls {
            Some((config, _)) => {
                let mut server = axum_server::tls_rustls::from_tcp_rustls(self.listener, config)?;
                server
                    .http_builder()
                    .http1()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_read);
                server.handle(handle).serve(service).await
            }
            None => {
                let mut server = axum_server::from_tcp(self.listener)?;
                server
                    .http_builder()
                    .http1()
                    .timer(TokioTimer::new())
                    .header_read_timeout(header_read);
                server.handle(handle).serve(service).await
            }
        }
    }
}
