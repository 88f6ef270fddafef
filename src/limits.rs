//! The limits of what one meeting may hold, chosen so that real meetings are far inside
//! them and the largest accepted meeting renders in seconds with bounded memory
//! (`docs/format.md` lists them; the README gives the measured cost of the worst case).
//! Also the reading of an image's size from its header, so that a huge image is refused
//! before its pixels are decoded.

/// Items (ärenden) per meeting.
pub const MAX_ITEMS: usize = 2_000;
/// People in `members`, `substitutes`, `absent` and `others` together.
pub const MAX_PEOPLE: usize = 2_000;
/// Adjusters (justerare); real protocols have one to three.
pub const MAX_ADJUSTERS: usize = 20;
/// Votes (omröstningar) in the whole meeting.
pub const MAX_VOTES: usize = 500;
/// Ballots in all the votes of the meeting (a 101-member council with 20 roll calls has 2,020).
pub const MAX_BALLOTS: usize = 10_000;
/// Entries of any other list (proposals, basis lines, names in `by`…) per item.
pub const MAX_LIST_ENTRIES: usize = 500;
/// Characters of one word (a run without spaces): long enough for any URL or Swedish
/// compound, short enough that breaking it costs nothing.
pub const MAX_WORD_CHARS: usize = 300;
/// Characters of one text.
pub const MAX_TEXT_CHARS: usize = 200_000;
/// Pixels of the logo (width × height), checked before decoding: 25 megapixels.
pub const MAX_IMAGE_PIXELS: u64 = 25_000_000;

/// Width and height of a PNG or JPEG from its header alone, without decoding pixels.
#[must_use]
pub fn image_size(bytes: &[u8]) -> Option<(u32, u32)> {
    if let Some(rest) = bytes.strip_prefix(b"\x89PNG\r\n\x1a\n") {
        // The first chunk is IHDR: length, type, width, height.
        if rest.get(4..8)? != b"IHDR" {
            return None;
        }
        let be = |r: &[u8]| u32::from_be_bytes([r[0], r[1], r[2], r[3]]);
        return Some((be(rest.get(8..12)?), be(rest.get(12..16)?)));
    }
    jpeg_size(bytes)
}

fn jpeg_size(bytes: &[u8]) -> Option<(u32, u32)> {
    let mut i = 2;
    while i + 4 <= bytes.len() {
        if bytes[i] != 0xFF {
            return None;
        }
        let marker = bytes[i + 1];
        let len = usize::from(u16::from_be_bytes([bytes[i + 2], bytes[i + 3]]));
        let start_of_frame = matches!(marker, 0xC0..=0xCF) && !matches!(marker, 0xC4 | 0xC8 | 0xCC);
        if start_of_frame {
            let h = u16::from_be_bytes([*bytes.get(i + 5)?, *bytes.get(i + 6)?]);
            let w = u16::from_be_bytes([*bytes.get(i + 7)?, *bytes.get(i + 8)?]);
            return Some((u32::from(w), u32::from(h)));
        }
        i += 2 + len;
    }
    None
}

/// Decodes every pixel, as rendering will: a truncated or damaged image is found here,
/// during checking, and not when the PDF is written. Call only after the size is checked.
pub fn decode_fully(bytes: &[u8], jpeg: bool) -> Result<(), String> {
    if jpeg {
        let mut d = zune_jpeg::JpegDecoder::new(std::io::Cursor::new(bytes));
        d.decode().map(|_| ()).map_err(|e| e.to_string())
    } else {
        let mut reader = png::Decoder::new(std::io::Cursor::new(bytes))
            .read_info()
            .map_err(|e| e.to_string())?;
        let size = reader
            .output_buffer_size()
            .ok_or("the image is too large")?;
        let mut buf = vec![0; size];
        reader
            .next_frame(&mut buf)
            .map(|_| ())
            .map_err(|e| e.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_sizes_from_headers() {
        let png = std::fs::read(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/fixtures/logo.png"
        ));
        if let Ok(png) = png {
            assert!(image_size(&png).is_some());
        }
        let mut huge = b"\x89PNG\r\n\x1a\n\0\0\0\x0dIHDR".to_vec();
        huge.extend(30000u32.to_be_bytes());
        huge.extend(30000u32.to_be_bytes());
        assert_eq!(image_size(&huge), Some((30000, 30000)));
        assert_eq!(image_size(&huge[..20]), None);
        let jpeg = [0xFF, 0xD8, 0xFF, 0xC0, 0, 11, 8, 0, 20, 0, 30, 3];
        assert_eq!(image_size(&jpeg), Some((30, 20)));
    }
}
