//! sitrep's HTTP API (JSON under `/api`) and web UI (server-rendered HTML that works without
//! JavaScript) over one store, served by one process while ingestion runs beside it.
//!
//! Architecture invariant: only this crate knows about HTTP. It reads the store through
//! sitrep-store and sitrep-report and writes only through sitrep-pipeline, so the pages and the
//! API show what `sitrep report` prints; every byte of article text it sends is escaped.

mod api;
mod cache;
mod error;
mod openapi;
mod pool;
mod security;
mod ui;
mod world;

use axum::Router;
use axum::extract::DefaultBodyLimit;
use axum::routing::get;
use pool::StorePool;
use sitrep_core::reconcile::Policy;
use sitrep_store::Store;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;

pub use openapi::OPENAPI_JSON;

/// How the server runs: the store, the address, the ingestion token and the bounds.
#[derive(Debug, Clone)]
pub struct ServerConfig {
    pub db: PathBuf,
    pub bind: SocketAddr,
    /// The bearer token `POST /api/articles` needs; without one, posting is refused (401).
    pub token: Option<String>,
    /// Read connections to the store (requests served at once).
    pub readers: usize,
    /// A request that takes longer is answered 503 `timeout`.
    pub request_timeout: Duration,
    /// The largest body `POST /api/articles` accepts.
    pub max_body_bytes: usize,
    /// `POST /api/articles` requests accepted per minute (a burst of this many, refilled evenly).
    pub posts_per_minute: u32,
    /// best = most recent credible report (UCDP) or most conservative (ACLED).
    pub policy: Policy,
}

impl ServerConfig {
    pub fn new(db: PathBuf) -> ServerConfig {
        ServerConfig {
            db,
            bind: SocketAddr::from(([127, 0, 0, 1], 8080)),
            token: None,
            readers: 4,
            request_timeout: Duration::from_secs(15),
            max_body_bytes: 16 << 20,
            posts_per_minute: 60,
            policy: Policy::default(),
        }
    }
}

/// The server's failures before it serves: the store or the address.
#[derive(Debug, thiserror::Error)]
pub enum ServerError {
    #[error(transparent)]
    Store(#[from] sitrep_store::StoreError),
    #[error("cannot listen on {bind}: {source}")]
    Bind { bind: SocketAddr, source: std::io::Error },
    #[error("server failed: {0}")]
    Serve(std::io::Error),
}

/// What every handler shares.
pub(crate) struct AppState {
    pub pool: StorePool,
    /// The one connection that writes (ingestion over HTTP); readers never wait for it (WAL).
    pub writer: Mutex<Store>,
    pub token: Option<String>,
    pub post_limiter: Mutex<security::RateLimiter>,
    pub policy: Policy,
    pub request_timeout: Duration,
    pub cache: Arc<cache::RenderCache>,
}

impl AppState {
    /// `render`'s answer for `key`, kept while the store is unchanged (its data version is read
    /// first, on the same connection, so an ingestion shows at once).
    pub(crate) async fn render_cached<F>(&self, key: String, render: F) -> Result<Arc<String>, error::ApiError>
    where
        F: FnOnce(&Store) -> Result<String, error::ApiError> + Send + 'static,
    {
        let cache = self.cache.clone();
        self.pool
            .read(move |store| {
                let version = store.data_version()?;
                cache.get_or_render(&key, &version, || render(store))
            })
            .await
    }
}

/// The whole application (API, pages, static files) over the store named in `config`.
pub fn app(config: &ServerConfig) -> Result<Router, ServerError> {
    let writer = Store::open(&config.db)?;
    let pool = StorePool::open(&config.db, config.readers.max(1))?;
    let state = Arc::new(AppState {
        pool,
        writer: Mutex::new(writer),
        token: config.token.clone().filter(|t| !t.is_empty()),
        post_limiter: Mutex::new(security::RateLimiter::per_minute(config.posts_per_minute)),
        policy: config.policy,
        request_timeout: config.request_timeout,
        cache: Arc::default(),
    });
    let api = api::routes().layer(DefaultBodyLimit::max(config.max_body_bytes));
    Ok(Router::new()
        .merge(ui::routes())
        .merge(api)
        .route("/static/{name}", get(ui::static_file))
        .fallback(error::not_found)
        .layer(axum::middleware::from_fn_with_state(state.clone(), security::guard))
        .with_state(state))
}

/// Serves until Ctrl-C.
pub async fn serve(config: ServerConfig) -> Result<(), ServerError> {
    let router = app(&config)?;
    let listener = tokio::net::TcpListener::bind(config.bind)
        .await
        .map_err(|source| ServerError::Bind { bind: config.bind, source })?;
    axum::serve(listener, router.into_make_service_with_connect_info::<SocketAddr>())
        .with_graceful_shutdown(async {
            let _ = tokio::signal::ctrl_c().await;
        })
        .await
        .map_err(ServerError::Serve)
}
