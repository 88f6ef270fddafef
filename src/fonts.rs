//! The bundled fonts (`fonts/`, OFL Liberation Serif and Sans, with DejaVu Sans as the
//! fallback for characters they lack), parsed once per process.
//!
//! Each face is held twice over the same static bytes: as a rustybuzz face for shaping and
//! measuring in [`crate::layout`], and as a krilla font for embedding (subset) in
//! [`crate::render`].

use std::sync::atomic::{AtomicU8, Ordering};
use std::sync::OnceLock;

/// A typeface family a layout may choose for body text or headings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Deserialize, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Family {
    /// Liberation Serif (metric-compatible with Times New Roman).
    Serif,
    /// Liberation Sans (metric-compatible with Arial).
    Sans,
}

/// One bundled face.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Face {
    /// Liberation Serif Regular.
    SerifRegular,
    /// Liberation Serif Bold.
    SerifBold,
    /// Liberation Serif Italic.
    SerifItalic,
    /// Liberation Serif Bold Italic.
    SerifBoldItalic,
    /// Liberation Sans Regular.
    SansRegular,
    /// Liberation Sans Bold.
    SansBold,
    /// Liberation Sans Italic.
    SansItalic,
    /// Liberation Sans Bold Italic.
    SansBoldItalic,
    /// DejaVu Sans: the fallback for characters the Liberation fonts lack.
    Fallback,
}

impl Face {
    /// All faces, in a fixed order (the index into [`FontBook`]).
    pub const ALL: [Face; 9] = [
        Face::SerifRegular,
        Face::SerifBold,
        Face::SerifItalic,
        Face::SerifBoldItalic,
        Face::SansRegular,
        Face::SansBold,
        Face::SansItalic,
        Face::SansBoldItalic,
        Face::Fallback,
    ];

    /// The face of `family` with the given weight and slant.
    #[must_use]
    pub fn of(family: Family, bold: bool, italic: bool) -> Face {
        match (family, bold, italic) {
            (Family::Serif, false, false) => Face::SerifRegular,
            (Family::Serif, true, false) => Face::SerifBold,
            (Family::Serif, false, true) => Face::SerifItalic,
            (Family::Serif, true, true) => Face::SerifBoldItalic,
            (Family::Sans, false, false) => Face::SansRegular,
            (Family::Sans, true, false) => Face::SansBold,
            (Family::Sans, false, true) => Face::SansItalic,
            (Family::Sans, true, true) => Face::SansBoldItalic,
        }
    }

    fn bytes(self) -> &'static [u8] {
        match self {
            Face::SerifRegular => include_bytes!("../fonts/LiberationSerif-Regular.ttf"),
            Face::SerifBold => include_bytes!("../fonts/LiberationSerif-Bold.ttf"),
            Face::SerifItalic => include_bytes!("../fonts/LiberationSerif-Italic.ttf"),
            Face::SerifBoldItalic => include_bytes!("../fonts/LiberationSerif-BoldItalic.ttf"),
            Face::SansRegular => include_bytes!("../fonts/LiberationSans-Regular.ttf"),
            Face::SansBold => include_bytes!("../fonts/LiberationSans-Bold.ttf"),
            Face::SansItalic => include_bytes!("../fonts/LiberationSans-Italic.ttf"),
            Face::SansBoldItalic => include_bytes!("../fonts/LiberationSans-BoldItalic.ttf"),
            Face::Fallback => include_bytes!("../fonts/DejaVuSans.ttf"),
        }
    }
}

/// A parsed face.
pub struct LoadedFace {
    /// For shaping and measuring.
    pub shaper: rustybuzz::Face<'static>,
    /// For embedding in the PDF.
    pub pdf: krilla::text::Font,
    /// Font units per em.
    pub units_per_em: f32,
    /// Ascender in em.
    pub ascender: f32,
    /// Descender in em (negative).
    pub descender: f32,
}

/// Characters below this code point have their coverage cached per face.
const CACHED_CHARS: usize = 0x800;

/// All bundled faces, parsed.
pub struct FontBook {
    faces: Vec<LoadedFace>,
    /// Per face, per character below [`CACHED_CHARS`]: 0 unknown, 1 has a glyph, 2 has none.
    /// Filled lazily: a cmap lookup per character and face was a tenth of the layout time.
    coverage: Vec<Vec<AtomicU8>>,
}

impl FontBook {
    /// The process-wide font book: fonts are parsed once, on first use.
    pub fn get() -> &'static FontBook {
        static BOOK: OnceLock<FontBook> = OnceLock::new();
        BOOK.get_or_init(FontBook::load)
    }

    fn load() -> FontBook {
        let faces = Face::ALL
            .iter()
            .map(|face| {
                let bytes = face.bytes();
                // The bundled fonts are fixed at build time; a test checks they all parse.
                let shaper = rustybuzz::Face::from_slice(bytes, 0).expect("bundled font parses");
                let pdf = krilla::text::Font::new(bytes.into(), 0).expect("bundled font parses");
                let upem = shaper.units_per_em() as f32;
                LoadedFace {
                    units_per_em: upem,
                    ascender: f32::from(shaper.ascender()) / upem,
                    descender: f32::from(shaper.descender()) / upem,
                    shaper,
                    pdf,
                }
            })
            .collect();
        let coverage = Face::ALL
            .iter()
            .map(|_| (0..CACHED_CHARS).map(|_| AtomicU8::new(0)).collect())
            .collect();
        FontBook { faces, coverage }
    }

    /// Whether `face` has a glyph for `ch`.
    #[must_use]
    pub fn has_glyph(&self, face: Face, ch: char) -> bool {
        let i = ch as usize;
        if i >= CACHED_CHARS {
            return self.face(face).shaper.glyph_index(ch).is_some();
        }
        let slot = &self.coverage[face as usize][i];
        match slot.load(Ordering::Relaxed) {
            1 => true,
            2 => false,
            _ => {
                let has = self.face(face).shaper.glyph_index(ch).is_some();
                slot.store(if has { 1 } else { 2 }, Ordering::Relaxed);
                has
            }
        }
    }

    /// A parsed face.
    #[must_use]
    pub fn face(&self, face: Face) -> &LoadedFace {
        &self.faces[face as usize]
    }

    /// Which face draws `ch` for text set in `wanted`: the face itself, else the fallback,
    /// else `None` (no bundled font has the character).
    #[must_use]
    pub fn face_for(&self, wanted: Face, ch: char) -> Option<Face> {
        if is_invisible(ch) || self.has_glyph(wanted, ch) {
            Some(wanted)
        } else if self.has_glyph(Face::Fallback, ch) {
            Some(Face::Fallback)
        } else {
            None
        }
    }

    /// Whether some bundled font can draw `ch`.
    #[must_use]
    pub fn covers(&self, ch: char) -> bool {
        self.face_for(Face::SerifRegular, ch).is_some()
            && self.face_for(Face::SansBold, ch).is_some()
    }
}

/// Whitespace and controls are never drawn as glyphs, so need no coverage.
#[must_use]
pub fn is_invisible(ch: char) -> bool {
    ch.is_whitespace() || ch.is_control() || ch == '\u{AD}'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn all_bundled_fonts_parse_and_cover_swedish() {
        let book = FontBook::get();
        for face in Face::ALL {
            let f = book.face(face);
            assert!(f.units_per_em > 0.0);
            for ch in "åäöÅÄÖé§–".chars() {
                assert!(f.shaper.glyph_index(ch).is_some(), "{face:?} lacks {ch}");
            }
        }
    }

    #[test]
    fn fallback_covers_what_liberation_lacks() {
        let book = FontBook::get();
        // U+2713 CHECK MARK is in DejaVu Sans, not in Liberation Serif.
        assert_eq!(book.face_for(Face::SerifRegular, '✓'), Some(Face::Fallback));
        // CJK ideographs are in no bundled font.
        assert_eq!(book.face_for(Face::SerifRegular, '漢'), None);
    }
}
