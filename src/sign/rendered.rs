//! A freshly rendered PDF read in part: only the objects that adding signature fields reads
//! or changes.
//!
//! Adding fields needs the catalog, the page tree, the structure tree root, its top element
//! and the structure elements the layout named after a signature field (the groups of role
//! and name a field's `Form` element joins). Loading the whole file with lopdf parsed every
//! object — each paragraph's structure elements, fonts, content streams — and cost a tenth
//! of rendering a protocol. krilla writes one revision with one cross-reference table and
//! lists every named element in the structure tree root's `/IDTree`, so the objects wanted
//! are found through those two and read with the strict reader ([`syntax::indirect_at`]);
//! each must carry the number its entry names, and each named element its name. A file
//! that is not of that form (not krilla's output) is loaded whole by lopdf and its structure
//! tree walked for named elements, as before: the result is the same either way.

use crate::sign::revisions::{self, Entry};
use crate::sign::syntax::{self, find, Reader, Spanned, Value};
use lopdf::{Dictionary, Object, ObjectId, StringFormat};
use std::collections::BTreeMap;

/// Structure elements by the `/ID` they carry.
pub(crate) type Named = Vec<(Vec<u8>, ObjectId)>;

/// The rendered PDF as lopdf's previous document for an incremental update, and its named
/// structure elements.
pub(crate) struct Rendered {
    /// The objects adding fields reads or changes (every object, for a file not read in part).
    pub doc: lopdf::Document,
    /// The structure elements that carry an `/ID`.
    pub named: Named,
}

/// Reads the rendered PDF `pdf`.
pub(crate) fn read(pdf: &[u8]) -> Result<Rendered, lopdf::Error> {
    if let Some(part) = partial(pdf) {
        return Ok(part);
    }
    let doc = lopdf::Document::load_mem(pdf)?;
    let named = doc
        .catalog()
        .and_then(|c| c.get(b"StructTreeRoot"))
        .and_then(Object::as_reference)
        .and_then(|r| doc.get_dictionary(r))
        .map(|root| named_by_walking(&doc, root))
        .unwrap_or_default();
    Ok(Rendered { doc, named })
}

/// Structure elements that carry an /ID, found by walking the whole tree.
fn named_by_walking(doc: &lopdf::Document, tree_root: &Dictionary) -> Named {
    let mut out = Vec::new();
    let mut stack: Vec<Object> = tree_root.get(b"K").ok().cloned().into_iter().collect();
    while let Some(o) = stack.pop() {
        match o {
            Object::Array(items) => stack.extend(items),
            Object::Reference(id) => {
                let Ok(d) = doc.get_dictionary(id) else {
                    continue;
                };
                if let Ok(Object::String(s, _)) = d.get(b"ID") {
                    out.push((s.clone(), id));
                }
                if let Ok(k) = d.get(b"K") {
                    stack.push(k.clone());
                }
            }
            _ => {}
        }
    }
    out
}

/// The objects adding fields needs from a one-revision file with a cross-reference table
/// and a flat `/IDTree`; `None` for any other file or anything that does not read strictly.
fn partial(pdf: &[u8]) -> Option<Rendered> {
    let (revisions, trailing) = revisions::read(pdf).ok()?;
    let [revision] = revisions.as_slice() else {
        return None;
    };
    if trailing != 0 {
        return None;
    }
    let trailer_at = find(pdf, b"trailer", revision.section.start)?;
    let mut r = Reader::new(pdf, trailer_at);
    r.keyword(b"trailer").ok()?;
    let Object::Dictionary(trailer) = convert(&r.value(0).ok()?, pdf) else {
        return None;
    };
    let mut objects = Objects {
        pdf,
        entries: &revision.entries,
        loaded: BTreeMap::new(),
    };
    let catalog = objects.dictionary(trailer.get(b"Root").ok()?.as_reference().ok()?)?;
    objects.page_tree(catalog.get(b"Pages").ok()?.as_reference().ok()?, 0)?;
    let tree_root =
        objects.dictionary(catalog.get(b"StructTreeRoot").ok()?.as_reference().ok()?)?;
    objects.top_elements(tree_root.get(b"K").ok()?)?;
    let named = objects.named(&tree_root)?;

    let mut doc = lopdf::Document::new();
    doc.max_id = *revision.entries.keys().next_back()?;
    doc.reference_table =
        lopdf::xref::Xref::new(doc.max_id + 1, lopdf::xref::XrefType::CrossReferenceTable);
    doc.xref_start = revision.section.start;
    doc.trailer = trailer;
    doc.objects = objects.loaded;
    Some(Rendered { doc, named })
}

/// Objects read on demand through the cross-reference entries.
struct Objects<'a> {
    pdf: &'a [u8],
    entries: &'a BTreeMap<u32, Entry>,
    loaded: BTreeMap<ObjectId, Object>,
}

/// Deeper page or structure trees than this are not krilla's: the whole file is loaded.
const MAX_DEPTH: usize = 256;

impl Objects<'_> {
    /// Reads object `id` (once) and returns it if it is a dictionary.
    fn dictionary(&mut self, id: ObjectId) -> Option<Dictionary> {
        if let Some(o) = self.loaded.get(&id) {
            return o.as_dict().ok().cloned();
        }
        let Some(&Entry::InUse { offset, gen }) = self.entries.get(&id.0) else {
            return None;
        };
        let o = syntax::indirect_at(self.pdf, offset).ok()?;
        if o.id != id || gen != id.1 || o.stream.is_some() {
            return None;
        }
        let object = convert(&o.value, self.pdf);
        let dict = object.as_dict().ok().cloned();
        self.loaded.insert(id, object);
        dict
    }

    /// The page tree node `id` and everything under it. A node met twice (a loop, or a
    /// node shared by two parents) is not a tree: the whole file is loaded instead, so the
    /// work stays bounded by the number of objects.
    fn page_tree(&mut self, id: ObjectId, depth: usize) -> Option<()> {
        if depth > MAX_DEPTH || self.loaded.contains_key(&id) {
            return None;
        }
        let node = self.dictionary(id)?;
        if let Ok(kids) = node.get(b"Kids").and_then(Object::as_array) {
            for kid in kids {
                self.page_tree(kid.as_reference().ok()?, depth + 1)?;
            }
        }
        Some(())
    }

    /// The top structure element(s): a form whose field has no named group goes there.
    fn top_elements(&mut self, k: &Object) -> Option<()> {
        match k {
            Object::Reference(id) => self.dictionary(*id).map(|_| ()),
            Object::Array(items) => items
                .iter()
                .try_for_each(|i| self.dictionary(i.as_reference().ok()?).map(|_| ())),
            _ => None,
        }
    }

    /// The elements listed in the structure tree root's `/IDTree` (one flat `/Names` array),
    /// each read and checked to carry the ID it is listed under.
    fn named(&mut self, tree_root: &Dictionary) -> Option<Named> {
        let Ok(tree) = tree_root.get(b"IDTree") else {
            return Some(Vec::new());
        };
        let names = tree.as_dict().ok()?.get(b"Names").ok()?.as_array().ok()?;
        let mut out = Vec::new();
        for pair in names.chunks(2) {
            let [Object::String(id, _), Object::Reference(elem)] = pair else {
                return None;
            };
            let dict = self.dictionary(*elem)?;
            match dict.get(b"ID") {
                Ok(Object::String(own, _)) if own == id => out.push((id.clone(), *elem)),
                _ => return None,
            }
        }
        Some(out)
    }
}

/// A value as lopdf would have read it; a string keeps the form it was written in, so that
/// an object copied into the update is written back the same way.
#[allow(clippy::cast_possible_truncation)] // lopdf holds reals as f32
fn convert(s: &Spanned, pdf: &[u8]) -> Object {
    match &s.value {
        Value::Str(bytes) => {
            let format = if pdf.get(s.span.start) == Some(&b'<') {
                StringFormat::Hexadecimal
            } else {
                StringFormat::Literal
            };
            Object::String(bytes.clone(), format)
        }
        Value::Array(a) => Object::Array(a.iter().map(|v| convert(v, pdf)).collect()),
        Value::Dict(d) => Object::Dictionary(Dictionary::from_iter(
            d.iter().map(|(k, v)| (k.clone(), convert(v, pdf))),
        )),
        other => syntax::to_lopdf(other),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A minimal one-revision file: catalog, one page, a structure tree of two elements.
    fn sample() -> Vec<u8> {
        sample_with_pages("<</Type/Pages/Kids[3 0 R]/Count 1>>")
    }

    /// The same file with another page tree root (object 2).
    fn sample_with_pages(pages: &str) -> Vec<u8> {
        let objects = [
            "<</Type/Catalog/Pages 2 0 R/StructTreeRoot 4 0 R>>",
            pages,
            "<</Type/Page/Parent 2 0 R/MediaBox[0 0 595.5 842]>>",
            "<</Type/StructTreeRoot/K[5 0 R]/ParentTree<</Nums[]>>/ParentTreeNextKey 0/IDTree<</Names[(Ujusterare-1)6 0 R]>>>>",
            "<</Type/StructElem/S/Document/K[6 0 R]>>",
            "<</Type/StructElem/S/P/ID(Ujusterare-1)/Alt<FEFF00D6>/K 0>>",
            "<</Length 3>>\nstream\nabc\nendstream",
        ];
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let mut offsets = Vec::new();
        for (i, o) in objects.iter().enumerate() {
            offsets.push(pdf.len());
            pdf.extend(format!("{} 0 obj\n{o}\nendobj\n", i + 1).as_bytes());
        }
        let xref = pdf.len();
        pdf.extend(format!("xref\n0 {}\n0000000000 65535 f\r\n", objects.len() + 1).as_bytes());
        for o in offsets {
            pdf.extend(format!("{o:010} 00000 n\r\n").as_bytes());
        }
        pdf.extend(
            format!("trailer\n<</Size 8/Root 1 0 R/ID[(a)(b)]>>\nstartxref\n{xref}\n%%EOF")
                .as_bytes(),
        );
        pdf
    }

    #[test]
    fn reads_what_lopdf_reads_of_the_objects_wanted() {
        let pdf = sample();
        let Rendered { doc: part, named } =
            partial(&pdf).expect("a one-revision file reads in part");
        let whole = lopdf::Document::load_mem(&pdf).unwrap();
        assert_eq!(part.trailer, whole.trailer);
        assert_eq!(part.max_id, whole.max_id);
        assert_eq!(part.xref_start, whole.xref_start);
        // The catalog, pages, tree root, top element and the named element are read; the
        // stream (7) that nobody needs is not.
        assert_eq!(
            part.objects.keys().map(|k| k.0).collect::<Vec<_>>(),
            [1, 2, 3, 4, 5, 6]
        );
        assert_eq!(named, [(b"Ujusterare-1".to_vec(), (6, 0))]);
        let root = whole.get_dictionary((4, 0)).unwrap();
        assert_eq!(named, named_by_walking(&whole, root));
        for (id, o) in &part.objects {
            assert_eq!(Some(o), whole.objects.get(id), "object {id:?}");
        }
        assert_eq!(part.get_pages(), whole.get_pages());
    }

    #[test]
    fn anything_else_is_loaded_whole() {
        let pdf = sample();
        // A second revision, a wrong object number, trailing bytes: lopdf reads the file.
        let mut updated = pdf.clone();
        updated.extend(b"\n5 0 obj\n<<>>\nendobj\n");
        let mut renumbered = pdf.clone();
        let at = syntax::find(&renumbered, b"5 0 obj", 0).unwrap();
        renumbered[at] = b'9';
        // A page tree whose root lists its one page twice is not read in part (nor is one
        // that lists itself, which would never end).
        let twice = sample_with_pages("<</Type/Pages/Kids[3 0 R 3 0 R]/Count 2>>");
        let looped = sample_with_pages("<</Type/Pages/Kids[2 0 R]/Count 1>>");
        for other in [updated, renumbered, twice, looped] {
            assert!(partial(&other).is_none());
        }
        assert_eq!(read(&pdf).unwrap().doc.objects.len(), 6);
    }

    /// On a real protocol (the fields step left out) the file is read in part, and the named
    /// elements are exactly those a walk of the whole structure tree finds.
    #[test]
    fn a_rendered_protocol_is_read_in_part_and_finds_every_named_element() {
        let dir = concat!(env!("CARGO_MANIFEST_DIR"), "/samples/kommunstyrelsen");
        let json =
            std::fs::read_to_string(format!("{dir}/kommunstyrelsen-2024-03-12.json")).unwrap();
        let options = crate::RenderOptions {
            no_fields: true,
            ..crate::RenderOptions::default()
        };
        let resources = crate::resources::FolderResources::new(dir);
        let pdf = crate::render_pdf(&json, &resources, &options).unwrap().pdf;
        let Rendered { doc, mut named } = partial(&pdf).expect("krilla's output reads in part");
        let whole = lopdf::Document::load_mem(&pdf).unwrap();
        let root = whole
            .catalog()
            .unwrap()
            .get(b"StructTreeRoot")
            .unwrap()
            .as_reference()
            .unwrap();
        let mut walked = named_by_walking(&whole, whole.get_dictionary(root).unwrap());
        named.sort();
        walked.sort();
        assert_eq!(named, walked);
        assert!(
            named.len() >= 4,
            "chair, two adjusters, secretary: {named:?}"
        );
        assert!(doc.objects.len() < whole.objects.len() / 4);
        for (id, o) in &doc.objects {
            assert_eq!(Some(o), whole.objects.get(id), "object {id:?}");
        }
    }
}
