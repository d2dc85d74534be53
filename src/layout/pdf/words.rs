//! The words of a PDF's text layer with their boxes, read from `pdftotext -bbox`'s XHTML
//! (`<page width=… height=…>` holding `<word xMin=… yMin=… xMax=… yMax=…>text</word>`).
//!
//! Coordinates are kept as whole hundredths of a point, so that the layout that follows
//! compares integers and gives the same text on every machine.

/// One word of the text layer: its text and its box (hundredths of a point, y growing down).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Word {
    pub text: String,
    pub x0: i64,
    pub y0: i64,
    pub x1: i64,
    pub y1: i64,
}

impl Word {
    pub fn height(&self) -> i64 {
        (self.y1 - self.y0).max(1)
    }

    /// Twice the vertical centre, so that it stays a whole number.
    pub fn centre2(&self) -> i64 {
        self.y0 + self.y1
    }
}

/// The words of each page, in `pdftotext`'s order.
pub fn pages(xhtml: &str) -> Vec<Vec<Word>> {
    let mut pages: Vec<Vec<Word>> = Vec::new();
    // The document head holds metadata in whatever encoding the PDF used: skip it.
    let body = xhtml.find("<doc>").map_or(xhtml, |at| &xhtml[at..]);
    let mut rest = body;
    while let Some(open) = rest.find('<') {
        rest = &rest[open..];
        if rest.starts_with("<page") {
            pages.push(Vec::new());
            rest = &rest[5..];
        } else if rest.starts_with("<word") {
            let Some(tag_end) = rest.find('>') else { break };
            let tag = &rest[..tag_end];
            let Some(close) = rest[tag_end..].find("</word>") else {
                break;
            };
            // A control character inside a word (a line or page break in a hostile file)
            // must not break the text view's lines and pages.
            let text: String = unescape(&rest[tag_end + 1..tag_end + close])
                .chars()
                .map(|c| if c.is_control() { ' ' } else { c })
                .collect();
            rest = &rest[tag_end + close + "</word>".len()..];
            let (Some(x0), Some(y0), Some(x1), Some(y1)) = (
                attribute(tag, "xMin"),
                attribute(tag, "yMin"),
                attribute(tag, "xMax"),
                attribute(tag, "yMax"),
            ) else {
                continue;
            };
            if text.trim().is_empty() {
                continue;
            }
            if pages.is_empty() {
                pages.push(Vec::new());
            }
            if let Some(page) = pages.last_mut() {
                page.push(Word {
                    text,
                    x0,
                    y0,
                    x1: x1.max(x0),
                    y1: y1.max(y0),
                });
            }
        } else {
            rest = &rest[1..];
        }
    }
    pages
}

/// The value of `name="…"` in `tag`, in hundredths of a point.
fn attribute(tag: &str, name: &str) -> Option<i64> {
    let at = tag.find(&format!(" {name}=\""))? + name.len() + 3;
    let value = &tag[at..at + tag[at..].find('"')?];
    hundredths(value)
}

/// `"219.359000"` → 21936: a decimal number rounded to hundredths, without floating point.
fn hundredths(value: &str) -> Option<i64> {
    let (negative, value) = match value.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, value),
    };
    let (whole, fraction) = value.split_once('.').unwrap_or((value, ""));
    if whole.is_empty() && fraction.is_empty()
        || !whole.bytes().all(|b| b.is_ascii_digit())
        || !fraction.bytes().all(|b| b.is_ascii_digit())
        || whole.len() > 9
    {
        return None;
    }
    let whole: i64 = if whole.is_empty() {
        0
    } else {
        whole.parse().ok()?
    };
    let digit = |i: usize| i64::from(fraction.as_bytes().get(i).map_or(0, |b| b - b'0'));
    let mut value = whole * 100 + digit(0) * 10 + digit(1);
    if digit(2) >= 5 {
        value += 1;
    }
    Some(if negative { -value } else { value })
}

/// The text of an XHTML element: the five entities `pdftotext` writes, and numeric ones.
fn unescape(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(at) = rest.find('&') {
        out.push_str(&rest[..at]);
        rest = &rest[at..];
        let Some(end) = rest.find(';').filter(|&end| end <= 10) else {
            out.push('&');
            rest = &rest[1..];
            continue;
        };
        let entity = &rest[1..end];
        let decoded = match entity {
            "amp" => Some('&'),
            "lt" => Some('<'),
            "gt" => Some('>'),
            "quot" => Some('"'),
            "apos" => Some('\''),
            _ => entity
                .strip_prefix("#x")
                .and_then(|hex| u32::from_str_radix(hex, 16).ok())
                .or_else(|| entity.strip_prefix('#').and_then(|d| d.parse().ok()))
                .and_then(char::from_u32),
        };
        match decoded {
            Some(c) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_come_with_their_boxes_page_by_page() {
        let xhtml = r#"<head><title>ÿþ<junk</title></head><body><doc>
  <page width="595.000000" height="842.000000">
    <word xMin="219.359000" yMin="87.153950" xMax="373.307500" yMax="109.169800">洪泽区人民政府</word>
    <word xMin="1" yMin="2" xMax="3" yMax="4">A&amp;B&#x4E00;&lt;</word>
  </page>
  <page width="595.000000" height="842.000000">
    <word xMin="0.005" yMin="0" xMax="1.5" yMax="2">2023</word>
  </page></doc></body>"#;
        let pages = pages(xhtml);
        assert_eq!(pages.len(), 2);
        assert_eq!(
            pages[0][0],
            Word {
                text: "洪泽区人民政府".into(),
                x0: 21936,
                y0: 8715,
                x1: 37331,
                y1: 10917
            }
        );
        assert_eq!(pages[0][1].text, "A&B一<");
        assert_eq!((pages[1][0].x0, pages[1][0].x1), (1, 150));
    }

    #[test]
    fn malformed_markup_gives_what_it_can_and_never_panics() {
        for xhtml in [
            "<doc><page><word xMin=\"1\" yMin=\"x\" xMax=\"2\" yMax=\"3\">a</word>",
            "<doc><page><word xMin=\"1\"",
            "<doc><word xMin=\"1\" yMin=\"1\" xMax=\"2\" yMax=\"3\">a",
            "<doc><page><word xMin=\"-1.999\" yMin=\"1\" xMax=\"2\" yMax=\"3\">&#xFFFFFFFF;&</word>",
            "<<<<",
        ] {
            let _ = pages(xhtml);
        }
        let pages = pages(
            "<doc><page><word xMin=\"-1.999\" yMin=\"1\" xMax=\"2\" yMax=\"3\">&#xFFFFFFFF;&amp</word>",
        );
        assert_eq!(pages[0][0].text, "&#xFFFFFFFF;&amp");
        assert_eq!(pages[0][0].x0, -200);
    }
}
