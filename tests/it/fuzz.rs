//! A structure-aware fuzz test with a fixed seed: a few thousand mutations of the samples
//! and fixtures (texts replaced by hostile ones, numbers pushed out of range, keys dropped
//! or invented, types changed, names moved between lists) go through the library's whole
//! check and layout. For every case: no panic; a refusal names a JSON path and a position for
//! every error, in plain words; an accepted meeting has every word of every printed input
//! text on its pages (checked here independently of the program's own completeness check,
//! on the laid-out document). Every 40th accepted case is also written as PDF.

use crate::diagnostics::assert_plain_words;
use crate::support::rng::Rng;
use crate::support::*;
use protokoll::error::Error;
use protokoll::layout::{Element, Variant};
use protokoll::resources::MemoryResources;
use serde_json::{json, Value};

fn hostile_texts() -> Vec<String> {
    vec![
        String::new(),
        " ".into(),
        "\u{0}".into(),
        "a\u{7}b".into(),
        "\u{FFFF}".into(),
        "\u{FEFF}Text".into(),
        "x".repeat(299),
        "y".repeat(301),
        (0..120)
            .map(|i| format!("ord{i}"))
            .collect::<Vec<_>>()
            .join(" "),
        "Nämnden beslutar\n1. att godkänna\n2. att avslå".into(),
        "Lista:\n- ett\n- två".into(),
        "Första stycket.\n\nAndra stycket med **fet** och *kursiv*.".into(),
        "**öppen *stjärna".into(),
        "漢字".into(),
        "2024-02-30".into(),
        "25:00".into(),
        "Kalle Anka".into(),
        "Ärende – åäö ÅÄÖ é ü ß € § ½".into(),
        "https://www.example.se/en/mycket/lång/adress/som/inte/bryts?x=1&y=2".into(),
        "Kommunfullmäktigeledamotsersättarutbildningsprogramsansvarig".into(),
    ]
}

fn hostile_values(rng: &mut Rng) -> Value {
    let texts = hostile_texts();
    match rng.below(10) {
        0 => json!(0),
        1 => json!(-1),
        2 => json!(u32::MAX),
        3 => json!(u64::from(u32::MAX) + 1),
        4 => json!(1.5),
        5 => Value::Null,
        6 => json!(true),
        7 => json!([]),
        8 => json!({}),
        _ => Value::String(texts[rng.below(texts.len())].clone()),
    }
}

/// Every node of the value, by path of keys and indices.
fn nodes(v: &Value, path: &mut Vec<Value>, out: &mut Vec<Vec<Value>>) {
    out.push(path.clone());
    match v {
        Value::Object(o) => {
            for (k, x) in o {
                path.push(Value::String(k.clone()));
                nodes(x, path, out);
                path.pop();
            }
        }
        Value::Array(a) => {
            for (i, x) in a.iter().enumerate() {
                path.push(json!(i));
                nodes(x, path, out);
                path.pop();
            }
        }
        _ => {}
    }
}

fn at<'a>(v: &'a mut Value, path: &[Value]) -> &'a mut Value {
    path.iter().fold(v, |v, seg| match seg {
        Value::String(k) => &mut v[k.as_str()],
        Value::Number(i) => &mut v[i.as_u64().unwrap() as usize],
        _ => unreachable!(),
    })
}

fn mutate(v: &mut Value, rng: &mut Rng) {
    let mut all = Vec::new();
    nodes(v, &mut Vec::new(), &mut all);
    let path = all[rng.below(all.len())].clone();
    let texts = hostile_texts();
    let names: Vec<String> = v["members"]
        .as_array()
        .map(|m| {
            m.iter()
                .filter_map(|x| x["name"].as_str())
                .map(String::from)
                .collect()
        })
        .unwrap_or_default();
    let node = at(v, &path);
    match rng.below(8) {
        // Strings mostly get hostile texts: that is where secretaries' files differ.
        0..=2 if node.is_string() => {
            *node = Value::String(texts[rng.below(texts.len())].clone());
        }
        3 if node.is_string() && !names.is_empty() => {
            *node = Value::String(names[rng.below(names.len())].clone());
        }
        4 => {
            if let Value::Object(o) = node {
                let keys: Vec<String> = o.keys().cloned().collect();
                if !keys.is_empty() {
                    o.remove(&keys[rng.below(keys.len())]);
                }
                if rng.below(2) == 0 {
                    o.insert("okänd".into(), json!("x"));
                }
            }
        }
        5 => {
            if let Value::Array(a) = node {
                if !a.is_empty() {
                    let i = rng.below(a.len());
                    if rng.below(2) == 0 {
                        let copy = a[i].clone();
                        a.push(copy);
                    } else {
                        a.remove(i);
                    }
                }
            }
        }
        _ if !path.is_empty() => *node = hostile_values(rng),
        _ => {}
    }
}

/// Input fields that are not printed as written (the same set the format documents).
const NOT_PRINTED: &[&str] = &[
    "version", "layout", "date", "start", "end", "posted", "removed", "logo", "file", "role",
    "vote", "style",
];

/// Printed elsewhere (and warned about when it would be lost): the chair's and secretary's
/// parties.
fn party_printed_elsewhere(owner: &str, key: &str) -> bool {
    key == "party" && (owner == "chair" || owner == "secretary")
}

fn printed_texts(v: &Value, key: &str, out: &mut Vec<String>) {
    match v {
        Value::String(s) if !NOT_PRINTED.contains(&key) => out.push(s.clone()),
        Value::Array(a) => a.iter().for_each(|x| printed_texts(x, key, out)),
        Value::Object(o) => {
            let confidential = o.get("confidential") == Some(&Value::Bool(true));
            for (k, x) in o {
                if party_printed_elsewhere(key, k) || (k == "confidential_reason" && !confidential)
                {
                    continue;
                }
                if k == "name"
                    && key == "body"
                    && o.get("heading")
                        .is_some_and(|h| h.as_array().is_some_and(|h| !h.is_empty()))
                {
                    continue;
                }
                printed_texts(x, k, out);
            }
        }
        _ => {}
    }
}

fn letters(s: &str) -> String {
    s.chars().filter(|c| c.is_alphanumeric()).collect()
}

#[test]
fn mutated_meetings_never_panic_lose_text_or_refuse_without_a_path() {
    let bases: Vec<(String, usize)> = [
        (fixture("minimal.json"), 6),
        (fixture("bad/roll-call-incomplete.json"), 3),
        (seed(), 1),
    ]
    .into_iter()
    .map(|(p, w)| (std::fs::read_to_string(p).unwrap(), w))
    .collect();
    let weighted: Vec<&String> = bases
        .iter()
        .flat_map(|(t, w)| std::iter::repeat_n(t, *w))
        .collect();
    let resources = MemoryResources::default();
    let mut rng = Rng(0x5EED_2024_0521);
    let (mut accepted, mut refused, mut written) = (0, 0, 0);
    const CASES: usize = 3_000;
    for case in 0..CASES {
        let base = weighted[rng.below(weighted.len())];
        let mut v: Value = serde_json::from_str(base).unwrap();
        for _ in 0..1 + rng.below(3) {
            mutate(&mut v, &mut rng);
        }
        let text = serde_json::to_string_pretty(&v).unwrap();
        let what = format!(
            "case {case}: {}",
            text.chars().take(3000).collect::<String>()
        );
        let outcome = std::panic::catch_unwind(|| {
            let prepared = protokoll::prepare(&text, None, &resources)?;
            let doc = protokoll::lay_out_whole(&text, &prepared, &Variant::default())?;
            Ok((prepared, doc))
        });
        let result = outcome.unwrap_or_else(|_| panic!("panic in {what}"));
        match result {
            Err(Error::Input(diagnostics)) => {
                refused += 1;
                for d in diagnostics.iter().filter(|d| d.is_error()) {
                    if d.message.starts_with("… and ") {
                        continue;
                    }
                    assert!(!d.path.is_empty(), "a refusal without a path: {d}\n{what}");
                    assert!(
                        d.position.is_some(),
                        "a refusal without a position: {d}\n{what}"
                    );
                    assert_plain_words(&what, &d.to_string());
                }
            }
            Err(other) => panic!("refused without diagnostics: {other}\n{what}"),
            Ok((prepared, doc)) => {
                accepted += 1;
                let mut on_pages = String::new();
                for page in &doc.pages {
                    for e in &page.elements {
                        if let Element::Text { run, .. } = e {
                            on_pages.push_str(&letters(&run.text));
                        }
                    }
                }
                let mut texts = Vec::new();
                printed_texts(&v, "", &mut texts);
                for t in texts {
                    for word in t.split_whitespace() {
                        assert!(
                            on_pages.contains(&letters(word)),
                            "accepted, but {word:?} is not on the pages\n{what}"
                        );
                    }
                }
                if accepted % 40 == 1 {
                    let options = protokoll::RenderOptions::default();
                    protokoll::render_prepared(&text, prepared, &options)
                        .unwrap_or_else(|e| panic!("laid out but not written: {e}\n{what}"));
                    written += 1;
                }
            }
        }
    }
    eprintln!("{CASES} cases: {accepted} accepted ({written} written as PDF), {refused} refused");
    assert!(
        accepted > CASES / 10 && refused > CASES / 10,
        "the mutations are too mild or too harsh"
    );
}
