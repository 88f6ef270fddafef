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
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("unknown key `beslut`"), "{stderr}");
    assert!(!pdf.exists());
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
