//! Numbers stated in the narrative: sentence-bounded pattern matches whose `{n}` capture is
//! read as a number, whether written `1,234`, `１２`, `一千二百` or `6574余` (approximate).

use super::value::{Evidence, Na, Num};
use crate::decimal::Decimal;
use crate::normalise::parse_number;
use crate::report::Sentence;
use crate::rules::compiled::Pattern;
use regex_automata::util::captures::Captures;
use std::borrow::Cow;
use std::sync::Arc;

/// Reads Chinese numerals (`一千二百`, `十二`, `两万三千`, `二〇二三`) as a number.
pub fn chinese_numeral(s: &str) -> Option<u64> {
    let digit = |c: char| {
        "零〇一二三四五六七八九"
            .chars()
            .position(|d| d == c)
            .map(|p| match p {
                0 | 1 => 0,
                p => p as u64 - 1,
            })
    };
    let digit = |c: char| if c == '两' { Some(2) } else { digit(c) };
    let unit = |c: char| match c {
        '十' => Some(10u64),
        '百' => Some(100),
        '千' => Some(1000),
        '万' => Some(10_000),
        '亿' => Some(100_000_000),
        _ => None,
    };
    if s.is_empty() {
        return None;
    }
    if !s.chars().any(|c| unit(c).is_some()) {
        // Digit by digit: 二〇二三.
        return s
            .chars()
            .try_fold(0u64, |acc, c| acc.checked_mul(10)?.checked_add(digit(c)?));
    }
    let (mut total, mut section, mut num) = (0u64, 0u64, 0u64);
    for c in s.chars() {
        if let Some(d) = digit(c) {
            num = d;
        } else {
            let u = unit(c)?;
            if u >= 10_000 {
                section = section.checked_add(num)?;
                total = total.checked_add(section.checked_mul(u)?)?;
                section = 0;
            } else {
                section = section.checked_add(if num == 0 { 1 } else { num }.checked_mul(u)?)?;
            }
            num = 0;
        }
    }
    total.checked_add(section)?.checked_add(num)
}

fn read_number(text: &str) -> Option<Decimal> {
    if let Some((d, _)) = parse_number(text) {
        return Some(d);
    }
    chinese_numeral(text)
        .and_then(|n| i64::try_from(n).ok())
        .map(Decimal::from_int)
}

/// Every claim the pattern finds in `sentences`, in order; with `trace`, with its evidence and
/// text (untraced, only the values are read). With `every_match`, a match whose `{n}` did not
/// take part (an optional group) yields an absent claim instead of none, so that the claims of
/// the slots of one pattern line up.
pub fn claims(
    sentences: &[&Sentence],
    pattern: &Pattern,
    section: &str,
    trace: bool,
    every_match: bool,
) -> Vec<Num> {
    claims_of_slots(
        sentences,
        pattern,
        &[pattern.slot],
        section,
        trace,
        every_match,
    )
    .pop()
    .unwrap_or_default()
}

/// [`claims`] for each of `slots` of the pattern's regex at once (see [`Pattern::slot`]), in
/// that order: the sentences are scanned once for all of them.
pub fn claims_of_slots(
    sentences: &[&Sentence],
    pattern: &Pattern,
    slots: &[usize],
    section: &str,
    trace: bool,
    every_match: bool,
) -> Vec<Vec<Num>> {
    let indices: Vec<[Option<usize>; 3]> = slots.iter().map(|&k| pattern.indices(k)).collect();
    let mut out: Vec<Vec<Num>> = vec![Vec::new(); slots.len()];
    // Most sentences hold no claim: a plain match test (after the pattern's required literal)
    // is much cheaper than setting up capture groups for each.
    for s in sentences.iter().filter(|s| pattern.is_match(&s.text)) {
        // The sentence of a traced claim, made once and shared by all its claims.
        let mut shared: Option<Arc<str>> = None;
        let group = |caps: &Captures, index: Option<usize>| {
            index
                .and_then(|i| caps.get_group(i))
                .map(|span| (span.start, &s.text[span.range()]))
        };
        pattern.regex.captures_each(&s.text, &mut |caps| {
            for (found, &[n_index, about_index, approx_index]) in out.iter_mut().zip(&indices) {
                let Some((n_start, n)) = group(caps, n_index) else {
                    if every_match {
                        found.push(Num::plain(Err(Na::Absent)));
                    }
                    continue;
                };
                let about = group(caps, about_index).map_or("", |(_, t)| t);
                let approx = group(caps, approx_index).map(|(_, t)| t);
                let approximate = approx.is_some() || !about.is_empty();
                let value = match read_number(n) {
                    Some(_) if approximate => Err(Na::Approximate),
                    Some(d) => Ok(d),
                    None => Err(Na::Text),
                };
                if !trace {
                    found.push(Num::plain(value));
                    continue;
                }
                let start = s.source_offset(n_start);
                let span = crate::source::Span::new(start, start + n.len());
                let evidence = Evidence {
                    span,
                    path: Cow::Owned(section.to_string()),
                    name: Cow::Owned(crate::template::names::narrative_tag(
                        section,
                        crate::template::names::Part::Text,
                    )),
                    shown: format!("{about}{n}{}", approx.unwrap_or("")),
                    sentence: Some(shared.get_or_insert_with(|| s.text.as_str().into()).clone()),
                };
                found.push(Num::new(value, vec![evidence], n.to_string()));
            }
        });
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::compiled::Literal;
    use crate::rules::matcher::Regex;
    use crate::rules::resolve::NUMBER_SLOT;
    use crate::source::Span;

    #[test]
    fn chinese_numerals() {
        for (s, n) in [
            ("一千二百", 1200),
            ("十二", 12),
            ("两万三千", 23000),
            ("一百零五", 105),
            ("二〇二三", 2023),
            ("十", 10),
            ("三亿零五万", 300_050_000),
        ] {
            assert_eq!(chinese_numeral(s), Some(n), "{s}");
        }
        assert_eq!(chinese_numeral(""), None);
    }

    fn sentence(text: &str, at: usize) -> Sentence {
        Sentence::new(text.to_string(), Span::new(at, at + text.len()))
    }

    fn pattern(p: &str) -> Pattern {
        Pattern::new(Arc::new(
            Regex::new(&p.replace("{n}", NUMBER_SLOT)).unwrap(),
        ))
    }

    #[test]
    fn claims_with_spaces_separators_numerals_and_approximations() {
        let s1 = sentence("2023 年度，山阳区共收到 1 件依申请公开事项。", 100);
        let s2 = sentence("全年收到政府信息公开申请１，２３４件。", 200);
        let s3 = sentence("收到申请一千二百件；微信累计发送信息6574余条。", 300);
        let p = pattern("收到[^，。；]*?{n}件");
        let found = claims(&[&s1, &s2, &s3], &p, "s1", true, false);
        let values: Vec<String> = found
            .iter()
            .map(|c| c.value.as_ref().map_or("NA".into(), |d| d.to_string()))
            .collect();
        assert_eq!(values, vec!["1", "1234", "1200"]);
        let span = found[0].evidence()[0].span;
        let offset = s1.text.find('1').unwrap();
        assert_eq!((span.start, span.end), (100 + offset, 100 + offset + 1));
        let approx = claims(&[&s3], &pattern("发送信息{n}条"), "s1", true, false);
        assert_eq!(approx[0].value, Err(Na::Approximate));
        let s4 = sentence("全年收到政府信息公开申请约50件，近30件已办结。", 400);
        let about = claims(&[&s4], &pattern("申请{n}件"), "s1", true, false);
        assert_eq!(about[0].value, Err(Na::Approximate));
        assert_eq!(about[0].evidence()[0].shown, "约50");
        let lazy = claims(&[&s4], &pattern("，[^，。；]*?{n}件"), "s1", true, false);
        assert_eq!(lazy[0].value, Err(Na::Approximate));
    }

    #[test]
    fn every_match_contains_the_required_literals() {
        for (p, required) in [
            ("办结{n}件", &["办结", "件"][..]),
            ("上年度?结转[^，。；]*?{n}件", &["上年", "结转", "件"]),
            ("结转下一?年度?{n}件", &["结转下", "年", "件"]),
            ("公开率(为|达)?{n}%", &["公开率", "%"]),
            ("行政许可(决定)?{n}件", &["行政许可", "件"]),
            ("(收到|受理)[^，。；]*?{n}件", &["件"]),
            (
                "(收到|受理)政府信息公开申请{n}件",
                &["政府信息公开申请", "件"],
            ),
            ("{n}年度", &["年度"]),
            ("^{n}年", &["年"]),
            (
                "{n}年[0-9]+月[0-9]+日至[0-9]+年[0-9]+月",
                &["日至", "年", "月"],
            ),
            ("收到{n}件|办结", &[]),
            ("ab*c", &["a", "c"]),
            ("ab{2}", &["a"]),
            ("发布[^，]{0,6}?{n}件", &["发布", "件"]),
            (r"(^|[^\d.])\d{1,2}月{n}日", &["月", "日"]),
            (r"a\.bc", &["bc", "a"]),
            ("abc[|]d", &["abc", "d"]),
            ("(?i)abc", &[]),
            ("(?P<x>a)bc", &["bc", "a"]),
            ("(?:{n}件，其中[^，]{1,16}?[0-9]件)", &["件，其中", "件"]),
            ("(?:ab|cd)ef", &["ef"]),
            ("(?:ab)?c", &["c"]),
            ("(?:abc)+d", &["abc", "d"]),
            ("(?:a(?:bcd)e)*f", &["f"]),
            ("(?:a(?:bcd)e){0,2}f", &["f"]),
            ("(?:xy(?:bcd|e)z)", &["xy", "z"]),
            ("(?P<abc>d)", &["d"]),
            (r"a\x41bc", &["a"]),
            (r"\u3000年度", &["年度"]),
            (r"\pL行政", &["行政"]),
            (r"\x{41}行政", &["行政"]),
        ] {
            let p = pattern(p);
            let found: Vec<&str> = p.required.iter().map(Literal::as_str).collect();
            assert_eq!(found, required, "{}", p.regex);
        }
    }

    /// Looking for the required literal first only skips sentences where the pattern finds
    /// nothing.
    #[test]
    fn the_literal_filter_finds_the_same_claims() {
        let texts = [
            "上年结转3件，本年办结 12 件；结转下年度2件。",
            "公开率为95.5%，收到申请一千二百件。",
            "结转下一年度７件，办结件数不详。",
            "统计期限为2023年1月1日至2023年12月31日，2023年度收到申请3件。",
        ];
        let sentences: Vec<Sentence> = texts.iter().map(|t| sentence(t, 0)).collect();
        let refs: Vec<&Sentence> = sentences.iter().collect();
        let shown = |found: Vec<Num>| format!("{found:?}");
        for p in [
            "办结{n}件",
            "上年度?结转[^，。；]*?{n}件",
            "结转下一?年度?{n}件",
            "公开率(为|达)?{n}%",
            "(收到|受理)[^，。；]*?{n}件",
            "{n}件",
            "年{n}月[0-9]+日至",
        ] {
            let p = pattern(p);
            assert!(!p.required.is_empty());
            let filtered = claims(&refs, &p, "s1", true, false);
            assert!(!filtered.is_empty(), "{}", p.regex);
            let unfiltered = Pattern {
                regex: p.regex.clone(),
                required: Vec::new(),
                slot: 0,
                groups: p.groups.clone(),
            };
            assert_eq!(
                shown(filtered),
                shown(claims(&refs, &unfiltered, "s1", true, false))
            );
        }
    }

    /// With `every_match`, a match whose slot sits in a group the match skipped still counts,
    /// as an absent claim, so the slots of one pattern stay paired match by match.
    #[test]
    fn every_match_keeps_a_skipped_slot_as_absent() {
        let s = sentence(
            "收到申请10件，其中自然人8件。办结5件，其中予以公开3件、部分公开2件。",
            0,
        );
        let p = pattern("其中[^、。]*?\\d+件(?:、[^、。]*?{n}件)?");
        let kept = claims(&[&s], &p, "s1", false, true);
        let values: Vec<_> = kept.iter().map(|c| c.value.clone()).collect();
        assert_eq!(values, vec![Err(Na::Absent), Ok(Decimal::from_int(2))]);
        assert_eq!(claims(&[&s], &p, "s1", false, false).len(), 1);
    }

    #[test]
    fn claims_stay_inside_a_sentence() {
        let a = sentence("收到政府信息公开申请。", 0);
        let b = sentence("办理工单3100件。", 40);
        assert!(claims(&[&a, &b], &pattern("收到[^。]*?{n}件"), "s1", true, false).is_empty());
    }
}
