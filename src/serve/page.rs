//! The web page at `/` and its two assets, compiled into the binary (no CDN, no external fonts):
//! the page is in Chinese, or in English with `?lang=en`.

use super::api::{LangQuery, page_lang};
use crate::diagnostic::Lang;
use axum::extract::Query;
use axum::http::header;
use axum::response::{IntoResponse, Response};

const INDEX: &str = include_str!("assets/index.html");
const SCRIPT: &str = include_str!("assets/app.js");
const STYLE: &str = include_str!("assets/app.css");

/// The page, its `lang` attribute set for the language asked for; the script picks its strings
/// from it.
pub async fn index(Query(query): Query<LangQuery>) -> Response {
    let (lang, other) = match page_lang(&query) {
        Lang::Zh => ("zh-CN", "?lang=en"),
        Lang::En => ("en", "?lang=zh"),
    };
    let page = INDEX.replace("{{lang}}", lang).replace("{{other}}", other);
    ([(header::CONTENT_TYPE, "text/html; charset=utf-8")], page).into_response()
}

/// The page's script.
pub async fn script() -> Response {
    (
        [(header::CONTENT_TYPE, "text/javascript; charset=utf-8")],
        SCRIPT,
    )
        .into_response()
}

/// The page's style sheet.
pub async fn style() -> Response {
    ([(header::CONTENT_TYPE, "text/css; charset=utf-8")], STYLE).into_response()
}
