//! `xxgk-lint serve`'s HTTP API: every route against the OpenAPI document (both ways, and every
//! status an answer has is documented for its operation), the JSON and SARIF answers byte for
//! byte against `check --format json|sarif` on the seeds, the page's view, and every error
//! status: 400, 401, 404, 405, 406, 413, 415, 422, 503 (busy and over time). Most requests go
//! to the router in-process; the bind and token rules, and one round over real TCP, use the
//! binary.

mod common;
#[path = "common/json_schema.rs"]
mod json_schema;
mod serve_common;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use common::{data_dir, run_binary, text};
use serde_json::Value;
use std::path::{Path, PathBuf};
use std::sync::OnceLock;
use tower::ServiceExt;
use xxgk_lint::cli::{Args, Command};

const SEED_001: &str = "001_09d7efa84834ab25.txt";
const TOKEN: &str = "0123456789abcdef-test-token";

fn seeds_dir() -> PathBuf {
    data_dir().join("seeds")
}

fn seeds() -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(seeds_dir())
        .expect("seeds")
        .map(|e| e.expect("entry").file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".txt"))
        .collect();
    names.sort();
    assert_eq!(names.len(), 5);
    names
}

/// The application for `serve --no-config ARGS…`.
fn app_with(args: &[&str]) -> Router {
    let mut argv = vec!["xxgk-lint", "serve", "--no-config"];
    argv.extend_from_slice(args);
    let parsed = <Args as clap::Parser>::try_parse_from(&argv).expect("arguments");
    let Command::Serve(serve) = parsed.command else {
        panic!("not serve");
    };
    let mut err = Vec::new();
    xxgk_lint::serve::app(&serve, &mut err)
        .expect("no I/O error")
        .unwrap_or_else(|| panic!("serve refused to start: {}", String::from_utf8_lossy(&err)))
}

fn openapi() -> &'static Value {
    static DOC: OnceLock<Value> = OnceLock::new();
    DOC.get_or_init(xxgk_lint::serve::openapi_document)
}

/// The OpenAPI path of a request path (`/v1/rules/national/x` is `/v1/rules/{id}`).
fn documented_path(path: &str) -> &str {
    if path.starts_with("/v1/rules/") {
        "/v1/rules/{id}"
    } else {
        path
    }
}

/// An answer.
struct Answer {
    status: StatusCode,
    headers: axum::http::HeaderMap,
    body: Vec<u8>,
}

impl Answer {
    fn json(&self) -> Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", String::from_utf8_lossy(&self.body)))
    }

    fn text(&self) -> String {
        String::from_utf8(self.body.clone()).expect("UTF-8")
    }

    fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    /// An error answer: JSON `{error, message, status}` with this status and code.
    fn assert_error(&self, status: u16, code: &str) -> String {
        assert_eq!(
            self.status.as_u16(),
            status,
            "{}",
            String::from_utf8_lossy(&self.body)
        );
        let v = self.json();
        assert_eq!(v["status"], status, "{v}");
        assert_eq!(v["error"], code, "{v}");
        v["message"].as_str().expect("message").to_string()
    }
}

/// Sends `request` to `app`; the status must be documented for the operation (if the path and
/// method are an operation of the document).
async fn send(app: &Router, request: Request<Body>) -> Answer {
    let method = request.method().as_str().to_ascii_lowercase();
    let path = request.uri().path().to_string();
    let response = app.clone().oneshot(request).await.expect("infallible");
    let status = response.status();
    let headers = response.headers().clone();
    let body = axum::body::to_bytes(response.into_body(), usize::MAX)
        .await
        .expect("body")
        .to_vec();
    let operation = &openapi()["paths"][documented_path(&path)][&method];
    if operation.is_object() {
        assert!(
            operation["responses"][status.as_str()].is_object(),
            "{method} {path} answered {status}, which its OpenAPI operation does not document"
        );
    }
    Answer {
        status,
        headers,
        body,
    }
}

fn get(uri: &str) -> Request<Body> {
    Request::get(uri).body(Body::empty()).expect("request")
}

/// A raw upload to `uri` with `headers`.
fn upload(uri: &str, bytes: Vec<u8>, headers: &[(&str, &str)]) -> Request<Body> {
    let mut b = Request::post(uri).header("content-type", "application/octet-stream");
    for (n, v) in headers {
        b = b.header(*n, *v);
    }
    b.body(Body::from(bytes)).expect("request")
}

fn seed(name: &str) -> Vec<u8> {
    std::fs::read(seeds_dir().join(name)).expect("seed")
}

/// `check --format FORMAT NAME` run in `dir`: the CLI's bytes and exit code.
fn cli(dir: &Path, format: &str, name: &str, extra: &[&str]) -> (Vec<u8>, Option<i32>) {
    let mut args = vec![
        "check",
        "--no-config",
        "--color",
        "never",
        "--format",
        format,
    ];
    args.extend_from_slice(extra);
    args.push(name);
    let o = run_binary(&args, dir);
    (o.stdout, o.status.code())
}

/// The CLI document with `member` added last, as serve adds its verdict.
fn with_member(document: &[u8], member: &str) -> String {
    let t = text(document);
    let t = t.trim_end();
    format!("{},{member}}}\n", t.strip_suffix('}').expect("an object"))
}

#[test]
fn openapi_describes_exactly_the_routes_and_the_router_answers_each() {
    let doc = openapi();
    assert_eq!(doc["openapi"], "3.1.0");
    let paths = doc["paths"].as_object().expect("paths");
    let mut from_router: Vec<(String, String)> = xxgk_lint::serve::ROUTES
        .iter()
        .map(|(m, p)| (m.to_ascii_lowercase(), p.replace("{*id}", "{id}")))
        .collect();
    let mut from_doc: Vec<(String, String)> = paths
        .iter()
        .flat_map(|(p, ops)| {
            ops.as_object()
                .expect("operations")
                .keys()
                .map(move |m| (m.clone(), p.clone()))
        })
        .collect();
    from_router.sort();
    from_doc.sort();
    assert_eq!(from_router, from_doc);
    for (method, path) in &from_doc {
        let responses = paths[path][method]["responses"]
            .as_object()
            .expect("responses");
        assert!(responses.contains_key("200"), "{method} {path}");
        for status in responses.keys() {
            let n: u16 = status.parse().expect("a status code");
            assert!(StatusCode::from_u16(n).is_ok(), "{status}");
        }
        // Every `$ref` resolves.
        let text = paths[path][method].to_string();
        for r in text.split("\"$ref\":\"#/components/schemas/").skip(1) {
            let name = r.split('"').next().expect("name");
            assert!(doc["components"]["schemas"][name].is_object(), "{name}");
        }
    }
    // The router has each route: a request to it is not 404 or 405.
    let rt = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("runtime");
    rt.block_on(async {
        let app = app_with(&[]);
        for (method, path) in &from_doc {
            let path = path.replace("{id}", "national/sec3-balance");
            let request = Request::builder()
                .method(method.to_ascii_uppercase().as_str())
                .uri(&path)
                .header("content-type", "application/octet-stream")
                .body(Body::from(seed(SEED_001)))
                .expect("request");
            let answer = send(&app, request).await;
            assert!(
                answer.status != StatusCode::NOT_FOUND
                    && answer.status != StatusCode::METHOD_NOT_ALLOWED,
                "{method} {path}: {}",
                answer.status
            );
        }
        // And what is not a route is 404, in the API's error shape.
        let answer = send(&app, get("/v2/check")).await;
        answer.assert_error(404, "not-found");
        let answer = send(&app, get("/v1/check")).await;
        answer.assert_error(405, "method-not-allowed");
    });
}

#[tokio::test]
async fn check_answers_the_check_json_document_of_each_seed_byte_for_byte() {
    let app = app_with(&[]);
    for name in seeds() {
        let (expected, code) = cli(&seeds_dir(), "json", &name, &[]);
        let pass = code == Some(0);
        assert!(matches!(code, Some(0 | 1)), "{name}: {code:?}");
        let answer = send(
            &app,
            upload(
                &format!("/v1/check?filename={name}"),
                seed(&name),
                &[("accept", "application/json")],
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK, "{name}: {}", answer.text());
        assert_eq!(answer.header("content-type"), Some("application/json"));
        assert_eq!(
            answer.header("xxgk-lint-result"),
            Some(if pass { "pass" } else { "fail" })
        );
        // The only difference: the verdict, added as the last two members.
        assert_eq!(
            answer.text(),
            with_member(&expected, &format!("\"fail_on\":\"error\",\"pass\":{pass}")),
            "{name}"
        );
        // English, as `--lang en`.
        let (expected, _) = cli(&seeds_dir(), "json", &name, &["--lang", "en"]);
        let answer = send(
            &app,
            upload(
                &format!("/v1/check?filename={name}&lang=en"),
                seed(&name),
                &[],
            ),
        )
        .await;
        assert_eq!(
            answer.text(),
            with_member(&expected, &format!("\"fail_on\":\"error\",\"pass\":{pass}"))
        );
    }
}

#[tokio::test]
async fn sarif_is_the_check_sarif_document_and_valid() {
    let schema: Value = serde_json::from_str(
        &std::fs::read_to_string(data_dir().join("sarif/sarif-schema-2.1.0.json")).expect("schema"),
    )
    .expect("JSON");
    let app = app_with(&[]);
    for name in seeds() {
        let (expected, code) = cli(&seeds_dir(), "sarif", &name, &[]);
        let pass = code == Some(0);
        let answer = send(
            &app,
            upload(
                &format!("/v1/check?filename={name}"),
                seed(&name),
                &[("accept", "application/sarif+json")],
            ),
        )
        .await;
        assert_eq!(answer.status, StatusCode::OK);
        assert_eq!(
            answer.header("content-type"),
            Some("application/sarif+json")
        );
        assert_eq!(
            answer.text(),
            with_member(
                &expected,
                &format!(
                    "\"properties\":{{\"xxgk-lint\":{{\"fail_on\":\"error\",\"pass\":{pass}}}}}"
                )
            )
        );
        let validator = json_schema::Validator::new(&schema);
        assert_eq!(validator.unsupported(), Vec::<String>::new());
        let errors = validator.validate(&answer.json());
        assert!(errors.is_empty(), "{name}: {errors:?}");
    }
}

#[tokio::test]
async fn word_and_html_reports_and_multipart_uploads_give_the_same_documents() {
    let app = app_with(&[]);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    for name in ["report.docx", "report.html"] {
        let bytes = std::fs::read(examples.join(name)).expect("example");
        let (expected, _) = cli(&examples, "json", name, &[]);
        let raw = send(
            &app,
            upload(&format!("/v1/check?filename={name}"), bytes.clone(), &[]),
        )
        .await;
        assert_eq!(raw.status, StatusCode::OK, "{}", raw.text());
        assert_eq!(
            raw.text(),
            with_member(&expected, "\"fail_on\":\"error\",\"pass\":false")
        );
        // The same file as the `file` part of a form, named by the part.
        let boundary = "xxgkBoundary7MA4YWxk";
        let mut form = format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nignored\r\n--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        form.extend_from_slice(&bytes);
        form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
        let request = Request::post("/v1/check")
            .header(
                "content-type",
                format!("multipart/form-data; boundary={boundary}"),
            )
            .body(Body::from(form))
            .expect("request");
        let multipart = send(&app, request).await;
        assert_eq!(multipart.status, StatusCode::OK, "{}", multipart.text());
        assert_eq!(multipart.body, raw.body);
    }
}

#[tokio::test]
async fn without_a_file_name_the_format_comes_from_the_bytes() {
    let app = app_with(&[]);
    let examples = Path::new(env!("CARGO_MANIFEST_DIR")).join("examples");
    let docx = std::fs::read(examples.join("report.docx")).expect("example");
    for uri in [
        "/v1/check",
        "/v1/check?filename=",
        "/v1/check?filename=dir/",
    ] {
        let answer = send(&app, upload(uri, docx.clone(), &[])).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}: {}", answer.text());
        let v = answer.json();
        assert_eq!(v["files"][0]["file"], "report", "{uri}");
        assert_eq!(v["files"][0]["encoding"], "UTF-8 (.docx)", "{uri}");
    }
    // A path is cut to its last component, and control characters are escaped as `check` does.
    let uri = "/v1/check?filename=C:%5Cusers%5Ca%1B%5B31m.txt";
    let answer = send(&app, upload(uri, seed(SEED_001), &[])).await;
    assert_eq!(answer.json()["files"][0]["file"], "a\\u{1b}[31m.txt");
}

#[tokio::test]
async fn the_answer_carries_no_report_text_beyond_what_findings_quote() {
    let app = app_with(&[]);
    for name in seeds() {
        let report = String::from_utf8(seed(&name)).expect("UTF-8 seed");
        let answer = send(
            &app,
            upload(&format!("/v1/check?filename={name}"), seed(&name), &[]),
        )
        .await;
        // Everything but what the diagnostics say (their messages, labels and notes quote the
        // report where a finding needs it) holds no sentence-sized piece of the report.
        let mut doc = answer.json();
        for file in doc["files"].as_array_mut().expect("files") {
            for list in ["diagnostics", "not_assessable"] {
                for d in file[list].as_array_mut().expect("list") {
                    d["message"] = Value::Null;
                    d["notes"] = Value::Null;
                    for l in d["labels"].as_array_mut().expect("labels") {
                        l["message"] = Value::Null;
                    }
                }
            }
        }
        let body = doc.to_string();
        for line in report.lines() {
            let chars: Vec<char> = line.trim().chars().collect();
            for piece in chars.chunks(12).filter(|c| c.len() == 12) {
                let piece: String = piece.iter().collect();
                assert!(
                    !body.contains(&piece),
                    "{name}: the answer quotes `{piece}`"
                );
            }
        }
    }
}

#[tokio::test]
async fn the_view_links_findings_to_cells_and_carries_the_text_view() {
    let app = app_with(&[]);
    let answer = send(
        &app,
        upload(
            &format!("/v1/view?filename={SEED_001}"),
            seed(SEED_001),
            &[],
        ),
    )
    .await;
    assert_eq!(answer.status, StatusCode::OK);
    let v = answer.json();
    assert_eq!(v["pass"], false);
    assert_eq!(v["fail_on"], "error");
    // The check document inside is the one /v1/check gives.
    let (expected, _) = cli(&seeds_dir(), "json", SEED_001, &[]);
    let expected: Value = serde_json::from_slice(&expected).expect("JSON");
    assert_eq!(v["check"], expected);
    let view = &v["view"];
    assert_eq!(
        view["text"].as_str(),
        std::str::from_utf8(&seed(SEED_001)).ok()
    );
    let tables: Vec<&str> = view["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .map(|t| t["id"].as_str().expect("id"))
        .collect();
    assert!(
        tables.contains(&"sec2.art20_1") && tables.contains(&"sec3") && tables.contains(&"sec4"),
        "{tables:?}"
    );
    let sec3 = view["tables"]
        .as_array()
        .expect("tables")
        .iter()
        .find(|t| t["id"] == "sec3")
        .expect("sec3");
    assert_eq!(sec3["rows"].as_array().expect("rows").len(), 25);
    let columns: Vec<&str> = sec3["columns"]
        .as_array()
        .expect("columns")
        .iter()
        .map(|c| c.as_str().expect("label"))
        .collect();
    assert!(
        columns.starts_with(&["自然人"]) && columns.contains(&"总计"),
        "{columns:?}"
    );
    // The one finding names the section-2 cell its other operand is, with the cell's span.
    assert_eq!(
        view["diagnostic_cells"],
        serde_json::json!([[{ "path": "sec2.art20_1.normative_docs.in_force", "primary": false }]])
    );
    let cell = &view["tables"][0]["rows"][1]["cells"][2];
    assert_eq!(cell["path"], "sec2.art20_1.normative_docs.in_force");
    assert_eq!(cell["raw"], "27");
    assert_eq!(cell["value"], "27");
    let label = &expected["files"][0]["diagnostics"][0]["labels"][1]["location"];
    assert_eq!(cell["byte_start"], label["byte_start"]);
    assert_eq!(cell["byte_end"], label["byte_end"]);
}

#[tokio::test]
async fn rules_list_and_explain_with_the_check_options() {
    let app = app_with(&[]);
    let answer = send(&app, get("/v1/rules")).await;
    assert_eq!(answer.status, StatusCode::OK);
    let list = answer.json();
    let rules = list["rules"].as_array().expect("rules");
    let (_, cli_rules, _) = common::run(&["rules", "--no-config"]);
    // The CLI lists the packs first (`包 national …`), then one line per rule.
    assert_eq!(
        rules.len(),
        cli_rules.lines().filter(|l| !l.starts_with("包 ")).count()
    );
    assert!(rules.iter().all(|r| {
        r["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("national/"))
    }));
    // The id's `/` as is, or percent-encoded.
    for uri in [
        "/v1/rules/national/narrative-documents-in-force",
        "/v1/rules/national%2Fnarrative-documents-in-force",
    ] {
        let answer = send(&app, get(uri)).await;
        assert_eq!(answer.status, StatusCode::OK, "{uri}");
        let rule = answer.json();
        assert_eq!(rule["id"], "national/narrative-documents-in-force");
        assert_eq!(rule["kind"], "rule");
        assert!(rule["source"].as_str().is_some_and(|s| s.contains("rule")));
        assert!(
            rule["defined_at"]
                .as_str()
                .is_some_and(|s| s.starts_with("rules/national/narrative.rule:"))
        );
    }
    let code = send(&app, get("/v1/rules/parse/cell-empty")).await.json();
    assert_eq!(code["kind"], "parser");
    let missing = send(&app, get("/v1/rules/national/narative-documents-in-force")).await;
    let message = missing.assert_error(404, "not-found");
    assert!(
        message.contains("did you mean `national/narrative-documents-in-force`"),
        "{message}"
    );
    // The rule options of `check`: a selection narrows what is served and linted.
    let narrow = app_with(&["--select", "national/sec3-*", "--fail-on", "warning"]);
    let list = send(&narrow, get("/v1/rules")).await.json();
    let rules = list["rules"].as_array().expect("rules");
    assert!(!rules.is_empty());
    assert!(rules.iter().all(|r| {
        r["id"]
            .as_str()
            .is_some_and(|id| id.starts_with("national/sec3-"))
    }));
    assert_eq!(list["fail_on"], "warning");
    let health = send(&narrow, get("/healthz")).await.json();
    assert_eq!(health["status"], "ok");
    assert_eq!(health["rules"], rules.len());
}

#[tokio::test]
async fn the_page_and_its_assets_are_served_from_the_binary() {
    let app = app_with(&[]);
    let zh = send(&app, get("/")).await;
    assert_eq!(zh.status, StatusCode::OK);
    assert_eq!(zh.header("content-type"), Some("text/html; charset=utf-8"));
    assert!(zh.text().contains("<html lang=\"zh-CN\">"));
    assert!(
        zh.header("content-security-policy")
            .is_some_and(|c| c.contains("default-src 'none'"))
    );
    let en = send(&app, get("/?lang=en")).await.text();
    assert!(en.contains("<html lang=\"en\">") && en.contains("href=\"/?lang=zh\""));
    for (path, kind) in [
        ("/assets/app.js", "text/javascript"),
        ("/assets/app.css", "text/css"),
    ] {
        let a = send(&app, get(path)).await;
        assert_eq!(a.status, StatusCode::OK);
        assert!(
            a.header("content-type")
                .is_some_and(|c| c.starts_with(kind))
        );
    }
    // Nothing is fetched from elsewhere: no URL with a scheme in the page or its assets.
    for path in ["/", "/assets/app.js", "/assets/app.css"] {
        let body = send(&app, get(path)).await.text();
        assert!(
            !body.contains("http://") && !body.contains("https://") && !body.contains("//cdn"),
            "{path}"
        );
        assert!(
            !body.contains("@font-face") && !body.contains("@import"),
            "{path}"
        );
    }
}

#[tokio::test]
async fn bad_requests_are_400() {
    let app = app_with(&[]);
    let empty = send(&app, upload("/v1/check?filename=a.txt", Vec::new(), &[])).await;
    assert!(empty.assert_error(400, "bad-request").contains("empty"));
    let long = format!("/v1/check?filename={}.txt", "x".repeat(300));
    let long = send(&app, upload(&long, seed(SEED_001), &[])).await;
    assert!(long.assert_error(400, "bad-request").contains("255"));
    let lang = send(
        &app,
        upload(
            &format!("/v1/check?filename={SEED_001}&lang=fr"),
            seed(SEED_001),
            &[],
        ),
    )
    .await;
    assert!(lang.assert_error(400, "bad-request").contains("lang"));
    let boundary = "b0und4ry";
    let form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nx\r\n--{boundary}--\r\n"
    );
    let request = Request::post("/v1/check")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(Body::from(form))
        .expect("request");
    let no_file = send(&app, request).await;
    assert!(
        no_file
            .assert_error(400, "bad-request")
            .contains("file part")
    );
    let broken = Request::post("/v1/check?filename=a.txt")
        .header("content-type", "multipart/form-data; boundary=zzz")
        .body(Body::from("not a form"))
        .expect("request");
    send(&app, broken).await.assert_error(400, "bad-request");
    // A page of another site resolving to 127.0.0.1 (DNS rebinding).
    let rebound = Request::get("/v1/rules")
        .header("host", "attacker.example:8080")
        .body(Body::empty())
        .expect("request");
    send(&app, rebound).await.assert_error(400, "bad-request");
    let local = Request::get("/v1/rules")
        .header("host", "localhost:8080")
        .body(Body::empty())
        .expect("request");
    assert_eq!(send(&app, local).await.status, StatusCode::OK);
}

#[tokio::test]
async fn with_a_token_the_api_needs_it_and_the_rest_does_not() {
    let app = app_with(&["--token", TOKEN]);
    let uri = format!("/v1/check?filename={SEED_001}");
    for auth in [
        None,
        Some("Bearer wrong-token-0123456789"),
        Some(TOKEN),
        Some("Basic abc"),
    ] {
        let headers: Vec<(&str, &str)> = auth.iter().map(|a| ("authorization", *a)).collect();
        let answer = send(&app, upload(&uri, seed(SEED_001), &headers)).await;
        answer.assert_error(401, "unauthorized");
        assert_eq!(
            answer.header("www-authenticate"),
            Some("Bearer realm=\"xxgk-lint\"")
        );
    }
    let bearer = format!("Bearer {TOKEN}");
    let ok = send(
        &app,
        upload(&uri, seed(SEED_001), &[("authorization", &bearer)]),
    )
    .await;
    assert_eq!(ok.status, StatusCode::OK);
    send(&app, get("/v1/rules"))
        .await
        .assert_error(401, "unauthorized");
    send(&app, get("/v1/rules/national/sec3-balance"))
        .await
        .assert_error(401, "unauthorized");
    for open in ["/", "/healthz", "/v1/openapi.json", "/assets/app.js"] {
        assert_eq!(send(&app, get(open)).await.status, StatusCode::OK, "{open}");
    }
}

#[tokio::test]
async fn bodies_over_the_limit_are_413() {
    let app = app_with(&["--max-body", "4K"]);
    let big = seed(SEED_001);
    assert!(big.len() > 4096);
    // Said by Content-Length, refused before the body is read …
    let request = Request::post(format!("/v1/check?filename={SEED_001}"))
        .header("content-length", big.len())
        .body(Body::from(big.clone()))
        .expect("request");
    send(&app, request).await.assert_error(413, "too-large");
    // … or found while reading a body of unknown length.
    let stream = futures_stream(big.clone());
    let request = Request::post(format!("/v1/check?filename={SEED_001}"))
        .body(stream)
        .expect("request");
    let message = send(&app, request).await.assert_error(413, "too-large");
    assert!(message.contains("--max-body"), "{message}");
    // And inside a multipart form.
    let boundary = "b0und4ry";
    let mut form = format!(
        "--{boundary}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n\r\n"
    )
    .into_bytes();
    form.extend_from_slice(&big);
    form.extend_from_slice(format!("\r\n--{boundary}--\r\n").as_bytes());
    let request = Request::post("/v1/view")
        .header(
            "content-type",
            format!("multipart/form-data; boundary={boundary}"),
        )
        .body(futures_stream(form))
        .expect("request");
    send(&app, request).await.assert_error(413, "too-large");
}

/// A body of unknown length: `bytes` in 1 KiB chunks.
fn futures_stream(bytes: Vec<u8>) -> Body {
    let chunks: Vec<Result<Vec<u8>, std::io::Error>> =
        bytes.chunks(1024).map(|c| Ok(c.to_vec())).collect();
    Body::from_stream(StreamOf(chunks.into_iter()))
}

/// A body that sends one chunk and then nothing, never ending.
struct Stalled(bool);

impl futures_core::Stream for Stalled {
    type Item = Result<Vec<u8>, std::io::Error>;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<Self::Item>> {
        if self.0 {
            std::task::Poll::Pending
        } else {
            self.0 = true;
            std::task::Poll::Ready(Some(Ok(b"2023".to_vec())))
        }
    }
}

/// The smallest `Stream` over an iterator (no futures crate needed).
struct StreamOf<I>(I);

impl<I: Iterator + Unpin> futures_core::Stream for StreamOf<I> {
    type Item = I::Item;
    fn poll_next(
        mut self: std::pin::Pin<&mut Self>,
        _: &mut std::task::Context<'_>,
    ) -> std::task::Poll<Option<I::Item>> {
        std::task::Poll::Ready(self.0.next())
    }
}

#[tokio::test]
async fn accept_and_content_type_are_negotiated() {
    let app = app_with(&[]);
    let uri = format!("/v1/check?filename={SEED_001}");
    send(
        &app,
        upload(&uri, seed(SEED_001), &[("accept", "text/html")]),
    )
    .await
    .assert_error(406, "not-acceptable");
    let json = Request::post(&uri)
        .header("content-type", "application/json")
        .body(Body::from("{\"content\":\"…\"}"))
        .expect("request");
    send(&app, json)
        .await
        .assert_error(415, "unsupported-media-type");
    // `curl --data-binary @FILE` sends its form content type: the body is the file.
    let curl = Request::post(&uri)
        .header("content-type", "application/x-www-form-urlencoded")
        .header("accept", "*/*")
        .body(Body::from(seed(SEED_001)))
        .expect("request");
    assert_eq!(send(&app, curl).await.status, StatusCode::OK);
}

#[tokio::test]
async fn unreadable_files_are_422_with_the_message_check_prints() {
    let dir = common::scratch("serve-api", "unreadable");
    let cases: [(&str, &[u8]); 3] = [
        ("old.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1 legacy word"),
        ("binary.txt", b"\x00\x01\x02binary\x00"),
        ("broken.docx", b"PK\x03\x04 not really a zip"),
    ];
    let app = app_with(&[]);
    for (name, bytes) in cases {
        std::fs::write(dir.join(name), bytes).expect("write");
        let o = run_binary(&["check", "--no-config", "--color", "never", name], &dir);
        assert_eq!(o.status.code(), Some(2), "{name}");
        let cli_message = text(&o.stderr)
            .lines()
            .find_map(|l| l.strip_prefix("error: "))
            .expect("an error line")
            .to_string();
        let answer = send(
            &app,
            upload(&format!("/v1/check?filename={name}"), bytes.to_vec(), &[]),
        )
        .await;
        assert_eq!(
            answer.assert_error(422, "unreadable"),
            cli_message,
            "{name}"
        );
    }
}

#[tokio::test]
async fn past_the_workers_and_the_queue_requests_get_503() {
    // One worker, no queue: of many reports sent at once, some are refused, none is lost.
    let app = app_with(&["--jobs", "1", "--queue", "0"]);
    let big: Vec<u8> = seed(SEED_001).repeat(40);
    let mut tasks = Vec::new();
    for _ in 0..12 {
        let app = app.clone();
        let body = big.clone();
        tasks.push(tokio::spawn(async move {
            send(&app, upload("/v1/check?filename=big.txt", body, &[])).await
        }));
    }
    let (mut ok, mut busy) = (0, 0);
    for t in tasks {
        let a = t.await.expect("task");
        match a.status.as_u16() {
            200 => {
                assert_eq!(a.json()["schema"], "xxgk-lint/check");
                ok += 1;
            }
            503 => {
                assert!(a.assert_error(503, "busy").contains("--queue"));
                busy += 1;
            }
            other => panic!("unexpected {other}: {}", a.text()),
        }
    }
    assert!(ok >= 1 && busy >= 1, "{ok} answered, {busy} refused");
}

#[tokio::test]
async fn a_request_over_the_time_limit_gets_503() {
    let app = app_with(&["--timeout", "1"]);
    // An upload that sends a little and then stalls.
    let body = Body::from_stream(Stalled(false));
    let request = Request::post("/v1/check?filename=slow.txt")
        .body(body)
        .expect("request");
    let started = std::time::Instant::now();
    let message = send(&app, request).await.assert_error(503, "timeout");
    assert!(message.contains("--timeout"), "{message}");
    assert!(started.elapsed() < std::time::Duration::from_secs(20));
}

#[test]
fn a_non_loopback_bind_needs_a_token_or_an_explicit_opt_out() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let o = run_binary(
        &["serve", "--no-config", "--bind", "0.0.0.0", "--port", "0"],
        root,
    );
    assert_eq!(o.status.code(), Some(2));
    let err = text(&o.stderr);
    assert!(
        err.contains("--token-file") && err.contains("--insecure-no-auth"),
        "{err}"
    );
    let o = run_binary(
        &[
            "serve",
            "--no-config",
            "--bind",
            "0.0.0.0",
            "--token",
            "short",
        ],
        root,
    );
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("at least 16"),
        "{}",
        text(&o.stderr)
    );
    // Rule errors: a gate does not run with broken rules.
    let o = run_binary(&["serve", "--no-config", "--rules", "no/such/dir"], root);
    assert_eq!(o.status.code(), Some(2));
    assert!(
        text(&o.stderr).contains("not serving"),
        "{}",
        text(&o.stderr)
    );
}

#[test]
fn over_real_tcp_the_binary_answers_and_reads_its_token_file() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let dir = common::scratch("serve-api", "tcp");
    let token_file = dir.join("token");
    std::fs::write(&token_file, format!("{TOKEN}\n")).expect("token file");
    let server = serve_common::start(
        Path::new(env!("CARGO_BIN_EXE_xxgk-lint")),
        &["--token-file", token_file.to_str().expect("UTF-8 path")],
        root,
    );
    let health = serve_common::request(server.addr, "GET", "/healthz", &[], b"").expect("healthz");
    assert_eq!(health.status, 200);
    let denied = serve_common::request(server.addr, "POST", "/v1/check?filename=a.txt", &[], b"x")
        .expect("check");
    assert_eq!(denied.status, 401);
    let bearer = format!("Bearer {TOKEN}");
    let answer = serve_common::request(
        server.addr,
        "POST",
        &format!("/v1/check?filename={SEED_001}"),
        &[
            ("Authorization", &bearer),
            ("Content-Type", "application/octet-stream"),
        ],
        &seed(SEED_001),
    )
    .expect("check");
    assert_eq!(answer.status, 200, "{}", answer.text());
    assert_eq!(answer.header("xxgk-lint-result"), Some("fail"));
    let (expected, _) = cli(&seeds_dir(), "json", SEED_001, &[]);
    assert_eq!(
        answer.text(),
        with_member(&expected, "\"fail_on\":\"error\",\"pass\":false")
    );
}
