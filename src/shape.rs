//! The shape of the input: walks the parsed JSON against the format's JSON Schema (the one
//! `protokoll schema` prints, generated from [`crate::model`]) and collects *every* unknown
//! key, missing key, wrong type and value outside its allowed set in one pass.
//!
//! Because the program checks the shape with its own schema, the schema and the program
//! cannot disagree about structure. Each problem is repaired in a copy (unknown keys removed,
//! missing or wrong values replaced by an empty value of the right type) so that the
//! cross-field checks of [`crate::validate`] can still run and report their findings in the
//! same run; the repaired paths are returned so that findings caused only by a repair are
//! left out. Messages speak of texts, numbers and lists, never of the program's types.

use crate::error::Diagnostic;
use serde_json::{Map, Value};
use std::sync::OnceLock;

/// At most this many shape problems are reported; a file with more is not worth listing.
pub const MAX_REPORTED: usize = 200;

/// What the walk found.
#[derive(Debug, Default)]
pub struct ShapeReport {
    /// Every problem, in the order met.
    pub diagnostics: Vec<Diagnostic>,
    /// Paths whose value was replaced or removed to let the later checks run.
    pub repaired: Vec<String>,
}

impl ShapeReport {
    /// Whether `path` lies at or below a repaired path (its findings follow from the repair).
    #[must_use]
    pub fn covers(&self, path: &str) -> bool {
        self.repaired.iter().any(|r| {
            path == r
                || (path.starts_with(r.as_str())
                    && matches!(path.as_bytes().get(r.len()), Some(b'.' | b'[')))
        })
    }
}

/// Characters no text of the format may hold: control characters other than the line
/// break, the byte-order mark and the noncharacters U+FFFE and U+FFFF. The schema states
/// it and [`crate::validate`] refuses them.
pub const FORBIDDEN_CHARACTERS: &str =
    r"[\u0000-\u0009\u000B-\u001F\u007F-\u009F\uFEFF\uFFFE\uFFFF]";

/// Whether a character is one of [`FORBIDDEN_CHARACTERS`].
#[must_use]
pub fn is_forbidden(c: char) -> bool {
    (c.is_control() && c != '\n') || matches!(c, '\u{FEFF}' | '\u{FFFE}' | '\u{FFFF}')
}

/// The format's JSON Schema (Draft 2020-12), as `protokoll schema` prints it: the model's
/// schema with the limits of its numbers and the characters no text may hold.
///
/// Every input is checked against it, so it is read from `src/schema.json` rather than
/// generated from the model in every process (generating it was a tenth of the time of
/// rendering a small protocol). A unit test keeps the file equal to [`generated`].
pub fn schema() -> &'static Value {
    static SCHEMA: OnceLock<Value> = OnceLock::new();
    SCHEMA.get_or_init(|| {
        serde_json::from_str(include_str!("schema.json")).expect("the stored schema parses")
    })
}

/// The schema generated from the model's types (what `src/schema.json` must hold).
#[must_use]
pub fn generated() -> Value {
    let mut s = serde_json::to_value(schemars::schema_for!(crate::model::Meeting))
        .expect("the schema serialises");
    complete(&mut s);
    s
}

fn complete(s: &mut Value) {
    match s {
        Value::Object(map) => {
            map.values_mut().for_each(complete);
            if map.get("format") == Some(&"uint32".into()) {
                map.insert("maximum".into(), u32::MAX.into());
            }
            let is_text = match map.get("type") {
                Some(Value::String(t)) => t == "string",
                Some(Value::Array(ts)) => ts.iter().any(|t| t == "string"),
                _ => false,
            };
            if is_text && !map.contains_key("const") {
                map.insert(
                    "not".into(),
                    serde_json::json!({"type": "string", "pattern": format!(
                        "{FORBIDDEN_CHARACTERS}|\\S{{{}}}",
                        crate::limits::MAX_WORD_CHARS + 1
                    )}),
                );
            }
        }
        Value::Array(list) => list.iter_mut().for_each(complete),
        _ => {}
    }
}

/// Checks `value` against the meeting format, repairing it in place.
pub fn check(value: &mut Value) -> ShapeReport {
    let mut walker = Walker {
        report: ShapeReport::default(),
    };
    walker.walk(schema(), value, "");
    walker.report
}

struct Walker {
    report: ShapeReport,
}

/// A schema with `$ref` followed and `Option`'s "or null" taken off.
fn resolve(s: &Value) -> (&Value, bool) {
    let s = follow(s);
    if let Some(any) = s.get("anyOf").and_then(Value::as_array) {
        if let Some(other) = any.iter().find(|b| b.get("type") != Some(&"null".into())) {
            let nullable = any.iter().any(|b| b.get("type") == Some(&"null".into()));
            return (follow(other), nullable);
        }
    }
    let nullable = s
        .get("type")
        .and_then(Value::as_array)
        .is_some_and(|t| t.iter().any(|x| x == "null"));
    (s, nullable)
}

/// For a value that may be written two ways (`"by": "Anna"` or `"by": ["Anna", "Per"]`):
/// the branch of `anyOf` whose type the value has, or the first one when none fits.
fn alternative<'a>(s: &'a Value, value: &Value) -> &'a Value {
    let Some(any) = follow(s).get("anyOf").and_then(Value::as_array) else {
        return s;
    };
    let branches: Vec<&Value> = any
        .iter()
        .filter(|b| b.get("type") != Some(&"null".into()))
        .collect();
    if branches.len() < 2 {
        return s;
    }
    branches
        .iter()
        .find(|b| {
            let b = follow(b);
            fits(main_type(b), b, value)
        })
        .unwrap_or(&branches[0])
}

fn follow(s: &Value) -> &Value {
    match s.get("$ref").and_then(Value::as_str) {
        Some(r) => {
            let name = r.trim_start_matches("#/$defs/");
            &schema()["$defs"][name]
        }
        None => s,
    }
}

fn ref_name(s: &Value) -> Option<&str> {
    s.get("$ref")
        .and_then(Value::as_str)
        .map(|r| r.trim_start_matches("#/$defs/"))
        .or_else(|| {
            s.get("anyOf")
                .and_then(Value::as_array)?
                .iter()
                .find_map(|b| b.get("$ref").and_then(Value::as_str))
                .map(|r| r.trim_start_matches("#/$defs/"))
        })
}

/// The allowed values of an enumeration (`oneOf` of constants), if `s` is one.
fn allowed_values(s: &Value) -> Option<Vec<&str>> {
    s.get("oneOf")?
        .as_array()?
        .iter()
        .map(|b| b.get("const").and_then(Value::as_str))
        .collect()
}

fn main_type(s: &Value) -> &str {
    match s.get("type") {
        Some(Value::String(t)) => t,
        Some(Value::Array(ts)) => ts
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if s.get("oneOf").is_some() => "string",
        _ => "object",
    }
}

fn child(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

impl Walker {
    fn push(&mut self, d: Diagnostic) {
        self.report.diagnostics.push(d);
    }

    fn walk(&mut self, raw: &Value, value: &mut Value, path: &str) {
        let (s, nullable) = resolve(alternative(raw, value));
        if value.is_null() && nullable {
            return;
        }
        let expected = main_type(s);
        if !fits(expected, s, value) {
            let range = expected == "integer" && value.is_number();
            self.push(wrong_type(raw, value, path, range));
            *value = empty_value(raw);
            self.report.repaired.push(path.to_string());
            return;
        }
        if let Some(allowed) = allowed_values(s) {
            let given = value.as_str().unwrap_or_default();
            if !allowed.contains(&given) {
                self.push(
                    Diagnostic::error(path, format!("`{given}` is not an allowed value here"))
                        .with_hint(format!(
                            "write one of: {}",
                            allowed
                                .iter()
                                .map(|a| format!("\"{a}\""))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )),
                );
                *value = Value::String(allowed[0].to_string());
                self.report.repaired.push(path.to_string());
            }
            return;
        }
        match value {
            Value::Object(map) => self.object(s, map, path),
            Value::Array(list) => {
                let items = &s["items"];
                for (i, v) in list.iter_mut().enumerate() {
                    self.walk(items, v, &format!("{path}[{i}]"));
                }
            }
            _ => {}
        }
    }

    fn object(&mut self, s: &Value, map: &mut Map<String, Value>, path: &str) {
        // Borrowed from the schema, never cloned: this runs for every object of the input.
        let empty = Map::new();
        let props = s
            .get("properties")
            .and_then(Value::as_object)
            .unwrap_or(&empty);
        let unknown: Vec<String> = map
            .keys()
            .filter(|k| !props.contains_key(*k))
            .cloned()
            .collect();
        for key in unknown {
            map.remove(&key);
            let p = child(path, &key);
            self.push(
                Diagnostic::error(&p, format!("unknown key `{key}`"))
                    .with_hint(unknown_key_hint(&key, props.keys())),
            );
            self.report.repaired.push(p);
        }
        let required = s.get("required").and_then(Value::as_array);
        for key in required.into_iter().flatten().filter_map(Value::as_str) {
            if !map.contains_key(key) {
                let p = child(path, key);
                let what = describe(&props[key]);
                self.push(
                    Diagnostic::error(&p, format!("the required key `{key}` is missing"))
                        .with_hint(format!("add `\"{key}\"` to this object: {what}")),
                );
                map.insert(key.to_string(), empty_value(&props[key]));
                self.report.repaired.push(p);
            }
        }
        for (key, v) in map.iter_mut() {
            if let Some(ps) = props.get(key) {
                self.walk(ps, v, &child(path, key));
            }
        }
    }
}

/// Whether `value` has the JSON type the schema asks for (integers within their range).
fn fits(expected: &str, s: &Value, value: &Value) -> bool {
    match expected {
        "string" => value.is_string(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        "integer" => value.as_u64().is_some_and(|n| {
            let min = s.get("minimum").and_then(Value::as_u64).unwrap_or(0);
            let max = s
                .get("maximum")
                .and_then(Value::as_u64)
                .unwrap_or(u64::from(u32::MAX));
            (min..=max).contains(&n)
        }),
        _ => true,
    }
}

fn wrong_type(raw: &Value, value: &Value, path: &str, range: bool) -> Diagnostic {
    let expected = describe(raw);
    let message = if range {
        format!("{value} is out of range: expected {expected}")
    } else {
        format!("expected {expected}, found {}", found(value))
    };
    Diagnostic::error(path, message).with_hint(how_to_write(resolve(raw).0))
}

fn found(value: &Value) -> String {
    match value {
        Value::Null => "null".into(),
        Value::Bool(b) => format!("{b} (true or false)"),
        Value::Number(n) => format!("the number {n}"),
        Value::String(s) if s.chars().count() > 30 => "a text".into(),
        Value::String(s) => format!("the text \"{s}\""),
        Value::Array(_) => "a list".into(),
        Value::Object(_) => "an object { … }".into(),
    }
}

/// Plain words for what a schema accepts: "a whole number", "a list of people".
pub fn describe(raw: &Value) -> String {
    let (s, _) = resolve(raw);
    if let Some(name) = ref_name(raw) {
        if let Some((one, _)) = nouns(name) {
            return one.to_string();
        }
    }
    if let Some(allowed) = allowed_values(s) {
        return format!("one of {}", allowed.join(", "));
    }
    match main_type(s) {
        "string" => "a text in quotes".into(),
        "integer" => range_words(s),
        "boolean" => "true or false".into(),
        "array" => {
            let items = &s["items"];
            match ref_name(items).and_then(nouns) {
                Some((_, many)) => format!("a list of {many}"),
                None => match main_type(resolve(items).0) {
                    "integer" => "a list of whole numbers".into(),
                    _ => "a list of texts".into(),
                },
            }
        }
        _ => "an object { … }".into(),
    }
}

fn range_words(s: &Value) -> String {
    let min = s.get("minimum").and_then(Value::as_u64).unwrap_or(0);
    let max = s
        .get("maximum")
        .and_then(Value::as_u64)
        .unwrap_or(u64::from(u32::MAX));
    format!("a whole number from {min} to {max}")
}

/// What each object of the format is called, once and in the plural.
fn nouns(definition: &str) -> Option<(&'static str, &'static str)> {
    Some(match definition {
        "Person" => ("a person like {\"name\": \"Eva Lind\"}", "people"),
        "Member" => ("a member like {\"name\": \"Eva Lind\"}", "members"),
        "Other" => ("a person like {\"name\": \"Eva Lind\"}", "people"),
        "Organisation" => ("the organisation like {\"name\": \"Sjöbacka kommun\"}", ""),
        "Body" => ("the body like {\"name\": \"Kommunstyrelsen\"}", ""),
        "MeetingTime" => ("times like {\"start\": \"18:00\", \"end\": \"20:00\"}", ""),
        "Break" => (
            "a break like {\"start\": \"19:00\", \"end\": \"19:15\"}",
            "breaks",
        ),
        "Numbering" => ("numbering like {\"start\": 45}", ""),
        "Adjustment" => ("an adjustment like {\"date\": \"2024-03-19\"}", ""),
        "Notice" => ("a notice like {\"posted\": \"2024-03-20\"}", ""),
        "Item" => (
            "an item (ärende) like {\"title\": \"…\"}",
            "items (ärenden)",
        ),
        "Proposal" => (
            "a proposal like {\"by\": [\"Eva Lind\"], \"text\": \"…\"}",
            "proposals",
        ),
        "Statement" => (
            "a note like {\"by\": [\"Eva Lind\"], \"text\": \"…\"}",
            "notes",
        ),
        "Reservation" => (
            "a reservation like {\"by\": [\"Eva Lind\"]}",
            "reservations",
        ),
        "Vote" => (
            "a vote with question, yes, no and ballots",
            "votes (omröstningar)",
        ),
        "Ballot" => (
            "a ballot like {\"name\": \"Eva Lind\", \"vote\": \"yes\"}",
            "ballots",
        ),
        "Attachment" => ("an attachment like {\"title\": \"…\"}", "attachments"),
        "Adjuster" => ("a person like {\"name\": \"Eva Lind\"}", "people"),
        "CommitteeProposal" => (
            "a committee proposal like {\"body\": \"Kommunstyrelsen\", \"text\": \"…\"}",
            "committee proposals",
        ),
        "SpecialStatement" => (
            "a special statement like {\"by\": \"Eva Lind\", \"text\": \"…\"}",
            "special statements",
        ),
        "Names" => (
            "a name in quotes, or a list of names like [\"Eva Lind\", \"Per Ek\"]",
            "lists of names",
        ),
        _ => return None,
    })
}

fn how_to_write(s: &Value) -> String {
    match main_type(s) {
        "string" => "put the text in double quotes: \"…\"".into(),
        "integer" => "write the number with digits and without quotes, e.g. 12".into(),
        "boolean" => "write true or false, without quotes".into(),
        "array" => "put the entries in square brackets, separated by commas: [ …, … ]".into(),
        _ => "write an object in braces with its keys: { \"key\": value, … }; `protokoll schema` shows them".into(),
    }
}

fn unknown_key_hint<'a>(key: &str, allowed: impl Iterator<Item = &'a String>) -> String {
    let allowed: Vec<&String> = allowed.collect();
    let closest = allowed
        .iter()
        .map(|k| (edit_distance(&key.to_lowercase(), k), *k))
        .filter(|(d, k)| *d <= 3.min(k.chars().count() / 2).max(1))
        .min();
    match closest {
        Some((_, k)) => format!(
            "did you mean `{k}`? unknown keys are refused so that no data is silently dropped"
        ),
        None => format!(
            "allowed keys here: {}",
            allowed
                .iter()
                .map(|k| format!("`{k}`"))
                .collect::<Vec<_>>()
                .join(", ")
        ),
    }
}

/// An empty value of the type the schema asks for, standing in for a missing or wrong one.
fn empty_value(raw: &Value) -> Value {
    let (s, nullable) = resolve(raw);
    if nullable {
        return Value::Null;
    }
    if let Some(allowed) = allowed_values(s) {
        return Value::String(allowed[0].to_string());
    }
    match main_type(s) {
        "string" => Value::String(String::new()),
        "integer" => Value::from(s.get("minimum").and_then(Value::as_u64).unwrap_or(0)),
        "boolean" => Value::Bool(false),
        "array" => Value::Array(Vec::new()),
        _ => {
            let mut map = Map::new();
            let props = &s["properties"];
            for key in s["required"].as_array().into_iter().flatten() {
                if let Some(k) = key.as_str() {
                    map.insert(k.to_string(), empty_value(&props[k]));
                }
            }
            Value::Object(map)
        }
    }
}

/// Levenshtein distance over chars, for "did you mean" hints.
#[must_use]
pub fn edit_distance(a: &str, b: &str) -> usize {
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

    #[test]
    fn the_stored_schema_is_the_models() {
        assert!(
            *schema() == generated(),
            "src/schema.json is out of date: `cargo run -- schema > src/schema.json`"
        );
    }
    use super::*;
    use serde_json::json;

    #[test]
    fn reports_every_problem_and_repairs_them() {
        let mut v = json!({"version": "1", "organisation": {"nmae": "X"}, "items": [{"title": 3}]});
        let r = check(&mut v);
        let paths: Vec<&str> = r.diagnostics.iter().map(|d| d.path.as_str()).collect();
        assert!(paths.contains(&"version"), "{paths:?}");
        assert!(paths.contains(&"organisation.nmae"), "{paths:?}");
        assert!(paths.contains(&"organisation.name"), "{paths:?}");
        assert!(paths.contains(&"items[0].title"), "{paths:?}");
        assert!(paths.contains(&"date"), "{paths:?}");
        let nmae = r
            .diagnostics
            .iter()
            .find(|d| d.path == "organisation.nmae")
            .unwrap();
        assert!(nmae.hint.as_ref().unwrap().contains("`name`"));
        // The repaired value deserialises.
        serde_json::from_value::<crate::model::Meeting>(v).unwrap();
        assert!(r.covers("organisation.name"));
        assert!(r.covers("items[0].title"));
        assert!(!r.covers("items[0].titles"));
    }

    #[test]
    fn names_are_one_name_or_a_list() {
        let statement = |by: Value| {
            let mut v = serde_json::json!({"version": 1, "items": [{"title": "A",
                "statements": [{"by": by, "text": "…"}]}]});
            let report = check(&mut v);
            report
                .diagnostics
                .into_iter()
                .filter(|d| d.path.starts_with("items[0].statements"))
                .map(|d| d.message)
                .collect::<Vec<_>>()
        };
        assert!(statement("Eva Lind".into()).is_empty());
        assert!(statement(serde_json::json!(["Eva Lind", "Per Ek"])).is_empty());
        let wrong = statement(5.into());
        assert_eq!(wrong.len(), 1, "{wrong:?}");
        assert!(
            wrong[0].contains("a name in quotes, or a list of names"),
            "{wrong:?}"
        );
        let wrong = statement(serde_json::json!(["Eva Lind", 5]));
        assert!(wrong[0].contains("a text in quotes"), "{wrong:?}");
    }

    #[test]
    fn numbers_beyond_their_range_are_refused() {
        let mut v = json!({"version": 1, "numbering": {"start": 4294967296u64}});
        let r = check(&mut v);
        let d = r
            .diagnostics
            .iter()
            .find(|d| d.path == "numbering.start")
            .unwrap();
        assert!(d.message.contains("out of range"), "{}", d.message);
    }

    #[test]
    fn edit_distance_counts_edits() {
        assert_eq!(edit_distance("decison", "decision"), 1);
        assert_eq!(edit_distance("", "abc"), 3);
    }
}
