//! `protokoll batch`: good and bad inputs in a tree, the manifest, incremental re-runs,
//! `--verify`, and `--embed-source` carrying the exact input bytes.

use crate::support::*;
use serde_json::Value;
use std::path::Path;

fn copy(from: &Path, to: &Path) {
    std::fs::create_dir_all(to.parent().unwrap()).unwrap();
    std::fs::copy(from, to).unwrap();
}

#[test]
fn a_batch_renders_the_good_reports_the_bad_and_keeps_a_manifest() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    // A tree: the samples (with their logos and files) and two bad files.
    for sample in samples() {
        let rel = sample
            .strip_prefix(Path::new(env!("CARGO_MANIFEST_DIR")).join("samples"))
            .unwrap();
        copy(&sample, &input.join(rel));
        for f in std::fs::read_dir(sample.parent().unwrap())
            .unwrap()
            .flatten()
        {
            let p = f.path();
            if p.extension().is_some_and(|e| e == "png" || e == "csv") {
                copy(
                    &p,
                    &input
                        .join(rel)
                        .parent()
                        .unwrap()
                        .join(p.file_name().unwrap()),
                );
            }
        }
    }
    copy(
        &fixture("bad/voter-not-member.json"),
        &input.join("2024/bad-voter.json"),
    );
    copy(
        &fixture("bad/malformed.json"),
        &input.join("2024/bad-json.json"),
    );
    let run_batch = |extra: &[&str]| {
        let mut args = vec![
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            "2",
        ];
        args.extend_from_slice(extra);
        protokoll(&args)
    };
    let first = run_batch(&["--manifest-csv"]);
    let stderr = String::from_utf8_lossy(&first.stderr).into_owned();
    assert_eq!(first.status.code(), Some(1), "{stderr}");
    let n = samples().len();
    assert!(
        stderr.contains(&format!("{n} rendered, 0 skipped, 2 failed")),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-voter.json: error at line") && stderr.contains("Kalle Anka voted"),
        "{stderr}"
    );
    assert!(
        stderr.contains("bad-json.json: error at line") && stderr.contains("malformed JSON"),
        "{stderr}"
    );
    assert!(!out.join("2024/bad-voter.pdf").exists() && !out.join("2024/bad-json.pdf").exists());

    // The manifest: every good file, with the right hash and page count.
    let manifest: Value =
        serde_json::from_slice(&std::fs::read(out.join("manifest.json")).unwrap()).unwrap();
    let entries = manifest["entries"].as_array().unwrap();
    assert_eq!(entries.len(), n);
    for e in entries {
        let pdf = out.join(e["output"].as_str().unwrap());
        let bytes = std::fs::read(&pdf).unwrap();
        assert_eq!(
            e["sha256"].as_str().unwrap(),
            protokoll::manifest::sha256_hex(&bytes)
        );
        assert!(e["pdfa"].as_str().unwrap().starts_with("PDF/A-"));
        assert!(
            !e["body"].as_str().unwrap().is_empty()
                && e["meeting_date"].as_str().unwrap().len() == 10
        );
        if have("pdfinfo") {
            let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
            assert!(
                info.contains(&format!("Pages:           {}", e["pages"])),
                "{info}"
            );
        }
    }
    let csv = std::fs::read_to_string(out.join("manifest.csv")).unwrap();
    assert_eq!(csv.lines().count(), n + 1);
    // The output mirrors the input tree.
    assert!(out
        .join("kommunstyrelsen/kommunstyrelsen-2024-03-12.pdf")
        .is_file());

    // Run again: nothing changed, nothing rendered.
    let again = run_batch(&[]);
    let stderr = String::from_utf8_lossy(&again.stderr).into_owned();
    assert!(
        stderr.contains(&format!("0 rendered, {n} skipped, 2 failed")),
        "{stderr}"
    );
    // A changed input is rendered again, the others are not.
    let seed = input.join("regionalt-samverkansrad-2020-09-25.json");
    let text = std::fs::read_to_string(&seed)
        .unwrap()
        .replace("Digitalt via Skype", "Digitalt via Teams");
    std::fs::write(&seed, text).unwrap();
    let third = run_batch(&[]);
    assert!(String::from_utf8_lossy(&third.stderr)
        .contains(&format!("1 rendered, {} skipped, 2 failed", n - 1)));
    // --force renders all.
    let forced = run_batch(&["--force"]);
    assert!(String::from_utf8_lossy(&forced.stderr).contains(&format!("{n} rendered, 0 skipped")));

    // --verify: clean, then a modified PDF is found.
    let ok = protokoll(&["batch", "--verify", out.to_str().unwrap()]);
    assert_eq!(
        ok.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&ok.stdout)
    );
    let target = out.join("kommunstyrelsen/kommunstyrelsen-2024-03-12.pdf");
    let mut bytes = std::fs::read(&target).unwrap();
    let last = bytes.len() - 20;
    bytes[last] ^= 0x20;
    std::fs::write(&target, bytes).unwrap();
    let bad = protokoll(&["batch", "--verify", out.to_str().unwrap()]);
    assert_eq!(bad.status.code(), Some(1));
    let report = String::from_utf8_lossy(&bad.stdout);
    assert!(
        report.contains("kommunstyrelsen/kommunstyrelsen-2024-03-12.pdf: changed"),
        "{report}"
    );
    // No temporary files are left anywhere in the output.
    let mut stack = vec![out.clone()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(d).unwrap().flatten() {
            let p = e.path();
            assert!(
                !p.to_string_lossy().ends_with(".tmp"),
                "left behind: {}",
                p.display()
            );
            if p.is_dir() {
                stack.push(p);
            }
        }
    }
}

#[test]
fn embed_source_carries_the_exact_input_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let result = protokoll(&[
        "batch",
        seed().to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
        "--embed-source",
    ]);
    assert!(
        result.status.success(),
        "{}",
        String::from_utf8_lossy(&result.stderr)
    );
    let pdf = out.join("regionalt-samverkansrad-2020-09-25.pdf");
    if !have("qpdf") {
        return;
    }
    let p = pdf.to_str().unwrap();
    let (ok, list) = run("qpdf", &["--list-attachments", p]);
    assert!(
        ok && list.contains("regionalt-samverkansrad-2020-09-25.json"),
        "{list}"
    );
    let shown = std::process::Command::new("qpdf")
        .args([
            "--show-attachment=regionalt-samverkansrad-2020-09-25.json",
            p,
        ])
        .output()
        .unwrap();
    assert_eq!(
        shown.stdout,
        std::fs::read(seed()).unwrap(),
        "the embedded source differs from the input"
    );
    let (_, json) = run("qpdf", &["--json", "--json-key=qpdf", p]);
    assert!(
        json.contains("\"/AFRelationship\": \"/Source\""),
        "no AFRelationship /Source"
    );
    assert_qpdf_clean(&pdf);
    if have("pdfinfo") {
        let (_, meta) = run("pdfinfo", &["-meta", p]);
        assert!(
            meta.contains("<pdfaid:part>3</pdfaid:part>"),
            "embedding the source needs PDF/A-3"
        );
        assert!(
            meta.contains("paragrafer 1–9"),
            "the paragraph range is not in the XMP"
        );
        let (_, info) = run("pdfinfo", &[p]);
        assert!(info
            .lines()
            .any(|l| l.starts_with("Tagged:") && l.ends_with("yes")));
        let hay = extracted_text(&pdf, None);
        let lines = std::fs::read_to_string(fixture("seed-lines.txt")).unwrap();
        assert!(lines
            .lines()
            .filter(|l| !l.trim().is_empty())
            .all(|l| hay.contains(&squash(l))));
    }
}
