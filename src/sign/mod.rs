//! Stage 5: signature fields, and (in a later step) signatures.
//!
//! krilla writes no form fields, so they are added after rendering, as an incremental update
//! with lopdf: krilla's bytes stay exactly as written, and the appended revision adds one
//! AcroForm signature field (`/FT /Sig`) per signer at the positions the layout reported.
//! [`fields::list`] reads them back (`protokoll fields`).

pub mod fields;

pub use fields::{add_fields, list, FieldInfo};
