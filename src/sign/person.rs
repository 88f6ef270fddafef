//! Whether the person a signature field names and the person a certificate names are the
//! same: the tooltip's person, and names compared as a registry would.

/// The person a field's tooltip names ("Justerande: Sven Öberg" → "Sven Öberg").
pub(crate) fn person_of(tooltip: &str) -> Option<String> {
    tooltip
        .split_once(": ")
        .map(|(_, p)| p.trim().to_string())
        .filter(|p| !p.is_empty())
}

/// Whether a certificate name and the person under a field are the same person: case and
/// runs of white space are ignored, and middle names one of them leaves out; a look-alike
/// letter is a different name.
pub(crate) fn same_person(a: &str, b: &str) -> bool {
    let words = |s: &str| -> Vec<String> { s.split_whitespace().map(str::to_lowercase).collect() };
    let (a, b) = (words(a), words(b));
    let (short, long) = if a.len() <= b.len() {
        (&a, &b)
    } else {
        (&b, &a)
    };
    // A certificate (BankID, Freja) carries every given name, a protocol usually one:
    // "Per Holmgren" is "Per Anders Holmgren". The first and the last name must be the same
    // and every word of the shorter name must stand, in order, in the longer one.
    let (Some(first), Some(last)) = (short.first(), short.last()) else {
        return false;
    };
    let mut rest = long.iter();
    short.len() >= 2
        && long.first() == Some(first)
        && long.last() == Some(last)
        && short.iter().all(|w| rest.any(|x| x == w))
        || a == b && !a.is_empty()
}

#[cfg(test)]
mod tests {
    use super::same_person;

    #[test]
    fn names_match_as_a_certificate_and_a_protocol_write_them() {
        assert!(same_person("Per Holmgren", "Per Holmgren"));
        assert!(same_person("per  holmgren", "Per Holmgren"));
        assert!(same_person("Per Holmgren", "Per Anders Holmgren"));
        assert!(same_person(
            "Per Anders Gustav Holmgren",
            "Per Gustav Holmgren"
        ));
        assert!(same_person("Sven Öberg", "SVEN ÖBERG"));
        assert!(same_person("Madonna", "Madonna"));
    }

    #[test]
    fn other_people_do_not_match() {
        assert!(!same_person("Per Holmgren", "Maria Ekström"));
        assert!(!same_person("Per Holmgren", "Per Holm"));
        assert!(!same_person("Per Holmgren", "Anders Holmgren"));
        assert!(!same_person("Per Holmgren", "Holmgren Per"));
        assert!(!same_person("Per", "Per Holmgren"));
        assert!(!same_person("Per Holmgren", "Per Gustav"));
        // A Cyrillic е in a look-alike name.
        assert!(!same_person("Johanna Lundberg", "Johanna Lundbеrg"));
        assert!(!same_person("", ""));
        assert!(!same_person("Per Holmgren", ""));
    }
}
