//! A small XML writer: elements, attributes and text, escaped, indented two spaces. Enough
//! for METS, PREMIS and Dublin Core; nothing is parsed.

/// An XML document being written.
pub struct Xml {
    out: String,
    open: Vec<&'static str>,
}

/// Escapes text or an attribute value. Characters XML 1.0 cannot carry (most C0 controls)
/// become U+FFFD, so the document stays well-formed whatever the meeting text holds.
#[must_use]
pub fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            '\t' => out.push_str("&#9;"),
            '\n' => out.push_str("&#10;"),
            '\r' => out.push_str("&#13;"),
            c if (c as u32) < 0x20 || c == '\u{FFFE}' || c == '\u{FFFF}' => out.push('\u{FFFD}'),
            c => out.push(c),
        }
    }
    out
}

impl Default for Xml {
    fn default() -> Self {
        Self::new()
    }
}

impl Xml {
    /// A document with the XML declaration.
    #[must_use]
    pub fn new() -> Xml {
        Xml {
            out: String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"),
            open: Vec::new(),
        }
    }

    fn start(&mut self, name: &str, attrs: &[(&str, &str)]) {
        self.out.push_str(&"  ".repeat(self.open.len()));
        self.out.push('<');
        self.out.push_str(name);
        for (k, v) in attrs {
            self.out.push_str(&format!(" {k}=\"{}\"", escape(v)));
        }
    }

    /// Opens an element that will hold other elements.
    pub fn open(&mut self, name: &'static str, attrs: &[(&str, &str)]) -> &mut Self {
        self.start(name, attrs);
        self.out.push_str(">\n");
        self.open.push(name);
        self
    }

    /// An element with text (or empty, when `text` is empty).
    pub fn leaf(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> &mut Self {
        self.start(name, attrs);
        if text.is_empty() {
            self.out.push_str("/>\n");
        } else {
            self.out.push_str(&format!(">{}</{name}>\n", escape(text)));
        }
        self
    }

    /// Closes the innermost open element.
    pub fn close(&mut self) -> &mut Self {
        let name = self.open.pop().expect("an open element");
        self.out.push_str(&"  ".repeat(self.open.len()));
        self.out.push_str(&format!("</{name}>\n"));
        self
    }

    /// The document; every element must be closed.
    #[must_use]
    pub fn finish(self) -> Vec<u8> {
        assert!(self.open.is_empty(), "unclosed {:?}", self.open);
        self.out.into_bytes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_and_attributes_are_escaped() {
        let mut x = Xml::new();
        x.open("a", &[("t", "\"<&>'")]);
        x.leaf("b", &[], "x < y & \u{1} z");
        x.close();
        let s = String::from_utf8(x.finish()).unwrap();
        assert!(s.contains("t=\"&quot;&lt;&amp;&gt;&apos;\""), "{s}");
        assert!(s.contains("<b>x &lt; y &amp; \u{FFFD} z</b>"), "{s}");
    }
}
