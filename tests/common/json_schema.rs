//! A small JSON Schema validator, used only by the tests, for the SARIF 2.1.0 schema: the
//! keywords of draft-04 to draft-07 that the schema uses (and a few neighbours), with errors
//! located by JSON pointer. It also lists the keywords of a schema it does not implement, so a
//! test can prove that nothing in the schema is silently skipped.

use regex::Regex;
use serde_json::{Map, Value};
use std::cell::RefCell;
use std::collections::HashMap;
use std::fmt;

/// One way an instance breaks the schema.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SchemaError {
    /// JSON pointer to the offending value in the instance (`""` is the whole document).
    pub instance: String,
    /// JSON pointer to the keyword in the schema that failed, as `#/...`.
    pub schema: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for SchemaError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let at = if self.instance.is_empty() {
            "(root)"
        } else {
            &self.instance
        };
        write!(f, "{at}: {} [{}]", self.message, self.schema)
    }
}

/// Keywords that only annotate; they never fail.
const ANNOTATIONS: [&str; 8] = [
    "$schema",
    "id",
    "$id",
    "title",
    "description",
    "default",
    "examples",
    "$comment",
];

/// Keywords this validator checks.
const CHECKED: [&str; 29] = [
    "$ref",
    "type",
    "enum",
    "const",
    "properties",
    "patternProperties",
    "additionalProperties",
    "required",
    "minProperties",
    "maxProperties",
    "dependencies",
    "items",
    "additionalItems",
    "minItems",
    "maxItems",
    "uniqueItems",
    "minimum",
    "maximum",
    "exclusiveMinimum",
    "exclusiveMaximum",
    "multipleOf",
    "minLength",
    "maxLength",
    "pattern",
    "format",
    "allOf",
    "anyOf",
    "oneOf",
    "not",
];

/// Formats this validator checks; other formats are accepted as the specification allows.
const FORMATS: [&str; 3] = ["uri", "uri-reference", "date-time"];

/// A validator for instances of one schema document.
pub struct Validator<'s> {
    root: &'s Value,
    regexes: RefCell<HashMap<String, Result<Regex, String>>>,
}

impl<'s> Validator<'s> {
    /// A validator for `root`, whose `$ref`s are resolved against itself.
    pub fn new(root: &'s Value) -> Self {
        Validator {
            root,
            regexes: RefCell::new(HashMap::new()),
        }
    }

    /// Every violation of the schema by `instance`; empty when it is valid.
    pub fn validate(&self, instance: &Value) -> Vec<SchemaError> {
        let mut errors = Vec::new();
        self.check(self.root, "#", instance, "", &mut errors);
        errors
    }

    /// Keywords and formats the schema uses that this validator does not implement, each with
    /// where it is used; empty when every keyword is understood.
    pub fn unsupported(&self) -> Vec<String> {
        let mut out = Vec::new();
        unsupported_in(self.root, "#", &mut out);
        out
    }

    fn resolve(&self, reference: &str) -> Option<&'s Value> {
        let pointer = reference.strip_prefix('#')?;
        if pointer.is_empty() {
            return Some(self.root);
        }
        self.root.pointer(pointer)
    }

    fn regex(&self, pattern: &str) -> Result<Regex, String> {
        self.regexes
            .borrow_mut()
            .entry(pattern.to_string())
            .or_insert_with(|| Regex::new(pattern).map_err(|e| e.to_string()))
            .clone()
    }

    fn check(
        &self,
        schema: &'s Value,
        spath: &str,
        value: &Value,
        ipath: &str,
        errors: &mut Vec<SchemaError>,
    ) {
        let schema = match schema {
            Value::Bool(true) => return,
            Value::Bool(false) => {
                fail(errors, ipath, spath, "no value is allowed here".into());
                return;
            }
            Value::Object(s) => s,
            _ => {
                fail(errors, ipath, spath, "the schema is not an object".into());
                return;
            }
        };
        let mut err = |keyword: &str, message: String| {
            fail(errors, ipath, &format!("{spath}/{keyword}"), message);
        };

        // In drafts 4 to 7 a `$ref` replaces every keyword beside it.
        if let Some(reference) = schema.get("$ref") {
            let reference = reference.as_str().unwrap_or_default();
            match self.resolve(reference) {
                Some(target) => self.check(target, reference, value, ipath, errors),
                None => err("$ref", format!("cannot resolve {reference:?}")),
            }
            return;
        }

        if let Some(types) = schema.get("type") {
            let allowed: Vec<&str> = match types {
                Value::String(t) => vec![t.as_str()],
                Value::Array(ts) => ts.iter().filter_map(Value::as_str).collect(),
                _ => Vec::new(),
            };
            if !allowed.iter().any(|t| has_type(value, t)) {
                err(
                    "type",
                    format!("{} is not of type {}", kind(value), allowed.join(" or ")),
                );
            }
        }
        if let Some(Value::Array(options)) = schema.get("enum")
            && !options.iter().any(|o| equal(o, value))
        {
            err(
                "enum",
                format!("{value} is not one of {}", Value::Array(options.clone())),
            );
        }
        if let Some(c) = schema.get("const")
            && !equal(c, value)
        {
            err("const", format!("{value} is not {c}"));
        }

        if let Value::Object(object) = value {
            self.check_object(schema, spath, object, ipath, errors);
        }
        if let Value::Array(items) = value {
            self.check_array(schema, spath, items, ipath, errors);
        }
        if let Value::Number(n) = value
            && let Some(x) = n.as_f64()
        {
            check_number(schema, spath, x, ipath, errors);
        }
        if let Value::String(s) = value {
            self.check_string(schema, spath, s, ipath, errors);
        }

        if let Some(Value::Array(all)) = schema.get("allOf") {
            for (i, sub) in all.iter().enumerate() {
                self.check(sub, &format!("{spath}/allOf/{i}"), value, ipath, errors);
            }
        }
        if let Some(Value::Array(any)) = schema.get("anyOf") {
            let passing = self.passing(any, &format!("{spath}/anyOf"), value, ipath);
            if passing.is_empty() {
                fail(
                    errors,
                    ipath,
                    &format!("{spath}/anyOf"),
                    format!("matches none of the {} alternatives", any.len()),
                );
            }
        }
        if let Some(Value::Array(one)) = schema.get("oneOf") {
            let passing = self.passing(one, &format!("{spath}/oneOf"), value, ipath);
            if passing.len() != 1 {
                fail(
                    errors,
                    ipath,
                    &format!("{spath}/oneOf"),
                    format!(
                        "matches {} of the {} alternatives ({passing:?}), not exactly one",
                        passing.len(),
                        one.len()
                    ),
                );
            }
        }
        if let Some(not) = schema.get("not") {
            let mut inner = Vec::new();
            self.check(not, &format!("{spath}/not"), value, ipath, &mut inner);
            if inner.is_empty() {
                fail(
                    errors,
                    ipath,
                    &format!("{spath}/not"),
                    "matches a schema it must not match".into(),
                );
            }
        }
    }

    /// The indices of the alternatives `value` satisfies.
    fn passing(
        &self,
        alternatives: &'s [Value],
        spath: &str,
        value: &Value,
        ipath: &str,
    ) -> Vec<usize> {
        (0..alternatives.len())
            .filter(|&i| {
                let mut inner = Vec::new();
                self.check(
                    &alternatives[i],
                    &format!("{spath}/{i}"),
                    value,
                    ipath,
                    &mut inner,
                );
                inner.is_empty()
            })
            .collect()
    }

    fn check_object(
        &self,
        schema: &'s Map<String, Value>,
        spath: &str,
        object: &Map<String, Value>,
        ipath: &str,
        errors: &mut Vec<SchemaError>,
    ) {
        if let Some(Value::Array(required)) = schema.get("required") {
            for name in required.iter().filter_map(Value::as_str) {
                if !object.contains_key(name) {
                    fail(
                        errors,
                        ipath,
                        &format!("{spath}/required"),
                        format!("the required property {name:?} is missing"),
                    );
                }
            }
        }
        size_bounds(schema, spath, "Properties", object.len(), ipath, errors);
        let properties = schema.get("properties").and_then(Value::as_object);
        let patterns = schema.get("patternProperties").and_then(Value::as_object);
        for (name, member) in object {
            let child = format!("{ipath}/{}", escape(name));
            let mut matched = false;
            if let Some(sub) = properties.and_then(|p| p.get(name)) {
                matched = true;
                let at = format!("{spath}/properties/{}", escape(name));
                self.check(sub, &at, member, &child, errors);
            }
            for (pattern, sub) in patterns.into_iter().flatten() {
                let at = format!("{spath}/patternProperties/{}", escape(pattern));
                match self.regex(pattern) {
                    Ok(re) if re.is_match(name) => {
                        matched = true;
                        self.check(sub, &at, member, &child, errors);
                    }
                    Ok(_) => {}
                    Err(e) => fail(errors, &child, &at, format!("bad pattern in schema: {e}")),
                }
            }
            if !matched && let Some(extra) = schema.get("additionalProperties") {
                let at = format!("{spath}/additionalProperties");
                if extra == &Value::Bool(false) {
                    fail(
                        errors,
                        &child,
                        &at,
                        format!("the property {name:?} is not allowed"),
                    );
                } else {
                    self.check(extra, &at, member, &child, errors);
                }
            }
        }
        if let Some(Value::Object(dependencies)) = schema.get("dependencies") {
            for (name, dependency) in dependencies {
                if !object.contains_key(name) {
                    continue;
                }
                let at = format!("{spath}/dependencies/{}", escape(name));
                match dependency {
                    Value::Array(needed) => {
                        for other in needed.iter().filter_map(Value::as_str) {
                            if !object.contains_key(other) {
                                fail(errors, ipath, &at, format!("{name:?} requires {other:?}"));
                            }
                        }
                    }
                    sub => self.check(sub, &at, &Value::Object(object.clone()), ipath, errors),
                }
            }
        }
    }

    fn check_array(
        &self,
        schema: &'s Map<String, Value>,
        spath: &str,
        items: &[Value],
        ipath: &str,
        errors: &mut Vec<SchemaError>,
    ) {
        size_bounds(schema, spath, "Items", items.len(), ipath, errors);
        if schema.get("uniqueItems") == Some(&Value::Bool(true)) {
            for (i, a) in items.iter().enumerate() {
                if let Some(j) = items[..i].iter().position(|b| equal(a, b)) {
                    fail(
                        errors,
                        &format!("{ipath}/{i}"),
                        &format!("{spath}/uniqueItems"),
                        format!("repeats item {j}"),
                    );
                }
            }
        }
        match schema.get("items") {
            Some(Value::Array(tuple)) => {
                for (i, item) in items.iter().enumerate() {
                    let child = format!("{ipath}/{i}");
                    match tuple.get(i) {
                        Some(sub) => {
                            self.check(sub, &format!("{spath}/items/{i}"), item, &child, errors)
                        }
                        None => {
                            if let Some(extra) = schema.get("additionalItems") {
                                self.check(
                                    extra,
                                    &format!("{spath}/additionalItems"),
                                    item,
                                    &child,
                                    errors,
                                );
                            }
                        }
                    }
                }
            }
            Some(sub) => {
                for (i, item) in items.iter().enumerate() {
                    self.check(
                        sub,
                        &format!("{spath}/items"),
                        item,
                        &format!("{ipath}/{i}"),
                        errors,
                    );
                }
            }
            None => {}
        }
    }

    fn check_string(
        &self,
        schema: &'s Map<String, Value>,
        spath: &str,
        s: &str,
        ipath: &str,
        errors: &mut Vec<SchemaError>,
    ) {
        // Lengths count code points.
        let length = s.chars().count() as u64;
        if let Some(min) = schema.get("minLength").and_then(Value::as_u64)
            && length < min
        {
            fail(
                errors,
                ipath,
                &format!("{spath}/minLength"),
                format!("is {length} characters long, fewer than {min}"),
            );
        }
        if let Some(max) = schema.get("maxLength").and_then(Value::as_u64)
            && length > max
        {
            fail(
                errors,
                ipath,
                &format!("{spath}/maxLength"),
                format!("is {length} characters long, more than {max}"),
            );
        }
        if let Some(pattern) = schema.get("pattern").and_then(Value::as_str) {
            // Patterns are unanchored searches, as in ECMA 262.
            match self.regex(pattern) {
                Ok(re) if re.is_match(s) => {}
                Ok(_) => fail(
                    errors,
                    ipath,
                    &format!("{spath}/pattern"),
                    format!("{s:?} does not match /{pattern}/"),
                ),
                Err(e) => fail(
                    errors,
                    ipath,
                    &format!("{spath}/pattern"),
                    format!("bad pattern in schema: {e}"),
                ),
            }
        }
        if let Some(format) = schema.get("format").and_then(Value::as_str) {
            let ok = match format {
                "uri" => is_uri(s),
                "uri-reference" => is_uri_reference(s),
                "date-time" => is_date_time(s),
                _ => true,
            };
            if !ok {
                fail(
                    errors,
                    ipath,
                    &format!("{spath}/format"),
                    format!("{s:?} is not a valid {format}"),
                );
            }
        }
    }
}

fn check_number(
    schema: &Map<String, Value>,
    spath: &str,
    x: f64,
    ipath: &str,
    errors: &mut Vec<SchemaError>,
) {
    let bound = |keyword: &str| schema.get(keyword).and_then(Value::as_f64);
    // Draft 4 makes `exclusiveMinimum`/`exclusiveMaximum` booleans that modify
    // `minimum`/`maximum`; draft 6 on makes them numbers of their own.
    let exclusive = |keyword: &str| schema.get(keyword) == Some(&Value::Bool(true));
    if let Some(min) = bound("minimum") {
        let strict = exclusive("exclusiveMinimum");
        if x < min || (strict && x == min) {
            let relation = if strict { "at most" } else { "less than" };
            fail(
                errors,
                ipath,
                &format!("{spath}/minimum"),
                format!("{x} is {relation} the minimum {min}"),
            );
        }
    }
    if let Some(max) = bound("maximum") {
        let strict = exclusive("exclusiveMaximum");
        if x > max || (strict && x == max) {
            let relation = if strict { "at least" } else { "more than" };
            fail(
                errors,
                ipath,
                &format!("{spath}/maximum"),
                format!("{x} is {relation} the maximum {max}"),
            );
        }
    }
    if let Some(min) = bound("exclusiveMinimum")
        && x <= min
    {
        fail(
            errors,
            ipath,
            &format!("{spath}/exclusiveMinimum"),
            format!("{x} is at most {min}"),
        );
    }
    if let Some(max) = bound("exclusiveMaximum")
        && x >= max
    {
        fail(
            errors,
            ipath,
            &format!("{spath}/exclusiveMaximum"),
            format!("{x} is at least {max}"),
        );
    }
    if let Some(step) = bound("multipleOf")
        && step > 0.0
        && (x / step).fract() != 0.0
    {
        fail(
            errors,
            ipath,
            &format!("{spath}/multipleOf"),
            format!("{x} is not a multiple of {step}"),
        );
    }
}

fn fail(errors: &mut Vec<SchemaError>, instance: &str, schema: &str, message: String) {
    errors.push(SchemaError {
        instance: instance.to_string(),
        schema: schema.to_string(),
        message,
    });
}

/// Escapes a name as one JSON pointer token.
fn escape(name: &str) -> String {
    name.replace('~', "~0").replace('/', "~1")
}

fn kind(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if is_integer(n) => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn is_integer(n: &serde_json::Number) -> bool {
    n.is_i64() || n.is_u64() || n.as_f64().is_some_and(|x| x.fract() == 0.0)
}

fn has_type(value: &Value, t: &str) -> bool {
    match (t, value) {
        ("null", Value::Null)
        | ("boolean", Value::Bool(_))
        | ("number", Value::Number(_))
        | ("string", Value::String(_))
        | ("array", Value::Array(_))
        | ("object", Value::Object(_)) => true,
        ("integer", Value::Number(n)) => is_integer(n),
        _ => false,
    }
}

/// JSON equality: numbers by value (`1` equals `1.0`), objects regardless of member order.
fn equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64()) {
            (Some(x), Some(y)) => x == y,
            _ => match (x.as_u64(), y.as_u64()) {
                (Some(x), Some(y)) => x == y,
                _ => x.as_f64() == y.as_f64(),
            },
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(a, b)| equal(a, b))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| equal(v, w)))
        }
        _ => a == b,
    }
}

/// Walks a schema as a validator would, noting every keyword and format it does not know.
fn unsupported_in(schema: &Value, spath: &str, out: &mut Vec<String>) {
    let Value::Object(s) = schema else {
        return;
    };
    for (keyword, sub) in s {
        let at = format!("{spath}/{}", escape(keyword));
        let known = ANNOTATIONS.contains(&keyword.as_str()) || CHECKED.contains(&keyword.as_str());
        if !known && keyword != "definitions" {
            out.push(format!("keyword {keyword:?} at {at}"));
        }
        match keyword.as_str() {
            "definitions" | "properties" | "patternProperties" | "dependencies" => {
                for (name, member) in sub.as_object().into_iter().flatten() {
                    unsupported_in(member, &format!("{at}/{}", escape(name)), out);
                }
            }
            "items" | "allOf" | "anyOf" | "oneOf" => match sub {
                Value::Array(list) => {
                    for (i, member) in list.iter().enumerate() {
                        unsupported_in(member, &format!("{at}/{i}"), out);
                    }
                }
                member => unsupported_in(member, &at, out),
            },
            "additionalProperties" | "additionalItems" | "not" => unsupported_in(sub, &at, out),
            "format" => {
                if let Some(f) = sub.as_str()
                    && !FORMATS.contains(&f)
                {
                    out.push(format!("format {f:?} at {at}"));
                }
            }
            _ => {}
        }
    }
}

/// RFC 3986 `URI`: a scheme, then the rest of a URI reference.
pub fn is_uri(s: &str) -> bool {
    scheme_length(s).is_some() && is_uri_reference(s)
}

/// RFC 3986 `URI-reference`: an absolute URI or a relative reference, ASCII only, with
/// `%` only in well-formed escapes and brackets only around an IP literal host.
pub fn is_uri_reference(s: &str) -> bool {
    let (rest, fragment) = s.split_once('#').unwrap_or((s, ""));
    let (rest, query) = rest.split_once('?').unwrap_or((rest, ""));
    if !fragment
        .chars()
        .chain(query.chars())
        .all(|c| c == '/' || c == '?' || pchar_char(c))
        || !escapes_ok(fragment)
        || !escapes_ok(query)
    {
        return false;
    }
    let hier = match scheme_length(rest) {
        Some(n) => &rest[n + 1..],
        None => {
            // A relative path may not have a colon in its first segment (it would read as a
            // scheme).
            if !rest.starts_with('/') && rest.split('/').next().is_some_and(|seg| seg.contains(':'))
            {
                return false;
            }
            rest
        }
    };
    let path = match hier.strip_prefix("//") {
        Some(after) => {
            let end = after.find('/').unwrap_or(after.len());
            if !authority_ok(&after[..end]) {
                return false;
            }
            &after[end..]
        }
        None => hier,
    };
    path.chars().all(|c| c == '/' || pchar_char(c)) && escapes_ok(path)
}

fn scheme_length(s: &str) -> Option<usize> {
    let colon = s.find(':')?;
    let scheme = &s[..colon];
    let mut chars = scheme.chars();
    let first = chars.next()?;
    (first.is_ascii_alphabetic()
        && chars.all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')))
    .then_some(colon)
}

/// A character allowed (unescaped) in a path segment, or `%` starting an escape.
fn pchar_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "-._~!$&'()*+,;=:@%".contains(c)
}

fn escapes_ok(s: &str) -> bool {
    let bytes = s.as_bytes();
    bytes.iter().enumerate().all(|(i, &b)| {
        b != b'%'
            || (bytes.get(i + 1).is_some_and(u8::is_ascii_hexdigit)
                && bytes.get(i + 2).is_some_and(u8::is_ascii_hexdigit))
    })
}

fn authority_ok(authority: &str) -> bool {
    let (userinfo, hostport) = authority.rsplit_once('@').unwrap_or(("", authority));
    if userinfo.contains('@') || !userinfo.chars().all(pchar_char) || !escapes_ok(userinfo) {
        return false;
    }
    let (host, port) = if let Some(literal) = hostport.strip_prefix('[') {
        let Some((inside, after)) = literal.split_once(']') else {
            return false;
        };
        if inside.is_empty()
            || !inside
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || ".:-_~!$&'()*+,;=".contains(c))
        {
            return false;
        }
        match after {
            "" => ("", ""),
            _ => match after.strip_prefix(':') {
                Some(port) => ("", port),
                None => return false,
            },
        }
    } else {
        hostport.rsplit_once(':').unwrap_or((hostport, ""))
    };
    host.chars().all(|c| c != ':' && c != '@' && pchar_char(c))
        && escapes_ok(host)
        && port.chars().all(|c| c.is_ascii_digit())
}

/// RFC 3339 `date-time`, with real ranges for every field (leap years and leap seconds too).
pub fn is_date_time(s: &str) -> bool {
    let re = Regex::new(
        r"^(\d{4})-(\d{2})-(\d{2})[Tt](\d{2}):(\d{2}):(\d{2})(?:\.\d+)?(?:[Zz]|[+-](\d{2}):(\d{2}))$",
    )
    .expect("valid pattern");
    let Some(c) = re.captures(s) else {
        return false;
    };
    let n = |i: usize| {
        c.get(i)
            .map_or(0, |m| m.as_str().parse::<u32>().unwrap_or(99))
    };
    let (year, month, day) = (n(1), n(2), n(3));
    let leap = year % 4 == 0 && (year % 100 != 0 || year % 400 == 0);
    let days = match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return false,
    };
    (1..=days).contains(&day) && n(4) <= 23 && n(5) <= 59 && n(6) <= 60 && n(7) <= 23 && n(8) <= 59
}

/// `min{kind}` / `max{kind}` (`minItems`, `maxProperties`…) against the instance's size.
fn size_bounds(
    schema: &Map<String, Value>,
    spath: &str,
    kind: &str,
    len: usize,
    ipath: &str,
    errors: &mut Vec<SchemaError>,
) {
    let noun = kind.to_lowercase();
    for min in [true, false] {
        let keyword = format!("{}{kind}", if min { "min" } else { "max" });
        let Some(limit) = schema.get(&keyword).and_then(Value::as_u64) else {
            continue;
        };
        let (violated, word) = if min {
            ((len as u64) < limit, "fewer")
        } else {
            ((len as u64) > limit, "more")
        };
        if violated {
            fail(
                errors,
                ipath,
                &format!("{spath}/{keyword}"),
                format!("has {len} {noun}, {word} than {limit}"),
            );
        }
    }
}
