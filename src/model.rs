//! The input format, version 1 (`docs/format.md`, the contract with users).
//!
//! These are plain serde types: what the JSON says, nothing derived. Every object rejects
//! unknown keys so that a typo cannot silently drop data. Dates and times stay strings here;
//! [`crate::validate`] parses them, so that *all* bad values are reported at once with their
//! JSON paths instead of serde stopping at the first one. The JSON Schema printed by
//! `protokoll schema` is derived from these same types.

use schemars::JsonSchema;
use serde::{Deserialize, Serialize};

/// One meeting: the whole input document.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Meeting {
    /// Format version; always 1.
    #[schemars(extend("const" = 1))]
    pub version: u32,
    /// Layout name from `layouts/` (default `kommun`; `kommunfullmaktige` adds the table of
    /// contents and the votes sheet); the command line can override it.
    #[schemars(extend("enum" = ["kommun", "kommunfullmaktige", "samverkan", null]))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub layout: Option<String>,
    /// The organisation (kommun, region, förbund).
    pub organisation: Organisation,
    /// The organ that met (nämnd, styrelse, råd).
    pub body: Body,
    /// Tjänsteställe.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub office: Option<String>,
    /// Document title; default "Protokoll" followed by the body's name.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Sammanträdesdatum, `YYYY-MM-DD`.
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    pub date: String,
    /// Start and end of the meeting, with breaks (ajournering).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<MeetingTime>,
    /// Plats.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub place: String,
    /// Paragraph numbering.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub numbering: Option<Numbering>,
    /// Ordförande.
    pub chair: Person,
    /// Sekreterare.
    pub secretary: Person,
    /// Justerare (at least one).
    #[schemars(length(min = 1, max = 20))]
    pub adjusters: Vec<Adjuster>,
    /// Justering: absent until the protocol is adjusted.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub adjustment: Option<Adjustment>,
    /// Anslag on the notice board.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub notice: Option<Notice>,
    /// Beslutande / närvarande ledamöter.
    pub members: Vec<Member>,
    /// Ersättare present but not serving.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub substitutes: Vec<Member>,
    /// Frånvarande ledamöter.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub absent: Vec<Member>,
    /// Övriga närvarande / övriga deltagare.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub others: Vec<Other>,
    /// Ärenden / paragrafer, in order (at least one).
    #[schemars(length(min = 1, max = 2000))]
    pub items: Vec<Item>,
}

/// The organisation that keeps the protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Organisation {
    /// "Region Örebro län".
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub name: String,
    /// PNG or JPEG, relative to the JSON file's folder; printed at the left of the page header.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub logo: Option<String>,
}

/// The organ (nämnd, styrelse, råd).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Body {
    /// "Regionalt samverkansråd".
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub name: String,
    /// Lines printed in the page header instead of the name.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub heading: Vec<String>,
    /// Extension: a line printed above the attendance lists
    /// ("Ledamöter i Regionala samverkansrådet:").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub members_heading: Option<String>,
}

/// Start, end and breaks of the meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct MeetingTime {
    /// `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start: String,
    /// `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub end: String,
    /// Ajourneringar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub breaks: Vec<Break>,
}

/// One break (ajournering).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Break {
    /// `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub start: String,
    /// `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    pub end: String,
}

/// How paragraphs are numbered.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Numbering {
    /// `paragraph` prints "§ 45", `plain` prints "4."; default from the layout.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub style: Option<NumberingStyle>,
    /// First number (default 1).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub start: Option<u32>,
    /// Organ prefix before the sign: `"KS"` prints "KS § 45" wherever a paragraph is named.
    #[schemars(length(min = 1, max = 12), regex(pattern = r"^\S(.*\S)?$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub prefix: Option<String>,
}

/// Paragraph number style.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum NumberingStyle {
    /// "§ 45".
    Paragraph,
    /// "4.".
    Plain,
}

/// A person named in the protocol.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Person {
    /// Full name.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub name: String,
    /// Party abbreviation ("S", "M").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// A justerare, who may have a substitute (ersättare för justeraren).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjuster {
    /// Full name.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub name: String,
    /// Party abbreviation ("S", "M").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// The adjuster's substitute, a person present at the meeting: "Per Jakobsson (M) med
    /// Anna Ek (S) som ersättare".
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub substitute: Option<String>,
}

impl Adjuster {
    /// The adjuster as a person (name and party).
    #[must_use]
    pub fn person(&self) -> Person {
        Person {
            name: self.name.clone(),
            party: self.party.clone(),
        }
    }
}

/// Justering.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Adjustment {
    /// Date of adjustment, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    pub date: Option<String>,
    /// Place of adjustment.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub place: Option<String>,
    /// Time of day of the adjustment, `HH:MM`.
    #[schemars(regex(pattern = r"^([01][0-9]|2[0-3]):[0-5][0-9]$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub time: Option<String>,
}

/// Anslag.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Notice {
    /// Date the notice is posted, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    pub posted: Option<String>,
    /// Date the notice is taken down, `YYYY-MM-DD`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[schemars(regex(pattern = r"^[0-9]{4}-[0-9]{2}-[0-9]{2}$"), extend("format" = "date"))]
    pub removed: Option<String>,
    /// Förvaringsplats för protokollet.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub storage: Option<String>,
}

/// A member (ledamot or ersättare).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Member {
    /// Full name.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub name: String,
    /// Party abbreviation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
    /// What the member sits for ("Askersunds kommun").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub represents: Option<String>,
    /// Role in the meeting (default `ledamot`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub role: Option<Role>,
    /// The member a serving substitute stands in for.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub replaces: Option<String>,
    /// Attendance limited to these item numbers.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub items: Option<Vec<u32>>,
    /// Present for only part of these paragraphs ("del av § 159"), as item numbers.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub partly: Vec<u32>,
}

/// A member's role in the meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
pub enum Role {
    /// Ordförande.
    #[serde(rename = "ordförande")]
    Chair,
    /// Vice ordförande.
    #[serde(rename = "vice ordförande")]
    ViceChair,
    /// Ledamot.
    #[serde(rename = "ledamot")]
    Member,
    /// Tjänstgörande ersättare.
    #[serde(rename = "tjänstgörande ersättare")]
    ServingSubstitute,
}

impl Role {
    /// The Swedish word, as written in the input.
    #[must_use]
    pub fn as_swedish(self) -> &'static str {
        match self {
            Role::Chair => "ordförande",
            Role::ViceChair => "vice ordförande",
            Role::Member => "ledamot",
            Role::ServingSubstitute => "tjänstgörande ersättare",
        }
    }
}

/// Someone else present (tjänsteperson, gäst).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Other {
    /// Full name.
    pub name: String,
    /// Organisation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub organisation: Option<String>,
    /// Befattning.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// Party of a politician present without serving ("M").
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub party: Option<String>,
}

/// One ärende / paragraf.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = {"properties": {"confidential": {"const": true}}, "required": ["confidential"]},
    "then" = {"properties": {"confidential_reason": {"type": "string"}}, "required": ["confidential_reason"]},
    "dependentRequired" = {"number_suffix": ["number"]}
))]
pub struct Item {
    /// Paragraph number; default previous + 1.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number: Option<u32>,
    /// Sub-paragraph letter, one of a–z: "§ 196 a". The item must have an explicit `number`.
    #[schemars(regex(pattern = "^[a-z]$"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub number_suffix: Option<String>,
    /// Who chaired this paragraph when not `chair` (a member serving for the item).
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub presiding: Option<String>,
    /// Rubrik.
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub title: String,
    /// Diarienummer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub case_number: Option<String>,
    /// Ärendebeskrivning (rich).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
    /// Beslutsunderlag.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub basis: Vec<String>,
    /// A preparing body's proposal ("Arbetsutskottets förslag"), printed before yrkanden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub committee_proposals: Vec<CommitteeProposal>,
    /// Yrkanden.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub proposals: Vec<Proposal>,
    /// Beslutsgång / propositionsordning (rich).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub procedure: Option<String>,
    /// Omröstningar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub votes: Vec<Vote>,
    /// Beslut (rich).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub decision: Option<String>,
    /// Reservationer.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub reservations: Vec<Reservation>,
    /// Protokollsanteckningar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<Statement>,
    /// Särskilda yttranden: neither reservations nor protokollsanteckningar.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub statements: Vec<SpecialStatement>,
    /// Jäv: these members took no part in the item.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub conflicts: Vec<String>,
    /// Omedelbar justering of this paragraph.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub immediately_adjusted: bool,
    /// Beslutet skickas till.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub send_to: Vec<String>,
    /// Bilagor.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub attachments: Vec<Attachment>,
    /// Left out, with its reason, in the public version.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub confidential: bool,
    /// "Sekretess enligt 26 kap. 1 § OSL".
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub confidential_reason: Option<String>,
    /// A confidential item whose decision wording may be published: the public version
    /// shows its "Beslut" and withholds the rest.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub publish_decision: bool,
}

/// A yrkande.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Proposal {
    /// Who proposes.
    #[schemars(length(min = 1))]
    pub by: Vec<String>,
    /// What is proposed.
    pub text: String,
}

/// A protokollsanteckning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Statement {
    /// Who asks for the note.
    #[schemars(length(min = 1))]
    pub by: Vec<String>,
    /// The note.
    pub text: String,
}

/// A preparing body's proposal (kommunstyrelsens, utskottets förslag).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct CommitteeProposal {
    /// The preparing body in the nominative ("Arbetsutskottet"); the heading puts it in the
    /// genitive ("Arbetsutskottets förslag").
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub body: String,
    /// The proposal (rich).
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub text: String,
}

/// A särskilt yttrande.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct SpecialStatement {
    /// Who makes the statement: one name or a list of names.
    pub by: Names,
    /// The statement (rich).
    #[schemars(length(min = 1), regex(pattern = r"\S"))]
    pub text: String,
}

/// One name or a list of names; either way a list once read.
#[derive(Debug, Clone, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(from = "OneOrMany", into = "Vec<String>")]
pub struct Names(pub Vec<String>);

#[derive(Deserialize)]
#[serde(untagged)]
enum OneOrMany {
    One(String),
    Many(Vec<String>),
}

impl From<OneOrMany> for Names {
    fn from(value: OneOrMany) -> Self {
        match value {
            OneOrMany::One(name) => Names(vec![name]),
            OneOrMany::Many(names) => Names(names),
        }
    }
}

impl From<Names> for Vec<String> {
    fn from(value: Names) -> Self {
        value.0
    }
}

impl std::ops::Deref for Names {
    type Target = Vec<String>;
    fn deref(&self) -> &Vec<String> {
        &self.0
    }
}

impl JsonSchema for Names {
    fn schema_name() -> std::borrow::Cow<'static, str> {
        "Names".into()
    }

    fn json_schema(_: &mut schemars::SchemaGenerator) -> schemars::Schema {
        schemars::json_schema!({
            "description": "A name, or a list of names.",
            "anyOf": [
                {"type": "string", "minLength": 1, "pattern": "\\S"},
                {"type": "array", "items": {"type": "string"}, "minItems": 1}
            ]
        })
    }
}

/// A reservation: by named members, or by every serving member of some parties.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(extend(
    "if" = {"not": {"required": ["by_parties"]}},
    "then" = {"required": ["by"], "properties": {"by": {"minItems": 1}}},
    "else" = {"not": {"required": ["by"]}, "properties": {"by_parties": {"minItems": 1}}}
))]
pub struct Reservation {
    /// Who reserves (or give `by_parties` instead).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by: Vec<String>,
    /// A group reservation: every member serving for the item from these parties ("S",
    /// "MP"): "Ledamöterna för (S) och (MP) reserverar sig".
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub by_parties: Vec<String>,
    /// In favour of what, or the written reservation.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub text: Option<String>,
}

/// An omröstning.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Vote {
    /// The question put (rich).
    pub question: String,
    /// What "ja" means.
    pub yes: String,
    /// What "nej" means.
    pub no: String,
    /// One ballot per voter.
    #[schemars(length(min = 1))]
    pub ballots: Vec<Ballot>,
}

/// One voter's answer.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Ballot {
    /// The voter, a serving member.
    pub name: String,
    /// Ja, nej or avstår.
    pub vote: Answer,
}

/// A ballot's answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum Answer {
    /// Ja.
    Yes,
    /// Nej.
    No,
    /// Avstår.
    Abstain,
}

/// A bilaga.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Attachment {
    /// What the attachment is.
    pub title: String,
    /// A file to embed, relative to the JSON file's folder.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub file: Option<String>,
}
