//! The e-archive transfer package: an E-ARK SIP 2.1.0 / CSIP 2.1.0 (in Sweden FGS
//! Paketstruktur 2.0) built from a batch output folder.
//!
//! ```text
//! ID/
//!   METS.xml                          package METS (CSIP + SIP profile)
//!   metadata/descriptive/dc-0001.xml  Dublin Core per protocol
//!   metadata/preservation/premis.xml  PREMIS: fixity, formats, render events, the program
//!   representations/pdfa/METS.xml     the protocols as PDF/A (the archival form)
//!   representations/pdfa/data/…       mirrors the batch output folder
//!   representations/json/METS.xml     the meeting descriptions they were rendered from
//!   representations/json/data/…       (same paths, `.json`)
//!   schemas/                          METS, XLink and the DILCIS extension schemas
//!   documentation/protokoll-package.txt
//! ```
//!
//! Everything is checked before it is packed: each PDF must have the hash the manifest
//! registers and each meeting description the hash it had when rendered. Apart from the
//! package id and the creation time (both options), the same folder gives the same bytes.

pub mod tar;
pub mod xml;

use crate::error::Error;
use crate::manifest::{output_path, regular_file_inside, sha256_hex, Entry, Manifest};
use crate::swedish;
use chrono::NaiveDateTime;
use rayon::prelude::*;
use std::path::{Path, PathBuf};
use xml::Xml;

const PROGRAM: &str = "protokoll";
const VERSION: &str = env!("CARGO_PKG_VERSION");
const SIP_PROFILE: &str = "https://earksip.dilcis.eu/profile/E-ARK-SIP.xml";
const CONTENT_CATEGORY: &str = "Textual works – Digital";

/// The schemas the METS files name, shipped in `schemas/` (METS and XLink: CC0 / W3C; the
/// DILCIS extensions: from the E-ARK specifications).
const SCHEMAS: [(&str, &[u8]); 4] = [
    ("mets.xsd", include_bytes!("mets.xsd")),
    ("xlink.xsd", include_bytes!("xlink.xsd")),
    (
        "DILCISExtensionMETS.xsd",
        include_bytes!("DILCISExtensionMETS.xsd"),
    ),
    (
        "DILCISExtensionSIPMETS.xsd",
        include_bytes!("DILCISExtensionSIPMETS.xsd"),
    ),
];

/// What the package says about itself.
#[derive(Debug, Clone)]
pub struct PackageOptions {
    /// The package id (OBJID and root folder name).
    pub id: String,
    /// The creation time (UTC).
    pub created: NaiveDateTime,
    /// The submitting organisation; default: the protocols' organisation.
    pub submitter: Option<String>,
    /// Its identification code (e.g. organisationsnummer).
    pub submitter_id: Option<String>,
}

/// One file in the package.
#[derive(Debug, Clone)]
pub struct PackedFile {
    /// Path inside the package (below the root folder), `/`-separated.
    pub path: String,
    /// The bytes.
    pub bytes: Vec<u8>,
    /// Hex SHA-256 of the bytes.
    pub sha256: String,
    /// MIME type.
    pub mime: &'static str,
}

impl PackedFile {
    fn new(path: String, bytes: Vec<u8>, mime: &'static str) -> PackedFile {
        PackedFile {
            sha256: sha256_hex(&bytes),
            path,
            bytes,
            mime,
        }
    }
}

/// A protocol as it goes into the package.
struct Protocol {
    entry: Entry,
    pdf: PackedFile,
    json: PackedFile,
    /// "Name (field, time)" for every signature.
    signers: Vec<String>,
}

/// A built package: every file with its bytes and hash, in a fixed order.
#[derive(Debug, Clone)]
pub struct Package {
    /// The package id.
    pub id: String,
    /// The files, METS.xml first.
    pub files: Vec<PackedFile>,
    /// The creation time, for the archive's timestamps.
    pub created: NaiveDateTime,
}

/// Whether a package id can be a folder name and an XML attribute: letters, digits, `-_.:`.
fn valid_id(id: &str) -> bool {
    !id.is_empty()
        && id.len() <= 100
        && !id.starts_with('.')
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | ':'))
}

/// Reads and checks one registered protocol; signatures are judged at `at` (Unix seconds).
fn read_checked(outdir: &Path, e: &Entry, at: i64) -> Result<Protocol, Error> {
    let (pdf, pdf_sha256) = read_registered_pdf(outdir, e)?;
    let json = read_registered_input(e)?;
    let signers = signers_of(&pdf, e, at);
    let json_rel = Path::new(&e.output)
        .with_extension("json")
        .to_string_lossy()
        .into_owned();
    Ok(Protocol {
        pdf: PackedFile {
            path: format!("representations/pdfa/data/{}", e.output),
            bytes: pdf,
            sha256: pdf_sha256,
            mime: "application/pdf",
        },
        json: PackedFile {
            path: format!("representations/json/data/{json_rel}"),
            bytes: json,
            sha256: e.input_sha256.clone(),
            mime: "application/json",
        },
        entry: e.clone(),
        signers,
    })
}

/// An entry's error, named by its output.
fn entry_error(e: &Entry, message: String) -> Error {
    Error::Output(format!("{}: {message}", e.output))
}

/// The registered PDF, a regular file inside the folder with the manifest's hash; and
/// that hash.
fn read_registered_pdf(outdir: &Path, e: &Entry) -> Result<(Vec<u8>, String), Error> {
    let path = output_path(outdir, &e.output).map_err(Error::Output)?;
    regular_file_inside(outdir, &path).map_err(|m| entry_error(e, m))?;
    let pdf = std::fs::read(&path).map_err(|err| entry_error(e, format!("cannot read: {err}")))?;
    let pdf_sha256 = sha256_hex(&pdf);
    if pdf_sha256 != e.sha256 {
        return Err(entry_error(
            e,
            "the PDF differs from the manifest; run `protokoll batch --verify`".into(),
        ));
    }
    Ok((pdf, pdf_sha256))
}

/// The meeting description the PDF was rendered from, unchanged since.
fn read_registered_input(e: &Entry) -> Result<Vec<u8>, Error> {
    if e.input_sha256.is_empty() {
        return Err(entry_error(
            e,
            "the manifest has no hash of the meeting description (written by an older \
             protokoll); run `protokoll batch --force` once"
                .into(),
        ));
    }
    // The input path is data from the manifest: only a regular file is read.
    if !std::fs::metadata(&e.input).is_ok_and(|m| m.is_file()) {
        return Err(entry_error(
            e,
            format!(
                "the meeting description {} is missing or not a regular file",
                e.input
            ),
        ));
    }
    let json = std::fs::read(&e.input).map_err(|err| {
        entry_error(
            e,
            format!("cannot read the meeting description {}: {err}", e.input),
        )
    })?;
    if sha256_hex(&json) != e.input_sha256 {
        return Err(entry_error(
            e,
            format!(
                "the meeting description {} changed after rendering; run `protokoll batch` first",
                e.input
            ),
        ));
    }
    Ok(json)
}

/// The signers of the PDF, each with the field and time; a signature that does not hold
/// is named as such, never as a signer.
fn signers_of(pdf: &[u8], e: &Entry, at: i64) -> Vec<String> {
    // Listing the fields parses the whole PDF: only when it may carry signatures.
    let may_be_signed = e.rendered_sha256.is_some() || pdf.windows(10).any(|w| w == b"/ByteRange");
    let Some(fields) = may_be_signed
        .then(|| crate::sign::list(pdf, at).ok())
        .flatten()
    else {
        return Vec::new();
    };
    fields
        .into_iter()
        .filter(|f| f.signed)
        .map(|f| {
            let verdict = match f.sound {
                Some(true) => String::new(),
                _ => format!(", {}", f.verdict.unwrap_or_else(|| "NOT VERIFIED".into())),
            };
            format!(
                "{} ({}, {}{verdict})",
                f.signer.unwrap_or_default(),
                f.label,
                f.signed_at.unwrap_or_default()
            )
        })
        .collect()
}

/// Builds the package of every protocol registered in a batch output folder.
pub fn from_outdir(outdir: &Path, options: &PackageOptions) -> Result<Package, Error> {
    if !valid_id(&options.id) {
        return Err(Error::Output(format!(
            "--id {:?}: use letters, digits and - _ . : (it names the package folder)",
            options.id
        )));
    }
    let manifest = Manifest::read(outdir)?;
    if manifest.entries.is_empty() {
        return Err(Error::Output(format!(
            "{}: no protocols registered (run `protokoll batch` into it first)",
            outdir.display()
        )));
    }
    let mut entries = manifest.entries;
    entries.sort_by(|a, b| a.output.cmp(&b.output));
    let protocols = entries
        .par_iter()
        .map(|e| read_checked(outdir, e, options.created.and_utc().timestamp()))
        .collect::<Result<Vec<_>, _>>()?;
    Ok(assemble(protocols, options))
}

fn timestamp(t: &NaiveDateTime) -> String {
    t.format("%Y-%m-%dT%H:%M:%SZ").to_string()
}

fn assemble(protocols: Vec<Protocol>, o: &PackageOptions) -> Package {
    let created = timestamp(&o.created);
    let mut files = Vec::new();
    let descriptive: Vec<PackedFile> = protocols
        .iter()
        .enumerate()
        .map(|(i, p)| {
            PackedFile::new(
                format!("metadata/descriptive/dc-{:04}.xml", i + 1),
                dublin_core(p),
                "text/xml",
            )
        })
        .collect();
    let premis = PackedFile::new(
        "metadata/preservation/premis.xml".into(),
        premis(&protocols),
        "text/xml",
    );
    let schemas: Vec<PackedFile> = SCHEMAS
        .iter()
        .map(|(name, bytes)| PackedFile::new(format!("schemas/{name}"), bytes.to_vec(), "text/xml"))
        .collect();
    let documentation = vec![PackedFile::new(
        "documentation/protokoll-package.txt".into(),
        swedish::package_documentation(PROGRAM, VERSION, protocols.len()).into_bytes(),
        "text/plain",
    )];
    let organisations: std::collections::BTreeSet<&str> = protocols
        .iter()
        .map(|p| p.entry.organisation.as_str())
        .filter(|o| !o.is_empty())
        .collect();
    let header = Header {
        created: &created,
        // One records creator when all protocols share it; several are named per protocol
        // in the descriptive metadata (dc:publisher).
        archivist: (organisations.len() == 1)
            .then(|| organisations.iter().next().map(|o| o.to_string()))
            .flatten(),
        submitter: o
            .submitter
            .clone()
            .or_else(|| protocols.first().map(|p| p.entry.organisation.clone()))
            .filter(|s| !s.is_empty()),
        submitter_id: o.submitter_id.clone(),
    };
    let pdfs: Vec<&PackedFile> = protocols.iter().map(|p| &p.pdf).collect();
    let jsons: Vec<&PackedFile> = protocols.iter().map(|p| &p.json).collect();
    let reps = [
        representation_mets(&o.id, "pdfa", &pdfs, &header),
        representation_mets(&o.id, "json", &jsons, &header),
    ];
    let root = root_mets(
        &o.id,
        &header,
        &descriptive,
        &premis,
        &schemas,
        &documentation,
        &reps,
    );
    // The content moves into the package; nothing is copied.
    let (pdfs, jsons): (Vec<PackedFile>, Vec<PackedFile>) =
        protocols.into_iter().map(|p| (p.pdf, p.json)).unzip();
    files.push(root);
    files.extend(descriptive);
    files.push(premis);
    for (rep, content) in reps.into_iter().zip([pdfs, jsons]) {
        files.push(rep);
        files.extend(content);
    }
    files.extend(schemas);
    files.extend(documentation);
    Package {
        id: o.id.clone(),
        files,
        created: o.created,
    }
}

/// The metsHdr's facts.
struct Header<'a> {
    created: &'a str,
    archivist: Option<String>,
    submitter: Option<String>,
    submitter_id: Option<String>,
}

const NAMESPACES: [(&str, &str); 5] = [
    ("xmlns:mets", "http://www.loc.gov/METS/"),
    ("xmlns:csip", "https://DILCIS.eu/XML/METS/CSIPExtensionMETS"),
    ("xmlns:sip", "https://DILCIS.eu/XML/METS/SIPExtensionMETS"),
    ("xmlns:xlink", "http://www.w3.org/1999/xlink"),
    ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
];

fn schema_location(prefix: &str) -> String {
    format!(
        "http://www.loc.gov/METS/ {prefix}schemas/mets.xsd \
         http://www.w3.org/1999/xlink {prefix}schemas/xlink.xsd \
         https://DILCIS.eu/XML/METS/CSIPExtensionMETS {prefix}schemas/DILCISExtensionMETS.xsd \
         https://DILCIS.eu/XML/METS/SIPExtensionMETS {prefix}schemas/DILCISExtensionSIPMETS.xsd"
    )
}

fn mets_start(x: &mut Xml, objid: &str, label: &str, schema_prefix: &str, h: &Header) {
    let location = schema_location(schema_prefix);
    let mut attrs: Vec<(&str, &str)> = NAMESPACES.to_vec();
    attrs.extend([
        ("xsi:schemaLocation", location.as_str()),
        ("OBJID", objid),
        ("LABEL", label),
        ("TYPE", CONTENT_CATEGORY),
        ("csip:CONTENTINFORMATIONTYPE", "MIXED"),
        ("PROFILE", SIP_PROFILE),
    ]);
    x.open("mets:mets", &attrs);
    x.open(
        "mets:metsHdr",
        &[
            ("CREATEDATE", h.created),
            ("LASTMODDATE", h.created),
            ("RECORDSTATUS", "NEW"),
            ("csip:OAISPACKAGETYPE", "SIP"),
        ],
    );
    x.open(
        "mets:agent",
        &[
            ("ROLE", "CREATOR"),
            ("TYPE", "OTHER"),
            ("OTHERTYPE", "SOFTWARE"),
        ],
    );
    x.leaf("mets:name", &[], PROGRAM);
    x.leaf(
        "mets:note",
        &[("csip:NOTETYPE", "SOFTWARE VERSION")],
        VERSION,
    );
    x.close();
    if let Some(name) = &h.archivist {
        // The records creator (arkivbildare): the organisation whose protocols these are.
        x.open(
            "mets:agent",
            &[("ROLE", "ARCHIVIST"), ("TYPE", "ORGANIZATION")],
        );
        x.leaf("mets:name", &[], name);
        x.close();
    }
    if let Some(name) = &h.submitter {
        x.open(
            "mets:agent",
            &[
                ("ROLE", "OTHER"),
                ("OTHERROLE", "SUBMITTER"),
                ("TYPE", "ORGANIZATION"),
            ],
        );
        x.leaf("mets:name", &[], name);
        if let Some(code) = &h.submitter_id {
            x.leaf(
                "mets:note",
                &[("csip:NOTETYPE", "IDENTIFICATIONCODE")],
                code,
            );
        }
        x.close();
    }
    x.close();
}

/// The content of a representation, for `csip:OTHERCONTENTINFORMATIONTYPE`.
fn content_type(rep: &str) -> &'static str {
    match rep {
        "pdfa" => swedish::PACKAGE_PDF_CONTENT,
        _ => "protokoll meeting description (JSON)",
    }
}

/// A file group's attributes. eark-validator 1.1.3 (rule CSIP63) reports every file group
/// without `csip:CONTENTINFORMATIONTYPE="OTHER"` and `csip:OTHERCONTENTINFORMATIONTYPE` as
/// an error, so each group names what it holds.
fn file_group<'a>(id: &'a str, usage: &'a str, content: &'a str) -> [(&'a str, &'a str); 4] {
    [
        ("ID", id),
        ("USE", usage),
        ("csip:CONTENTINFORMATIONTYPE", "OTHER"),
        ("csip:OTHERCONTENTINFORMATIONTYPE", content),
    ]
}

fn size(f: &PackedFile) -> String {
    f.bytes.len().to_string()
}

/// A `mets:file` with its checksum, size, MIME type and location (relative to `base`).
fn file_element(x: &mut Xml, id: &str, f: &PackedFile, base: &str, created: &str) {
    let href = f.path.strip_prefix(base).unwrap_or(&f.path);
    x.open(
        "mets:file",
        &[
            ("ID", id),
            ("MIMETYPE", f.mime),
            ("SIZE", &size(f)),
            ("CREATED", created),
            ("CHECKSUM", &f.sha256),
            ("CHECKSUMTYPE", "SHA-256"),
        ],
    );
    x.leaf(
        "mets:FLocat",
        &[
            ("LOCTYPE", "URL"),
            ("xlink:type", "simple"),
            ("xlink:href", href),
        ],
        "",
    );
    x.close();
}

fn md_ref(x: &mut Xml, f: &PackedFile, mdtype: &str, created: &str) {
    x.leaf(
        "mets:mdRef",
        &[
            ("LOCTYPE", "URL"),
            ("xlink:type", "simple"),
            ("xlink:href", &f.path),
            ("MDTYPE", mdtype),
            ("MIMETYPE", f.mime),
            ("SIZE", &size(f)),
            ("CREATED", created),
            ("CHECKSUM", &f.sha256),
            ("CHECKSUMTYPE", "SHA-256"),
        ],
        "",
    );
}

/// A representation's own METS: its data files and a structMap of them.
fn representation_mets(id: &str, rep: &str, data: &[&PackedFile], h: &Header) -> PackedFile {
    let base = format!("representations/{rep}/");
    let mut x = Xml::new();
    let label = match rep {
        "pdfa" => swedish::PACKAGE_PDF_LABEL,
        _ => swedish::PACKAGE_SOURCE_LABEL,
    };
    mets_start(&mut x, &format!("{id}-{rep}"), label, "../../", h);
    x.open("mets:fileSec", &[("ID", "filesec")]);
    x.open(
        "mets:fileGrp",
        &file_group("grp-data", "Data", content_type(rep)),
    );
    let ids: Vec<String> = (1..=data.len()).map(|i| format!("file-{i:04}")).collect();
    for (f, fid) in data.iter().zip(&ids) {
        file_element(&mut x, fid, f, &base, h.created);
    }
    x.close().close();
    x.open(
        "mets:structMap",
        &[("ID", "structmap"), ("TYPE", "PHYSICAL"), ("LABEL", "CSIP")],
    );
    x.open(
        "mets:div",
        &[("ID", "div-root"), ("LABEL", &format!("{id}-{rep}"))],
    );
    x.open("mets:div", &[("ID", "div-data"), ("LABEL", "Data")]);
    for fid in &ids {
        x.leaf("mets:fptr", &[("FILEID", fid)], "");
    }
    x.close().close().close().close();
    PackedFile::new(format!("{base}METS.xml"), x.finish(), "text/xml")
}

fn root_mets(
    id: &str,
    h: &Header,
    descriptive: &[PackedFile],
    premis: &PackedFile,
    schemas: &[PackedFile],
    documentation: &[PackedFile],
    reps: &[PackedFile],
) -> PackedFile {
    let mut x = Xml::new();
    mets_start(&mut x, id, swedish::PACKAGE_CONTENT, "", h);
    let dmd_ids = root_metadata(&mut x, h, descriptive, premis);
    root_files(&mut x, h, schemas, documentation, reps);
    root_struct_map(&mut x, id, &dmd_ids, reps);
    x.close();
    PackedFile::new("METS.xml".into(), x.finish(), "text/xml")
}

/// The representations, in the order of their file groups and divisions.
const REPRESENTATIONS: [&str; 2] = ["pdfa", "json"];

/// The descriptive metadata (one Dublin Core file per protocol) and the PREMIS
/// provenance; returns the descriptive sections' ids.
fn root_metadata(
    x: &mut Xml,
    h: &Header,
    descriptive: &[PackedFile],
    premis: &PackedFile,
) -> Vec<String> {
    let dmd_ids: Vec<String> = (1..=descriptive.len())
        .map(|i| format!("dmd-{i:04}"))
        .collect();
    for (f, dmd) in descriptive.iter().zip(&dmd_ids) {
        x.open(
            "mets:dmdSec",
            &[("ID", dmd), ("CREATED", h.created), ("STATUS", "CURRENT")],
        );
        md_ref(x, f, "DC", h.created);
        x.close();
    }
    x.open("mets:amdSec", &[("ID", "amdsec")]);
    x.open(
        "mets:digiprovMD",
        &[("ID", "premis"), ("STATUS", "CURRENT")],
    );
    md_ref(x, premis, "PREMIS", h.created);
    x.close().close();
    dmd_ids
}

/// The file section: schemas, documentation and each representation's METS.
fn root_files(
    x: &mut Xml,
    h: &Header,
    schemas: &[PackedFile],
    documentation: &[PackedFile],
    reps: &[PackedFile],
) {
    x.open("mets:fileSec", &[("ID", "filesec")]);
    let groups: [(&str, &str, &[PackedFile]); 2] = [
        ("grp-schemas", "Schemas", schemas),
        ("grp-documentation", "Documentation", documentation),
    ];
    for (gid, usage, files) in groups {
        x.open(
            "mets:fileGrp",
            &file_group(gid, usage, "none (package support files)"),
        );
        for (i, f) in files.iter().enumerate() {
            file_element(x, &format!("{gid}-{}", i + 1), f, "", h.created);
        }
        x.close();
    }
    for (rep, f) in REPRESENTATIONS.iter().zip(reps) {
        let (gid, usage) = (format!("grp-{rep}"), format!("Representations/{rep}"));
        x.open("mets:fileGrp", &file_group(&gid, &usage, content_type(rep)));
        file_element(x, &format!("mets-{rep}"), f, "", h.created);
        x.close();
    }
    x.close();
}

/// The physical structure map: metadata, schemas, documentation, representations.
fn root_struct_map(x: &mut Xml, id: &str, dmd_ids: &[String], reps: &[PackedFile]) {
    x.open(
        "mets:structMap",
        &[("ID", "structmap"), ("TYPE", "PHYSICAL"), ("LABEL", "CSIP")],
    );
    x.open("mets:div", &[("ID", "div-root"), ("LABEL", id)]);
    x.leaf(
        "mets:div",
        &[
            ("ID", "div-metadata"),
            ("LABEL", "Metadata"),
            ("ADMID", "premis"),
            ("DMDID", &dmd_ids.join(" ")),
        ],
        "",
    );
    for (did, label, gid) in [
        ("div-schemas", "Schemas", "grp-schemas"),
        ("div-documentation", "Documentation", "grp-documentation"),
    ] {
        x.open("mets:div", &[("ID", did), ("LABEL", label)]);
        x.leaf("mets:fptr", &[("FILEID", gid)], "");
        x.close();
    }
    // The validator wants a "Representations" division pointing at the representations'
    // file groups, with one division per representation inside it.
    x.open(
        "mets:div",
        &[("ID", "div-representations"), ("LABEL", "Representations")],
    );
    for rep in REPRESENTATIONS {
        x.leaf("mets:fptr", &[("FILEID", &format!("grp-{rep}"))], "");
    }
    for (rep, f) in REPRESENTATIONS.iter().zip(reps) {
        x.open(
            "mets:div",
            &[
                ("ID", &format!("div-{rep}")),
                ("LABEL", &format!("Representations/{rep}")),
            ],
        );
        x.leaf(
            "mets:mptr",
            &[
                ("LOCTYPE", "URL"),
                ("xlink:type", "simple"),
                ("xlink:href", &f.path),
                ("xlink:title", &format!("grp-{rep}")),
            ],
            "",
        );
        x.close();
    }
    x.close();
    x.close().close();
}

/// Simple Dublin Core of one protocol; what DC has no element for (paragraphs, adjustment,
/// signers) is in labelled `dc:description`s.
fn dublin_core(p: &Protocol) -> Vec<u8> {
    let e = &p.entry;
    let mut x = Xml::new();
    x.open(
        "oai_dc:dc",
        &[
            (
                "xmlns:oai_dc",
                "http://www.openarchives.org/OAI/2.0/oai_dc/",
            ),
            ("xmlns:dc", "http://purl.org/dc/elements/1.1/"),
        ],
    );
    x.leaf(
        "dc:title",
        &[],
        &swedish::package_title(&e.body, &e.meeting_date),
    );
    x.leaf("dc:creator", &[], &e.body);
    x.leaf("dc:publisher", &[], &e.organisation);
    x.leaf("dc:date", &[], &e.meeting_date);
    x.leaf("dc:type", &[], swedish::PACKAGE_CONTENT);
    x.leaf("dc:format", &[], &format!("application/pdf ({})", e.pdfa));
    x.leaf("dc:identifier", &[], &p.pdf.path);
    x.leaf("dc:source", &[], &p.json.path);
    x.leaf("dc:language", &[], "sv");
    x.leaf(
        "dc:description",
        &[],
        &format!("Paragrafer: {}", e.paragraphs),
    );
    x.leaf(
        "dc:description",
        &[],
        &format!(
            "Justerat: {}",
            e.adjusted.as_deref().unwrap_or("ej justerat")
        ),
    );
    for s in &p.signers {
        x.leaf("dc:description", &[], &format!("Undertecknat av: {s}"));
    }
    x.close();
    x.finish()
}

fn premis_object(x: &mut Xml, f: &PackedFile, format: &str, derived_from: Option<&str>) {
    x.open("premis:object", &[("xsi:type", "premis:file")]);
    x.open("premis:objectIdentifier", &[]);
    x.leaf("premis:objectIdentifierType", &[], "local");
    x.leaf("premis:objectIdentifierValue", &[], &f.path);
    x.close();
    x.open("premis:objectCharacteristics", &[]);
    x.leaf("premis:compositionLevel", &[], "0");
    x.open("premis:fixity", &[]);
    x.leaf("premis:messageDigestAlgorithm", &[], "SHA-256");
    x.leaf("premis:messageDigest", &[], &f.sha256);
    x.close();
    x.leaf("premis:size", &[], &size(f));
    x.open("premis:format", &[]);
    x.open("premis:formatDesignation", &[]);
    x.leaf("premis:formatName", &[], format);
    x.close().close().close();
    if let Some(source) = derived_from {
        x.open("premis:relationship", &[]);
        x.leaf("premis:relationshipType", &[], "derivation");
        x.leaf("premis:relationshipSubType", &[], "is derived from");
        x.open("premis:relatedObjectIdentifier", &[]);
        x.leaf("premis:relatedObjectIdentifierType", &[], "local");
        x.leaf("premis:relatedObjectIdentifierValue", &[], source);
        x.close().close();
    }
    x.close();
}

fn linking_object(x: &mut Xml, path: &str, role: &str) {
    x.open("premis:linkingObjectIdentifier", &[]);
    x.leaf("premis:linkingObjectIdentifierType", &[], "local");
    x.leaf("premis:linkingObjectIdentifierValue", &[], path);
    x.leaf("premis:linkingObjectRole", &[], role);
    x.close();
}

/// PREMIS 3: every PDF and JSON with its fixity and format, one render event per protocol,
/// and the program as the agent.
fn premis(protocols: &[Protocol]) -> Vec<u8> {
    let agent = format!("{PROGRAM}-{VERSION}");
    let mut x = Xml::new();
    x.open(
        "premis:premis",
        &[
            ("xmlns:premis", "http://www.loc.gov/premis/v3"),
            ("xmlns:xsi", "http://www.w3.org/2001/XMLSchema-instance"),
            ("version", "3.0"),
        ],
    );
    for p in protocols {
        premis_object(
            &mut x,
            &p.json,
            "JSON (protokoll meeting description)",
            None,
        );
        premis_object(&mut x, &p.pdf, &p.entry.pdfa, Some(&p.json.path));
    }
    for (i, p) in protocols.iter().enumerate() {
        premis_event(&mut x, i, p, &agent);
    }
    x.open("premis:agent", &[]);
    x.open("premis:agentIdentifier", &[]);
    x.leaf("premis:agentIdentifierType", &[], "local");
    x.leaf("premis:agentIdentifierValue", &[], &agent);
    x.close();
    x.leaf("premis:agentName", &[], PROGRAM);
    x.leaf("premis:agentType", &[], "software");
    x.leaf("premis:agentVersion", &[], VERSION);
    x.close();
    x.close();
    x.finish()
}

/// The rendering of protocol `i`: when, by which program with which options, from which
/// source to which outcome.
fn premis_event(x: &mut Xml, i: usize, p: &Protocol, agent: &str) {
    let e = &p.entry;
    x.open("premis:event", &[]);
    x.open("premis:eventIdentifier", &[]);
    x.leaf("premis:eventIdentifierType", &[], "local");
    x.leaf(
        "premis:eventIdentifierValue",
        &[],
        &format!("render-{:04}", i + 1),
    );
    x.close();
    x.leaf("premis:eventType", &[], "creation");
    // The rendering is reproducible and carries no clock time: the date is the one the
    // PDF declares (adjustment date, else meeting date).
    x.leaf(
        "premis:eventDateTime",
        &[],
        e.adjusted.as_deref().unwrap_or(&e.meeting_date),
    );
    x.open("premis:eventDetailInformation", &[]);
    let options = if e.options.is_empty() {
        "none"
    } else {
        &e.options
    };
    x.leaf(
        "premis:eventDetail",
        &[],
        &format!(
            "Rendered by {PROGRAM} {VERSION}: layout {}, options {options}, {}, {} pages{}",
            e.layout,
            e.pdfa,
            e.pages,
            match &e.rendered_sha256 {
                Some(h) => format!("; signed afterwards (SHA-256 as rendered: {h})"),
                None => String::new(),
            }
        ),
    );
    x.close();
    x.open("premis:linkingAgentIdentifier", &[]);
    x.leaf("premis:linkingAgentIdentifierType", &[], "local");
    x.leaf("premis:linkingAgentIdentifierValue", &[], agent);
    x.leaf("premis:linkingAgentRole", &[], "executing program");
    x.close();
    linking_object(x, &p.json.path, "source");
    linking_object(x, &p.pdf.path, "outcome");
    x.close();
}

impl Package {
    /// Writes the package as the folder `parent/ID` (which must not exist), via a temporary
    /// folder renamed at the end, so a failure leaves no half package.
    pub fn write_folder(&self, parent: &Path) -> Result<PathBuf, Error> {
        let io = |what: &Path, e: std::io::Error| {
            Error::Output(format!("cannot write {}: {e}", what.display()))
        };
        let target = parent.join(&self.id);
        if std::fs::symlink_metadata(&target).is_ok() {
            return Err(Error::Output(format!(
                "{} exists already; choose another --id or folder",
                target.display()
            )));
        }
        let tmp = parent.join(format!(".{}.{}.tmp", self.id, std::process::id()));
        std::fs::create_dir_all(parent).map_err(|e| io(parent, e))?;
        std::fs::create_dir(&tmp).map_err(|e| io(&tmp, e))?;
        let result = (|| {
            // Folders first (once each), then the files in parallel.
            let folders: std::collections::BTreeSet<&Path> = self
                .files
                .iter()
                .filter_map(|f| Path::new(&f.path).parent())
                .collect();
            for dir in folders {
                let dir = tmp.join(dir);
                std::fs::create_dir_all(&dir).map_err(|e| io(&dir, e))?;
            }
            self.files.par_iter().try_for_each(|f| {
                let path = tmp.join(&f.path);
                std::fs::write(&path, &f.bytes).map_err(|e| io(&path, e))
            })?;
            std::fs::rename(&tmp, &target).map_err(|e| io(&target, e))
        })();
        if result.is_err() {
            let _ = std::fs::remove_dir_all(&tmp);
        }
        result.map(|()| target)
    }

    /// Writes the package as `parent/ID.tar` (which must not exist), entries below `ID/`,
    /// streamed to a temporary file that is renamed at the end.
    pub fn write_tar(&self, parent: &Path) -> Result<PathBuf, Error> {
        let target = parent.join(format!("{}.tar", self.id));
        let io =
            |e: std::io::Error| Error::Output(format!("cannot write {}: {e}", target.display()));
        if std::fs::symlink_metadata(&target).is_ok() {
            return Err(Error::Output(format!(
                "{} exists already; choose another --id or folder",
                target.display()
            )));
        }
        std::fs::create_dir_all(parent).map_err(io)?;
        let tmp = parent.join(format!(".{}.tar.{}.tmp", self.id, std::process::id()));
        let result = std::fs::OpenOptions::new()
            .write(true)
            .create_new(true)
            .open(&tmp)
            .and_then(|file| {
                let out = self.tar_into(std::io::BufWriter::new(file))?;
                out.into_inner().map_err(|e| e.into_error())?.sync_all()
            })
            .and_then(|()| std::fs::rename(&tmp, &target));
        if result.is_err() {
            let _ = std::fs::remove_file(&tmp);
        }
        result.map_err(io).map(|()| target)
    }

    /// The package as a tar stream whose entries are all below `ID/`, folders before their
    /// files, in the package's fixed order.
    pub fn tar_into<W: std::io::Write>(&self, out: W) -> std::io::Result<W> {
        let mtime = u64::try_from(self.created.and_utc().timestamp()).unwrap_or(0);
        let mut tar = tar::Tar::new(out, mtime);
        let mut folders = std::collections::BTreeSet::new();
        tar.folder(&self.id)?;
        for f in &self.files {
            let mut prefix = String::new();
            let parts: Vec<&str> = f.path.split('/').collect();
            for part in &parts[..parts.len() - 1] {
                if !prefix.is_empty() {
                    prefix.push('/');
                }
                prefix.push_str(part);
                if folders.insert(prefix.clone()) {
                    tar.folder(&format!("{}/{prefix}", self.id))?;
                }
            }
            tar.file(&format!("{}/{}", self.id, f.path), &f.bytes)?;
        }
        tar.finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn package_ids_must_be_plain_names() {
        assert!(valid_id("sip-2024-kf"));
        assert!(valid_id("urn:uuid:123e4567-e89b-12d3"));
        for bad in ["", "../x", "a/b", ".hidden", "a b", "x<y"] {
            assert!(!valid_id(bad), "{bad}");
        }
    }
}
