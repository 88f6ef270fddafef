//! Checking the signatures of a PDF (`protokoll verify`, and the verdicts `protokoll fields`
//! shows).
//!
//! Every signature in the file is accounted for: each field with a `/V`, each signature
//! dictionary whether a field reaches it or not, and each `/ByteRange` in the bytes; one that
//! cannot be read is reported NOT INTACT, never skipped. For each signature:
//! - its dictionary is read strictly where the revision chain says it is, and its
//!   `/ByteRange` must start at 0, leave out exactly that dictionary's `/Contents` string,
//!   contain the dictionary, and end exactly where a revision ends (`revisions`);
//! - the digest of those bytes must equal the signed message-digest, and the signature over
//!   the signed attributes must verify with the signer's certificate;
//! - every later revision may only sign (`diff`), and bytes after the last revision are a
//!   modification;
//! - the certificate path is checked at the time the caller passes (`certs`).

use crate::error::Error;
use crate::sign::certs::{self, CertVerdict};
use crate::sign::pdf::decode_text;
use crate::sign::person::{person_of, same_person};
use crate::sign::revisions::{self, Entry, Revision};
use crate::sign::syntax::{self, Value};
use crate::sign::{diff, syntax::Spanned};
use cms::content_info::ContentInfo;
use cms::signed_data::{SignedData, SignerIdentifier};
use der::{Decode, Encode, SliceReader};
use lopdf::{Document, Object, ObjectId};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use x509_cert::Certificate;

/// What was found about one signature.
#[derive(Debug, Clone, Serialize)]
pub struct SignatureReport {
    /// Field name; for a signature no field holds, a description of where it is.
    pub field: String,
    /// Object number of the signature dictionary (0 when it cannot be found).
    pub object: u32,
    /// Signer (certificate common name).
    pub signer: String,
    /// `/M` as written.
    pub signed_at: String,
    /// The signature is well-formed, covers a whole revision, and digest and signature check.
    pub intact: bool,
    /// The revision the signature covers (1 = the original file; 0 = none).
    pub revision: usize,
    /// Revisions in the file.
    pub revisions: usize,
    /// Later revisions only add signatures (nothing in `modifications`).
    pub later_changes_only_signatures: bool,
    /// What changed after this signature, beyond adding signatures.
    pub modifications: Vec<String>,
    /// Rules the signer's certificate path breaks (expired, not for signing, issuer not a CA…).
    pub certificate_problems: Vec<String>,
    /// The field names the person under its line, and the certificate names someone else.
    pub person_mismatch: Option<String>,
    /// The certificate path ends at a given root (None: not checked, no roots given).
    pub trusted: Option<bool>,
    /// Why the signature is not intact, if it is not.
    pub problem: Option<String>,
}

impl SignatureReport {
    fn new(field: String, object: u32, revisions: usize) -> Self {
        SignatureReport {
            field,
            object,
            signer: String::new(),
            signed_at: String::new(),
            intact: false,
            revision: 0,
            revisions,
            later_changes_only_signatures: false,
            modifications: Vec::new(),
            certificate_problems: Vec::new(),
            person_mismatch: None,
            trusted: None,
            problem: None,
        }
    }

    /// Intact, unmodified since, and a certificate that breaks no rule (trust aside).
    #[must_use]
    pub fn sound(&self) -> bool {
        self.intact
            && self.problem.is_none()
            && self.modifications.is_empty()
            && self.certificate_problems.is_empty()
            && self.person_mismatch.is_none()
    }

    /// The verdict in words, the same for `verify` and `fields`.
    #[must_use]
    pub fn verdict(&self) -> String {
        let mut words = vec![if self.intact { "intact" } else { "NOT INTACT" }.to_string()];
        if !self.modifications.is_empty() {
            words.push("CHANGED AFTER SIGNING".into());
        }
        if !self.certificate_problems.is_empty() {
            words.push("CERTIFICATE NOT VALID".into());
        }
        if self.person_mismatch.is_some() {
            words.push("NOT THE PERSON UNDER THE FIELD".into());
        }
        words.push(
            match self.trusted {
                Some(true) => "trusted",
                Some(false) => "NOT trusted",
                None => "not checked against a trust root",
            }
            .into(),
        );
        words.join(", ")
    }
}

/// Reads PEM certificates (trust roots).
pub fn read_roots(pem: &[u8]) -> Result<Vec<Certificate>, Error> {
    Certificate::load_pem_chain(pem)
        .map_err(|e| Error::Sign(format!("cannot read the trust roots: {e}")))
}

/// The file's revisions with each one's document, read strictly (an error says why one does
/// not read).
pub(crate) struct History {
    pub revisions: Vec<Revision>,
    pub docs: Vec<Result<Document, String>>,
    /// Non-blank bytes after the last revision.
    pub trailing: usize,
}

impl History {
    pub(crate) fn read(pdf: &[u8]) -> Result<History, Error> {
        let (revisions, trailing) = revisions::read(pdf).map_err(|e| {
            Error::Sign(format!(
                "the revisions of the PDF cannot be read, so no signature in it can be checked: {e}"
            ))
        })?;
        let docs = revisions
            .iter()
            .map(|r| {
                let options = lopdf::LoadOptions {
                    strict: true,
                    max_decompressed_size: Some(64 * 1024 * 1024),
                    ..Default::default()
                };
                Document::load_mem_with_options(&pdf[..r.end_with_eol], options)
                    .map_err(|e| e.to_string())
            })
            .collect();
        Ok(History {
            revisions,
            docs,
            trailing,
        })
    }

    /// The newest revision's document.
    pub(crate) fn latest(&self) -> Result<&Document, Error> {
        match self.docs.last() {
            Some(Ok(d)) => Ok(d),
            Some(Err(e)) => Err(Error::Sign(format!(
                "the last revision of the PDF does not read strictly ({e}), so no signature in it can be checked"
            ))),
            None => Err(Error::Sign("the PDF has no revisions".into())),
        }
    }

    /// What the revisions after `index` change beyond adding signatures.
    pub(crate) fn changes_after(&self, index: usize) -> Vec<String> {
        let mut out = Vec::new();
        for i in index + 1..self.revisions.len() {
            match (&self.docs[i - 1], &self.docs[i]) {
                (Ok(before), Ok(after)) => out.extend(
                    diff::signature_revision_changes(before, after, false)
                        .into_iter()
                        .map(|p| format!("revision {}: {p}", i + 1)),
                ),
                (_, Err(e)) => out.push(format!("revision {} does not read strictly: {e}", i + 1)),
                (Err(_), _) => {}
            }
        }
        if self.trailing > 0 {
            out.push(format!(
                "{} bytes after the last revision do not form a revision",
                self.trailing
            ));
        }
        out
    }
}

/// Checks every signature of `pdf` against `roots`, with certificates judged at `at` (Unix
/// seconds; the caller's clock).
pub fn verify(pdf: &[u8], roots: &[Certificate], at: i64) -> Result<Vec<SignatureReport>, Error> {
    let history = History::read(pdf)?;
    verify_history(pdf, &history, roots, at)
}

/// A signature dictionary found in the document, and the fields whose value it is.
#[derive(Default)]
struct Found {
    fields: Vec<String>,
    /// The person each field's tooltip names (protokoll's fields name the person under the
    /// line).
    persons: Vec<Option<String>>,
}

pub(crate) fn verify_history(
    pdf: &[u8],
    history: &History,
    roots: &[Certificate],
    at: i64,
) -> Result<Vec<SignatureReport>, Error> {
    let doc = history.latest()?;
    let count = history.revisions.len();
    let mut reports = Vec::new();
    let found = signatures_found(doc, count, &mut reports);
    let mut spans = Vec::new();
    for (&id, f) in &found {
        if let Some(span) = object_span(pdf, history, id) {
            spans.push(span);
        }
        reports.push(report_signature(pdf, history, doc, (id, f), (roots, at)));
    }
    // Every /ByteRange in the bytes belongs to a signature dictionary checked above.
    for at_byte in all(pdf, b"/ByteRange") {
        if !spans
            .iter()
            .any(|s: &std::ops::Range<usize>| s.contains(&at_byte))
        {
            let mut r = SignatureReport::new(format!("(a /ByteRange at byte {at_byte})"), 0, count);
            r.problem = Some("this /ByteRange belongs to no signature the revisions define".into());
            reports.push(r);
        }
    }
    Ok(reports)
}

/// Every signature dictionary: those fields hold as their value (with the fields and the
/// persons under them) and those no field reaches. A field whose signature value cannot be
/// read is reported at once.
fn signatures_found(
    doc: &Document,
    count: usize,
    reports: &mut Vec<SignatureReport>,
) -> BTreeMap<ObjectId, Found> {
    let mut found: BTreeMap<ObjectId, Found> = BTreeMap::new();
    for (id, name) in diff::all_fields(doc) {
        let Ok(field) = doc.get_dictionary(id) else {
            continue;
        };
        let Ok(v) = field.get(b"V") else { continue };
        if name_is_sig_field(field) || v.as_reference().is_ok_and(|r| is_signature(doc, r)) {
            match v.as_reference() {
                Ok(r) if is_signature(doc, r) => {
                    let f = found.entry(r).or_default();
                    f.fields.push(name);
                    f.persons.push(
                        field
                            .get(b"TU")
                            .ok()
                            .and_then(|t| person_of(&decode_text(t))),
                    );
                }
                _ => {
                    let mut r = SignatureReport::new(name, 0, count);
                    r.problem = Some("the field's signature value cannot be read".into());
                    reports.push(r);
                }
            }
        }
    }
    for (id, o) in &doc.objects {
        if let Object::Dictionary(d) = o {
            if d.has(b"ByteRange") || is_signature(doc, *id) {
                found.entry(*id).or_default();
            }
        }
    }
    found
}

/// The report of one signature: checked, its certification honoured, and shown by exactly
/// one field whose person is the signer.
fn report_signature(
    pdf: &[u8],
    history: &History,
    doc: &Document,
    (id, f): (ObjectId, &Found),
    (roots, at): (&[Certificate], i64),
) -> SignatureReport {
    let count = history.revisions.len();
    let field = match f.fields.as_slice() {
        [] => format!("(signature object {}, in no field)", id.0),
        [one] => one.clone(),
        many => many.join(" + "),
    };
    let mut report = SignatureReport::new(field, id.0, count);
    if let Ok(d) = doc.get_dictionary(id) {
        report.signed_at = d.get(b"M").map(decode_text).unwrap_or_default();
    }
    if let Err(problem) = check_signature(pdf, history, id, roots, at, &mut report) {
        report.problem = Some(problem);
    }
    if docmdp_level(doc, id) == Some(1) && report.revision > 0 && report.revision < count {
        report.modifications.push(format!(
            "the signature certifies the document allowing no changes (DocMDP P=1), but {} revision(s) follow",
            count - report.revision
        ));
        report.later_changes_only_signatures = false;
    }
    if report.problem.is_none() {
        if f.fields.is_empty() {
            // A signature no field shows has vanished from the document's view.
            report.problem = Some("the signature is the value of no field".into());
            report.intact = false;
        } else if f.fields.len() > 1 {
            report.problem = Some(format!(
                "one signature is the value of {} fields ({})",
                f.fields.len(),
                f.fields.join(", ")
            ));
            report.intact = false;
        } else {
            report.person_mismatch = signer_mismatch(f, &report);
        }
    }
    report
}

/// The field names the person under its line, and an intact signature's certificate names
/// someone else: the signature is not that person's (whoever holds a certificate from the
/// same CA could otherwise sign any field and be reported as trusted).
fn signer_mismatch(found: &Found, report: &SignatureReport) -> Option<String> {
    let person = found.persons.first()?.as_deref()?;
    if !report.intact || same_person(person, &report.signer) {
        return None;
    }
    Some(format!(
        "the field `{}` is for {person}, but the signer is {}",
        report.field, report.signer
    ))
}

/// The DocMDP permission level of a certification signature (1: no changes; 2: form filling
/// and signing; 3: also annotations), if `id` is one.
fn docmdp_level(doc: &Document, id: ObjectId) -> Option<i64> {
    let refs = doc
        .get_dictionary(id)
        .ok()?
        .get(b"Reference")
        .ok()?
        .as_array()
        .ok()?;
    refs.iter().find_map(|r| {
        let r = match r {
            Object::Reference(id) => doc.get_dictionary(*id).ok()?,
            Object::Dictionary(d) => d,
            _ => return None,
        };
        if r.get(b"TransformMethod").and_then(Object::as_name).ok()? != b"DocMDP" {
            return None;
        }
        let params = r.get(b"TransformParams").and_then(Object::as_dict).ok();
        // P defaults to 2.
        Some(
            params
                .and_then(|p| p.get(b"P").and_then(Object::as_i64).ok())
                .unwrap_or(2),
        )
    })
}

fn name_is_sig_field(d: &lopdf::Dictionary) -> bool {
    d.get(b"FT").and_then(Object::as_name).ok() == Some(b"Sig".as_slice())
}

fn is_signature(doc: &Document, id: ObjectId) -> bool {
    doc.get_dictionary(id).is_ok_and(|d| {
        matches!(
            d.get(b"Type").and_then(Object::as_name),
            Ok(b"Sig") | Ok(b"DocTimeStamp")
        ) || d.has(b"ByteRange")
    })
}

fn all<'a>(hay: &'a [u8], needle: &'a [u8]) -> impl Iterator<Item = usize> + 'a {
    hay.windows(needle.len())
        .enumerate()
        .filter(move |(_, w)| *w == needle)
        .map(|(i, _)| i)
}

/// The four integers of a `/ByteRange`, range-checked.
fn byte_range(v: Option<&Spanned>, len: usize) -> Result<[usize; 4], String> {
    let Some(Spanned {
        value: Value::Array(items),
        ..
    }) = v
    else {
        return Err("the signature has no /ByteRange array".into());
    };
    let nums: Vec<usize> = items
        .iter()
        .map(|i| match i.value {
            Value::Int(n) => usize::try_from(n).ok().filter(|&n| n <= len),
            _ => None,
        })
        .collect::<Option<_>>()
        .ok_or("the /ByteRange holds a value that is not an offset in the file")?;
    let [a, b, c, d] = nums[..] else {
        return Err(format!("the /ByteRange has {} numbers, not 4", nums.len()));
    };
    if a != 0 {
        return Err("the /ByteRange does not start at the beginning of the file".into());
    }
    if b > c || c.checked_add(d).is_none_or(|e| e > len) {
        return Err("the /ByteRange lies outside the file".into());
    }
    Ok([a, b, c, d])
}

/// Where the newest definition of object `id` lies in the file.
fn object_span(pdf: &[u8], history: &History, id: ObjectId) -> Option<std::ops::Range<usize>> {
    let last = history.revisions.len().checked_sub(1)?;
    match revisions::latest_entry(&history.revisions, last, id.0)? {
        Entry::InUse { offset, .. } => syntax::indirect_at(pdf, offset).ok().map(|o| o.span),
        _ => None,
    }
}

/// Checks one signature dictionary.
fn check_signature(
    pdf: &[u8],
    history: &History,
    id: ObjectId,
    roots: &[Certificate],
    at: i64,
    report: &mut SignatureReport,
) -> Result<(), String> {
    let last = history.revisions.len() - 1;
    let offset = match revisions::latest_entry(&history.revisions, last, id.0) {
        Some(Entry::InUse { offset, .. }) => offset,
        Some(Entry::Compressed { .. }) => {
            return Err("the signature dictionary is inside an object stream".into())
        }
        _ => return Err("no revision defines the signature dictionary".into()),
    };
    let object = syntax::indirect_at(pdf, offset)
        .map_err(|e| format!("the signature dictionary does not read strictly: {e}"))?;
    let span = object.span;
    let [_, b, c, d] = byte_range(object.value.get(b"ByteRange"), pdf.len())?;
    let contents = match object.value.get(b"Contents") {
        Some(Spanned {
            value: Value::Str(bytes),
            span,
        }) if pdf.get(span.start) == Some(&b'<') => (bytes, span.clone()),
        _ => return Err("the signature has no hexadecimal /Contents".into()),
    };
    if contents.1 != (b..c) {
        return Err(format!(
            "the gap in the /ByteRange ({b}–{c}) is not this signature's /Contents ({}–{})",
            contents.1.start, contents.1.end
        ));
    }
    if span.start >= b || span.end > c + d {
        return Err("the signature dictionary lies outside the bytes it signs".into());
    }
    let covered = history
        .revisions
        .iter()
        .position(|r| r.ends_at(c + d))
        .ok_or_else(|| {
            format!(
                "the signed bytes end at byte {}, not where a revision ends",
                c + d
            )
        })?;
    report.revision = covered + 1;
    let digest: [u8; 32] = Sha256::new()
        .chain_update(&pdf[..b])
        .chain_update(&pdf[c..c + d])
        .finalize()
        .into();
    let (signer, cert, chain) = check_cms(contents.0, &digest)?;
    report.intact = true;
    report.signer = signer;
    let CertVerdict { problems, trusted } = certs::check_path(&cert, &chain, roots, at);
    report.certificate_problems = problems;
    report.trusted = trusted;
    report.modifications = history.changes_after(covered);
    report.later_changes_only_signatures = report.modifications.is_empty();
    Ok(())
}

/// A CMS signature that checks: the signer's name, certificate and the chain it carries.
type SignerOfCms = (String, Certificate, Vec<Certificate>);

/// Checks a CMS signature over `digest`: it reads, its message-digest is `digest`, and the
/// signature over the signed attributes verifies with the signer's certificate it carries.
pub(crate) fn check_cms(contents: &[u8], digest: &[u8; 32]) -> Result<SignerOfCms, String> {
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
    if signed.signer_infos.0.len() != 1 {
        return Err("the CMS has more than one signer".into());
    }
    if si.digest_alg.oid != const_oid::db::rfc5912::ID_SHA_256 {
        return Err("the CMS digest is not SHA-256".into());
    }
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
    let md: Vec<_> = attrs
        .iter()
        .filter(|a| a.oid == const_oid::db::rfc5911::ID_MESSAGE_DIGEST)
        .collect();
    let [md] = md[..] else {
        return Err("not exactly one message-digest attribute".into());
    };
    let md = md
        .values
        .iter()
        .next()
        .and_then(|v| v.decode_as::<der::asn1::OctetString>().ok())
        .ok_or("the message-digest attribute cannot be read")?;
    if md.as_bytes() != digest.as_slice() {
        return Err("the document was changed after signing (digest mismatch)".into());
    }
    let message = attrs.to_der().map_err(|e| e.to_string())?;
    certs::verify_with(&cert, &message, si.signature.as_bytes())?;
    Ok((certs::common_name(&cert), cert, certs))
}

/// Whether `pdf` may be signed: it reads as the rendered original, protokoll's own
/// signature-field update, and then only signature updates, each signature sound and nothing
/// else changed. Returns how many signatures it already has; the error names what is wrong.
pub(crate) fn signable(pdf: &[u8]) -> Result<usize, Error> {
    let refuse = |why: String| Error::Sign(format!("refusing to sign: {why}"));
    let history = History::read(pdf)?;
    if history.trailing > 0 {
        return Err(refuse(format!(
            "{} bytes after the last revision do not form a revision",
            history.trailing
        )));
    }
    let n = history.revisions.len();
    let doc = |i: usize| {
        history.docs[i]
            .as_ref()
            .map_err(|e| refuse(format!("revision {} does not read strictly: {e}", i + 1)))
    };
    if n < 2 {
        return Err(refuse(
            "the PDF has no signature fields from protokoll (was it rendered with --no-fields?)"
                .into(),
        ));
    }
    if let Some(p) = diff::fields_revision(doc(0)?, doc(1)?).first() {
        return Err(refuse(format!(
            "revision 2 is not protokoll's signature fields: {p}"
        )));
    }
    let reports = verify_history(pdf, &history, &[], 0)?;
    if let Some(r) = reports
        .iter()
        .find(|r| !r.intact || r.problem.is_some() || !r.modifications.is_empty())
    {
        let why = r
            .problem
            .clone()
            .or_else(|| r.modifications.first().cloned())
            .unwrap_or_else(|| "not intact".into());
        return Err(refuse(format!("the signature of `{}`: {why}", r.field)));
    }
    for i in 2..n {
        if let Some(p) = diff::signature_revision_changes(doc(i - 1)?, doc(i)?, i == 2).first() {
            return Err(refuse(format!(
                "revision {} is not a signature: {p}",
                i + 1
            )));
        }
        if !reports.iter().any(|r| r.revision == i + 1) {
            return Err(refuse(format!("revision {} adds no signature", i + 1)));
        }
    }
    Ok(n - 2)
}
