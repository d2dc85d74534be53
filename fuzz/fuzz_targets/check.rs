//! Fuzzes `check` end to end: a text report read, every national rule evaluated, each finding
//! turned into a diagnostic and rendered as human text and JSON.
#![no_main]

use std::sync::OnceLock;
use xxgk_lint::diagnostic::Lang;
use xxgk_lint::engine::{self, Config};
use xxgk_lint::render::{human, json};
use xxgk_lint::rules::{self, RuleSet};

fn national() -> &'static RuleSet {
    static SET: OnceLock<RuleSet> = OnceLock::new();
    SET.get_or_init(|| {
        let (set, errors) = rules::load(rules::national());
        assert!(errors.is_empty(), "the national pack loads");
        set
    })
}

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(parsed) = xxgk_lint::parse_bytes("fuzz.txt", data, None) else {
        return;
    };
    let set = national();
    let evaluation = engine::evaluate(&parsed.report, None, set, &Config::new());
    let mut diagnostics = parsed.report.diagnostics.clone();
    diagnostics.extend(
        evaluation
            .findings
            .iter()
            .chain(&evaluation.not_assessable)
            .map(|f| f.to_diagnostic(set)),
    );
    let style = human::Style {
        lang: Lang::Zh,
        color: false,
    };
    let _ = human::render(&parsed.source, &diagnostics, style);
    for d in &diagnostics {
        let _ = json::diagnostic_json(&parsed.source, d, Lang::En);
    }
});
