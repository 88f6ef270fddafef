//! The revision chain of a PDF, read from its cross-reference sections.
//!
//! A signed PDF is a sequence of revisions: the original and one incremental update per
//! change. Where each revision ends decides what a signature covers, so the chain is read
//! the way a PDF reader must read it — from the final `startxref`, through each section's
//! `/Prev` — and never by counting `%%EOF` strings. Both cross-reference tables and
//! cross-reference streams are read. Every offset and count from the file is range-checked.
//!
//! In an incremental update (every revision after the first) each object the update
//! defines must lie inside the update and read strictly ([`syntax::indirect_at`]);
//! anything else is an error naming the object.

use crate::sign::syntax::{self, find, Reader, Value};
use std::collections::BTreeMap;

/// At most this many revisions are followed (a loop or a crafted chain stops here; a
/// protocol has one per signer plus two, and each revision is loaded once to compare).
const MAX_REVISIONS: usize = 100;

/// One cross-reference entry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Entry {
    /// A free (deleted) object.
    Free,
    /// An object at a byte offset.
    InUse { offset: usize, gen: u16 },
    /// An object inside an object stream.
    Compressed { container: u32 },
}

/// One revision: bytes `start..end` of the file.
#[derive(Debug, Clone)]
pub(crate) struct Revision {
    pub start: usize,
    /// Just after `%%EOF`.
    pub end: usize,
    /// `end` plus the end-of-line after `%%EOF`, if there is one.
    pub end_with_eol: usize,
    /// The entries this revision's section defines, by object number.
    pub entries: BTreeMap<u32, Entry>,
    /// Where its cross-reference section (table and trailer, or stream) lies.
    pub section: std::ops::Range<usize>,
}

impl Revision {
    /// Whether a signed range ending at `at` ends exactly at this revision.
    pub fn ends_at(&self, at: usize) -> bool {
        at == self.end || at == self.end_with_eol
    }
}

/// The revisions of `pdf`, oldest first, and the number of bytes after the last one that do
/// not form a revision (white space aside).
pub(crate) fn read(pdf: &[u8]) -> Result<(Vec<Revision>, usize), String> {
    let (last_xref, tail_end) = final_startxref(pdf)?;
    let mut sections = Vec::new();
    let mut at = last_xref;
    loop {
        if sections.len() >= MAX_REVISIONS {
            return Err(format!("more than {MAX_REVISIONS} revisions"));
        }
        let (entries, prev, section_end) = section(pdf, at)?;
        sections.push((at..section_end, entries));
        match prev {
            None => break,
            Some(p) if p < at => at = p,
            Some(p) => {
                return Err(format!(
                    "the cross-reference section at byte {at} points back to byte {p}, not to an earlier one"
                ))
            }
        }
    }
    sections.reverse();
    let mut revisions = Vec::with_capacity(sections.len());
    let mut start = 0;
    let count = sections.len();
    for (i, (section, entries)) in sections.into_iter().enumerate() {
        let xref_at = section.start;
        if xref_at < start {
            return Err(format!(
                "the cross-reference section at byte {xref_at} lies inside an earlier revision"
            ));
        }
        let (end, end_with_eol) = if i + 1 == count {
            tail_end
        } else {
            revision_end(pdf, xref_at)?
        };
        revisions.push(Revision {
            start,
            end,
            end_with_eol,
            entries,
            section,
        });
        start = end_with_eol;
    }
    for r in revisions.iter().skip(1) {
        check_update(pdf, r)?;
    }
    let trailing = pdf[start..]
        .iter()
        .filter(|b| !b.is_ascii_whitespace())
        .count();
    Ok((revisions, trailing))
}

/// The offset in the last well-formed `startxref n %%EOF` of the file, and where it ends.
fn final_startxref(pdf: &[u8]) -> Result<(usize, (usize, usize)), String> {
    let key = b"startxref";
    let mut search_end = pdf.len();
    // The last `startxref` that is followed by a number and `%%EOF`.
    while let Some(at) = pdf[..search_end].windows(key.len()).rposition(|w| w == key) {
        if let Ok(found) = startxref_at(pdf, at) {
            return Ok(found);
        }
        search_end = at;
    }
    Err("no `startxref … %%EOF` at the end of the file".into())
}

/// Reads `startxref n %%EOF` at `at`: n and the revision's end (without and with EOL).
fn startxref_at(pdf: &[u8], at: usize) -> Result<(usize, (usize, usize)), String> {
    let mut r = Reader::new(pdf, at);
    r.keyword(b"startxref")?;
    let offset: usize = r.unsigned()?;
    // `%%EOF` is a comment to the tokenizer; read it by hand.
    while r.pos < pdf.len() && pdf[r.pos].is_ascii_whitespace() {
        r.pos += 1;
    }
    if pdf.get(r.pos..r.pos + 5) != Some(b"%%EOF") {
        return Err(format!("`startxref` at byte {at} is not followed by %%EOF"));
    }
    let end = r.pos + 5;
    let eol = match pdf.get(end..end + 2) {
        Some(b"\r\n") => 2,
        _ if matches!(pdf.get(end), Some(b'\n' | b'\r')) => 1,
        _ => 0,
    };
    if offset >= pdf.len() {
        return Err(format!("`startxref` at byte {at} points outside the file"));
    }
    Ok((offset, (end, end + eol)))
}

/// Where the revision whose cross-reference section starts at `xref_at` ends: the
/// `startxref` that follows its section must point back to it.
fn revision_end(pdf: &[u8], xref_at: usize) -> Result<(usize, usize), String> {
    let at = find(pdf, b"startxref", xref_at)
        .ok_or_else(|| format!("no `startxref` after the section at byte {xref_at}"))?;
    let (offset, end) = startxref_at(pdf, at)?;
    if offset != xref_at {
        return Err(format!(
            "the revision with its section at byte {xref_at} ends with `startxref {offset}`"
        ));
    }
    Ok(end)
}

/// A section's entries, its `/Prev`, and where it ends.
type Section = (BTreeMap<u32, Entry>, Option<usize>, usize);

/// The entries of the cross-reference section at `at`, and its `/Prev`.
fn section(pdf: &[u8], at: usize) -> Result<Section, String> {
    let mut r = Reader::new(pdf, at);
    if r.keyword(b"xref").is_ok() {
        return table(pdf, r);
    }
    stream(pdf, at)
}

fn prev_of(trailer: &syntax::Spanned) -> Result<Option<usize>, String> {
    if trailer.get(b"XRefStm").is_some() {
        return Err("hybrid cross-reference sections (/XRefStm) are not accepted".into());
    }
    match trailer.get(b"Prev").map(|p| &p.value) {
        None => Ok(None),
        Some(Value::Int(p)) => usize::try_from(*p)
            .map(Some)
            .map_err(|_| format!("/Prev {p} is out of range")),
        Some(_) => Err("/Prev is not an integer".into()),
    }
}

fn table(pdf: &[u8], mut r: Reader) -> Result<Section, String> {
    let mut entries = BTreeMap::new();
    loop {
        r.skip_white();
        if r.keyword(b"trailer").is_ok() {
            break;
        }
        let first: u32 = r.unsigned()?;
        let count: u32 = r.unsigned()?;
        // Each entry is 20 bytes, so the count is bounded by the file itself.
        if count as usize > pdf.len() / 20 {
            return Err(format!("a cross-reference subsection of {count} entries"));
        }
        for i in 0..count {
            let offset: u64 = r.unsigned()?;
            let gen: u16 = r.unsigned()?;
            r.skip_white();
            let kind = pdf.get(r.pos).copied();
            r.pos += 1;
            let num = first
                .checked_add(i)
                .ok_or("object number out of range in a cross-reference table")?;
            let entry = match kind {
                Some(b'n') => Entry::InUse {
                    offset: usize::try_from(offset).map_err(|_| "offset out of range")?,
                    gen,
                },
                Some(b'f') => Entry::Free,
                _ => return Err(format!("malformed cross-reference entry at byte {}", r.pos)),
            };
            entries.insert(num, entry);
        }
    }
    let trailer = r.value(0)?;
    Ok((entries, prev_of(&trailer)?, trailer.span.end))
}

fn stream(pdf: &[u8], at: usize) -> Result<Section, String> {
    let object = syntax::indirect_at(pdf, at)
        .map_err(|e| format!("no cross-reference section at byte {at}: {e}"))?;
    if object.value.get(b"Type").map(|t| &t.value) != Some(&Value::Name(b"XRef".to_vec())) {
        return Err(format!(
            "the object at byte {at} is not a cross-reference stream"
        ));
    }
    let prev = prev_of(&object.value)?;
    let lopdf::Object::Dictionary(dict) = syntax::to_lopdf(&object.value.value) else {
        return Err("a cross-reference stream without a dictionary".into());
    };
    let data = pdf[object.stream.clone().unwrap_or_default()].to_vec();
    let (xref, _) = lopdf::xref::decode_xref_stream_with_limit(
        lopdf::Stream::new(dict, data).with_compression(true),
        Some(64 * 1024 * 1024),
    )
    .map_err(|e| format!("the cross-reference stream at byte {at} cannot be read: {e}"))?;
    let entries = xref
        .entries
        .into_iter()
        .map(|(num, e)| {
            let entry = match e {
                lopdf::xref::XrefEntry::Normal { offset, generation } => Entry::InUse {
                    offset: offset as usize,
                    gen: generation,
                },
                lopdf::xref::XrefEntry::Compressed { container, .. } => {
                    Entry::Compressed { container }
                }
                _ => Entry::Free,
            };
            (num, entry)
        })
        .collect();
    Ok((entries, prev, object.span.end))
}

/// An incremental update may only define objects inside itself, each reading strictly as the
/// object the entry names; compressed objects must sit in an object stream of the update.
/// Every other byte of the update is white space (an allow-list: a second definition of an
/// object, which a parser that rebuilds a damaged table would find, is no hiding place).
fn check_update(pdf: &[u8], r: &Revision) -> Result<(), String> {
    let mut spans = vec![r.section.clone()];
    for (&num, entry) in &r.entries {
        match *entry {
            Entry::Free => {}
            Entry::InUse { offset, gen } => {
                if offset < r.start || offset >= r.end {
                    return Err(format!(
                        "object {num} of the update at byte {} points to byte {offset}, outside the update",
                        r.start
                    ));
                }
                let o = syntax::indirect_at(pdf, offset)
                    .map_err(|e| format!("object {num} does not read strictly: {e}"))?;
                if o.id != (num, gen) {
                    return Err(format!(
                        "the entry for object {num} points to object {} {}",
                        o.id.0, o.id.1
                    ));
                }
                check_object_stream(pdf, r, num, &o)?;
                spans.push(o.span);
            }
            Entry::Compressed { container } => {
                if !matches!(r.entries.get(&container), Some(Entry::InUse { .. })) {
                    return Err(format!(
                        "object {num} is in object stream {container}, which is not part of the same update"
                    ));
                }
            }
        }
    }
    unaccounted_bytes(pdf, r, spans)
}

/// An object stream of an update holds only objects the update's section names as being in
/// it, each readable (a hidden definition inside a stream is refused like one in the bytes).
fn check_object_stream(
    pdf: &[u8],
    r: &Revision,
    num: u32,
    o: &syntax::Indirect,
) -> Result<(), String> {
    if o.value.get(b"Type").map(|t| &t.value) != Some(&Value::Name(b"ObjStm".to_vec())) {
        return Ok(());
    }
    let lopdf::Object::Dictionary(dict) = syntax::to_lopdf(&o.value.value) else {
        return Err(format!("object stream {num} has no dictionary"));
    };
    let declared = dict.get(b"N").and_then(lopdf::Object::as_i64).ok();
    let data = pdf[o.stream.clone().unwrap_or_default()].to_vec();
    let held = lopdf::ObjectStream::new_with_limit(
        &lopdf::Stream::new(dict, data),
        Some(64 * 1024 * 1024),
    )
    .map_err(|e| format!("object stream {num} cannot be read: {e}"))?
    .objects;
    if declared != i64::try_from(held.len()).ok() {
        return Err(format!(
            "object stream {num} declares {} objects but holds {} readable ones",
            declared.unwrap_or(-1),
            held.len()
        ));
    }
    for (inner, _) in held.keys() {
        if r.entries.get(inner) != Some(&Entry::Compressed { container: num }) {
            return Err(format!(
                "object stream {num} holds object {inner}, which the update's cross-reference section does not place there"
            ));
        }
    }
    Ok(())
}

/// The first non-blank byte of the update `r` outside `spans` (its objects and its section),
/// before the `startxref` that ends it, as an error.
fn unaccounted_bytes(
    pdf: &[u8],
    r: &Revision,
    mut spans: Vec<std::ops::Range<usize>>,
) -> Result<(), String> {
    let tail = pdf[r.section.end..r.end]
        .iter()
        .position(|b| !b.is_ascii_whitespace())
        .map_or(r.end, |i| r.section.end + i);
    if !pdf[tail..].starts_with(b"startxref") || startxref_at(pdf, tail)?.1 .0 != r.end {
        return Err(format!(
            "bytes at {tail} in the update at byte {} belong to no object its cross-reference section names",
            r.start
        ));
    }
    spans.sort_by_key(|s| s.start);
    let mut at = r.start;
    for span in spans.iter().chain(std::iter::once(&(tail..tail))) {
        if let Some(i) = pdf[at..span.start.max(at)]
            .iter()
            .position(|b| !b.is_ascii_whitespace())
        {
            return Err(format!(
                "bytes at {} in the update at byte {} belong to no object its cross-reference section names",
                at + i,
                r.start
            ));
        }
        at = at.max(span.end);
    }
    Ok(())
}

/// Where the latest definition of object `num` is, looking at revisions `..=upto`.
pub(crate) fn latest_entry(revisions: &[Revision], upto: usize, num: u32) -> Option<Entry> {
    revisions
        .get(..=upto)?
        .iter()
        .rev()
        .find_map(|r| r.entries.get(&num).copied())
}

#[cfg(test)]
#[allow(clippy::cast_possible_truncation)] // offsets and sizes of small test files
mod tests {
    use super::*;

    fn one_revision() -> Vec<u8> {
        let mut pdf = b"%PDF-1.7\n".to_vec();
        let o1 = pdf.len();
        pdf.extend(b"1 0 obj\n<< /Type /Catalog >>\nendobj\n");
        let x = pdf.len();
        pdf.extend(
            format!(
                "xref\n0 2\n0000000000 65535 f \n{o1:010} 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R >>\nstartxref\n{x}\n%%EOF\n"
            )
            .as_bytes(),
        );
        pdf
    }

    #[test]
    fn reads_one_revision_and_counts_trailing_bytes() {
        let pdf = one_revision();
        let (revs, trailing) = read(&pdf).unwrap();
        assert_eq!(revs.len(), 1);
        assert_eq!(revs[0].end_with_eol, pdf.len());
        assert_eq!(trailing, 0);
        let mut more = pdf.clone();
        more.extend(b"2 0 obj << >> endobj\n");
        assert_eq!(read(&more).unwrap().1, 15, "non-blank bytes");
    }

    #[test]
    fn an_update_must_define_its_objects_inside_itself() {
        let mut pdf = one_revision();
        let prev = find(&pdf, b"xref", 0).unwrap();
        let x = pdf.len();
        // Object 1 re-pointed to the original bytes.
        pdf.extend(
            format!(
                "xref\n1 1\n0000000009 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R /Prev {prev} >>\nstartxref\n{x}\n%%EOF\n"
            )
            .as_bytes(),
        );
        assert!(read(&pdf).unwrap_err().contains("outside the update"));
    }

    #[test]
    fn every_byte_of_an_update_belongs_to_an_object_it_names() {
        let base = one_revision();
        let prev = find(&base, b"xref", 0).unwrap();
        let update = |hidden: &str, after_trailer: &str| {
            let mut pdf = base.clone();
            let o1 = pdf.len();
            pdf.extend(b"1 0 obj\n<< /Type /Catalog >>\nendobj\n");
            pdf.extend(hidden.as_bytes());
            let x = pdf.len();
            pdf.extend(
                format!(
                    "xref\n1 1\n{o1:010} 00000 n \ntrailer\n<< /Size 2 /Root 1 0 R /Prev {prev} >>\n{after_trailer}startxref\n{x}\n%%EOF\n"
                )
                .as_bytes(),
            );
            read(&pdf)
        };
        assert_eq!(update(" \n", "").unwrap().0.len(), 2);
        // A second definition of object 1, which the table does not name.
        let second = update(
            "1 0 obj\n<< /Type /Catalog /OpenAction 2 0 R >>\nendobj\n",
            "",
        );
        assert!(second.unwrap_err().contains("belong to no object"));
        let after = update("", "1 0 obj << >> endobj\n");
        assert!(after.unwrap_err().contains("belong to no object"));
    }

    #[test]
    fn huge_or_negative_numbers_are_errors_not_panics() {
        for tail in [
            "startxref\n-5\n%%EOF",
            "startxref\n99999999999999999999999\n%%EOF",
            "startxref\n0\n%%EOF",
        ] {
            let mut pdf = b"%PDF-1.7\n".to_vec();
            pdf.extend(tail.as_bytes());
            assert!(read(&pdf).is_err(), "{tail}");
        }
    }

    /// `one_revision` and an update with a cross-reference stream; the offset of object 2.
    fn with_xref_stream() -> (Vec<u8>, usize) {
        let mut pdf = one_revision();
        let prev = find(&pdf, b"xref", 0).unwrap();
        let o2 = pdf.len();
        pdf.extend(b"2 0 obj\n<< /Type /Page >>\nendobj\n");
        let o3 = pdf.len();
        // Entries for objects 2 and 3: type 1, a 4-byte offset, a 2-byte generation.
        let mut data = Vec::new();
        for off in [o2, o3] {
            data.push(1u8);
            data.extend((off as u32).to_be_bytes());
            data.extend([0, 0]);
        }
        pdf.extend(
            format!(
                "3 0 obj\n<< /Type /XRef /Size 4 /W [1 4 2] /Index [2 2] /Root 1 0 R /Prev {prev} /Length {} >>\nstream\n",
                data.len()
            )
            .as_bytes(),
        );
        pdf.extend(&data);
        pdf.extend(format!("\nendstream\nendobj\nstartxref\n{o3}\n%%EOF\n").as_bytes());
        (pdf, o2)
    }

    /// `one_revision` and an update whose object stream 2 holds objects 1 and 4; its
    /// cross-reference stream (3) places only `listed` there.
    fn with_object_stream(listed: &[u32]) -> Vec<u8> {
        let mut pdf = one_revision();
        let prev = find(&pdf, b"xref", 0).unwrap();
        let (one, four) = ("<< /Type /Catalog >>", "<< /Type /Catalog /Lang (sv) >>");
        let header = format!("1 0 4 {} ", one.len() + 1);
        let content = format!("{header}{one} {four}");
        let o2 = pdf.len();
        pdf.extend(
            format!(
                "2 0 obj\n<< /Type /ObjStm /N 2 /First {} /Length {} >>\nstream\n{content}\nendstream\nendobj\n",
                header.len(),
                content.len()
            )
            .as_bytes(),
        );
        let o3 = pdf.len();
        let entry = |kind: u8, field: u32, index: u16| {
            let mut e = vec![kind];
            e.extend(field.to_be_bytes());
            e.extend(index.to_be_bytes());
            e
        };
        let mut data = Vec::new();
        let mut index = Vec::new();
        if listed.contains(&1) {
            data.extend(entry(2, 2, 0));
            index.push("1 1".to_string());
        }
        data.extend(entry(1, o2 as u32, 0));
        data.extend(entry(1, o3 as u32, 0));
        index.push("2 2".into());
        if listed.contains(&4) {
            data.extend(entry(2, 2, 1));
            index.push("4 1".into());
        }
        pdf.extend(
            format!(
                "3 0 obj\n<< /Type /XRef /Size 5 /W [1 4 2] /Index [{}] /Root 1 0 R /Prev {prev} /Length {} >>\nstream\n",
                index.join(" "),
                data.len()
            )
            .as_bytes(),
        );
        pdf.extend(&data);
        pdf.extend(format!("\nendstream\nendobj\nstartxref\n{o3}\n%%EOF\n").as_bytes());
        pdf
    }

    #[test]
    fn an_object_stream_holds_only_objects_the_update_places_there() {
        assert_eq!(read(&with_object_stream(&[1, 4])).unwrap().0.len(), 2);
        let hidden = read(&with_object_stream(&[1])).unwrap_err();
        assert!(hidden.contains("holds object 4"), "{hidden}");
    }

    #[test]
    fn reads_an_update_with_a_cross_reference_stream() {
        let (pdf, o2) = with_xref_stream();
        let (revs, trailing) = read(&pdf).unwrap();
        assert_eq!((revs.len(), trailing), (2, 0));
        assert_eq!(revs[1].start, revs[0].end_with_eol);
        assert_eq!(
            revs[1].entries.get(&2),
            Some(&Entry::InUse { offset: o2, gen: 0 })
        );
        assert_eq!(
            latest_entry(&revs, 1, 1),
            Some(Entry::InUse { offset: 9, gen: 0 })
        );
    }

    #[test]
    fn random_bytes_are_errors_not_panics() {
        let mut state = 0x1234_5678_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let bases = [one_revision(), with_xref_stream().0];
        for i in 0..6000 {
            let mut pdf = bases[i % 2].clone();
            for _ in 0..1 + next() % 6 {
                let at = (next() % pdf.len() as u64) as usize;
                pdf[at] = b"0123456789 -/<>[]()nfRobjxref%EOFstartxref"[(next() % 42) as usize];
            }
            let _ = read(&pdf);
            let _ = syntax::indirect_at(&pdf, (next() % pdf.len() as u64) as usize);
        }
    }
}
