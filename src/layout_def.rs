//! Layout definitions: the declarative TOML files in `layouts/` (built in) or a user's own.
//!
//! A layout says how a protocol looks and speaks: page geometry, fonts and sizes, every label
//! text, the numbering style, and the order of the blocks on the front page, in each item and
//! at the end. It cannot leave a block out: every field of the input must reach the PDF, so a
//! layout that omits a block is refused. Unknown keys are refused too, with the key's name.

use crate::error::Error;
use crate::fonts::Family;
use crate::model::NumberingStyle;
use serde::Deserialize;
use std::sync::OnceLock;

/// The built-in layouts: name and TOML text.
pub const BUILTIN: [(&str, &str); 3] = [
    ("kommun", include_str!("../layouts/kommun.toml")),
    (
        "kommunfullmaktige",
        include_str!("../layouts/kommunfullmaktige.toml"),
    ),
    ("samverkan", include_str!("../layouts/samverkan.toml")),
];

/// A parsed, checked layout.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct LayoutDef {
    /// The layout's name, recorded in the PDF's metadata.
    pub name: String,
    /// Page geometry.
    #[serde(default)]
    pub page: PageGeometry,
    /// Typeface families.
    #[serde(default)]
    pub fonts: Fonts,
    /// Font sizes in points.
    #[serde(default)]
    pub sizes: Sizes,
    /// Default numbering style (the input may override it).
    #[serde(default = "default_numbering")]
    pub numbering: NumberingStyle,
    /// Label texts.
    #[serde(default)]
    pub labels: Labels,
    /// Block order.
    #[serde(default)]
    pub blocks: Blocks,
    /// Rules of the meeting form.
    #[serde(default)]
    pub rules: Rules,
    /// Form of the signature block, the attendance lists, the footer and the notice.
    #[serde(default)]
    pub style: Style,
}

/// A signer in the signature block.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Signer {
    /// Ordförande.
    Chair,
    /// Every adjuster, in order.
    Adjusters,
    /// Sekreterare.
    Secretary,
}

/// How the signature block is drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SignatureForm {
    /// Two columns of lines with name and role below each (joint councils).
    Grid,
    /// One row per signer: role at the left, the line, the name below it; the paragraph
    /// range at the right ("Underskrifter … Paragrafer §§ 45–53", the municipal form).
    Rows,
}

/// How the notice (anslag) is shown at the end of the protocol.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum NoticeForm {
    /// Label–value lines, only when the input has a notice.
    Lines,
    /// The ANSLAG/BEVIS box, always, with empty lines where the input has no value.
    Box,
}

/// Form of the parts that differ between kinds of protocol.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Style {
    /// Signature block form.
    pub signatures: SignatureForm,
    /// Order of the signers.
    pub signature_order: Vec<Signer>,
    /// Serving substitutes in a table of their own under "Tjänstgörande ersättare".
    pub split_serving_substitutes: bool,
    /// The running footer with "Ordf sign" and "Just sign" boxes and "Utdragsbestyrkande".
    pub footer: bool,
    /// Notice form.
    pub notice: NoticeForm,
    /// Paragraphs of up to this many lines are never split across pages (0: split any
    /// paragraph of four lines or more, keeping two lines on each side).
    pub keep_paragraphs: usize,
    /// One front page that is signed and posted: the front blocks on page 1 (a notice at
    /// its foot), attendance that does not fit on a närvarolista page right after it, and
    /// the first item on a new page.
    pub front_page: bool,
    /// The chair's role ("ordförande") in the attendance lists; off where the chair is
    /// named only at the signature (the council's protocol lists the chair as a member).
    pub chair_role_in_attendance: bool,
}

impl Default for Style {
    fn default() -> Self {
        Self {
            signatures: SignatureForm::Rows,
            signature_order: vec![Signer::Secretary, Signer::Chair, Signer::Adjusters],
            split_serving_substitutes: true,
            footer: true,
            notice: NoticeForm::Box,
            keep_paragraphs: 0,
            front_page: false,
            chair_role_in_attendance: true,
        }
    }
}

fn default_numbering() -> NumberingStyle {
    NumberingStyle::Paragraph
}

/// Page size and margins, in millimetres.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct PageGeometry {
    /// Page width (A4: 210).
    pub width_mm: f32,
    /// Page height (A4: 297).
    pub height_mm: f32,
    /// Top margin, above the page header block.
    pub margin_top_mm: f32,
    /// Bottom margin.
    pub margin_bottom_mm: f32,
    /// Left margin.
    pub margin_left_mm: f32,
    /// Right margin.
    pub margin_right_mm: f32,
}

impl Default for PageGeometry {
    fn default() -> Self {
        Self {
            width_mm: 210.0,
            height_mm: 297.0,
            margin_top_mm: 15.0,
            margin_bottom_mm: 20.0,
            margin_left_mm: 25.0,
            margin_right_mm: 20.0,
        }
    }
}

/// Typeface families.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Fonts {
    /// Running text.
    pub body: Family,
    /// Title and headings.
    pub headings: Family,
    /// The page header block.
    pub header: Family,
}

impl Default for Fonts {
    fn default() -> Self {
        Self {
            body: Family::Serif,
            headings: Family::Sans,
            header: Family::Sans,
        }
    }
}

/// Font sizes in points.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Sizes {
    /// Running text.
    pub body: f32,
    /// Small labels (page header labels, table headers).
    pub small: f32,
    /// Page header values.
    pub header: f32,
    /// Document title.
    pub title: f32,
    /// Item titles.
    pub heading: f32,
    /// Block headings inside an item ("Beslut").
    pub subheading: f32,
    /// Line height as a multiple of the font size.
    pub line_height: f32,
}

impl Default for Sizes {
    fn default() -> Self {
        Self {
            body: 11.0,
            small: 7.5,
            header: 9.5,
            title: 15.0,
            heading: 12.0,
            subheading: 11.0,
            line_height: 1.3,
        }
    }
}

/// Rules of the meeting form.
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Rules {
    /// A chair or adjuster who is not among the members is only a warning (joint councils
    /// and committees may have an outside chair).
    pub allow_outside_chair: bool,
}

/// A block of the front page.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum FrontBlock {
    /// Document title.
    Title,
    /// Date, time, breaks and place.
    Meeting,
    /// Signature lines, adjusters and adjustment.
    Signatures,
    /// Attendance tables.
    Attendance,
    /// The notice (ANSLAG/BEVIS box), when it belongs on the front page; then it is not
    /// listed in `end`.
    Notice,
    /// Innehållsförteckning (format 1.1; optional, on a page of its own).
    Toc,
    /// Närvaro- och omröstningslista (format 1.1; optional, on a page of its own).
    VotesSheet,
}

/// A block of an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum ItemBlock {
    /// Ärendebeskrivning.
    Text,
    /// Beslutsunderlag.
    Basis,
    /// Yrkanden.
    Proposals,
    /// Beslutsgång.
    Procedure,
    /// Omröstningar.
    Votes,
    /// Beslut.
    Decision,
    /// Reservationer.
    Reservations,
    /// Protokollsanteckningar.
    Notes,
    /// Jäv.
    Conflicts,
    /// Omedelbar justering.
    ImmediatelyAdjusted,
    /// Beslutet skickas till.
    SendTo,
    /// Bilagor.
    Attachments,
    /// Sekretess note.
    Confidential,
}

impl ItemBlock {
    /// Every item block, in the default order.
    pub const ALL: [ItemBlock; 13] = [
        ItemBlock::Confidential,
        ItemBlock::Text,
        ItemBlock::Basis,
        ItemBlock::Proposals,
        ItemBlock::Procedure,
        ItemBlock::Votes,
        ItemBlock::Decision,
        ItemBlock::Reservations,
        ItemBlock::Notes,
        ItemBlock::Conflicts,
        ItemBlock::ImmediatelyAdjusted,
        ItemBlock::SendTo,
        ItemBlock::Attachments,
    ];
}

impl FrontBlock {
    /// Every front-page block, in the default order.
    pub const ALL: [FrontBlock; 4] = [
        FrontBlock::Title,
        FrontBlock::Meeting,
        FrontBlock::Signatures,
        FrontBlock::Attendance,
    ];
}

impl EndBlock {
    /// Every closing block, in the default order.
    pub const ALL: [EndBlock; 2] = [EndBlock::AttachmentList, EndBlock::Notice];
}

/// A block after the last item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EndBlock {
    /// Bilageförteckning.
    AttachmentList,
    /// Anslag.
    Notice,
    /// Innehållsförteckning (format 1.1; optional, on a page of its own).
    Toc,
    /// Närvaro- och omröstningslista (format 1.1; optional, on a page of its own).
    VotesSheet,
}

/// Which blocks appear in which order. Every block must be listed once.
#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct Blocks {
    /// Front page.
    pub front: Vec<FrontBlock>,
    /// Each item.
    pub item: Vec<ItemBlock>,
    /// After the last item.
    pub end: Vec<EndBlock>,
}

impl Default for Blocks {
    fn default() -> Self {
        Self {
            front: FrontBlock::ALL.to_vec(),
            item: ItemBlock::ALL.to_vec(),
            end: EndBlock::ALL.to_vec(),
        }
    }
}

macro_rules! labels {
    (
        $( $(#[doc = $doc:literal])* $key:ident = $default:literal ),* $(,)?
        ;
        $( $(#[doc = $doc11:literal])* $key11:ident = $default11:literal ),* $(,)?
    ) => {
        /// Every text the layout prints that does not come from the input. Placeholders in
        /// braces (`{page}`) are filled in; a missing key takes the municipal default.
        #[derive(Clone, Deserialize)]
        #[serde(deny_unknown_fields, default)]
        pub struct Labels {
            $( $(#[doc = $doc])* pub $key: String, )*
            $( $(#[doc = $doc11])* pub $key11: String, )*
        }

        impl Default for Labels {
            fn default() -> Self {
                Self {
                    $( $key: $default.to_string(), )*
                    $( $key11: $default11.to_string(), )*
                }
            }
        }

        /// As derived, except that a label of format 1.1 is written only when it differs
        /// from its default: the document id hashes this text, and a layout that does not
        /// change the new labels keeps the ids (and so the bytes) of its documents.
        impl std::fmt::Debug for Labels {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                let mut d = f.debug_struct("Labels");
                $( d.field(stringify!($key), &self.$key); )*
                $( if self.$key11 != $default11 { d.field(stringify!($key11), &self.$key11); } )*
                d.finish()
            }
        }

        impl Labels {
            /// Every label as (key, text).
            pub fn entries(&self) -> Vec<(&'static str, &str)> {
                vec![
                    $( (stringify!($key), self.$key.as_str()), )*
                    $( (stringify!($key11), self.$key11.as_str()), )*
                ]
            }
        }

        /// Every label key with its documentation, which names its placeholders.
        const LABEL_DOCS: &[(&str, &str)] = &[
            $( (stringify!($key), concat!($($doc, )* "")), )*
            $( (stringify!($key11), concat!($($doc11, )* "")), )*
        ];

        /// Every label key with its default, for the documentation.
        pub const LABEL_DEFAULTS: &[(&str, &str)] = &[
            $( (stringify!($key), $default), )*
            $( (stringify!($key11), $default11), )*
        ];
    };
}

labels! {
    /// Page number in the header: `{page}`, `{pages}`.
    page_of = "Sida {page} av {pages}",
    /// Header label for the office.
    office = "Tjänsteställe",
    /// Header label and signature role for the secretary.
    secretary = "Sekreterare",
    /// Header label for the meeting date.
    meeting_date = "Sammanträdesdatum",
    /// Default title: `{body}`.
    title = "Protokoll {body}",
    /// Between a label and its value.
    separator = ": ",
    /// Label of the date and time line.
    date_time = "Dag och tid",
    /// The time range: `{start}`, `{end}`.
    time_range = "kl. {start}–{end}",
    /// Label of breaks.
    breaks = "Ajournering",
    /// Label of the place.
    place = "Plats",
    /// Signature role of the chair.
    chair = "Ordförande",
    /// Signature role of an adjuster, and label of the adjusters line.
    adjuster = "Justerare",
    /// Label of the adjustment date (empty line when not yet adjusted).
    adjusted_on = "Justerat den",
    /// Label of the adjustment place.
    adjustment_place = "Justeringens plats",
    /// Heading of the signature block.
    signatures = "Underskrifter",
    /// Heading of the members table.
    members = "Beslutande",
    /// Heading of the substitutes table.
    substitutes = "Ersättare",
    /// Heading of the absent members table.
    absent = "Frånvarande",
    /// Heading of the others table.
    others = "Övriga närvarande",
    /// Column: name.
    column_name = "Namn",
    /// Column: party.
    column_party = "Parti",
    /// Column: what a member represents.
    column_represents = "Företräder",
    /// Column: role, replacement and partial attendance.
    column_note = "Anmärkning",
    /// Column: organisation of others.
    column_organisation = "Organisation",
    /// Column: title of others.
    column_title = "Befattning",
    /// A serving substitute: `{name}`.
    replaces = "ersättare för {name}",
    /// Partial attendance: `{items}`.
    attends = "närvarande {items}",
    /// Paragraph sign for `paragraph` numbering.
    paragraph_sign = "§",
    /// Before a case number that lacks it.
    case_number = "Dnr",
    /// Heading: beslutsunderlag.
    basis = "Beslutsunderlag",
    /// Heading: yrkanden.
    proposals = "Yrkanden",
    /// Heading: a single yrkande.
    proposals_one = "Yrkande",
    /// One proposal: `{by}`, `{text}`.
    proposal = "{by} yrkar {text}",
    /// Heading: beslutsgång.
    procedure = "Beslutsgång",
    /// Heading: omröstning.
    votes = "Omröstning",
    /// What a yes means: `{text}`.
    vote_yes = "Ja-röst för {text}",
    /// What a no means: `{text}`.
    vote_no = "Nej-röst för {text}",
    /// Roll-call column: member.
    vote_member = "Ledamot",
    /// Roll-call column: yes.
    vote_answer_yes = "Ja",
    /// Roll-call column: no.
    vote_answer_no = "Nej",
    /// Roll-call column: abstain.
    vote_answer_abstain = "Avstår",
    /// The mark in a roll-call cell.
    vote_mark = "X",
    /// Result line: `{yes}`, `{no}`, `{abstain}`.
    vote_result = "Omröstningsresultat: {yes} ja, {no} nej, {abstain} avstår",
    /// Heading: beslut.
    decision = "Beslut",
    /// Heading: one reservation.
    reservations = "Reservation",
    /// Heading: several reservations.
    reservations_many = "Reservationer",
    /// A reservation with text: `{by}`, `{text}` (words the text repeats from just before
    /// `{text}` are not doubled; a full stop is added).
    reservation_for = "{by} reserverar sig till förmån för {text}",
    /// A reservation without text: `{by}`.
    reservation = "{by} reserverar sig mot beslutet.",
    /// Heading: one protokollsanteckning.
    notes = "Protokollsanteckning",
    /// Heading: several protokollsanteckningar.
    notes_many = "Protokollsanteckningar",
    /// One note: `{by}`, `{text}`.
    note = "{by}: {text}",
    /// Heading: jäv.
    conflicts = "Jäv",
    /// Jäv, one sentence for everyone with the same jäv: `{name}` ("A, B och C").
    conflict = "{name} anmäler jäv och deltar inte i handläggningen.",
    /// Immediate adjustment.
    immediately_adjusted = "Paragrafen är omedelbart justerad.",
    /// Heading: beslutet skickas till.
    send_to = "Beslutet skickas till",
    /// Heading: one bilaga of an item.
    attachments = "Bilaga",
    /// Heading: several bilagor of an item.
    attachments_many = "Bilagor",
    /// An item in running text under plain numbering: `{n}`.
    item_reference = "punkt {n}",
    /// Attachment number: `{n}`.
    attachment_number = "Bilaga {n}",
    /// Heading of the closing attachment list.
    attachment_list = "Bilageförteckning",
    /// A confidential item in the full version: `{reason}`.
    confidential = "Sekretessmarkerat ärende. {reason}",
    /// Heading of the notice block.
    notice = "Anslag",
    /// Notice: date posted.
    notice_posted = "Datum för anslags uppsättande",
    /// Notice: date taken down.
    notice_removed = "Datum för anslags nedtagande",
    /// Notice: storage.
    notice_storage = "Förvaringsplats för protokollet",
    /// Place and time in one line; empty: separate `date_time` and `place` lines.
    place_and_time = "Plats och tid",
    /// Heading of the serving substitutes table.
    serving_substitutes = "Tjänstgörande ersättare",
    /// Label of the line naming the adjusters.
    appointed_adjusters = "Utses att justera",
    /// Place and time of adjustment in one line; empty: separate `adjusted_on` and
    /// `adjustment_place` lines.
    adjustment_place_and_time = "Justeringens plats och tid",
    /// Heading of the attendance page after a one-page front page.
    attendance_list = "Närvarolista",
    /// On the front page, when the attendance is on the närvarolista: `{page}`.
    see_attendance_list = "Se närvarolista, sidan {page}",
    /// Paragraph range beside the signatures: `{range}`.
    paragraphs = "Paragrafer {range}",
    /// Footer box for the chair's initials.
    footer_chair = "Ordf sign",
    /// Footer box for each adjuster's initials.
    footer_adjusters = "Just sign",
    /// Footer box for certifying extracts.
    footer_extract = "Utdragsbestyrkande",
    /// Heading of the notice box and of the notice document.
    notice_heading = "ANSLAG/BEVIS",
    /// First line of the notice, when the protocol is adjusted.
    notice_intro = "Protokollet är justerat. Justeringen har tillkännagivits genom anslag.",
    /// First line of the notice before adjustment.
    notice_intro_pending = "Justeringen tillkännages genom anslag. Datumen fylls i när protokollet har justerats.",
    /// Notice: the adjustment date.
    notice_adjusted = "Datum för justering",
    /// Notice: the organ.
    notice_body = "Organ",
    /// Notice: the meeting date.
    notice_meeting_date = "Sammanträdesdatum",
    /// Notice: the signature.
    notice_signature = "Underskrift",
    /// Notice document: last day to appeal.
    notice_appeal = "Sista dag för överklagande",
    /// Title of an extract: `{body}`.
    extract_title = "Utdrag ur protokoll, {body}",
    /// Heading of the certification at the end of an extract.
    extract_certification = "Utdragsbestyrkande",
    /// The certifying sentence of an extract.
    extract_certify = "Utdraget överensstämmer med originalprotokollet.",
    /// A confidential item in the public version: `{reason}`.
    confidential_public = "Ärendet omfattas av sekretess och redovisas inte i den offentliga versionen. {reason}",
    /// Metadata title of a protocol: `{body}`, `{date}`.
    metadata_protocol = "Protokoll {body} {date}",
    /// Metadata title of an extract: `{body}`, `{date}`, `{items}`.
    metadata_extract = "Protokollsutdrag {body} {date} {items}",
    /// Metadata title of a notice: `{body}`, `{date}`.
    metadata_notice = "Anslag om justering av protokoll {body} {date}",
    /// Kind of document in the metadata: a protocol.
    metadata_kind_protocol = "Protokoll",
    /// Kind of document in the metadata: an extract.
    metadata_kind_extract = "Protokollsutdrag",
    /// Kind of document in the metadata: a notice.
    metadata_kind_notice = "Anslag",
    /// On page 1 and in the metadata of the public version.
    public_version = "Offentlig version – uppgifter som omfattas av sekretess har utelämnats",
    /// On page 1 and in the metadata of a public version from which nothing was withheld.
    public_version_complete = "Offentlig version",
    /// The title (on page 1 and in the metadata) of the public version: `{title}`.
    public_title = "{title} – offentlig version",
    /// On page 1 and in the metadata of a full version with a confidential item.
    contains_secrets = "Innehåller uppgifter som omfattas av sekretess",
    /// At the top of a page that continues an item begun on an earlier page: `{number}`
    /// ("§ 48", or "Punkt 4" under plain numbering).
    item_continued = "{number} (forts.)",
    /// An extract of an adjusted protocol: label of the line naming the adjusters.
    extract_adjusters = "Justerare",
    /// An extract of an adjusted protocol: label of the line with the extract's paragraphs.
    extract_adjusted_paragraphs = "Justerade paragrafer",
    /// First line of the notice of an adjusted protocol whose posting date is not yet known.
    notice_intro_unposted = "Protokollet är justerat. Justeringen tillkännages genom anslag.",
    /// Joins the last two names of a list.
    and = "och",
    ;
    // Format 1.1 (docs/format.md, "Additions 1.1").
    /// Heading of a preparing body's proposal (format 1.1): `{body}`, the body's name in the genitive.
    committee_proposal = "{body} förslag",
    /// Heading: särskilt yttrande (format 1.1).
    statements = "Särskilt yttrande",
    /// Who makes a special statement, before its text: `{by}`.
    statement_by = "{by} lämnar ett särskilt yttrande:",
    /// Who makes a group reservation: `{parties}` ("(M) och (KD)").
    party_members = "Ledamöterna för {parties}",
    /// Attendance for part of some paragraphs: `{items}`.
    partly = "del av {items}",
    /// An adjuster with a substitute: `{adjuster}`, `{substitute}`.
    adjuster_substitute = "{adjuster} med {substitute} som ersättare",
    /// The time of adjustment, after its date: `{time}`.
    adjustment_time = "kl. {time}",
    /// Under a chair's signature line when several chairs presided: `{name}`, `{range}` (the paragraphs they chaired).
    chaired = "{name}, {range}",
    /// On page 1 and in the metadata of a public version whose personal data was masked.
    personal_data_removed = "Vissa personuppgifter har tagits bort",
    /// Heading of the `toc` block.
    toc = "Innehållsförteckning",
    /// Table of contents column: paragraph.
    toc_paragraph = "Paragraf",
    /// Table of contents column: title.
    toc_title = "Ärende",
    /// Table of contents column: page.
    toc_page = "Sida",
    /// Heading of the `votes_sheet` block.
    votes_sheet = "Närvaro- och omröstningslista",
    /// Votes sheet column: presence.
    votes_sheet_presence = "Närvaro",
    /// Votes sheet: present at the whole meeting.
    votes_sheet_present = "Närvarande",
    /// Votes sheet: present at some paragraphs: `{items}`.
    votes_sheet_present_items = "Närvarande {items}",
    /// Votes sheet: absent.
    votes_sheet_absent = "Frånvarande",
    /// Votes sheet: a serving substitute: `{name}`.
    votes_sheet_serving = "Tjänstgör för {name}",
    /// Votes sheet: the column of a paragraph's vote: `{paragraph}`.
    votes_sheet_vote = "{paragraph}",
    /// Votes sheet: the column of a paragraph's second and later votes: `{paragraph}`, `{n}`.
    votes_sheet_vote_n = "{paragraph}:{n}",
    /// Votes sheet: no ballot in a vote (not serving, jäv).
    votes_sheet_no_ballot = "–",
    /// The certifying sentence of a public extract from which something was withheld (a
    /// confidential paragraph's content, masked personal data): the copy is not the
    /// original's wording throughout, and the certification must not claim it is.
    extract_certify_withheld = "Utdraget överensstämmer med originalprotokollet, med undantag av de uppgifter som har utelämnats i denna offentliga version.",
    /// Footer box of each chair when several presided (format 1.1): `{label}` (`footer_chair`), `{initials}` ("MH"; the whole name when two chairs' initials are alike), `{name}`.
    footer_chair_named = "{label} {initials}",
}

impl LayoutDef {
    /// A built-in layout by name. Built-in layouts are parsed once per process.
    pub fn builtin(name: &str) -> Result<LayoutDef, Error> {
        static PARSED: OnceLock<Vec<LayoutDef>> = OnceLock::new();
        let parsed = PARSED.get_or_init(|| {
            BUILTIN
                .iter()
                // A unit test parses every built-in layout.
                .map(|(n, text)| Self::parse(n, text).expect("built-in layout parses"))
                .collect()
        });
        parsed
            .iter()
            .find(|l| l.name == name)
            .cloned()
            .ok_or_else(|| Error::Layout {
                name: name.to_string(),
                message: format!(
                    "no built-in layout of that name; built in: {}; or give a path to a .toml file",
                    BUILTIN.map(|(n, _)| n).join(", ")
                ),
            })
    }

    /// Parses and checks a layout file's text; `origin` names it in errors.
    pub fn parse(origin: &str, text: &str) -> Result<LayoutDef, Error> {
        let fail = |message: String| Error::Layout {
            name: origin.to_string(),
            message,
        };
        let def: LayoutDef = toml::from_str(text).map_err(|e| fail(toml_message(&e)))?;
        def.check().map_err(fail)?;
        Ok(def)
    }

    fn check(&self) -> Result<(), String> {
        self.check_page()?;
        self.check_placeholders()?;
        exactly_once("blocks.item", &self.blocks.item, &ItemBlock::ALL)?;
        exactly_once("blocks.front", &self.blocks.front, &FrontBlock::ALL)?;
        exactly_once("blocks.end", &self.blocks.end, &[EndBlock::AttachmentList])?;
        // The notice is on the front page or at the end: once.
        let notices = self.blocks.end.contains(&EndBlock::Notice) as usize
            + self.blocks.front.contains(&FrontBlock::Notice) as usize;
        match notices {
            0 => {
                return Err(
                    "blocks: the notice is left out; list \"notice\" in blocks.front or blocks.end"
                        .into(),
                )
            }
            1 => {}
            _ => return Err(
                "blocks: the notice is listed in both blocks.front and blocks.end; list it once"
                    .into(),
            ),
        }
        if self
            .blocks
            .end
            .iter()
            .filter(|b| **b == EndBlock::Notice)
            .count()
            > 1
        {
            return Err("blocks.end lists Notice more than once".into());
        }
        if self
            .blocks
            .front
            .iter()
            .filter(|b| **b == FrontBlock::Notice)
            .count()
            > 1
        {
            return Err("blocks.front lists Notice more than once".into());
        }
        self.check_sheets()?;
        let p = &self.page;
        let width = p.width_mm - p.margin_left_mm - p.margin_right_mm;
        // Written so that NaN fails too.
        let height = p.height_mm - p.margin_top_mm - p.margin_bottom_mm;
        if !(width >= 80.0 && height >= 120.0) {
            return Err(format!(
                "page: the text area is {width:.0} × {height:.0} mm; at least 80 × 120 mm is needed"
            ));
        }
        let s = &self.sizes;
        for (key, v) in [
            ("body", s.body),
            ("small", s.small),
            ("header", s.header),
            ("title", s.title),
            ("heading", s.heading),
            ("subheading", s.subheading),
        ] {
            if !(5.0..=40.0).contains(&v) {
                // NaN is not contained either.
                return Err(format!("sizes.{key} = {v}: font sizes must be 5–40 pt"));
            }
        }
        if !(1.0..=3.0).contains(&s.line_height) {
            return Err(format!(
                "sizes.line_height = {}: must be 1.0–3.0",
                s.line_height
            ));
        }
        Ok(())
    }
}

impl LayoutDef {
    /// The optional sheets of format 1.1 (`toc`, `votes_sheet`) stand once at most, in
    /// `blocks.front` or `blocks.end`.
    fn check_sheets(&self) -> Result<(), String> {
        for (name, front, end) in [
            ("toc", FrontBlock::Toc, EndBlock::Toc),
            ("votes_sheet", FrontBlock::VotesSheet, EndBlock::VotesSheet),
        ] {
            let count = self.blocks.front.iter().filter(|b| **b == front).count()
                + self.blocks.end.iter().filter(|b| **b == end).count();
            if count > 1 {
                return Err(format!(
                    "blocks: \"{name}\" is listed more than once; list it once, in blocks.front or blocks.end"
                ));
            }
        }
        Ok(())
    }

    /// Whether the layout places the table of contents.
    #[must_use]
    pub fn has_toc(&self) -> bool {
        self.blocks.front.contains(&FrontBlock::Toc) || self.blocks.end.contains(&EndBlock::Toc)
    }

    /// Every page number is finite and in a usable range (a NaN or 1e308 would reach the
    /// PDF writer otherwise); margins are not negative.
    fn check_page(&self) -> Result<(), String> {
        let p = &self.page;
        let numbers = [
            ("width_mm", p.width_mm, 100.0, 1200.0),
            ("height_mm", p.height_mm, 100.0, 1200.0),
            ("margin_top_mm", p.margin_top_mm, 0.0, 200.0),
            ("margin_bottom_mm", p.margin_bottom_mm, 0.0, 200.0),
            ("margin_left_mm", p.margin_left_mm, 0.0, 200.0),
            ("margin_right_mm", p.margin_right_mm, 0.0, 200.0),
        ];
        for (key, v, min, max) in numbers {
            if !(min..=max).contains(&v) {
                return Err(format!(
                    "page.{key} = {v}: must be a number from {min} to {max} (millimetres)"
                ));
            }
        }
        Ok(())
    }

    /// A placeholder the program does not fill would be printed literally (`{slut}`).
    fn check_placeholders(&self) -> Result<(), String> {
        for (key, text) in self.labels.entries() {
            let allowed = placeholders_of(key);
            for used in placeholders(text) {
                if !allowed.contains(&used) {
                    let valid = if allowed.is_empty() {
                        "this label takes no placeholders".to_string()
                    } else {
                        format!(
                            "valid here: {}",
                            allowed
                                .iter()
                                .map(|a| format!("{{{a}}}"))
                                .collect::<Vec<_>>()
                                .join(", ")
                        )
                    };
                    return Err(format!(
                        "labels.{key}: unknown placeholder {{{used}}}; {valid}"
                    ));
                }
            }
        }
        Ok(())
    }
}

/// The placeholders a label may hold: those of its default and those its documentation names.
fn placeholders_of(key: &str) -> Vec<&'static str> {
    let default = LABEL_DEFAULTS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, d)| d);
    let doc = LABEL_DOCS
        .iter()
        .find(|(k, _)| *k == key)
        .map_or("", |(_, d)| d);
    let mut all = placeholders(default);
    all.extend(placeholders(doc));
    all.sort_unstable();
    all.dedup();
    all
}

/// The `{name}` placeholders in a text (names of letters, digits and `_`).
fn placeholders(text: &str) -> Vec<&str> {
    text.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}').map(|(name, _)| name))
        .filter(|name| !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_'))
        .collect()
}

/// A TOML error as the user should read it: an unknown key with the nearest valid one.
fn toml_message(e: &toml::de::Error) -> String {
    let message = e.message();
    let place = e
        .span()
        .map(|_| {
            e.to_string()
                .lines()
                .next()
                .unwrap_or("")
                .replace("TOML parse error at ", "at ")
        })
        .unwrap_or_default();
    let Some(rest) = message.strip_prefix("unknown field `") else {
        return e.to_string();
    };
    let Some((unknown, expected)) = rest.split_once('`') else {
        return e.to_string();
    };
    let valid: Vec<&str> = expected.split('`').skip(1).step_by(2).collect();
    let nearest = valid
        .iter()
        .map(|k| (crate::shape::edit_distance(unknown, k), *k))
        .filter(|(d, k)| *d <= 3.min(k.len() / 2).max(1))
        .min();
    let advice = match nearest {
        Some((_, k)) => format!("did you mean `{k}`?"),
        None => format!(
            "{} keys are valid here; docs/layouts.md lists them",
            valid.len()
        ),
    };
    format!("{place}: unknown key `{unknown}`; {advice}")
}

/// A block as the layout file writes it (`attachment_list`), not as the program names it.
fn toml_name(block: &impl std::fmt::Debug) -> String {
    let debug = format!("{block:?}");
    let mut out = String::new();
    for (i, c) in debug.chars().enumerate() {
        if c.is_uppercase() && i > 0 {
            out.push('_');
        }
        out.extend(c.to_lowercase());
    }
    out
}

fn exactly_once<T: PartialEq + std::fmt::Debug>(
    key: &str,
    list: &[T],
    all: &[T],
) -> Result<(), String> {
    for b in all {
        match list.iter().filter(|x| *x == b).count() {
            0 => {
                return Err(format!(
                    "{key} leaves out \"{}\": every block must be listed once, since nothing in the input may be left out of the protocol", toml_name(b)
                ))
            }
            1 => {}
            _ => {
                return Err(format!(
                    "{key} lists \"{}\" more than once",
                    toml_name(b)
                ))
            }
        }
    }
    Ok(())
}

/// Fills `{name}` placeholders in a label.
#[must_use]
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    let mut out = template.to_string();
    for (k, v) in values {
        out = out.replace(&format!("{{{k}}}"), v);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_layouts_parse() {
        for (name, _) in BUILTIN {
            let l = LayoutDef::builtin(name).unwrap();
            assert_eq!(l.name, name);
        }
    }

    #[test]
    fn unknown_keys_are_named() {
        let e = LayoutDef::parse("x", "name = \"x\"\n[labels]\ndecison = \"B\"\n").unwrap_err();
        assert!(e.to_string().contains("decison"), "{e}");
        assert!(e.to_string().contains("did you mean `decision`?"), "{e}");
        assert!(!e.to_string().contains("page_of"), "lists every key: {e}");
    }

    #[test]
    fn unknown_placeholders_are_refused_with_the_valid_ones() {
        let e = LayoutDef::parse(
            "x",
            "name = \"x\"\n[labels]\ntime_range = \"{start}–{slut}\"\n",
        )
        .unwrap_err();
        assert!(e.to_string().contains("{slut}"), "{e}");
        assert!(e.to_string().contains("{end}, {start}"), "{e}");
        assert!(LayoutDef::parse(
            "x",
            "name = \"x\"\n[labels]\ntime_range = \"{end}–{start}\"\n"
        )
        .is_ok());
    }

    #[test]
    fn page_numbers_must_be_finite_and_usable() {
        for bad in [
            "width_mm = nan",
            "width_mm = inf",
            "width_mm = 1e308",
            "margin_bottom_mm = -300",
            "height_mm = -1",
        ] {
            let e = LayoutDef::parse("x", &format!("name = \"x\"\n[page]\n{bad}\n")).unwrap_err();
            assert!(e.to_string().contains("page."), "{bad}: {e}");
        }
    }

    #[test]
    fn every_label_is_documented() {
        let doc = include_str!("../docs/layouts.md");
        for (key, default) in LABEL_DEFAULTS {
            let row = format!("| `{key}` | {} |", default.replace('|', "\\|"));
            assert!(doc.contains(&row), "docs/layouts.md lacks the label {key}");
        }
    }

    #[test]
    fn the_notice_goes_on_the_front_page_or_at_the_end_once() {
        let front = "name = \"x\"\n[blocks]\nfront = [\"title\", \"meeting\", \"attendance\", \"signatures\", \"notice\"]\n";
        let e = LayoutDef::parse("x", front).unwrap_err();
        assert!(e.to_string().contains("both"), "{e}");
        let ok = format!("{front}end = [\"attachment_list\"]\n");
        assert!(LayoutDef::parse("x", &ok).is_ok());
        let none = "name = \"x\"\n[blocks]\nend = [\"attachment_list\"]\n";
        let e = LayoutDef::parse("x", none).unwrap_err();
        assert!(e.to_string().contains("left out"), "{e}");
    }

    #[test]
    fn a_left_out_block_is_refused() {
        let e = LayoutDef::parse("x", "name = \"x\"\n[blocks]\nend = [\"notice\"]\n").unwrap_err();
        assert!(e.to_string().contains("\"attachment_list\""), "{e}");
    }
}
