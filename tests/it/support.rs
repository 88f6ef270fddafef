//! Helpers: running the binary, finding the third-party checkers, extracting text.

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub mod bbox;
pub mod outcome;
pub mod pki;
pub mod rng;

pub use bbox::*;
pub use outcome::*;

/// The samples folder.
pub fn samples() -> Vec<PathBuf> {
    let mut out = Vec::new();
    let mut stack = vec![PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples")];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let p = entry.unwrap().path();
            if p.is_dir() {
                stack.push(p);
            } else if p.extension().is_some_and(|e| e == "json") {
                out.push(p);
            }
        }
    }
    out.sort();
    assert!(out.len() >= 2, "samples missing");
    out
}

/// The one sample whose path contains `name`.
pub fn sample(name: &str) -> PathBuf {
    let mut found = samples()
        .into_iter()
        .filter(|s| s.to_string_lossy().contains(name));
    let first = found
        .next()
        .unwrap_or_else(|| panic!("no sample named {name:?}"));
    assert!(
        found.next().is_none(),
        "more than one sample named {name:?}"
    );
    first
}

/// A JSON file (a meeting, a manifest) as a value.
pub fn load_json(path: &Path) -> serde_json::Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

pub fn seed() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("samples/regionalt-samverkansrad-2020-09-25.json")
}

pub fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// Runs `protokoll` with arguments.
pub fn protokoll(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protokoll"))
        .args(args)
        .output()
        .expect("binary runs")
}

/// The signature fields `protokoll fields --json` lists in `pdf`, the run asserted to
/// succeed.
pub fn signature_fields(pdf: &Path) -> Vec<serde_json::Value> {
    let out = protokoll(&["fields", pdf.to_str().unwrap(), "--json"]);
    assert_success(&out);
    serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "fields --json {}: {e}: {}",
            pdf.display(),
            String::from_utf8_lossy(&out.stdout)
        )
    })
}

/// Renders `input` to `output` and asserts success.
pub fn render(input: &Path, output: &Path, extra: &[&str]) {
    let mut args = vec![
        "render",
        input.to_str().unwrap(),
        "-o",
        output.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let out = protokoll(&args);
    assert!(
        out.status.success(),
        "render failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

fn in_ci() -> bool {
    std::env::var("CI").is_ok_and(|v| v == "true" || v == "1")
}

fn on_path(name: &str) -> bool {
    std::env::var_os("PATH")
        .map(|p| std::env::split_paths(&p).any(|d| d.join(name).is_file()))
        .unwrap_or(false)
}

/// Whether a checker is there. Missing in CI is a failure, never a silent skip.
pub fn have(name: &str) -> bool {
    if on_path(name) {
        return true;
    }
    assert!(
        !in_ci(),
        "{name} is required when CI=true (.ci/run installs it)"
    );
    eprintln!("SKIPPED: {name} is not installed (CI=true makes this a failure)");
    false
}

const PREFLIGHT_JARS: [&str; 7] = [
    "preflight",
    "pdfbox2",
    "fontbox2",
    "xmpbox",
    "commons-logging",
    "javax.activation",
    "jaxb-api",
];

/// The class path of PDFBox Preflight, if installed.
pub fn preflight_classpath() -> Option<String> {
    let jars: Vec<String> = PREFLIGHT_JARS
        .iter()
        .map(|j| format!("/usr/share/java/{j}.jar"))
        .collect();
    if jars.iter().all(|j| Path::new(j).is_file()) && on_path("java") {
        return Some(jars.join(":"));
    }
    assert!(
        !in_ci(),
        "PDFBox Preflight is required when CI=true (.ci/run installs libpdfbox2-java)"
    );
    eprintln!("SKIPPED: PDFBox Preflight is not installed");
    None
}

/// PDFBox Preflight's PDF/A-1b verdict on `pdf`, asserted valid; `false` when Preflight is
/// not installed (a failure when `CI=true`).
pub fn assert_preflight_a1b(pdf: &Path) -> bool {
    let Some(cp) = preflight_classpath() else {
        return false;
    };
    let (_, out) = run(
        "java",
        &[
            "-cp",
            &cp,
            "org.apache.pdfbox.preflight.Validator_A1b",
            pdf.to_str().unwrap(),
        ],
    );
    assert!(
        out.contains("is a valid PDF/A-1b file"),
        "{}: Preflight: {out}",
        pdf.display()
    );
    true
}

pub fn run(cmd: &str, args: &[&str]) -> (bool, String) {
    let out = Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    let text =
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr);
    (out.status.success(), text)
}

/// `qpdf --check` finds no syntax or stream error (when qpdf is there; required in CI).
pub fn assert_qpdf_clean(pdf: &Path) {
    if have("qpdf") {
        let (ok, out) = run("qpdf", &["--check", pdf.to_str().unwrap()]);
        assert!(
            ok && out.contains("No syntax or stream encoding errors"),
            "qpdf --check {}: {out}",
            pdf.display()
        );
    }
}

/// The value of `key` ("Pages", "Title") in what `pdfinfo` reports on `pdf`, if it names it.
pub fn pdfinfo_value(pdf: &Path, key: &str) -> Option<String> {
    let (ok, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
    assert!(ok, "pdfinfo {}: {info}", pdf.display());
    info.lines()
        .find_map(|l| l.strip_prefix(key)?.strip_prefix(':'))
        .map(|v| v.trim().to_string())
}

/// The number of pages pdfinfo reports.
pub fn page_count(pdf: &Path) -> usize {
    let pages = pdfinfo_value(pdf, "Pages");
    pages
        .as_deref()
        .and_then(|p| p.parse().ok())
        .unwrap_or_else(|| panic!("pdfinfo {}: no page count: {pages:?}", pdf.display()))
}

/// pdfinfo reports `pdf` tagged and its XMP declares a PDF/A part (when pdfinfo is there;
/// required in CI).
pub fn assert_tagged_pdfa(pdf: &Path) {
    if have("pdfinfo") {
        let tagged = pdfinfo_value(pdf, "Tagged");
        assert_eq!(tagged.as_deref(), Some("yes"), "{}", pdf.display());
        let (_, meta) = run("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
        assert!(meta.contains("pdfaid:part"), "{}: {meta}", pdf.display());
    }
}

/// Whitespace, hyphens and soft hyphens removed: line breaks and hyphenation do not count.
pub fn squash(s: &str) -> String {
    s.chars()
        .filter(|c| !c.is_whitespace() && !matches!(c, '-' | '\u{AD}' | '\u{2010}' | '\u{2011}'))
        .collect()
}

/// The text of the PDF as poppler extracts it: whole pages, and the content area alone
/// (`frame`), so that a paragraph continued on the next page reads on without the page
/// header block in between. A string counts as present if any extraction holds it.
pub fn extracted_text(pdf: &Path, frame: Option<(f32, f32)>) -> String {
    let p = pdf.to_str().unwrap();
    let mut hay = String::new();
    let mut runs: Vec<Vec<String>> = vec![vec![], vec!["-raw".into()]];
    if let Some((top, bottom)) = frame {
        let crop = vec![
            "-x".into(),
            "0".into(),
            "-y".into(),
            format!("{}", top.floor()),
            "-W".into(),
            "1000".into(),
            "-H".into(),
            format!("{}", (bottom - top).ceil() + 2.0),
        ];
        runs.push(crop.clone());
        runs.push([crop, vec!["-raw".into()]].concat());
    }
    for extra in runs {
        let mut args: Vec<&str> = extra.iter().map(String::as_str).collect();
        args.extend(["-enc", "UTF-8", p, "-"]);
        let (ok, text) = run("pdftotext", &args);
        assert!(ok, "pdftotext failed: {text}");
        hay.push_str(&squash(&text));
        hay.push('\n');
        // poppler reads artifacts too: also without the "§ 48 (forts.)" lines that open a
        // page continuing an item, so that a paragraph over a page break reads on.
        let content: Vec<&str> = text.lines().filter(|l| !is_continuation_line(l)).collect();
        hay.push_str(&squash(&content.join("\n")));
        hay.push('\n');
    }
    hay
}

/// "§ 48 (forts.)" or "Punkt 4 (forts.)" alone on a line: a pagination artifact.
pub fn is_continuation_line(line: &str) -> bool {
    let Some(number) = line.trim().strip_suffix("(forts.)") else {
        return false;
    };
    let number = number.trim_end();
    let digits = number.trim_start_matches(|c: char| !c.is_ascii_digit());
    !digits.is_empty()
        && digits.chars().all(|c| c.is_ascii_digit())
        && matches!(number[..number.len() - digits.len()].trim(), "§" | "Punkt")
}

/// Every text of the input that the PDF must show, with its JSON path. Rich text is taken
/// without its markers; dates, times and enumerations are formatted by the layout and are
/// checked separately.
pub fn input_strings(json: &serde_json::Value) -> Vec<(String, String)> {
    const FORMATTED: [&str; 11] = [
        "start", "end", "date", "time", "posted", "removed", "logo", "file", "layout", "vote",
        "style",
    ];
    const RICH: [&str; 4] = ["text", "decision", "procedure", "question"];
    let mut out = Vec::new();
    let mut stack = vec![(String::new(), String::new(), json)];
    while let Some((path, key, v)) = stack.pop() {
        match v {
            serde_json::Value::String(s) if !FORMATTED.contains(&key.as_str()) => {
                let text = if RICH.contains(&key.as_str()) {
                    protokoll::richtext::plain(s)
                } else {
                    s.clone()
                };
                out.push((path, text));
            }
            serde_json::Value::Array(a) => {
                for (i, x) in a.iter().enumerate() {
                    stack.push((format!("{path}[{i}]"), key.clone(), x));
                }
            }
            serde_json::Value::Object(o) => {
                for (k, x) in o {
                    stack.push((format!("{path}.{k}"), k.clone(), x));
                }
            }
            _ => {}
        }
    }
    out
}

/// Who presided over some paragraphs besides the chair (format 1.1), in order of first
/// appearance: each signs in a field of their own (`ordforande-2`, …).
pub fn other_chairs(json: &serde_json::Value) -> Vec<String> {
    let chair = json["chair"]["name"].as_str().unwrap_or_default();
    let mut out: Vec<String> = Vec::new();
    for item in json["items"].as_array().into_iter().flatten() {
        if let Some(p) = item["presiding"].as_str() {
            if p != chair && !out.iter().any(|o| o == p) {
                out.push(p.to_string());
            }
        }
    }
    out
}
