//! `xxgk-lint serve`: its options, the checks made before binding (address and authentication),
//! and the server's lifetime. The routes are in [`api`], the page in [`page`].
//!
//! One process loads the rules once ([`crate::cli::check::load`], as `check` does) and lints
//! each uploaded report in memory through the same pipeline as `check`, on a bounded pool of
//! blocking threads. Nothing of a report is written to disk or logged.

mod api;
mod auth;
mod error;
mod limits;
mod lint;
mod openapi;
mod page;
mod view;

pub use api::ROUTES;
pub use openapi::document as openapi_document;

use crate::cli::{ExitStatus, FailOn, LangArg, RuleOptions};
use crate::config::ByteSize;
use std::io::{self, Write};
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;

/// The default body limit: 20 MB, above any real report (a `.docx` with images is a few MB).
pub const DEFAULT_MAX_BODY: u64 = 20 << 20;
/// The default time limit of one request, upload and queueing included.
pub const DEFAULT_TIMEOUT_SECS: u64 = 30;
/// The default number of requests that may wait for a free worker before the next gets 503.
pub const DEFAULT_QUEUE: usize = 64;

/// Arguments of `serve`.
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The address to listen on. Anything but a loopback address needs `--token` (or
    /// `--token-file`) or an explicit `--insecure-no-auth`.
    #[arg(long, value_name = "ADDR", default_value = "127.0.0.1")]
    pub bind: IpAddr,
    /// The port to listen on (0: any free port, printed at start).
    #[arg(long, default_value_t = 8080)]
    pub port: u16,
    /// Require `Authorization: Bearer TOKEN` on the API (everything under /v1 but the OpenAPI
    /// document). Visible to other users in the process list: prefer `--token-file`.
    #[arg(long, value_name = "TOKEN", conflicts_with = "token_file")]
    pub token: Option<String>,
    /// Read the bearer token from this file (its first line).
    #[arg(long, value_name = "FILE")]
    pub token_file: Option<std::path::PathBuf>,
    /// Allow a non-loopback `--bind` without a token: anyone who can reach the port can use it.
    #[arg(long)]
    pub insecure_no_auth: bool,
    /// Reports linted at the same time (default: the number of cores; at most 256).
    #[arg(long, short = 'j')]
    pub jobs: Option<usize>,
    /// Requests that may wait for a free worker; the next one is refused with 503.
    #[arg(long, value_name = "N", default_value_t = DEFAULT_QUEUE)]
    pub queue: usize,
    /// The largest request body accepted (bytes, or with K, M, G); larger ones get 413.
    #[arg(long, value_name = "SIZE", default_value = "20M")]
    pub max_body: ByteSize,
    /// Seconds one request may take, upload, queueing and linting together; then 503.
    #[arg(long, value_name = "SECONDS", default_value_t = DEFAULT_TIMEOUT_SECS)]
    pub timeout: u64,
    /// Which rules run, and the configuration (as for `check`).
    #[command(flatten)]
    pub rule_options: RuleOptions,
    /// The severity at which a report fails the gate (`"pass": false`; default: error, or the
    /// configuration's `fail-on`).
    #[arg(long, value_enum)]
    pub fail_on: Option<FailOn>,
    /// Decode text and HTML uploads with this encoding instead of detecting it.
    #[arg(long)]
    pub encoding: Option<String>,
    /// Message language when a request does not ask for one (`?lang=`).
    #[arg(long, value_enum, default_value = "zh")]
    pub lang: LangArg,
}

/// What the handlers share: the loaded rules, the limits and the token.
pub struct AppState {
    engine: lint::Engine,
    limits: limits::Limits,
    token: Option<auth::Token>,
    /// Whether the Host header must name a loopback address (a loopback bind: a page of another
    /// site that resolves its own name to 127.0.0.1 is refused).
    loopback_hosts_only: bool,
}

/// Builds the application for `args`: reads the configuration and loads the rules once, rendering
/// problems to `err`. `None` when they had errors: a gate must not run with broken rules.
pub fn app(args: &ServeArgs, err: &mut dyn Write) -> io::Result<Option<axum::Router>> {
    Ok(state(args, err)?.map(|s| api::router(Arc::new(s))))
}

fn state(args: &ServeArgs, err: &mut dyn Write) -> io::Result<Option<AppState>> {
    let token = match auth::token(args) {
        Ok(t) => t,
        Err(message) => {
            writeln!(err, "error: {message}")?;
            return Ok(None);
        }
    };
    if !args.bind.is_loopback() && token.is_none() && !args.insecure_no_auth {
        writeln!(
            err,
            "error: --bind {} is reachable from other machines: give --token-file FILE (or --token) so that only holders of the token can send reports, or --insecure-no-auth to serve without one",
            args.bind
        )?;
        return Ok(None);
    }
    let style = crate::render::human::Style {
        lang: args.lang.lang(),
        color: false,
    };
    let loaded = crate::cli::check::load(&args.rule_options, args.fail_on, style, err)?;
    if loaded.failed {
        writeln!(
            err,
            "error: not serving with configuration or rule errors (see above)"
        )?;
        return Ok(None);
    }
    let jobs = crate::cli::parallel::jobs(args.jobs, usize::MAX);
    Ok(Some(AppState {
        engine: lint::Engine::new(loaded, args.encoding.clone(), args.lang.lang()),
        limits: limits::Limits::new(
            args.max_body.0,
            Duration::from_secs(args.timeout.max(1)),
            jobs,
            args.queue,
        ),
        token,
        loopback_hosts_only: args.bind.is_loopback(),
    }))
}

/// Runs `serve` until interrupted (Ctrl-C or SIGTERM), finishing the requests in progress.
pub fn run(args: &ServeArgs, err: &mut dyn Write) -> io::Result<ExitStatus> {
    let Some(state) = state(args, err)? else {
        return Ok(ExitStatus::Error);
    };
    let jobs = state.limits.jobs();
    let rules = state.engine.rule_count();
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        // Linting runs on these threads, at most `jobs` at once (the rest wait in the queue);
        // a few more for whatever tokio itself needs.
        .max_blocking_threads(jobs + 2)
        .enable_io()
        .enable_time()
        .build()?;
    let address = SocketAddr::new(args.bind, args.port);
    let listener = match runtime.block_on(tokio::net::TcpListener::bind(address)) {
        Ok(l) => l,
        Err(e) => {
            writeln!(err, "error: cannot listen on {address}: {e}")?;
            return Ok(ExitStatus::Error);
        }
    };
    let local = listener.local_addr()?;
    let auth = if state.token.is_some() {
        "bearer token required"
    } else {
        "no authentication"
    };
    writeln!(
        err,
        "xxgk-lint serve: listening on http://{local}/ ({rules} rules, {jobs} jobs, {auth})"
    )?;
    let app = api::router(Arc::new(state));
    runtime.block_on(async move {
        axum::serve(listener, app)
            .with_graceful_shutdown(shutdown())
            .await
    })?;
    Ok(ExitStatus::Success)
}

/// Resolves on Ctrl-C or SIGTERM (systemd's stop).
async fn shutdown() {
    let interrupt = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    {
        let terminate = async {
            match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
                Ok(mut s) => {
                    s.recv().await;
                }
                Err(_) => std::future::pending::<()>().await,
            }
        };
        tokio::select! {
            () = interrupt => {},
            () = terminate => {},
        }
    }
    #[cfg(not(unix))]
    interrupt.await;
}
