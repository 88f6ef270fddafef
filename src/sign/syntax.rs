//! A strict reader of PDF object syntax, with byte positions.
//!
//! The signature check must know exactly where a signature dictionary's `/Contents` string
//! lies in the file and must not accept an object that a viewer would have to repair, so it
//! reads the bytes itself instead of trusting a lenient parser: every token is checked,
//! dictionary keys must be names, every integer is range-checked, nesting is bounded, and
//! nothing is skipped. Whatever does not read is an error naming the byte offset.

use std::ops::Range;

/// Deepest nesting of arrays and dictionaries accepted (far beyond any real file).
const MAX_DEPTH: usize = 64;

/// A PDF value.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Value {
    Null,
    Bool(bool),
    Int(i64),
    Real(f64),
    Name(Vec<u8>),
    /// A literal or hexadecimal string, decoded.
    Str(Vec<u8>),
    Array(Vec<Spanned>),
    Dict(Vec<(Vec<u8>, Spanned)>),
    Ref(u32, u16),
}

/// A value and the bytes it was read from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Spanned {
    pub value: Value,
    pub span: Range<usize>,
}

impl Spanned {
    /// The value of `key`, if this is a dictionary that has it.
    pub fn get(&self, key: &[u8]) -> Option<&Spanned> {
        match &self.value {
            Value::Dict(entries) => entries.iter().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }
}

/// An indirect object `n g obj … endobj`.
#[derive(Debug, Clone)]
pub(crate) struct Indirect {
    pub id: (u32, u16),
    pub value: Spanned,
    /// The raw stream data, for a stream object.
    pub stream: Option<Range<usize>>,
    /// From the object number to the end of `endobj`.
    pub span: Range<usize>,
}

/// A position in the file and what went wrong there.
pub(crate) type Failure = String;

pub(crate) struct Reader<'a> {
    pub bytes: &'a [u8],
    pub pos: usize,
}

fn is_white(b: u8) -> bool {
    matches!(b, b' ' | b'\n' | b'\r' | b'\t' | b'\x0c' | b'\0')
}

fn is_delimiter(b: u8) -> bool {
    matches!(
        b,
        b'(' | b')' | b'<' | b'>' | b'[' | b']' | b'{' | b'}' | b'/' | b'%'
    )
}

fn is_regular(b: u8) -> bool {
    !is_white(b) && !is_delimiter(b)
}

impl<'a> Reader<'a> {
    pub fn new(bytes: &'a [u8], pos: usize) -> Self {
        Reader { bytes, pos }
    }

    fn fail<T>(&self, what: &str) -> Result<T, Failure> {
        Err(format!("{what} at byte {}", self.pos))
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    /// Skips white space and comments.
    pub fn skip_white(&mut self) {
        while let Some(b) = self.peek() {
            if is_white(b) {
                self.pos += 1;
            } else if b == b'%' {
                while let Some(c) = self.peek() {
                    if c == b'\n' || c == b'\r' {
                        break;
                    }
                    self.pos += 1;
                }
            } else {
                break;
            }
        }
    }

    /// A run of regular characters (a number or keyword).
    fn word(&mut self) -> &'a [u8] {
        let start = self.pos;
        while self.peek().is_some_and(is_regular) {
            self.pos += 1;
        }
        &self.bytes[start..self.pos]
    }

    /// Expects the keyword `kw` after optional white space.
    pub fn keyword(&mut self, kw: &[u8]) -> Result<(), Failure> {
        self.skip_white();
        let at = self.pos;
        if self.word() == kw {
            Ok(())
        } else {
            self.pos = at;
            self.fail(&format!("expected `{}`", String::from_utf8_lossy(kw)))
        }
    }

    /// A non-negative integer that fits `T` (an offset, object number, count).
    pub fn unsigned<T: TryFrom<u64>>(&mut self) -> Result<T, Failure> {
        self.skip_white();
        let at = self.pos;
        let w = self.word();
        let parsed = std::str::from_utf8(w)
            .ok()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u64>().ok())
            .and_then(|n| T::try_from(n).ok());
        match parsed {
            Some(n) => Ok(n),
            None => {
                self.pos = at;
                self.fail("expected a non-negative integer in range")
            }
        }
    }

    /// Reads one value.
    pub fn value(&mut self, depth: usize) -> Result<Spanned, Failure> {
        if depth > MAX_DEPTH {
            return self.fail("nesting too deep");
        }
        self.skip_white();
        let start = self.pos;
        let value = match self.peek() {
            None => return self.fail("unexpected end of file"),
            Some(b'/') => Value::Name(self.name()?),
            Some(b'(') => Value::Str(self.literal()?),
            Some(b'<') if self.bytes.get(self.pos + 1) == Some(&b'<') => {
                self.pos += 2;
                Value::Dict(self.dict_entries(depth)?)
            }
            Some(b'<') => Value::Str(self.hex()?),
            Some(b'[') => {
                self.pos += 1;
                let mut items = Vec::new();
                loop {
                    self.skip_white();
                    if self.peek() == Some(b']') {
                        self.pos += 1;
                        break;
                    }
                    items.push(self.value(depth + 1)?);
                }
                Value::Array(items)
            }
            Some(b) if is_regular(b) => self.number_or_keyword()?,
            Some(_) => return self.fail("unexpected character"),
        };
        Ok(Spanned {
            value,
            span: start..self.pos,
        })
    }

    fn dict_entries(&mut self, depth: usize) -> Result<Vec<(Vec<u8>, Spanned)>, Failure> {
        let mut entries: Vec<(Vec<u8>, Spanned)> = Vec::new();
        loop {
            self.skip_white();
            match self.peek() {
                Some(b'>') if self.bytes.get(self.pos + 1) == Some(&b'>') => {
                    self.pos += 2;
                    return Ok(entries);
                }
                Some(b'/') => {
                    let key = self.name()?;
                    if entries.iter().any(|(k, _)| *k == key) {
                        return self.fail(&format!(
                            "key /{} appears twice in a dictionary",
                            String::from_utf8_lossy(&key)
                        ));
                    }
                    let value = self.value(depth + 1)?;
                    entries.push((key, value));
                }
                _ => return self.fail("a dictionary key must be a name"),
            }
        }
    }

    fn name(&mut self) -> Result<Vec<u8>, Failure> {
        self.pos += 1; // the slash
        let raw = self.word();
        let mut out = Vec::with_capacity(raw.len());
        let mut i = 0;
        while i < raw.len() {
            if raw[i] == b'#' {
                let hex = raw
                    .get(i + 1..i + 3)
                    .and_then(|h| std::str::from_utf8(h).ok());
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => out.push(b),
                    None => return self.fail("malformed #-escape in a name"),
                }
                i += 3;
            } else {
                out.push(raw[i]);
                i += 1;
            }
        }
        Ok(out)
    }

    fn literal(&mut self) -> Result<Vec<u8>, Failure> {
        self.pos += 1;
        let mut out = Vec::new();
        let mut depth = 1usize;
        loop {
            let Some(b) = self.peek() else {
                return self.fail("unterminated string");
            };
            self.pos += 1;
            match b {
                b'(' => {
                    depth += 1;
                    out.push(b);
                }
                b')' => {
                    depth -= 1;
                    if depth == 0 {
                        return Ok(out);
                    }
                    out.push(b);
                }
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return self.fail("unterminated string");
                    };
                    self.pos += 1;
                    match e {
                        b'n' => out.push(b'\n'),
                        b'r' => out.push(b'\r'),
                        b't' => out.push(b'\t'),
                        b'b' => out.push(8),
                        b'f' => out.push(12),
                        b'0'..=b'7' => {
                            let mut v = u32::from(e - b'0');
                            for _ in 0..2 {
                                match self.peek() {
                                    Some(d @ b'0'..=b'7') => {
                                        v = v * 8 + u32::from(d - b'0');
                                        self.pos += 1;
                                    }
                                    _ => break,
                                }
                            }
                            out.push((v & 0xFF) as u8);
                        }
                        b'\r' => {
                            if self.peek() == Some(b'\n') {
                                self.pos += 1;
                            }
                        }
                        b'\n' => {}
                        other => out.push(other),
                    }
                }
                other => out.push(other),
            }
        }
    }

    fn hex(&mut self) -> Result<Vec<u8>, Failure> {
        self.pos += 1;
        let mut digits = Vec::new();
        loop {
            match self.peek() {
                None => return self.fail("unterminated hex string"),
                Some(b'>') => {
                    self.pos += 1;
                    break;
                }
                Some(b) if is_white(b) => self.pos += 1,
                Some(b) if b.is_ascii_hexdigit() => {
                    digits.push(b);
                    self.pos += 1;
                }
                Some(_) => return self.fail("not a hex digit in a hex string"),
            }
        }
        if digits.len() % 2 == 1 {
            digits.push(b'0');
        }
        Ok(digits
            .chunks(2)
            .map(|p| {
                let hi = (p[0] as char).to_digit(16).unwrap_or(0);
                let lo = (p[1] as char).to_digit(16).unwrap_or(0);
                u8::try_from(hi * 16 + lo).expect("two hex digits make a byte")
            })
            .collect())
    }

    fn number_or_keyword(&mut self) -> Result<Value, Failure> {
        let at = self.pos;
        let w = self.word();
        match w {
            b"true" => return Ok(Value::Bool(true)),
            b"false" => return Ok(Value::Bool(false)),
            b"null" => return Ok(Value::Null),
            _ => {}
        }
        let text = std::str::from_utf8(w).unwrap_or("");
        let numeric = !text.is_empty()
            && text
                .bytes()
                .all(|b| b.is_ascii_digit() || matches!(b, b'+' | b'-' | b'.'));
        if !numeric {
            self.pos = at;
            return self.fail(&format!(
                "unexpected token `{}`",
                String::from_utf8_lossy(w)
            ));
        }
        if text.contains('.') {
            return match text.parse::<f64>() {
                Ok(v) if v.is_finite() => Ok(Value::Real(v)),
                _ => {
                    self.pos = at;
                    self.fail("malformed number")
                }
            };
        }
        let Ok(n) = text.parse::<i64>() else {
            self.pos = at;
            return self.fail("integer out of range");
        };
        // `n g R`: a reference.
        let after = self.pos;
        if let (Ok(num), Ok(gen)) = (u32::try_from(n), self.try_reference_tail()) {
            return Ok(Value::Ref(num, gen));
        }
        self.pos = after;
        Ok(Value::Int(n))
    }

    fn try_reference_tail(&mut self) -> Result<u16, ()> {
        self.skip_white();
        let g = self.word();
        let gen = std::str::from_utf8(g)
            .ok()
            .filter(|s| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit()))
            .and_then(|s| s.parse::<u16>().ok())
            .ok_or(())?;
        self.skip_white();
        if self.word() == b"R" {
            Ok(gen)
        } else {
            Err(())
        }
    }
}

/// Reads the indirect object that starts at `at` (its object number), strictly. A stream's
/// `/Length` must be a direct integer, or, when it is a reference, the data must end at the
/// first `endstream`.
pub(crate) fn indirect_at(bytes: &[u8], at: usize) -> Result<Indirect, Failure> {
    let mut r = Reader::new(bytes, at);
    let num: u32 = r.unsigned()?;
    let gen: u16 = r.unsigned()?;
    r.keyword(b"obj")?;
    let value = r.value(0)?;
    r.skip_white();
    let mut stream = None;
    let after_value = r.pos;
    if r.word() == b"stream" {
        if !matches!(value.value, Value::Dict(_)) {
            return r.fail("a stream without a dictionary");
        }
        // The keyword is followed by CRLF or LF.
        if bytes.get(r.pos..r.pos + 2) == Some(b"\r\n") {
            r.pos += 2;
        } else if bytes.get(r.pos) == Some(&b'\n') {
            r.pos += 1;
        } else {
            return r.fail("`stream` must be followed by an end of line");
        }
        let start = r.pos;
        let end = match value.get(b"Length").map(|l| &l.value) {
            Some(Value::Int(n)) => usize::try_from(*n)
                .ok()
                .and_then(|n| start.checked_add(n))
                .filter(|&e| e <= bytes.len())
                .ok_or_else(|| format!("stream /Length out of range at byte {start}"))?,
            Some(Value::Ref(..)) => find(bytes, b"endstream", start)
                .map(|e| {
                    // The end of line before `endstream` is not data.
                    let mut e = e;
                    if e > start && bytes[e - 1] == b'\n' {
                        e -= 1;
                    }
                    if e > start && bytes[e - 1] == b'\r' {
                        e -= 1;
                    }
                    e
                })
                .ok_or_else(|| format!("stream without `endstream` at byte {start}"))?,
            _ => return r.fail("a stream without a /Length"),
        };
        r.pos = end;
        r.keyword(b"endstream")?;
        stream = Some(start..end);
    } else {
        r.pos = after_value;
    }
    r.keyword(b"endobj")?;
    Ok(Indirect {
        id: (num, gen),
        value,
        stream,
        span: at..r.pos,
    })
}

/// First position of `needle` in `hay` at or after `from`.
pub(crate) fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if from > hay.len() || needle.is_empty() {
        return None;
    }
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

/// The value as a lopdf object (for handing a cross-reference stream to lopdf's decoder).
#[allow(clippy::cast_possible_truncation)] // lopdf holds reals as f32
pub(crate) fn to_lopdf(v: &Value) -> lopdf::Object {
    use lopdf::Object as O;
    match v {
        Value::Null => O::Null,
        Value::Bool(b) => O::Boolean(*b),
        Value::Int(i) => O::Integer(*i),
        Value::Real(r) => O::Real(*r as f32),
        Value::Name(n) => O::Name(n.clone()),
        Value::Str(s) => O::String(s.clone(), lopdf::StringFormat::Literal),
        Value::Array(a) => O::Array(a.iter().map(|s| to_lopdf(&s.value)).collect()),
        Value::Dict(d) => O::Dictionary(lopdf::Dictionary::from_iter(
            d.iter().map(|(k, s)| (k.clone(), to_lopdf(&s.value))),
        )),
        Value::Ref(n, g) => O::Reference((*n, *g)),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_a_signature_dictionary_with_positions() {
        let pdf =
            b"12 0 obj\n<</Type/Sig/ByteRange[0 10 20 30]/Contents <0A0b> /M(D:2026)>>\nendobj\n";
        let o = indirect_at(pdf, 0).unwrap();
        assert_eq!(o.id, (12, 0));
        let c = o.value.get(b"Contents").unwrap();
        assert_eq!(c.value, Value::Str(vec![0x0A, 0x0B]));
        assert_eq!(&pdf[c.span.clone()], b"<0A0b>");
        assert_eq!(o.span.end, pdf.len() - 1);
    }

    #[test]
    fn refuses_what_a_viewer_would_have_to_repair() {
        for bad in [
            &b"1 0 obj << /Type /Page foo /A 1 >> endobj"[..],
            b"1 0 obj << 1 2 >> endobj",
            b"1 0 obj << /Type /Page /A 1 endobj",
            b"1 0 obj << /A 1 /A 2 >> endobj",
            b"1 0 obj << /A 99999999999999999999999 >> endobj",
            b"-1 0 obj << >> endobj",
            b"1 0 obj << /Length 5 >> stream\nab endobj",
        ] {
            assert!(
                indirect_at(bad, 0).is_err(),
                "{}",
                String::from_utf8_lossy(bad)
            );
        }
    }

    #[test]
    fn references_streams_and_nesting() {
        let pdf = b"3 0 obj\n<< /Length 4 /K [1 0 R 2 (a\\)b)] >>\nstream\nabcd\nendstream\nendobj";
        let o = indirect_at(pdf, 0).unwrap();
        assert_eq!(&pdf[o.stream.clone().unwrap()], b"abcd");
        let deep = format!("1 0 obj {} endobj", "[".repeat(200));
        assert!(indirect_at(deep.as_bytes(), 0).is_err());
    }
}
