//! Stage 5: signature fields and PAdES signatures.
//!
//! krilla writes no form fields, so they are added after rendering, as an incremental update
//! with lopdf: krilla's bytes stay exactly as written, and the appended revision adds one
//! AcroForm signature field (`/FT /Sig`) per signer at the positions the layout reported
//! (reading only the catalog, page tree and structure tree of krilla's file: `rendered`).
//! [`fields::list`] reads them back (`protokoll fields`). [`pades`] signs a field, again as
//! an incremental update, so that every earlier signature stays valid, and refuses a file
//! whose later revisions are anything but protokoll's own signature updates. [`verify()`]
//! checks signatures the way a registry must rely on: by revisions read from the
//! cross-reference chain (`revisions`, strictly parsed with `syntax`), with an
//! allow-list of what may change after a signature (`diff`) and certificate path rules
//! ([`certs`]).

pub mod certs;
mod diff;
pub mod fields;
pub mod pades;
mod pdf;
mod person;
mod rendered;
mod revisions;
mod syntax;
pub mod verify;

pub use fields::{add_fields, list, list_from, FieldInfo};
pub use pades::{
    cms_signature, complete, complete_objections, objections, prepare, reopen, sign, Identity,
    PreparedSignature, SignRequest,
};
pub use verify::{read_roots, verify, SignatureReport};
