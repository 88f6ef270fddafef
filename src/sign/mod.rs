//! Stage 5: signature fields and PAdES signatures.
//!
//! krilla writes no form fields, so they are added after rendering, as an incremental update
//! with lopdf: krilla's bytes stay exactly as written, and the appended revision adds one
//! AcroForm signature field (`/FT /Sig`) per signer at the positions the layout reported.
//! [`fields::list`] reads them back (`protokoll fields`). [`pades`] signs a field, again as
//! an incremental update, so that every earlier signature stays valid.

pub mod fields;
pub mod pades;
pub mod verify;

pub use fields::{add_fields, list, list_from, FieldInfo};
pub use pades::{cms_signature, complete, prepare, reopen, sign, Identity, Prepared, SignRequest};
pub use verify::{read_roots, verify, SignatureReport};
