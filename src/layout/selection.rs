//! Which paragraphs an extract holds: a whole paragraph ("122", with its sub-paragraphs
//! 122 a and 122 b of format 1.1) or one sub-paragraph ("122a", "122 a"), as the user
//! names them on the command line, and which items of the meeting each one selects.

use std::fmt;
use std::str::FromStr;

/// One paragraph chosen for an extract: the whole of `number`, or only its sub-paragraph
/// `letter`.
#[derive(Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct ItemRef {
    /// The paragraph's number.
    pub number: u32,
    /// The sub-paragraph's letter (`number_suffix`), or `None` for the whole paragraph.
    pub letter: Option<char>,
}

impl ItemRef {
    /// Whether the item numbered `number` with the sub-paragraph letter `suffix` is chosen.
    #[must_use]
    pub fn selects(&self, number: u32, suffix: Option<&str>) -> bool {
        number == self.number
            && self
                .letter
                .is_none_or(|l| suffix.is_some_and(|s| s.chars().eq([l])))
    }
}

impl From<u32> for ItemRef {
    fn from(number: u32) -> Self {
        Self {
            number,
            letter: None,
        }
    }
}

/// "122" or "122 a", as the protocol writes it.
impl fmt::Display for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.letter {
            Some(l) => write!(f, "{} {l}", self.number),
            None => write!(f, "{}", self.number),
        }
    }
}

/// A whole paragraph is written as its bare number, as when extracts held numbers only:
/// the document id hashes this text, so extracts of whole paragraphs keep their ids (and
/// bytes).
impl fmt::Debug for ItemRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.letter {
            Some(l) => write!(f, "{}{l}", self.number),
            None => write!(f, "{}", self.number),
        }
    }
}

/// How to write a paragraph with a letter, for the error.
const ONE_LETTER: &str = "write a number and at most one letter, e.g. 122 or 122a";

/// "122", "122a", "122 a" (a capital letter is read as small: the format writes small ones).
impl FromStr for ItemRef {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        let text = s.trim();
        let digits = text.len() - text.trim_start_matches(|c: char| c.is_ascii_digit()).len();
        let (number, rest) = text.split_at(digits);
        let number: u32 = number.parse().map_err(|_| {
            format!("{s:?} is not a paragraph: write its number, e.g. 122, or 122a for § 122 a")
        })?;
        let mut letters = rest.trim_start().chars();
        let letter = match (letters.next(), letters.next()) {
            (None, _) => None,
            (Some(c), None) if c.is_ascii_alphabetic() => Some(c.to_ascii_lowercase()),
            _ => return Err(format!("{s:?} is not a paragraph: {ONE_LETTER}")),
        };
        Ok(Self { number, letter })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str) -> Result<ItemRef, String> {
        s.parse()
    }

    #[test]
    fn reads_a_number_with_or_without_its_letter() {
        assert_eq!(parse("122"), Ok(ItemRef::from(122)));
        let a = ItemRef {
            number: 122,
            letter: Some('a'),
        };
        for text in ["122a", "122 a", " 122A ", "122  a"] {
            assert_eq!(parse(text), Ok(a), "{text}");
        }
        assert_eq!(a.to_string(), "122 a");
        assert_eq!(ItemRef::from(45).to_string(), "45");
    }

    #[test]
    fn refuses_what_is_not_one_paragraph() {
        for text in [
            "",
            "a",
            "§ 122",
            "122ab",
            "122 a b",
            "122-",
            "99999999999",
            "122å",
        ] {
            assert!(parse(text).is_err(), "{text}");
        }
    }

    #[test]
    fn a_whole_paragraph_selects_its_sub_paragraphs_and_a_letter_only_its_own() {
        let whole = ItemRef::from(122);
        assert!(whole.selects(122, None));
        assert!(whole.selects(122, Some("a")) && whole.selects(122, Some("b")));
        assert!(!whole.selects(123, None));
        let a: ItemRef = "122a".parse().unwrap();
        assert!(a.selects(122, Some("a")));
        assert!(!a.selects(122, Some("b")) && !a.selects(122, None) && !a.selects(123, Some("a")));
    }

    #[test]
    fn a_whole_paragraph_hashes_as_the_bare_number_it_was() {
        // The document id of an extract hashes `{:?}` of its selection.
        let whole = vec![ItemRef::from(45), ItemRef::from(48)];
        assert_eq!(format!("{whole:?}"), format!("{:?}", vec![45u32, 48]));
        let a: ItemRef = "122 a".parse().unwrap();
        assert_eq!(format!("{a:?}"), "122a");
    }
}
