//! The published attacks on signed PDFs (incremental saving, signature wrapping, universal
//! signature forgery; shadow attacks), each built here from a freshly rendered and signed
//! protocol, with the object numbers discovered from the file. `verify` must refuse every
//! one and say what changed; the plain signed file still verifies, and where pyHanko is
//! installed protokoll is never more lenient than pyHanko over the corpus.

use crate::support::pki::{
    certify, export_p12, issue, kommunstyrelsen, make_pki, openssl, pki_with_protocol,
    pyhanko_validate, request, sign, sign_forced, verify_against_ca, verify_trusted, Pki,
};
use crate::support::*;
use lopdf::{Dictionary, Document, IncrementalDocument, Object, ObjectId, Stream};
use std::path::Path;

fn load(pdf: &[u8]) -> Document {
    Document::load_mem(pdf).unwrap()
}

/// The field named `name`.
fn field(doc: &Document, name: &str) -> ObjectId {
    let form = doc.catalog().unwrap().get(b"AcroForm").unwrap();
    let form = form.as_dict().unwrap();
    form.get(b"Fields")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_reference().unwrap())
        .find(|id| {
            doc.get_dictionary(*id)
                .unwrap()
                .get(b"T")
                .unwrap()
                .as_str()
                .unwrap()
                == name.as_bytes()
        })
        .unwrap_or_else(|| panic!("no field {name}"))
}

fn signature_of(doc: &Document, name: &str) -> ObjectId {
    let f = doc.get_dictionary(field(doc, name)).unwrap();
    f.get(b"V").unwrap().as_reference().unwrap()
}

/// The page the signature fields are on.
fn field_page(doc: &Document) -> ObjectId {
    let f = doc.get_dictionary(field(doc, "sekreterare")).unwrap();
    f.get(b"P").unwrap().as_reference().unwrap()
}

/// Appends an incremental update made by `edit`.
fn update(pdf: &[u8], edit: impl FnOnce(&mut IncrementalDocument)) -> Vec<u8> {
    let mut inc = IncrementalDocument::create_from(pdf.to_vec(), load(pdf));
    edit(&mut inc);
    let mut out = Vec::new();
    inc.save_to(&mut out).unwrap();
    out
}

fn edit(inc: &mut IncrementalDocument, id: ObjectId, f: impl FnOnce(&mut Dictionary)) {
    inc.opt_clone_object_to_new_document(id).unwrap();
    f(inc.new_document.get_dictionary_mut(id).unwrap());
}

/// The whole page, as a rectangle.
fn whole_page() -> Object {
    Object::Array(vec![0.into(), 0.into(), 600.into(), 850.into()])
}

/// An appearance dictionary whose normal appearance is `ap`.
fn shows(ap: ObjectId) -> Object {
    Dictionary::from_iter([("N", Object::Reference(ap))]).into()
}

/// Adds the annotation `annot` to the `/Annots` of `page` in the update.
fn annotate(inc: &mut IncrementalDocument, page: ObjectId, annot: ObjectId) {
    edit(inc, page, |p| {
        let mut list = p.get(b"Annots").unwrap().as_array().unwrap().clone();
        list.push(Object::Reference(annot));
        p.set("Annots", list);
    });
}

/// A content stream that paints the page over and writes something else.
fn new_content() -> Stream {
    Stream::new(
        Dictionary::new(),
        b"1 1 1 rg 0 0 600 850 re f 0 0 0 rg 50 700 200 20 re f".to_vec(),
    )
}

fn appearance(content: &[u8]) -> Stream {
    Stream::new(
        Dictionary::from_iter([
            ("Type", Object::Name(b"XObject".to_vec())),
            ("Subtype", Object::Name(b"Form".to_vec())),
            ("BBox", whole_page()),
        ]),
        content.to_vec(),
    )
}

/// The offset in the last `startxref`.
fn last_startxref(pdf: &[u8]) -> usize {
    let at = pdf.windows(9).rposition(|w| w == b"startxref").unwrap();
    std::str::from_utf8(&pdf[at + 9..])
        .unwrap_or_else(|e| std::str::from_utf8(&pdf[at + 9..at + 9 + e.valid_up_to()]).unwrap())
        .split_whitespace()
        .next()
        .unwrap()
        .parse()
        .unwrap()
}

/// An update written by hand: `objects` as raw text, a cross-reference table, a trailer.
fn raw_update(pdf: &[u8], objects: &[(u32, String)]) -> Vec<u8> {
    let doc = load(pdf);
    let prev = last_startxref(pdf);
    let root = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let size = objects
        .iter()
        .map(|(n, _)| n + 1)
        .max()
        .unwrap()
        .max(doc.max_id + 1);
    let mut out = pdf.to_vec();
    out.push(b'\n');
    let mut xref = String::from("xref\n");
    for (num, body) in objects {
        xref.push_str(&format!("{num} 1\n{:010} 00000 n \n", out.len()));
        out.extend(format!("{num} 0 obj\n{body}\nendobj\n").as_bytes());
    }
    let at = out.len();
    out.extend(
        format!(
            "{xref}trailer\n<< /Size {size} /Root {} 0 R /Prev {prev} >>\nstartxref\n{at}\n%%EOF\n",
            root.0
        )
        .as_bytes(),
    );
    out
}

/// A page dictionary as text, from the page's own entries, with `extra` spliced in.
fn page_text(doc: &Document, page: ObjectId, contents: u32, extra: &str) -> String {
    let d = doc.get_dictionary(page).unwrap();
    let r = |k: &[u8]| {
        let (n, g) = d.get(k).unwrap().as_reference().unwrap();
        format!("{n} {g} R")
    };
    format!(
        "<< /Type /Page /Parent {} {extra} /MediaBox [0 0 595 842] /Resources {} /Contents {contents} 0 R >>",
        r(b"Parent"),
        match d.get(b"Resources").unwrap() {
            Object::Reference((n, g)) => format!("{n} {g} R"),
            _ => "<< >>".into(),
        }
    )
}

/// Signature wrapping: the signature dictionary is redefined with a /ByteRange whose second
/// part is a copy of the signed tail moved to the end of the file, and a new cross-reference
/// section sits where the signed one was, so the digest still matches while the document
/// shows a new page.
fn wrapped(pdf: &[u8]) -> Vec<u8> {
    let doc = load(pdf);
    let sig = signature_of(&doc, "ordforande");
    let range: Vec<usize> = doc
        .get_dictionary(sig)
        .unwrap()
        .get(b"ByteRange")
        .unwrap()
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o.as_i64().unwrap() as usize)
        .collect();
    let (b, c, d) = (range[1], range[2], range[3]);
    assert_eq!(
        c + d,
        pdf.len(),
        "the sample's last signature covers the file"
    );
    let x = last_startxref(pdf);
    // The signed revision's table: object → offset.
    let text = String::from_utf8_lossy(&pdf[x..]).into_owned();
    let mut lines = text.lines().skip(1);
    let mut entries = Vec::new();
    while let Some(header) = lines.next() {
        if header.starts_with("trailer") {
            break;
        }
        let mut h = header.split_whitespace().map(|n| n.parse::<u32>().unwrap());
        let (first, count) = (h.next().unwrap(), h.next().unwrap());
        for i in 0..count {
            let e = lines.next().unwrap();
            if e.ends_with('n') || e.trim_end().ends_with('n') {
                entries.push((first + i, e[..10].parse::<usize>().unwrap()));
            }
        }
    }
    let trailer_prev: usize = text
        .split("/Prev")
        .nth(1)
        .unwrap()
        .trim_start()
        .split(|ch: char| !ch.is_ascii_digit())
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let sig_at = entries.iter().find(|(n, _)| *n == sig.0).unwrap().1;
    let sig_end = sig_at
        + pdf[sig_at..]
            .windows(6)
            .position(|w| w == b"endobj")
            .unwrap()
        + 6;
    let page = field_page(&doc);
    let content_num = doc.max_id + 1;
    let size = content_num + 1;

    let xref_len = |n: usize| {
        // Fixed-width entries: the length does not depend on the offsets.
        let mut s = String::from("xref\n");
        for (num, _) in &entries {
            s.push_str(&format!("{num} 1\n{:010} 00000 n \n", 0));
        }
        for num in [page.0, content_num] {
            s.push_str(&format!("{num} 1\n{:010} 00000 n \n", 0));
        }
        s.push_str(&format!(
            "trailer\n<< /Size {size} /Root {} 0 R /Prev {trailer_prev} >>\nstartxref\n{n}\n%%EOF\n",
            doc.trailer.get(b"Root").unwrap().as_reference().unwrap().0
        ));
        s.len()
    };
    let moved = x + xref_len(x);
    // The copy of the signature dictionary, pointing at the moved tail.
    let mut copy = pdf[sig_at..sig_end].to_vec();
    let open = copy.windows(11).position(|w| w == b"/ByteRange[").unwrap() + 10;
    let close = open + copy[open..].iter().position(|&ch| ch == b']').unwrap() + 1;
    let wide = close - open;
    let new_range = format!("{:<wide$}", format!("[0 {b} {moved} {d}]"));
    copy[open..close].copy_from_slice(new_range.as_bytes());
    let mut region = b"\n".to_vec();
    let copy_at = c + region.len();
    region.extend(&copy);
    region.push(b'\n');
    let page_at = c + region.len();
    region.extend(
        format!(
            "{} 0 obj\n{}\nendobj\n",
            page.0,
            page_text(&doc, page, content_num, "")
        )
        .as_bytes(),
    );
    let content_at = c + region.len();
    region.extend(
        format!("{content_num} 0 obj\n<< /Length 25 >>\nstream\n0 0 1 rg 0 0 600 850 re f\nendstream\nendobj\n")
            .as_bytes(),
    );
    assert!(
        c + region.len() <= x,
        "the malicious objects fit before the old table"
    );
    region.resize(x - c, b' ');
    let mut xref = String::from("xref\n");
    for (num, off) in &entries {
        let off = match *num {
            n if n == sig.0 => copy_at,
            _ if *off >= c => moved + (off - c),
            _ => *off,
        };
        xref.push_str(&format!("{num} 1\n{off:010} 00000 n \n"));
    }
    xref.push_str(&format!("{} 1\n{page_at:010} 00000 n \n", page.0));
    xref.push_str(&format!("{content_num} 1\n{content_at:010} 00000 n \n"));
    xref.push_str(&format!(
        "trailer\n<< /Size {size} /Root {} 0 R /Prev {trailer_prev} >>\nstartxref\n{x}\n%%EOF\n",
        doc.trailer.get(b"Root").unwrap().as_reference().unwrap().0
    ));
    let mut out = pdf[..c].to_vec();
    out.extend(region);
    out.extend(xref.as_bytes());
    assert_eq!(out.len(), moved);
    out.extend(&pdf[c..]);
    out
}

/// Every attack: (name, bytes, what the message must name).
fn corpus(signed: &[u8]) -> Vec<(&'static str, Vec<u8>, String)> {
    let doc = load(signed);
    let page = field_page(&doc);
    let sek = field(&doc, "sekreterare");
    let ord = field(&doc, "ordforande");
    let sig = signature_of(&doc, "sekreterare");
    let catalog = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let page_changed = format!("object {} (page) changed", page.0);
    let sek_changed = format!("object {} (field `sekreterare`) changed", sek.0);
    let not_strict = "does not read strictly".to_string();
    let next = doc.max_id + 1;
    let mut out = vec![
        (
            "page dictionary carrying /Subtype /Widget",
            update(signed, |inc| {
                let c = inc.new_document.add_object(new_content());
                edit(inc, page, |p| {
                    p.set("Subtype", Object::Name(b"Widget".to_vec()));
                    p.set("Contents", Object::Reference(c));
                });
            }),
            page_changed.clone(),
        ),
        (
            "new content stream carrying /Subtype /Form",
            update(signed, |inc| {
                let mut s = new_content();
                s.dict.set("Subtype", Object::Name(b"Form".to_vec()));
                let c = inc.new_document.add_object(s);
                edit(inc, page, |p| {
                    let old = p.get(b"Contents").unwrap().clone();
                    p.set("Contents", Object::Array(vec![old, Object::Reference(c)]));
                });
            }),
            page_changed.clone(),
        ),
        (
            "widget overlay: the signed field's /Rect and /AP cover the page",
            update(signed, |inc| {
                let ap = inc
                    .new_document
                    .add_object(appearance(b"1 1 1 rg 0 0 600 850 re f"));
                edit(inc, sek, |w| {
                    w.set("Rect", whole_page());
                    w.set("AP", shows(ap));
                });
            }),
            sek_changed.clone(),
        ),
        (
            "widget overlay: the signature box reads another name",
            update(signed, |inc| {
                let ap = inc.new_document.add_object(appearance(
                    b"BT /Helv 9 Tf 2 20 Td (Digitalt signerat av Kalle Anka) Tj ET",
                ));
                edit(inc, sek, |w| {
                    w.set("AP", shows(ap));
                });
            }),
            sek_changed.clone(),
        ),
        (
            "signature wrapping: the signed tail moved to the end",
            wrapped(signed),
            // The moved tail is no object the forged table names.
            "belong to no object its cross-reference section names".into(),
        ),
        (
            "update without %%EOF",
            {
                let mut b = update(signed, |inc| {
                    let c = inc.new_document.add_object(new_content());
                    edit(inc, page, |p| p.set("Contents", Object::Reference(c)));
                });
                let at = b.windows(5).rposition(|w| w == b"%%EOF").unwrap();
                b.truncate(at);
                b
            },
            "do not form a revision".into(),
        ),
        (
            "/V reuse: an unsigned field shows another field's signature",
            update(signed, |inc| {
                edit(inc, ord, |w| w.set("V", Object::Reference(sig)));
            }),
            "is the value of 2 fields".into(),
        ),
        (
            "unreadable /V",
            update(signed, |inc| {
                edit(inc, sek, |w| w.set("V", Object::Reference((next + 50, 0))));
            }),
            "signature value cannot be read".into(),
        ),
        (
            "emptied /Fields",
            update(signed, |inc| {
                edit(inc, catalog, |c| {
                    let mut form = c.get(b"AcroForm").unwrap().as_dict().unwrap().clone();
                    form.set("Fields", Object::Array(vec![]));
                    c.set("AcroForm", form);
                });
            }),
            "in no field".into(),
        ),
        (
            "shadow: a text field added after signing shows new content",
            update(signed, |inc| {
                let ap = inc
                    .new_document
                    .add_object(appearance(b"1 1 1 rg 0 0 600 850 re f"));
                let tx = inc.new_document.add_object(Dictionary::from_iter([
                    ("Type", Object::Name(b"Annot".to_vec())),
                    ("Subtype", Object::Name(b"Widget".to_vec())),
                    ("FT", Object::Name(b"Tx".to_vec())),
                    ("T", Object::string_literal("overlay")),
                    ("V", Object::string_literal("Beslut: avslag")),
                    ("Rect", whole_page()),
                    ("P", Object::Reference(page)),
                    ("F", Object::Integer(4)),
                    ("AP", shows(ap)),
                ]));
                annotate(inc, page, tx);
                edit(inc, catalog, |c| {
                    let mut form = c.get(b"AcroForm").unwrap().as_dict().unwrap().clone();
                    let mut f = form.get(b"Fields").unwrap().as_array().unwrap().clone();
                    f.push(Object::Reference(tx));
                    form.set("Fields", f);
                    c.set("AcroForm", form);
                });
            }),
            "field `overlay`".into(),
        ),
    ];
    // Parser differential: a page redefined with syntax a viewer repairs.
    for (name, extra) in [
        ("parser differential: a stray token", "stray"),
        ("parser differential: an integer key", "1 2"),
        ("parser differential: a missing >>", "MISSING"),
    ] {
        let mut text = page_text(
            &doc,
            page,
            next,
            if extra == "MISSING" { "" } else { extra },
        );
        if extra == "MISSING" {
            text.truncate(text.len() - 2);
        }
        out.push((
            name,
            raw_update(
                signed,
                &[
                    (page.0, text),
                    (
                        next,
                        "<< /Length 25 >>\nstream\n0 0 1 rg 0 0 600 850 re f\nendstream".into(),
                    ),
                ],
            ),
            not_strict.clone(),
        ));
    }
    // Universal signature forgery: a signature dictionary that proves nothing, as the value
    // of the still empty field.
    let just = field(&doc, "justerare-1");
    for (name, range, expected) in [
        (
            "USF: a signature without /ByteRange",
            None,
            "has no /ByteRange",
        ),
        (
            "USF: /ByteRange [0 0 0 0]",
            Some(vec![0.into(), 0.into(), 0.into(), 0.into()]),
            "is not this signature's /Contents",
        ),
    ] {
        out.push((
            name,
            update(signed, |inc| {
                let mut sig = Dictionary::from_iter([
                    ("Type", Object::Name(b"Sig".to_vec())),
                    ("Filter", Object::Name(b"Adobe.PPKLite".to_vec())),
                    ("SubFilter", Object::Name(b"ETSI.CAdES.detached".to_vec())),
                    (
                        "Contents",
                        Object::String(vec![0x30, 0x00], lopdf::StringFormat::Hexadecimal),
                    ),
                ]);
                if let Some(r) = range {
                    sig.set("ByteRange", Object::Array(r));
                }
                let s = inc.new_document.add_object(sig);
                edit(inc, just, |w| w.set("V", Object::Reference(s)));
            }),
            expected.into(),
        ));
    }
    // A negative /ByteRange: an error, never a panic.
    let mut negative = signed.to_vec();
    let at = negative
        .windows(13)
        .position(|w| w == b"/ByteRange[0 ")
        .unwrap()
        + 13;
    negative[at] = b'-';
    out.push((
        "negative /ByteRange",
        negative,
        "not an offset in the file".into(),
    ));
    out
}

fn verify_file(pki: &Pki, pdf: &Path) -> (Option<i32>, String) {
    let out = verify_against_ca(pki, pdf, &[]);
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned() + &String::from_utf8_lossy(&out.stderr),
    )
}

/// pyHanko's verdict: every signature intact and trusted, and nothing it calls a
/// modification beyond form filling.
fn pyhanko_accepts(pki: &Pki, pdf: &Path) -> (bool, String) {
    let (ok, out) = pyhanko_validate(pki, pdf);
    let lines: Vec<&str> = out.lines().filter(|l| l.contains(":INTACT:")).collect();
    let all_good = !lines.is_empty()
        && lines.iter().all(|l| {
            l.contains(":INTACT:TRUSTED")
                && (l.contains("UNTOUCHED") || l.contains("ACCEPTABLE_MODIFICATIONS"))
        });
    (ok && all_good, out)
}

/// The kommunstyrelsen protocol signed by the secretary and the chair.
fn signed_sample(pki: &Pki) -> Vec<u8> {
    let unsigned = pki.path("ks.pdf");
    render(&kommunstyrelsen(), &unsigned, &[]);
    let one = pki.path("one.pdf");
    let two = pki.path("two.pdf");
    for (input, field, p12, output) in [
        (&unsigned, "sekreterare", "sekreterare.p12", &one),
        (&one, "ordforande", "ordforande.p12", &two),
    ] {
        let out = sign(input, field, &pki.path(p12), output);
        assert_success(&out);
    }
    std::fs::read(&two).unwrap()
}

#[test]
fn every_published_attack_is_refused_and_named() {
    let Some(pki) = make_pki() else { return };
    let signed = signed_sample(&pki);
    let plain = pki.path("plain.pdf");
    std::fs::write(&plain, &signed).unwrap();
    // The plain signed file verifies.
    verify_trusted(&plain, &pki);
    let pyhanko = have("pyhanko");
    if pyhanko {
        let (ok, out) = pyhanko_accepts(&pki, &plain);
        assert!(ok, "pyHanko accepts the plain signed file: {out}");
    }
    if have("pdfsig") {
        let (_, out) = run("pdfsig", &[plain.to_str().unwrap()]);
        assert_eq!(out.matches("Signature is Valid.").count(), 2, "{out}");
    }
    let mut pyhanko_accepted = Vec::new();
    let corpus = corpus(&signed);
    for (i, (name, bytes, expected)) in corpus.iter().enumerate() {
        let path = pki.path(&format!("attack-{i}.pdf"));
        std::fs::write(&path, bytes).unwrap();
        let (code, text) = verify_file(&pki, &path);
        assert_eq!(code, Some(1), "{name}: verify must refuse\n{text}");
        assert!(
            text.contains(expected.as_str()),
            "{name}: expected `{expected}` in\n{text}"
        );
        let said = text
            .lines()
            .find(|l| l.contains(expected.as_str()))
            .unwrap_or("");
        eprintln!("{name}: {}", said.trim());
        // `fields` gives the same verdict and never panics.
        let fields = protokoll(&["fields", path.to_str().unwrap()]);
        assert_eq!(fields.status.code(), Some(1), "{name}: fields");
        if pyhanko {
            // Never more lenient than pyHanko: whatever pyHanko refuses, verify refuses (here
            // verify refuses everything, so this records where the two agree).
            if pyhanko_accepts(&pki, &path).0 {
                pyhanko_accepted.push(*name);
            }
        }
    }
    if pyhanko {
        eprintln!(
            "attack corpus: verify refuses {n} of {n}, pyHanko {} (accepts: {pyhanko_accepted:?})",
            corpus.len() - pyhanko_accepted.len(),
            n = corpus.len(),
        );
    }
}

/// A text field added before signing could later reveal hidden content: `sign` refuses a
/// file with any revision other than protokoll's own, naming the object.
#[test]
fn sign_refuses_a_file_with_a_foreign_revision() {
    let Some((pki, unsigned_path)) = pki_with_protocol() else {
        return;
    };
    let unsigned = std::fs::read(&unsigned_path).unwrap();
    let doc = load(&unsigned);
    let page = field_page(&doc);
    let shadowed = update(&unsigned, |inc| {
        let tx = inc.new_document.add_object(Dictionary::from_iter([
            ("Type", Object::Name(b"Annot".to_vec())),
            ("Subtype", Object::Name(b"Widget".to_vec())),
            ("FT", Object::Name(b"Tx".to_vec())),
            ("T", Object::string_literal("hidden")),
            (
                "Rect",
                Object::Array(vec![0.into(), 0.into(), 10.into(), 10.into()]),
            ),
            ("P", Object::Reference(page)),
        ]));
        annotate(inc, page, tx);
    });
    let input = pki.path("shadowed.pdf");
    std::fs::write(&input, shadowed).unwrap();
    let output = pki.path("signed.pdf");
    let out = sign(&input, "sekreterare", &pki.path("sekreterare.p12"), &output);
    let err = refused(&out, &output);
    assert!(
        err.contains("revision 3 is not a signature") && err.contains("object"),
        "{err}"
    );
}

/// Extra signers: one issued by an end-entity certificate, one expired, one not yet valid,
/// one whose key usage is not for signing.
fn bad_signers(pki: &Pki) -> Vec<(&'static str, &'static str)> {
    let d = pki.dir.path();
    std::fs::write(d.join("index.txt"), "").unwrap();
    std::fs::write(d.join("serial"), "1000\n").unwrap();
    std::fs::write(
        d.join("ca.cnf"),
        "[ca]\ndefault_ca=tca\n[tca]\ndatabase=index.txt\nnew_certs_dir=.\nserial=serial\n\
         default_md=sha256\npolicy=any\nx509_extensions=ext\nunique_subject=no\n\
         [any]\ncommonName=supplied\n[ext]\nbasicConstraints=CA:FALSE\n\
         keyUsage=critical,digitalSignature,nonRepudiation\n",
    )
    .unwrap();
    std::fs::write(
        d.join("enc.cnf"),
        "basicConstraints=CA:FALSE\nkeyUsage=critical,keyEncipherment\n",
    )
    .unwrap();
    let cases = [
        ("leaf-issued", "Johanna Lundberg"),
        ("expired", "Johanna Lundberg"),
        ("future", "Johanna Lundberg"),
        ("encipher", "Johanna Lundberg"),
    ];
    for (id, cn) in cases {
        let key = format!("{id}.key");
        openssl(d, &["genrsa", "-out", &key, "2048"]);
        let pem = format!("{id}.pem");
        let csr = format!("{id}.csr");
        request(d, &key, &csr, &format!("/CN={cn}"), false);
        match id {
            "leaf-issued" => certify(
                d,
                &csr,
                ("sekreterare.pem", "sekreterare.key"),
                &pem,
                "ext.cnf",
            ),
            "encipher" => certify(d, &csr, ("ca.pem", "ca.key"), &pem, "enc.cnf"),
            _ => {
                let (start, end) = if id == "expired" {
                    ("20200101000000Z", "20200201000000Z")
                } else {
                    ("20990101000000Z", "20990201000000Z")
                };
                openssl(
                    d,
                    &[
                        "ca",
                        "-batch",
                        "-config",
                        "ca.cnf",
                        "-cert",
                        "ca.pem",
                        "-keyfile",
                        "ca.key",
                        "-in",
                        &csr,
                        "-out",
                        &pem,
                        "-startdate",
                        start,
                        "-enddate",
                        end,
                        "-notext",
                    ],
                );
            }
        }
        let chain = if id == "leaf-issued" {
            std::fs::write(
                d.join("leaf-chain.pem"),
                [
                    std::fs::read(d.join("sekreterare.pem")).unwrap(),
                    std::fs::read(d.join("ca.pem")).unwrap(),
                ]
                .concat(),
            )
            .unwrap();
            "leaf-chain.pem"
        } else {
            "ca.pem"
        };
        export_p12(d, &key, &pem, chain, &format!("{id}.p12"));
    }
    vec![
        ("leaf-issued", "is not a CA"),
        ("expired", "has expired"),
        ("future", "is not yet valid"),
        ("encipher", "is not for signing"),
    ]
}

#[test]
fn bad_certificates_are_refused_by_sign_and_never_trusted_by_verify() {
    let Some((pki, unsigned)) = pki_with_protocol() else {
        return;
    };
    for (id, message) in bad_signers(&pki) {
        let p12 = pki.path(&format!("{id}.p12"));
        let output = pki.path(&format!("{id}-signed.pdf"));
        let out = sign(&unsigned, "sekreterare", &p12, &output);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{id}: {err}");
        assert!(
            err.contains(message) && err.contains("--force"),
            "{id}: {err}"
        );
        assert!(!output.exists(), "{id}: a file was written");
        // Forced, it signs with a warning, and verify still refuses it.
        let forced = sign_forced(&unsigned, "sekreterare", &p12, &output);
        assert!(stderr_of(&forced).contains("warning:"), "{id}");
        let (code, text) = verify_file(&pki, &output);
        assert_eq!(code, Some(1), "{id}: {text}");
        assert!(text.contains(message), "{id}: {text}");
        assert!(
            text.contains("CERTIFICATE NOT VALID, NOT trusted"),
            "{id}: {text}"
        );
    }
    // The time is a parameter: the good signature is expired in 2100 and not yet valid in 2000.
    let good = pki.path("good.pdf");
    assert!(sign(
        &unsigned,
        "sekreterare",
        &pki.path("sekreterare.p12"),
        &good
    )
    .status
    .success());
    let bytes = std::fs::read(&good).unwrap();
    let roots = protokoll::sign::read_roots(&std::fs::read(pki.path("ca.pem")).unwrap()).unwrap();
    for (at, message) in [
        (4_102_444_800, "has expired"),
        (946_684_800, "is not yet valid"),
    ] {
        let reports = protokoll::sign::verify(&bytes, &roots, at).unwrap();
        assert!(
            reports[0]
                .certificate_problems
                .iter()
                .any(|p| p.contains(message))
                && !reports[0].sound()
                && reports[0].trusted == Some(false),
            "{reports:?}"
        );
    }
    // Without --trust: never exit 0, and the verdict says so.
    let out = protokoll(&["verify", good.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(3));
    assert!(String::from_utf8_lossy(&out.stdout).contains("not checked against a trust root"));
}

#[test]
fn sign_refuses_a_signer_who_is_not_the_person_under_the_field() {
    let Some((pki, unsigned)) = pki_with_protocol() else {
        return;
    };
    let listed =
        String::from_utf8_lossy(&protokoll(&["fields", unsigned.to_str().unwrap()]).stdout)
            .into_owned();
    assert!(listed.contains("Sekreterare: Johanna Lundberg"), "{listed}");
    let output = pki.path("wrong.pdf");
    let out = sign(
        &unsigned,
        "sekreterare",
        &pki.path("justerare.p12"),
        &output,
    );
    let err = refused(&out, &output);
    assert!(
        err.contains("is for Johanna Lundberg, but the signer is Per Holmgren"),
        "{err}"
    );
}

/// "The signer is who the field says": anyone holding a certificate from the municipality's
/// CA (another employee, or a look-alike name with a Cyrillic letter) who signs a field
/// printed for someone else is refused by `verify`, though the signature is intact and the
/// certificate trusted (pyHanko, which knows nothing of the person, accepts both).
#[test]
fn verify_refuses_a_trusted_signer_who_is_not_the_person_under_the_field() {
    let Some((pki, unsigned)) = pki_with_protocol() else {
        return;
    };
    issue(&pki, "lookalike", "Johanna Lundb\u{435}rg");
    for (p12, signer) in [
        ("justerare.p12", "Per Holmgren"),
        ("lookalike.p12", "Johanna Lundb\u{435}rg"),
    ] {
        let output = pki.path(&format!("other-{p12}.pdf"));
        sign_forced(&unsigned, "sekreterare", &pki.path(p12), &output);
        let (code, text) = verify_file(&pki, &output);
        assert_eq!(code, Some(1), "{signer}: {text}");
        assert!(
            text.contains(&format!(
                "the field `sekreterare` is for Johanna Lundberg, but the signer is {signer}"
            )),
            "{text}"
        );
        assert!(text.contains("intact"), "{text}");
        let fields = protokoll(&["fields", output.to_str().unwrap()]);
        assert_eq!(fields.status.code(), Some(1), "{signer}: fields");
        if have("pyhanko") {
            eprintln!(
                "{signer} under Johanna Lundberg: pyHanko accepts: {}",
                pyhanko_accepts(&pki, &output).0
            );
        }
    }
}

/// An update written by hand with full control of its cross-reference section: `objects`
/// as (number, generation, body), `free` object numbers marked deleted, `trailer` the
/// trailer's entries, `prev` the `/Prev` written (None: none).
fn hand_update(
    pdf: &[u8],
    objects: &[(u32, u16, String)],
    free: &[u32],
    trailer: &str,
    prev: Option<usize>,
) -> Vec<u8> {
    let mut out = pdf.to_vec();
    out.push(b'\n');
    let mut xref = String::from("xref\n");
    for (num, gen, body) in objects {
        xref.push_str(&format!("{num} 1\n{:010} {gen:05} n \n", out.len()));
        out.extend(format!("{num} {gen} obj\n{body}\nendobj\n").as_bytes());
    }
    for num in free {
        xref.push_str(&format!("{num} 1\n0000000000 00001 f \n"));
    }
    let prev = prev.map(|p| format!("/Prev {p}")).unwrap_or_default();
    let at = out.len();
    out.extend(
        format!("{xref}trailer\n<< {trailer} {prev} >>\nstartxref\n{at}\n%%EOF\n").as_bytes(),
    );
    out
}

/// The `startxref` offsets of every revision, oldest first.
fn all_startxrefs(pdf: &[u8]) -> Vec<usize> {
    let mut out = Vec::new();
    let mut end = pdf.len();
    while let Some(at) = pdf[..end].windows(9).rposition(|w| w == b"startxref") {
        out.push(last_startxref(&pdf[..at + 30.min(pdf.len() - at)]));
        end = at;
    }
    out.reverse();
    out
}

/// The bytes of the newest definition of `id` ("n g obj … endobj").
fn object_text(pdf: &[u8], id: ObjectId) -> String {
    let head = format!("\n{} {} obj", id.0, id.1);
    let at = pdf
        .windows(head.len())
        .rposition(|w| w == head.as_bytes())
        .unwrap()
        + 1;
    let end = at + pdf[at..].windows(6).position(|w| w == b"endobj").unwrap();
    String::from_utf8_lossy(&pdf[at..end]).into_owned()
}

/// A catalog entry an attack adds, and how.
type CatalogEdit = (&'static str, Box<dyn Fn(&mut Dictionary)>);

/// Incremental-update shadow attacks beyond the published corpus: annotations of other
/// kinds, actions, embedded files, optional content, form defaults, metadata, structure,
/// cross-reference tricks (free entries, generations, `/Prev` loops and skips, a new catalog,
/// `/Size`, a trailer `/Encrypt`, duplicate definitions, object streams). Each as
/// (name, bytes, what the message must name).
fn shadow_corpus(signed: &[u8]) -> Vec<(String, Vec<u8>, String)> {
    let doc = load(signed);
    let page = field_page(&doc);
    let catalog = doc.trailer.get(b"Root").unwrap().as_reference().unwrap();
    let page_changed = format!("object {} (page) changed", page.0);
    let catalog_changed = format!("object {} (catalog) changed", catalog.0);
    let size = doc.max_id + 1;
    let prev = last_startxref(signed);
    let info = doc.trailer.get(b"Info").unwrap().as_reference().unwrap();
    let root = format!("/Root {} 0 R /Info {} 0 R", catalog.0, info.0);
    let mut out: Vec<(String, Vec<u8>, String)> = Vec::new();
    for subtype in ["FreeText", "Stamp", "Link", "Popup", "Square", "Redact"] {
        out.push((
            format!("/Annots gains a /{subtype} annotation covering the page"),
            update(signed, |inc| {
                let ap = inc
                    .new_document
                    .add_object(appearance(b"1 1 1 rg 0 0 600 850 re f"));
                let a = inc.new_document.add_object(Dictionary::from_iter([
                    ("Type", Object::Name(b"Annot".to_vec())),
                    ("Subtype", Object::Name(subtype.as_bytes().to_vec())),
                    ("Rect", whole_page()),
                    ("Contents", Object::string_literal("Beslut: avslag")),
                    ("F", Object::Integer(4)),
                    ("AP", shows(ap)),
                ]));
                annotate(inc, page, a);
            }),
            page_changed.clone(),
        ));
    }
    let js = || {
        Dictionary::from_iter([
            ("S", Object::Name(b"JavaScript".to_vec())),
            ("JS", Object::string_literal("app.alert('Beslut: avslag')")),
        ])
    };
    let catalog_edits: Vec<CatalogEdit> = vec![
        ("/OpenAction", Box::new(move |c| c.set("OpenAction", js()))),
        (
            "/AA",
            Box::new(move |c| c.set("AA", Dictionary::from_iter([("WC", Object::from(js()))]))),
        ),
        (
            "/Names",
            Box::new(move |c| {
                let tree = Dictionary::from_iter([(
                    "Names",
                    Object::Array(vec![Object::string_literal("a"), js().into()]),
                )]);
                c.set(
                    "Names",
                    Dictionary::from_iter([("JavaScript", Object::from(tree))]),
                );
            }),
        ),
        (
            "/OCProperties",
            Box::new(|c| {
                c.set(
                    "OCProperties",
                    Dictionary::from_iter([
                        ("OCGs", Object::Array(vec![])),
                        (
                            "D",
                            Dictionary::from_iter([("BaseState", "OFF".into())]).into(),
                        ),
                    ]),
                )
            }),
        ),
        (
            "/Outlines",
            Box::new(|c| c.set("Outlines", Dictionary::from_iter([("Count", 0.into())]))),
        ),
    ];
    for (key, f) in catalog_edits {
        out.push((
            format!("catalog gains {key}"),
            update(signed, |inc| edit(inc, catalog, |c| f(c))),
            catalog_changed.clone(),
        ));
    }
    out.push((
        "page gains /AA".into(),
        update(signed, |inc| {
            edit(inc, page, |p| {
                p.set("AA", Dictionary::from_iter([("O", Object::from(js()))]))
            })
        }),
        page_changed.clone(),
    ));
    for (key, value) in [
        ("NeedAppearances", Object::Boolean(true)),
        ("DA", Object::string_literal("/Helv 40 Tf 1 0 0 rg")),
        ("DR", Dictionary::new().into()),
    ] {
        out.push((
            format!("form dictionary /{key} changed"),
            update(signed, |inc| {
                edit(inc, catalog, |c| {
                    let mut form = c.get(b"AcroForm").unwrap().as_dict().unwrap().clone();
                    form.set(key, value);
                    c.set("AcroForm", form);
                })
            }),
            format!("the form dictionary changed /{key}"),
        ));
    }
    out.push((
        "/Info replaced".into(),
        update(signed, |inc| {
            let info = inc.new_document.add_object(Dictionary::from_iter([(
                "Title",
                Object::string_literal("Beslut: avslag"),
            )]));
            inc.new_document
                .trailer
                .set("Info", Object::Reference(info));
        }),
        "information dictionary was replaced".into(),
    ));
    let metadata = doc
        .catalog()
        .unwrap()
        .get(b"Metadata")
        .unwrap()
        .as_reference()
        .unwrap();
    out.push((
        "/Metadata stream rewritten".into(),
        update(signed, |inc| {
            inc.opt_clone_object_to_new_document(metadata).unwrap();
            let s = inc
                .new_document
                .get_object_mut(metadata)
                .unwrap()
                .as_stream_mut()
                .unwrap();
            s.set_plain_content(b"<x:xmpmeta xmlns:x='adobe:ns:meta/'/>".to_vec());
        }),
        format!("object {}", metadata.0),
    ));
    let tree = doc
        .catalog()
        .unwrap()
        .get(b"StructTreeRoot")
        .unwrap()
        .as_reference()
        .unwrap();
    out.push((
        "/StructTreeRoot edited".into(),
        update(signed, |inc| {
            edit(inc, tree, |t| t.set("RoleMap", Dictionary::new()))
        }),
        format!("object {}", tree.0),
    ));
    out.push((
        "trailer /Root swapped to a new catalog with /OpenAction".into(),
        update(signed, |inc| {
            let mut c = doc.get_dictionary(catalog).unwrap().clone();
            c.set("OpenAction", js());
            let new = inc.new_document.add_object(c);
            inc.new_document.trailer.set("Root", Object::Reference(new));
        }),
        "the catalog is now object".into(),
    ));
    // Cross-reference tricks, written by hand.
    let contents = doc
        .get_dictionary(page)
        .unwrap()
        .get(b"Contents")
        .unwrap()
        .as_reference()
        .unwrap();
    out.push((
        "a free entry deletes the signed page's content stream".into(),
        hand_update(
            signed,
            &[],
            &[contents.0],
            &format!("/Size {size} {root}"),
            Some(prev),
        ),
        format!("object {} (content stream) was deleted", contents.0),
    ));
    let blue = |n: u32| {
        (
            n,
            0,
            "<< /Length 25 >>\nstream\n0 0 1 rg 0 0 600 850 re f\nendstream".to_string(),
        )
    };
    out.push((
        "the page redefined with generation 1".into(),
        hand_update(
            signed,
            &[(page.0, 1, page_text(&doc, page, size, "")), blue(size)],
            &[],
            &format!("/Size {} {root}", size + 1),
            Some(prev),
        ),
        format!("object {}", page.0),
    ));
    out.push((
        "/Prev loop: the update points to itself".into(),
        {
            let mut b = hand_update(
                signed,
                &[blue(size)],
                &[],
                &format!("/Size {} {root}", size + 1),
                Some(0),
            );
            let x = last_startxref(&b);
            let at = b.windows(7).rposition(|w| w == b"/Prev 0").unwrap();
            let fixed = format!("/Prev {x}");
            b.splice(at..at + 7, fixed.bytes());
            // The startxref moved by the longer number: rewrite the tail.
            let sx = b.windows(9).rposition(|w| w == b"startxref").unwrap();
            b.truncate(sx);
            b.extend(format!("startxref\n{x}\n%%EOF\n").as_bytes());
            b
        },
        "points back to byte".into(),
    ));
    let xrefs = all_startxrefs(signed);
    out.push((
        "/Prev skips the last signature's revision".into(),
        hand_update(
            signed,
            &[(page.0, 0, page_text(&doc, page, size, "")), blue(size)],
            &[],
            &format!("/Size {} {root}", size + 1),
            Some(xrefs[xrefs.len() - 2]),
        ),
        // The skipped revision's bytes are no object of the update.
        "belong to no object its cross-reference section names".into(),
    ));
    out.push((
        "/Size 1 in the update's trailer".into(),
        hand_update(signed, &[], &[], &format!("/Size 1 {root}"), Some(prev)),
        "does not read strictly".into(),
    ));
    out.push((
        "trailer /Encrypt added".into(),
        hand_update(
            signed,
            &[(
                size,
                0,
                "<< /Filter /Standard /V 4 /R 4 /Length 128 /CF << /StdCF << /CFM /None >> >> /StmF /Identity /StrF /Identity /O <00> /U <00> /P -4 >>".into(),
            )],
            &[],
            &format!("/Size {} {root} /Encrypt {size} 0 R", size + 1),
            Some(prev),
        ),
        "belongs to no signature the revisions define".into(),
    ));
    // The page defined twice in one update: the table names the unchanged copy, a parser
    // that rebuilds the table from the bytes finds the later, blue one.
    out.push((
        "duplicate definition of the page inside one update".into(),
        {
            let original = object_text(signed, page);
            let mut b = hand_update(
                signed,
                &[(page.0, 0, original[original.find("obj").unwrap() + 3..].trim().to_string())],
                &[],
                &format!("/Size {} {root}", size + 1),
                Some(prev),
            );
            let x = b.windows(6).rposition(|w| w == b"\nxref\n").unwrap() + 1;
            let extra = format!(
                "{} 0 obj\n{}\nendobj\n{size} 0 obj\n<< /Length 25 >>\nstream\n0 0 1 rg 0 0 600 850 re f\nendstream\nendobj\n",
                page.0,
                page_text(&doc, page, size, "")
            );
            b.splice(x..x, extra.bytes());
            let sx = b.windows(9).rposition(|w| w == b"startxref").unwrap();
            b.truncate(sx);
            b.extend(format!("startxref\n{}\n%%EOF\n", x + extra.len()).as_bytes());
            b
        },
        "belong to no object its cross-reference section names".into(),
    ));
    out
}

#[test]
fn shadow_and_cross_reference_attacks_are_refused() {
    let Some(pki) = make_pki() else { return };
    let signed = signed_sample(&pki);
    let pyhanko = have("pyhanko");
    let mut failures = Vec::new();
    for (i, (name, bytes, expected)) in shadow_corpus(&signed).into_iter().enumerate() {
        let path = pki.path(&format!("shadow-{i}.pdf"));
        std::fs::write(&path, &bytes).unwrap();
        let (code, text) = verify_file(&pki, &path);
        let py = if pyhanko {
            format!("pyHanko accepts: {}", pyhanko_accepts(&pki, &path).0)
        } else {
            String::new()
        };
        let pdfsig = if have("pdfsig") {
            let (_, o) = run("pdfsig", &[path.to_str().unwrap()]);
            format!("pdfsig valid: {}", o.matches("Signature is Valid.").count())
        } else {
            String::new()
        };
        eprintln!("{name}: exit {code:?}; {py}; {pdfsig}\n{text}");
        if code != Some(1) || !text.contains(expected.as_str()) {
            failures.push(format!("{name}: expected exit 1 and `{expected}`"));
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}
