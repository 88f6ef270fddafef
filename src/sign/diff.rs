//! What a revision after a signature may change: an allow-list of uses, like pyHanko's
//! difference analysis.
//!
//! A later revision may only
//! - add a signature (or document timestamp) dictionary as the `/V` of a signature field
//!   that had none, and give that field a new appearance in the same revision (new objects
//!   reachable only from that appearance included);
//! - set `/SigFlags` in the form dictionary (its `/Fields` unchanged);
//! - add or update the document security store (`/DSS`, new objects under it).
//!
//! Every other difference — a page, a content stream, resources, another widget, the
//! structure tree, a deleted object, an object that does not read strictly — is a
//! modification, described with the object number and what changed. The test is on what an
//! object is used for, never on its `/Type` alone: a page dictionary that calls itself a
//! widget is still the page.
//!
//! [`fields_revision`] recognises the one other update protokoll itself writes: the
//! signature fields added after rendering.

use lopdf::{Dictionary, Document, Object, ObjectId};
use std::collections::{BTreeMap, BTreeSet};

/// Deepest field hierarchy followed.
const MAX_FIELD_DEPTH: usize = 16;

/// Every field of the form (through `/Kids`), as (object id, full name).
pub(crate) fn all_fields(doc: &Document) -> Vec<(ObjectId, String)> {
    let mut out = Vec::new();
    let Some(form) = acroform(doc) else {
        return out;
    };
    let mut seen = BTreeSet::new();
    let roots = form
        .get(b"Fields")
        .and_then(Object::as_array)
        .cloned()
        .unwrap_or_default();
    let mut stack: Vec<(Object, String, usize)> = roots
        .into_iter()
        .rev()
        .map(|o| (o, String::new(), 0))
        .collect();
    while let Some((o, parent, depth)) = stack.pop() {
        let Ok(id) = o.as_reference() else { continue };
        if depth > MAX_FIELD_DEPTH || !seen.insert(id) {
            continue;
        }
        let Ok(d) = doc.get_dictionary(id) else {
            out.push((id, parent.clone()));
            continue;
        };
        let own = d
            .get(b"T")
            .map(crate::sign::pdf::decode_text)
            .unwrap_or_default();
        let name = match (parent.is_empty(), own.is_empty()) {
            (true, _) => own,
            (false, true) => parent.clone(),
            (false, false) => format!("{parent}.{own}"),
        };
        if let Ok(kids) = d.get(b"Kids").and_then(Object::as_array) {
            for k in kids.iter().rev() {
                stack.push((k.clone(), name.clone(), depth + 1));
            }
        }
        out.push((id, name));
    }
    out
}

/// The form dictionary, direct or indirect.
pub(crate) fn acroform(doc: &Document) -> Option<&Dictionary> {
    match doc.catalog().ok()?.get(b"AcroForm").ok()? {
        Object::Dictionary(d) => Some(d),
        Object::Reference(r) => doc.get_dictionary(*r).ok(),
        _ => None,
    }
}

fn name_of<'a>(d: &'a Dictionary, key: &[u8]) -> Option<&'a [u8]> {
    d.get(key).and_then(Object::as_name).ok()
}

/// Whether a catalog's `/PageMode` is absent or `/UseOutlines`.
fn opens_with_outlines_or_not_at_all(catalog: &Dictionary) -> bool {
    match catalog.get(b"PageMode") {
        Err(_) => true,
        Ok(mode) => mode.as_name().is_ok_and(|m| m == b"UseOutlines"),
    }
}

fn dict_of(o: &Object) -> Option<&Dictionary> {
    match o {
        Object::Dictionary(d) => Some(d),
        Object::Stream(s) => Some(&s.dict),
        _ => None,
    }
}

/// "object 12 (page)": what an object is, for a message.
pub(crate) fn describe(doc: &Document, id: ObjectId) -> String {
    let kind = match doc.objects.get(&id) {
        Some(o @ Object::Stream(_)) => {
            let d = dict_of(o).expect("a stream has a dictionary");
            match (name_of(d, b"Type"), name_of(d, b"Subtype")) {
                (_, Some(st)) => format!("stream /Subtype /{}", String::from_utf8_lossy(st)),
                (Some(t), _) => format!("stream /Type /{}", String::from_utf8_lossy(t)),
                _ => "content stream".into(),
            }
        }
        Some(Object::Dictionary(d)) => {
            let t = name_of(d, b"Type").map(|t| String::from_utf8_lossy(t).into_owned());
            let field = d.get(b"T").map(crate::sign::pdf::decode_text).ok();
            match (t.as_deref(), field) {
                (Some("Page"), _) => "page".into(),
                (Some("Catalog"), _) => "catalog".into(),
                (_, Some(f)) => format!("field `{f}`"),
                (Some(t), None) => format!("/Type /{t}"),
                (None, None) => "dictionary".into(),
            }
        }
        Some(_) => "value".into(),
        None => "missing object".into(),
    };
    format!("object {} ({kind})", id.0)
}

/// The keys in which two dictionaries differ.
fn changed_keys(old: &Dictionary, new: &Dictionary) -> BTreeSet<Vec<u8>> {
    let mut keys = BTreeSet::new();
    for (k, v) in new.iter() {
        if old.get(k).ok() != Some(v) {
            keys.insert(k.clone());
        }
    }
    for (k, _) in old.iter() {
        if !new.has(k) {
            keys.insert(k.clone());
        }
    }
    keys
}

fn key_list(keys: &BTreeSet<Vec<u8>>) -> String {
    keys.iter()
        .map(|k| format!("/{}", String::from_utf8_lossy(k)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Objects added, changed or deleted from `before` to `after`.
fn differences(before: &Document, after: &Document) -> BTreeMap<ObjectId, Change> {
    let mut out = BTreeMap::new();
    for (id, obj) in &after.objects {
        match before.objects.get(id) {
            Some(old) if old == obj => {}
            Some(_) => {
                out.insert(*id, Change::Changed);
            }
            None => {
                // Structural objects of the update itself.
                let structural = dict_of(obj)
                    .and_then(|d| name_of(d, b"Type"))
                    .is_some_and(|t| t == b"XRef" || t == b"ObjStm");
                if !structural {
                    out.insert(*id, Change::Added);
                }
            }
        }
    }
    for id in before.objects.keys() {
        if !after.objects.contains_key(id) {
            out.insert(*id, Change::Deleted);
        }
    }
    out
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Change {
    Added,
    Changed,
    Deleted,
}

/// New objects reachable from `start` (through references to added objects only).
fn new_objects_under(
    after: &Document,
    start: &Object,
    added: &BTreeSet<ObjectId>,
) -> BTreeSet<ObjectId> {
    let mut found = BTreeSet::new();
    let mut stack = vec![start.clone()];
    while let Some(o) = stack.pop() {
        match o {
            Object::Reference(r) if added.contains(&r) && found.insert(r) => {
                if let Some(obj) = after.objects.get(&r) {
                    stack.push(obj.clone());
                }
            }
            Object::Array(a) => stack.extend(a),
            Object::Dictionary(d) => stack.extend(d.iter().map(|(_, v)| v.clone())),
            Object::Stream(s) => stack.extend(s.dict.iter().map(|(_, v)| v.clone())),
            _ => {}
        }
        if found.len() > 100_000 {
            break;
        }
    }
    found
}

/// What `after` changes relative to `before` beyond the uses a signature revision may
/// make; empty when the revision only signs. `first` allows what only the first signature
/// may do: certify the document (`/Perms /DocMDP` naming that new signature).
pub(crate) fn signature_revision_changes(
    before: &Document,
    after: &Document,
    first: bool,
) -> Vec<String> {
    let diffs = differences(before, after);
    let mut judgement = Judgement {
        before,
        after,
        added: added_of(&diffs),
        allowed: BTreeSet::new(),
        problems: Vec::new(),
    };
    judgement.signed_fields(&diffs);
    judgement.catalog(first);
    if after.trailer.get(b"Info").ok() != before.trailer.get(b"Info").ok() {
        judgement
            .problems
            .push("the document information dictionary was replaced".into());
    }
    judgement.unexplained(diffs)
}

/// A signature revision judged object by object: what it may change (`allowed`), and the
/// changes that make it more than a signature (`problems`), in the order found.
struct Judgement<'a> {
    before: &'a Document,
    after: &'a Document,
    added: BTreeSet<ObjectId>,
    allowed: BTreeSet<ObjectId>,
    problems: Vec<String>,
}

impl Judgement<'_> {
    /// New signature values of fields that had none, and their new appearances.
    fn signed_fields(&mut self, diffs: &BTreeMap<ObjectId, Change>) {
        let (before, after) = (self.before, self.after);
        for (field_id, name) in all_fields(after) {
            let (Ok(new), Ok(old)) = (
                after.get_dictionary(field_id),
                before.get_dictionary(field_id),
            ) else {
                continue;
            };
            if !diffs.contains_key(&field_id) {
                continue;
            }
            let Ok(sig) = new.get(b"V").and_then(Object::as_reference) else {
                continue;
            };
            let is_sig_field = name_of(old, b"FT") == Some(b"Sig");
            let was_empty = !old.has(b"V");
            let sig_is_new = self.added.contains(&sig)
                && after
                    .get_dictionary(sig)
                    .ok()
                    .and_then(|d| name_of(d, b"Type"))
                    .is_some_and(|t| t == b"Sig" || t == b"DocTimeStamp");
            if !(is_sig_field && was_empty && sig_is_new) {
                continue;
            }
            let keys = changed_keys(old, new);
            let extra: BTreeSet<Vec<u8>> = keys
                .iter()
                .filter(|k| k.as_slice() != b"V" && k.as_slice() != b"AP")
                .cloned()
                .collect();
            if !extra.is_empty() {
                self.problems.push(format!(
                    "object {} (field `{name}`) changed {} while being signed",
                    field_id.0,
                    key_list(&extra)
                ));
            }
            self.allowed.insert(field_id);
            self.allowed.insert(sig);
            if keys.contains(b"AP".as_slice()) {
                if let Ok(ap) = new.get(b"AP") {
                    self.allowed
                        .extend(new_objects_under(after, ap, &self.added));
                }
            }
        }
    }

    /// The catalog: only the form's /SigFlags, the DSS and (first signature) the
    /// certification may change.
    fn catalog(&mut self, first: bool) {
        let (before, after) = (self.before, self.after);
        let root = |d: &Document| d.trailer.get(b"Root").and_then(Object::as_reference).ok();
        let (Some(cat_id), Some(old_cat)) = (root(after), root(before)) else {
            return;
        };
        if cat_id != old_cat {
            self.problems.push(format!(
                "the catalog is now object {}, was object {}",
                cat_id.0, old_cat.0
            ));
            return;
        }
        let (Ok(new), Ok(old)) = (after.get_dictionary(cat_id), before.get_dictionary(cat_id))
        else {
            return;
        };
        self.allowed.insert(cat_id);
        let mut keys = changed_keys(old, new);
        self.catalog_form(cat_id, old, new, &mut keys);
        self.catalog_dss(new, &mut keys);
        if first && !old.has(b"Perms") && keys.contains(b"Perms".as_slice()) {
            let certifies_new = new.get(b"Perms").and_then(Object::as_dict).is_ok_and(|p| {
                p.len() == 1
                    && p.get(b"DocMDP")
                        .and_then(Object::as_reference)
                        .is_ok_and(|r| self.allowed.contains(&r) && self.added.contains(&r))
            });
            if certifies_new {
                keys.remove(b"Perms".as_slice());
            }
        }
        if !keys.is_empty() {
            self.problems.push(format!(
                "object {} (catalog) changed {}",
                cat_id.0,
                key_list(&keys)
            ));
        }
    }

    /// The form dictionary, inline or referenced, may change only its /SigFlags; `keys`
    /// keeps /AcroForm when it changed otherwise.
    fn catalog_form(
        &mut self,
        cat_id: ObjectId,
        old: &Dictionary,
        new: &Dictionary,
        keys: &mut BTreeSet<Vec<u8>>,
    ) {
        let beyond_sig_flags = |o: &Dictionary, n: &Dictionary| -> BTreeSet<Vec<u8>> {
            changed_keys(o, n)
                .into_iter()
                .filter(|k| k != b"SigFlags")
                .collect()
        };
        if keys.remove(b"AcroForm".as_slice()) {
            match (old.get(b"AcroForm"), new.get(b"AcroForm")) {
                (Ok(Object::Dictionary(o)), Ok(Object::Dictionary(n))) => {
                    let form_keys = beyond_sig_flags(o, n);
                    if !form_keys.is_empty() {
                        self.problems.push(format!(
                            "object {} (catalog): the form dictionary changed {}",
                            cat_id.0,
                            key_list(&form_keys)
                        ));
                    }
                }
                _ => {
                    keys.insert(b"AcroForm".to_vec());
                }
            }
        }
        if let Ok(Object::Reference(form_id)) = new.get(b"AcroForm") {
            if let (Ok(n), Ok(o)) = (
                self.after.get_dictionary(*form_id),
                self.before.get_dictionary(*form_id),
            ) {
                if beyond_sig_flags(o, n).is_empty() {
                    self.allowed.insert(*form_id);
                }
            }
        }
    }

    /// The document security store (validation data) and what is new under it.
    fn catalog_dss(&mut self, new: &Dictionary, keys: &mut BTreeSet<Vec<u8>>) {
        let after = self.after;
        if keys.remove(b"DSS".as_slice()) {
            if let Ok(dss) = new.get(b"DSS") {
                self.allowed
                    .extend(new_objects_under(after, dss, &self.added));
            }
        }
        if let Ok(Object::Reference(dss)) = new.get(b"DSS") {
            if let Ok(d) = after.get_dictionary(*dss) {
                self.allowed.insert(*dss);
                let under = new_objects_under(after, &Object::Dictionary(d.clone()), &self.added);
                self.allowed.extend(under);
            }
        }
    }

    /// Every other difference is a problem, named by what it is and which keys changed.
    fn unexplained(mut self, diffs: BTreeMap<ObjectId, Change>) -> Vec<String> {
        let (before, after) = (self.before, self.after);
        for (id, change) in diffs {
            if self.allowed.contains(&id) {
                continue;
            }
            self.problems.push(match change {
                Change::Added => format!("new {} is not part of a signature", describe(after, id)),
                Change::Deleted => format!("{} was deleted", describe(before, id)),
                Change::Changed => match (
                    after.objects.get(&id).and_then(dict_of),
                    before.objects.get(&id).and_then(dict_of),
                ) {
                    (Some(n), Some(o)) => {
                        let keys = changed_keys(o, n);
                        let what = if keys.is_empty() {
                            "its content".to_string()
                        } else {
                            key_list(&keys)
                        };
                        format!("{} changed {what}", describe(after, id))
                    }
                    _ => format!("{} changed", describe(after, id)),
                },
            });
        }
        self.problems
    }
}

/// Whether `after` is protokoll's own signature-field update of the rendered `before`:
/// new `/FT /Sig` widgets with empty appearances and their `Form` structure elements; the
/// catalog gains the form; pages gain those widgets (and `/Tabs`); the structure tree gains
/// the elements. Returns what else it changes.
pub(crate) fn fields_revision(before: &Document, after: &Document) -> Vec<String> {
    let diffs = differences(before, after);
    let added = added_of(&diffs);
    let widgets: BTreeSet<ObjectId> = all_fields(after)
        .into_iter()
        .map(|(id, _)| id)
        .filter(|id| added.contains(id))
        .collect();
    let mut problems = Vec::new();
    let mut allowed = empty_signature_widgets(after, &widgets, &added, &mut problems);
    // Form structure elements for the new widgets, and new elements that only group them.
    let forms = form_elements(after, &added, &widgets);
    allowed.extend(&forms);
    allowed.extend(grouping_elements(after, &added, &forms));
    for (&id, &change) in &diffs {
        if !allowed.contains(&id) && !adds_only_fields(before, after, id, change, &widgets) {
            let doc = if change == Change::Deleted {
                before
            } else {
                after
            };
            problems.push(format!(
                "{} is not part of protokoll's signature fields",
                describe(doc, id)
            ));
        }
    }
    problems
}

/// The objects a revision adds.
fn added_of(diffs: &BTreeMap<ObjectId, Change>) -> BTreeSet<ObjectId> {
    diffs
        .iter()
        .filter(|(_, c)| **c == Change::Added)
        .map(|(id, _)| *id)
        .collect()
}

/// A structure element (a dictionary with /S, typed StructElem or untyped).
fn is_struct_elem(d: &Dictionary) -> bool {
    d.has(b"S") && matches!(name_of(d, b"Type"), None | Some(b"StructElem"))
}

/// The new widgets that are empty signature fields, with their blank appearances; every
/// other new field, and an appearance that draws, is a problem.
fn empty_signature_widgets(
    after: &Document,
    widgets: &BTreeSet<ObjectId>,
    added: &BTreeSet<ObjectId>,
    problems: &mut Vec<String>,
) -> BTreeSet<ObjectId> {
    let mut allowed = BTreeSet::new();
    for &w in widgets {
        let Ok(d) = after.get_dictionary(w) else {
            continue;
        };
        let sig_widget = name_of(d, b"FT") == Some(b"Sig")
            && name_of(d, b"Subtype") == Some(b"Widget")
            && !d.has(b"V")
            && !d.has(b"Kids");
        if !sig_widget {
            problems.push(format!(
                "new {} is not an empty signature field",
                describe(after, w)
            ));
            continue;
        }
        allowed.insert(w);
        if let Ok(ap) = d.get(b"AP") {
            for id in new_objects_under(after, ap, added) {
                match after.objects.get(&id) {
                    Some(Object::Stream(s)) if s.content.iter().all(u8::is_ascii_whitespace) => {
                        allowed.insert(id);
                    }
                    _ => problems.push(format!(
                        "the appearance of a new signature field draws something ({})",
                        describe(after, id)
                    )),
                }
            }
        }
    }
    allowed
}

/// New `Form` structure elements that mark one of the new widgets.
fn form_elements(
    after: &Document,
    added: &BTreeSet<ObjectId>,
    widgets: &BTreeSet<ObjectId>,
) -> BTreeSet<ObjectId> {
    let mut forms = BTreeSet::new();
    for &id in added {
        let Some(d) = after.objects.get(&id).and_then(dict_of) else {
            continue;
        };
        let marks_widget = d
            .get(b"K")
            .ok()
            .and_then(|k| match k {
                Object::Dictionary(k) => k.get(b"Obj").and_then(Object::as_reference).ok(),
                _ => None,
            })
            .is_some_and(|o| widgets.contains(&o));
        if is_struct_elem(d) && name_of(d, b"S") == Some(b"Form") && marks_widget {
            forms.insert(id);
        }
    }
    forms
}

/// New structure elements (not streams) whose children are all new `Form` elements.
fn grouping_elements(
    after: &Document,
    added: &BTreeSet<ObjectId>,
    forms: &BTreeSet<ObjectId>,
) -> BTreeSet<ObjectId> {
    let mut groups = BTreeSet::new();
    for &id in added {
        let Some(d) = after.objects.get(&id).and_then(dict_of) else {
            continue;
        };
        let kids = match d.get(b"K") {
            Ok(Object::Array(a)) => a.clone(),
            Ok(other) => vec![other.clone()],
            Err(_) => Vec::new(),
        };
        let groups_forms = !kids.is_empty()
            && kids
                .iter()
                .all(|k| k.as_reference().is_ok_and(|r| forms.contains(&r)));
        if is_struct_elem(d)
            && groups_forms
            && !matches!(after.objects.get(&id), Some(Object::Stream(_)))
        {
            groups.insert(id);
        }
    }
    groups
}

/// Whether a changed object only gains what adding the fields needs: the catalog its
/// /AcroForm, a page its new widgets and tab order, the structure tree root its parent
/// tree, a structure element its children.
fn adds_only_fields(
    before: &Document,
    after: &Document,
    id: ObjectId,
    change: Change,
    widgets: &BTreeSet<ObjectId>,
) -> bool {
    let (Change::Changed, Some(n), Some(o)) = (
        change,
        after.objects.get(&id).and_then(dict_of),
        before.objects.get(&id).and_then(dict_of),
    ) else {
        return false;
    };
    let keys = changed_keys(o, n);
    let allowed_keys: &[&[u8]] = match name_of(n, b"Type") {
        // The fields revision also opens the document with its bookmarks, which krilla
        // cannot set (`/PageMode /UseOutlines`, and nothing else).
        Some(b"Catalog") if opens_with_outlines_or_not_at_all(n) => &[b"AcroForm", b"PageMode"],
        Some(b"Catalog") => &[b"AcroForm"],
        Some(b"Page") => &[b"Annots", b"Tabs"],
        Some(b"StructTreeRoot") => &[b"ParentTree", b"ParentTreeNextKey"],
        _ if is_struct_elem(n) => &[b"K"],
        _ => &[],
    };
    keys.iter().all(|k| allowed_keys.contains(&k.as_slice())) && new_annots_are(n, o, widgets)
}

/// A page's annotations after the fields update are the old ones plus new widgets only.
fn new_annots_are(new: &Dictionary, old: &Dictionary, widgets: &BTreeSet<ObjectId>) -> bool {
    let list = |d: &Dictionary| {
        d.get(b"Annots")
            .and_then(Object::as_array)
            .cloned()
            .unwrap_or_default()
    };
    let (n, o) = (list(new), list(old));
    n.starts_with(&o)
        && n[o.len()..]
            .iter()
            .all(|a| a.as_reference().is_ok_and(|r| widgets.contains(&r)))
}

#[cfg(test)]
mod tests {
    use super::*;
    use lopdf::Stream;

    /// A catalog (1), a page (2) and an empty signature field (3) on it.
    fn base() -> Document {
        let mut doc = Document::new();
        let form =
            Dictionary::from_iter([("Fields", Object::Array(vec![Object::Reference((3, 0))]))]);
        doc.objects.insert(
            (1, 0),
            Dictionary::from_iter([
                ("Type", Object::Name(b"Catalog".to_vec())),
                ("AcroForm", Object::Dictionary(form)),
            ])
            .into(),
        );
        doc.objects.insert(
            (2, 0),
            Dictionary::from_iter([("Type", Object::Name(b"Page".to_vec()))]).into(),
        );
        doc.objects.insert(
            (3, 0),
            Dictionary::from_iter([
                ("FT", Object::Name(b"Sig".to_vec())),
                ("T", Object::string_literal("sekreterare")),
                ("Subtype", Object::Name(b"Widget".to_vec())),
                (
                    "Rect",
                    Object::Array(vec![0.into(), 0.into(), 10.into(), 10.into()]),
                ),
            ])
            .into(),
        );
        doc.trailer.set("Root", Object::Reference((1, 0)));
        doc
    }

    /// `before` with field 3 signed by a new signature (10) and appearance (11).
    fn signed(before: &Document) -> Document {
        let mut after = before.clone();
        after.objects.insert(
            (10, 0),
            Dictionary::from_iter([("Type", Object::Name(b"Sig".to_vec()))]).into(),
        );
        after.objects.insert(
            (11, 0),
            Stream::new(Dictionary::new(), b"0 0 m".to_vec()).into(),
        );
        let f = after.get_dictionary_mut((3, 0)).unwrap();
        f.set("V", Object::Reference((10, 0)));
        f.set(
            "AP",
            Dictionary::from_iter([("N", Object::Reference((11, 0)))]),
        );
        after
    }

    #[test]
    fn signing_an_empty_field_is_allowed() {
        let before = base();
        assert_eq!(
            signature_revision_changes(&before, &signed(&before), false),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_page_that_calls_itself_a_widget_is_still_the_page() {
        let before = base();
        let mut after = signed(&before);
        after
            .get_dictionary_mut((2, 0))
            .unwrap()
            .set("Subtype", Object::Name(b"Widget".to_vec()));
        let problems = signature_revision_changes(&before, &after, false);
        assert_eq!(
            problems,
            vec!["object 2 (page) changed /Subtype".to_string()]
        );
    }

    #[test]
    fn a_signed_field_may_not_be_moved_or_resigned() {
        let before = signed(&base());
        let mut after = before.clone();
        after.objects.insert(
            (12, 0),
            Stream::new(Dictionary::new(), b"0 0 m".to_vec()).into(),
        );
        let f = after.get_dictionary_mut((3, 0)).unwrap();
        f.set(
            "Rect",
            Object::Array(vec![0.into(), 0.into(), 600.into(), 800.into()]),
        );
        f.set(
            "AP",
            Dictionary::from_iter([("N", Object::Reference((12, 0)))]),
        );
        let problems = signature_revision_changes(&before, &after, false);
        assert!(
            problems
                .iter()
                .any(|p| p.contains("field `sekreterare`) changed /AP, /Rect")),
            "{problems:?}"
        );
        assert!(
            problems.iter().any(|p| p.contains("new object 12")),
            "{problems:?}"
        );
    }

    /// `base` before its fields: no form, no annotations.
    fn rendered() -> Document {
        let mut doc = base();
        doc.objects.remove(&(3, 0));
        doc.get_dictionary_mut((1, 0)).unwrap().remove(b"AcroForm");
        doc
    }

    /// `rendered` plus a widget (3) of type `ft` with an appearance drawing `ap`.
    fn with_field(ft: &[u8], ap: &[u8]) -> Document {
        let mut after = base();
        let w = after.get_dictionary_mut((3, 0)).unwrap();
        w.set("FT", Object::Name(ft.to_vec()));
        w.set(
            "AP",
            Dictionary::from_iter([("N", Object::Reference((4, 0)))]),
        );
        after
            .objects
            .insert((4, 0), Stream::new(Dictionary::new(), ap.to_vec()).into());
        after
            .get_dictionary_mut((2, 0))
            .unwrap()
            .set("Annots", Object::Array(vec![Object::Reference((3, 0))]));
        after
    }

    #[test]
    fn protokolls_own_fields_revision_is_recognised() {
        assert_eq!(
            fields_revision(&rendered(), &with_field(b"Sig", b"")),
            Vec::<String>::new()
        );
    }

    #[test]
    fn a_text_field_or_a_drawn_appearance_is_not_protokolls_fields_revision() {
        let text = fields_revision(&rendered(), &with_field(b"Tx", b""));
        assert!(
            text.iter()
                .any(|p| p.contains("is not an empty signature field")),
            "{text:?}"
        );
        let drawn = fields_revision(&rendered(), &with_field(b"Sig", b"0 0 600 800 re f"));
        assert!(
            drawn.iter().any(|p| p.contains("draws something")),
            "{drawn:?}"
        );
    }
}
