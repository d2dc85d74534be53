//! Text normalisation: matching keys for labels (P9) and cell-value classification (P10).
//!
//! Keys are for *comparison only*; the raw text is always kept for display. NFKC folds
//! full-width forms and Kangxi radicals; all whitespace (ASCII, NBSP, U+3000, U+2002…) and
//! quotation marks are dropped so `“三安全一稳定”` and `"三安全一稳定"` compare equal.

use crate::decimal::Decimal;
use std::borrow::Cow;
use unicode_normalization::UnicodeNormalization;

/// Columns a character takes in a terminal: two for CJK and other wide characters (U+1100 and
/// up), one otherwise. Used to lay out text views and to fit source rows to a terminal.
pub fn display_width(c: char) -> usize {
    if c as u32 >= 0x1100 { 2 } else { 1 }
}

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
    let kept = kept_prefix_len(s);
    if kept == s.len() {
        return Cow::Borrowed(s);
    }
    quick_label_key(s, kept).map_or_else(|| slow_label_key(s).into(), Cow::Owned)
}

/// Length of the longest prefix of `s` made of [`KeyChar::Keep`] characters. ASCII and the
/// common ideographs (U+5000–U+9FFF, lead bytes `E5`–`E9`) are decided from their first byte;
/// only other characters are decoded.
fn kept_prefix_len(s: &str) -> usize {
    let bytes = s.as_bytes();
    let mut at = 0;
    while let Some(&lead) = bytes.get(at) {
        at += match lead {
            0x00..=0x7F if is_dropped_ascii(lead) => return at,
            0x00..=0x7F => 1,
            0xE5..=0xE9 => 3,
            _ => match s[at..].chars().next() {
                Some(c) if key_char(c) == KeyChar::Keep => c.len_utf8(),
                _ => return at,
            },
        };
    }
    at
}

/// What the key of a label makes of one of its characters, when that is known without the
/// normalisation tables.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum KeyChar {
    /// NFKC leaves it alone and it is neither space nor quote.
    Keep,
    /// A space or quote (after folding): not part of the key.
    Drop,
    /// NFKC folds it to this ASCII character.
    Fold(char),
    /// Only full NFKC knows.
    Unknown,
}

/// [`KeyChar`] of `c`. NFKC leaves [`nfkc_stable`] characters alone and folds a full-width
/// form (`（`, `，`, `：`, `１`: U+FF01–U+FF5E) to the ASCII character 0xFEE0 below it; both
/// results are ASCII apart from the stable CJK ones, so spaces and quotes are ASCII checks here.
fn key_char(c: char) -> KeyChar {
    let folded = if nfkc_stable(c) {
        if !c.is_ascii() {
            // Ideographs, `、` and `。`: the bulk of any label, and neither space nor quote.
            return KeyChar::Keep;
        }
        c
    } else if ('\u{FF01}'..='\u{FF5E}').contains(&c) {
        match char::from_u32(c as u32 - 0xFEE0) {
            Some(folded) => folded,
            None => return KeyChar::Unknown,
        }
    } else {
        return KeyChar::Unknown;
    };
    if is_dropped_ascii(folded as u8) {
        KeyChar::Drop
    } else if folded == c {
        KeyChar::Keep
    } else {
        KeyChar::Fold(folded)
    }
}

/// An ASCII space or quote: never part of a key.
fn is_dropped_ascii(b: u8) -> bool {
    is_ascii_space(b) || matches!(b, b'"' | b'\'')
}

/// The key of `s`, whose first `clean` bytes are their own key, built from [`key_char`];
/// `None` when a character needs full NFKC after all.
fn quick_label_key(s: &str, clean: usize) -> Option<String> {
    // Folding and dropping only shorten: the key never outgrows `s`.
    let mut key = String::with_capacity(s.len());
    key.push_str(&s[..clean]);
    for c in s[clean..].chars() {
        match key_char(c) {
            KeyChar::Keep => key.push(c),
            KeyChar::Fold(folded) => key.push(folded),
            KeyChar::Drop => {}
            KeyChar::Unknown => return None,
        }
    }
    Some(key)
}

/// [`label_key`] through full NFKC.
fn slow_label_key(s: &str) -> String {
    s.nfkc()
        .filter(|c| !is_space(*c) && !is_quote(*c))
        .collect()
}

/// `s` without the ASCII spaces that stand between two ideographs: the gaps a mirror site's
/// blanked pinyin leaves inside words (`政府信     息公开`, see [`crate::fold`]) or a PDF text
/// layer puts between words of a heading. For lines matched as a whole (titles, headings),
/// where such a space never means anything; borrowed when there is none.
pub fn join_ideographs(s: &str) -> Cow<'_, str> {
    match join_ideographs_mapped(s) {
        Some((joined, _)) => Cow::Owned(joined),
        None => Cow::Borrowed(s),
    }
}

/// [`join_ideographs`] with where the spaces went: each gap as (its offset in the joined text,
/// the bytes dropped there), in order; `None` when nothing was dropped.
pub fn join_ideographs_mapped(s: &str) -> Option<(String, Vec<(usize, usize)>)> {
    if !s.contains(' ') {
        return None;
    }
    let mut out = String::with_capacity(s.len());
    let mut gaps = Vec::new();
    // Spaces since the last other character: dropped or kept once the next one shows.
    let mut pending = 0usize;
    let mut last: Option<char> = None;
    for c in s.chars() {
        if c == ' ' {
            pending += 1;
            continue;
        }
        if pending > 0 {
            if last.is_some_and(is_ideograph) && is_ideograph(c) {
                gaps.push((out.len(), pending));
            } else {
                out.extend(std::iter::repeat_n(' ', pending));
            }
            pending = 0;
        }
        out.push(c);
        last = Some(c);
    }
    out.extend(std::iter::repeat_n(' ', pending));
    (!gaps.is_empty()).then_some((out, gaps))
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
#[inline]
pub fn trim(s: &str) -> &str {
    trim_end(trim_start(s))
}

/// ASCII whitespace as [`is_space`] sees it (`char::is_whitespace`: TAB, LF, VT, FF, CR, space).
fn is_ascii_space(b: u8) -> bool {
    matches!(b, b'\t'..=b'\r' | b' ')
}

/// Whether the character led by UTF-8 byte `lead` may be an [`is_space`] character. Only
/// U+0080–U+00BF (`C2`: NEL, NBSP), U+1000–U+3FFF (`E1`–`E3`: U+1680, U+2000–U+2060, U+3000)
/// and U+F000–U+FFFF (`EF`: BOM) hold any; CJK text (`E4`–`E9`) is decided from its first byte.
fn may_be_space_lead(lead: u8) -> bool {
    if lead.is_ascii() {
        return is_ascii_space(lead);
    }
    matches!(lead, 0xC2 | 0xE1..=0xE3 | 0xEF)
}

/// [`trim`] at the start only. Reads bytes while they decide (ASCII, CJK lead bytes) and
/// leaves the rare non-ASCII space (NBSP, U+3000, BOM…) to the character-based trim.
#[inline]
pub fn trim_start(s: &str) -> &str {
    match s.bytes().position(|b| !is_ascii_space(b)) {
        None => "",
        Some(i) if !may_be_space_lead(s.as_bytes()[i]) => &s[i..],
        Some(i) => s[i..].trim_start_matches(is_space),
    }
}

/// [`trim`] at the end only, deciding from bytes as [`trim_start`] does.
#[inline]
pub fn trim_end(s: &str) -> &str {
    let Some(last) = s.bytes().rposition(|b| !is_ascii_space(b)) else {
        return "";
    };
    let kept = &s[..=last];
    // `last` ends a character (only ASCII follows it); step back to that character's lead byte.
    let lead = kept.bytes().rev().find(|b| !is_continuation_byte(*b));
    if lead.is_some_and(|b| !may_be_space_lead(b)) {
        kept
    } else {
        kept.trim_end_matches(is_space)
    }
}

/// Whether `s` holds an [`is_space`] character, deciding most characters from their first
/// byte as [`trim_start`] does (CJK text holds none of the rare non-ASCII spaces).
pub fn contains_space(s: &str) -> bool {
    s.bytes().enumerate().any(|(at, b)| {
        may_be_space_lead(b) && (b.is_ascii() || s[at..].chars().next().is_some_and(is_space))
    })
}

fn is_continuation_byte(b: u8) -> bool {
    b & 0xC0 == 0x80
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

/// Whether some entry of [`PLACEHOLDERS`] starts with `c`: one `match` instead of a scan of
/// the list for every label cell.
fn may_start_placeholder(c: char) -> bool {
    matches!(
        c,
        '/' | '／' | '\\' | '-' | '－' | '—' | '–' | '−' | '无' | '不' | '空' | 'N' | 'n' | '×'
    )
}

const UNITS: &[&str] = &["万元", "元", "件", "个", "条", "项", "次"];

/// Classifies raw cell text.
pub fn classify(raw: &str) -> CellValue {
    classify_trimmed(raw, trim(raw))
}

/// [`classify`] for a caller that has trimmed `raw` already: `trimmed` is `trim(raw)`.
pub fn classify_trimmed(raw: &str, trimmed: &str) -> CellValue {
    debug_assert_eq!(trimmed, trim(raw));
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
    if is_plain_text(trimmed) {
        return CellValue::Text;
    }
    classify_cleaned(raw, trimmed)
}

/// Labels make up most cells that are not plain integers. Whether `trimmed` can be neither a
/// number nor a placeholder, told without copying it: text that starts with a character no
/// number or placeholder starts with (`规章`); or that starts like a number but holds a
/// character no number (numeric characters, then a unit) and no placeholder starting that way
/// (`-`, `--`, `－`, `−`: numeric characters only) holds (`1. 属于国家秘密`).
fn is_plain_text(trimmed: &str) -> bool {
    let Some(first) = trimmed.chars().next() else {
        return false;
    };
    if !is_numeric_char(first) {
        return !may_start_placeholder(first);
    }
    trimmed
        .chars()
        .any(|c| !is_numeric_char(c) && !is_space(c) && !is_unit_char(c))
}

/// Whether `c` occurs in some entry of [`UNITS`].
fn is_unit_char(c: char) -> bool {
    matches!(c, '万' | '元' | '件' | '个' | '条' | '项' | '次')
}

/// [`classify_trimmed`] the long way: spaces dropped, then placeholder, unit and number.
fn classify_cleaned(raw: &str, trimmed: &str) -> CellValue {
    let compact: Cow<'_, str> = if contains_space(trimmed) {
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
    // [`trim`] removes TABs and spaces too, so `trimmed` lies within `raw` trimmed of them
    // alone: the two are equal exactly when their lengths are.
    raw.len() != trimmed.len() && raw.trim_matches(['\t', ' ']).len() != trimmed.len()
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

    #[test]
    fn spaces_between_ideographs_are_dropped_with_their_places_kept() {
        let (joined, gaps) = join_ideographs_mapped("政府信     息公开 2023 年，共 5件").unwrap();
        assert_eq!(joined, "政府信息公开 2023 年，共 5件");
        assert_eq!(gaps, vec![("政府信".len(), 5)]);
        // Spaces beside digits, punctuation or Latin letters stay.
        assert!(join_ideographs_mapped("2023 年 ， A 表").is_none());
        assert_eq!(join_ideographs("结果 维持"), "结果维持");
        assert!(matches!(join_ideographs("规章"), Cow::Borrowed(_)));
    }

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

    /// Inputs where the byte-level fast paths meet what they hand over to the general path.
    const TRICKY: &[&str] = &[
        "",
        " ",
        "\t",
        "\t\t0\t",
        "\r\n",
        "\u{b}\u{c}x\u{1c}",
        "\u{a0}0",
        "3022\u{3000}",
        "\u{3000}一、总体情况\u{3000}",
        "\u{feff}规章",
        "规章\u{feff}",
        "\u{200b}\u{2060}x\u{200b}",
        "\u{85}a\u{85}",
        "\u{2002}\u{202f}\u{205f}结果 \u{1680}",
        " \u{a0} \u{3000} ",
        "１２",
        "\u{3000}１２\u{3000}",
        "é",
        " é ",
        "㐀",
        "＂三安全一稳定＂",
        "（一）予以公开",
        "a\tb c",
        "'引号'",
        "ⅰ",
        "ｶﾞ",
    ];

    #[test]
    fn byte_level_trim_agrees_with_char_trim() {
        for s in TRICKY {
            for padded in [
                s.to_string(),
                format!(" {s}\t"),
                format!("\u{3000}{s}\u{a0}"),
            ] {
                let p = padded.as_str();
                assert_eq!(trim(p), p.trim_matches(is_space), "{p:?}");
                assert_eq!(trim_start(p), p.trim_start_matches(is_space), "{p:?}");
                assert_eq!(trim_end(p), p.trim_end_matches(is_space), "{p:?}");
                assert_eq!(contains_space(p), p.contains(is_space), "{p:?}");
            }
        }
        // Every character alone, and between ideographs (its lead byte after CJK bytes).
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            for text in [c.to_string(), format!("规章{c}件")] {
                assert_eq!(contains_space(&text), text.contains(is_space), "{c:?}");
            }
        }
    }

    #[test]
    fn every_space_has_a_lead_byte_that_may_be_space() {
        let mut buf = [0; 4];
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let lead = c.encode_utf8(&mut buf).as_bytes()[0];
            if is_space(c) {
                assert!(may_be_space_lead(lead), "{c:?}");
            }
        }
        for b in 0..0x80u8 {
            assert_eq!(is_ascii_space(b), is_space(char::from(b)), "{b:#x}");
            assert_eq!(may_be_space_lead(b), is_space(char::from(b)), "{b:#x}");
        }
    }

    #[test]
    fn placeholder_first_characters_match_the_list() {
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            assert_eq!(
                may_start_placeholder(c),
                PLACEHOLDERS.iter().any(|p| p.starts_with(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn every_quickly_keyed_character_keys_like_nfkc() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            if key_char(c) == KeyChar::Unknown {
                continue;
            }
            for s in [format!("{c}"), format!("一{c}"), format!("{c}a{c}")] {
                assert_eq!(label_key(&s), slow_label_key(&s), "{s:?}");
            }
        }
        for c in (0..=u32::from(char::MAX)).filter_map(char::from_u32) {
            let s = format!("一{c}a");
            let kept_chars = s
                .char_indices()
                .find(|(_, c)| key_char(*c) != KeyChar::Keep)
                .map_or(s.len(), |(at, _)| at);
            assert_eq!(kept_prefix_len(&s), kept_chars, "{s:?}");
        }
        for s in TRICKY {
            assert_eq!(label_key(s), slow_label_key(s), "{s:?}");
        }
    }

    #[test]
    fn unit_characters_are_those_of_the_units() {
        for c in (0..=0xFFFF).filter_map(char::from_u32) {
            assert_eq!(
                is_unit_char(c),
                UNITS.iter().any(|u| u.contains(c)),
                "{c:?}"
            );
        }
    }

    #[test]
    fn plain_text_shortcut_agrees_with_the_long_way() {
        let cells = [
            "1. 属于国家秘密",
            "2023 年",
            "12 件",
            "１２万元",
            "1元2",
            "3次",
            "5 万 元",
            "1,234",
            "1，234．5",
            "- -",
            "—/—",
            "− 5",
            "-5x",
            "+",
            "1/2",
            "0.5元",
            "1—",
            "N/A",
            "n/a 1",
            "无",
            "无法",
            "（一）",
            "空白",
            "不适用",
            "不",
            "×2",
        ];
        for s in cells.iter().chain(TRICKY).chain(PLACEHOLDERS) {
            let trimmed = trim(s);
            if trimmed.is_empty() {
                continue;
            }
            assert_eq!(
                classify_trimmed(s, trimmed),
                classify_cleaned(s, trimmed),
                "{s:?}"
            );
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
