//! Fuzzes the rule-file parser and compiler: any text must load or give load errors.
#![no_main]

use xxgk_lint::rules::{self, RuleSource};
use xxgk_lint::source::SourceFile;

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let _ = rules::load(vec![RuleSource {
        pack: "fuzz".into(),
        file: SourceFile::new("fuzz.rule", text.to_string(), "UTF-8"),
    }]);
});
