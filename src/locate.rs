//! Finds where a JSON path (`items[3].votes[0].ballots[2].name`) stands in the JSON text, so
//! that validation diagnostics can give a line and column as well as the path.
//!
//! A small scanner over the text: it walks into the objects and arrays the path names and
//! skips every other value without building it.

/// The path of the value under `key` of the object at `path` (`items[2]` + `title` →
/// `items[2].title`; at the root, the key alone).
#[must_use]
pub fn child_path(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

/// Line and column (1-based, in characters) of the value at `path` in `json`.
#[must_use]
pub fn position(json: &str, path: &str) -> Option<(usize, usize)> {
    let offset = locate(json.as_bytes(), &segments(path)?)?;
    let before = &json[..offset];
    let line = before.matches('\n').count() + 1;
    let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
    Some((line, column))
}

#[derive(Debug, PartialEq)]
enum Segment {
    Key(String),
    Index(usize),
}

fn segments(path: &str) -> Option<Vec<Segment>> {
    let mut out = Vec::new();
    for part in path.split('.').filter(|p| !p.is_empty()) {
        let (key, rest) = part.split_once('[').map_or((part, ""), |(k, r)| (k, r));
        if !key.is_empty() {
            out.push(Segment::Key(key.to_string()));
        }
        for index in rest.split('[').filter(|s| !s.is_empty()) {
            out.push(Segment::Index(index.trim_end_matches(']').parse().ok()?));
        }
    }
    Some(out)
}

struct Cursor<'a> {
    b: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn ws(&mut self) {
        while self.i < self.b.len() && self.b[self.i].is_ascii_whitespace() {
            self.i += 1;
        }
    }

    fn eat(&mut self, c: u8) -> Option<()> {
        self.ws();
        (self.b.get(self.i) == Some(&c)).then(|| self.i += 1)
    }

    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.b.get(self.i).copied()
    }

    /// A string at the cursor, decoded; the cursor ends after it.
    fn string(&mut self) -> Option<String> {
        self.ws();
        let start = self.i;
        self.skip_string()?;
        serde_json::from_slice(&self.b[start..self.i]).ok()
    }

    fn skip_string(&mut self) -> Option<()> {
        self.eat(b'"')?;
        while let Some(&c) = self.b.get(self.i) {
            self.i += 1;
            match c {
                b'\\' => self.i += 1,
                b'"' => return Some(()),
                _ => {}
            }
        }
        None
    }

    fn skip_value(&mut self) -> Option<()> {
        match self.peek()? {
            b'"' => self.skip_string(),
            open @ (b'{' | b'[') => {
                let close = if open == b'{' { b'}' } else { b']' };
                self.i += 1;
                loop {
                    if self.peek()? == close {
                        self.i += 1;
                        return Some(());
                    }
                    if open == b'{' {
                        self.skip_string()?;
                        self.eat(b':')?;
                    }
                    self.skip_value()?;
                    if self.eat(b',').is_none() {
                        self.eat(close)?;
                        return Some(());
                    }
                }
            }
            _ => {
                while self.i < self.b.len()
                    && !matches!(self.b[self.i], b',' | b']' | b'}')
                    && !self.b[self.i].is_ascii_whitespace()
                {
                    self.i += 1;
                }
                Some(())
            }
        }
    }
}

fn locate(b: &[u8], path: &[Segment]) -> Option<usize> {
    let mut c = Cursor { b, i: 0 };
    for segment in path {
        match segment {
            Segment::Key(key) => {
                c.eat(b'{')?;
                loop {
                    let k = c.string()?;
                    c.eat(b':')?;
                    if &k == key {
                        break;
                    }
                    c.skip_value()?;
                    c.eat(b',')?;
                }
            }
            Segment::Index(n) => {
                c.eat(b'[')?;
                for _ in 0..*n {
                    c.skip_value()?;
                    c.eat(b',')?;
                }
            }
        }
    }
    c.ws();
    Some(c.i)
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = "{\n  \"date\": \"2020-13-01\",\n  \"items\": [\n    {\"title\": \"A\"},\n    {\"title\": \"B \\\" [x]\", \"votes\": [{\"ballots\": [{\"name\": \"X\"}, {\"name\": \"Kalle\"}]}]}\n  ]\n}";

    #[test]
    fn finds_nested_values() {
        assert_eq!(position(JSON, "date"), Some((2, 11)));
        assert_eq!(position(JSON, "items[1].title"), Some((5, 15)));
        assert_eq!(
            position(JSON, "items[1].votes[0].ballots[1].name"),
            Some((5, 74))
        );
    }

    #[test]
    fn a_path_that_is_not_there_has_no_position() {
        assert_eq!(position(JSON, "items[7].title"), None);
        assert_eq!(position(JSON, "chair.name"), None);
    }
}
