//! A direct parser for rule files that builds the tree pest builds from `grammar/rules.pest`,
//! step for step, for files without errors; on anything it does not parse it answers `None`
//! and the pest parser takes the file (and gives the error).
//!
//! Loading the national pack parsed it with pest on every run, at about 300 instructions per
//! byte (each token of an expression passes nine rule levels, each attempt is recorded for error
//! messages): the cost of checking a dozen reports. The grammar stays the definition: each
//! function below follows one grammar rule, with pest's implicit whitespace where pest puts it
//! (between the items of a sequence and before each repetition after the first, never after an
//! optional item that did not match), so that every span, trailing whitespace included, is the
//! span of pest's pair. A test compares the two trees on every rule file of the repository.

use super::ast::*;
use super::parse::{MAX_DEPTH, set_once, unescape};
use crate::decimal::Decimal;
use crate::diagnostic::Severity;
use crate::source::Span;
use pest::unicode::{XID_CONTINUE, XID_START};

/// The tree of `text`, or `None` when the pest parser must decide (a syntax error, a string
/// ending in a backslash, a number too large, an expression nested too deeply).
pub fn parse(text: &str) -> Option<RuleFile> {
    let mut p = Parser {
        text,
        pos: 0,
        refused: false,
    };
    let mut out = RuleFile::default();
    // file = { SOI ~ (list_def | rule)* ~ EOI }
    p.skip();
    let mut first = true;
    loop {
        let start = p.pos;
        if !first {
            p.skip();
        }
        if p.at("list") {
            out.lists.push(p.list_def()?);
        } else if p.at("rule") {
            out.rules.push(p.rule()?);
        } else {
            p.pos = start;
            break;
        }
        first = false;
    }
    p.skip();
    (p.pos == text.len() && !p.refused).then_some(out)
}

/// An expression with the depth of its tree, as the pest path counts it.
type Deep = (Expr, usize);

struct Parser<'t> {
    text: &'t str,
    pos: usize,
    /// Set on what parses but the pest path refuses (a string ending in a backslash, a number
    /// too large, an expression nested too deeply): the whole file then goes to pest, whichever
    /// way the parse continues here.
    refused: bool,
}

impl<'t> Parser<'t> {
    /// `kind` over children `depths` deep; refused past [`MAX_DEPTH`].
    fn node(&mut self, kind: ExprKind, span: Span, depths: &[usize]) -> Option<Deep> {
        let depth = 1 + depths.iter().copied().max().unwrap_or(0);
        if depth > MAX_DEPTH {
            self.refused = true;
            return None;
        }
        Some((Expr { kind, span }, depth))
    }

    fn rest(&self) -> &'t str {
        &self.text[self.pos..]
    }

    fn at(&self, literal: &str) -> bool {
        self.rest().starts_with(literal)
    }

    /// Consumes `literal` if the text continues with it.
    fn eat(&mut self, literal: &str) -> bool {
        let found = self.at(literal);
        if found {
            self.pos += literal.len();
        }
        found
    }

    fn expect(&mut self, literal: &str) -> Option<()> {
        self.eat(literal).then_some(())
    }

    fn peek(&self) -> Option<char> {
        self.rest().chars().next()
    }

    /// pest's implicit whitespace: `WHITESPACE*` then `(COMMENT ~ WHITESPACE*)*`, where
    /// `WHITESPACE = " " | "\t" | "\u{3000}" | NEWLINE` and `COMMENT = "#" ~ (!NEWLINE ~ ANY)*`.
    fn skip(&mut self) {
        loop {
            let bytes = self.rest().as_bytes();
            match bytes.first() {
                Some(b' ' | b'\t' | b'\n' | b'\r') => self.pos += 1,
                Some(_) if self.at("\u{3000}") => self.pos += '\u{3000}'.len_utf8(),
                Some(b'#') => {
                    self.pos += bytes
                        .iter()
                        .position(|&b| b == b'\n' || b == b'\r')
                        .unwrap_or(bytes.len());
                }
                _ => return,
            }
        }
    }

    /// A span from `start` to here.
    fn from(&self, start: usize) -> Span {
        Span::new(start, self.pos)
    }

    /// `list_def = { "list" ~ rule_id ~ "=" ~ "[" ~ string ~ ("," ~ string)* ~ ","? ~ "]" }`
    fn list_def(&mut self) -> Option<ListDef> {
        let start = self.pos;
        self.expect("list")?;
        self.skip();
        let name = self.rule_id()?;
        self.skip();
        self.expect("=")?;
        self.skip();
        self.expect("[")?;
        self.skip();
        let mut items = vec![self.string()?];
        self.skip();
        let mut first = true;
        loop {
            let before = self.pos;
            if !first {
                self.skip();
            }
            let item = self.eat(",").then(|| {
                self.skip();
                self.string()
            });
            match item.flatten() {
                Some(s) => items.push(s),
                None => {
                    self.pos = before;
                    break;
                }
            }
            first = false;
        }
        self.skip();
        self.eat(",");
        self.skip();
        self.expect("]")?;
        Some(ListDef {
            name,
            items,
            span: self.from(start),
        })
    }

    /// `rule_id = @{ ASCII_ALPHA ~ (ASCII_ALPHANUMERIC | "-" | "_")* }`
    fn rule_id(&mut self) -> Option<Spanned<String>> {
        let start = self.pos;
        let bytes = self.rest().as_bytes();
        if !bytes.first()?.is_ascii_alphabetic() {
            return None;
        }
        let len = bytes
            .iter()
            .position(|&b| !(b.is_ascii_alphanumeric() || b == b'-' || b == b'_'))
            .unwrap_or(bytes.len());
        self.pos += len;
        Some(Spanned {
            node: self.text[start..self.pos].to_string(),
            span: self.from(start),
        })
    }

    /// `rule = { "rule" ~ rule_id ~ "{" ~ field* ~ "}" }`
    fn rule(&mut self) -> Option<RuleAst> {
        let start = self.pos;
        self.expect("rule")?;
        self.skip();
        let id = self.rule_id()?;
        self.skip();
        self.expect("{")?;
        self.skip();
        let mut r = RuleAst::new(id, Span::empty_at(start));
        let mut first = true;
        loop {
            let before = self.pos;
            if !first {
                self.skip();
            }
            if !self.field(&mut r)? {
                self.pos = before;
                break;
            }
            first = false;
        }
        self.skip();
        self.expect("}")?;
        r.span = self.from(start);
        Some(r)
    }

    /// `field = _{ title | severity | locked | message | help | doc | when | assertion }`: whether one
    /// was read into `r`; `None` when one starts but does not parse (no other field begins
    /// with the same word, so pest would find no field here either and fail at the `}`).
    fn field(&mut self, r: &mut RuleAst) -> Option<bool> {
        let start = self.pos;
        // The English variants first: `title` is a prefix of `title.en`.
        for (word, slot) in [
            ("title.en", &mut r.title_en),
            ("title", &mut r.title),
            ("message.en", &mut r.message_en),
            ("message", &mut r.message),
            ("help.en", &mut r.help_en),
            ("help", &mut r.help),
            ("doc", &mut r.doc),
        ] {
            if self.eat(word) {
                self.skip();
                let value = self.string()?;
                set_once(slot, value, word, self.from(start), &mut r.repeated);
                return Some(true);
            }
        }
        if self.eat("severity") {
            self.skip();
            let level = self.severity_level()?;
            set_once(
                &mut r.severity,
                level,
                "severity",
                self.from(start),
                &mut r.repeated,
            );
            return Some(true);
        }
        // `locked = @{ "locked" ~ !(XID_CONTINUE | "_" | "-") }`
        if self.eat("locked") {
            if self
                .peek()
                .is_some_and(|c| XID_CONTINUE(c) || c == '_' || c == '-')
            {
                return None;
            }
            let at = self.from(start);
            set_once(&mut r.locked, at, "locked", at, &mut r.repeated);
            return Some(true);
        }
        // `let_def = { let_kw ~ name ~ "=" ~ expr }`, `let_kw = @{ "let" ~ !(XID_CONTINUE | "_" | "-") }`
        if self.at("let")
            && !self.rest()[3..]
                .chars()
                .next()
                .is_some_and(|c| XID_CONTINUE(c) || c == '_' || c == '-')
        {
            self.pos += 3;
            self.skip();
            let name = self.name()?;
            self.skip();
            self.expect("=")?;
            self.skip();
            let expr = self.expr()?.0;
            r.lets.push(LetDef { name, expr });
            return Some(true);
        }
        if self.eat("when") {
            self.skip();
            let guard = self.expr()?.0;
            r.guards.push(guard);
            return Some(true);
        }
        if self.eat("assert") {
            self.skip();
            let assertion = self.assertion(start)?;
            r.assertions.push(assertion);
            return Some(true);
        }
        Some(false)
    }

    /// `severity_level = @{ ("error" | "warning" | "info") ~ !(XID_CONTINUE) }`
    fn severity_level(&mut self) -> Option<Spanned<Severity>> {
        let start = self.pos;
        let node = if self.eat("error") {
            Severity::Error
        } else if self.eat("warning") {
            Severity::Warning
        } else if self.eat("info") {
            Severity::Info
        } else {
            return None;
        };
        if self.peek().is_some_and(XID_CONTINUE) {
            return None;
        }
        Some(Spanned {
            node,
            span: self.from(start),
        })
    }

    /// `assertion = { "assert" ~ quantifier* ~ expr }`, after the `assert` at `start`.
    fn assertion(&mut self, start: usize) -> Option<Assertion> {
        let mut quantifiers = Vec::new();
        let mut first = true;
        loop {
            let before = self.pos;
            if !first {
                self.skip();
            }
            match self.quantifier() {
                Some(q) => quantifiers.push(q),
                None => {
                    self.pos = before;
                    break;
                }
            }
            first = false;
        }
        self.skip();
        let expr = self.expr()?.0;
        // `assert_texts?`, after pest's whitespace (kept when the block is not there).
        self.skip();
        let before = self.pos;
        let texts = match self.assert_texts() {
            Some(texts) => texts,
            None => {
                self.pos = before;
                AssertTexts::default()
            }
        };
        Some(Assertion {
            quantifiers,
            expr,
            texts,
            span: self.from(start),
        })
    }

    /// `assert_texts = { "{" ~ assert_text* ~ "}" }`,
    /// `assert_text = _{ message_en | message | item_en | item }`.
    fn assert_texts(&mut self) -> Option<AssertTexts> {
        self.expect("{")?;
        self.skip();
        let mut texts = AssertTexts::default();
        let mut first = true;
        loop {
            let before = self.pos;
            if !first {
                self.skip();
            }
            let start = self.pos;
            let mut read = false;
            for (word, slot) in [
                ("message.en", &mut texts.message_en),
                ("message", &mut texts.message),
                ("item.en", &mut texts.item_en),
                ("item", &mut texts.item),
            ] {
                if self.eat(word) {
                    self.skip();
                    let value = self.string()?;
                    set_once(slot, value, word, self.from(start), &mut texts.repeated);
                    read = true;
                    break;
                }
            }
            if !read {
                self.pos = before;
                break;
            }
            first = false;
        }
        self.skip();
        self.expect("}")?;
        Some(texts)
    }

    /// `quantifier = { "for" ~ name ~ "in" ~ reference ~ ":" }`; the caller restores the
    /// position when it fails (the assertion's expression is read from there).
    fn quantifier(&mut self) -> Option<Quantifier> {
        self.expect("for")?;
        self.skip();
        let var = self.name()?;
        self.skip();
        self.expect("in")?;
        self.skip();
        let domain = self.reference()?;
        self.skip();
        self.expect(":")?;
        Some(Quantifier { var, domain })
    }

    /// `expr = { or_expr }`, `or_expr = { and_expr ~ ("or" ~ and_expr)* }`
    fn expr(&mut self) -> Option<Deep> {
        self.chain("or", Self::and_expr, ExprKind::Or)
    }

    /// `and_expr = { not_expr ~ ("and" ~ not_expr)* }`
    fn and_expr(&mut self) -> Option<Deep> {
        self.chain("and", Self::not_expr, ExprKind::And)
    }

    /// `operand ~ (op ~ operand)*`, folded to the left as the pest path folds `or` and `and`.
    fn chain(
        &mut self,
        op: &str,
        operand: fn(&mut Self) -> Option<Deep>,
        kind: fn(Box<Expr>, Box<Expr>) -> ExprKind,
    ) -> Option<Deep> {
        let (mut acc, mut depth) = operand(self)?;
        self.skip();
        let mut first = true;
        loop {
            let before = self.pos;
            if !first {
                self.skip();
            }
            let next = self.eat(op).then(|| {
                self.skip();
                operand(self)
            });
            let Some(next) = next.flatten() else {
                self.pos = before;
                break;
            };
            let (rhs, d) = next;
            let span = acc.span.cover(rhs.span);
            (acc, depth) = self.node(kind(Box::new(acc), Box::new(rhs)), span, &[depth, d])?;
            first = false;
        }
        Some((acc, depth))
    }

    /// `not_expr = { not_op* ~ cmp_expr }`, `not_op = { "not" }`
    fn not_expr(&mut self) -> Option<Deep> {
        self.prefixed("not", Self::cmp_expr, ExprKind::Not)
    }

    /// `unary = { neg_op* ~ atom }`, `neg_op = { "-" }`
    fn unary(&mut self) -> Option<Deep> {
        self.prefixed("-", Self::atom, ExprKind::Neg)
    }

    /// `op* ~ operand`, the operators applied from the innermost, each spanning from itself
    /// to the end of its operand.
    fn prefixed(
        &mut self,
        op: &str,
        operand: fn(&mut Self) -> Option<Deep>,
        kind: fn(Box<Expr>) -> ExprKind,
    ) -> Option<Deep> {
        let mut ops = Vec::new();
        loop {
            let before = self.pos;
            if !ops.is_empty() {
                self.skip();
            }
            if self.at(op) {
                ops.push(Span::new(self.pos, self.pos + op.len()));
                self.pos += op.len();
            } else {
                self.pos = before;
                break;
            }
        }
        self.skip();
        let (mut e, mut depth) = operand(self)?;
        for op in ops.iter().rev() {
            let span = op.cover(e.span);
            (e, depth) = self.node(kind(Box::new(e)), span, &[depth])?;
        }
        Some((e, depth))
    }

    /// `cmp_expr = { add_expr ~ (cmp_op ~ add_expr ~ tolerance?)? }`
    fn cmp_expr(&mut self) -> Option<Deep> {
        let start = self.pos;
        let (lhs, dl) = self.add_expr()?;
        self.skip();
        let before = self.pos;
        let Some(op) = self.cmp_op() else {
            return Some((lhs, dl));
        };
        self.skip();
        let Some((rhs, dr)) = self.add_expr() else {
            self.pos = before;
            return Some((lhs, dl));
        };
        self.skip();
        // tolerance = { "within" ~ number }
        let after_rhs = self.pos;
        let tolerance = self
            .eat("within")
            .then(|| {
                self.skip();
                self.number()
            })
            .flatten();
        if tolerance.is_none() {
            self.pos = after_rhs;
        }
        let kind = ExprKind::Compare {
            op,
            lhs: Box::new(lhs),
            rhs: Box::new(rhs),
            tolerance,
        };
        let span = self.from(start);
        self.node(kind, span, &[dl, dr])
    }

    /// `cmp_op = { "==" | "!=" | "<=" | ">=" | "<" | ">" }`
    fn cmp_op(&mut self) -> Option<CmpOp> {
        [
            ("==", CmpOp::Eq),
            ("!=", CmpOp::Ne),
            ("<=", CmpOp::Le),
            (">=", CmpOp::Ge),
            ("<", CmpOp::Lt),
            (">", CmpOp::Gt),
        ]
        .into_iter()
        .find_map(|(text, op)| self.eat(text).then_some(op))
    }

    /// `add_expr = { mul_expr ~ (add_op ~ mul_expr)* }`, `add_op = { "+" | "-" }`
    fn add_expr(&mut self) -> Option<Deep> {
        self.arith(Self::mul_expr, [("+", ArithOp::Add), ("-", ArithOp::Sub)])
    }

    /// `mul_expr = { unary ~ (mul_op ~ unary)* }`, `mul_op = { "*" | "/" }`
    fn mul_expr(&mut self) -> Option<Deep> {
        self.arith(Self::unary, [("*", ArithOp::Mul), ("/", ArithOp::Div)])
    }

    fn arith(
        &mut self,
        operand: fn(&mut Self) -> Option<Deep>,
        ops: [(&str, ArithOp); 2],
    ) -> Option<Deep> {
        let (mut acc, mut depth) = operand(self)?;
        self.skip();
        let mut first = true;
        loop {
            let before = self.pos;
            if !first {
                self.skip();
            }
            let op = ops
                .iter()
                .find_map(|&(text, op)| self.eat(text).then_some(op));
            let next = op.and_then(|op| {
                self.skip();
                operand(self).map(|next| (op, next))
            });
            let Some((op, (rhs, d))) = next else {
                self.pos = before;
                break;
            };
            let span = acc.span.cover(rhs.span);
            (acc, depth) = self.node(
                ExprKind::Arith(op, Box::new(acc), Box::new(rhs)),
                span,
                &[depth, d],
            )?;
            first = false;
        }
        Some((acc, depth))
    }

    /// `atom = _{ number | string | boolean | call | reference | "(" ~ expr ~ ")" }`
    fn atom(&mut self) -> Option<Deep> {
        let start = self.pos;
        let c = self.peek()?;
        if c.is_ascii_digit() {
            let n = self.number()?;
            let span = self.from(start);
            return self.node(ExprKind::Number(n), span, &[]);
        }
        if c == '"' {
            let s = self.string()?;
            return self.node(ExprKind::Str(s.node), s.span, &[]);
        }
        if let Some(b) = self.boolean() {
            let span = self.from(start);
            return self.node(ExprKind::Bool(b), span, &[]);
        }
        if c == '(' {
            self.pos += 1;
            self.skip();
            let inner = self.expr()?;
            self.skip();
            self.expect(")")?;
            return Some(inner);
        }
        // call = { name ~ "(" ~ (expr ~ ("," ~ expr)*)? ~ ")" }, else a reference.
        let name = self.name()?;
        let after_name = self.pos;
        self.skip();
        if self.eat("(")
            && let Some(call) = self.call(start, name.clone())
        {
            return Some(call);
        }
        self.pos = after_name;
        let reference = self.segments(start, name)?;
        let span = self.from(start);
        self.node(ExprKind::Ref(reference), span, &[])
    }

    /// The rest of a call after its `(`.
    fn call(&mut self, start: usize, name: Spanned<String>) -> Option<Deep> {
        self.skip();
        let mut args = Vec::new();
        let mut depths = Vec::new();
        let before_args = self.pos;
        if let Some((e, d)) = self.expr() {
            args.push(e);
            depths.push(d);
            self.skip();
            let mut first = true;
            loop {
                let before = self.pos;
                if !first {
                    self.skip();
                }
                let next = self.eat(",").then(|| {
                    self.skip();
                    self.expr()
                });
                let Some((e, d)) = next.flatten() else {
                    self.pos = before;
                    break;
                };
                args.push(e);
                depths.push(d);
                first = false;
            }
        } else {
            self.pos = before_args;
        }
        self.skip();
        self.expect(")")?;
        let span = self.from(start);
        self.node(ExprKind::Call { name, args }, span, &depths)
    }

    /// `number = @{ ASCII_DIGIT+ ~ ("." ~ ASCII_DIGIT+)? }`; refused when too large.
    fn number(&mut self) -> Option<Decimal> {
        let start = self.pos;
        let digits = |s: &str| s.bytes().take_while(u8::is_ascii_digit).count();
        let whole = digits(self.rest());
        if whole == 0 {
            return None;
        }
        self.pos += whole;
        if self.at(".") {
            let fraction = digits(&self.rest()[1..]);
            if fraction > 0 {
                self.pos += 1 + fraction;
            }
        }
        let value = Decimal::parse(&self.text[start..self.pos]);
        self.refused |= value.is_none();
        value
    }

    /// `boolean = @{ ("true" | "false") ~ !(XID_CONTINUE) }`
    fn boolean(&mut self) -> Option<bool> {
        let value = if self.at("true") {
            true
        } else if self.at("false") {
            false
        } else {
            return None;
        };
        let len = if value { 4 } else { 5 };
        if self.rest()[len..].chars().next().is_some_and(XID_CONTINUE) {
            return None;
        }
        self.pos += len;
        Some(value)
    }

    /// `name = @{ !keyword ~ (XID_START | "_") ~ (XID_CONTINUE | "_")* }`, where
    /// `keyword = @{ ("for" | "in" | "and" | "or" | "not" | "within" | "true" | "false") ~
    /// !(XID_CONTINUE | "_" | "-") }`.
    fn name(&mut self) -> Option<Spanned<String>> {
        let start = self.pos;
        let rest = self.rest();
        let is_keyword = ["for", "in", "and", "or", "not", "within", "true", "false"]
            .iter()
            .any(|k| {
                rest.strip_prefix(k).is_some_and(|after| {
                    !after
                        .chars()
                        .next()
                        .is_some_and(|c| XID_CONTINUE(c) || c == '_' || c == '-')
                })
            });
        if is_keyword {
            return None;
        }
        let mut chars = rest.char_indices();
        let (_, c) = chars.next()?;
        if !(XID_START(c) || c == '_') {
            return None;
        }
        let len = chars
            .find(|&(_, c)| !(XID_CONTINUE(c) || c == '_'))
            .map_or(rest.len(), |(i, _)| i);
        self.pos += len;
        Some(Spanned {
            node: rest[..len].to_string(),
            span: self.from(start),
        })
    }

    /// `reference = ${ name ~ segment* }`
    fn reference(&mut self) -> Option<Reference> {
        let start = self.pos;
        let root = self.name()?;
        self.segments(start, root)
    }

    /// A reference's segments after its root name:
    /// `segment = ${ ("." ~ (star | name | string)) | ("[" ~ index ~ "]") }`, no whitespace
    /// between them.
    fn segments(&mut self, start: usize, root: Spanned<String>) -> Option<Reference> {
        let mut segments = Vec::new();
        loop {
            let before = self.pos;
            let segment = if self.eat(".") {
                self.dotted()
            } else if self.eat("[") {
                self.index()
                    .and_then(|s| self.expect("]").map(|()| s))
                    .map(|mut s| {
                        s.bracket = true;
                        s
                    })
            } else {
                None
            };
            match segment {
                Some(s) => segments.push(s),
                None => {
                    self.pos = before;
                    break;
                }
            }
        }
        Some(Reference {
            root,
            segments,
            span: self.from(start),
        })
    }

    /// After a `.`: `star | name | string`.
    fn dotted(&mut self) -> Option<Segment> {
        let start = self.pos;
        let kind = if self.eat("*") {
            SegmentKind::Star
        } else if let Some(name) = self.name() {
            SegmentKind::Name(name.node)
        } else {
            SegmentKind::Name(self.string()?.node)
        };
        Some(Segment {
            kind,
            bracket: false,
            span: self.from(start),
        })
    }

    /// `index = !{ range | star | name | string }`, `range = { (name | string) ~ ".." ~ (name
    /// | string) }`: whitespace is allowed inside a range.
    fn index(&mut self) -> Option<Segment> {
        let start = self.pos;
        if let Some((a, b)) = self.range() {
            return Some(Segment {
                kind: SegmentKind::Range(a, b),
                bracket: true,
                span: self.from(start),
            });
        }
        self.pos = start;
        let kind = if self.eat("*") {
            SegmentKind::Star
        } else if let Some(name) = self.name() {
            SegmentKind::Name(name.node)
        } else {
            SegmentKind::Name(self.string()?.node)
        };
        Some(Segment {
            kind,
            bracket: true,
            span: self.from(start),
        })
    }

    fn range(&mut self) -> Option<(Spanned<String>, Spanned<String>)> {
        let a = self.name_or_string()?;
        self.skip();
        self.expect("..")?;
        self.skip();
        let b = self.name_or_string()?;
        Some((a, b))
    }

    /// `name | string`
    fn name_or_string(&mut self) -> Option<Spanned<String>> {
        self.name().or_else(|| self.string())
    }

    /// `string = ${ long_string | short_string }`; refused when its escapes do not read.
    fn string(&mut self) -> Option<Spanned<String>> {
        let start = self.pos;
        // long_string = ${ "\"\"\"" ~ long_inner ~ "\"\"\"" }, long_inner = @{ (!"\"\"\"" ~ ANY)* }
        if self.at("\"\"\"")
            && let Some(end) = self.text[start + 3..].find("\"\"\"")
        {
            let body = &self.text[start + 3..start + 3 + end];
            self.pos = start + 3 + end + 3;
            return Some(Spanned {
                node: body.to_string(),
                span: self.from(start),
            });
        }
        // short_string = ${ "\"" ~ short_inner ~ "\"" },
        // short_inner = @{ (("\\" ~ ANY) | (!("\"" | "\\" | NEWLINE) ~ ANY))* }
        self.expect("\"")?;
        let body_start = self.pos;
        let mut chars = self.rest().char_indices();
        let mut end = self.rest().len();
        while let Some((i, c)) = chars.next() {
            match c {
                // A backslash takes the next character with it; at the end it is left unread.
                '\\' if chars.next().is_none() => {
                    end = i;
                    break;
                }
                '"' | '\n' | '\r' => {
                    end = i;
                    break;
                }
                _ => {}
            }
        }
        self.pos = body_start + end;
        let body = &self.text[body_start..self.pos];
        if !self.eat("\"") {
            self.pos = start;
            return None;
        }
        let span = self.from(start);
        let node = unescape(body);
        self.refused |= node.is_none();
        Some(Spanned { node: node?, span })
    }
}

#[cfg(test)]
mod tests {
    use super::super::parse::pest_parse;

    /// The direct parser's tree is pest's, spans included, or it leaves the text to pest.
    fn agrees(text: &str) {
        let direct = super::parse(text);
        match pest_parse(text) {
            Ok(tree) => assert_eq!(
                format!(
                    "{:?}",
                    direct.expect("pest parses it, so should the direct parser")
                ),
                format!("{tree:?}"),
                "{text}"
            ),
            Err(_) => assert!(
                direct.is_none(),
                "pest refuses, the direct parser not: {text}"
            ),
        }
    }

    /// Every rule file of the repository: the national pack, the examples, the test packs and
    /// the rule-error fixtures.
    #[test]
    fn every_rule_file_parses_as_pest_parses_it() {
        let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
        let mut files = Vec::new();
        let mut dirs = vec![
            root.join("rules"),
            root.join("examples"),
            root.join("tests"),
        ];
        while let Some(dir) = dirs.pop() {
            for entry in std::fs::read_dir(dir).unwrap().flatten() {
                let path = entry.path();
                if path.is_dir() {
                    dirs.push(path);
                } else if path.extension().is_some_and(|e| e == "rule") {
                    files.push(path);
                }
            }
        }
        assert!(files.len() > 20, "{files:?}");
        for path in files {
            let text = std::fs::read_to_string(&path).unwrap();
            agrees(&text);
            // Each rule and list on its own, and the file cut short at every line.
            for (at, _) in text.match_indices('\n') {
                agrees(&text[..at]);
            }
        }
    }

    /// Each rule and list of the national pack edited at many places (a character deleted,
    /// or one of the grammar's punctuation and keywords inserted): parsed alike or left to pest.
    #[test]
    fn edited_rules_parse_as_pest_parses_them() {
        let mut checked = 0;
        for source in crate::rules::national() {
            let text = &source.file.text;
            let starts: Vec<usize> = std::iter::once(0)
                .chain(text.match_indices("\nrule ").map(|(i, _)| i + 1))
                .chain(text.match_indices("\nlist ").map(|(i, _)| i + 1))
                .collect();
            for &start in &starts {
                let end = starts
                    .iter()
                    .copied()
                    .filter(|&s| s > start)
                    .min()
                    .unwrap_or(text.len());
                let item = &text[start..end];
                let cuts: Vec<usize> = item.char_indices().map(|(i, _)| i).step_by(11).collect();
                for at in cuts {
                    let next = item[at..].chars().next().map_or(0, char::len_utf8);
                    agrees(&[&item[..at], &item[at + next..]].concat());
                    for insert in [" ", "#", "\"", "(", ",", ".", "[", "-", "not ", "or", "\n"] {
                        agrees(&[&item[..at], insert, &item[at..]].concat());
                    }
                    checked += 1;
                }
            }
        }
        assert!(checked > 1000, "{checked}");
    }

    /// The corners of the grammar: whitespace and comments inside and after expressions (part
    /// of pest's spans), keywords glued to names, strings of every form, segments and ranges.
    #[test]
    fn corners_of_the_grammar() {
        let texts = [
            "",
            "# only a comment",
            "rule a { assert x == 1 }",
            "rule a { assert x == 1 # trailing\n  # more\n}",
            "rule a { assert x == 1 within 0.5 }",
            "rule a { assert x == 1 within }",
            "rule a { assert x == 1 within0.5 }",
            "rule a {\r\n assert x == 1\r\n when y > 2\r\n}",
            "rule a {\u{3000}assert x ==\u{3000}1\u{3000}}",
            "rule a { assert not not x and y or z }",
            "rule a { assert nothing(x) }",
            "rule a { assert a orb }",
            "rule a { assert a andb == 1 }",
            "rule a { assert -x - -y * (z / 2) + f() + g(1, 2,) }",
            "rule a { assert f(1, 2 ) == g( ) }",
            "rule a { assert f (1) == g\n(2) }",
            "rule a { assert for r in sec3.rows: for c in sec3.columns : sec3[r][c] >= 0 }",
            "rule a { assert for r in sec3.rows sec3[r].total >= 0 }",
            "rule a { assert format(x) and index == in_x }",
            "rule a { assert sec3.new[natural_person..other_org] == sec3.new[ a..b] }",
            "rule a { assert t[a .. \"b\"] == t.\"（一）\".* + t[\"x\"][*] + t[*] + t.a.b }",
            "rule a { assert true == false and truex == false_ and true-1 }",
            "rule a { title \"x\" title \"y\" severity error severity warning }",
            "rule a { severity errors }",
            "rule a { message \"a\\\"b\\\\c\\nd\\te\\qf\" help \"\"\"long\n\"text\"\n\"\"\" doc \"\"\"\"\"\" }",
            "rule a { message \"unterminated }",
            "rule a { message \"\"\"unterminated }",
            "rule a { message \"ends\\",
            "rule a { assert f(\"a\\\") }",
            "rule a { assert 1.5 + 2. == 3 }",
            "rule a { assert 99999999999999999999999999999999999999999 == 1 }",
            "rule a { assert (((x))) }",
            "list received = [\"收到\", \"受理\",]\nlist b = [\"x\"]\nrule a { assert matches(s1, \"{received}\") }",
            "list b = [ ]",
            "listb = [\"x\"]",
            "rulea { }",
            "rule a { } trailing",
            "rule 1a { }",
            "rule a { doc\"x\" when(x)assert(y) }",
            "rule a { assert x == y == z }",
            "rule a { assert x.\u{4e00} == 表三.本年新收.总计 }",
            "rule a { assert x. == 1 }",
            "rule a { assert x[ == 1 }",
            "rule a { title.en \"x\" message.en \"y\" help.en \"z\" title \"t\" }",
            "rule a { title.fr \"x\" }",
            "rule a { let x = 1 + 2 let y = x * 2 assert y == 6 }",
            "rule a { let x = 1\n# c\n when x > 0 }",
            "rule a { letx = 1 }",
            "rule a { let = 1 }",
            "rule a { let x == 1 }",
            "rule a { let for = 1 }",
            "rule a { assert x == 1 { message \"m\" message.en \"e\" item \"i\" item.en \"j\" } }",
            "rule a { assert x == 1 {} }",
            "rule a { assert x == 1 { item } }",
            "rule a { assert x == 1 # c\n { item \"i\" } when y }",
            "rule a { assert x { message \"a\" message \"b\" } assert y }",
            "rule a { assert x { title \"a\" } }",
            "rule a { assert x {",
        ];
        for text in texts {
            agrees(text);
        }
    }
}
