//! Swedish wording of dates and times ("25 september 2020", "kl. 9.00"), and the few fixed
//! Swedish texts that are not layout labels (the PDF's metadata, the embedded files'
//! descriptions, the signature fields' names), in one place so that no other module writes
//! Swedish by itself.

use chrono::{Datelike, NaiveDate, NaiveTime, Timelike};

const MONTHS: [&str; 12] = [
    "januari",
    "februari",
    "mars",
    "april",
    "maj",
    "juni",
    "juli",
    "augusti",
    "september",
    "oktober",
    "november",
    "december",
];

/// "25 september 2020".
#[must_use]
pub fn long_date(date: NaiveDate) -> String {
    format!(
        "{} {} {}",
        date.day(),
        MONTHS[date.month0() as usize],
        date.year()
    )
}

/// "2020-09-25", the form used in page headers and registers.
#[must_use]
pub fn iso_date(date: NaiveDate) -> String {
    date.format("%Y-%m-%d").to_string()
}

/// "9.00", "13.30": Swedish clock time with a point, hours without a leading zero.
#[must_use]
pub fn clock(time: NaiveTime) -> String {
    format!("{}.{:02}", time.hour(), time.minute())
}

/// Item numbers as compact ranges: "45–48, 50" (runs of consecutive numbers joined by an en
/// dash). Used for the paragraph range in the signature block, the notice, partial
/// attendance, diagnostics and the metadata.
#[must_use]
pub fn number_ranges(numbers: &[u32]) -> String {
    let mut ranges: Vec<(u32, u32)> = Vec::new();
    for &n in numbers {
        match ranges.last_mut() {
            Some((_, end)) if *end + 1 == n => *end = n,
            // Sub-paragraphs (196 a, 196 b) share their number.
            Some((_, end)) if *end == n => {}
            _ => ranges.push((n, n)),
        }
    }
    ranges
        .iter()
        .map(|(a, b)| {
            if a == b {
                a.to_string()
            } else {
                format!("{a}–{b}")
            }
        })
        .collect::<Vec<_>>()
        .join(", ")
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm of Meeus,
/// Jones and Butcher), from which the movable Swedish holidays follow.
#[must_use]
pub fn easter_sunday(year: i32) -> NaiveDate {
    let a = year.rem_euclid(19);
    let b = year.div_euclid(100);
    let c = year.rem_euclid(100);
    let d = b / 4;
    let e = b % 4;
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let i = c / 4;
    let k = c % 4;
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    NaiveDate::from_ymd_opt(year, month.cast_unsigned(), day.cast_unsigned())
        .expect("Easter is a real date")
}

/// Whether a time limit that ends on `date` runs on to the next day (lag (1930:173) om
/// beräkning av lagstadgad tid): Saturdays, Sundays and other allmänna helgdagar (lag
/// (1989:253)), midsommarafton, julafton and nyårsafton.
#[must_use]
pub fn extends_time_limit(date: NaiveDate) -> bool {
    use chrono::Weekday;
    if matches!(date.weekday(), Weekday::Sat | Weekday::Sun) {
        return true;
    }
    let easter = easter_sunday(date.year());
    let from_easter = (date - easter).num_days();
    // Långfredagen, annandag påsk, Kristi himmelsfärdsdag (påskdagen and pingstdagen are
    // Sundays).
    if matches!(from_easter, -2 | 1 | 39) {
        return true;
    }
    let (m, d) = (date.month(), date.day());
    // Nyårsdagen, trettondedag jul, första maj, nationaldagen, julafton, juldagen, annandag
    // jul, nyårsafton; midsommarafton is the Friday of 19–25 June (midsommardagen and alla
    // helgons dag are Saturdays).
    matches!(
        (m, d),
        (1, 1) | (1, 6) | (5, 1) | (6, 6) | (12, 24) | (12, 25) | (12, 26) | (12, 31)
    ) || (m == 6 && (19..=25).contains(&d) && date.weekday() == Weekday::Fri)
}

/// The appeal period (överklagandetid, kommunallagen 13 kap. 5 §): three weeks from the day
/// the notice is posted; [`last_day_of_appeal`] moves its end past holidays.
pub const APPEAL_DAYS: u64 = 21;

/// The last day of appeal for a decision whose adjustment was posted on `posted`: three
/// weeks from the posting day (kommunallagen 13 kap. 5 §), moved on to the next weekday that
/// is no holiday when it ends on one (lag (1930:173)).
#[must_use]
pub fn last_day_of_appeal(posted: NaiveDate) -> NaiveDate {
    let mut day = posted + chrono::Days::new(APPEAL_DAYS);
    while extends_time_limit(day) {
        day = day + chrono::Days::new(1);
    }
    day
}

/// The last day the adjustment may be announced on the notice board: the second day after
/// the adjustment (kommunallagen 8 kap. 12 §), moved on past holidays (lag (1930:173)).
#[must_use]
pub fn latest_posting(adjusted: NaiveDate) -> NaiveDate {
    let mut day = adjusted + chrono::Days::new(2);
    while extends_time_limit(day) {
        day = day + chrono::Days::new(1);
    }
    day
}

/// The first day the notice may be taken down: the day after the last day of appeal
/// (kommunallagen 8 kap. 12 §: not before the appeal time has run out).
#[must_use]
pub fn earliest_take_down(posted: NaiveDate) -> NaiveDate {
    last_day_of_appeal(posted) + chrono::Days::new(1)
}

/// A generated sentence ends with a full stop (or the `!`, `?` or `:` the text already has).
#[must_use]
pub fn sentence(text: &str) -> String {
    let t = text.trim_end();
    match t.chars().last() {
        None => String::new(),
        Some('.' | '!' | '?' | ':' | '…') => t.to_string(),
        Some(_) => format!("{t}."),
    }
}

/// Fills `{text}` in `template` without repeating the words just before it that the text
/// already starts with: "reserverar sig till förmån för {text}" with "till förmån för eget
/// yrkande" reads "… reserverar sig till förmån för eget yrkande", not "… för till förmån för …".
pub fn fill_text(template: &str, text: &str) -> String {
    let Some(at) = template.find("{text}") else {
        return template.to_string();
    };
    let before: Vec<&str> = template[..at].split_whitespace().collect();
    let text = text.trim();
    let mut rest = text;
    // The longest run of the template's last words that the text repeats at its start.
    for k in (1..=before.len().min(6)).rev() {
        let phrase = before[before.len() - k..].join(" ");
        if let Some(head) = rest.get(..phrase.len()) {
            let boundary = rest[phrase.len()..]
                .chars()
                .next()
                .is_none_or(char::is_whitespace);
            if boundary
                && head.to_lowercase() == phrase.to_lowercase()
                && phrase.chars().any(char::is_alphabetic)
            {
                rest = rest[phrase.len()..].trim_start();
                break;
            }
        }
    }
    template.replacen("{text}", rest, 1)
}

/// The language of every document, as a BCP 47 tag (the PDF's /Lang and XMP dc:language).
pub const LANGUAGE_TAG: &str = "sv-SE";

/// The description of the embedded meeting description (`--embed-source`).
pub const SOURCE_DESCRIPTION: &str =
    "Mötesbeskrivningen som protokollet är framställt ur (protokoll, format 1)";

/// The PDF's description (XMP dc:description): what the document is ("Protokoll",
/// "Protokollsutdrag", "Anslag"), organ, organisation, meeting date and its paragraphs.
#[must_use]
pub fn pdf_description(
    kind: &str,
    body: &str,
    organisation: &str,
    date: &str,
    items: &str,
) -> String {
    format!("{kind}, {body}, {organisation}, sammanträde {date}, {items}")
}

/// The paragraph range as a keyword: "paragrafer 45–48".
#[must_use]
pub fn paragraphs_keyword(range: &str) -> String {
    format!("paragrafer {range}")
}

/// The file name of an embedded attachment: "bilaga-3-budget.xlsx".
#[must_use]
pub fn attachment_file_name(number: u32, name: &str) -> String {
    format!("bilaga-{number}-{name}")
}

/// The description of an embedded attachment: "Bilaga 3: Budget 2025".
#[must_use]
pub fn attachment_description(number: u32, title: &str) -> String {
    format!("Bilaga {number}: {title}")
}

/// A signature field's alternate text: "Signaturfält: Justerare, Sven Öberg".
#[must_use]
pub fn signature_field_alt(role: &str, signer: &str) -> String {
    format!("Signaturfält: {role}, {signer}")
}

/// The first line a signed field shows: "Digitalt signerat av Sven Öberg".
#[must_use]
pub fn signed_by(signer: &str) -> String {
    format!("Digitalt signerat av {signer}")
}

/// What the archive package holds, and the type of each protocol in it (dc:type).
pub const PACKAGE_CONTENT: &str = "Sammanträdesprotokoll";

/// The content of the PDF representation of an archive package.
pub const PACKAGE_PDF_CONTENT: &str = "Sammanträdesprotokoll, PDF/A (ISO 19005) and PDF/UA";

/// The label of the PDF representation of an archive package.
pub const PACKAGE_PDF_LABEL: &str = "Protokoll som PDF/A";

/// The label of the source representation of an archive package.
pub const PACKAGE_SOURCE_LABEL: &str =
    "Mötesbeskrivningar (JSON) som protokollen är framställda ur";

/// A protocol's title in the archive package: "Protokoll, Kommunstyrelsen, 2024-03-12".
#[must_use]
pub fn package_title(body: &str, meeting_date: &str) -> String {
    format!("Protokoll, {body}, {meeting_date}")
}

/// The archive package's documentation file: what the package holds, folder by folder.
#[must_use]
pub fn package_documentation(program: &str, version: &str, protocols: usize) -> String {
    format!(
        "Överföringspaket (E-ARK SIP 2.1.0 / CSIP 2.1.0, FGS Paketstruktur 2.0) från \
         {program} {version}.\n\n\
         {protocols} sammanträdesprotokoll.\n\
         representations/pdfa/data/  protokollen som PDF/A (arkivformatet)\n\
         representations/json/data/  mötesbeskrivningarna (JSON) som protokollen framställts ur\n\
         metadata/descriptive/       Dublin Core per protokoll (organ, datum, paragrafer, \
         justering, undertecknare)\n\
         metadata/preservation/      PREMIS: kontrollsummor, format, framställning\n\
         schemas/                    METS-, XLink- och DILCIS-scheman\n"
    )
}

/// Parses `YYYY-MM-DD` strictly (four-digit year, two-digit month and day).
#[must_use]
pub fn parse_date(s: &str) -> Option<NaiveDate> {
    let b = s.as_bytes();
    if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
        return None;
    }
    NaiveDate::parse_from_str(s, "%Y-%m-%d").ok()
}

/// Parses `HH:MM` (24 h) strictly.
#[must_use]
pub fn parse_time(s: &str) -> Option<NaiveTime> {
    let b = s.as_bytes();
    if b.len() != 5 || b[2] != b':' {
        return None;
    }
    NaiveTime::parse_from_str(s, "%H:%M").ok()
}

/// "§ 48–49", "§ 48-49", "§ 48, 49" and "§ 48 och 49" as Swedish writes several paragraphs:
/// "§§ 48–49" (a range with an en dash). Text without such a range is returned as it is.
#[must_use]
pub fn paragraph_signs(text: &str) -> std::borrow::Cow<'_, str> {
    if !text.contains('§') {
        return text.into();
    }
    let mut out = String::with_capacity(text.len() + 4);
    let mut rest = text;
    let mut changed = false;
    while let Some(at) = rest.find('§') {
        let (before, from) = rest.split_at(at);
        out.push_str(before);
        let after = &from['§'.len_utf8()..];
        let single = !out.ends_with('§') && !after.starts_with('§');
        match several_after_sign(after).filter(|_| single) {
            Some((len, range)) => {
                out.push_str("§§");
                let written = &after[..len];
                if range {
                    out.push_str(&written.replacen('-', "–", 1));
                } else {
                    out.push_str(written);
                }
                rest = &after[len..];
                changed = true;
            }
            None => {
                out.push('§');
                rest = after;
                // "§§ 101-102" gets the range's dash as "§ 98-99" does.
                if out.ends_with("§§") {
                    if let Some((len, true)) = several_after_sign(after) {
                        out.push_str(&after[..len].replacen('-', "–", 1));
                        rest = &after[len..];
                        changed = true;
                    }
                }
            }
        }
    }
    out.push_str(rest);
    if changed {
        out.into()
    } else {
        text.into()
    }
}

/// After a single "§": " 48–49", " 48-49", " 48, 49", " 48 och 49" — the length of that
/// text and whether it is a range.
fn several_after_sign(s: &str) -> Option<(usize, bool)> {
    let digits = |t: &str| t.bytes().take_while(u8::is_ascii_digit).count();
    let space = s.len() - s.trim_start_matches([' ', '\u{a0}']).len();
    if space == 0 {
        return None;
    }
    let first = digits(&s[space..]);
    if first == 0 {
        return None;
    }
    let at = space + first;
    for (joint, range) in [("–", true), ("-", true), (", ", false), (" och ", false)] {
        if let Some(tail) = s[at..].strip_prefix(joint) {
            let second = digits(tail);
            if second > 0 {
                return Some((at + joint.len() + second, range));
            }
        }
    }
    None
}

/// The alternate text of a link annotation (its /Contents): what a screen reader says.
#[must_use]
pub fn link_description(target: &str) -> String {
    match target.strip_prefix("mailto:") {
        Some(address) => format!("E-post till {address}"),
        None => format!("Länk till {target}"),
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_notice_is_posted_by_the_second_weekday_after_adjustment() {
        let d = |s: &str| super::parse_date(s).unwrap();
        for (adjusted, latest) in [
            ("2024-03-12", "2024-03-14"), // Tuesday → Thursday
            ("2024-03-15", "2024-03-18"), // Friday → Sunday → Monday
            ("2024-03-27", "2024-04-02"), // before Easter: långfredag, påsk, annandag påsk
            ("2025-06-18", "2025-06-23"), // midsommarafton 20 June, then the weekend
            ("2025-12-22", "2025-12-29"), // julafton, juldagen, annandag jul, weekend
        ] {
            assert_eq!(super::latest_posting(d(adjusted)), d(latest), "{adjusted}");
        }
    }

    #[test]
    fn several_paragraphs_take_two_signs() {
        for (typed, printed) in [
            (
                "samhällsbyggnadschef, § 48–49",
                "samhällsbyggnadschef, §§ 48–49",
            ),
            ("§ 48-49 och § 51", "§§ 48–49 och § 51"),
            ("§ 3, 5", "§§ 3, 5"),
            ("§ 3 och 5 samt § 7", "§§ 3 och 5 samt § 7"),
            ("§§ 48–49", "§§ 48–49"),
            ("KSAU §§ 101-102 och § 110", "KSAU §§ 101–102 och § 110"),
            ("§§ 3, 5", "§§ 3, 5"),
            ("§ 45", "§ 45"),
            (
                "23 kap. 2 § offentlighets- och sekretesslagen",
                "23 kap. 2 § offentlighets- och sekretesslagen",
            ),
            ("§ 4, punkt 2", "§ 4, punkt 2"),
            ("§", "§"),
        ] {
            assert_eq!(paragraph_signs(typed), printed, "{typed}");
        }
    }
    use super::*;

    #[test]
    fn formats_the_seed_dates() {
        let d = parse_date("2020-09-25").unwrap();
        assert_eq!(long_date(d), "25 september 2020");
        assert_eq!(clock(parse_time("09:00").unwrap()), "9.00");
        assert_eq!(clock(parse_time("11:20").unwrap()), "11.20");
    }

    #[test]
    fn number_ranges_are_compact() {
        assert_eq!(number_ranges(&[45, 46, 47, 48, 50]), "45–48, 50");
        assert_eq!(number_ranges(&[1, 2, 3, 4, 5, 6, 7, 8, 9]), "1–9");
        assert_eq!(number_ranges(&[7]), "7");
        assert_eq!(number_ranges(&[]), "");
    }

    fn date(s: &str) -> NaiveDate {
        parse_date(s).unwrap()
    }

    #[test]
    fn easter_falls_on_the_known_sundays() {
        for (year, easter) in [
            (2000, "2000-04-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(year), date(easter), "{year}");
        }
    }

    /// (posted, last day of appeal, take-down): the expected dates written out by hand.
    const APPEALS: [(&str, &str, &str); 10] = [
        // An ordinary Tuesday three weeks on.
        ("2024-03-19", "2024-04-09", "2024-04-10"),
        // Ends on a Saturday: to Monday.
        ("2024-03-16", "2024-04-08", "2024-04-09"),
        // Ends on Långfredagen 2024: past påskafton, påskdagen, annandag påsk.
        ("2024-03-08", "2024-04-02", "2024-04-03"),
        // Ends on annandag påsk 2025.
        ("2025-03-31", "2025-04-22", "2025-04-23"),
        // Ends on Kristi himmelsfärdsdag 2024 (Thursday 9 May).
        ("2024-04-18", "2024-05-10", "2024-05-11"),
        // Ends on midsommarafton 2024 (Friday 21 June): past midsommardagen and Sunday.
        ("2024-05-31", "2024-06-24", "2024-06-25"),
        // Midsommarafton 2026 is Friday 19 June.
        ("2026-05-29", "2026-06-22", "2026-06-23"),
        // Ends on julafton 2024: past juldagen and annandag jul to Friday 27 December.
        ("2024-12-03", "2024-12-27", "2024-12-28"),
        // Ends on nyårsafton 2025: past nyårsdagen to Friday 2 January 2026.
        ("2025-12-10", "2026-01-02", "2026-01-03"),
        // Ends on nationaldagen 2025 (Friday 6 June): past the weekend.
        ("2025-05-16", "2025-06-09", "2025-06-10"),
    ];

    #[test]
    fn the_last_day_of_appeal_follows_lag_1930_173() {
        for (posted, last, down) in APPEALS {
            assert_eq!(
                last_day_of_appeal(date(posted)),
                date(last),
                "posted {posted}"
            );
            assert_eq!(
                earliest_take_down(date(posted)),
                date(down),
                "posted {posted}"
            );
        }
    }

    #[test]
    fn the_holidays_of_a_year() {
        let year: Vec<NaiveDate> = date("2026-01-01")
            .iter_days()
            .take_while(|d| d.year() == 2026)
            .filter(|d| extends_time_limit(*d))
            .filter(|d| !matches!(d.weekday(), chrono::Weekday::Sat | chrono::Weekday::Sun))
            .collect();
        let expected: Vec<NaiveDate> = [
            "2026-01-01",
            "2026-01-06",
            "2026-04-03",
            "2026-04-06",
            "2026-05-01",
            "2026-05-14",
            "2026-06-19",
            "2026-12-24",
            "2026-12-25",
            "2026-12-31",
        ]
        .map(date)
        .to_vec();
        // 6 June and 26 December 2026 are a Saturday.
        assert_eq!(year, expected);
    }

    #[test]
    fn sentences_are_not_doubled_and_end_with_a_full_stop() {
        let t = "{by} reserverar sig till förmån för {text}";
        assert_eq!(
            sentence(&fill_text(t, "till förmån för eget yrkande om återremiss")),
            "{by} reserverar sig till förmån för eget yrkande om återremiss."
        );
        assert_eq!(
            sentence(&fill_text(t, "Till förmån för eget yrkande.")),
            "{by} reserverar sig till förmån för eget yrkande."
        );
        // Only whole words count: "förslaget" is not "för".
        assert_eq!(
            fill_text("{by} yrkar bifall för {text}", "förslaget"),
            "{by} yrkar bifall för förslaget"
        );
        // A proposal typed with its own verb does not get a second one.
        assert_eq!(
            fill_text("{by} yrkar {text}", "yrkar återremiss"),
            "{by} yrkar återremiss"
        );
        assert_eq!(sentence("Beslutet gäller."), "Beslutet gäller.");
        assert_eq!(sentence("Följande:"), "Följande:");
    }

    #[test]
    fn refuses_loose_dates() {
        assert!(parse_date("2020-9-25").is_none());
        assert!(parse_date("2020-02-30").is_none());
        assert!(parse_date("25/09/2020").is_none());
        assert!(parse_time("9:00").is_none());
        assert!(parse_time("24:00").is_none());
    }
}
