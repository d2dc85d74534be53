//! The routes: the page and its assets, `/healthz`, and the `/v1` API (check, view, rules,
//! OpenAPI), with content negotiation, upload reading and the layers every answer goes through
//! (body limit, Host check, token, JSON errors, security headers).

use super::error::{self, ApiError};
use super::lint::{self, Kind};
use super::{AppState, auth, openapi, page};
use crate::diagnostic::Lang;
use axum::Router;
use axum::extract::{DefaultBodyLimit, FromRequest, Path, Query, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use serde::Deserialize;
use serde_json::json;
use std::sync::Arc;

/// Every route as `(method, path)` in the router's syntax; `tests/serve_api.rs` checks that the
/// OpenAPI document describes exactly these, and that the router answers each.
pub const ROUTES: &[(&str, &str)] = &[
    ("GET", "/"),
    ("GET", "/assets/app.js"),
    ("GET", "/assets/app.css"),
    ("GET", "/healthz"),
    ("GET", "/v1/openapi.json"),
    ("GET", "/v1/rules"),
    ("GET", "/v1/rules/{*id}"),
    ("POST", "/v1/check"),
    ("POST", "/v1/view"),
];

/// The application for `state`.
pub fn router(state: Arc<AppState>) -> Router {
    // The API proper: behind the token when there is one.
    let protected = Router::new()
        .route("/v1/check", post(check))
        .route("/v1/view", post(view))
        .route("/v1/rules", get(rules))
        .route("/v1/rules/{*id}", get(rule))
        .route_layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            require_token,
        ));
    let max_body = usize::try_from(state.limits.max_body).unwrap_or(usize::MAX);
    Router::new()
        .route("/", get(page::index))
        .route("/assets/app.js", get(page::script))
        .route("/assets/app.css", get(page::style))
        .route("/healthz", get(healthz))
        .route("/v1/openapi.json", get(openapi_json))
        .merge(protected)
        .fallback(not_found)
        // tower-http enforces the body limit (413 from Content-Length at once, or when a chunked
        // body passes it); axum's own per-extractor default (2 MB) would be a second, smaller one.
        .layer(DefaultBodyLimit::disable())
        .layer(tower_http::limit::RequestBodyLimitLayer::new(max_body))
        .layer(middleware::from_fn_with_state(
            Arc::clone(&state),
            host_check,
        ))
        .layer(middleware::map_response(error::normalise))
        .layer(middleware::map_response(security_headers))
        .with_state(state)
}

async fn not_found(uri: axum::http::Uri) -> ApiError {
    ApiError::not_found(format!(
        "no such resource: {} (the API is described at /v1/openapi.json)",
        crate::render::escape::text(uri.path())
    ))
}

async fn host_check(State(state): State<Arc<AppState>>, request: Request, next: Next) -> Response {
    if state.loopback_hosts_only
        && let Err(e) = auth::check_host(request.headers())
    {
        return e.into_response();
    }
    next.run(request).await
}

async fn require_token(
    State(state): State<Arc<AppState>>,
    request: Request,
    next: Next,
) -> Response {
    match &state.token {
        Some(token) if !token.admits(request.headers()) => ApiError::new(
            StatusCode::UNAUTHORIZED,
            "unauthorized",
            "this server needs `Authorization: Bearer TOKEN` (the token given to serve --token-file)",
        )
        .into_response(),
        _ => next.run(request).await,
    }
}

/// Headers on every answer: nothing is cached (answers describe unpublished reports), nothing
/// is sniffed or framed, and the page may load only its own assets.
async fn security_headers(mut response: Response) -> Response {
    let h = response.headers_mut();
    h.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    h.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    h.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("no-referrer"),
    );
    h.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    h.insert(
        header::CONTENT_SECURITY_POLICY,
        HeaderValue::from_static(
            "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; form-action 'none'; frame-ancestors 'none'; base-uri 'none'",
        ),
    );
    response
}

/// `?lang=` (default: the server's `--lang`).
#[derive(Debug, Deserialize)]
pub struct LangQuery {
    lang: Option<String>,
}

/// `?filename=&lang=` of an upload.
#[derive(Debug, Deserialize)]
pub struct UploadQuery {
    filename: Option<String>,
    lang: Option<String>,
}

fn lang(given: Option<&str>, default: Lang) -> Result<Lang, ApiError> {
    match given {
        None | Some("") => Ok(default),
        Some("zh") => Ok(Lang::Zh),
        Some("en") => Ok(Lang::En),
        Some(other) => Err(ApiError::bad_request(format!(
            "lang `{}` is not one of zh, en",
            crate::render::escape::text(other)
        ))),
    }
}

fn json_response(status: StatusCode, body: String, content_type: &'static str) -> Response {
    (status, [(header::CONTENT_TYPE, content_type)], body).into_response()
}

async fn healthz(State(state): State<Arc<AppState>>) -> Response {
    let body = json!({
        "status": "ok",
        "version": env!("CARGO_PKG_VERSION"),
        "rules": state.engine.rule_count(),
        "fail_on": state.engine.fail_on(),
    });
    json_response(StatusCode::OK, body.to_string(), "application/json")
}

async fn openapi_json() -> Response {
    json_response(
        StatusCode::OK,
        openapi::document().to_string(),
        "application/json",
    )
}

fn defined_at(set: &crate::rules::RuleSet, r: &crate::rules::Rule) -> String {
    let file = &set.files[r.file].file;
    format!("{}:{}", file.name, file.line_col(r.span.start).line)
}

async fn rules(State(state): State<Arc<AppState>>) -> Response {
    let set = state.engine.rules();
    let list: Vec<_> = set
        .rules
        .iter()
        .map(|r| {
            json!({
                "id": r.id,
                "severity": r.severity.as_str(),
                "title": r.title,
                "defined_at": defined_at(set, r),
            })
        })
        .collect();
    let body = json!({ "fail_on": state.engine.fail_on(), "rules": list });
    json_response(StatusCode::OK, body.to_string(), "application/json")
}

async fn rule(State(state): State<Arc<AppState>>, Path(id): Path<String>) -> Response {
    let set = state.engine.rules();
    if let Some(r) = set.rules.iter().find(|r| r.id == id) {
        let body = json!({
            "id": r.id,
            "kind": "rule",
            "severity": r.severity.as_str(),
            "title": r.title,
            "doc": r.doc.as_deref().map(str::trim),
            "help": r.help,
            "defined_at": defined_at(set, r),
            "source": r.source,
        });
        return json_response(StatusCode::OK, body.to_string(), "application/json");
    }
    if let Some(c) = crate::codes::CODES.iter().find(|c| c.id == id) {
        let body = json!({
            "id": c.id,
            "kind": "parser",
            "severity": c.level,
            "title": c.zh,
            "doc": format!("{}\n{}", c.zh, c.en),
            "help": null,
            "defined_at": null,
            "source": null,
        });
        return json_response(StatusCode::OK, body.to_string(), "application/json");
    }
    let ids: Vec<String> = set
        .rules
        .iter()
        .map(|r| r.id.clone())
        .chain(crate::codes::CODES.iter().map(|c| c.id.to_string()))
        .collect();
    let hint = crate::rules::resolve::suggest(&id, &ids)
        .map_or_else(String::new, |s| format!("; did you mean `{s}`?"));
    ApiError::not_found(format!(
        "no rule `{}`{hint}",
        crate::render::escape::text(&id)
    ))
    .into_response()
}

/// Which document `Accept` asks for: JSON (also for `*/*` or no header) or SARIF; 406 otherwise.
fn negotiate(headers: &HeaderMap) -> Result<Kind, ApiError> {
    let Some(accept) = headers.get(header::ACCEPT) else {
        return Ok(Kind::Json);
    };
    let accept = accept.to_str().unwrap_or("");
    let types: Vec<&str> = accept
        .split(',')
        .map(|t| t.split(';').next().unwrap_or("").trim())
        .collect();
    if types
        .iter()
        .any(|t| t.eq_ignore_ascii_case("application/sarif+json"))
    {
        return Ok(Kind::Sarif);
    }
    if types.iter().any(|t| {
        t.is_empty()
            || ["application/json", "application/*", "*/*"]
                .iter()
                .any(|x| t.eq_ignore_ascii_case(x))
    }) {
        return Ok(Kind::Json);
    }
    Err(ApiError::new(
        StatusCode::NOT_ACCEPTABLE,
        "not-acceptable",
        "Accept must allow application/json or application/sarif+json",
    ))
}

/// How the report arrives: as the whole body, or as a `multipart/form-data` part.
enum Upload {
    Raw,
    Multipart,
}

fn upload_kind(headers: &HeaderMap) -> Result<Upload, ApiError> {
    let Some(ct) = headers.get(header::CONTENT_TYPE) else {
        return Ok(Upload::Raw);
    };
    let ct = ct.to_str().unwrap_or("").to_ascii_lowercase();
    let essence = ct.split(';').next().unwrap_or("").trim();
    match essence {
        "multipart/form-data" => Ok(Upload::Multipart),
        // A report is never JSON (a CMS sending `{"content": …}` gets told so). A form-encoded
        // body is taken as the file itself: that is what `curl --data-binary @FILE` sends.
        "application/json" => Err(ApiError::new(
            StatusCode::UNSUPPORTED_MEDIA_TYPE,
            "unsupported-media-type",
            "send the report file itself as the body (with ?filename=) or as multipart/form-data, not JSON",
        )),
        _ => Ok(Upload::Raw),
    }
}

/// The name a report is shown under when the request gives none.
pub const DEFAULT_NAME: &str = "report";

/// The name a report is shown under: the last component of what the client gave (else
/// [`DEFAULT_NAME`]), escaped as `check` escapes names. The format is told from the bytes
/// (a `.docx` or PDF by its signature, HTML by its markup) whatever the name; an `.html` or
/// `.htm` name also marks HTML that does not start with markup.
fn upload_name(given: Option<&str>) -> Result<String, ApiError> {
    let base = given
        .unwrap_or("")
        .rsplit(['/', '\\'])
        .next()
        .unwrap_or("")
        .trim();
    if base.len() > 255 {
        return Err(ApiError::bad_request(
            "the file name is longer than 255 bytes",
        ));
    }
    let base = if base.is_empty() { DEFAULT_NAME } else { base };
    Ok(crate::render::escape::name(base).into_owned())
}

fn too_large(state: &AppState) -> ApiError {
    ApiError::new(
        StatusCode::PAYLOAD_TOO_LARGE,
        "too-large",
        format!(
            "the request body is larger than the limit of {} bytes (--max-body)",
            state.limits.max_body
        ),
    )
}

/// Reads the upload into memory (never to disk): the raw body, or the `file` part (else the
/// first part with a filename) of a multipart form.
async fn read_upload(
    state: &AppState,
    query: &UploadQuery,
    request: Request,
) -> Result<(String, Vec<u8>), ApiError> {
    match upload_kind(request.headers())? {
        Upload::Raw => {
            let name = upload_name(query.filename.as_deref())?;
            let bytes = axum::body::to_bytes(request.into_body(), usize::MAX)
                .await
                .map_err(|_| too_large(state))?;
            Ok((name, bytes.to_vec()))
        }
        Upload::Multipart => {
            let mut form = axum::extract::Multipart::from_request(request, &())
                .await
                .map_err(|e| ApiError::bad_request(e.body_text()))?;
            loop {
                let field = form.next_field().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large(state)
                    } else {
                        ApiError::bad_request(e.body_text())
                    }
                })?;
                let Some(field) = field else {
                    return Err(ApiError::bad_request(
                        "the form has no file part (name it `file`)",
                    ));
                };
                if field.name() != Some("file") && field.file_name().is_none() {
                    continue;
                }
                let name = upload_name(query.filename.as_deref().or(field.file_name()))?;
                let bytes = field.bytes().await.map_err(|e| {
                    if e.status() == StatusCode::PAYLOAD_TOO_LARGE {
                        too_large(state)
                    } else {
                        ApiError::bad_request(e.body_text())
                    }
                })?;
                return Ok((name, bytes.to_vec()));
            }
        }
    }
}

/// An empty upload is a client's mistake (nothing was attached), not an empty report to lint.
fn non_empty(upload: (String, Vec<u8>)) -> Result<(String, Vec<u8>), ApiError> {
    if upload.1.is_empty() {
        return Err(ApiError::bad_request(
            "the upload is empty: send the report file as the body or as the form's `file` part",
        ));
    }
    Ok(upload)
}

/// An upload linted into the `kind` document, within the request's time limit.
async fn lint_upload(
    state: Arc<AppState>,
    query: UploadQuery,
    request: Request,
    kind: Kind,
) -> Result<Response, ApiError> {
    let lang = lang(query.lang.as_deref(), state.engine.default_lang())?;
    upload_kind(request.headers())?;
    let limits = &state.limits;
    let work = async {
        let (name, bytes) = non_empty(read_upload(&state, &query, request).await?)?;
        let permit = limits.worker().await?;
        lint::run(Arc::clone(&state), permit, name, bytes, lang, kind).await
    };
    let answer = tokio::time::timeout(limits.timeout, work)
        .await
        .map_err(|_| limits.timed_out())??;
    let content_type = match kind {
        Kind::Sarif => "application/sarif+json",
        Kind::Json | Kind::View => "application/json",
    };
    let mut response = json_response(StatusCode::OK, answer.body, content_type);
    response.headers_mut().insert(
        "xxgk-lint-result",
        HeaderValue::from_static(if answer.pass { "pass" } else { "fail" }),
    );
    Ok(response)
}

async fn check(
    State(state): State<Arc<AppState>>,
    Query(query): Query<UploadQuery>,
    request: Request,
) -> Result<Response, ApiError> {
    let kind = negotiate(request.headers())?;
    lint_upload(state, query, request, kind).await
}

async fn view(
    State(state): State<Arc<AppState>>,
    Query(query): Query<UploadQuery>,
    request: Request,
) -> Result<Response, ApiError> {
    lint_upload(state, query, request, Kind::View).await
}

/// The page's language from `?lang=`.
pub fn page_lang(query: &LangQuery) -> Lang {
    lang(query.lang.as_deref(), Lang::Zh).unwrap_or(Lang::Zh)
}
