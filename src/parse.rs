//! Stage 1: bytes of a meeting file → text → JSON → [`Meeting`].
//!
//! Decoding: UTF-8 (a byte-order mark is accepted and dropped) and UTF-16 with a byte-order
//! mark are read; anything else (typically Windows-1252 / Latin-1 from older Windows tools)
//! is refused with the line of the first byte that is not UTF-8 and how to save the file
//! as UTF-8. Malformed JSON stops with one error at its line and column, naming the usual
//! culprits of hand-written files (curly quotes, a real line break inside a text). Everything
//! else — unknown, missing and wrong-typed keys — is found in one pass by [`crate::shape`].

use crate::error::Diagnostic;
use crate::model::Meeting;
use crate::shape::{self, ShapeReport};
use serde_json::error::Category;
use serde_json::Value;

/// Largest meeting file read, in bytes: 40 times the 34-item kommunfullmäktige sample, and
/// small enough that the largest accepted protocol renders in seconds (README, "Limits").
pub const MAX_INPUT_BYTES: u64 = 1024 * 1024;

/// A meeting read from JSON: the (repaired) model and every shape problem found.
#[derive(Debug)]
pub struct Read {
    /// The meeting; where the shape had problems, repaired with empty values.
    pub meeting: Meeting,
    /// Unknown keys, missing keys, wrong types (empty when the shape is right).
    pub shape: ShapeReport,
}

/// The text of a meeting file: UTF-8 (with or without a byte-order mark) or UTF-16 with one.
pub fn decode(bytes: &[u8]) -> Result<String, Diagnostic> {
    if bytes.len() as u64 > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    utf8(bytes)
}

/// The error for a meeting file over [`MAX_INPUT_BYTES`].
#[must_use]
pub fn too_large(size: u64) -> Diagnostic {
    Diagnostic::error(
        "",
        format!("the file is {size} bytes; meeting files may be at most {MAX_INPUT_BYTES} bytes"),
    )
    .with_hint("a meeting description is text only; put long documents in attachment files")
}

fn utf8(bytes: &[u8]) -> Result<String, Diagnostic> {
    match std::str::from_utf8(bytes) {
        Ok(s) => Ok(s.to_string()),
        Err(e) => {
            let good = &bytes[..e.valid_up_to()];
            let line = good.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = good.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&good[line_start..]).chars().count() + 1;
            let byte = bytes[e.valid_up_to()];
            let message = if byte >= 0x80 && looks_like_windows_1252(bytes) {
                format!(
                    "the file is not UTF-8: it looks like Windows-1252 (Latin-1); the byte 0x{byte:02X} here is {:?} in that encoding",
                    windows_1252(byte)
                )
            } else {
                format!("the file is not UTF-8 text (byte 0x{byte:02X})")
            };
            Err(Diagnostic::error("", message).at(line, column).with_hint(
                "save the file as UTF-8 (in Notepad: Save as… → Encoding: UTF-8; in Excel/Word choose \"UTF-8\")",
            ))
        }
    }
}

/// Single high bytes between ASCII, as Windows-1252 writes å, ä, ö, é: not UTF-8 sequences.
fn looks_like_windows_1252(bytes: &[u8]) -> bool {
    let high = bytes.iter().filter(|&&b| b >= 0x80).count();
    let lone = bytes
        .windows(2)
        .filter(|w| w[0] >= 0x80 && w[1] < 0x80)
        .count();
    high > 0 && lone * 2 >= high
}

fn windows_1252(byte: u8) -> char {
    const HIGH: &str = "€\u{81}‚ƒ„…†‡ˆ‰Š‹Œ\u{8D}Ž\u{8F}\u{90}‘’“”•–—˜™š›œ\u{9D}žŸ";
    match byte {
        0x80..=0x9F => HIGH.chars().nth(usize::from(byte - 0x80)).unwrap_or('?'),
        _ => char::from(byte),
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Result<String, Diagnostic> {
    if !bytes.len().is_multiple_of(2) {
        return Err(
            Diagnostic::error("", "the UTF-16 file ends in half a character")
                .with_hint("save the file again, preferably as UTF-8"),
        );
    }
    let units = bytes.chunks_exact(2).map(|c| unit([c[0], c[1]]));
    char::decode_utf16(units)
        .collect::<Result<String, _>>()
        .map_err(|_| {
            Diagnostic::error("", "the UTF-16 file holds a broken character")
                .with_hint("save the file again, preferably as UTF-8")
        })
}

/// Parses the meeting description. Malformed JSON is the one error that stops at once;
/// shape problems are all collected in [`Read::shape`].
pub fn read_meeting(text: &str) -> Result<Read, Diagnostic> {
    let text = text.strip_prefix('\u{FEFF}').unwrap_or(text);
    let mut value: Value = serde_json::from_str(text).map_err(|e| syntax(text, &e))?;
    let shape = shape::check(&mut value);
    let meeting = serde_json::from_value(value).map_err(|e| {
        // The walk repaired everything the schema describes; this is a last resort.
        Diagnostic::error("", format!("the meeting cannot be read: {e}"))
    })?;
    Ok(Read { meeting, shape })
}

/// Parses a meeting that must be free of shape problems (the first one is returned).
pub fn parse_meeting(text: &str) -> Result<Meeting, Diagnostic> {
    let read = read_meeting(text)?;
    match read.shape.diagnostics.into_iter().next() {
        Some(d) => Err(d),
        None => Ok(read.meeting),
    }
}

fn syntax(text: &str, e: &serde_json::Error) -> Diagnostic {
    let (line, column) = (e.line(), e.column());
    let raw = strip_position(&e.to_string());
    if e.classify() == Category::Data {
        // Only numbers too large for JSON itself get here.
        return Diagnostic::error("", format!("a value cannot be read: {raw}"))
            .at(line, column)
            .with_hint("write numbers as plain whole numbers, e.g. 12");
    }
    let (mut line, mut column) = (line, column);
    let this_line = text.lines().nth(line.saturating_sub(1)).unwrap_or("");
    let (message, hint) = if raw.contains("control character") {
        // serde_json counts a raw line break as the start of the next line (column 0).
        if column == 0 && line > 1 {
            line -= 1;
            column = text.lines().nth(line - 1).map_or(0, |l| l.chars().count()) + 1;
            (
                "a text goes on over a line break".to_string(),
                "a text must stay on one line: write \\n for a new line and \\n\\n for a new paragraph, e.g. \"Första stycket.\\n\\nAndra stycket.\"",
            )
        } else {
            (
                "a text holds a control character (such as a tab)".to_string(),
                "write \\t for a tab, or remove the character",
            )
        }
    } else if this_line.contains(['\u{201C}', '\u{201D}', '\u{201E}', '\u{2018}', '\u{2019}']) {
        (
            format!("this line has curly quotes (“ ” ‘ ’), which JSON does not accept ({raw})"),
            "write straight double quotes \" around keys and texts; word processors replace them, so edit the file in a text editor",
        )
    } else if e.classify() == Category::Eof {
        (
            format!("malformed JSON: the file ends too early ({raw})"),
            "check that every {, [ and \" is closed",
        )
    } else {
        (
            format!("malformed JSON: {raw}"),
            "check for a missing comma, quote or bracket just before this position",
        )
    };
    Diagnostic::error("", message)
        .at(line, column)
        .with_hint(hint)
}

/// serde_json appends " at line L column C"; the diagnostic carries that separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_has_line_and_column() {
        let d = read_meeting("{\n  \"version\": 1,\n  \"date\" \"2020\"\n}").unwrap_err();
        assert_eq!(d.position, Some((3, 10)));
        assert!(d.message.starts_with("malformed JSON"), "{d}");
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let read = read_meeting(r#"{"version": 1, "organisation": {"nmae": "X"}}"#).unwrap();
        let d = read
            .shape
            .diagnostics
            .iter()
            .find(|d| d.path == "organisation.nmae");
        assert!(d.unwrap().hint.as_ref().unwrap().contains("`name`"));
    }

    #[test]
    fn byte_order_marks_and_utf16_are_read() {
        assert_eq!(decode(b"\xEF\xBB\xBF{}").unwrap(), "{}");
        assert_eq!(decode(b"\xFF\xFE{\x00}\x00").unwrap(), "{}");
        assert_eq!(decode(b"\xFE\xFF\x00{\x00}").unwrap(), "{}");
        assert!(decode(b"\xFF\xFE{").is_err());
    }

    #[test]
    fn windows_1252_is_named_with_its_line() {
        let d = decode(b"{\n\"place\": \"Sj\xF6backa\"}").unwrap_err();
        assert_eq!(d.position, Some((2, 13)));
        assert!(d.message.contains("Windows-1252"), "{d}");
        assert!(d.message.contains("'ö'"), "{d}");
        assert!(d.hint.unwrap().contains("UTF-8"));
    }

    #[test]
    fn curly_quotes_and_line_breaks_are_named() {
        let d = read_meeting("{\n  “version”: 1}").unwrap_err();
        assert!(d.message.contains("curly quotes"), "{d}");
        assert_eq!(d.position.unwrap().0, 2);
        let d = read_meeting("{\"place\": \"Rad ett\nrad två\"}").unwrap_err();
        assert!(d.message.contains("line break"), "{d}");
        assert_eq!(d.position.unwrap().0, 1);
        assert!(d.hint.unwrap().contains("\\n\\n"));
    }
}
