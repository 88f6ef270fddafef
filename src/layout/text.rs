//! Text: shaping, measuring, line breaking and Swedish hyphenation.
//!
//! Text is shaped with rustybuzz one break-opportunity segment ("word") at a time, and the
//! shaped words are cached, since protocols repeat the same words endlessly. Lines are
//! filled greedily at Unicode line-break opportunities (UAX #14). A word that does not fit is
//! hyphenated with the Swedish Knuth–Liang patterns; a string with no such point
//! ("Kommunchef/Regiondirektörsgruppen", a URL) is broken after `/` or `-`, and as a last
//! resort between characters, so text never leaves the margins.

use super::breaks::{self, Guard};
use crate::fonts::{is_invisible, Face, FontBook};
use crate::swedish::paragraph_signs;
use hyphenation::{Language, Load, Standard};
use rustc_hash::FxHashMap;
use std::ops::Range;
use std::sync::{Arc, OnceLock};

/// One positioned glyph; sizes are in em, multiplied by the font size when drawn.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// Glyph id in the face.
    pub id: u16,
    /// The bytes of the run's text this glyph stands for.
    pub range: Range<usize>,
    /// Horizontal advance (em).
    pub advance: f32,
    /// Horizontal offset (em).
    pub x_offset: f32,
    /// Vertical offset (em).
    pub y_offset: f32,
}

/// Shaped text of one face and size, ready to draw: the unit the renderer writes.
#[derive(Debug, Clone, PartialEq)]
pub struct ShapedRun {
    /// The face.
    pub face: Face,
    /// Font size in points.
    pub size: f32,
    /// The text (what copy-and-paste and screen readers get).
    pub text: String,
    /// Glyphs with ranges into `text`.
    pub glyphs: Vec<Glyph>,
    /// Width in points.
    pub width: f32,
    /// The link the run is part of ([`StyledText::link`]).
    pub link: Option<u32>,
}

/// A styled piece of input text.
#[derive(Debug, Clone, PartialEq)]
pub struct StyledText {
    /// The text.
    pub text: String,
    /// The face it asks for (fallback applies per character).
    pub face: Face,
    /// Font size in points.
    pub size: f32,
    /// The link this text is (a number the layout gives each web or e-mail address).
    pub link: Option<u32>,
}

impl StyledText {
    /// A piece of text in one face and size.
    pub fn new(text: impl Into<String>, face: Face, size: f32) -> Self {
        Self {
            text: text.into(),
            face,
            size,
            link: None,
        }
    }

    /// The same text as (part of) link `link`.
    #[must_use]
    pub fn linked(mut self, link: Option<u32>) -> Self {
        self.link = link;
        self
    }
}

/// A range of the collapsed text with its face, size and link.
type Style = (Range<usize>, Face, f32, Option<u32>);

/// A broken line: runs placed at x offsets from the line's start.
#[derive(Debug, Clone, Default)]
pub struct Line {
    /// (x offset, run).
    pub runs: Vec<(f32, ShapedRun)>,
    /// Width of the visible text.
    pub width: f32,
    /// Largest font size on the line.
    pub size: f32,
}

/// Shapes and breaks text. Holds the caches; one per layout run (or per thread).
pub struct TextEngine {
    book: &'static FontBook,
    hyphenator: &'static Standard,
    /// Shaped words by text, one slot per face: looked up by `&str`, without allocating.
    words: FxHashMap<Box<str>, [Option<Arc<ShapedWord>>; Face::ALL.len()]>,
    language: rustybuzz::Language,
    /// One shaping plan per face: building a plan for every word was a third of the time of a
    /// cold run. Text is shaped as Latin, left to right, Swedish.
    plans: Vec<Option<rustybuzz::ShapePlan>>,
    /// Names of people and organisations: never hyphenated.
    names: Vec<String>,
    /// What may not be broken in the text being broken now.
    guard: Guard,
}

impl Default for TextEngine {
    fn default() -> Self {
        Self::new()
    }
}

/// The Swedish hyphenation patterns, loaded once per process.
pub(crate) fn swedish() -> &'static Standard {
    static SV: OnceLock<Standard> = OnceLock::new();
    SV.get_or_init(|| Standard::from_embedded(Language::Swedish).expect("embedded sv patterns"))
}

/// A shaped word in one face: glyphs and width, in em.
#[derive(Debug)]
struct ShapedWord {
    glyphs: Vec<Glyph>,
    width: f32,
}

/// A face and a size: what a hyphen is drawn in.
type FaceSize = (Face, f32);

/// A segment split to fit a line: the head goes on this line (with a hyphen if set), the
/// tail starts the next.
struct Split {
    head: Range<usize>,
    hyphen: Option<FaceSize>,
    tail: Range<usize>,
}

/// A break opportunity inside a segment.
#[derive(Debug, Clone, Copy)]
struct Opportunity {
    /// Byte offset in the paragraph text.
    at: usize,
    /// A hyphen is drawn at the break (a hyphenation point, not after `/` or `-`).
    hyphen: bool,
}

impl TextEngine {
    /// An engine over the bundled fonts.
    #[must_use]
    pub fn new() -> Self {
        Self {
            book: FontBook::get(),
            hyphenator: swedish(),
            words: FxHashMap::default(),
            language: "sv".parse().expect("valid language tag"),
            plans: Face::ALL.iter().map(|_| None).collect(),
            names: Vec::new(),
            guard: Guard::default(),
        }
    }

    /// The names of people and organisations of the document being set: no inserted hyphen
    /// in them.
    pub fn set_names(&mut self, names: Vec<String>) {
        self.names = names;
    }
    /// Shapes `text` in one face; cached.
    fn shape_word(&mut self, face: Face, text: &str) -> Arc<ShapedWord> {
        if let Some(hit) = self
            .words
            .get(text)
            .and_then(|slots| slots[face as usize].as_ref())
        {
            return hit.clone();
        }
        let loaded = self.book.face(face);
        let mut buffer = rustybuzz::UnicodeBuffer::new();
        buffer.push_str(text);
        buffer.set_direction(rustybuzz::Direction::LeftToRight);
        buffer.set_script(rustybuzz::script::LATIN);
        buffer.set_language(self.language.clone());
        let language = &self.language;
        let plan = self.plans[face as usize].get_or_insert_with(|| {
            rustybuzz::ShapePlan::new(
                &loaded.shaper,
                rustybuzz::Direction::LeftToRight,
                Some(rustybuzz::script::LATIN),
                Some(language),
                &[],
            )
        });
        let output = rustybuzz::shape_with_plan(&loaded.shaper, plan, buffer);
        let upem = loaded.units_per_em;
        let infos = output.glyph_infos();
        let positions = output.glyph_positions();
        let mut glyphs = Vec::with_capacity(infos.len());
        let mut width = 0.0;
        for (i, (info, pos)) in infos.iter().zip(positions).enumerate() {
            let start = info.cluster as usize;
            // A cluster ends where the next different cluster starts.
            let end = infos[i + 1..]
                .iter()
                .map(|g| g.cluster as usize)
                .find(|&c| c != start)
                .unwrap_or(text.len());
            let advance = pos.x_advance as f32 / upem;
            width += advance;
            glyphs.push(Glyph {
                id: u16::try_from(info.glyph_id).expect("OpenType glyph ids are 16-bit"),
                range: start..end.max(start),
                advance,
                x_offset: pos.x_offset as f32 / upem,
                y_offset: pos.y_offset as f32 / upem,
            });
        }
        let shaped = Arc::new(ShapedWord { glyphs, width });
        self.words.entry(text.into()).or_default()[face as usize] = Some(shaped.clone());
        shaped
    }

    /// Shapes a string of one requested face into runs, switching to the fallback face for
    /// characters the face lacks.
    pub fn shape(&mut self, piece: &StyledText) -> Vec<ShapedRun> {
        if piece.text.contains(NO_BREAK_SPACE) {
            // A no-break space only steers the line breaker: it is drawn, and extracted, as
            // a plain space.
            let plain = StyledText {
                text: piece.text.replace(NO_BREAK_SPACE, " "),
                ..piece.clone()
            };
            return self.shape(&plain);
        }
        let mut runs = Vec::new();
        let mut start = 0;
        let mut current: Option<Face> = None;
        for (i, ch) in piece.text.char_indices() {
            let face = self.book.face_for(piece.face, ch).unwrap_or(piece.face);
            if is_invisible(ch) && current.is_some() {
                continue;
            }
            if current.is_some_and(|c| c != face) {
                runs.push(self.run(current.expect("set"), &piece.text[start..i], piece.size));
                start = i;
            }
            current = Some(face);
        }
        if start < piece.text.len() {
            runs.push(self.run(
                current.unwrap_or(piece.face),
                &piece.text[start..],
                piece.size,
            ));
        }
        runs
    }

    fn run(&mut self, face: Face, text: &str, size: f32) -> ShapedRun {
        // Shape word by word (with the following spaces), so the cache hits across texts.
        let mut glyphs = Vec::new();
        let mut width = 0.0;
        let mut offset = 0;
        for word in text.split_inclusive(' ') {
            let shaped = self.shape_word(face, word);
            for g in &shaped.glyphs {
                let mut g = g.clone();
                g.range = g.range.start + offset..g.range.end + offset;
                glyphs.push(g);
            }
            width += shaped.width * size;
            offset += word.len();
        }
        ShapedRun {
            face,
            size,
            text: text.to_string(),
            glyphs,
            width,
            link: None,
        }
    }

    /// Width in points of a piece of text.
    pub fn width(&mut self, piece: &StyledText) -> f32 {
        self.measure(&piece.text, piece.face, piece.size)
    }

    /// Width in points of `text` in `face`, word by word from the cache; only words that need
    /// the fallback face take the slow path.
    fn measure(&mut self, text: &str, face: Face, size: f32) -> f32 {
        if text.contains(NO_BREAK_SPACE) {
            return self.measure(&text.replace(NO_BREAK_SPACE, " "), face, size);
        }
        let mut width = 0.0;
        for word in text.split_inclusive(' ') {
            if word
                .chars()
                .all(|ch| self.book.face_for(face, ch) == Some(face))
            {
                width += self.shape_word(face, word).width * size;
            } else {
                let piece = StyledText::new(word, face, size);
                width += self.shape(&piece).iter().map(|r| r.width).sum::<f32>();
            }
        }
        width
    }

    /// A single unbroken line (labels, table headers, page numbers).
    pub fn line(&mut self, pieces: &[StyledText]) -> Line {
        let mut line = Line::default();
        for p in pieces {
            for mut run in self.shape(p) {
                run.link = p.link;
                line.size = line.size.max(run.size);
                let w = run.width;
                line.runs.push((line.width, run));
                line.width += w;
            }
        }
        line
    }

    /// Breaks styled text into lines no wider than `width` points, hyphenating where needed.
    pub fn break_lines(&mut self, pieces: &[StyledText], width: f32) -> Vec<Line> {
        self.break_lines_with(pieces, width, true)
    }

    /// Breaks styled text into lines; `hyphenate: false` for headings, which are not
    /// hyphenated (they still break after `/` or between characters if they must).
    pub fn break_lines_with(
        &mut self,
        pieces: &[StyledText],
        width: f32,
        hyphenate: bool,
    ) -> Vec<Line> {
        let (text, styles) = collapse(pieces);
        if text.is_empty() {
            return Vec::new();
        }
        let segments = break_segments(&text);
        self.guard = Guard::data_only(&text);
        let segments = self.guard.merge(segments);
        let mut last_hyphenated = false;
        let mut names_guarded = false;
        let mut lines = Vec::new();
        let mut cur: Vec<Range<usize>> = Vec::new();
        let mut cur_width = 0.0;
        let mut queue: std::collections::VecDeque<Range<usize>> = segments.into();
        while let Some(seg) = queue.pop_front() {
            let visible = trim_end_range(&text, seg.clone());
            let seg_visible_w = self.range_width(&text, &styles, visible.clone());
            if cur_width + seg_visible_w <= width + 0.01 {
                // Measure only the trailing spaces again, not the whole word.
                let trailing = if visible.end < seg.end {
                    self.range_width(&text, &styles, visible.end..seg.end)
                } else {
                    0.0
                };
                cur_width += seg_visible_w + trailing;
                cur.push(seg);
                continue;
            }
            // Too wide: try a break inside the segment so that its head fits here.
            let room = width - cur_width;
            let hyphenate_here =
                hyphenate && may_hyphenate(cur.is_empty(), last_hyphenated, queue.is_empty());
            if hyphenate_here && !names_guarded {
                // Only now, where a word may be hyphenated, do the names matter.
                self.guard.add_names(&self.names);
                names_guarded = true;
            }
            if let Some(Split { head, hyphen, tail }) = self.split_to_fit(
                &text,
                &styles,
                visible.clone(),
                room,
                cur.is_empty(),
                hyphenate_here,
            ) {
                last_hyphenated = hyphen.is_some();
                cur.push(head);
                lines.push(self.finish_line(&text, &styles, std::mem::take(&mut cur), hyphen));
                cur_width = 0.0;
                queue.push_front(tail.start..seg.end);
                continue;
            }
            if cur.is_empty() {
                // Unreachable in practice (split_to_fit always yields at least a character on an
                // empty line); keep the text rather than loop.
                cur.push(seg);
                continue;
            }
            lines.push(self.finish_line(&text, &styles, std::mem::take(&mut cur), None));
            last_hyphenated = false;
            cur_width = 0.0;
            queue.push_front(seg);
        }
        if !cur.is_empty() {
            lines.push(self.finish_line(&text, &styles, cur, None));
        }
        lines
    }

    /// The width of the widest stretch of `pieces` that [`Self::break_lines`] does not break
    /// without a hyphen (a word, "KF § 202", a date): the least a table column needs so that
    /// no word in it is cut.
    pub fn widest_unbreakable(&mut self, pieces: &[StyledText]) -> f32 {
        let (text, styles) = collapse(pieces);
        if text.is_empty() {
            return 0.0;
        }
        let guard = Guard::data_only(&text);
        guard
            .merge(break_segments(&text))
            .into_iter()
            .map(|seg| {
                let visible = trim_end_range(&text, seg);
                self.range_width(&text, &styles, visible)
            })
            .fold(0.0, f32::max)
    }

    fn range_width(&mut self, text: &str, styles: &[Style], range: Range<usize>) -> f32 {
        let mut w = 0.0;
        for (r, face, size, _) in styles {
            let s = r.start.max(range.start);
            let e = r.end.min(range.end);
            if s < e {
                w += self.measure(&text[s..e], *face, *size);
            }
        }
        w
    }

    fn face_at(styles: &[Style], at: usize) -> (Face, f32) {
        styles
            .iter()
            .find(|(r, ..)| r.contains(&at))
            .or(styles.last())
            .map(|(_, f, s, _)| (*f, *s))
            .expect("styled text is not empty")
    }

    /// Splits `visible` so the head (plus a hyphen, if any) fits in `room`. On an empty line
    /// it always succeeds (at worst after one character).
    ///
    /// The choice is found without measuring every candidate head. Widths of single characters
    /// (cached per character) add up to an estimate of each head; only heads whose estimate
    /// is within a kerning margin of the room are measured exactly, longest first. The cost
    /// per line is linear in the segment, and no head string is shaped (and cached) unless it
    /// nearly fits.
    fn split_to_fit(
        &mut self,
        text: &str,
        styles: &[Style],
        visible: Range<usize>,
        room: f32,
        line_empty: bool,
        hyphenate: bool,
    ) -> Option<Split> {
        let estimate = self.prefix_estimates(text, styles, visible.clone());
        let estimate_at = |at: usize| {
            let i = estimate.partition_point(|(end, _)| *end <= at);
            if i == 0 {
                0.0
            } else {
                estimate[i - 1].1
            }
        };
        // Kerning and shaping make a head at most this much narrower than its estimate.
        let margin = room.abs() * 0.05 + 2.0;
        let mut opportunities = self.opportunities(text, visible.clone());
        if !hyphenate {
            opportunities.retain(|o| !o.hyphen);
        }
        if line_empty {
            // Joined text ("Jonas Berg (SD)") wider than the whole line breaks at its joins
            // rather than inside a word.
            opportunities.extend(text[visible.clone()].match_indices(NO_BREAK_SPACE).map(
                |(at, _)| Opportunity {
                    at: visible.start + at + NO_BREAK_SPACE.len_utf8(),
                    hyphen: false,
                },
            ));
            opportunities.sort_by_key(|o| o.at);
        }
        for o in opportunities.into_iter().rev() {
            let hyphen = o.hyphen.then(|| Self::face_at(styles, o.at - 1));
            let hyphen_w = hyphen.map_or(0.0, |(face, size)| self.measure("-", face, size));
            if estimate_at(o.at) + hyphen_w > room + margin {
                continue;
            }
            let head = visible.start..o.at;
            if self.range_width(text, styles, head.clone()) + hyphen_w <= room + 0.01 {
                return Some(Split {
                    head,
                    hyphen,
                    tail: o.at..visible.end,
                });
            }
        }
        if !line_empty {
            return None;
        }
        // Last resort: break between characters, keeping at least one on the line.
        let first = estimate.first().map_or(visible.end, |(end, _)| *end);
        let mut at = estimate
            .iter()
            .rev()
            .find(|(end, w)| *w <= room + margin && *end < visible.end)
            .map_or(first, |(end, _)| *end);
        while at > first && self.range_width(text, styles, visible.start..at) > room {
            at = estimate[estimate.partition_point(|(end, _)| *end < at) - 1].0;
        }
        (at < visible.end).then_some(Split {
            head: visible.start..at,
            hyphen: None,
            tail: at..visible.end,
        })
    }

    /// For each character of `range`: where it ends and the summed width of the characters
    /// up to there, each measured alone.
    fn prefix_estimates(
        &mut self,
        text: &str,
        styles: &[Style],
        range: Range<usize>,
    ) -> Vec<(usize, f32)> {
        let mut total = 0.0;
        let mut out = Vec::with_capacity(range.len());
        for (i, ch) in text[range.clone()].char_indices() {
            let start = range.start + i;
            let end = start + ch.len_utf8();
            total += self.range_width(text, styles, start..end);
            out.push((end, total));
        }
        out
    }

    /// Break points inside a segment: Swedish hyphenation points in its words, and the
    /// places after `/` and `-`.
    fn opportunities(&self, text: &str, range: Range<usize>) -> Vec<Opportunity> {
        let s = &text[range.clone()];
        let mut out = Vec::new();
        let mut word_start: Option<usize> = None;
        let push_word = |out: &mut Vec<Opportunity>, from: usize, to: usize| {
            let word = &s[from..to];
            for b in breaks::hyphenation_points(self.hyphenator, word) {
                out.push(Opportunity {
                    at: range.start + from + b,
                    hyphen: true,
                });
            }
        };
        for (i, ch) in s.char_indices() {
            if ch.is_alphabetic() {
                word_start.get_or_insert(i);
                continue;
            }
            if let Some(ws) = word_start.take() {
                push_word(&mut out, ws, i);
            }
            let after = i + ch.len_utf8();
            if matches!(ch, '/' | '-' | '\u{2013}' | '_' | '.' | '?' | '&' | '=') && after < s.len()
            {
                out.push(Opportunity {
                    at: range.start + after,
                    hyphen: false,
                });
            }
        }
        if let Some(ws) = word_start {
            push_word(&mut out, ws, s.len());
        }
        out.sort_by_key(|o| o.at);
        out.dedup_by_key(|o| o.at);
        out.retain(|o| self.guard.allows(o.at, o.hyphen));
        out
    }

    fn finish_line(
        &mut self,
        text: &str,
        styles: &[Style],
        segments: Vec<Range<usize>>,
        hyphen: Option<(Face, f32)>,
    ) -> Line {
        let start = segments.first().map_or(0, |r| r.start);
        let end = segments.last().map_or(0, |r| r.end);
        let mut pieces = Vec::new();
        for (r, face, size, link) in styles {
            let s = r.start.max(start);
            let e = r.end.min(end);
            if s < e {
                pieces.push(StyledText::new(&text[s..e], *face, *size).linked(*link));
            }
        }
        let mut line = self.line(&pieces);
        // Trailing spaces do not count towards the width (they stay in the text, so the
        // words of consecutive lines stay apart when the text is extracted).
        let line_text = &text[start..end];
        let trailing = line_text[line_text.trim_end().len()..].chars().count();
        if trailing > 0 {
            let (face, size) = Self::face_at(styles, end - 1);
            line.width -= self.width(&StyledText::new(" ", face, size)) * trailing as f32;
        }
        if let Some((face, size)) = hyphen {
            // The hyphen glyph stands for a soft hyphen: extracted text reads the whole word.
            let shaped = self.shape_word(face, "-");
            let glyphs = shaped
                .glyphs
                .iter()
                .map(|g| Glyph {
                    range: 0..2,
                    ..g.clone()
                })
                .collect();
            let run = ShapedRun {
                face,
                size,
                text: "\u{AD}".into(),
                glyphs,
                width: shaped.width * size,
                link: None,
            };
            line.size = line.size.max(size);
            let w = run.width;
            line.runs.push((line.width, run));
            line.width += w;
        }
        line
    }
}

/// Joins two words on one line (a name and its party); drawn and extracted as a space.
pub const NO_BREAK_SPACE: char = '\u{a0}';

/// Hyphenation in ragged-right text only where it does not hurt: not on a line right after a
/// hyphenated one, and not in the paragraph's last word (its fragment would be a last line
/// of its own). A word longer than a whole line may still be hyphenated.
fn may_hyphenate(line_empty: bool, last_hyphenated: bool, last_word: bool) -> bool {
    line_empty || !(last_hyphenated || last_word)
}

/// The pieces as one text with whitespace collapsed to single spaces (the input's line
/// breaks are not layout), trailing space dropped, and the face and size of each range.
fn collapse(pieces: &[StyledText]) -> (String, Vec<Style>) {
    let mut text = String::new();
    let mut styles: Vec<Style> = Vec::new();
    for p in pieces {
        let start = text.len();
        for ch in paragraph_signs(&p.text).chars() {
            // A no-break space stays one (UAX #14 does not break there); other white space
            // is a plain space.
            let ch = if ch.is_whitespace() && ch != NO_BREAK_SPACE {
                ' '
            } else {
                ch
            };
            if ch == ' ' && (text.ends_with(' ') || text.is_empty()) {
                continue;
            }
            text.push(ch);
        }
        if text.len() > start {
            styles.push((start..text.len(), p.face, p.size, p.link));
        }
    }
    (text.trim_end().to_string(), styles)
}

/// The text cut at its Unicode line-break opportunities (UAX #14), each segment a word with
/// the spaces after it.
fn break_segments(text: &str) -> Vec<Range<usize>> {
    let mut segments: Vec<Range<usize>> = Vec::new();
    let mut prev = 0;
    for (at, _) in unicode_linebreak::linebreaks(text) {
        if at > prev {
            segments.push(prev..at);
        }
        prev = at;
    }
    segments
}

fn trim_end_range(text: &str, r: Range<usize>) -> Range<usize> {
    let trimmed = text[r.clone()].trim_end().len();
    r.start..r.start + trimmed
}

#[cfg(test)]
mod tests {
    use super::*;

    fn plain(line: &Line) -> String {
        line.runs.iter().map(|(_, r)| r.text.as_str()).collect()
    }

    fn body(text: &str) -> Vec<StyledText> {
        vec![StyledText::new(text, Face::SerifRegular, 11.0)]
    }

    #[test]
    fn lines_never_exceed_the_width_and_keep_every_character() {
        let mut e = TextEngine::new();
        let text = "Regionala samverkansrådet har 19 september 2019 uppdraget till KC/RD gruppen att utreda vilka behov som finns kring informell regional samverkan avseende fysiska planeringsfrågor med regional bärighet.";
        for width in [60.0, 100.0, 200.0, 400.0] {
            let lines = e.break_lines(&body(text), width);
            for l in &lines {
                assert!(
                    l.width <= width + 0.01,
                    "{} > {width}: {:?}",
                    l.width,
                    plain(l)
                );
            }
            let joined: String = lines
                .iter()
                .map(plain)
                .collect::<String>()
                .replace('\u{AD}', "");
            assert_eq!(
                joined.split_whitespace().collect::<String>(),
                text.split_whitespace().collect::<String>()
            );
        }
    }

    #[test]
    fn long_compounds_are_hyphenated_the_swedish_way() {
        let mut e = TextEngine::new();
        let lines = e.break_lines(
            &body("Kommunchef/Regiondirektörsgruppen får i uppdrag"),
            90.0,
        );
        assert!(lines.len() >= 2);
        let first = plain(&lines[0]);
        // Broken after the slash or at a hyphenation point, never outside the width.
        assert!(
            first.ends_with('/') || first.ends_with('\u{AD}'),
            "{first:?}"
        );
        for l in &lines {
            assert!(l.width <= 90.01);
        }
    }

    #[test]
    fn hyphenation_points_are_swedish() {
        let e = TextEngine::new();
        let text = "planeringsfrågor";
        let points: Vec<usize> = e
            .opportunities(text, 0..text.len())
            .iter()
            .map(|o| o.at)
            .collect();
        assert!(!points.is_empty());
        // "planerings-frågor" is a valid Swedish break; a break after one letter is not.
        assert!(points.contains(&"planerings".len()), "{points:?}");
        assert!(!points.contains(&1));
    }

    #[test]
    fn unbreakable_strings_are_broken_rather_than_overflowing() {
        let mut e = TextEngine::new();
        let url =
            "https://www.regionorebrolan.se/sv/regional-utveckling/samverkansrad/protokoll2020";
        let lines = e.break_lines(&body(url), 80.0);
        assert!(lines.len() > 2);
        for l in &lines {
            assert!(l.width <= 80.01, "{}", l.width);
        }
        let joined: String = lines
            .iter()
            .map(plain)
            .collect::<String>()
            .replace('\u{AD}', "");
        assert_eq!(joined, url);
    }

    #[test]
    fn a_long_word_is_broken_into_lines_that_fit_and_keep_it_whole() {
        let mut e = TextEngine::new();
        let word: String = (0..300)
            .map(|i| ['a', 'n', 'd', 'e', 'r', 's', 'ö', 'k', 'v', 'i'][i * 7 % 10])
            .collect();
        for width in [30.0, 80.0, 200.0] {
            let lines = e.break_lines(&body(&word), width);
            for l in &lines {
                assert!(l.width <= width + 0.01, "{} > {width}", l.width);
            }
            let joined: String = lines.iter().map(plain).collect();
            assert_eq!(joined.replace('\u{AD}', ""), word, "width {width}");
        }
    }

    #[test]
    fn shaping_is_cached_and_deterministic() {
        let mut e = TextEngine::new();
        let a = e.shape(&StyledText::new("Beslut Beslut", Face::SerifBold, 11.0));
        // "Beslut " and "Beslut".
        assert_eq!(e.words.len(), 2);
        // A hit hands out the word shaped before, not a new shaping of it.
        let first = e.shape_word(Face::SerifBold, "Beslut");
        let again = e.shape_word(Face::SerifBold, "Beslut");
        assert!(
            Arc::ptr_eq(&first, &again),
            "the second shaping missed the cache"
        );
        // Another face is another slot.
        let regular = e.shape_word(Face::SerifRegular, "Beslut");
        assert!(!Arc::ptr_eq(&first, &regular));
        // A fresh engine shapes to the same glyphs.
        let b = TextEngine::new().shape(&StyledText::new("Beslut Beslut", Face::SerifBold, 11.0));
        assert_eq!(a, b);
    }

    #[test]
    fn missing_glyphs_switch_to_the_fallback_face() {
        let mut e = TextEngine::new();
        let runs = e.shape(&StyledText::new("a ✓ b", Face::SerifRegular, 11.0));
        assert!(runs.iter().any(|r| r.face == Face::Fallback), "{runs:?}");
        let text: String = runs.iter().map(|r| r.text.as_str()).collect();
        assert_eq!(text, "a ✓ b");
    }
}
