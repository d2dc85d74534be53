//! docs/rules.md stays true: every ```rule block in it compiles, and every builtin is listed
//! with the example from the builtin table, which compiles too.

use xxgk_lint::rules::{self, RuleSource, builtins::BUILTINS};
use xxgk_lint::source::SourceFile;

fn compile(name: &str, text: String) -> Vec<String> {
    let (_, errors) = rules::load(vec![RuleSource {
        pack: "docs".into(),
        file: SourceFile::new(name, text, "UTF-8"),
    }]);
    errors
        .iter()
        .map(|e| {
            format!(
                "{name}: {:?}",
                e.diagnostic.labels.first().map(|l| &l.message.en)
            )
        })
        .collect()
}

fn doc() -> String {
    std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/docs/rules.md")).unwrap()
}

#[test]
fn every_rule_block_in_the_reference_compiles() {
    let text = doc();
    let blocks: Vec<&str> = text
        .split("```rule\n")
        .skip(1)
        .map(|b| b.split("```").next().unwrap())
        .collect();
    assert!(blocks.len() >= 5);
    let errors: Vec<String> = blocks
        .iter()
        .enumerate()
        .flat_map(|(i, b)| compile(&format!("block {i}"), b.to_string()))
        .collect();
    assert!(errors.is_empty(), "{errors:#?}");
}

#[test]
fn every_builtin_is_documented_with_a_compiling_example() {
    let text = doc();
    for b in BUILTINS {
        assert!(
            text.contains(&format!("| `{}(", b.name)),
            "docs/rules.md lacks `{}`",
            b.name
        );
        assert!(
            text.contains(&format!("`{}`", b.example)),
            "docs/rules.md lacks the example of `{}`: {}",
            b.name,
            b.example
        );
        let rule = format!(
            "rule example {{\n title \"t\"\n severity info\n message \"m\"\n assert {}\n}}\n",
            b.example
        );
        let errors = compile(b.name, rule);
        assert!(errors.is_empty(), "{errors:?}");
    }
}
