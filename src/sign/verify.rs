//! Checking the signatures of a PDF (`protokoll verify`).
//!
//! For each signed field: is the signature intact (the digest of the bytes in `/ByteRange`
//! equals the signed message-digest, and the signature over the signed attributes verifies
//! with the signer's key); which revision it covers; whether the revisions after it change
//! nothing but signatures and form fields; and whether the signer's certificate chains to one
//! of the given trust roots.

use crate::error::Error;
use crate::sign::fields::{decode_text, field_ids};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode, SliceReader};
use lopdf::Object;
use serde::Serialize;
use sha2::{Digest, Sha256};
use x509_cert::Certificate;

/// What was found about one signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// Field name.
    pub field: String,
    /// Signer (certificate common name).
    pub signer: String,
    /// `/M` as written.
    pub signed_at: String,
    /// Digest and signature both check.
    pub intact: bool,
    /// The revision the signature covers (1 = the original file).
    pub revision: usize,
    /// Revisions in the file.
    pub revisions: usize,
    /// Later revisions change only signatures and form fields.
    pub later_changes_only_signatures: bool,
    /// The certificate chains to a given root (None without roots).
    pub trusted: Option<bool>,
    /// What is wrong, if anything.
    pub problem: Option<String>,
}

/// Reads PEM certificates (trust roots).
pub fn read_roots(pem: &[u8]) -> Result<Vec<Certificate>, Error> {
    Certificate::load_pem_chain(pem)
        .map_err(|e| Error::Sign(format!("cannot read the trust roots: {e}")))
}

/// Checks every signature of `pdf`.
pub fn verify(pdf: &[u8], roots: &[Certificate]) -> Result<Vec<SignatureReport>, Error> {
    let doc = lopdf::Document::load_mem(pdf)
        .map_err(|e| Error::Sign(format!("cannot read the PDF: {e}")))?;
    Ok(verify_loaded(pdf, &doc, roots))
}

/// Checks every signature of `pdf`, already parsed as `doc`.
pub fn verify_loaded(
    pdf: &[u8],
    doc: &lopdf::Document,
    roots: &[Certificate],
) -> Vec<SignatureReport> {
    let eofs: Vec<usize> = pdf
        .windows(5)
        .enumerate()
        .filter(|(_, w)| w == b"%%EOF")
        .map(|(i, _)| i + 5)
        .collect();
    let mut out = Vec::new();
    for id in field_ids(doc) {
        let Ok(field) = doc.get_dictionary(id) else {
            continue;
        };
        let Ok(sig_ref) = field.get(b"V").and_then(Object::as_reference) else {
            continue;
        };
        let Ok(sig) = doc.get_dictionary(sig_ref) else {
            continue;
        };
        let name = field.get(b"T").map(decode_text).unwrap_or_default();
        let range: Vec<usize> = sig
            .get(b"ByteRange")
            .and_then(Object::as_array)
            .map(|a| {
                a.iter()
                    .filter_map(|o| o.as_i64().ok())
                    .map(|v| v as usize)
                    .collect()
            })
            .unwrap_or_default();
        let contents = match sig.get(b"Contents") {
            Ok(Object::String(bytes, _)) => bytes.clone(),
            _ => Vec::new(),
        };
        let mut report = SignatureReport {
            field: name,
            signer: String::new(),
            signed_at: sig.get(b"M").map(decode_text).unwrap_or_default(),
            intact: false,
            revision: 0,
            revisions: eofs.len(),
            later_changes_only_signatures: false,
            trusted: None,
            problem: None,
        };
        match check(pdf, &range, &contents) {
            Ok((signer, cert, chain)) => {
                report.intact = true;
                report.signer = signer;
                if !roots.is_empty() {
                    report.trusted = Some(chains_to(&cert, &chain, roots));
                }
            }
            Err(problem) => report.problem = Some(problem),
        }
        if let [0, _, c, d] = range[..] {
            let end = c + d;
            report.revision = eofs
                .iter()
                .position(|&e| e >= end.saturating_sub(2))
                .map_or(0, |i| i + 1);
            report.later_changes_only_signatures =
                end <= pdf.len() && only_signatures_after(&pdf[..end], doc);
        }
        out.push(report);
    }
    out
}

type Checked = (String, Certificate, Vec<Certificate>);

/// Digest and signature of one signature dictionary.
fn check(pdf: &[u8], range: &[usize], contents: &[u8]) -> Result<Checked, String> {
    let [0, b, c, d] = range[..] else {
        return Err("the /ByteRange is malformed".into());
    };
    if b > c || c + d > pdf.len() {
        return Err("the /ByteRange lies outside the file".into());
    }
    let digest = Sha256::new()
        .chain_update(&pdf[..b])
        .chain_update(&pdf[c..c + d])
        .finalize();
    let mut reader = SliceReader::new(contents).map_err(|e| e.to_string())?;
    let info =
        ContentInfo::decode(&mut reader).map_err(|e| format!("the CMS cannot be read: {e}"))?;
    let signed: SignedData = info
        .content
        .decode_as()
        .map_err(|e| format!("not a SignedData: {e}"))?;
    let si = signed
        .signer_infos
        .0
        .iter()
        .next()
        .ok_or("the CMS has no signer")?;
    let certs: Vec<Certificate> = signed
        .certificates
        .iter()
        .flat_map(|set| set.0.iter())
        .filter_map(|c| match c {
            cms::cert::CertificateChoices::Certificate(c) => Some(c.clone()),
            _ => None,
        })
        .collect();
    let SignerIdentifier::IssuerAndSerialNumber(ias) = &si.sid else {
        return Err("signer identified by key id, not supported".into());
    };
    let cert = certs
        .iter()
        .find(|c| {
            c.tbs_certificate.serial_number == ias.serial_number
                && c.tbs_certificate.issuer == ias.issuer
        })
        .ok_or("the signer's certificate is not in the CMS")?
        .clone();
    let attrs = si.signed_attrs.as_ref().ok_or("no signed attributes")?;
    let md = attrs
        .iter()
        .find(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .and_then(|a| a.values.iter().next())
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or("no message-digest attribute")?;
    if md.as_bytes() != digest.as_slice() {
        return Err("the document was changed after signing (digest mismatch)".into());
    }
    let message = attrs.to_der().map_err(|e| e.to_string())?;
    verify_with(&cert, &message, si.signature.as_bytes())?;
    Ok((crate::sign::pades::common_name(&cert), cert, certs))
}

/// Verifies `signature` over `message` with the certificate's key (RSA PKCS#1 v1.5 or
/// ECDSA P-256, SHA-256).
fn verify_with(cert: &Certificate, message: &[u8], signature: &[u8]) -> Result<(), String> {
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

/// Whether `cert` is one of the roots or is issued (through `chain`) by one of them.
fn chains_to(cert: &Certificate, chain: &[Certificate], roots: &[Certificate]) -> bool {
    let mut current = cert.clone();
    for _ in 0..4 {
        if roots.iter().any(|r| r == &current) {
            return true;
        }
        let issuer = &current.tbs_certificate.issuer;
        let tbs = match current.tbs_certificate.to_der() {
            Ok(t) => t,
            Err(_) => return false,
        };
        let sig = current.signature.raw_bytes();
        if let Some(root) = roots.iter().find(|r| &r.tbs_certificate.subject == issuer) {
            return verify_with(root, &tbs, sig).is_ok();
        }
        match chain
            .iter()
            .find(|c| &c.tbs_certificate.subject == issuer && *c != &current)
        {
            Some(next) if verify_with(next, &tbs, sig).is_ok() => current = next.clone(),
            _ => return false,
        }
    }
    false
}

/// Whether the objects that changed after `signed` are only signatures, widgets, their
/// appearances and the form dictionary (in the catalog).
fn only_signatures_after(signed: &[u8], now: &lopdf::Document) -> bool {
    let Ok(before) = lopdf::Document::load_mem(signed) else {
        return false;
    };
    let allowed = |o: &Object| match o {
        Object::Dictionary(d) => {
            let t = d.get(b"Type").and_then(Object::as_name).ok();
            let st = d.get(b"Subtype").and_then(Object::as_name).ok();
            t == Some(b"Sig".as_slice()) || st == Some(b"Widget".as_slice())
        }
        Object::Stream(s) => {
            s.dict.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Form".as_slice())
        }
        _ => false,
    };
    let catalog_id = now.trailer.get(b"Root").and_then(Object::as_reference).ok();
    for (id, obj) in &now.objects {
        match before.objects.get(id) {
            Some(old) if old == obj => {}
            Some(Object::Dictionary(old)) if Some(*id) == catalog_id => {
                let Object::Dictionary(new) = obj else {
                    return false;
                };
                let strip = |d: &lopdf::Dictionary| {
                    let mut d = d.clone();
                    d.remove(b"AcroForm");
                    d
                };
                if strip(old) != strip(new) {
                    return false;
                }
            }
            _ if allowed(obj) => {}
            _ => return false,
        }
    }
    true
}
