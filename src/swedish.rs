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

/// The language of every document, as a BCP 47 tag (the PDF's /Lang and XMP dc:language).
pub const LANGUAGE_TAG: &str = "sv-SE";

/// The description of the embedded meeting description (`--embed-source`).
pub const SOURCE_DESCRIPTION: &str =
    "Mötesbeskrivningen som protokollet är framställt ur (protokoll, format 1)";

/// The first keyword of every document.
pub const KEYWORD: &str = "protokoll";

/// The PDF's description (XMP dc:description): organ, organisation, date and paragraphs.
#[must_use]
pub fn pdf_description(body: &str, organisation: &str, date: &str, range: &str) -> String {
    format!("Protokoll, {body}, {organisation}, sammanträde {date}, paragrafer {range}")
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

#[cfg(test)]
mod tests {
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

    #[test]
    fn refuses_loose_dates() {
        assert!(parse_date("2020-9-25").is_none());
        assert!(parse_date("2020-02-30").is_none());
        assert!(parse_date("25/09/2020").is_none());
        assert!(parse_time("9:00").is_none());
        assert!(parse_time("24:00").is_none());
    }
}
