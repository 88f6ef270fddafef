//! Bad inputs: each fixture in `tests/fixtures/bad/` gives exactly the diagnostics in its
//! `.expected` file (JSON path, message, hint), exit code 1, and no PDF.

use crate::support::*;

#[test]
fn bad_inputs_give_their_expected_diagnostics_and_no_pdf() {
    let dir = tempfile::tempdir().unwrap();
    let bad = fixture("bad");
    let mut seen = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&bad)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for input in entries
        .into_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "json"))
    {
        seen += 1;
        let name = input.file_name().unwrap().to_string_lossy().into_owned();
        let expected = std::fs::read_to_string(input.with_extension("expected")).unwrap();
        let pdf = dir.path().join(format!("{name}.pdf"));
        let out = protokoll(&[
            "render",
            input.to_str().unwrap(),
            "-o",
            pdf.to_str().unwrap(),
        ]);
        assert_eq!(out.status.code(), Some(1), "{name}: exit code");
        assert!(!pdf.exists(), "{name}: a PDF was written");
        let leftovers: Vec<_> = std::fs::read_dir(dir.path()).unwrap().collect();
        assert!(
            leftovers.is_empty(),
            "{name}: files left behind: {leftovers:?}"
        );
        let prefix = format!("{}: ", input.display());
        let stderr = String::from_utf8_lossy(&out.stderr).replace(&prefix, "");
        assert_eq!(stderr, expected, "{name}: diagnostics differ");
        // `check` reports the same and fails the same way.
        let check = protokoll(&["check", input.to_str().unwrap()]);
        assert_eq!(check.status.code(), Some(1), "{name}: check exit code");
    }
    assert!(seen >= 10, "fixtures missing");
}

#[test]
fn warnings_do_not_fail() {
    let input = fixture("outside-chair-warning.json");
    let out = protokoll(&["check", input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(0));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("warning at line 17, column 13 in `chair.name`"),
        "{stderr}"
    );
}

#[test]
fn a_good_file_checks_clean() {
    let out = protokoll(&["check", fixture("minimal.json").to_str().unwrap()]);
    assert_eq!(
        out.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(
        out.stderr.is_empty(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
}

#[test]
fn a_user_layout_with_an_unknown_key_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("egen.toml");
    std::fs::write(&layout, "name = \"egen\"\n[labels]\nbeslut = \"Beslut\"\n").unwrap();
    let pdf = dir.path().join("x.pdf");
    let out = protokoll(&[
        "render",
        fixture("minimal.json").to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
        "--layout",
        layout.to_str().unwrap(),
    ]);
    let stderr = refused(&out, &pdf);
    assert!(stderr.contains("unknown key `beslut`"), "{stderr}");
}

#[test]
fn a_user_layout_renames_labels() {
    let dir = tempfile::tempdir().unwrap();
    let layout = dir.path().join("region.toml");
    std::fs::write(&layout, "name = \"region\"\nnumbering = \"plain\"\n[labels]\ndecision = \"Regionstyrelsens beslut\"\n").unwrap();
    let pdf = dir.path().join("x.pdf");
    render(
        &fixture("minimal.json"),
        &pdf,
        &["--layout", layout.to_str().unwrap()],
    );
    if have("pdftotext") {
        let text = extracted_text(&pdf, None);
        assert!(text.contains("Regionstyrelsensbeslut"));
        assert!(text.contains("12.Läsårstider"));
    }
}

#[test]
fn schema_describes_the_format() {
    let out = protokoll(&["schema"]);
    assert!(out.status.success());
    let schema: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let props = &schema["properties"];
    for key in [
        "version",
        "organisation",
        "body",
        "date",
        "chair",
        "adjusters",
        "members",
        "items",
    ] {
        assert!(props.get(key).is_some(), "schema lacks {key}");
    }
    assert_eq!(
        schema["additionalProperties"],
        serde_json::Value::Bool(false)
    );
}

/// Every diagnostic of every bad fixture, as printed.
fn all_bad_messages() -> Vec<(String, String)> {
    let mut out = Vec::new();
    for entry in std::fs::read_dir(fixture("bad")).unwrap() {
        let p = entry.unwrap().path();
        if p.extension().is_some_and(|e| e == "expected") {
            let name = p.file_name().unwrap().to_string_lossy().into_owned();
            out.push((name, std::fs::read_to_string(&p).unwrap()));
        }
    }
    out
}

/// Words that only the program's own types and serde would use.
const RUST_WORDS: &[&str] = &[
    "u32",
    "u64",
    "usize",
    "i64",
    "f32",
    "f64",
    "String",
    "Vec<",
    "Option<",
    "struct",
    "variant",
    "sequence",
    "invalid type",
    "Person",
    "Member",
    "Meeting",
    "Ballot",
    "Answer",
    "Role",
    "Proposal",
    "Statement",
    "Reservation",
    "Attachment",
    "Organisation",
    "MeetingTime",
    "Numbering",
    "Adjustment",
    "FrontBlock",
    "ItemBlock",
    "EndBlock",
    "AttachmentList",
    "Signatures",
    "unknown field",
    "missing field",
];

pub(crate) fn assert_plain_words(what: &str, text: &str) {
    for w in RUST_WORDS {
        let hit = text.match_indices(w).any(|(i, _)| {
            // Whole words only: "Members" in a hint is not the type `Member` … but is refused
            // too, since the format says `members`.
            let before = text[..i].chars().next_back();
            !before.is_some_and(|c| c.is_alphanumeric() || c == '`')
        });
        assert!(
            !hit,
            "{what}: a message names the program's type {w:?}:\n{text}"
        );
    }
}

#[test]
fn no_message_names_a_rust_type() {
    let messages = all_bad_messages();
    assert!(messages.len() >= 40, "bad fixtures missing");
    for (name, text) in messages {
        assert_plain_words(&name, &text);
    }
}

#[test]
fn five_different_mistakes_are_reported_in_one_run() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let input = fixture("bad/five-mistakes.json");
    let out = protokoll(&[
        "render",
        input.to_str().unwrap(),
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let stderr = refused(&out, &pdf);
    for (path, what) in [
        ("items[0].decison", "unknown key"),
        ("members[2].party", "expected a text"),
        ("place", "the required key `place` is missing"),
        ("date", "is not a day of the calendar"),
        (
            "items[0].votes[0].ballots[2].name",
            "is not among the members",
        ),
    ] {
        let line = stderr
            .lines()
            .find(|l| l.contains(&format!("in `{path}`: ")))
            .unwrap_or_else(|| panic!("no diagnostic at {path}:\n{stderr}"));
        assert!(line.contains(what), "{line}");
        assert!(line.contains("error at line "), "no line: {line}");
    }
}

/// The format's schema under an independent Draft 2020-12 validator (Python `jsonschema`, with
/// format checking) agrees with `protokoll check` on every fixture and sample: good ones pass
/// both, bad ones fail both, except the mistakes listed in `bad/beyond-schema.txt`, which the
/// schema cannot express (and which it must then accept, so the list stays true).
#[test]
fn the_schema_and_the_program_agree_on_every_fixture() {
    let has_validator = std::process::Command::new("python3")
        .args(["-c", "import jsonschema"])
        .status()
        .is_ok_and(|s| s.success());
    if !has_validator {
        assert!(
            std::env::var("CI").is_err(),
            "python3 with jsonschema is needed (pip install jsonschema)"
        );
        eprintln!("skipped: python3 jsonschema is missing");
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let schema = dir.path().join("schema.json");
    std::fs::write(&schema, protokoll(&["schema"]).stdout).unwrap();
    let beyond: Vec<String> = std::fs::read_to_string(fixture("bad/beyond-schema.txt"))
        .unwrap()
        .lines()
        .filter(|l| !l.starts_with('#') && !l.trim().is_empty())
        .map(|l| l.split(':').next().unwrap().trim().to_string())
        .collect();
    let mut inputs: Vec<std::path::PathBuf> = samples();
    inputs.push(fixture("minimal.json"));
    inputs.push(fixture("outside-chair-warning.json"));
    for e in std::fs::read_dir(fixture("bad")).unwrap() {
        let p = e.unwrap().path();
        if p.extension().is_some_and(|e| e == "json") {
            inputs.push(p);
        }
    }
    const SCRIPT: &str = r#"
import json, sys, jsonschema
cls = jsonschema.Draft202012Validator
cls.check_schema(json.load(open(sys.argv[1])))
v = cls(json.load(open(sys.argv[1])), format_checker=cls.FORMAT_CHECKER)
for path in sys.argv[2:]:
    try:
        inst = json.loads(open(path, 'rb').read().decode('utf-8'))
        print('valid' if v.is_valid(inst) else 'invalid')
    except ValueError:
        print('invalid')
"#;
    let mut args = vec!["-c", SCRIPT, schema.to_str().unwrap()];
    args.extend(inputs.iter().map(|p| p.to_str().unwrap()));
    let out = std::process::Command::new("python3")
        .args(&args)
        .output()
        .unwrap();
    assert_success(&out);
    let verdicts = String::from_utf8(out.stdout).unwrap();
    let verdicts: Vec<&str> = verdicts.lines().collect();
    assert_eq!(verdicts.len(), inputs.len());
    for (input, verdict) in inputs.iter().zip(verdicts) {
        let name = input.file_stem().unwrap().to_string_lossy().into_owned();
        let program_ok = protokoll(&["check", input.to_str().unwrap()])
            .status
            .success();
        let schema_ok = verdict == "valid";
        let is_bad = input.parent().unwrap().ends_with("bad");
        assert_eq!(program_ok, !is_bad, "{name}: protokoll check");
        let expected_schema_ok = !is_bad || beyond.contains(&name);
        assert_eq!(
            schema_ok, expected_schema_ok,
            "{name}: the schema says {verdict}"
        );
    }
}

fn minimal_text() -> String {
    std::fs::read_to_string(fixture("minimal.json")).unwrap()
}

/// A file with a byte-order mark, and UTF-16 files (with their mark), are read.
#[test]
fn byte_order_marks_and_utf16_are_accepted() {
    let dir = tempfile::tempdir().unwrap();
    let text = minimal_text();
    let mut utf16le = vec![0xFF, 0xFE];
    utf16le.extend(text.encode_utf16().flat_map(u16::to_le_bytes));
    let mut utf16be = vec![0xFE, 0xFF];
    utf16be.extend(text.encode_utf16().flat_map(u16::to_be_bytes));
    let mut bom = b"\xEF\xBB\xBF".to_vec();
    bom.extend(text.as_bytes());
    for (name, bytes) in [("bom", bom), ("utf16le", utf16le), ("utf16be", utf16be)] {
        let input = dir.path().join(format!("{name}.json"));
        std::fs::write(&input, bytes).unwrap();
        let pdf = dir.path().join(format!("{name}.pdf"));
        render(&input, &pdf, &[]);
        if have("pdftotext") {
            let t = extracted_text(&pdf, None);
            assert!(t.contains(&squash("Läsårstiderna fastställs.")), "{name}");
        }
    }
}

/// Pipes and devices are refused without being opened (opening a pipe waits for a writer:
/// if the program tried, this test would hang instead of failing).
#[test]
fn pipes_are_refused_as_input_logo_and_attachment() {
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe.json");
    let made = std::process::Command::new("mkfifo").arg(&fifo).status();
    assert!(made.is_ok_and(|s| s.success()), "mkfifo is needed");
    let out = protokoll(&["check", fifo.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("not an ordinary file"));
    let mut json: serde_json::Value = serde_json::from_str(&minimal_text()).unwrap();
    json["organisation"]["logo"] = "pipe.json".into();
    json["items"][0]["attachments"] = serde_json::json!([{"title": "Bilaga", "file": "pipe.json"}]);
    let input = dir.path().join("m.json");
    std::fs::write(&input, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let stderr = failed(&protokoll(&["check", input.to_str().unwrap()]));
    assert!(
        stderr.contains("in `organisation.logo`: `pipe.json`: it is not an ordinary file"),
        "{stderr}"
    );
    assert!(
        stderr
            .contains("in `items[0].attachments[0].file`: `pipe.json`: it is not an ordinary file"),
        "{stderr}"
    );
}

/// A 3 GB attachment and a 2 GB input are refused from their size, not read whole (the files
/// are sparse: if they were read, the test would need gigabytes of memory).
#[test]
fn huge_files_are_refused_before_reading() {
    let dir = tempfile::tempdir().unwrap();
    let big = dir.path().join("big.pdf");
    std::fs::File::create(&big)
        .unwrap()
        .set_len(3 << 30)
        .unwrap();
    let huge_input = dir.path().join("huge.json");
    std::fs::File::create(&huge_input)
        .unwrap()
        .set_len(2 << 30)
        .unwrap();
    let out = protokoll(&["check", huge_input.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stderr).contains("meeting files may be at most"));
    let mut json: serde_json::Value = serde_json::from_str(&minimal_text()).unwrap();
    json["items"][0]["attachments"] = serde_json::json!([{"title": "Bilaga", "file": "big.pdf"}]);
    let input = dir.path().join("m.json");
    std::fs::write(&input, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let stderr = failed(&protokoll(&["check", input.to_str().unwrap()]));
    assert!(stderr.contains("in `items[0].attachments[0].file`: `big.pdf`: the file is 3221225472 bytes, more than the limit"), "{stderr}");
}

/// 600 votes, 3,000 people: refused by count, with the path, before any work on them (10,000
/// votes, as in the issue, no longer fit in a meeting file's 1 MiB).
#[test]
fn counts_beyond_the_limits_are_refused() {
    let dir = tempfile::tempdir().unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&minimal_text()).unwrap();
    let ballot = serde_json::json!([{"name": "Eva Lind", "vote": "yes"}, {"name": "Tor Ahl", "vote": "no"}, {"name": "Kim Ek", "vote": "no"}]);
    let vote = serde_json::json!({"question": "?", "yes": "a", "no": "b", "ballots": ballot});
    json["items"][0]["votes"] = serde_json::Value::Array(vec![vote; 600]);
    json["others"] = serde_json::Value::Array(vec![serde_json::json!({"name": "Gäst"}); 3_000]);
    let input = dir.path().join("m.json");
    std::fs::write(&input, serde_json::to_string(&json).unwrap()).unwrap();
    let stderr = failed(&protokoll(&["check", input.to_str().unwrap()]));
    assert!(
        stderr.contains("in `items`: 600 votes in the meeting: the limit is 500"),
        "{stderr}"
    );
    assert!(stderr.contains("in `members`: 3003 people in members, substitutes, absent and others: the limit is 2000"), "{stderr}");
}

/// `--public` prints no case number of a confidential item, in the text or in the bytes.
#[test]
fn the_public_version_holds_no_confidential_case_number() {
    let dir = tempfile::tempdir().unwrap();
    let mut checked = 0;
    for sample in samples() {
        let json: serde_json::Value = load_json(&sample);
        let items = json["items"].as_array().unwrap();
        let open: Vec<&str> = items
            .iter()
            .filter(|i| i["confidential"] != true)
            .filter_map(|i| i["case_number"].as_str())
            .collect();
        let secret: Vec<String> = items
            .iter()
            .filter(|i| i["confidential"] == true)
            .filter_map(|i| i["case_number"].as_str())
            // A number that is part of an open item's number cannot be told apart.
            .filter(|cn| !open.iter().any(|o| o.contains(cn)))
            .map(str::to_string)
            .collect();
        if secret.is_empty() {
            continue;
        }
        let full = dir.path().join("full.pdf");
        let public = dir.path().join("public.pdf");
        render(&sample, &full, &[]);
        render(&sample, &public, &["--public"]);
        let Some(full_text) = pdf_text(&full) else {
            return;
        };
        for cn in &secret {
            assert!(
                full_text.contains(&squash(cn)),
                "the full version lacks {cn}"
            );
        }
        crate::municipal::absent_everywhere(&public, &secret, "public version");
        checked += secret.len();
    }
    assert!(checked >= 1, "no confidential case number in the samples");
}

/// An organisation name of 400 words (taller than the header block is meant to be) is laid
/// out whole: every word is in the PDF, and so is the content below it.
#[test]
fn a_very_long_organisation_name_loses_no_word() {
    let dir = tempfile::tempdir().unwrap();
    let mut json: serde_json::Value = serde_json::from_str(&minimal_text()).unwrap();
    let words: Vec<String> = (0..400).map(|i| format!("ord{i}x")).collect();
    json["organisation"]["name"] = words.join(" ").into();
    let input = dir.path().join("m.json");
    std::fs::write(&input, serde_json::to_string_pretty(&json).unwrap()).unwrap();
    let pdf = dir.path().join("m.pdf");
    render(&input, &pdf, &[]);
    if have("pdftotext") {
        let text = extracted_text(&pdf, None);
        for w in words
            .iter()
            .map(String::as_str)
            .chain(["Läsårstiderna", "fastställs."])
        {
            assert!(text.contains(w), "{w} is missing");
        }
    }
}

#[test]
fn an_unknown_pdfa_level_names_the_valid_ones_and_writes_nothing() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("x.pdf");
    for command in ["render", "extract", "notice"] {
        let o = protokoll(&[
            command,
            seed().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--pdfa",
            "9z",
        ]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{command}: {err}");
        assert!(
            err.contains("--pdfa") && err.contains("1b, 2b, 2u, 2a, 3b, 3u or 3a"),
            "{err}"
        );
        assert!(!out.exists(), "{command} wrote a file");
    }
}

/// A notice posted later than the second day after adjustment (moved past holidays) is a
/// warning, not an error; on that second day (here a Sunday, so Monday) it is neither.
#[test]
fn a_late_notice_is_a_warning() {
    let dir = tempfile::tempdir().unwrap();
    let base: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(fixture("bad/notice-before-adjustment.json")).unwrap(),
    )
    .unwrap();
    // Adjusted on Friday 2024-05-24: the latest posting day is Monday 2024-05-27.
    for (posted, warned) in [("2024-05-27", false), ("2024-05-28", true)] {
        let mut m = base.clone();
        m["notice"]["posted"] = posted.into();
        let input = dir.path().join("m.json");
        std::fs::write(&input, serde_json::to_string_pretty(&m).unwrap()).unwrap();
        let out = protokoll(&["check", input.to_str().unwrap()]);
        let stderr = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(0), "{stderr}");
        assert_eq!(
            stderr.contains("warning") && stderr.contains("later than 2024-05-27"),
            warned,
            "{posted}: {stderr}"
        );
    }
}

/// The chair who declares jäv in an item without anyone named to preside over it gets a
/// warning naming the conflict; naming who presided (format 1.1) settles it.
#[test]
fn a_conflicted_chair_is_a_warning_until_someone_presides() {
    let dir = tempfile::tempdir().unwrap();
    let kf = sample("kommunfullmaktige-2024");
    let mut m: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&kf).unwrap()).unwrap();
    assert_eq!(m["items"][4]["conflicts"][0], m["chair"]["name"]);
    let out = protokoll(&["check", kf.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(
        stderr.contains("warning") && stderr.contains("`items[4].conflicts[0]`"),
        "{stderr}"
    );
    // A member without jäv who attends presides over § 65.
    m["items"][4]["presiding"] = "Emma Ekström".into();
    let input = dir.path().join("kf.json");
    std::fs::write(&input, serde_json::to_string_pretty(&m).unwrap()).unwrap();
    std::fs::copy(kf.with_file_name("vapen.png"), dir.path().join("vapen.png")).unwrap();
    let out = protokoll(&["check", input.to_str().unwrap()]);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("conflicts"), "{stderr}");
}
