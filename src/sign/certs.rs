//! Certificate checks for signers: the path from the signer to a trust root, and the rules
//! every certificate on it must follow.
//!
//! The signer's certificate must allow signing (key usage digitalSignature or
//! nonRepudiation); every issuer on the path must be a CA (basic constraints CA:TRUE) allowed
//! to sign certificates (key usage keyCertSign); every certificate must be valid at the time
//! the caller passes (the library has no clock). A certificate is "trusted" only when its
//! path ends at one of the roots the caller passes; without roots it is not checked.

use der::{Decode, Encode};
use sha2::Sha256;
use x509_cert::ext::pkix::{BasicConstraints, KeyUsage};
use x509_cert::Certificate;

/// Longest certificate path followed.
const MAX_PATH: usize = 8;

/// What the certificate checks found.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct CertVerdict {
    /// Rules broken by the certificates on the path (empty when all hold).
    pub problems: Vec<String>,
    /// Whether the path ends at a given root and breaks no rule; `None` when no roots were
    /// given.
    pub trusted: Option<bool>,
}

fn name(cert: &Certificate) -> String {
    common_name(cert)
}

/// The common name (CN) of a certificate's subject, or the whole subject.
#[must_use]
pub fn common_name(cert: &Certificate) -> String {
    let subject = &cert.tbs_certificate.subject;
    for rdn in subject.0.iter() {
        for atv in rdn.0.iter() {
            if atv.oid == const_oid::db::rfc4519::CN {
                if let Ok(s) = der::asn1::Utf8StringRef::try_from(&atv.value) {
                    return s.to_string();
                }
                if let Ok(s) = der::asn1::PrintableStringRef::try_from(&atv.value) {
                    return s.to_string();
                }
            }
        }
    }
    subject.to_string()
}

/// Verifies `signature` over `message` with the certificate's key (RSA PKCS#1 v1.5 or
/// ECDSA P-256, SHA-256).
pub(crate) fn verify_with(
    cert: &Certificate,
    message: &[u8],
    signature: &[u8],
) -> Result<(), String> {
    use signature::Verifier;
    let spki = cert
        .tbs_certificate
        .subject_public_key_info
        .to_der()
        .map_err(|e| e.to_string())?;
    use spki::DecodePublicKey;
    if let Ok(key) = rsa::RsaPublicKey::from_public_key_der(&spki) {
        let sig = rsa::pkcs1v15::Signature::try_from(signature).map_err(|e| e.to_string())?;
        return rsa::pkcs1v15::VerifyingKey::<Sha256>::new(key)
            .verify(message, &sig)
            .map_err(|_| "the signature does not verify".to_string());
    }
    if let Ok(key) = p256::ecdsa::VerifyingKey::from_public_key_der(&spki) {
        let sig = p256::ecdsa::DerSignature::try_from(signature).map_err(|e| e.to_string())?;
        return key
            .verify(message, &sig)
            .map_err(|_| "the signature does not verify".to_string());
    }
    Err("unsupported key type (RSA and ECDSA P-256 are checked)".into())
}

fn extension<T: for<'a> Decode<'a>>(
    cert: &Certificate,
    oid: der::oid::ObjectIdentifier,
) -> Option<Result<T, String>> {
    let ext = cert
        .tbs_certificate
        .extensions
        .as_ref()?
        .iter()
        .find(|e| e.extn_id == oid)?;
    Some(T::from_der(ext.extn_value.as_bytes()).map_err(|e| e.to_string()))
}

fn key_usage(cert: &Certificate) -> Result<Option<KeyUsage>, String> {
    extension::<KeyUsage>(cert, const_oid::db::rfc5280::ID_CE_KEY_USAGE).transpose()
}

/// Problems with using `cert` to sign documents at `at` (Unix seconds).
#[must_use]
pub fn signer_problems(cert: &Certificate, at: i64) -> Vec<String> {
    let mut problems = validity_problems(cert, at);
    match key_usage(cert) {
        Ok(Some(ku)) if ku.digital_signature() || ku.non_repudiation() => {}
        Ok(Some(_)) => problems.push(format!(
            "the certificate of {} is not for signing (key usage has neither digitalSignature nor nonRepudiation)",
            name(cert)
        )),
        Ok(None) => problems.push(format!(
            "the certificate of {} states no key usage (digitalSignature or nonRepudiation is required)",
            name(cert)
        )),
        Err(e) => problems.push(format!("the key usage of {} cannot be read: {e}", name(cert))),
    }
    problems
}

fn validity_problems(cert: &Certificate, at: i64) -> Vec<String> {
    let v = &cert.tbs_certificate.validity;
    let secs = |t: x509_cert::time::Time| {
        i64::try_from(t.to_unix_duration().as_secs()).unwrap_or(i64::MAX)
    };
    let (from, to) = (secs(v.not_before), secs(v.not_after));
    let mut problems = Vec::new();
    if at < from {
        problems.push(format!(
            "the certificate of {} is not yet valid (valid from {})",
            name(cert),
            v.not_before
        ));
    }
    if at > to {
        problems.push(format!(
            "the certificate of {} has expired (valid until {})",
            name(cert),
            v.not_after
        ));
    }
    problems
}

/// Problems with `cert` as the issuer of other certificates at `at`.
fn issuer_problems(cert: &Certificate, at: i64) -> Vec<String> {
    let mut problems = validity_problems(cert, at);
    let ca = extension::<BasicConstraints>(cert, const_oid::db::rfc5280::ID_CE_BASIC_CONSTRAINTS);
    if !matches!(ca, Some(Ok(BasicConstraints { ca: true, .. }))) {
        problems.push(format!(
            "{} issued a certificate but is not a CA (basic constraints CA:TRUE missing)",
            name(cert)
        ));
    }
    match key_usage(cert) {
        Ok(Some(ku)) if ku.key_cert_sign() => {}
        _ => problems.push(format!(
            "{} issued a certificate but may not sign certificates (key usage keyCertSign missing)",
            name(cert)
        )),
    }
    problems
}

/// Whether `issuer`'s key verifies `cert`'s signature.
fn issued_by(cert: &Certificate, issuer: &Certificate) -> bool {
    cert.tbs_certificate.issuer == issuer.tbs_certificate.subject
        && cert
            .tbs_certificate
            .to_der()
            .is_ok_and(|tbs| verify_with(issuer, &tbs, cert.signature.raw_bytes()).is_ok())
}

/// Checks the path from `signer` through `chain` (the certificates the signature carries)
/// to `roots`, at `at` (Unix seconds).
#[must_use]
pub fn check_path(
    signer: &Certificate,
    chain: &[Certificate],
    roots: &[Certificate],
    at: i64,
) -> CertVerdict {
    let mut problems = signer_problems(signer, at);
    let mut current = signer.clone();
    let mut trusted = false;
    for _ in 0..MAX_PATH {
        if roots.contains(&current) {
            trusted = true;
            break;
        }
        // A root is preferred to a certificate carried in the signature.
        let next = roots
            .iter()
            .chain(chain)
            .find(|c| *c != &current && issued_by(&current, c));
        let Some(next) = next else {
            if chain.iter().any(|c| {
                c.tbs_certificate.subject == current.tbs_certificate.issuer && c != &current
            }) {
                problems.push(format!(
                    "the signature on the certificate of {} does not verify",
                    name(&current)
                ));
            }
            break;
        };
        problems.extend(issuer_problems(next, at));
        current = next.clone();
    }
    problems.dedup();
    // A path that breaks a rule is never trusted, whatever root it reaches.
    let trusted = trusted && problems.is_empty();
    CertVerdict {
        problems,
        trusted: (!roots.is_empty()).then_some(trusted),
    }
}
