//! Text normalisation: matching keys for labels (P9) and cell-value classification (P10).
//!
//! Keys are for *comparison only*; the raw text is always kept for display. NFKC folds
//! full-width forms and Kangxi radicals; all whitespace (ASCII, NBSP, U+3000, U+2002…) and
//! quotation marks are dropped so `“三安全一稳定”` and `"三安全一稳定"` compare equal.

use crate::decimal::Decimal;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Whitespace as it appears in extracted reports, beyond what `char::is_whitespace` covers.
pub fn is_space(c: char) -> bool {
    c.is_whitespace() || matches!(c, '\u{200B}' | '\u{FEFF}' | '\u{2060}')
}

fn is_quote(c: char) -> bool {
    matches!(
        c,
        '"' | '\''
            | '“'
            | '”'
            | '‘'
            | '’'
            | '„'
            | '‟'
            | '「'
            | '」'
            | '『'
            | '』'
            | '〝'
            | '〞'
            | '＂'
    )
}

/// A CJK unified ideograph (U+4E00–U+9FFF): NFKC leaves it alone.
fn is_ideograph(c: char) -> bool {
    ('\u{4E00}'..='\u{9FFF}').contains(&c)
}

/// Characters NFKC leaves alone that make up nearly all report text (ASCII, CJK ideographs,
/// `、` and `。`); text made only of these skips normalisation, which dominates parse time.
fn nfkc_stable(c: char) -> bool {
    c.is_ascii() || is_ideograph(c) || matches!(c, '、' | '。')
}

/// The comparison key of a label: NFKC, no whitespace, no quotes.
pub fn label_key(s: &str) -> String {
    label_key_cow(s).into_owned()
}

/// [`label_key`], borrowing `s` when it already is its own key (most labels: CJK text with
/// nothing to fold or drop), so callers can skip storing a copy.
pub fn label_key_cow(s: &str) -> Cow<'_, str> {
    let mut changes = false;
    for c in s.chars() {
        if is_ideograph(c) {
            // The bulk of any label, and neither space nor quote.
            continue;
        }
        match quick_nfkc(c) {
            None => return slow_label_key(s).into(),
            Some(folded) => changes |= folded != c || is_space(c) || is_quote(c),
        }
    }
    if !changes {
        return Cow::Borrowed(s);
    }
    s.chars()
        .filter_map(quick_nfkc)
        .filter(|c| !is_space(*c) && !is_quote(*c))
        .collect::<String>()
        .into()
}

/// What NFKC makes of `c` when that is known without the normalisation tables: `c` itself for
/// [`nfkc_stable`] characters, the ASCII character for a full-width form (`（`, `，`, `：`,
/// `１`: U+FF01–U+FF5E decompose to U+0021–U+007E), `None` for anything else.
fn quick_nfkc(c: char) -> Option<char> {
    if nfkc_stable(c) {
        Some(c)
    } else if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        char::from_u32(c as u32 - 0xFEE0)
    } else {
        None
    }
}

/// [`label_key`] through full NFKC.
fn slow_label_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !is_space(*c) && !is_quote(*c))
        .collect()
}

/// The comparison key of a heading title: a label key without a trailing colon.
pub fn title_key(s: &str) -> String {
    title_key_cow(s).into_owned()
}

/// [`title_key`], borrowing `s` when it already is its own key.
pub fn title_key_cow(s: &str) -> Cow<'_, str> {
    match label_key_cow(s) {
        Cow::Borrowed(key) => Cow::Borrowed(key.trim_end_matches(':')),
        Cow::Owned(key) if key.ends_with(':') => key.trim_end_matches(':').to_string().into(),
        Cow::Owned(key) => Cow::Owned(key),
    }
}

/// Trims the whitespace kinds seen in reports (NBSP, U+3000, U+2002, ZWSP, BOM) from both ends.
pub fn trim(s: &str) -> &str {
    s.trim_matches(is_space)
}

/// What a table cell holds, after normalisation.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum CellValue {
    /// Nothing but whitespace.
    Empty,
    /// An exact number, with a unit if one was written in the cell (`251000元`).
    Number {
        /// The value.
        value: Decimal,
        /// A unit suffix such as `元` or `万元`.
        unit: Option<String>,
        /// Whether cleaning changed anything (NBSP, full-width digits, separators).
        normalised: bool,
    },
    /// A stand-in for "nothing" such as `/`, `—`, `-`, `无`, `不适用`.
    Placeholder,
    /// Any other text.
    Text,
}

impl CellValue {
    /// True for numbers and placeholders: what may stand in a value column.
    pub fn is_value_like(&self) -> bool {
        matches!(self, CellValue::Number { .. } | CellValue::Placeholder)
    }
}

const PLACEHOLDERS: &[&str] = &[
    "/",
    "／",
    "\\",
    "-",
    "－",
    "--",
    "---",
    "—",
    "——",
    "–",
    "−",
    "无",
    "不适用",
    "空",
    "N/A",
    "n/a",
    "NA",
    "×",
    "—/—",
];

const UNITS: &[&str] = &["万元", "元", "件", "个", "条", "项", "次"];

/// Classifies raw cell text.
pub fn classify(raw: &str) -> CellValue {
    let trimmed = trim(raw);
    if trimmed.is_empty() {
        return CellValue::Empty;
    }
    // Most cells are plain ASCII integers: no placeholder, unit or cleaning can apply.
    if trimmed.bytes().all(|b| b.is_ascii_digit()) {
        return match parse_digits(trimmed) {
            Some(value) => CellValue::Number {
                value,
                unit: None,
                normalised: trimmed_more_than_tabs_and_spaces(raw, trimmed),
            },
            None => CellValue::Text,
        };
    }
    // Labels make up most other cells: text that starts with a character no number or
    // placeholder starts with is text, without copying or scanning it further.
    if trimmed.chars().next().is_some_and(|first| {
        !is_numeric_char(first) && !PLACEHOLDERS.iter().any(|p| p.starts_with(first))
    }) {
        return CellValue::Text;
    }
    let compact: Cow<'_, str> = if trimmed.contains(is_space) {
        trimmed
            .chars()
            .filter(|c| !is_space(*c))
            .collect::<String>()
            .into()
    } else {
        trimmed.into()
    };
    if PLACEHOLDERS.contains(&compact.as_ref()) {
        return CellValue::Placeholder;
    }
    let (number_part, unit) = split_unit(&compact);
    match parse_number(number_part) {
        Some((value, changed)) => CellValue::Number {
            value,
            unit: unit.map(str::to_string),
            normalised: changed
                || compact != trimmed
                || trimmed_more_than_tabs_and_spaces(raw, trimmed),
        },
        None => CellValue::Text,
    }
}

/// Whether trimming `raw` to `trimmed` removed other whitespace than TABs and spaces (NBSP,
/// U+3000…), which counts as cleaning. Most cells have nothing to trim, which is decided
/// without scanning.
fn trimmed_more_than_tabs_and_spaces(raw: &str, trimmed: &str) -> bool {
    raw.len() != trimmed.len() && trimmed != raw.trim_matches(['\t', ' '])
}

/// An integer written in ASCII digits only, as [`Decimal::parse`] reads it; up to 18 digits fit
/// an `i64` and skip the general parser.
fn parse_digits(digits: &str) -> Option<Decimal> {
    if digits.len() > 18 {
        return Decimal::parse(digits);
    }
    let n = digits
        .bytes()
        .fold(0i64, |n, b| n * 10 + i64::from(b - b'0'));
    Some(Decimal::from_int(n))
}

/// Digits, signs, points and separators (ASCII or full-width): the only characters a number
/// is written with.
fn is_numeric_char(c: char) -> bool {
    c.is_ascii_digit()
        || matches!(
            c,
            '.' | '+' | '-' | ',' | '０'..='９' | '．' | '＋' | '－' | '−' | '，'
        )
}

fn split_unit(s: &str) -> (&str, Option<&str>) {
    for unit in UNITS {
        if let Some(num) = s.strip_suffix(unit)
            && !num.is_empty()
        {
            return (num, Some(unit));
        }
    }
    (s, None)
}

/// Parses a number written with full-width digits, `．`, full-width signs or thousands
/// separators (`1,234`, `1，234`). Returns the value and whether anything had to be cleaned.
/// Separators are only accepted in groups of three, so `1,2` stays text.
pub fn parse_number(s: &str) -> Option<(Decimal, bool)> {
    if s.bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b'.' | b'+' | b'-'))
    {
        return Decimal::parse(s).map(|d| (d, false));
    }
    // Labels fail here without building the cleaned copy.
    if !s.chars().all(is_numeric_char) {
        return None;
    }
    let mut ascii = String::with_capacity(s.len());
    let mut changed = false;
    for c in s.chars() {
        let mapped = match c {
            '０'..='９' => char::from_u32(c as u32 - '０' as u32 + '0' as u32)?,
            '．' => '.',
            '＋' => '+',
            '－' | '−' => '-',
            '，' => ',',
            _ => c,
        };
        changed |= mapped != c;
        ascii.push(mapped);
    }
    if ascii.contains(',') {
        ascii = strip_thousands(&ascii)?;
        changed = true;
    }
    Decimal::parse(&ascii).map(|d| (d, changed))
}

fn strip_thousands(s: &str) -> Option<String> {
    let (sign, body) = match s.strip_prefix(['+', '-']) {
        Some(rest) => (&s[..1], rest),
        None => ("", s),
    };
    let (int, frac) = body
        .split_once('.')
        .map_or((body, None), |(i, f)| (i, Some(f)));
    let groups: Vec<&str> = int.split(',').collect();
    let first_ok = !groups[0].is_empty() && groups[0].len() <= 3;
    if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
        return None;
    }
    let mut out = format!("{sign}{}", groups.concat());
    if let Some(f) = frac {
        out.push('.');
        out.push_str(f);
    }
    Some(out)
}

/// Chinese numerals used for section numbering (`一` … `十`), as numbers.
pub fn chinese_ordinal(c: char) -> Option<u8> {
    "一二三四五六七八九十"
        .chars()
        .position(|x| x == c)
        .map(|p| p as u8 + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn num(s: &str) -> Decimal {
        match classify(s) {
            CellValue::Number { value, .. } => value,
            other => panic!("{s:?} -> {other:?}"),
        }
    }

    #[test]
    fn every_full_width_form_folds_like_nfkc() {
        for c in '\u{FF01}'..='\u{FF5E}' {
            for s in [
                format!("{c}"),
                format!("一{c}二"),
                format!("a{c}b"),
                format!("{c}{c}"),
            ] {
                assert_eq!(label_key(&s), slow_label_key(&s), "{s}");
            }
        }
    }

    #[test]
    fn fast_path_agrees_with_nfkc() {
        for s in [
            "一、本年新收政府信息公开申请数量",
            "abc 12",
            "（一）予以公开",
            "⼀、总体",
            "１２",
            "三、收到。",
            "（一）予以公开",
            "结果：维持，１２ 件",
            "“三安全一稳定”",
        ] {
            let slow: String = s
                .nfkc()
                .filter(|c| !is_space(*c) && !is_quote(*c))
                .collect();
            assert_eq!(label_key(s), slow, "{s}");
        }
    }

    #[test]
    fn label_keys_fold_width_space_and_quotes() {
        assert_eq!(label_key("(一) 予以公开"), label_key("（一）予以公开"));
        assert_eq!(
            label_key("3. 危及“三安全一稳定”"),
            label_key("3.危及\"三安全一稳定\"")
        );
        assert_eq!(label_key("结果\u{a0}维持"), "结果维持");
        assert_eq!(
            label_key("(区分处理的, 只计这一情形)"),
            label_key("（区分处理的，只计这一情形）")
        );
    }

    #[test]
    fn numbers_survive_report_noise() {
        assert_eq!(num("\u{a0}0"), Decimal::ZERO);
        assert_eq!(num("3022\u{3000}"), Decimal::from_int(3022));
        assert_eq!(num("１２"), Decimal::from_int(12));
        assert_eq!(num("1,234"), Decimal::from_int(1234));
        assert_eq!(num("1，234．5"), Decimal::parse("1234.5").unwrap());
        assert_eq!(num("+1036"), Decimal::from_int(1036));
        assert_eq!(num("－18"), Decimal::from_int(-18));
        assert_eq!(num("658.0625"), Decimal::parse("658.0625").unwrap());
    }

    #[test]
    fn integer_fast_path_agrees_with_the_decimal_parser() {
        for s in [
            "0",
            "007",
            "13289",
            "999999999999999999",
            "1000000000000000000000",
        ] {
            assert_eq!(parse_digits(s), Decimal::parse(s), "{s}");
        }
    }

    #[test]
    fn units_are_kept() {
        match classify("73802895.90元") {
            CellValue::Number { value, unit, .. } => {
                assert_eq!(value, Decimal::parse("73802895.9").unwrap());
                assert_eq!(unit.as_deref(), Some("元"));
            }
            other => panic!("{other:?}"),
        }
    }

    #[test]
    fn empty_placeholder_and_text_are_distinct() {
        assert_eq!(classify("\t "), CellValue::Empty);
        assert_eq!(classify(""), CellValue::Empty);
        for p in ["/", "—", "-", "无", "不适用", "／"] {
            assert_eq!(classify(p), CellValue::Placeholder, "{p}");
        }
        assert_eq!(classify("1,2"), CellValue::Text);
        assert_eq!(classify("见附件"), CellValue::Text);
        assert_eq!(classify("元"), CellValue::Text);
    }

    #[test]
    fn normalisation_is_recorded() {
        assert!(matches!(
            classify("\u{a0}0"),
            CellValue::Number {
                normalised: true,
                ..
            }
        ));
        assert!(matches!(
            classify("0"),
            CellValue::Number {
                normalised: false,
                ..
            }
        ));
    }
}
