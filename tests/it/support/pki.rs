//! The tests' own PKI, made with openssl at test time (no keys are committed), and signing
//! through the binary: a test CA, signers issued by it, a self-signed registrar, and the
//! `sign` and `verify` invocations the tests share.

use super::{assert_success, have, protokoll};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The password of every PKCS#12 file the test CA issues.
pub const PASSWORD: &str = "hemligt";

/// A folder holding the test CA (`ca.pem`, `ca.key`, `ext.cnf`) and its signers' files.
pub struct Pki {
    pub dir: tempfile::TempDir,
}

impl Pki {
    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }
}

/// Runs openssl in `dir` and asserts success.
pub fn openssl(dir: &Path, args: &[&str]) {
    let out = Command::new("openssl")
        .current_dir(dir)
        .args(args)
        .output()
        .expect("openssl runs");
    assert!(
        out.status.success(),
        "openssl {args:?}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// A self-signed RSA certificate `pem` with its key `key`, valid for 30 days; `extra` are
/// further `req` options (extensions).
pub fn self_signed(dir: &Path, key: &str, pem: &str, subject: &str, extra: &[&str]) {
    let mut args = vec![
        "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", pem, "-days",
        "30", "-subj", subject,
    ];
    args.extend_from_slice(extra);
    openssl(dir, &args);
}

/// A signing request `csr` for `key` with `subject`. `utf8` reads the subject as UTF-8
/// (`-utf8`); without it openssl takes its bytes as they come.
pub fn request(dir: &Path, key: &str, csr: &str, subject: &str, utf8: bool) {
    let mut args = vec!["req"];
    if utf8 {
        args.push("-utf8");
    }
    args.extend(["-new", "-key", key, "-out", csr, "-subj", subject]);
    openssl(dir, &args);
}

/// The certificate `pem` for `csr`, issued by `ca` (certificate and key files) for 30 days
/// with the extensions in `extfile`.
pub fn certify(dir: &Path, csr: &str, ca: (&str, &str), pem: &str, extfile: &str) {
    openssl(
        dir,
        &[
            "x509",
            "-req",
            "-in",
            csr,
            "-CA",
            ca.0,
            "-CAkey",
            ca.1,
            "-CAcreateserial",
            "-out",
            pem,
            "-days",
            "30",
            "-extfile",
            extfile,
        ],
    );
}

/// `p12`: `key` and `pem` with the `chain` certificates, under [`PASSWORD`].
pub fn export_p12(dir: &Path, key: &str, pem: &str, chain: &str, p12: &str) {
    let passout = format!("pass:{PASSWORD}");
    openssl(
        dir,
        &[
            "pkcs12",
            "-export",
            "-inkey",
            key,
            "-in",
            pem,
            "-certfile",
            chain,
            "-out",
            p12,
            "-passout",
            &passout,
        ],
    );
}

/// A signer `id` issued by the test CA for the key `id.key`: `id.csr`, `id.pem`, `id.p12`.
fn signer(dir: &Path, id: &str, subject: &str, utf8: bool) {
    let (key, csr, pem) = (
        format!("{id}.key"),
        format!("{id}.csr"),
        format!("{id}.pem"),
    );
    request(dir, &key, &csr, subject, utf8);
    certify(dir, &csr, ("ca.pem", "ca.key"), &pem, "ext.cnf");
    export_p12(dir, &key, &pem, "ca.pem", &format!("{id}.p12"));
}

/// A test CA, and PKCS#12 files for three signers: RSA, ECDSA P-256, RSA.
pub fn make_pki() -> Option<Pki> {
    if !have("openssl") {
        return None;
    }
    let pki = Pki {
        dir: tempfile::tempdir().unwrap(),
    };
    let d = pki.dir.path();
    self_signed(
        d,
        "ca.key",
        "ca.pem",
        "/CN=Test CA/O=Sjöbacka kommun",
        &[
            "-addext",
            "basicConstraints=critical,CA:TRUE",
            "-addext",
            "keyUsage=critical,keyCertSign,cRLSign",
        ],
    );
    std::fs::write(
        d.join("ext.cnf"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    for (id, cn, ec) in [
        ("sekreterare", "Johanna Lundberg", false),
        ("ordforande", "Karin Lindqvist", true),
        ("justerare", "Per Holmgren", false),
    ] {
        let key = format!("{id}.key");
        if ec {
            openssl(
                d,
                &[
                    "ecparam",
                    "-name",
                    "prime256v1",
                    "-genkey",
                    "-noout",
                    "-out",
                    &key,
                ],
            );
        } else {
            openssl(d, &["genrsa", "-out", &key, "2048"]);
        }
        signer(d, id, &format!("/CN={cn}/O=Sjöbacka kommun"), false);
    }
    Some(pki)
}

/// A certificate for `cn` issued by the test CA, valid and for signing, as `id.p12`.
pub fn issue(pki: &Pki, id: &str, cn: &str) {
    let d = pki.dir.path();
    openssl(d, &["genrsa", "-out", &format!("{id}.key"), "2048"]);
    signer(d, id, &format!("/CN={cn}/O=Sjöbacka kommun"), true);
}

/// A self-signed signer (empty PKCS#12 password, the CLI's default).
pub fn self_signed_p12(dir: &Path) -> PathBuf {
    self_signed(dir, "k.pem", "c.pem", "/CN=Registrator Test", &[]);
    openssl(
        dir,
        &[
            "pkcs12", "-export", "-inkey", "k.pem", "-in", "c.pem", "-out", "s.p12", "-passout",
            "pass:",
        ],
    );
    dir.join("s.p12")
}

/// `protokoll sign` of `field` in `input` with `p12` (under [`PASSWORD`]) to `output`.
pub fn sign(input: &Path, field: &str, p12: &Path, output: &Path) -> Output {
    sign_with_password(input, field, p12, output, PASSWORD)
}

/// `protokoll sign`, the password given through the environment, with a reason and place.
pub fn sign_with_password(
    input: &Path,
    field: &str,
    p12: &Path,
    output: &Path,
    password: &str,
) -> Output {
    Command::new(env!("CARGO_BIN_EXE_protokoll"))
        .env("PROTOKOLL_TEST_PW", password)
        .args([
            "sign",
            input.to_str().unwrap(),
            "--field",
            field,
            "--p12",
            p12.to_str().unwrap(),
            "--password-env",
            "PROTOKOLL_TEST_PW",
            "--reason",
            "Justering",
            "--location",
            "Sjöbacka",
            "-o",
            output.to_str().unwrap(),
        ])
        .output()
        .unwrap()
}

/// `sign --force` with `p12` on `field` of `input`, asserted to succeed; the run, for its
/// warnings.
pub fn sign_forced(input: &Path, field: &str, p12: &Path, output: &Path) -> Output {
    let out = Command::new(env!("CARGO_BIN_EXE_protokoll"))
        .env("PW", PASSWORD)
        .args(["sign", input.to_str().unwrap(), "--field", field, "--p12"])
        .arg(p12)
        .args(["--password-env", "PW", "--force", "-o"])
        .arg(output)
        .output()
        .unwrap();
    assert_success(&out);
    out
}

/// Signs `pdf` in place, as a registry does: sign to a copy, move it over the original.
pub fn sign_in_place(pdf: &Path, p12: &Path) {
    let list = super::signature_fields(pdf);
    let field = list[0]["name"].as_str().unwrap().to_string();
    let signed = pdf.with_extension("signed");
    let r = protokoll(&[
        "sign",
        pdf.to_str().unwrap(),
        "--field",
        &field,
        "--p12",
        p12.to_str().unwrap(),
        // A throw-away self-signed certificate that is not the person under the field: these
        // tests are about keeping signed files, not about whom `sign` accepts.
        "--force",
        "-o",
        signed.to_str().unwrap(),
    ]);
    assert_success(&r);
    std::fs::rename(&signed, pdf).unwrap();
}

/// `protokoll verify pdf --trust ca.pem` with the test CA as the trust root, and `extra`
/// arguments.
pub fn verify_against_ca(pki: &Pki, pdf: &Path, extra: &[&str]) -> Output {
    let ca = pki.path("ca.pem");
    let mut args = vec![
        "verify",
        pdf.to_str().unwrap(),
        "--trust",
        ca.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    protokoll(&args)
}

/// `verify --trust ca.pem --json` on `pdf`: asserts exit 0 and that there is a signature and
/// every one is intact and trusted; returns the reports, one per signature.
pub fn verify_trusted(pdf: &Path, pki: &Pki) -> Vec<serde_json::Value> {
    let out = verify_against_ca(pki, pdf, &["--json"]);
    assert!(
        out.status.success(),
        "verify {}: {}{}",
        pdf.display(),
        String::from_utf8_lossy(&out.stdout),
        String::from_utf8_lossy(&out.stderr)
    );
    let reports: Vec<serde_json::Value> = serde_json::from_slice(&out.stdout).unwrap_or_else(|e| {
        panic!(
            "verify --json: {e}: {}",
            String::from_utf8_lossy(&out.stdout)
        )
    });
    assert!(
        !reports.is_empty(),
        "verify {}: no signature",
        pdf.display()
    );
    for r in &reports {
        assert_eq!(
            (r["intact"].as_bool(), r["trusted"].as_bool()),
            (Some(true), Some(true)),
            "{r}"
        );
    }
    reports
}

/// `pyhanko sign validate` of `pdf` with the test CA as the only trust root: whether it
/// exited 0, and what it printed.
pub fn pyhanko_validate(pki: &Pki, pdf: &Path) -> (bool, String) {
    super::run(
        "pyhanko",
        &[
            "sign",
            "validate",
            "--trust",
            pki.path("ca.pem").to_str().unwrap(),
            "--trust-replace",
            pdf.to_str().unwrap(),
        ],
    )
}

/// The signer in the test PKI's `p12` file, read through the library.
pub fn identity_of(pki: &Pki, p12: &str) -> protokoll::sign::Identity {
    protokoll::sign::Identity::from_pkcs12(&std::fs::read(pki.path(p12)).unwrap(), PASSWORD)
        .unwrap()
}

/// The test PKI and the kommunstyrelsen protocol rendered unsigned into its folder as
/// `ks.pdf`; `None` where openssl is missing (a failure when `CI=true`).
pub fn pki_with_protocol() -> Option<(Pki, PathBuf)> {
    let pki = make_pki()?;
    let unsigned = pki.path("ks.pdf");
    super::render(&kommunstyrelsen(), &unsigned, &[]);
    Some((pki, unsigned))
}

/// The kommunstyrelsen sample, the protocol the signing tests sign.
pub fn kommunstyrelsen() -> PathBuf {
    super::sample("kommunstyrelsen")
}
