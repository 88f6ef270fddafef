//! Stage 1: JSON text → [`Meeting`].
//!
//! Malformed JSON is reported with line and column; a value of the wrong type, a missing
//! key or an unknown key with its JSON path (serde stops at the first such problem, so this
//! stage reports one; everything that parses is then checked completely by
//! [`crate::validate`]).

use crate::error::Diagnostic;
use crate::model::Meeting;
use serde_json::error::Category;

/// Parses the meeting description, or says precisely why it cannot be read.
pub fn parse_meeting(text: &str) -> Result<Meeting, Diagnostic> {
    let mut de = serde_json::Deserializer::from_str(text);
    let meeting: Meeting = serde_path_to_error::deserialize(&mut de).map_err(to_diagnostic)?;
    de.end().map_err(|e| {
        Diagnostic::error("", "unexpected text after the end of the JSON document")
            .at(e.line(), e.column())
            .with_hint("a meeting file holds exactly one JSON object")
    })?;
    Ok(meeting)
}

fn to_diagnostic(err: serde_path_to_error::Error<serde_json::Error>) -> Diagnostic {
    let path = err.path().to_string();
    let path = if path == "." { String::new() } else { path };
    let inner = err.inner();
    let (line, column) = (inner.line(), inner.column());
    let raw = strip_position(&inner.to_string());
    match inner.classify() {
        Category::Syntax | Category::Eof | Category::Io => {
            Diagnostic::error("", format!("malformed JSON: {raw}"))
                .at(line, column)
                .with_hint("check for a missing comma, quote or bracket just before this position")
        }
        Category::Data => {
            let hint = hint_for(&raw);
            // The list of allowed keys goes into the hint; the message stays one line.
            let message = match raw.split_once("`, expected") {
                Some((head, _)) if raw.starts_with("unknown field") => {
                    format!("unknown key {}`", head.trim_start_matches("unknown field "))
                }
                _ if raw.starts_with("missing field") => {
                    format!(
                        "the required key {} is missing",
                        raw.trim_start_matches("missing field ")
                    )
                }
                _ => raw,
            };
            let mut d = Diagnostic::error(path, message).at(line, column);
            if let Some(h) = hint {
                d = d.with_hint(h);
            }
            d
        }
    }
}

/// serde_json appends " at line L column C"; the diagnostic carries that separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message.to_string(),
    }
}

fn hint_for(message: &str) -> Option<String> {
    if let Some(rest) = message.strip_prefix("unknown field `") {
        let (unknown, rest) = rest.split_once('`')?;
        let expected = backticked(rest);
        let closest = expected
            .iter()
            .map(|k| (edit_distance(unknown, k), k))
            .filter(|(d, _)| *d <= 3)
            .min();
        return Some(match closest {
            Some((_, k)) => format!(
                "did you mean `{k}`? unknown keys are refused so that no data is silently dropped"
            ),
            None => format!(
                "allowed keys here: {}; `protokoll schema` prints the whole format",
                expected.join(", ")
            ),
        });
    }
    if message.starts_with("missing field") {
        return Some("add it to this object; see docs/format.md for what it holds".into());
    }
    if message.starts_with("unknown variant") {
        return Some("use one of the listed values, spelled exactly".into());
    }
    if message.starts_with("invalid type") {
        return Some("see docs/format.md for the type of this key".into());
    }
    None
}

fn backticked(s: &str) -> Vec<String> {
    s.split('`')
        .skip(1)
        .step_by(2)
        .map(str::to_string)
        .collect()
}

/// Levenshtein distance over chars, for "did you mean" hints.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut prev: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut cur = vec![i + 1; b.len() + 1];
        for (j, cb) in b.iter().enumerate() {
            let cost = usize::from(ca != *cb);
            cur[j + 1] = (prev[j] + cost).min(prev[j + 1] + 1).min(cur[j] + 1);
        }
        prev = cur;
    }
    prev[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn malformed_json_has_line_and_column() {
        let d = parse_meeting("{\n  \"version\": 1,\n  \"date\" \"2020\"\n}").unwrap_err();
        assert_eq!(d.position, Some((3, 10)));
        assert!(d.message.starts_with("malformed JSON"), "{d}");
    }

    #[test]
    fn unknown_key_suggests_the_right_one() {
        let d = parse_meeting(r#"{"version": 1, "organisation": {"nmae": "X"}}"#).unwrap_err();
        assert_eq!(d.path, "organisation.nmae");
        assert!(d.hint.unwrap().contains("`name`"));
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("decison", "decision"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
