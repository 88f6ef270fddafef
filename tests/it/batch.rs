//! `protokoll batch`: good and bad inputs in a tree, the manifest, incremental re-runs,
//! `--verify`, `--embed-source` carrying the exact input bytes; files changed after rendering
//! kept, one writer per folder, a killed run, trees with loops, refused output paths.

use crate::support::pki::{self_signed_p12, sign_in_place};
use crate::support::*;
use serde_json::Value;
use std::os::unix::fs::FileTypeExt;
use std::path::{Path, PathBuf};

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
        stderr.contains(&format!("{n} rendered, 0 skipped, 0 kept, 2 failed")),
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
    let manifest = load_json(&out.join("manifest.json"));
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
        stderr.contains(&format!("0 rendered, {n} skipped, 0 kept, 2 failed")),
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
        .contains(&format!("1 rendered, {} skipped, 0 kept, 2 failed", n - 1)));
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
    assert_success(&result);
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
        assert_eq!(pdfinfo_value(&pdf, "Tagged").as_deref(), Some("yes"));
        let hay = extracted_text(&pdf, None);
        let lines = std::fs::read_to_string(fixture("seed-lines.txt")).unwrap();
        assert!(lines
            .lines()
            .filter(|l| !l.trim().is_empty())
            .all(|l| hay.contains(&squash(l))));
    }
}

/// A batch of the seed into `out`; returns (exit code, stderr).
fn batch_seed(input: &Path, out: &Path, extra: &[&str]) -> (Option<i32>, String) {
    let mut args = vec![
        "batch",
        input.to_str().unwrap(),
        "-o",
        out.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    let r = protokoll(&args);
    (
        r.status.code(),
        String::from_utf8_lossy(&r.stderr).into_owned(),
    )
}

fn verify_code(out: &Path) -> (Option<i32>, String) {
    let r = protokoll(&["batch", "--verify", out.to_str().unwrap()]);
    (
        r.status.code(),
        String::from_utf8_lossy(&r.stdout).into_owned(),
    )
}

#[test]
fn a_pdf_changed_after_rendering_is_never_overwritten() {
    if !have("openssl") {
        return;
    }
    let dir = tempfile::tempdir().unwrap();
    let input = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("samples");
    let out = dir.path().join("out");
    let (code, err) = batch_seed(&input, &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let seed_pdf = out.join("regionalt-samverkansrad-2020-09-25.pdf");
    sign_in_place(&seed_pdf, &self_signed_p12(dir.path()));
    let signed = std::fs::read(&seed_pdf).unwrap();

    // Other options, then --force: the signed file is kept, registered with its new hash.
    for extra in [
        &["--pdfa", "3u"][..],
        &["--force"][..],
        &["--force", "--pdfa", "3b"][..],
    ] {
        let (code, err) = batch_seed(&input, &out, extra);
        assert_eq!(code, Some(0), "{extra:?}: {err}");
        assert!(
            err.contains("signed after rendering: kept (signatures present)"),
            "{err}"
        );
        assert_eq!(std::fs::read(&seed_pdf).unwrap(), signed, "{extra:?}");
        assert_eq!(verify_code(&out).0, Some(0), "{}", verify_code(&out).1);
    }

    // A signed file whose signed bytes were changed: kept even with --force, and reported.
    let mut damaged = signed.clone();
    let middle = damaged.len() / 3;
    damaged[middle] ^= 0x01;
    std::fs::write(&seed_pdf, &damaged).unwrap();
    let (code, err) = batch_seed(&input, &out, &["--force"]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains(
            "signed after rendering: kept (signatures present, hash differs from the manifest)"
        ),
        "{err}"
    );
    assert_eq!(std::fs::read(&seed_pdf).unwrap(), damaged);
    std::fs::write(&seed_pdf, &signed).unwrap();

    // An unsigned file edited after rendering: kept and reported (not "unchanged");
    // --force replaces it.
    let other = out.join("kommunstyrelsen/kommunstyrelsen-2024-03-12.pdf");
    let mut edited = std::fs::read(&other).unwrap();
    edited.extend_from_slice(b"\n% edited\n");
    std::fs::write(&other, &edited).unwrap();
    let (code, err) = batch_seed(&input, &out, &[]);
    assert_eq!(code, Some(1), "{err}");
    assert!(
        err.contains("changed after rendering: kept (hash differs from the manifest)"),
        "{err}"
    );
    assert_eq!(std::fs::read(&other).unwrap(), edited);
    let (code, err) = batch_seed(&input, &out, &["--force"]);
    assert_eq!(code, Some(0), "{err}");
    assert_ne!(std::fs::read(&other).unwrap(), edited);

    // Only --force --replace-signed replaces the signed file; --replace-signed alone is refused.
    assert_eq!(batch_seed(&input, &out, &["--replace-signed"]).0, Some(2));
    let (code, err) = batch_seed(&input, &out, &["--force", "--replace-signed"]);
    assert_eq!(code, Some(0), "{err}");
    assert_ne!(std::fs::read(&seed_pdf).unwrap(), signed);
    assert_eq!(verify_code(&out).0, Some(0));
}

#[test]
fn a_second_run_into_the_same_folder_is_refused_or_waits() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    std::fs::create_dir_all(&out).unwrap();
    // This test is the other writer: it holds the folder's lock.
    let lock = std::fs::File::create(out.join(".protokoll.lock")).unwrap();
    lock.lock().unwrap();
    let (code, err) = batch_seed(&seed(), &out, &[]);
    assert_eq!(code, Some(1));
    assert!(
        err.contains("another protokoll batch is writing to"),
        "{err}"
    );
    assert!(!out.join("manifest.json").exists());

    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_protokoll"))
        .args([
            "batch",
            seed().to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--wait",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let first = lines.next().unwrap().unwrap();
    assert!(
        first.starts_with("waiting: another protokoll batch"),
        "{first}"
    );
    drop(lock);
    let rest: Vec<String> = lines.map(Result::unwrap).collect();
    assert!(child.wait().unwrap().success(), "{rest:?}");
    assert_eq!(verify_code(&out).0, Some(0));
}

fn generated(dir: &Path, n: u64) {
    std::fs::create_dir_all(dir).unwrap();
    for i in 0..n {
        let json = protokoll::synthetic::meeting(i, 3);
        std::fs::write(
            dir.join(format!("meeting-{i:03}.json")),
            serde_json::to_string_pretty(&json).unwrap(),
        )
        .unwrap();
    }
}

fn temporaries(dir: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    for e in std::fs::read_dir(dir).unwrap().flatten() {
        if e.file_name().to_string_lossy().ends_with(".tmp") {
            found.push(e.path());
        }
    }
    found
}

#[test]
fn a_killed_run_leaves_a_manifest_that_verifies_and_a_rerun_finishes_the_rest() {
    use std::io::BufRead;
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    let out = dir.path().join("out");
    let n = 40;
    generated(&input, n);
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_protokoll"))
        .args([
            "batch",
            input.to_str().unwrap(),
            "-o",
            out.to_str().unwrap(),
            "--jobs",
            "1",
        ])
        .stderr(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut lines = std::io::BufReader::new(child.stderr.take().unwrap()).lines();
    let mut seen = 0;
    while seen < 5 {
        let line = lines.next().expect("the run reports its progress").unwrap();
        if line.starts_with("rendered ") {
            seen += 1;
        }
    }
    child.kill().unwrap(); // SIGKILL, mid-run
    child.wait().unwrap();
    assert!(!out.join("manifest.json").exists() || out.join("manifest.journal").exists());

    // The manifest (with the journal) matches exactly the PDFs on disk.
    let (code, report) = verify_code(&out);
    assert_eq!(code, Some(0), "{report}");
    let registered: usize = report
        .lines()
        .last()
        .and_then(|l| l.split(' ').next())
        .and_then(|x| x.parse().ok())
        .unwrap();
    assert!((5..n as usize).contains(&registered), "{report}");

    // A temporary file of the killed run is removed; the rerun renders only the rest.
    std::fs::write(out.join(".meeting-039.pdf.99999.tmp"), b"partial").unwrap();
    let (code, err) = batch_seed(&input, &out, &["--jobs", "2"]);
    assert_eq!(code, Some(0), "{err}");
    assert!(
        err.contains(&format!(
            "{} rendered, {registered} skipped, 0 kept, 0 failed",
            n as usize - registered
        )),
        "{err}"
    );
    assert!(
        err.contains("temporary file(s) of an interrupted run"),
        "{err}"
    );
    assert!(temporaries(&out).is_empty());
    assert!(!out.join("manifest.journal").exists());
    let (code, report) = verify_code(&out);
    assert_eq!(code, Some(0), "{report}");
    assert!(
        report.contains(&format!("{n} checked, 0 differ")),
        "{report}"
    );
}

#[test]
fn an_output_folder_inside_the_inputs_and_a_symlink_loop_work() {
    let dir = tempfile::tempdir().unwrap();
    let input = dir.path().join("in");
    copy(&seed(), &input.join("a/seed.json"));
    let out = input.join("out");
    std::os::unix::fs::symlink(&input, input.join("a/loop")).unwrap();
    for extra in [&[][..], &["--follow-symlinks"][..]] {
        let (code, err) = batch_seed(&input, &out, extra);
        assert_eq!(code, Some(0), "{extra:?}: {err}");
        assert!(!err.contains("manifest.json"), "{err}");
    }
    let (_, err) = batch_seed(&input, &out, &[]);
    assert!(err.contains("0 rendered, 1 skipped"), "{err}");
    assert!(err.contains("symbolic link skipped"), "{err}");
    let (_, err) = batch_seed(&input, &out, &["--follow-symlinks"]);
    assert!(err.contains("0 rendered, 1 skipped"), "{err}");
    assert!(err.contains("already visited"), "{err}");
}

#[test]
fn verify_reads_only_regular_files_inside_the_output_folder() {
    let dir = tempfile::tempdir().unwrap();
    let out = dir.path().join("out");
    let (code, err) = batch_seed(&seed(), &out, &[]);
    assert_eq!(code, Some(0), "{err}");
    let path = out.join("manifest.json");
    let mut manifest = load_json(&path);
    let good = manifest["entries"][0].clone();
    std::fs::write(dir.path().join("secret.pdf"), b"outside").unwrap();
    std::os::unix::fs::symlink(dir.path().join("secret.pdf"), out.join("link.pdf")).unwrap();
    for output in ["/dev/zero", "../secret.pdf", "link.pdf"] {
        let mut e = good.clone();
        e["output"] = Value::from(output);
        manifest["entries"].as_array_mut().unwrap().push(e);
    }
    std::fs::write(&path, serde_json::to_vec(&manifest).unwrap()).unwrap();
    let (code, report) = verify_code(&out);
    assert_eq!(code, Some(1), "{report}");
    assert!(report.contains("/dev/zero: refused"), "{report}");
    assert!(report.contains("../secret.pdf: refused"), "{report}");
    assert!(
        report.contains("link.pdf: refused: not a regular file"),
        "{report}"
    );
    assert!(report.contains("4 checked, 3 differ"), "{report}");
}

#[test]
fn output_paths_stdout_and_refusals() {
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("seed.pdf");
    render(&seed(), &file, &[]);
    let streamed = protokoll(&["render", seed().to_str().unwrap(), "-o", "-"]);
    assert!(streamed.status.success());
    assert_eq!(
        streamed.stdout,
        std::fs::read(&file).unwrap(),
        "-o - streams the PDF"
    );

    let target = dir.path().join("target.pdf");
    std::fs::write(&target, b"keep me").unwrap();
    let link = dir.path().join("link.pdf");
    std::os::unix::fs::symlink(&target, &link).unwrap();
    let folder = dir.path().join("folder");
    std::fs::create_dir(&folder).unwrap();
    for (path, message) in [
        (link.as_path(), "is a symbolic link"),
        (folder.as_path(), "is a folder"),
        (Path::new("/dev/null"), "is a device or other special file"),
    ] {
        for cmd in [
            &["render"][..],
            &["notice"][..],
            &["extract", "--item", "1"][..],
        ] {
            let mut args = cmd.to_vec();
            let seed = seed();
            args.extend([seed.to_str().unwrap(), "-o", path.to_str().unwrap()]);
            let r = protokoll(&args);
            let err = String::from_utf8_lossy(&r.stderr);
            assert_eq!(
                r.status.code(),
                Some(1),
                "{cmd:?} {}: {err}",
                path.display()
            );
            assert!(err.contains(message), "{err}");
        }
    }
    assert!(std::fs::symlink_metadata(&link)
        .unwrap()
        .file_type()
        .is_symlink());
    assert_eq!(std::fs::read(&target).unwrap(), b"keep me");
    assert!(std::fs::metadata("/dev/null")
        .unwrap()
        .file_type()
        .is_char_device());
    let signed = protokoll(&[
        "sign",
        file.to_str().unwrap(),
        "--field",
        "x",
        "--prepare",
        "--name",
        "N",
        "-o",
        link.to_str().unwrap(),
    ]);
    assert_eq!(signed.status.code(), Some(1));
    assert!(temporaries(dir.path()).is_empty());
}
