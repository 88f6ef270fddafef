//! Signature fields: adding them to a rendered PDF, and listing them.
//!
//! Each field is a merged field/widget dictionary (`/FT /Sig`, `/T` the ASCII field name,
//! `/TU` the Swedish label as tooltip) over a signature line, with what PDF/A-2 asks of
//! widgets (the print flag `/F 4`, a normal appearance `/AP /N` only, no actions) and what
//! PDF/UA asks (a `Form` structure element with alternate text, reached through
//! `/StructParent` and the parent tree; `/Tabs /S` on pages with annotations).

use crate::error::Error;
use crate::layout::SignatureSlot;
use crate::sign::pdf::{appearance, decode_text, field_ids, text, updated_dictionary};
use crate::sign::person::person_of;
use crate::sign::rendered::Named;
use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId};

fn pdf_err(e: lopdf::Error) -> Error {
    Error::Pdf(format!("signature fields: {e}"))
}

fn reference(dict: &Dictionary, key: &[u8]) -> Result<ObjectId, Error> {
    dict.get(key).and_then(Object::as_reference).map_err(|_| {
        Error::Pdf(format!(
            "signature fields: no /{} reference",
            String::from_utf8_lossy(key)
        ))
    })
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
    let rendered = crate::sign::rendered::read(pdf).map_err(pdf_err)?;
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), rendered.doc);
    let target = Target::read(inc.get_prev_documents(), rendered.named)?;
    let mut added = Added {
        next_key: target.next_key,
        ..Added::default()
    };
    for slot in slots {
        add_widget(&mut inc, &target, slot, page_height, &mut added)?;
    }
    // The catalog gets the AcroForm (no NeedAppearances: every widget has its appearance).
    let catalog = updated_dictionary(&mut inc, target.catalog).map_err(pdf_err)?;
    catalog.set(
        "AcroForm",
        Dictionary::from_iter([("Fields", Object::Array(added.fields))]),
    );
    open_with_outlines(catalog);
    add_to_pages(&mut inc, &added.page_annots)?;
    add_to_structure(
        &mut inc,
        &target,
        added.forms,
        &added.parent_entries,
        added.next_key,
    )?;

    let mut out = Vec::with_capacity(pdf.len() + 4096);
    inc.save_to(&mut out)
        .map_err(|e| Error::Pdf(format!("signature fields: {e}")))?;
    Ok(out)
}

/// Where in the rendered PDF the fields go.
struct Target {
    catalog: ObjectId,
    tree_root: ObjectId,
    /// krilla's structure tree has one top element (Document); a form goes into it when its
    /// signature has no group of its own.
    document_elem: ObjectId,
    /// The signature groups (role, name) by the field they are named after.
    groups: Vec<(Vec<u8>, ObjectId)>,
    next_key: i64,
    pages: Vec<ObjectId>,
}

impl Target {
    fn read(prev: &lopdf::Document, groups: Named) -> Result<Target, Error> {
        let catalog = prev
            .trailer
            .get(b"Root")
            .and_then(Object::as_reference)
            .map_err(pdf_err)?;
        let catalog_dict = prev.get_dictionary(catalog).map_err(pdf_err)?;
        let tree_root = reference(catalog_dict, b"StructTreeRoot")?;
        let tree_root_dict = prev.get_dictionary(tree_root).map_err(pdf_err)?;
        let document_elem = match tree_root_dict.get(b"K").map_err(pdf_err)? {
            Object::Array(a) => a.first().and_then(|o| o.as_reference().ok()),
            Object::Reference(r) => Some(*r),
            _ => None,
        }
        .ok_or_else(|| {
            Error::Pdf("signature fields: the structure tree has no top element".into())
        })?;
        let next_key = tree_root_dict
            .get(b"ParentTreeNextKey")
            .and_then(Object::as_i64)
            .map_err(pdf_err)?;
        Ok(Target {
            catalog,
            tree_root,
            document_elem,
            groups,
            next_key,
            pages: prev.get_pages().into_values().collect(),
        })
    }
}

/// What the widgets added so far need in the catalog, the pages and the structure tree.
#[derive(Default)]
struct Added {
    fields: Vec<Object>,
    /// Each form with the structure element it goes into.
    forms: Vec<(ObjectId, Object)>,
    parent_entries: Vec<(i64, ObjectId)>,
    page_annots: Vec<(ObjectId, ObjectId)>,
    next_key: i64,
}

/// One field: its appearance, its `Form` structure element and the widget itself.
fn add_widget(
    inc: &mut IncrementalDocument,
    target: &Target,
    slot: &SignatureSlot,
    page_height: f32,
    added: &mut Added,
) -> Result<(), Error> {
    let page_id = *target.pages.get(slot.page).ok_or_else(|| {
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
    let ap_id = inc.new_document.add_object(appearance(w, h, Vec::new()));
    let widget_id = inc.new_document.new_object_id();
    let parent = form_parent(&target.groups, &slot.field).unwrap_or(target.document_elem);
    let form_id = inc.new_document.add_object(Dictionary::from_iter([
        ("Type", Object::Name(b"StructElem".to_vec())),
        ("S", Object::Name(b"Form".to_vec())),
        ("P", Object::Reference(parent)),
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
            ("StructParent", Object::Integer(added.next_key)),
        ]),
    );
    added.parent_entries.push((added.next_key, form_id));
    added.next_key += 1;
    added.fields.push(Object::Reference(widget_id));
    added.forms.push((parent, Object::Reference(form_id)));
    added.page_annots.push((page_id, widget_id));
    Ok(())
}

/// The pages get their widgets, and tab order by structure.
fn add_to_pages(
    inc: &mut IncrementalDocument,
    page_annots: &[(ObjectId, ObjectId)],
) -> Result<(), Error> {
    for &(page_id, widget_id) in page_annots {
        let page = updated_dictionary(inc, page_id).map_err(pdf_err)?;
        let mut annots = match page.get(b"Annots") {
            Ok(Object::Array(a)) => a.clone(),
            _ => Vec::new(),
        };
        annots.push(Object::Reference(widget_id));
        page.set("Annots", Object::Array(annots));
        page.set("Tabs", Object::Name(b"S".to_vec()));
    }
    Ok(())
}

/// The structure tree: each form in its signature's group (or under the top element), and
/// the parent tree entries.
fn add_to_structure(
    inc: &mut IncrementalDocument,
    target: &Target,
    forms: Vec<(ObjectId, Object)>,
    parent_entries: &[(i64, ObjectId)],
    next_key: i64,
) -> Result<(), Error> {
    for (parent, form) in forms {
        let elem = updated_dictionary(inc, parent).map_err(pdf_err)?;
        let mut kids = match elem.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        kids.push(form);
        elem.set("K", Object::Array(kids));
    }
    let root = updated_dictionary(inc, target.tree_root).map_err(pdf_err)?;
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
    for &(key, form) in parent_entries {
        nums.push(Object::Integer(key));
        nums.push(Object::Reference(form));
    }
    tree.set("Nums", Object::Array(nums));
    root.set("ParentTree", tree);
    root.set("ParentTreeNextKey", Object::Integer(next_key));
    Ok(())
}

/// A document with bookmarks opens with them shown (`/PageMode /UseOutlines`); krilla
/// cannot set the page mode, and this update rewrites the catalog anyway.
fn open_with_outlines(catalog: &mut Dictionary) {
    if catalog.has(b"Outlines") {
        catalog.set("PageMode", Object::Name(b"UseOutlines".to_vec()));
    }
}

/// The group of the signature `field`. krilla prefixes a user's IDs with `U`.
fn form_parent(groups: &[(Vec<u8>, ObjectId)], field: &str) -> Option<ObjectId> {
    groups
        .iter()
        .find(|(id, _)| id.strip_prefix(b"U").unwrap_or(id) == field.as_bytes())
        .map(|(_, elem)| *elem)
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
