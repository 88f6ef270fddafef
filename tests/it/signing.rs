//! Signing, one signer after another, checked by poppler's pdfsig, pyHanko and our own
//! `verify`; the signed file stays PDF/A and tagged; tampering is caught; the refusals hold.
//! The test makes its own CA and signer certificates with openssl: no keys are committed.

use crate::support::pki::{pyhanko_validate, verify_trusted};
use crate::support::*;
use std::path::{Path, PathBuf};
use std::process::Command;

// The PKI and the `sign` calls live in `support::pki`; other test files have imported them
// from here (`issue`, `openssl`), so they stay importable from here.
#[allow(unused_imports)]
pub use crate::support::pki::{
    identity_of, issue, kommunstyrelsen, make_pki, openssl, pki_with_protocol, sign,
    sign_with_password, Pki,
};

/// The digest `sign --prepare` wrote to `prepared.pdf.sha256` (hex), as bytes.
fn prepared_digest(pki: &Pki) -> Vec<u8> {
    let hex = std::fs::read_to_string(pki.path("prepared.pdf.sha256")).unwrap();
    (0..64)
        .step_by(2)
        .map(|i| u8::from_str_radix(&hex.trim()[i..i + 2], 16).unwrap())
        .collect()
}

/// `sign --prepare` of the field `justerare-1` for Per Holmgren in `unsigned`.
fn prepare_for_holmgren(unsigned: &Path, prepared: &Path) -> std::process::Output {
    protokoll(&[
        "sign",
        unsigned.to_str().unwrap(),
        "--field",
        "justerare-1",
        "--prepare",
        "--name",
        "Per Holmgren",
        "-o",
        prepared.to_str().unwrap(),
    ])
}

/// `sign --complete`: the `prepared` file completed with the CMS signature in `cms`.
fn complete(prepared: &Path, cms: &Path, signed: &Path) -> std::process::Output {
    protokoll(&[
        "sign",
        prepared.to_str().unwrap(),
        "--complete",
        "--cms",
        cms.to_str().unwrap(),
        "-o",
        signed.to_str().unwrap(),
    ])
}

#[test]
fn three_signers_one_after_another_all_valid_and_still_pdfa() {
    let Some((pki, unsigned)) = pki_with_protocol() else {
        return;
    };
    let mut current = unsigned.clone();
    for (i, (field, p12)) in [
        ("sekreterare", "sekreterare.p12"),
        ("ordforande", "ordforande.p12"),
        ("justerare-1", "justerare.p12"),
    ]
    .iter()
    .enumerate()
    {
        let next = pki.path(&format!("signed-{i}.pdf"));
        let out = sign(&current, field, &pki.path(p12), &next);
        assert_success(&out);
        current = next;
    }
    let signed = current;
    let s = signed.to_str().unwrap();

    // Our own verify, with the test CA as trust root.
    let reports = verify_trusted(&signed, &pki);
    assert_eq!(reports.len(), 3);
    for r in &reports {
        assert!(
            r["later_changes_only_signatures"].as_bool().unwrap()
                || r["revision"] == r["revisions"]
        );
    }
    let fields = String::from_utf8_lossy(&protokoll(&["fields", s]).stdout).into_owned();
    // Every signer has signed; the ANSLAG/BEVIS box's field is signed when it is posted.
    assert!(
        fields.contains("signed by Karin Lindqvist")
            && !fields
                .lines()
                .any(|l| l.contains("unsigned") && !l.starts_with("anslag")),
        "{fields}"
    );

    if have("pdfsig") {
        let (_, out) = run("pdfsig", &[s]);
        assert_eq!(
            out.matches("Signature Validation: Signature is Valid.")
                .count(),
            3,
            "{out}"
        );
        assert_eq!(out.matches("ETSI.CAdES.detached").count(), 3, "{out}");
    }
    if have("pyhanko") {
        let (_, out) = pyhanko_validate(&pki, &signed);
        let lines: Vec<&str> = out.lines().filter(|l| l.contains(":INTACT:")).collect();
        assert_eq!(lines.len(), 3, "{out}");
        assert!(lines.iter().all(|l| l.contains(":INTACT:TRUSTED")), "{out}");
    }
    assert_qpdf_clean(&signed);
    if have("pdffonts") {
        let (_, fonts) = run("pdffonts", &[s]);
        for row in fonts.lines().skip(2) {
            let cols: Vec<&str> = row.split_whitespace().collect();
            assert_eq!(
                cols[cols.len() - 5],
                "yes",
                "font not embedded after signing: {row}"
            );
        }
    }
    if have("pdfinfo") {
        for pdf in [&unsigned, &signed] {
            assert_tagged_pdfa(pdf);
            let (_, meta) = run("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
            assert!(meta.contains("pdfuaid:part"));
            let (_, structure) = run("pdfinfo", &["-struct", pdf.to_str().unwrap()]);
            // Three signers and the ANSLAG/BEVIS box's Underskrift.
            assert_eq!(structure.lines().filter(|l| l.trim() == "Form").count(), 4);
        }
    }

    // A changed byte in the signed content is found.
    let mut bytes = std::fs::read(&signed).unwrap();
    let at = bytes.windows(6).position(|w| w == b"stream").unwrap() + 300;
    bytes[at] ^= 0x01;
    let tampered = pki.path("tampered.pdf");
    std::fs::write(&tampered, bytes).unwrap();
    let out = protokoll(&["verify", tampered.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&out.stdout).contains("NOT INTACT"));
}

#[test]
fn signing_refuses_what_it_must() {
    let Some((pki, unsigned)) = pki_with_protocol() else {
        return;
    };
    let once = pki.path("once.pdf");
    assert!(sign(
        &unsigned,
        "sekreterare",
        &pki.path("sekreterare.p12"),
        &once
    )
    .status
    .success());
    let cases: [(&Path, &str, &str, &str); 3] = [
        (&once, "sekreterare", "sekreterare.p12", "already signed"),
        (
            &unsigned,
            "justerare-9",
            "justerare.p12",
            "has no signature field `justerare-9`",
        ),
        (&unsigned, "ordforande", "wrong-password", "wrong password"),
    ];
    for (input, field, p12, message) in cases {
        let out_pdf = pki.path("refused.pdf");
        let out = if p12 == "wrong-password" {
            sign_with_password(input, field, &pki.path("ordforande.p12"), &out_pdf, "fel")
        } else {
            sign(input, field, &pki.path(p12), &out_pdf)
        };
        assert_eq!(out.status.code(), Some(1), "{message}");
        assert!(
            String::from_utf8_lossy(&out.stderr).contains(message),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        assert!(!out_pdf.exists(), "{message}: a file was written");
    }
    // Never in place.
    let out = sign(
        &unsigned,
        "ordforande",
        &pki.path("ordforande.p12"),
        &unsigned,
    );
    assert_eq!(out.status.code(), Some(2));
}

#[test]
fn an_external_signing_service_completes_a_prepared_file() {
    let Some((pki, unsigned)) = pki_with_protocol() else {
        return;
    };
    let prepared = pki.path("prepared.pdf");
    assert_success(&prepare_for_holmgren(&unsigned, &prepared));
    let digest = prepared_digest(&pki);
    // The "service": a CMS over the digest, made with the signer's own key.
    let identity = identity_of(&pki, "justerare.p12");
    let cms = protokoll::sign::cms_signature(&digest.try_into().unwrap(), &identity).unwrap();
    std::fs::write(pki.path("sig.p7s"), cms).unwrap();
    let signed = pki.path("signed.pdf");
    let out = complete(&prepared, &pki.path("sig.p7s"), &signed);
    assert_success(&out);
    verify_trusted(&signed, &pki);
    if have("pdfsig") {
        let (_, out) = run("pdfsig", &[signed.to_str().unwrap()]);
        assert!(out.contains("Signature is Valid."), "{out}");
    }
}

/// `sign --prepare` on the kommunstyrelsen protocol: the prepared file and its byte range.
fn prepare(pki: &Pki, name: &str) -> (PathBuf, [usize; 3]) {
    let unsigned = pki.path("ks.pdf");
    if !unsigned.exists() {
        render(&kommunstyrelsen(), &unsigned, &[]);
    }
    let prepared = pki.path(name);
    let out = prepare_for_holmgren(&unsigned, &prepared);
    let err = String::from_utf8_lossy(&out.stderr).into_owned();
    assert!(out.status.success(), "{err}");
    let range: Vec<usize> = err
        .split("/ByteRange [0 ")
        .nth(1)
        .unwrap()
        .split(']')
        .next()
        .unwrap()
        .split_whitespace()
        .map(|n| n.parse().unwrap())
        .collect();
    (prepared, [range[0], range[1], range[2]])
}

#[test]
fn complete_refuses_a_cms_that_does_not_sign_the_prepared_file() {
    let Some(pki) = make_pki() else { return };
    let (prepared, _) = prepare(&pki, "prepared.pdf");
    let identity = identity_of(&pki, "justerare.p12");
    // Another document's signature: a valid CMS over a different digest.
    let foreign = protokoll::sign::cms_signature(&[7; 32], &identity).unwrap();
    let garbage: Vec<u8> = (0..2000u32).map(|i| (i * 7919 % 251) as u8).collect();
    // The right digest, signed by someone else than the person under the field.
    let digest = prepared_digest(&pki);
    let someone_else = identity_of(&pki, "sekreterare.p12");
    let other_signer =
        protokoll::sign::cms_signature(&digest.try_into().unwrap(), &someone_else).unwrap();
    for (name, cms, message) in [
        ("foreign", foreign, "does not sign this prepared file"),
        ("garbage", garbage, "does not sign this prepared file"),
        ("empty", Vec::new(), "does not sign this prepared file"),
        (
            "other-signer",
            other_signer,
            "is for Per Holmgren, but the signer is Johanna Lundberg",
        ),
    ] {
        let p7s = pki.path(&format!("{name}.p7s"));
        std::fs::write(&p7s, cms).unwrap();
        let signed = pki.path(&format!("{name}-signed.pdf"));
        let out = complete(&prepared, &p7s, &signed);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{name}: {err}");
        assert!(err.contains(message), "{name}: {err}");
        assert!(!signed.exists(), "{name}: a file was written");
    }
}

/// The README's worked example: the covered bytes cut out with head and tail, signed with
/// `openssl cms`, completed; verify, pdfsig and pyHanko all accept the result.
#[test]
fn the_readme_openssl_example_gives_a_valid_signature() {
    let Some(pki) = make_pki() else { return };
    let (prepared, [a, b, _]) = prepare(&pki, "prepared.pdf");
    let d = pki.dir.path();
    let script = format!(
        "set -e\n\
         head -c {a} prepared.pdf > covered.bin\n\
         tail -c +$(({b} + 1)) prepared.pdf >> covered.bin\n\
         test \"$(sha256sum covered.bin | cut -d' ' -f1)\" = \"$(cat prepared.pdf.sha256)\"\n\
         openssl cms -sign -binary -in covered.bin -signer justerare.pem -inkey justerare.key \
         -certfile ca.pem -md sha256 -cades -nosmimecap -outform DER -out sig.p7s\n"
    );
    let out = Command::new("sh")
        .current_dir(d)
        .args(["-c", &script])
        .output()
        .unwrap();
    assert_success(&out);
    let signed = pki.path("signed.pdf");
    let out = complete(&prepared, &pki.path("sig.p7s"), &signed);
    assert_success(&out);
    let s = signed.to_str().unwrap();
    verify_trusted(&signed, &pki);
    if have("pdfsig") {
        let (_, out) = run("pdfsig", &[s]);
        assert!(out.contains("Signature is Valid."), "{out}");
    }
    if have("pyhanko") {
        let (ok, out) = pyhanko_validate(&pki, &signed);
        assert!(ok && out.contains(":INTACT:TRUSTED"), "{out}");
    }
}
