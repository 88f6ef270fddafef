//! Signature fields: adding them to a rendered PDF, and listing them.
//!
//! Each field is a merged field/widget dictionary (`/FT /Sig`, `/T` the ASCII field name,
//! `/TU` the Swedish label as tooltip) over a signature line, with what PDF/A-2 asks of
//! widgets (the print flag `/F 4`, a normal appearance `/AP /N` only, no actions) and what
//! PDF/UA asks (a `Form` structure element with alternate text, reached through
//! `/StructParent` and the parent tree; `/Tabs /S` on pages with annotations).

use crate::error::Error;
use crate::layout::SignatureSlot;
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream, StringFormat};

fn pdf_err(e: lopdf::Error) -> Error {
    Error::Pdf(format!("signature fields: {e}"))
}

/// A PDF text string: UTF-16BE with a byte order mark.
pub(crate) fn text(s: &str) -> Object {
    // PDF text strings: UTF-16BE with a byte order mark.
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
}

fn reference(dict: &Dictionary, key: &[u8]) -> Result<ObjectId, Error> {
    dict.get(key).and_then(Object::as_reference).map_err(|_| {
        Error::Pdf(format!(
            "signature fields: no /{} reference",
            String::from_utf8_lossy(key)
        ))
    })
}

/// A widget's normal appearance: a form XObject of `w` × `h` points drawing `content`.
pub(crate) fn appearance(w: f32, h: f32, content: Vec<u8>) -> Stream {
    Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            (
                "BBox",
                Object::Array(vec![0.into(), 0.into(), w.into(), h.into()]),
            ),
        ]),
        content,
    )
}

/// The person a field's tooltip names ("Justerande: Sven Öberg" → "Sven Öberg").
pub(crate) fn person_of(tooltip: &str) -> Option<String> {
    tooltip
        .split_once(": ")
        .map(|(_, p)| p.trim().to_string())
        .filter(|p| !p.is_empty())
}

/// Whether a certificate name and the person under a field are the same person: case and
/// runs of white space are ignored, and middle names one of them leaves out; a look-alike
/// letter is a different name.
pub(crate) fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // A certificate (BankID, Freja) carries every given name, a protocol usually one:
    // "Per Holmgren" is "Per Anders Holmgren". The first and the last name must be the same
    // and every word of the shorter name must stand, in order, in the longer one.
    let (Some(first), Some(last)) = (short.first(), short.last()) else {
        return false;
    };
    let mut rest = long.iter();
    short.len() >= 2
        && long.first() == Some(first)
        && long.last() == Some(last)
        && short.iter().all(|w| rest.any(|x| x == w))
        || a == b && !a.is_empty()
}

#[cfg(test)]
mod person_tests {
    use super::same_person;

    #[test]
    fn names_match_as_a_certificate_and_a_protocol_write_them() {
        assert!(same_person("Per Holmgren", "Per Holmgren"));
        assert!(same_person("per  holmgren", "Per Holmgren"));
        assert!(same_person("Per Holmgren", "Per Anders Holmgren"));
        assert!(same_person(
            "Per Anders Gustav Holmgren",
            "Per Gustav Holmgren"
        ));
        assert!(same_person("Sven Öberg", "SVEN ÖBERG"));
        assert!(same_person("Madonna", "Madonna"));
    }

    #[test]
    fn other_people_do_not_match() {
        assert!(!same_person("Per Holmgren", "Maria Ekström"));
        assert!(!same_person("Per Holmgren", "Per Holm"));
        assert!(!same_person("Per Holmgren", "Anders Holmgren"));
        assert!(!same_person("Per Holmgren", "Holmgren Per"));
        assert!(!same_person("Per", "Per Holmgren"));
        assert!(!same_person("Per Holmgren", "Per Gustav"));
        // A Cyrillic е in a look-alike name.
        assert!(!same_person("Johanna Lundberg", "Johanna Lundbеrg"));
        assert!(!same_person("", ""));
        assert!(!same_person("Per Holmgren", ""));
    }
}

/// A field's tooltip: the role and the person printed under the line ("Justerande: Sven
/// Öberg"), so that readers and `sign` know whose signature belongs there.
fn tooltip(label: &str, person: &str) -> String {
    if person.trim().is_empty() {
        label.to_string()
    } else {
        format!("{label}: {person}")
    }
}

/// Adds a signature field for each slot. `page_height` converts the layout's top-left
/// coordinates to PDF's bottom-left ones.
pub fn add_fields(pdf: &[u8], slots: &[SignatureSlot], page_height: f32) -> Result<Vec<u8>, Error> {
    if slots.is_empty() {
        return Ok(pdf.to_vec());
    }
    let prev = lopdf::Document::load_mem(pdf).map_err(pdf_err)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), prev);
    let prev = inc.get_prev_documents();
    let catalog_id = prev
        .trailer
        .get(b"Root")
        .and_then(Object::as_reference)
        .map_err(pdf_err)?;
    let catalog = prev.get_dictionary(catalog_id).map_err(pdf_err)?;
    let tree_root_id = reference(catalog, b"StructTreeRoot")?;
    let tree_root = prev.get_dictionary(tree_root_id).map_err(pdf_err)?;
    // krilla's tree has one top element (Document); the forms go into it.
    let document_elem = match tree_root.get(b"K").map_err(pdf_err)? {
        Object::Array(a) => a.first().and_then(|o| o.as_reference().ok()),
        Object::Reference(r) => Some(*r),
        _ => None,
    }
    .ok_or_else(|| Error::Pdf("signature fields: the structure tree has no top element".into()))?;
    let mut next_key = tree_root
        .get(b"ParentTreeNextKey")
        .and_then(Object::as_i64)
        .map_err(pdf_err)?;
    let pages: Vec<ObjectId> = prev.get_pages().into_values().collect();

    let mut field_refs = Vec::new();
    let mut form_refs = Vec::new();
    let mut parent_entries = Vec::new();
    let mut page_annots: Vec<(ObjectId, ObjectId)> = Vec::new();
    for slot in slots {
        let page_id = *pages.get(slot.page).ok_or_else(|| {
            Error::Pdf(format!(
                "signature field {}: no page {}",
                slot.field,
                slot.page + 1
            ))
        })?;
        let (x, top, w, h) = slot.rect;
        let rect = vec![
            x.into(),
            (page_height - top - h).into(),
            (x + w).into(),
            (page_height - top).into(),
        ];
        let appearance = appearance(w, h, Vec::new());
        let ap_id = inc.new_document.add_object(appearance);
        let widget_id = inc.new_document.new_object_id();
        let form_id = inc.new_document.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"StructElem".to_vec())),
            ("S", Object::Name(b"Form".to_vec())),
            ("P", Object::Reference(document_elem)),
            (
                "Alt",
                text(&crate::swedish::signature_field_alt(
                    &slot.label,
                    &slot.signer,
                )),
            ),
            (
                "K",
                Object::Dictionary(Dictionary::from_iter([
                    ("Type", Object::Name(b"OBJR".to_vec())),
                    ("Obj", Object::Reference(widget_id)),
                    ("Pg", Object::Reference(page_id)),
                ])),
            ),
        ]));
        inc.new_document.set_object(
            widget_id,
            Dictionary::from_iter([
                ("Type", Object::Name(b"Annot".to_vec())),
                ("Subtype", Object::Name(b"Widget".to_vec())),
                ("FT", Object::Name(b"Sig".to_vec())),
                ("T", Object::string_literal(slot.field.as_str())),
                ("TU", text(&tooltip(&slot.label, &slot.signer))),
                ("Rect", Object::Array(rect)),
                ("F", Object::Integer(4)),
                ("P", Object::Reference(page_id)),
                (
                    "AP",
                    Object::Dictionary(Dictionary::from_iter([("N", Object::Reference(ap_id))])),
                ),
                ("StructParent", Object::Integer(next_key)),
            ]),
        );
        parent_entries.push((next_key, form_id));
        next_key += 1;
        field_refs.push(Object::Reference(widget_id));
        form_refs.push(Object::Reference(form_id));
        page_annots.push((page_id, widget_id));
    }

    // The catalog gets the AcroForm (no NeedAppearances: every widget has its appearance).
    inc.opt_clone_object_to_new_document(catalog_id)
        .map_err(pdf_err)?;
    let catalog = inc
        .new_document
        .get_dictionary_mut(catalog_id)
        .map_err(pdf_err)?;
    catalog.set(
        "AcroForm",
        Dictionary::from_iter([("Fields", Object::Array(field_refs))]),
    );

    // The pages get their widgets, and tab order by structure.
    for (page_id, widget_id) in page_annots {
        inc.opt_clone_object_to_new_document(page_id)
            .map_err(pdf_err)?;
        let page = inc
            .new_document
            .get_dictionary_mut(page_id)
            .map_err(pdf_err)?;
        let mut annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        annots.push(Object::Reference(widget_id));
        page.set("Annots", Object::Array(annots));
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }

    // The structure tree: the forms under the top element, and the parent tree entries.
    inc.opt_clone_object_to_new_document(document_elem)
        .map_err(pdf_err)?;
    let elem = inc
        .new_document
        .get_dictionary_mut(document_elem)
        .map_err(pdf_err)?;
    let mut kids = match elem.get(b"K") {
        Ok(Object::Array(a)) => a.clone(),
        Ok(other) => vec![other.clone()],
        Err(_) => Vec::new(),
    };
    kids.extend(form_refs);
    elem.set("K", Object::Array(kids));
    inc.opt_clone_object_to_new_document(tree_root_id)
        .map_err(pdf_err)?;
    let root = inc
        .new_document
        .get_dictionary_mut(tree_root_id)
        .map_err(pdf_err)?;
    let mut tree = match root.get(b"ParentTree") {
        Ok(Object::Dictionary(d)) => d.clone(),
        _ => {
            return Err(Error::Pdf(
                "signature fields: the parent tree is not a flat number tree".into(),
            ))
        }
    };
    let mut nums = match tree.get(b"Nums") {
        Ok(Object::Array(a)) => a.clone(),
        _ => {
            return Err(Error::Pdf(
                "signature fields: the parent tree has no /Nums".into(),
            ))
        }
    };
    for (key, form) in parent_entries {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(form));
    }
    tree.set("Nums", Object::Array(nums));
    root.set("ParentTree", tree);
    root.set("ParentTreeNextKey", Object::Integer(next_key));

    let mut out = Vec::with_capacity(pdf.len() + 4096);
    inc.save_to(&mut out)
        .map_err(|e| Error::Pdf(format!("signature fields: {e}")))?;
    Ok(out)
}

/// A signature field as found in a PDF.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct FieldInfo {
    /// Field name (`justerare-1`).
    pub name: String,
    /// Tooltip: the role and the person ("Justerande: Sven Öberg").
    pub label: String,
    /// The person printed under the field, from the tooltip.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub person: Option<String>,
    /// Page number, from 1 (0 when the field is on no page of the document).
    pub page: usize,
    /// Rectangle in PDF points: left, bottom, right, top.
    pub rect: [f32; 4],
    /// Whether a signature value is present.
    pub signed: bool,
    /// For signed fields: the signer (certificate common name).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signer: Option<String>,
    /// For signed fields: `/M` as written.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub signed_at: Option<String>,
    /// For signed fields: whether the signature is intact.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub intact: Option<bool>,
    /// For signed fields: the verdict `protokoll verify` gives, in words.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub verdict: Option<String>,
    /// For signed fields: whether `verify` finds nothing wrong (trust aside).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub sound: Option<bool>,
}

/// A PDF text string as Rust text (UTF-16BE with BOM, or bytes).
pub(crate) fn decode_text(o: &Object) -> String {
    match o {
        Object::String(bytes, _) if bytes.starts_with(&[0xFE, 0xFF]) => {
            let units: Vec<u16> = bytes[2..]
                .chunks(2)
                .map(|c| u16::from_be_bytes([c[0], *c.get(1).unwrap_or(&0)]))
                .collect();
            String::from_utf16_lossy(&units)
        }
        Object::String(bytes, _) => String::from_utf8_lossy(bytes).into_owned(),
        _ => String::new(),
    }
}

/// Object ids of the AcroForm fields.
pub(crate) fn field_ids(doc: &lopdf::Document) -> Vec<ObjectId> {
    let Ok(catalog) = doc.catalog() else {
        return Vec::new();
    };
    let fields = match catalog.get(b"AcroForm") {
        Ok(Object::Dictionary(d)) => d
            .get(b"Fields")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        Ok(Object::Reference(r)) => doc
            .get_dictionary(*r)
            .and_then(|d| d.get(b"Fields"))
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default(),
        _ => Vec::new(),
    };
    fields
        .iter()
        .filter_map(|f| f.as_reference().ok())
        .collect()
}

/// Lists the signature fields of a PDF, each signed one with the verdict of
/// [`crate::sign::verify()`] (the same code path; certificates judged at `at`, Unix seconds).
/// A signature that no listed field holds is listed too, under a description of where it is.
pub fn list(pdf: &[u8], at: i64) -> Result<Vec<FieldInfo>, Error> {
    let history = crate::sign::verify::History::read(pdf)?;
    let doc = history.latest()?;
    let mut fields = list_from(doc)?;
    for report in crate::sign::verify::verify_history(pdf, &history, &[], at)? {
        let index = match fields.iter().position(|f| f.name == report.field) {
            Some(i) => i,
            None => {
                fields.push(FieldInfo {
                    name: report.field.clone(),
                    label: String::new(),
                    person: None,
                    page: 0,
                    rect: [0.0; 4],
                    signed: true,
                    signer: None,
                    signed_at: None,
                    intact: None,
                    verdict: None,
                    sound: None,
                });
                fields.len() - 1
            }
        };
        let f = &mut fields[index];
        f.signer = Some(report.signer.clone()).filter(|s| !s.is_empty());
        f.signed_at = Some(report.signed_at.clone());
        f.intact = Some(report.intact);
        f.verdict = Some(report.verdict());
        f.sound = Some(report.sound());
    }
    Ok(fields)
}

/// Lists the signature fields of a loaded PDF.
pub fn list_from(doc: &lopdf::Document) -> Result<Vec<FieldInfo>, Error> {
    let pages: Vec<ObjectId> = doc.get_pages().into_values().collect();
    let mut out = Vec::new();
    for id in field_ids(doc) {
        let Ok(d) = doc.get_dictionary(id) else {
            continue;
        };
        if d.get(b"FT").and_then(Object::as_name).ok() != Some(b"Sig".as_slice()) {
            continue;
        }
        let rect: Vec<f32> = d
            .get(b"Rect")
            .and_then(Object::as_array)
            .map(|a| a.iter().filter_map(|o| o.as_float().ok()).collect())
            .unwrap_or_default();
        let page = d
            .get(b"P")
            .and_then(Object::as_reference)
            .ok()
            .and_then(|p| pages.iter().position(|x| *x == p))
            .map_or(0, |i| i + 1);
        let label = d.get(b"TU").map(decode_text).unwrap_or_default();
        out.push(FieldInfo {
            name: d.get(b"T").map(decode_text).unwrap_or_default(),
            person: person_of(&label),
            label,
            page,
            rect: [0, 1, 2, 3].map(|i| rect.get(i).copied().unwrap_or(0.0)),
            signed: d.get(b"V").is_ok(),
            signer: None,
            signed_at: None,
            intact: None,
            verdict: None,
            sound: None,
        });
    }
    Ok(out)
}
