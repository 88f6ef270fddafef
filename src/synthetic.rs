//! Realistic synthetic meetings, for benchmarks and load tests: a council of 31 members with
//! items of varying length, proposals, a roll-call vote now and then, and attachments. The
//! same seed gives the same meeting.

use serde_json::{json, Value};

const FIRST: [&str; 16] = [
    "Anna", "Erik", "Maria", "Lars", "Karin", "Anders", "Eva", "Johan", "Sara", "Per", "Ingrid",
    "Nils", "Fatima", "Olof", "Åsa", "Björn",
];
const LAST: [&str; 16] = [
    "Andersson",
    "Johansson",
    "Karlsson",
    "Nilsson",
    "Eriksson",
    "Larsson",
    "Olsson",
    "Persson",
    "Lindqvist",
    "Sjöberg",
    "Åström",
    "Öberg",
    "Holm",
    "Berg",
    "Lund",
    "Ek",
];
const PARTIES: [&str; 8] = ["S", "M", "SD", "C", "V", "KD", "L", "MP"];
const SENTENCES: [&str; 8] = [
    "Förvaltningen har utrett frågan och redovisar för- och nackdelar med de olika alternativen.",
    "Ärendet har beretts i arbetsutskottet, som föreslår att nämnden bifaller förslaget.",
    "Kostnaden beräknas till 1,2 miljoner kronor och ryms inom den beslutade investeringsramen.",
    "Samråd har skett med berörda förvaltningar, de kommunala bolagen och föreningslivet.",
    "Beslutet bedöms inte medföra några konsekvenser för barn, jämställdhet eller tillgänglighet.",
    "Kommunchef/Regiondirektörsgruppen har lämnat synpunkter som har arbetats in i förslaget.",
    "Rehabiliteringsinsatserna ska samordnas och följas upp kvartalsvis av förvaltningen.",
    "Ett förslag till yttrande har tagits fram och bifogas ärendet som underlag för beslut.",
];

/// A small deterministic generator (xorshift), so the data needs no dependency.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> usize {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        (self.0 >> 11) as usize
    }

    fn pick<'a>(&mut self, list: &[&'a str]) -> &'a str {
        list[self.next() % list.len()]
    }
}

/// A meeting with `items` items; `seed` varies names, texts and dates.
#[must_use]
pub fn meeting(seed: u64, items: usize) -> Value {
    let mut rng = Rng(seed.wrapping_mul(0x9E37_79B9_7F4A_7C15) | 1);
    let members: Vec<Value> = (0..31)
        .map(|i| json!({"name": format!("{} {} {i}", rng.pick(&FIRST), rng.pick(&LAST)), "party": PARTIES[i % PARTIES.len()]}))
        .collect();
    let name = |i: usize| members[i]["name"].as_str().unwrap_or_default().to_string();
    let items: Vec<Value> = (0..items)
        .map(|i| {
            let sentences = 2 + rng.next() % 6;
            let text: Vec<&str> = (0..sentences).map(|_| rng.pick(&SENTENCES)).collect();
            let mut item = json!({
                "title": format!("Ärende {} om {}", i + 1, rng.pick(&["budget", "detaljplan", "motion", "taxa", "avfallsplan", "medborgarförslag", "reglemente"])),
                "case_number": format!("Dnr KS {}/{}", 2020 + seed % 5, 100 + i),
                "text": text.join(" "),
                "decision": format!("Nämnden beslutar enligt förslaget. {}", rng.pick(&SENTENCES)),
            });
            if i % 3 == 1 {
                item["proposals"] = json!([{"by": [name(i % 31)], "text": "bifall till arbetsutskottets förslag."}]);
            }
            if i % 7 == 3 {
                let ballots: Vec<Value> = (0..31).map(|m| json!({"name": name(m), "vote": (["yes", "no", "abstain"][(m + i) % 3])})).collect();
                item["votes"] = json!([{"question": "Ska nämnden bifalla förslaget?", "yes": "förslaget", "no": "avslag", "ballots": ballots}]);
                item["reservations"] = json!([{"by": [name((i + 1) % 31)], "text": "eget yrkande."}]);
            }
            if i % 4 == 0 {
                item["attachments"] = json!([{"title": format!("Underlag till ärende {}", i + 1)}]);
            }
            item
        })
        .collect();
    let day = 1 + seed % 28;
    let month = 1 + (seed / 28) % 12;
    json!({
        "version": 1,
        "layout": "kommun",
        "organisation": {"name": "Sjöbacka kommun"},
        "body": {"name": "Kommunstyrelsen"},
        "office": "Kommunledningsförvaltningen",
        "date": format!("2024-{month:02}-{day:02}"),
        "time": {"start": "13:00", "end": "16:00"},
        "place": "Kommunhuset",
        "chair": {"name": name(0), "party": "S"},
        "secretary": {"name": "Johanna Lundberg"},
        "adjusters": [{"name": name(1), "party": "M"}],
        "members": members,
        "items": items,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_meetings_are_valid_and_reproducible() {
        let a = meeting(7, 20).to_string();
        assert_eq!(a, meeting(7, 20).to_string());
        assert_ne!(a, meeting(8, 20).to_string());
        let res = crate::resources::MemoryResources::default();
        let p = crate::prepare(&a, None, &res).unwrap();
        assert_eq!(p.checked.meeting.items.len(), 20);
    }
}
