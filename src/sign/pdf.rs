//! The low-level PDF steps that adding fields, signing and verifying share, written once:
//! PDF text strings both ways, a widget's appearance stream, the form's field ids, and
//! changing an object of an incremental update.

use lopdf::{Dictionary, IncrementalDocument, Object, ObjectId, Stream, StringFormat};

/// A PDF text string: UTF-16BE with a byte order mark.
pub(crate) fn text(s: &str) -> Object {
    // PDF text strings: UTF-16BE with a byte order mark.
    let mut bytes = vec![0xFE, 0xFF];
    for u in s.encode_utf16() {
        bytes.extend(u.to_be_bytes());
    }
    Object::String(bytes, StringFormat::Hexadecimal)
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

/// The dictionary `id` as the update `inc` will write it: copied from the earlier revision
/// into the update on first use, so that changing it leaves the signed bytes alone.
pub(crate) fn updated_dictionary(
    inc: &mut IncrementalDocument,
    id: ObjectId,
) -> Result<&mut Dictionary, lopdf::Error> {
    inc.opt_clone_object_to_new_document(id)?;
    inc.new_document.get_dictionary_mut(id)
}
