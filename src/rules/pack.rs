//! `pack.toml`: a rule pack's name, version, description and the oldest xxgk-lint it needs,
//! so that a province can ship a pack to its county offices and each office can tell which
//! version it runs (`xxgk-lint rules` lists packs with their versions).

use serde::Deserialize;
use std::path::Path;

/// The file a pack directory may hold.
pub const FILE_NAME: &str = "pack.toml";

/// A pack's metadata.
#[derive(Debug, Clone, PartialEq, Eq, Default, serde::Serialize)]
pub struct PackInfo {
    /// The rule ids' namespace (`henan` in `henan/fee-four-decimals`).
    pub name: String,
    pub version: Option<String>,
    pub description: Option<String>,
    /// The oldest xxgk-lint the pack works with.
    pub min_xxgk_lint_version: Option<String>,
    /// Where it was loaded from; `None` for the pack built into the binary.
    pub dir: Option<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct PackFile {
    name: String,
    version: String,
    #[serde(default)]
    description: Option<String>,
    #[serde(default)]
    min_xxgk_lint_version: Option<String>,
}

/// `1.2.3` → `[1, 2, 3]`; a missing part is 0, anything after `-` or `+` is ignored.
fn version_parts(text: &str) -> Option<[u64; 3]> {
    let core = text.trim().split(['-', '+']).next()?;
    let mut parts = [0u64; 3];
    for (i, p) in core.split('.').enumerate() {
        if i >= 3 {
            return None;
        }
        parts[i] = p.parse().ok()?;
    }
    Some(parts)
}

/// Whether this build is at least `required`.
fn satisfies(required: &str) -> Option<bool> {
    Some(version_parts(env!("CARGO_PKG_VERSION"))? >= version_parts(required)?)
}

/// Parses the `pack.toml` text of the pack in `dir` (named after the directory when it has no
/// file). An error names the problem; a pack that needs a newer xxgk-lint is an error, since
/// its rules may use what this build cannot read.
pub fn parse(text: &str, dir: &str) -> Result<PackInfo, String> {
    let file: PackFile = toml::from_str(text).map_err(|e| format!("{dir}/{FILE_NAME}: {e}"))?;
    if version_parts(&file.version).is_none() {
        return Err(format!(
            "{dir}/{FILE_NAME}: version `{}` 应为 x.y.z",
            file.version
        ));
    }
    if file.name.is_empty() || file.name.contains(['/', ' ']) {
        return Err(format!(
            "{dir}/{FILE_NAME}: name `{}` 不能为空，也不能含 `/` 或空格",
            file.name
        ));
    }
    if let Some(required) = &file.min_xxgk_lint_version {
        match satisfies(required) {
            Some(true) => {}
            Some(false) => {
                return Err(format!(
                    "{dir}: 规则包 {} {} 需要 xxgk-lint {required} 或更新版本（当前 {}）",
                    file.name,
                    file.version,
                    env!("CARGO_PKG_VERSION")
                ));
            }
            None => {
                return Err(format!(
                    "{dir}/{FILE_NAME}: min-xxgk-lint-version `{required}` 应为 x.y.z"
                ));
            }
        }
    }
    Ok(PackInfo {
        name: file.name,
        version: Some(file.version),
        description: file.description,
        min_xxgk_lint_version: file.min_xxgk_lint_version,
        dir: Some(dir.to_string()),
    })
}

/// The metadata of the pack in `dir`: its `pack.toml`, or just its directory name.
pub fn read(dir: &Path, fallback_name: &str) -> Result<PackInfo, String> {
    let shown = dir.display().to_string();
    let path = dir.join(FILE_NAME);
    if !path.is_file() {
        return Ok(PackInfo {
            name: fallback_name.to_string(),
            dir: Some(shown),
            ..PackInfo::default()
        });
    }
    let text = std::fs::read_to_string(&path).map_err(|e| format!("{}: {e}", path.display()))?;
    parse(&text, &shown)
}

/// The national pack built into the binary.
pub fn national() -> PackInfo {
    let mut info = parse(
        include_str!("../../rules/national/pack.toml"),
        "rules/national",
    )
    .expect("the bundled pack.toml is valid");
    info.dir = None;
    info
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn versions_compare_by_number() {
        assert_eq!(version_parts("0.10.1"), Some([0, 10, 1]));
        assert_eq!(version_parts("2"), Some([2, 0, 0]));
        assert_eq!(version_parts("1.2.3-beta"), Some([1, 2, 3]));
        assert_eq!(version_parts("1.x"), None);
        assert_eq!(satisfies("0.0.1"), Some(true));
        assert_eq!(satisfies("999.0.0"), Some(false));
    }

    #[test]
    fn a_pack_needing_a_newer_tool_is_refused_with_both_versions() {
        let e = parse(
            "name = \"henan\"\nversion = \"1.0.0\"\nmin-xxgk-lint-version = \"999.0\"\n",
            "henan",
        )
        .unwrap_err();
        assert!(e.contains("需要 xxgk-lint 999.0 或更新版本"), "{e}");
        assert!(parse("name = \"henan\"\nversion = \"soon\"\n", "henan").is_err());
        assert!(parse("name = \"henan\"\n", "henan").is_err());
        assert_eq!(national().name, "national");
    }
}
