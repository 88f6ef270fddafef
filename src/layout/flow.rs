//! Pagination of rows: fills pages top to bottom, honouring keep-with-next chains (headings
//! with what follows, first and last two lines of paragraphs), and repeats table header rows
//! on continuation pages as pagination artifacts.

use super::{Bookmark, LinkArea, Page, Row, SignatureSlot};

/// The vertical room on every page.
#[derive(Debug, Clone, Copy)]
pub struct Frame {
    /// Top of the content area.
    pub top: f32,
    /// Bottom of the content area.
    pub bottom: f32,
}

/// The result of pagination.
#[derive(Debug, Default)]
pub struct Flowed {
    /// Pages with their content (no header yet).
    pub pages: Vec<Page>,
    /// Bookmarks.
    pub bookmarks: Vec<Bookmark>,
    /// Signature slots, in page coordinates.
    pub slots: Vec<SignatureSlot>,
    /// Link areas, in page coordinates.
    pub links: Vec<LinkArea>,
    /// Where the last row ends on the last page.
    pub end: f32,
}

/// Paginates `rows`; `table_headers[t]` is the header row of table `t`, and also holds the
/// rows that [`Row::continues`] repeats ("§ 48 (forts.)").
#[must_use]
pub fn paginate(rows: &[Row], table_headers: &[Row], frame: Frame) -> Flowed {
    let mut out = Flowed {
        pages: vec![Page::default()],
        ..Default::default()
    };
    let mut y = frame.top;
    let room = frame.bottom - frame.top;
    let mut i = 0;
    while i < rows.len() {
        // The chain of rows that must stay together with row i.
        let mut j = i;
        while j + 1 < rows.len() && rows[j].keep_with_next {
            j += 1;
        }
        if rows[i].break_before && y > frame.top + 0.01 {
            y = new_page(&mut out, frame);
        }
        let at_top = y <= frame.top + 0.01;
        // What a new page repeats above the chain's first row.
        let lead = repeated(&rows[i], table_headers)
            .map(|r| r.height)
            .sum::<f32>();
        let chain_height: f32 = rows[i..=j]
            .iter()
            .map(|r| r.height + r.space_before)
            .sum::<f32>()
            - if at_top { rows[i].space_before } else { 0.0 };
        let fits = y + chain_height + if at_top { lead } else { 0.0 } <= frame.bottom + 0.01;
        let chain_fits_a_page = chain_height + lead <= room;
        let end = if fits || at_top || !chain_fits_a_page {
            if !fits && !at_top {
                // A chain taller than a page: start it on a new page anyway, then let it run on.
                y = new_page(&mut out, frame);
            }
            if chain_fits_a_page {
                j
            } else {
                i
            }
        } else {
            y = new_page(&mut out, frame);
            j
        };
        for (k, row) in rows.iter().enumerate().take(end + 1).skip(i) {
            let at_top = y <= frame.top + 0.01;
            if !at_top && y + row.space_before + row.height > frame.bottom + 0.01 {
                y = new_page(&mut out, frame);
            }
            if y <= frame.top + 0.01 {
                // Continuation page of an item or a table: "§ 48 (forts.)" and the table's
                // header row first, as artifacts. Above only the space kept for withheld
                // content (the public version) they take their room but show nothing: a
                // "(forts.)" line stands only above content of its item.
                let shown = content_follows(&rows[k..], row);
                for header in repeated(row, table_headers) {
                    if shown {
                        place(&mut out, header, y, true);
                    }
                    y += header.height;
                }
            } else {
                y += row.space_before;
            }
            if row.at_foot {
                // Down to the foot of the page; it fits, or a new page was started above.
                y = y.max(frame.bottom - row.height);
            }
            place(&mut out, row, y, false);
            y += row.height;
        }
        i = end + 1;
    }
    out.end = y;
    out
}

/// The rows a new page repeats above `row`: its item's continuation line, its table's header.
fn repeated<'r>(row: &Row, table_headers: &'r [Row]) -> impl Iterator<Item = &'r Row> {
    [row.continues, row.table]
        .into_iter()
        .flatten()
        .map(move |k| &table_headers[k])
}

/// Whether `rows` (from `row` on) hold anything drawn before `row`'s item and table end.
fn content_follows(rows: &[Row], row: &Row) -> bool {
    rows.iter()
        .take_while(|r| r.continues == row.continues && r.table == row.table)
        .any(|r| !r.elements.is_empty())
}

/// The height of `rows` set one after the other from the top of a page.
#[must_use]
pub fn height(rows: &[Row]) -> f32 {
    let total: f32 = rows.iter().map(|r| r.height + r.space_before).sum();
    total - rows.first().map_or(0.0, |r| r.space_before)
}

fn new_page(out: &mut Flowed, frame: Frame) -> f32 {
    out.pages.push(Page::default());
    frame.top
}

fn place(out: &mut Flowed, row: &Row, y: f32, artifact: bool) {
    let page = out.pages.len() - 1;
    let elements = &mut out.pages[page].elements;
    for e in &row.elements {
        let e = e.shifted(y);
        elements.push(if artifact { e.as_artifact() } else { e });
    }
    if artifact {
        return;
    }
    if let Some(title) = &row.bookmark {
        out.bookmarks.push(Bookmark {
            title: title.clone(),
            page,
            y,
        });
    }
    for s in &row.slots {
        let mut s = s.clone();
        s.page = page;
        s.rect.1 += y;
        out.slots.push(s);
    }
    for l in &row.links {
        let mut l = l.clone();
        l.page = page;
        l.rect.1 += y;
        out.links.push(l);
    }
}

#[cfg(test)]
mod tests {
    use super::super::{Element, Mark};
    use super::*;

    fn row(h: f32, keep: bool) -> Row {
        Row {
            height: h,
            keep_with_next: keep,
            elements: vec![Element::Rule {
                from: (0.0, 0.0),
                to: (1.0, 0.0),
                width: 1.0,
            }],
            ..Default::default()
        }
    }

    fn tops(f: &Flowed) -> Vec<usize> {
        f.pages.iter().map(|p| p.elements.len()).collect()
    }

    const FRAME: Frame = Frame {
        top: 0.0,
        bottom: 100.0,
    };

    #[test]
    fn rows_fill_pages_in_order() {
        let rows: Vec<Row> = (0..25).map(|_| row(10.0, false)).collect();
        let f = paginate(&rows, &[], FRAME);
        assert_eq!(tops(&f), vec![10, 10, 5]);
    }

    #[test]
    fn a_heading_is_never_last_on_a_page() {
        let mut rows: Vec<Row> = (0..9).map(|_| row(10.0, false)).collect();
        rows.push(row(10.0, true)); // heading at the bottom of page 1 …
        rows.push(row(10.0, false)); // … moves to page 2 with its first line
        let f = paginate(&rows, &[], FRAME);
        assert_eq!(tops(&f), vec![9, 2]);
    }

    #[test]
    fn nothing_is_placed_below_the_frame() {
        let rows: Vec<Row> = (0..40)
            .map(|i| row(7.0 + (i % 5) as f32, i % 3 == 0))
            .collect();
        let f = paginate(&rows, &[], FRAME);
        for p in &f.pages {
            for e in &p.elements {
                let Element::Rule { from, .. } = e else {
                    unreachable!()
                };
                assert!(from.1 <= 100.0);
            }
        }
        assert_eq!(f.pages.iter().map(|p| p.elements.len()).sum::<usize>(), 40);
    }

    #[test]
    fn a_page_break_and_a_row_at_the_foot() {
        let mut rows: Vec<Row> = (0..3).map(|_| row(10.0, false)).collect();
        rows[1].at_foot = true;
        rows[2].break_before = true;
        let f = paginate(&rows, &[], FRAME);
        assert_eq!(tops(&f), vec![2, 1]);
        let Element::Rule { from, .. } = &f.pages[0].elements[1] else {
            unreachable!()
        };
        assert_eq!(from.1, 90.0, "the foot row ends at the frame's bottom");
    }

    #[test]
    fn no_continuation_line_above_only_withheld_space() {
        let forts = row(10.0, false);
        let mut rows: Vec<Row> = (0..12).map(|_| row(10.0, false)).collect();
        for r in &mut rows[1..] {
            r.continues = Some(0);
        }
        // The last three rows stand for withheld content: kept space, nothing drawn.
        for r in &mut rows[9..] {
            r.elements.clear();
        }
        let f = paginate(&rows, std::slice::from_ref(&forts), FRAME);
        assert_eq!(
            tops(&f),
            vec![9, 0],
            "page 2 holds neither text nor a '(forts.)'"
        );
        // With content after the space, the continuation line is there.
        rows.push(Row {
            continues: Some(0),
            ..row(10.0, false)
        });
        let f = paginate(&rows, &[forts], FRAME);
        assert_eq!(tops(&f), vec![9, 2]);
    }

    #[test]
    fn table_headers_repeat_as_artifacts() {
        let header = Row {
            height: 10.0,
            elements: vec![Element::Logo {
                at: (0.0, 0.0),
                size: (1.0, 1.0),
                mark: Mark::Content(0),
                origin: None,
            }],
            ..Default::default()
        };
        let mut rows = vec![header.clone()];
        for _ in 0..15 {
            let mut r = row(10.0, false);
            r.table = Some(0);
            rows.push(r);
        }
        let f = paginate(&rows, &[header], FRAME);
        assert_eq!(f.pages.len(), 2);
        let Element::Logo { mark, .. } = &f.pages[1].elements[0] else {
            panic!()
        };
        assert!(matches!(mark, Mark::Artifact(_)));
        assert_eq!(f.pages[1].elements.len(), 7); // header + 6 rows
    }
}
