//! krilla's findings mapped back to the input. Every drawn element carries the JSON path of
//! the input it shows (its origin); rendering hands krilla that origin as the location of
//! what it draws, and a finding krilla locates becomes a [`Diagnostic`] at that path, in
//! plain words with a hint (as typst-pdf's `convert_error` does), instead of a debug dump.

use crate::error::{Diagnostic, Error};
use krilla::configure::ValidationError;
use krilla::error::KrillaError;
use krilla::surface::{Location, Surface};
use std::num::NonZeroU64;

/// Tells krilla which input what is drawn next shows (`None`: no single input value).
pub(super) fn set_origin(surface: &mut Surface, origin: Option<u32>) {
    match origin {
        Some(k) => surface.set_location(location(k)),
        None => surface.reset_location(),
    }
}

/// The location krilla is given for an origin (krilla's start at 1, origins at 0).
pub(super) fn location(origin: u32) -> Location {
    NonZeroU64::MIN.saturating_add(u64::from(origin))
}

/// The origin a location stands for.
fn origin_of(location: Location) -> usize {
    usize::try_from(location.get() - 1).unwrap_or(usize::MAX)
}

/// krilla's error as the library's: located findings as diagnostics at their JSON paths
/// (the input must change), the rest as a PDF error in words.
pub(super) fn to_error(error: &KrillaError, origins: &[String]) -> Error {
    let KrillaError::Validation(findings) = error else {
        return Error::Pdf(error.to_string());
    };
    let located: Vec<Diagnostic> = findings
        .iter()
        .filter_map(|(finding, _)| {
            let path = origins.get(origin_of(location_of(finding)?))?;
            let (message, hint) = explain(finding);
            Some(Diagnostic::error(path.as_str(), message).with_hint(hint))
        })
        .collect();
    if located.len() == findings.len() {
        Error::Input(located)
    } else {
        Error::Pdf(
            findings
                .iter()
                .map(|(finding, _)| explain(finding).0)
                .collect::<Vec<_>>()
                .join("; "),
        )
    }
}

/// Where krilla found it, if it says.
fn location_of(finding: &ValidationError) -> Option<Location> {
    use ValidationError as V;
    match finding {
        V::ContainsPostScript(l)
        | V::ContainsNotDefGlyph(_, l, _)
        | V::NoCodepointMapping(_, _, l)
        | V::InvalidCodepointMapping(_, _, _, l)
        | V::UnicodePrivateArea(_, _, _, l)
        | V::MissingAltText(l)
        | V::MissingAnnotationAltText(l)
        | V::Transparency(l)
        | V::ImageInterpolation(l)
        | V::EmbeddedFile(_, l)
        | V::EmbeddedPDF(l)
        | V::RequiresNewerPdfVersion(_, l) => *l,
        _ => None,
    }
}

/// The finding in plain words, and what to do about it.
fn explain(finding: &ValidationError) -> (String, String) {
    use ValidationError as V;
    let character = |c: &char| format!("the character “{c}” (U+{:04X})", u32::from(*c));
    match finding {
        V::ContainsNotDefGlyph(_, _, text) => (
            format!("“{text}” has a character that no bundled font can draw"),
            "replace or remove the character".into(),
        ),
        V::InvalidCodepointMapping(_, _, c, _) => (
            format!("{} cannot be written so that PDF/A can read it back", character(c)),
            "replace or remove the character".into(),
        ),
        V::UnicodePrivateArea(_, _, c, _) => (
            format!(
                "{} is from Unicode's private use area, which the accessible PDF/A levels do not allow",
                character(c)
            ),
            "replace it with a standard character, or choose --pdfa 2b".into(),
        ),
        V::NoCodepointMapping(..) => (
            "a drawn glyph has no character behind it, so the text could not be read back".into(),
            "replace or remove unusual characters in this text".into(),
        ),
        other => (
            format!("the PDF writer refused the document: {other:?}"),
            "this is a fault in protokoll, not in the input; please report it with the input"
                .into(),
        ),
    }
}
