//! Rules about the source tree itself: the Swedish wording has one home (`src/swedish.rs`,
//! the layout labels in `src/layout_def.rs` and `layouts/*.toml`).

use std::path::{Path, PathBuf};

/// Texts the program writes into its output that once stood scattered in the code.
const KNOWN_SWEDISH: &[&str] = &[
    "\"sv-SE\"",
    "\"Signaturfält",
    "\"Digitalt signerat",
    "\"Mötesbeskrivning",
    "\"Sammanträdesprotokoll",
    "\"Protokoll, {",
    "\"Protokoll som",
    "\"Bilaga {",
    "\"bilaga-",
    "\"paragrafer ",
    "\"Överföringspaket",
];

/// Files allowed to hold Swedish wording.
const HOMES: &[&str] = &["swedish.rs", "layout_def.rs"];

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The code of a file before its unit tests (which may well quote the output).
fn code_before_tests(path: &Path) -> String {
    let text = std::fs::read_to_string(path).unwrap();
    match text.find("#[cfg(test)]") {
        Some(at) => text[..at].to_string(),
        None => text,
    }
}

#[test]
fn swedish_wording_lives_in_swedish_rs_and_the_layouts() {
    let mut files = Vec::new();
    rust_files(
        &PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src"),
        &mut files,
    );
    assert!(files.len() > 20, "src/ not found");
    let mut found = Vec::new();
    for file in files {
        let name = file.file_name().unwrap().to_string_lossy();
        if HOMES.contains(&name.as_ref()) {
            continue;
        }
        let code = code_before_tests(&file);
        for known in KNOWN_SWEDISH {
            if code.contains(known) {
                found.push(format!("{}: {known}", file.display()));
            }
        }
    }
    assert!(
        found.is_empty(),
        "Swedish output text outside src/swedish.rs and the layouts:\n{}",
        found.join("\n")
    );
}

#[test]
fn the_rule_sees_what_it_forbids() {
    // The swedish module itself holds every known text, so the search can find them.
    let home = code_before_tests(&PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("src/swedish.rs"));
    for known in KNOWN_SWEDISH {
        assert!(home.contains(known), "{known} is not in src/swedish.rs");
    }
}

#[test]
fn the_architecture_note_names_every_module_and_no_other() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR"));
    let lib = std::fs::read_to_string(root.join("src/lib.rs")).unwrap();
    let note = std::fs::read_to_string(root.join("docs/architecture.md")).unwrap();
    let mut modules: Vec<&str> = lib
        .lines()
        .filter_map(|l| l.strip_prefix("pub mod ")?.strip_suffix(';'))
        .collect();
    assert!(modules.len() > 10, "no modules found in src/lib.rs");
    for m in &modules {
        assert!(
            note.contains(&format!("| `{m}` |")),
            "docs/architecture.md does not describe the module `{m}`"
        );
    }
    // The binary's module is described too; the table names nothing else.
    modules.push("cli");
    let described: Vec<&str> = note
        .lines()
        .filter_map(|l| l.strip_prefix("| `")?.split_once('`'))
        .map(|(name, _)| name)
        .filter(|name| !name.contains(' ') && !name.contains('.'))
        .collect();
    for name in described {
        assert!(
            modules.contains(&name),
            "docs/architecture.md describes `{name}`, which src/lib.rs does not have"
        );
    }
}
