//! Running the application for real: plain HTTP or built-in HTTPS
//! (rustls through axum-server), the request limits, certificate reloads
//! and a graceful shutdown that lets requests in flight finish.

use std::net::SocketAddr;
use std::path::PathBuf;
use std::time::Duration;

use axum::http::StatusCode;
use axum_server::Handle;
use axum_server::tls_rustls::RustlsConfig;
use tower_http::timeout::TimeoutLayer;

use crate::state::AppState;

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
            request_timeout: Duration::from_secs(120),
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
        let app = crate::router(self.state)
            .layer(tower::limit::GlobalConcurrencyLimitLayer::new(
                self.options.max_concurrent_requests.max(1),
            ))
            .layer(TimeoutLayer::with_status_code(
                StatusCode::REQUEST_TIMEOUT,
                self.options.request_timeout,
            ));
        let service = app.into_make_service_with_connect_info::<SocketAddr>();
        let handle = self.handle.handle.clone();
        match self.handle.tls {
            Some((config, _)) => {
                axum_server::tls_rustls::from_tcp_rustls(self.listener, config)?
                    .handle(handle)
                    .serve(service)
                    .await
            }
            None => {
                axum_server::from_tcp(self.listener)?
                    .handle(handle)
                    .serve(service)
                    .await
            }
        }
    }
}
