//! PAdES-B-B signatures as incremental updates.
//!
//! Signing a field is three steps, so that a signature made elsewhere (a BankID or Freja
//! signing service, an HSM) fits in the middle:
//!
//! 1. [`prepare`]: append a revision with the signature dictionary (`/SubFilter
//!    /ETSI.CAdES.detached`, a `/ByteRange` and a zero-filled `/Contents` placeholder), the
//!    field's value and its visible appearance (the signer's name and the date, drawn as
//!    outlines, so no font is needed and PDF/A holds), and `/SigFlags 3`; and compute the
//!    SHA-256 digest of the bytes the signature covers;
//! 2. [`cms_signature`]: a detached CMS SignedData over that digest, with the signed
//!    attributes content-type, message-digest and signing-certificate-v2 (and no
//!    signing-time, as PAdES-B-B asks); or the same from an external service;
//! 3. [`complete`]: write the CMS into the placeholder.
//!
//! Earlier revisions are never touched, so earlier signatures stay valid.

use crate::error::Error;
use crate::fonts::{Face, FontBook};
use crate::sign::pdf::{appearance, decode_text, field_ids, text, updated_dictionary};
use crate::sign::person::same_person;
use cms::builder::{SignedDataBuilder, SignerInfoBuilder};
use cms::cert::{CertificateChoices, IssuerAndSerialNumber};
use cms::signed_data::{EncapsulatedContentInfo, SignerIdentifier};
use der::asn1::{OctetString, SetOfVec};
use der::{Any, Decode, Encode};
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, StringFormat};
use sha2::{Digest, Sha256};
use std::ops::Range;
use x509_cert::attr::Attribute;
use x509_cert::spki::AlgorithmIdentifierOwned;
use x509_cert::Certificate;

/// Room for the CMS in the file: 12 KiB, hex-encoded twice that.
const CONTENTS_BYTES: usize = 12 * 1024;
/// The `/ByteRange` placeholder: wide enough for any file this program writes.
const BYTE_RANGE_PLACEHOLDER: i64 = 9_999_999_999;

fn err(context: &str) -> impl Fn(lopdf::Error) -> Error + '_ {
    move |e| Error::Sign(format!("{context}: {e}"))
}

/// When and why a field is signed. The time comes from the caller: the library has no clock.
#[derive(Debug, Clone)]
pub struct SignRequest {
    /// Field name (`justerare-1`).
    pub field: String,
    /// Signer's name for the appearance and `/Name`.
    pub signer: String,
    /// Signing time, UTC, for `/M` and the appearance.
    pub time: chrono::NaiveDateTime,
    /// `/Reason`.
    pub reason: Option<String>,
    /// `/Location`.
    pub location: Option<String>,
}

/// A file prepared for signing: the placeholder to fill and the digest to sign.
#[derive(Debug, Clone)]
pub struct PreparedSignature {
    /// The PDF with the new revision and an empty `/Contents`.
    pub pdf: Vec<u8>,
    /// Where the hex placeholder is, between `<` and `>`.
    pub contents: Range<usize>,
    /// SHA-256 of the bytes covered by `/ByteRange`.
    pub digest: [u8; 32],
}

/// The signature field named `field`: its object id and dictionary.
fn find_field(doc: &lopdf::Document, field: &str) -> Result<(ObjectId, Dictionary), Error> {
    let names: Vec<String> = crate::sign::list_from(doc)?
        .into_iter()
        .map(|f| f.name)
        .collect();
    let fields = field_ids(doc);
    for id in fields {
        let d = doc.get_dictionary(id).map_err(err("field"))?;
        let name = d.get(b"T").map(decode_text).unwrap_or_default();
        if name == field {
            if d.get(b"V").is_ok() {
                return Err(Error::Sign(format!(
                    "the field `{field}` is already signed; each field is signed once"
                )));
            }
            return Ok((id, d.clone()));
        }
    }
    Err(Error::Sign(format!(
        "the PDF has no signature field `{field}`; its fields: {}",
        if names.is_empty() {
            "none".to_string()
        } else {
            names.join(", ")
        }
    )))
}

/// Appends the signature revision and computes the digest to sign.
///
/// Refuses a file that is not a rendered protocol followed only by protokoll's own signature
/// updates (each checked as `verify` checks it). The first signature certifies the document
/// (DocMDP, P=2: later only form filling and signing), so that any other later change is a
/// violation for every validator, not only for `protokoll verify`.
pub fn prepare(pdf: &[u8], request: &SignRequest) -> Result<PreparedSignature, Error> {
    let earlier_signatures = crate::sign::verify::signable(pdf)?;
    let prev = lopdf::Document::load_mem(pdf).map_err(err("cannot read the PDF"))?;
    let (widget_id, widget) = find_field(&prev, &request.field)?;
    let catalog_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(err("catalog"))?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let certifies = earlier_signatures == 0;
    let sig_id = inc
        .new_document
        .add_object(signature_dictionary(request, certifies));
    let ap_id = inc
        .new_document
        .add_object(signed_appearance(&widget, request));
    let widget = updated_dictionary(&mut inc, widget_id).map_err(err("field"))?;
    widget.set("V", Object::Reference(sig_id));
    widget.set(
        "AP",
        Dictionary::from_iter([("N", Object::Reference(ap_id))]),
    );

    let catalog = updated_dictionary(&mut inc, catalog_id).map_err(err("catalog"))?;
    if let Ok(Object::Dictionary(form)) = catalog.get_mut(b"AcroForm") {
        form.set("SigFlags", Object::Integer(3));
    }
    if certifies {
        catalog.set(
            "Perms",
            Dictionary::from_iter([("DocMDP", Object::Reference(sig_id))]),
        );
    }

    let mut out = Vec::with_capacity(pdf.len() + 2 * CONTENTS_BYTES + 8192);
    inc.save_to(&mut out)
        .map_err(|e| Error::Sign(format!("writing the revision: {e}")))?;
    fill_byte_range(out, pdf.len())
}

/// The signature dictionary with placeholders for /ByteRange and /Contents; the first
/// signature certifies the document.
fn signature_dictionary(request: &SignRequest, certifies: bool) -> Dictionary {
    let m = format!("D:{}+00'00'", request.time.format("%Y%m%d%H%M%S"));
    let mut sig = Dictionary::from_iter([
        ("Type", Object::Name(b"Sig".to_vec())),
        ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
        ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
        (
            "ByteRange",
            Object::Array(vec![
                0.into(),
                BYTE_RANGE_PLACEHOLDER.into(),
                BYTE_RANGE_PLACEHOLDER.into(),
                BYTE_RANGE_PLACEHOLDER.into(),
            ]),
        ),
        (
            "Contents",
            Object::String(vec![0; CONTENTS_BYTES], StringFormat::Hexadecimal),
        ),
        ("M", Object::string_literal(m)),
        ("Name", text(&request.signer)),
    ]);
    if let Some(r) = &request.reason {
        sig.set("Reason", text(r));
    }
    if let Some(l) = &request.location {
        sig.set("Location", text(l));
    }
    if certifies {
        sig.set(
            "Reference",
            Object::Array(vec![Object::Dictionary(docmdp())]),
        );
    }
    sig
}

/// The field's visible appearance once signed: the signer's name and the time, as outlines.
fn signed_appearance(widget: &Dictionary, request: &SignRequest) -> lopdf::Stream {
    let rect: Vec<f32> = widget
        .get(b"Rect")
        .and_then(Object::as_array)
        .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect())
        .unwrap_or_default();
    let (w, h) = match rect.as_slice() {
        [x0, y0, x1, y1] => (x1 - x0, y1 - y0),
        _ => (150.0, 30.0),
    };
    let lines = [
        crate::swedish::signed_by(&request.signer),
        format!("{} UTC", request.time.format("%Y-%m-%d %H:%M")),
    ];
    appearance(w, h, outlined_text(&lines, w, h))
}

/// Finds the placeholders in the revision appended after `signed_len` bytes, writes the
/// real /ByteRange, and computes the digest of the bytes it covers.
fn fill_byte_range(mut out: Vec<u8>, signed_len: usize) -> Result<PreparedSignature, Error> {
    let placeholder = format!("<{}>", "0".repeat(2 * CONTENTS_BYTES));
    let start = find(&out, placeholder.as_bytes(), signed_len)
        .ok_or_else(|| Error::Sign("the /Contents placeholder was not written".into()))?;
    let end = start + placeholder.len();
    let range_text =
        format!("[0 {BYTE_RANGE_PLACEHOLDER} {BYTE_RANGE_PLACEHOLDER} {BYTE_RANGE_PLACEHOLDER}]");
    let at = find(&out, range_text.as_bytes(), signed_len)
        .ok_or_else(|| Error::Sign("the /ByteRange placeholder was not written".into()))?;
    let actual = format!("[0 {start} {end} {}]", out.len() - end);
    let padded = format!("{actual:<width$}", width = range_text.len());
    out[at..at + range_text.len()].copy_from_slice(padded.as_bytes());
    let digest = covered_digest(&out, start, end);
    Ok(PreparedSignature {
        pdf: out,
        contents: start + 1..end - 1,
        digest,
    })
}

/// The signature reference of a certification signature that permits form filling and
/// signing only (DocMDP transform, P=2).
fn docmdp() -> Dictionary {
    Dictionary::from_iter([
        ("Type", Object::Name(b"SigRef".to_vec())),
        ("TransformMethod", Object::Name(b"DocMDP".to_vec())),
        (
            "TransformParams",
            Object::Dictionary(Dictionary::from_iter([
                ("Type", Object::Name(b"TransformParams".to_vec())),
                ("P", Object::Integer(2)),
                ("V", Object::Name(b"1.2".to_vec())),
            ])),
        ),
    ])
}

fn find(hay: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    hay[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|i| i + from)
}

fn covered_digest(pdf: &[u8], start: usize, end: usize) -> [u8; 32] {
    let mut h = Sha256::new();
    h.update(&pdf[..start]);
    h.update(&pdf[end..]);
    h.finalize().into()
}

/// Writes a CMS signature into a prepared file's placeholder, after checking it: the CMS
/// must read, its message-digest must be the prepared digest, and its signature must verify
/// with the certificate it carries. Otherwise nothing is written.
pub fn complete(prepared: &PreparedSignature, cms_der: &[u8]) -> Result<Vec<u8>, Error> {
    crate::sign::verify::check_cms(cms_der, &prepared.digest).map_err(|e| {
        Error::Sign(format!(
            "the CMS does not sign this prepared file ({e}); nothing was written"
        ))
    })?;
    let hex: String = cms_der.iter().map(|b| format!("{b:02X}")).collect();
    if hex.len() > prepared.contents.len() {
        return Err(Error::Sign(format!(
            "the signature ({} bytes) does not fit the {CONTENTS_BYTES} bytes reserved",
            cms_der.len()
        )));
    }
    let mut out = prepared.pdf.clone();
    out[prepared.contents.start..prepared.contents.start + hex.len()]
        .copy_from_slice(hex.as_bytes());
    Ok(out)
}

/// Re-reads a prepared file (written by `sign --prepare`): its last signature's placeholder.
pub fn reopen(pdf: &[u8]) -> Result<PreparedSignature, Error> {
    // The last signature dictionary's byte range (written as "/ByteRange[0 a b c]").
    let key = b"/ByteRange";
    let at = pdf
        .windows(key.len())
        .rposition(|w| w == key)
        .ok_or_else(|| Error::Sign("no prepared signature in this file".into()))?;
    let open = pdf[at..]
        .iter()
        .position(|&b| b == b'[')
        .ok_or_else(|| Error::Sign("malformed /ByteRange".into()))?;
    let rest = &pdf[at + open + 1..];
    let close = rest
        .iter()
        .position(|&b| b == b']')
        .ok_or_else(|| Error::Sign("malformed /ByteRange".into()))?;
    let nums: Vec<usize> = std::str::from_utf8(&rest[..close])
        .unwrap_or("")
        .split_whitespace()
        .filter_map(|n| n.parse().ok())
        .collect();
    let [0, start, end, rest] = nums[..] else {
        return Err(Error::Sign("malformed /ByteRange".into()));
    };
    if end > pdf.len()
        || end < start + 2
        || end.checked_add(rest) != Some(pdf.len())
        || pdf[start] != b'<'
        || pdf[start + 1..end - 1].iter().any(|&b| b != b'0')
    {
        return Err(Error::Sign(
            "the last signature of this file is not an empty placeholder (already completed?)"
                .into(),
        ));
    }
    Ok(PreparedSignature {
        pdf: pdf.to_vec(),
        contents: start + 1..end - 1,
        digest: covered_digest(pdf, start, end),
    })
}

/// Why signing `field` of `pdf` as `name` (with `certificate` and its `chain`, if known)
/// at `at` (Unix seconds) is doubtful: the name differs from the person printed under the
/// field, or the certificate is expired, not yet valid, not for signing, or issued by a
/// certificate that may not issue. The caller refuses or, when forced, warns.
pub fn objections(
    pdf: &[u8],
    field: &str,
    name: &str,
    certificate: Option<(&Certificate, &[Certificate])>,
    at: i64,
) -> Result<Vec<String>, Error> {
    let doc = lopdf::Document::load_mem(pdf).map_err(err("cannot read the PDF"))?;
    let mut out = Vec::new();
    if let Some(person) = crate::sign::list_from(&doc)?
        .into_iter()
        .find(|f| f.name == field)
        .and_then(|f| f.person)
    {
        if !same_person(&person, name) {
            out.push(format!(
                "the field `{field}` is for {person}, but the signer is {name}"
            ));
        }
    }
    if let Some((cert, chain)) = certificate {
        out.extend(crate::sign::certs::check_path(cert, chain, &[], at).problems);
    }
    Ok(out)
}

/// [`objections`] for completing a prepared file with `cms_der`: the CMS must sign the
/// prepared digest (an error otherwise), and its signer is checked against the person under
/// the prepared field and the certificate rules at `at`.
pub fn complete_objections(
    prepared: &PreparedSignature,
    cms_der: &[u8],
    at: i64,
) -> Result<Vec<String>, Error> {
    let (name, cert, chain) =
        crate::sign::verify::check_cms(cms_der, &prepared.digest).map_err(|e| {
            Error::Sign(format!(
                "the CMS does not sign this prepared file ({e}); nothing was written"
            ))
        })?;
    let doc = lopdf::Document::load_mem(&prepared.pdf).map_err(err("cannot read the PDF"))?;
    // The prepared field: the one whose signature still has the empty placeholder.
    let field = field_ids(&doc).into_iter().find_map(|id| {
        let d = doc.get_dictionary(id).ok()?;
        let sig = doc
            .get_dictionary(d.get(b"V").ok()?.as_reference().ok()?)
            .ok()?;
        match sig.get(b"Contents").ok()? {
            Object::String(bytes, _) if bytes.iter().all(|&b| b == 0) => {
                Some(d.get(b"T").map(decode_text).ok()?)
            }
            _ => None,
        }
    });
    match field {
        Some(field) => objections(&prepared.pdf, &field, &name, Some((&cert, &chain)), at),
        None => Ok(crate::sign::certs::check_path(&cert, &chain, &[], at).problems),
    }
}

/// A signing key with its certificate chain.
pub struct Identity {
    /// The signer's certificate.
    pub certificate: Certificate,
    /// Further certificates of the chain.
    pub chain: Vec<Certificate>,
    key: Key,
}

enum Key {
    Rsa(Box<rsa::pkcs1v15::SigningKey<Sha256>>),
    P256(p256::ecdsa::SigningKey),
}

impl Identity {
    /// Reads a PKCS#12 file (RSA or ECDSA P-256 key).
    pub fn from_pkcs12(data: &[u8], password: &str) -> Result<Identity, Error> {
        let store = p12_keystore::KeyStore::from_pkcs12(data, password).map_err(|e| {
            Error::Sign(format!(
                "cannot open the PKCS#12 file (wrong password?): {e}"
            ))
        })?;
        let (_, chain) = store
            .private_key_chain()
            .ok_or_else(|| Error::Sign("the PKCS#12 file holds no private key".into()))?;
        let certs: Vec<Certificate> = chain
            .chain()
            .iter()
            .map(|c| {
                Certificate::from_der(c.as_der())
                    .map_err(|e| Error::Sign(format!("bad certificate: {e}")))
            })
            .collect::<Result<_, _>>()?;
        let (certificate, rest) = certs
            .split_first()
            .ok_or_else(|| Error::Sign("the PKCS#12 file holds no certificate".into()))?;
        use rsa::pkcs8::DecodePrivateKey;
        let key = if let Ok(k) = rsa::RsaPrivateKey::from_pkcs8_der(chain.key()) {
            Key::Rsa(Box::new(rsa::pkcs1v15::SigningKey::<Sha256>::new(k)))
        } else if let Ok(k) = p256::ecdsa::SigningKey::from_pkcs8_der(chain.key()) {
            Key::P256(k)
        } else {
            return Err(Error::Sign("the key is neither RSA nor ECDSA P-256".into()));
        };
        Ok(Identity {
            certificate: certificate.clone(),
            chain: rest.to_vec(),
            key,
        })
    }

    /// The signer's name: the certificate subject's common name.
    #[must_use]
    pub fn name(&self) -> String {
        common_name(&self.certificate)
    }
}

pub use crate::sign::certs::common_name;

/// ESS signing-certificate-v2 (RFC 5035), with SHA-256 (the default hash algorithm).
#[derive(der::Sequence)]
struct EssCertIdV2 {
    cert_hash: OctetString,
}

#[derive(der::Sequence)]
struct SigningCertificateV2 {
    certs: Vec<EssCertIdV2>,
}

/// A detached CMS SignedData over `digest`, PAdES-B-B: content-type, message-digest and
/// signing-certificate-v2 signed; no signing-time.
pub fn cms_signature(digest: &[u8; 32], id: &Identity) -> Result<Vec<u8>, Error> {
    let fail = |e: &dyn std::fmt::Display| Error::Sign(format!("building the CMS signature: {e}"));
    let econtent = EncapsulatedContentInfo {
        econtent_type: const_oid::db::rfc5911::ID_DATA,
        econtent: None,
    };
    let sha256 = AlgorithmIdentifierOwned {
        oid: const_oid::db::rfc5912::ID_SHA_256,
        parameters: None,
    };
    let sid = SignerIdentifier::IssuerAndSerialNumber(IssuerAndSerialNumber {
        issuer: id.certificate.tbs_certificate.issuer.clone(),
        serial_number: id.certificate.tbs_certificate.serial_number.clone(),
    });
    let cert_der = id.certificate.to_der().map_err(|e| fail(&e))?;
    let ess = SigningCertificateV2 {
        certs: vec![EssCertIdV2 {
            cert_hash: OctetString::new(Sha256::digest(&cert_der).to_vec())
                .map_err(|e| fail(&e))?,
        }],
    };
    let ess_attr = Attribute {
        oid: const_oid::ObjectIdentifier::new_unwrap("1.2.840.113549.1.9.16.2.47"),
        values: SetOfVec::try_from(vec![Any::encode_from(&ess).map_err(|e| fail(&e))?])
            .map_err(|e| fail(&e))?,
    };
    let mut builder = SignedDataBuilder::new(&econtent);
    builder
        .add_digest_algorithm(sha256.clone())
        .map_err(|e| fail(&e))?;
    for c in std::iter::once(&id.certificate).chain(&id.chain) {
        builder
            .add_certificate(CertificateChoices::Certificate(c.clone()))
            .map_err(|e| fail(&e))?;
    }
    match &id.key {
        Key::Rsa(key) => {
            let mut si = SignerInfoBuilder::new(key.as_ref(), sid, sha256, &econtent, Some(digest))
                .map_err(|e| fail(&e))?;
            si.add_signed_attribute(ess_attr).map_err(|e| fail(&e))?;
            builder
                .add_signer_info::<_, rsa::pkcs1v15::Signature>(si)
                .map_err(|e| fail(&e))?;
        }
        Key::P256(key) => {
            let mut si = SignerInfoBuilder::new(key, sid, sha256, &econtent, Some(digest))
                .map_err(|e| fail(&e))?;
            si.add_signed_attribute(ess_attr).map_err(|e| fail(&e))?;
            builder
                .add_signer_info::<_, p256::ecdsa::DerSignature>(si)
                .map_err(|e| fail(&e))?;
        }
    }
    let content_info = builder.build().map_err(|e| fail(&e))?;
    content_info.to_der().map_err(|e| fail(&e))
}

/// Signs a field with a local key: prepare, sign, complete.
pub fn sign(pdf: &[u8], request: &SignRequest, id: &Identity) -> Result<Vec<u8>, Error> {
    let prepared = prepare(pdf, request)?;
    let cms = cms_signature(&prepared.digest, id)?;
    complete(&prepared, &cms)
}

/// PDF path operators drawing `lines` in Liberation Sans, filled, inside a w × h box.
fn outlined_text(lines: &[String], w: f32, h: f32) -> Vec<u8> {
    struct Pen<'a> {
        out: &'a mut String,
        x: f32,
        y: f32,
        scale: f32,
        last: (f32, f32),
    }
    impl Pen<'_> {
        fn p(&self, x: f32, y: f32) -> (f32, f32) {
            (self.x + x * self.scale, self.y + y * self.scale)
        }
    }
    impl rustybuzz::ttf_parser::OutlineBuilder for Pen<'_> {
        fn move_to(&mut self, x: f32, y: f32) {
            let (a, b) = self.p(x, y);
            self.out.push_str(&format!("{a:.2} {b:.2} m\n"));
            self.last = (x, y);
        }
        fn line_to(&mut self, x: f32, y: f32) {
            let (a, b) = self.p(x, y);
            self.out.push_str(&format!("{a:.2} {b:.2} l\n"));
            self.last = (x, y);
        }
        fn quad_to(&mut self, x1: f32, y1: f32, x: f32, y: f32) {
            // A quadratic Bézier as a cubic one.
            let (x0, y0) = self.last;
            let c1 = (x0 + 2.0 / 3.0 * (x1 - x0), y0 + 2.0 / 3.0 * (y1 - y0));
            let c2 = (x + 2.0 / 3.0 * (x1 - x), y + 2.0 / 3.0 * (y1 - y));
            let (a, b) = self.p(c1.0, c1.1);
            let (c, d) = self.p(c2.0, c2.1);
            let (e, f) = self.p(x, y);
            self.out
                .push_str(&format!("{a:.2} {b:.2} {c:.2} {d:.2} {e:.2} {f:.2} c\n"));
            self.last = (x, y);
        }
        fn curve_to(&mut self, x1: f32, y1: f32, x2: f32, y2: f32, x: f32, y: f32) {
            let (a, b) = self.p(x1, y1);
            let (c, d) = self.p(x2, y2);
            let (e, f) = self.p(x, y);
            self.out
                .push_str(&format!("{a:.2} {b:.2} {c:.2} {d:.2} {e:.2} {f:.2} c\n"));
            self.last = (x, y);
        }
        fn close(&mut self) {
            self.out.push_str("h\n");
        }
    }
    let face = &FontBook::get().face(Face::SansRegular).shaper;
    let upem = face.units_per_em() as f32;
    let size = (h / (lines.len() as f32 * 1.3)).min(9.0);
    let mut out = String::from("q 0.1 0.1 0.4 rg\n");
    for (i, line) in lines.iter().enumerate() {
        let mut x = 2.0;
        let y = h - size * 1.15 * (i as f32 + 1.0);
        for ch in line.chars() {
            let Some(gid) = face.glyph_index(ch) else {
                continue;
            };
            let advance = f32::from(face.glyph_hor_advance(gid).unwrap_or(0)) * size / upem;
            if x + advance > w {
                break;
            }
            let mut pen = Pen {
                out: &mut out,
                x,
                y,
                scale: size / upem,
                last: (0.0, 0.0),
            };
            face.outline_glyph(gid, &mut pen);
            x += advance;
        }
    }
    out.push_str("f\nQ\n");
    out.into_bytes()
}
