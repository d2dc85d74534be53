//! Linting one upload: the rules loaded once, the same library pipeline as `check`
//! ([`crate::cli::check::lint_bytes`]) run on the blocking pool under a worker slot, and the answer
//! documents: the `check --format json` document, SARIF, or the page's view, each with the gate's
//! verdict at the configured fail level.

use super::error::ApiError;
use super::view::ViewRender;
use crate::cli::check::{self, Loaded, Outcome};
use crate::diagnostic::Lang;
use crate::render::report_formats::{JsonReporter, Render, SarifReporter};
use axum::http::StatusCode;
use std::sync::Arc;

/// The loaded rules and the defaults for requests.
pub struct Engine {
    loaded: Loaded,
    encoding: Option<String>,
    lang: Lang,
}

/// The document a request asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The `check --format json` document.
    Json,
    /// SARIF 2.1.0.
    Sarif,
    /// The page's document: the JSON document, the text view and the tables.
    View,
}

/// A linted upload: the document and the gate's verdict.
#[derive(Debug)]
pub struct Answer {
    /// The response body.
    pub body: String,
    /// No finding at or above the fail level.
    pub pass: bool,
}

impl Engine {
    /// An engine over loaded rules.
    pub fn new(loaded: Loaded, encoding: Option<String>, lang: Lang) -> Self {
        Engine {
            loaded,
            encoding,
            lang,
        }
    }

    /// The language of requests that do not ask for one.
    pub fn default_lang(&self) -> Lang {
        self.lang
    }

    /// The active rules.
    pub fn rules(&self) -> &crate::rules::RuleSet {
        &self.loaded.rules
    }

    /// How many rules are active.
    pub fn rule_count(&self) -> usize {
        self.loaded.rules.rules.len()
    }

    /// The fail level, as `--fail-on` spells it.
    pub fn fail_on(&self) -> &'static str {
        self.loaded.settings.fail_on.as_str()
    }

    /// Lints `bytes` as the file `name` and renders the `kind` document (on the calling thread).
    pub fn lint(
        &self,
        name: &str,
        bytes: &[u8],
        lang: Lang,
        kind: Kind,
    ) -> Result<Answer, ApiError> {
        let json = JsonReporter::new(lang);
        let sarif = SarifReporter::new(lang, &self.loaded.rules);
        let view = ViewRender::new(lang);
        let render: &dyn Render = match kind {
            Kind::Json => &json,
            Kind::Sarif => &sarif,
            Kind::View => &view,
        };
        let outcome = check::lint_bytes(
            &self.loaded,
            name,
            bytes,
            self.encoding.as_deref(),
            lang,
            render,
        );
        let pass = match &outcome {
            Outcome::Linted { failing, .. } => !failing,
            Outcome::Unreadable { message, .. } => {
                return Err(ApiError::new(
                    StatusCode::UNPROCESSABLE_ENTITY,
                    "unreadable",
                    format!("{name}: {}", crate::render::escape::text(message)),
                ));
            }
        };
        let mut out = Vec::new();
        let written = match kind {
            Kind::Sarif => check::single_document(
                outcome,
                &mut SarifReporter::new(lang, &self.loaded.rules),
                &mut out,
            ),
            Kind::Json | Kind::View => {
                check::single_document(outcome, &mut JsonReporter::new(lang), &mut out)
            }
        };
        written.map_err(|e| internal(name, &e.to_string()))?;
        let document = String::from_utf8(out).map_err(|e| internal(name, &e.to_string()))?;
        let verdict = format!("\"fail_on\":\"{}\",\"pass\":{pass}", self.fail_on());
        let body = match kind {
            Kind::View => {
                let view = view
                    .take()
                    .ok_or_else(|| internal(name, "no view rendered"))?;
                format!(
                    "{{\"check\":{},{verdict},\"view\":{view}}}\n",
                    document.trim_end()
                )
            }
            Kind::Sarif => with_member(
                &document,
                &format!("\"properties\":{{\"xxgk-lint\":{{{verdict}}}}}"),
            ),
            Kind::Json => with_member(&document, &verdict),
        };
        Ok(Answer { body, pass })
    }
}

/// `document` (one JSON object and a newline, as the reporters write it) with `member` added as
/// its last member: the document's own text is kept byte for byte.
fn with_member(document: &str, member: &str) -> String {
    let trimmed = document.trim_end();
    let open = trimmed.strip_suffix('}').unwrap_or(trimmed);
    format!("{open},{member}}}\n")
}

fn internal(name: &str, message: &str) -> ApiError {
    ApiError::new(
        StatusCode::INTERNAL_SERVER_ERROR,
        "internal",
        format!("internal error while checking {name}: {message}"),
    )
}

/// Lints on the blocking pool, within the request's worker slot and time limit: the async
/// executor never runs a lint. A panic while linting is that request's 500, as it is that
/// file's error in `check`.
pub async fn run(
    state: Arc<super::AppState>,
    permit: tokio::sync::OwnedSemaphorePermit,
    name: String,
    bytes: Vec<u8>,
    lang: Lang,
    kind: Kind,
) -> Result<Answer, ApiError> {
    let task = tokio::task::spawn_blocking(move || {
        // Held until the lint is done, even if the request has timed out meanwhile.
        let _permit = permit;
        crate::cli::guard::catch(|| state.engine.lint(&name, &bytes, lang, kind))
            .unwrap_or_else(|panic| Err(internal(&name, &panic)))
    });
    task.await
        .unwrap_or_else(|e| Err(internal("the upload", &e.to_string())))
}
