//! Reference tests: every sample, in every kind of document and at the PDF/A levels that
//! take different paths through the code, renders to exactly the bytes recorded in
//! `tests/fixtures/reference.sha256`. A refactoring that changes no output keeps them
//! green; a change of output fails them until the list is renewed on purpose with
//! `PROTOKOLL_BLESS=1 cargo test --test it reference_bytes::` (and the change is reported).

use crate::support::samples;
use protokoll::layout::{Kind, Variant};
use protokoll::layout_def::LayoutDef;
use protokoll::manifest::sha256_hex;
use protokoll::render::Conformance;
use protokoll::resources::FolderResources;
use protokoll::RenderOptions;
use std::path::{Path, PathBuf};

/// The recorded list.
fn list_path() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/reference.sha256")
}

/// The documents rendered from every sample: a name and its options.
fn cases(first_item: u32) -> Vec<(&'static str, RenderOptions)> {
    let base = RenderOptions::default();
    let with = |f: &dyn Fn(&mut RenderOptions)| {
        let mut o = base.clone();
        f(&mut o);
        o
    };
    vec![
        ("protocol", base.clone()),
        ("public", with(&|o| o.variant.public = true)),
        (
            "extract",
            with(&|o| {
                o.variant = Variant {
                    kind: Kind::Extract(vec![first_item.into()]),
                    public: false,
                }
            }),
        ),
        ("notice", with(&|o| o.variant.kind = Kind::Notice)),
        (
            "pdfa-1b-no-fields",
            with(&|o| {
                o.conformance = Some(Conformance::A1b);
                o.no_fields = true;
            }),
        ),
        (
            "source-3b",
            with(&|o| {
                o.conformance = Some(Conformance::A3b);
                o.embed_source = Some("moete.json".into());
            }),
        ),
        (
            "layout-samverkan",
            with(&|o| o.layout = Some(LayoutDef::builtin("samverkan").unwrap())),
        ),
    ]
}

/// The first item's number (given or counted), for the extract.
fn first_item(json: &str, folder: &FolderResources) -> u32 {
    let prepared = protokoll::prepare(json, None, folder).unwrap();
    prepared.checked.numbers[0]
}

/// "sample-name case sha256" for every sample and case, sorted.
fn current() -> String {
    let mut lines = Vec::new();
    for sample in samples() {
        let json = std::fs::read_to_string(&sample).unwrap();
        let folder = FolderResources::new(sample.parent().unwrap());
        let name = sample.file_stem().unwrap().to_string_lossy().into_owned();
        for (case, options) in cases(first_item(&json, &folder)) {
            let hash = match protokoll::render_pdf(&json, &folder, &options) {
                Ok(r) => sha256_hex(&r.pdf),
                Err(e) => format!("refused: {}", e.to_string().lines().next().unwrap_or("")),
            };
            lines.push(format!("{name} {case} {hash}"));
        }
    }
    lines.sort();
    lines.join("\n") + "\n"
}

#[test]
fn every_sample_renders_to_the_recorded_bytes() {
    let now = current();
    let path = list_path();
    if std::env::var_os("PROTOKOLL_BLESS").is_some() {
        std::fs::write(&path, &now).unwrap();
        eprintln!("reference list renewed: {}", path.display());
        return;
    }
    let recorded = std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("{}: {e}", Path::new(&path).display()));
    let changed: Vec<String> = now
        .lines()
        .filter(|l| !recorded.lines().any(|r| r == *l))
        .map(str::to_string)
        .collect();
    assert!(
        changed.is_empty() && recorded.lines().count() == now.lines().count(),
        "output changed for:\n{}\n(renew with PROTOKOLL_BLESS=1 only when the change is meant)",
        changed.join("\n")
    );
}
