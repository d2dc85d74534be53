//! `xxgk-lint.toml`: rule directories, rule selection, the fail level and the settings rules
//! read as `config.KEY`. Found upward from the working directory or given with `--config`.
//! Unknown keys and bad values are errors pointing into the file.

use crate::diagnostic::{Diagnostic, Label, Severity, Text};
use crate::source::{SourceFile, Span};
use serde::Deserialize;
use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file name looked for.
pub const FILE_NAME: &str = "xxgk-lint.toml";

/// The fail level as written in the file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum FailLevel {
    /// Errors only.
    Error,
    /// Warnings and errors.
    Warning,
    /// Anything.
    Info,
}

/// A severity set by configuration; `off` disables the rule.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Level {
    /// Error.
    Error,
    /// Warning.
    Warning,
    /// Info.
    Info,
    /// Not run.
    Off,
}

/// Settings for the files whose path matches `paths`, applied on top of the rest.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Override {
    /// Globs on the file path (as given or found).
    pub paths: Vec<String>,
    /// Rule id globs to skip for these files.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// Severities for these files, by rule id glob.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Setting values for these files.
    #[serde(default)]
    pub settings: BTreeMap<String, toml::Value>,
}

/// The options of a configuration file, as written.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Options {
    /// Rule directories (relative to the file), loaded as packs named after them.
    #[serde(default)]
    pub rules: Vec<PathBuf>,
    /// Do not load the national pack.
    #[serde(default)]
    pub no_national: bool,
    /// Rule id globs to run (all when empty).
    #[serde(default)]
    pub select: Vec<String>,
    /// Rule id globs to skip.
    #[serde(default)]
    pub ignore: Vec<String>,
    /// The severity that fails the run.
    pub fail_on: Option<FailLevel>,
    /// Values rules read as `config.KEY`.
    #[serde(default)]
    pub settings: BTreeMap<String, toml::Value>,
    /// Severities by rule id glob (`"national/sec2-all-zero" = "off"`); the last match wins.
    #[serde(default)]
    pub severity: BTreeMap<String, Level>,
    /// Per-path settings.
    #[serde(default)]
    pub overrides: Vec<Override>,
    /// Larger report files are refused before they are read (`--max-file-size` overrides).
    pub max_file_size: Option<ByteSize>,
    /// Approved deviations: findings shown as waived and not counted for the exit code.
    #[serde(default)]
    pub waivers: Vec<WaiverSpec>,
}

/// One `[[waivers]]` entry as written.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct WaiverSpec {
    /// The rule id (or a glob of ids) whose findings it covers.
    pub rule: String,
    /// Globs on the report path; all reports when absent.
    #[serde(default)]
    pub paths: Vec<String>,
    /// Only the finding about this cell (`sec3.new.total`).
    pub cell: Option<String>,
    /// Only findings whose line contains this text.
    pub line: Option<String>,
    /// Why the deviation is accepted.
    pub reason: String,
    /// Who approved it.
    pub approved_by: String,
    /// The last day it holds: a TOML date (`2027-06-30`) or a string of that form.
    pub expires: toml::Value,
}

/// A size in bytes, written as a number of bytes or with a `K`, `M` or `G` suffix (powers of
/// 1024): `52428800`, `"50M"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteSize(pub u64);

impl std::str::FromStr for ByteSize {
    type Err = String;

    fn from_str(s: &str) -> Result<ByteSize, String> {
        let s = s.trim();
        let (digits, shift) = match s.char_indices().last() {
            Some((i, 'k' | 'K')) => (&s[..i], 10),
            Some((i, 'm' | 'M')) => (&s[..i], 20),
            Some((i, 'g' | 'G')) => (&s[..i], 30),
            _ => (s, 0),
        };
        let invalid = || format!("`{s}` is not a size (bytes, or a number with K, M or G)");
        let n: u64 = digits.trim().parse().map_err(|_| invalid())?;
        n.checked_mul(1 << shift).map(ByteSize).ok_or_else(invalid)
    }
}

impl<'de> Deserialize<'de> for ByteSize {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<ByteSize, D::Error> {
        struct Visitor;
        impl serde::de::Visitor<'_> for Visitor {
            type Value = ByteSize;
            fn expecting(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                f.write_str("a size: a number of bytes, or a string such as \"50M\"")
            }
            fn visit_i64<E: serde::de::Error>(self, n: i64) -> Result<ByteSize, E> {
                u64::try_from(n)
                    .map(ByteSize)
                    .map_err(|_| E::custom("a size cannot be negative"))
            }
            fn visit_u64<E: serde::de::Error>(self, n: u64) -> Result<ByteSize, E> {
                Ok(ByteSize(n))
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<ByteSize, E> {
                s.parse().map_err(E::custom)
            }
        }
        d.deserialize_any(Visitor)
    }
}

/// A setting value as the string rules compare with (numbers and booleans as written).
pub fn setting_text(v: &toml::Value) -> String {
    match v {
        toml::Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// A loaded configuration file.
#[derive(Debug, Clone)]
pub struct Config {
    /// Its options, rule directories made relative to the working directory.
    pub options: Options,
}

impl Config {
    /// Settings as strings (numbers and booleans as written in TOML).
    pub fn settings(&self) -> BTreeMap<String, String> {
        self.options
            .settings
            .iter()
            .map(|(k, v)| (k.clone(), setting_text(v)))
            .collect()
    }
}

/// The nearest `xxgk-lint.toml` in `start` or a parent directory.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|d| d.join(FILE_NAME))
        .find(|p| p.is_file())
}

/// Why a configuration could not be used.
#[derive(Debug)]
pub enum ConfigError {
    /// The file could not be read.
    Io(PathBuf, std::io::Error),
    /// The file is not valid: a diagnostic into it.
    Invalid(SourceFile, Box<Diagnostic>),
}

/// Reads and validates a configuration file.
pub fn load(path: &Path) -> Result<Config, ConfigError> {
    let text = std::fs::read_to_string(path).map_err(|e| ConfigError::Io(path.to_path_buf(), e))?;
    let text = text.replace("\r\n", "\n");
    let source = SourceFile::new(path.display().to_string(), text, "UTF-8");
    let mut options: Options = toml::from_str(&source.text).map_err(|e| {
        let span = e.span().map_or(Span::empty_at(0), |r| {
            Span::new(r.start, r.end.max(r.start))
        });
        let message = e.message().to_string();
        let d = Diagnostic::new(
            "config/invalid",
            Severity::Error,
            Text::new("配置文件无效", "invalid configuration file"),
        )
        .with_label(Label::primary(span, Text::same(message)));
        ConfigError::Invalid(source.clone(), Box::new(d))
    })?;
    let base = path.parent().unwrap_or(Path::new("."));
    options.rules = options
        .rules
        .iter()
        .map(|r| {
            if r.is_absolute() {
                r.clone()
            } else {
                base.join(r)
            }
        })
        .collect();
    Ok(Config { options })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn write(name: &str, text: &str) -> PathBuf {
        let dir = std::env::temp_dir().join(format!("xxgk-config-{name}-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        let p = dir.join(FILE_NAME);
        std::fs::write(&p, text).unwrap();
        p
    }

    #[test]
    fn options_and_relative_rule_directories() {
        let p = write(
            "ok",
            "rules = [\"henan\"]\nselect = [\"henan/*\"]\nfail-on = \"warning\"\n[settings]\nprovince = \"河南\"\nlevel = 3\n",
        );
        let c = load(&p).unwrap();
        assert_eq!(c.options.rules, vec![p.parent().unwrap().join("henan")]);
        assert_eq!(c.options.fail_on, Some(FailLevel::Warning));
        assert_eq!(
            c.settings().get("province").map(String::as_str),
            Some("河南")
        );
        assert_eq!(c.settings().get("level").map(String::as_str), Some("3"));
        assert_eq!(discover(p.parent().unwrap()), Some(p));
    }

    #[test]
    fn unknown_keys_point_into_the_file() {
        let text = "rules = []\nselekt = [\"x\"]\n";
        let p = write("bad", text);
        let ConfigError::Invalid(source, d) = load(&p).unwrap_err() else {
            panic!()
        };
        let span = d.labels[0].span;
        assert_eq!(source.line_col(span.start).line, 2);
        assert!(
            d.labels[0].message.en.contains("selekt"),
            "{:?}",
            d.labels[0].message
        );
    }

    #[test]
    fn sizes_in_bytes_or_with_a_suffix() {
        assert_eq!("52428800".parse(), Ok(ByteSize(52_428_800)));
        assert_eq!("50M".parse(), Ok(ByteSize(50 << 20)));
        assert_eq!("2k".parse(), Ok(ByteSize(2048)));
        assert!("-1".parse::<ByteSize>().is_err());
        assert!("99999999999G".parse::<ByteSize>().is_err());
        let p = write("size", "max-file-size = \"1G\"\n");
        assert_eq!(
            load(&p).unwrap().options.max_file_size,
            Some(ByteSize(1 << 30))
        );
        let p = write("size-bad", "max-file-size = \"lots\"\n");
        assert!(matches!(load(&p), Err(ConfigError::Invalid(..))));
    }
}
