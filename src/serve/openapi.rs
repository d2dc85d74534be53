//! The OpenAPI 3.1 document served at `/v1/openapi.json`: every route of [`super::api::ROUTES`]
//! with the statuses it answers (kept in step by `tests/serve_api.rs`).

use serde_json::{Value, json};

fn error(description: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": "#/components/schemas/Error" } } },
    })
}

fn ok_json(description: &str, schema: &str) -> Value {
    json!({
        "description": description,
        "content": { "application/json": { "schema": { "$ref": format!("#/components/schemas/{schema}") } } },
    })
}

fn ok_text(description: &str, media: &str) -> Value {
    json!({
        "description": description,
        "content": { media: { "schema": { "type": "string" } } },
    })
}

const HOST: &str = "The Host header does not name a loopback address while the server listens on loopback (DNS-rebinding protection).";

/// Statuses every upload can get besides 200.
fn upload_errors(responses: &mut serde_json::Map<String, Value>) {
    for (status, text) in [
        (
            "400",
            "Malformed request: an empty upload, a file name over 255 bytes, an unknown `lang`, a broken multipart form or one without a file part, or a non-loopback Host header on a loopback server.",
        ),
        (
            "401",
            "A token is configured and the request lacks `Authorization: Bearer TOKEN`.",
        ),
        (
            "413",
            "The body is larger than `--max-body` (default 20 MB).",
        ),
        (
            "415",
            "The body is JSON (`Content-Type: application/json`), not a report file.",
        ),
        (
            "422",
            "The file cannot be read: an unsupported format (`.doc`, `.wps`), binary data, a damaged `.docx` or PDF. `message` is the message `check` prints for the file.",
        ),
        (
            "500",
            "An internal error while checking the file (a bug): `internal error while checking FILE: …`.",
        ),
        (
            "503",
            "Busy (every worker linting and the queue full: `error` is `busy`) or over the time limit `--timeout` (`error` is `timeout`).",
        ),
    ] {
        responses.insert(status.into(), error(text));
    }
}

fn upload_parameters() -> Value {
    json!([
        { "name": "filename", "in": "query", "required": false, "schema": { "type": "string", "maxLength": 255 },
          "description": "The name the answer shows for the report (its last path component; default: the multipart file part's filename, else `report`). The format is told from the bytes (.docx and PDF by their signatures, HTML by its markup); an .html or .htm name also marks HTML that does not start with markup." },
        { "name": "lang", "in": "query", "required": false, "schema": { "enum": ["zh", "en"] },
          "description": "Message language (default: the server's --lang)." },
    ])
}

fn upload_body() -> Value {
    json!({
        "required": true,
        "content": {
            "application/octet-stream": { "schema": { "type": "string", "contentMediaType": "application/octet-stream", "minLength": 1 } },
            "multipart/form-data": { "schema": { "type": "object", "properties": { "file": { "type": "string", "contentMediaType": "application/octet-stream", "minLength": 1 } }, "required": ["file"], "description": "Other parts are ignored." } },
        },
        "description": "The report file: the raw body (any content type but JSON), or the part named `file` of a multipart form. Held in memory only.",
    })
}

fn check_operation() -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(
        "200".into(),
        json!({
            "description": "The report was linted. `pass` is false when a finding reaches the configured fail level (also in the `Xxgk-Lint-Result: pass|fail` header).",
            "headers": { "Xxgk-Lint-Result": { "schema": { "enum": ["pass", "fail"] } } },
            "content": {
                "application/json": { "schema": { "$ref": "#/components/schemas/CheckDocument" } },
                "application/sarif+json": { "schema": { "$ref": "#/components/schemas/Sarif" } },
            },
        }),
    );
    upload_errors(&mut responses);
    responses.insert(
        "406".into(),
        error("`Accept` allows neither application/json nor application/sarif+json."),
    );
    json!({
        "operationId": "check",
        "summary": "Lint one report",
        "description": "Lints the uploaded report with the server's rules. `Accept: application/json` (default) gives the `check --format json` document for that one file (docs/check-json.md) with two members added, `pass` and `fail_on`; `Accept: application/sarif+json` gives SARIF 2.1.0 with the verdict in the log's `properties.xxgk-lint`.",
        "security": [{}, { "bearer": [] }],
        "parameters": upload_parameters(),
        "requestBody": upload_body(),
        "responses": responses,
    })
}

fn view_operation() -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert(
        "200".into(),
        json!({
            "description": "The page's document.",
            "headers": { "Xxgk-Lint-Result": { "schema": { "enum": ["pass", "fail"] } } },
            "content": { "application/json": { "schema": { "$ref": "#/components/schemas/View" } } },
        }),
    );
    upload_errors(&mut responses);
    json!({
        "operationId": "view",
        "summary": "Lint one report for the page",
        "description": "What the page at / draws: the `check` JSON document, the verdict, and the report's text view with its tables as grids. Unlike /v1/check, the answer carries the report's text back to the one who sent it.",
        "security": [{}, { "bearer": [] }],
        "parameters": upload_parameters(),
        "requestBody": upload_body(),
        "responses": responses,
    })
}

fn get(id: &str, summary: &str, ok: Value, extra: &[(&str, Value)]) -> Value {
    let mut responses = serde_json::Map::new();
    responses.insert("200".into(), ok);
    responses.insert("400".into(), error(HOST));
    for (status, v) in extra {
        responses.insert((*status).into(), v.clone());
    }
    json!({ "get": { "operationId": id, "summary": summary, "responses": responses } })
}

/// The document.
pub fn document() -> Value {
    let unauthorized =
        error("A token is configured and the request lacks `Authorization: Bearer TOKEN`.");
    let lang = json!([{ "name": "lang", "in": "query", "required": false, "schema": { "type": "string" },
        "description": "`en` for English; anything else gives the Chinese page." }]);
    let mut page = get(
        "page",
        "The web page (Chinese; ?lang=en for English)",
        ok_text("The page.", "text/html"),
        &[],
    );
    page["get"]["parameters"] = lang;
    let mut rule = get(
        "rule",
        "One rule or parser code",
        ok_json("The rule: documentation, help, source.", "Rule"),
        &[
            ("401", unauthorized.clone()),
            (
                "404",
                error("No rule or parser code has this id; the message suggests the nearest."),
            ),
        ],
    );
    rule["get"]["parameters"] = json!([{ "name": "id", "in": "path", "required": true, "schema": { "type": "string" },
        "description": "A rule id such as `national/sec3-balance` (the `/` may be written as is or as %2F) or a parser code such as `parse/cell-empty`." }]);
    rule["get"]["security"] = json!([{}, { "bearer": [] }]);
    let mut rules = get(
        "rules",
        "The active rules",
        ok_json("The active rules and the fail level.", "RuleList"),
        &[("401", unauthorized)],
    );
    rules["get"]["security"] = json!([{}, { "bearer": [] }]);
    let mut check = serde_json::Map::new();
    check.insert("post".into(), check_operation());
    json!({
        "openapi": "3.1.0",
        "info": {
            "title": "xxgk-lint serve",
            "version": env!("CARGO_PKG_VERSION"),
            "description": "Lints 政府信息公开工作年度报告 uploaded by a CMS publishing pipeline or the page at /. Reports are processed in memory and never written to disk. See docs/serve.md.",
        },
        "servers": [{ "url": "/" }],
        "paths": {
            "/": page,
            "/assets/app.js": get("script", "The page's script", ok_text("JavaScript.", "text/javascript"), &[]),
            "/assets/app.css": get("style", "The page's style sheet", ok_text("CSS.", "text/css"), &[]),
            "/healthz": get("health", "Liveness and the loaded rules", ok_json("The server is up.", "Health"), &[]),
            "/v1/openapi.json": get("openapi", "This document", ok_json("OpenAPI 3.1.", "Any"), &[]),
            "/v1/rules": rules,
            "/v1/rules/{id}": rule,
            "/v1/check": Value::Object(check),
            "/v1/view": { "post": view_operation() },
        },
        "components": {
            "securitySchemes": {
                "bearer": { "type": "http", "scheme": "bearer", "description": "Required when the server was started with --token or --token-file." },
            },
            "schemas": {
                "Any": { "type": "object" },
                "Error": {
                    "type": "object",
                    "required": ["error", "message", "status"],
                    "properties": {
                        "error": { "type": "string", "description": "bad-request, unauthorized, not-found, not-acceptable, too-large, unsupported-media-type, unreadable, internal, busy, timeout, method-not-allowed" },
                        "message": { "type": "string" },
                        "status": { "type": "integer" },
                    },
                },
                "CheckDocument": {
                    "type": "object",
                    "description": "The `check --format json` document (schema xxgk-lint/check, docs/check-json.md) for one file, plus `pass` and `fail_on`.",
                    "required": ["schema", "version", "files", "summary", "pass", "fail_on"],
                    "properties": {
                        "schema": { "const": "xxgk-lint/check" },
                        "version": { "type": "integer" },
                        "files": { "type": "array", "items": { "type": "object" } },
                        "summary": { "type": "object" },
                        "pass": { "type": "boolean", "description": "No finding at or above fail_on: the report may be published." },
                        "fail_on": { "enum": ["error", "warning", "info"] },
                    },
                },
                "Sarif": { "type": "object", "description": "SARIF 2.1.0; `properties.xxgk-lint` holds `pass` and `fail_on`." },
                "View": {
                    "type": "object",
                    "required": ["check", "pass", "fail_on", "view"],
                    "properties": {
                        "check": { "type": "object", "description": "The `check --format json` document." },
                        "pass": { "type": "boolean" },
                        "fail_on": { "enum": ["error", "warning", "info"] },
                        "view": {
                            "type": "object",
                            "properties": {
                                "text": { "type": "string", "description": "The text view diagnostics' byte offsets point into." },
                                "encoding": { "type": "string" },
                                "tables": { "type": "array", "items": { "type": "object" } },
                                "diagnostic_cells": { "type": "array", "items": { "$ref": "#/components/schemas/CellLinks" }, "description": "For each diagnostic of the file, in order, the cells it names." },
                                "not_assessable_cells": { "type": "array", "items": { "$ref": "#/components/schemas/CellLinks" } },
                            },
                        },
                    },
                },
                "CellLinks": {
                    "type": "array",
                    "items": { "type": "object", "properties": { "path": { "type": "string" }, "primary": { "type": "boolean", "description": "The failing cell (the diagnostic's cell, or under its primary label) rather than an operand." } } },
                },
                "RuleList": {
                    "type": "object",
                    "properties": {
                        "fail_on": { "enum": ["error", "warning", "info"] },
                        "rules": { "type": "array", "items": { "type": "object", "properties": {
                            "id": { "type": "string" }, "severity": { "type": "string" }, "title": { "type": "string" }, "defined_at": { "type": "string" } } } },
                    },
                },
                "Rule": {
                    "type": "object",
                    "properties": {
                        "id": { "type": "string" }, "kind": { "enum": ["rule", "parser"] }, "severity": { "type": "string" },
                        "title": { "type": "string" }, "doc": { "type": ["string", "null"] }, "help": { "type": ["string", "null"] },
                        "defined_at": { "type": ["string", "null"] }, "source": { "type": ["string", "null"] },
                    },
                },
                "Health": {
                    "type": "object",
                    "properties": { "status": { "const": "ok" }, "version": { "type": "string" }, "rules": { "type": "integer" }, "fail_on": { "type": "string" } },
                },
            },
        },
    })
}
