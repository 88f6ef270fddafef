//! The municipal documents on every sample: extracts hold the chosen paragraphs and no
//! others, the notice holds the notice's facts, the public version holds nothing of a
//! confidential item but its number, title and reason (neither in the text nor anywhere in
//! the file's bytes), and the roll-call marks in the PDF add up to the ballots in the input.

use crate::support::*;
use serde_json::Value;
use std::path::Path;

/// The item numbers of a sample, as the format defines them.
fn numbers(json: &Value) -> Vec<u64> {
    let mut next = json["numbering"]["start"].as_u64().unwrap_or(1);
    let mut out = Vec::new();
    for item in json["items"].as_array().unwrap() {
        let n = item["number"].as_u64().unwrap_or(next);
        out.push(n);
        next = n + 1;
    }
    out
}

/// Every byte of the file, with streams decompressed (qpdf --qdf), as one lossy string.
fn all_bytes(pdf: &Path) -> String {
    let out = std::process::Command::new("qpdf")
        .args([
            "--qdf",
            "--object-streams=disable",
            "--decode-level=all",
            pdf.to_str().unwrap(),
            "-",
        ])
        .output()
        .unwrap();
    assert!(
        out.status.success() || out.status.code() == Some(3),
        "qpdf failed"
    );
    let mut s = String::from_utf8_lossy(&out.stdout).into_owned();
    // Text strings may be UTF-16BE (bookmarks, metadata): add them decoded.
    let (_, json) = run("qpdf", &["--json", pdf.to_str().unwrap()]);
    s.push_str(&json);
    s
}

pub(crate) fn absent_everywhere(pdf: &Path, texts: &[String], what: &str) {
    let hay = extracted_text(pdf, None);
    let bytes = if have("qpdf") {
        all_bytes(pdf)
    } else {
        String::new()
    };
    for t in texts {
        assert!(
            !hay.contains(&squash(t)),
            "{what}: {t:?} is in the text of {}",
            pdf.display()
        );
        assert!(
            !bytes.contains(t.as_str()),
            "{what}: {t:?} is in the bytes of {}",
            pdf.display()
        );
        let utf16: String = t
            .encode_utf16()
            .flat_map(|u| [format!("{:02x}", u >> 8), format!("{:02x}", u & 0xff)])
            .collect();
        assert!(
            !bytes.to_lowercase().contains(&utf16),
            "{what}: {t:?} is in the bytes (UTF-16) of {}",
            pdf.display()
        );
    }
}

#[test]
fn extracts_hold_the_chosen_paragraphs_and_no_others() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let json = load_json(&sample);
        let numbers = numbers(&json);
        let items = json["items"].as_array().unwrap();
        let chosen = [1usize, items.len() - 2];
        let pdf = dir.path().join("extract.pdf");
        let mut args = vec![
            "extract".to_string(),
            sample.to_str().unwrap().into(),
            "-o".into(),
            pdf.to_str().unwrap().into(),
        ];
        for &i in &chosen {
            args.extend(["--item".into(), numbers[i].to_string()]);
        }
        let out = protokoll(&args.iter().map(String::as_str).collect::<Vec<_>>());
        assert_success(&out);
        let Some(hay) = pdf_text(&pdf) else {
            return;
        };
        assert!(hay.contains(&squash("Utdrag ur protokoll")) && hay.contains("Utdragsbestyrkande"));
        for &i in &chosen {
            let title = items[i]["title"].as_str().unwrap();
            assert!(
                hay.contains(&squash(title)),
                "{}: chosen {title:?} missing",
                sample.display()
            );
            if let Some(decision) = items[i]["decision"].as_str() {
                let plain = protokoll::richtext::plain(decision);
                let first = plain.lines().next().unwrap();
                assert!(
                    hay.contains(&squash(first)),
                    "{}: decision of {title:?} missing",
                    sample.display()
                );
            }
        }
        // Titles of the other items appear nowhere in the file (long enough to be unique).
        let others: Vec<String> = (0..items.len())
            .filter(|i| !chosen.contains(i))
            .map(|i| items[i]["title"].as_str().unwrap().to_string())
            .filter(|t| t.chars().count() >= 20)
            .collect();
        assert!(!others.is_empty());
        absent_everywhere(&pdf, &others, "extract");
        check_conformance(&pdf);
    }
}

#[test]
fn an_extract_of_a_missing_paragraph_is_an_error() {
    let dir = tempfile::tempdir().unwrap();
    let pdf = dir.path().join("x.pdf");
    let out = protokoll(&[
        "extract",
        seed().to_str().unwrap(),
        "--item",
        "99",
        "-o",
        pdf.to_str().unwrap(),
    ]);
    let stderr = refused(&out, &pdf);
    assert!(
        stderr.contains("--item 99: the protocol has no item number 99"),
        "{stderr}"
    );
    assert!(stderr.contains("the items are numbered 1–9"), "{stderr}");
}

#[test]
fn the_notice_holds_the_notice_facts() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let json = load_json(&sample);
        let pdf = dir.path().join("notice.pdf");
        render_kind("notice", &sample, &pdf);
        if !have("pdfinfo") {
            return;
        }
        let (_, info) = run("pdfinfo", &[pdf.to_str().unwrap()]);
        assert!(
            info.contains("Pages:           1"),
            "{}: the notice is not one page: {info}",
            sample.display()
        );
        let hay = extracted_text(&pdf, None);
        for t in [
            "ANSLAG/BEVIS",
            "Protokollet är justerat",
            "Datum för justering",
            json["adjustment"]["date"].as_str().unwrap(),
            "Sista dag för överklagande",
            "Förvaringsplats för protokollet",
            json["body"]["name"].as_str().unwrap(),
            json["date"].as_str().unwrap(),
        ] {
            assert!(
                hay.contains(&squash(t)),
                "{}: notice lacks {t:?}",
                sample.display()
            );
        }
        if let Some(posted) = json["notice"]["posted"].as_str() {
            let date = chrono::NaiveDate::parse_from_str(posted, "%Y-%m-%d").unwrap();
            let last = protokoll::swedish::last_day_of_appeal(date);
            let appeal = last.format("%Y-%m-%d").to_string();
            let take_down = (last + chrono::Days::new(1)).format("%Y-%m-%d").to_string();
            assert!(
                hay.contains(&squash(posted)) && hay.contains(&squash(&appeal)),
                "{}: notice dates",
                sample.display()
            );
            let removed = json["notice"]["removed"]
                .as_str()
                .map_or(take_down, str::to_string);
            assert!(
                hay.contains(&squash(&removed)),
                "{}: take-down date {removed}",
                sample.display()
            );
        }
        check_conformance(&pdf);
    }
}

#[test]
fn the_public_version_leaves_out_confidential_content_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let mut seen = 0;
    for sample in samples() {
        let json = load_json(&sample);
        let items = json["items"].as_array().unwrap();
        let confidential: Vec<&Value> = items
            .iter()
            .filter(|i| i["confidential"] == Value::Bool(true))
            .collect();
        if confidential.is_empty() {
            continue;
        }
        seen += 1;
        let full = dir.path().join("full.pdf");
        let public = dir.path().join("public.pdf");
        render(&sample, &full, &[]);
        render(&sample, &public, &["--public"]);
        let Some(full_text) = pdf_text(&full) else {
            return;
        };
        let public_text = extracted_text(&public, None);
        // The same pagination, and each version says what it is on page 1 and in the XMP.
        assert_eq!(
            page_count(&full),
            page_count(&public),
            "{}",
            sample.display()
        );
        for (pdf, marking) in [
            (
                &public,
                "Offentlig version – uppgifter som omfattas av sekretess har utelämnats",
            ),
            (&full, "Innehåller uppgifter som omfattas av sekretess"),
        ] {
            assert!(
                squash(&page_text(pdf, 1)).contains(&squash(marking)),
                "{}: page 1 lacks {marking:?}",
                sample.display()
            );
            let (_, meta) = run("pdfinfo", &["-meta", pdf.to_str().unwrap()]);
            assert!(
                meta.contains(marking),
                "{}: metadata lacks {marking:?}",
                sample.display()
            );
        }
        for item in confidential {
            // What stays: title and reason.
            for key in ["title", "confidential_reason"] {
                let t = item[key].as_str().unwrap();
                assert!(
                    public_text.contains(&squash(t)),
                    "{}: public version lacks {key}",
                    sample.display()
                );
            }
            // What goes: everything else, which the full version does have.
            let mut secret = Vec::new();
            for (path, text) in input_strings(item) {
                // An item with publish_decision shows its decision in the public version.
                let published = item["publish_decision"] == true && path.ends_with(".decision");
                if path.ends_with(".title")
                    || path.ends_with(".confidential_reason")
                    || path.ends_with(".case_number")
                    || published
                {
                    continue;
                }
                for line in text.lines().filter(|l| l.trim().chars().count() >= 12) {
                    assert!(
                        full_text.contains(&squash(line)),
                        "{}: full version lacks {line:?}",
                        sample.display()
                    );
                    secret.push(line.trim().to_string());
                }
            }
            assert!(!secret.is_empty());
            absent_everywhere(&public, &secret, "public version");
        }
        check_conformance(&public);
    }
    assert!(seen >= 2, "samples with confidential items missing");
}

#[test]
fn roll_call_marks_add_up_to_the_ballots() {
    let dir = tempfile::tempdir().unwrap();
    let mut votes_seen = 0;
    for sample in samples() {
        let json = load_json(&sample);
        let ballots: Vec<(String, String)> = json["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["votes"].as_array().cloned().unwrap_or_default())
            .flat_map(|v| v["ballots"].as_array().cloned().unwrap())
            .map(|b| {
                (
                    b["name"].as_str().unwrap().to_string(),
                    b["vote"].as_str().unwrap().to_string(),
                )
            })
            .collect();
        if ballots.is_empty() {
            continue;
        }
        votes_seen += 1;
        let pdf = dir.path().join("votes.pdf");
        render(&sample, &pdf, &[]);
        let Some(words) = bbox_words(&pdf) else {
            return;
        };
        let marks = roll_call_marks(&words);
        let count = |answer: &str| ballots.iter().filter(|(_, v)| v == answer).count();
        let read = |col: &str| marks.iter().filter(|(_, c)| c == col).count();
        assert_eq!(
            (read("Ja"), read("Nej"), read("Avstår")),
            (count("yes"), count("no"), count("abstain")),
            "{}",
            sample.display()
        );
        // Every voter's mark stands in the column of their answer.
        for (name, vote) in &ballots {
            let column = match vote.as_str() {
                "yes" => "Ja",
                "no" => "Nej",
                _ => "Avstår",
            };
            assert!(
                marks
                    .iter()
                    .any(|(row, c)| row.starts_with(name.as_str()) && c == column),
                "{}: {name} not marked {column}",
                sample.display()
            );
        }
        // And each vote's result line says the same as its ballots.
        let text = extracted_text(&pdf, None);
        for vote in json["items"]
            .as_array()
            .unwrap()
            .iter()
            .flat_map(|i| i["votes"].as_array().cloned().unwrap_or_default())
        {
            let ballots = vote["ballots"].as_array().unwrap();
            let count = |answer: &str| ballots.iter().filter(|b| b["vote"] == answer).count();
            let result = format!(
                "Omröstningsresultat: {} ja, {} nej, {} avstår",
                count("yes"),
                count("no"),
                count("abstain")
            );
            assert!(
                text.contains(&squash(&result)),
                "{}: {result:?} missing",
                sample.display()
            );
        }
    }
    assert!(votes_seen >= 2, "samples with votes missing");
}

/// The roll-call tables read back from the words of the PDF: (row text before the marks,
/// column of the X).
fn roll_call_marks(words: &[Word]) -> Vec<(String, String)> {
    let same_line = |a: f32, b: f32| (a - b).abs() < 2.0;
    let mut marks = Vec::new();
    let pages = words.iter().map(|w| w.page).max().unwrap_or(0);
    for page in 1..=pages {
        let on_page: Vec<&Word> = words.iter().filter(|w| w.page == page).collect();
        // Header rows of roll-call tables (repeated on continuation pages); a long table is
        // set in two halves side by side, each with its header.
        for header in on_page.iter().filter(|w| w.text == "Ledamot") {
            let right = on_page
                .iter()
                .filter(|w| {
                    w.text == "Ledamot"
                        && same_line(w.y_min, header.y_min)
                        && w.x_min > header.x_min
                })
                .map(|w| w.x_min)
                .fold(f32::MAX, f32::min);
            let in_half = |x: f32| x >= header.x_min - 1.0 && x < right - 1.0;
            let columns: Vec<(f32, &str)> = on_page
                .iter()
                .filter(|w| {
                    same_line(w.y_min, header.y_min)
                        && in_half(w.x_min)
                        && ["Ja", "Nej", "Avstår"].contains(&w.text.as_str())
                })
                .map(|w| (w.x_min, w.text.as_str()))
                .collect();
            assert_eq!(columns.len(), 3, "incomplete roll-call header");
            let first_mark_x = columns.iter().map(|c| c.0).fold(f32::MAX, f32::min) - 20.0;
            // Rows below the header, until the result line or the next table.
            let end = on_page
                .iter()
                .filter(|w| {
                    w.y_min > header.y_min + 2.0
                        && (w.text.starts_with("Omröstningsresultat") || w.text == "Ledamot")
                })
                .map(|w| w.y_min)
                .fold(f32::MAX, f32::min);
            for x in on_page.iter().filter(|w| {
                w.text == "X" && in_half(w.x_min) && w.y_min > header.y_min + 2.0 && w.y_min < end
            }) {
                let column = columns
                    .iter()
                    .min_by(|a, b| (a.0 - x.x_min).abs().total_cmp(&(b.0 - x.x_min).abs()))
                    .unwrap()
                    .1;
                let row: Vec<&str> = on_page
                    .iter()
                    .filter(|w| {
                        same_line(w.y_min, x.y_min) && in_half(w.x_min) && w.x_min < first_mark_x
                    })
                    .map(|w| w.text.as_str())
                    .collect();
                marks.push((row.join(" "), column.to_string()));
            }
        }
    }
    marks
}

fn render_kind(kind: &str, sample: &Path, pdf: &Path) {
    let out = protokoll(&[kind, sample.to_str().unwrap(), "-o", pdf.to_str().unwrap()]);
    assert_success(&out);
}

/// The foundation's checks on a derived document.
fn check_conformance(pdf: &Path) {
    assert_qpdf_clean(pdf);
    assert_tagged_pdfa(pdf);
}

/// The seed with its notice posted on `posted` (and taken down on `removed`), and without an
/// adjustment date when `adjusted` is false.
fn seed_with_notice(
    dir: &Path,
    posted: Option<&str>,
    removed: Option<&str>,
    adjusted: bool,
) -> std::path::PathBuf {
    let mut json = load_json(&seed());
    // Without a posting date, the notice names only where the protocol is kept.
    json["notice"] = match posted {
        Some(p) => serde_json::json!({ "posted": p }),
        None => serde_json::json!({ "storage": "Kansliet" }),
    };
    if let Some(r) = removed {
        json["notice"]["removed"] = r.into();
    }
    if !adjusted {
        json.as_object_mut().unwrap().remove("adjustment");
    }
    let path = dir.join("seed-notice.json");
    std::fs::write(&path, json.to_string()).unwrap();
    path
}

#[test]
fn the_notice_dates_follow_the_law_and_an_early_take_down_is_refused() {
    let dir = tempfile::tempdir().unwrap();
    // Three weeks from 3 December 2020 end on julafton (Thursday): past juldagen and the
    // weekend to Monday 28 December; the notice comes down on the 29th at the earliest.
    let input = seed_with_notice(dir.path(), Some("2020-12-03"), None, true);
    let pdf = dir.path().join("notice.pdf");
    render_kind("notice", &input, &pdf);
    if have("pdftotext") {
        let hay = extracted_text(&pdf, None);
        assert!(
            hay.contains(&squash("Sista dag för överklagande: 2020-12-28")),
            "{hay}"
        );
        assert!(
            hay.contains(&squash("Datum för anslags nedtagande: 2020-12-29")),
            "{hay}"
        );
        assert!(
            hay.contains(&squash("Datum för justering: 2020-10-08")),
            "{hay}"
        );
    }
    // Taken down on the last day of appeal: refused, and no PDF is written.
    let early = seed_with_notice(dir.path(), Some("2020-12-03"), Some("2020-12-28"), true);
    let out_pdf = dir.path().join("early.pdf");
    let out = protokoll(&[
        "notice",
        early.to_str().unwrap(),
        "-o",
        out_pdf.to_str().unwrap(),
    ]);
    let err = refused(&out, &out_pdf);
    assert!(
        err.contains("notice.removed") && err.contains("2020-12-29"),
        "{err}"
    );
}

#[test]
fn an_unadjusted_protocol_does_not_claim_to_be_adjusted() {
    let dir = tempfile::tempdir().unwrap();
    // A notice cannot have been posted before the adjustment it announces: refused.
    let posted = seed_with_notice(dir.path(), Some("2020-10-09"), None, false);
    let out = protokoll(&["check", posted.to_str().unwrap()]);
    assert_eq!(out.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(
        stderr.contains("`notice.posted`") && stderr.contains("no adjustment date"),
        "{stderr}"
    );
    let input = seed_with_notice(dir.path(), None, None, false);
    for kind in ["notice", "render"] {
        let pdf = dir.path().join(format!("{kind}.pdf"));
        let args = [kind, input.to_str().unwrap(), "--layout", "kommun"];
        let Some(hay) = written_text(&args, &pdf) else {
            return;
        };
        assert!(
            !hay.contains(&squash("Protokollet är justerat")),
            "{kind}: {hay}"
        );
        assert!(
            hay.contains(&squash("Datumen fylls i när protokollet har justerats")),
            "{kind}"
        );
    }
}

/// Text of one page.
fn page_text(pdf: &Path, page: usize) -> String {
    let p = page.to_string();
    let (ok, text) = run(
        "pdftotext",
        &["-f", &p, "-l", &p, "-layout", pdf.to_str().unwrap(), "-"],
    );
    assert!(ok, "{text}");
    text
}

#[test]
fn the_kommun_front_page_is_signed_and_posted() {
    let dir = tempfile::tempdir().unwrap();
    for sample in samples() {
        let name = sample.display().to_string();
        let pdf = dir.path().join("front.pdf");
        render(&sample, &pdf, &["--layout", "kommun"]);
        // Every signature field of the protocol, the notice's included, is on page 1.
        let fields = signature_fields(&pdf);
        let json = load_json(&sample);
        let adjusters = json["adjusters"].as_array().unwrap().len();
        let chairs = 1 + other_chairs(&json).len();
        assert_eq!(fields.len(), 2 + chairs + adjusters, "{name}");
        for f in &fields {
            assert_eq!(f["page"], 1, "{name}: {f}");
        }
        if !have("pdftotext") {
            continue;
        }
        let (_, all) = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
        assert_no_broken_data(&all, &input_names(&load_json(&sample)), &name);
        let front = squash(&page_text(&pdf, 1));
        for t in [
            "Plats och tid",
            "Beslutande",
            "Utses att justera",
            "Justeringens plats och tid",
            "Underskrifter",
            "Sekreterare",
            "Ordförande",
            "Justerande",
            "Paragrafer",
            "ANSLAG/BEVIS",
            "Underskrift",
        ] {
            assert!(front.contains(&squash(t)), "{name}: page 1 lacks {t:?}");
        }
        if front.contains(&squash("Se närvarolista, sidan 2")) {
            let second = page_text(&pdf, 2);
            assert!(
                second
                    .trim_start()
                    .lines()
                    .skip_while(|l| !l.contains("Närvarolista"))
                    .count()
                    > 0
                    && squash(&second).contains(&squash("Beslutande")),
                "{name}: page 2 is not the närvarolista"
            );
        }
    }
}

/// Every word of every name of a person or organisation in the input.
fn input_names(json: &Value) -> Vec<String> {
    let mut out = Vec::new();
    let mut add = |v: &Value| {
        if let Some(s) = v.as_str() {
            out.extend(s.split_whitespace().map(str::to_string));
        }
    };
    for key in ["chair", "secretary"] {
        add(&json[key]["name"]);
    }
    for key in ["adjusters", "members", "substitutes", "absent", "others"] {
        for p in json[key].as_array().into_iter().flatten() {
            add(&p["name"]);
            add(&p["organisation"]);
        }
    }
    add(&json["organisation"]["name"]);
    out
}

/// In `pdftotext` output: no inserted hyphen (U+00AD at a line's end) in a name, URL, e-mail
/// address or number, and no line ending inside a date, range or case number.
fn assert_no_broken_data(text: &str, names: &[String], what: &str) {
    let lines: Vec<&str> = text.lines().collect();
    for pair in lines.windows(2) {
        let (Some(last), Some(next)) = (
            pair[0].split_whitespace().last(),
            pair[1].split_whitespace().next(),
        ) else {
            continue;
        };
        if let Some(head) = last.strip_suffix('\u{AD}') {
            let word = format!("{head}{next}");
            let word = word.trim_end_matches([',', '.', ';', ':', ')']);
            assert!(
                !names
                    .iter()
                    .any(|n| n.trim_matches(['(', ')', ',']) == word),
                "{what}: name hyphenated: {last} / {next}"
            );
            assert!(
                !word.contains("://")
                    && !word.contains('@')
                    && !word.chars().any(|c| c.is_ascii_digit()),
                "{what}: data hyphenated: {last} / {next}"
            );
        }
        let data_split = (last.ends_with('-') || last.ends_with('–'))
            && last.chars().any(|c| c.is_ascii_digit())
            && next.starts_with(|c: char| c.is_ascii_digit());
        assert!(!data_split, "{what}: number split: {last} / {next}");
    }
}

#[test]
fn generated_sentences_read_right_whatever_was_typed() {
    let dir = tempfile::tempdir().unwrap();
    let kf = sample("kommunfullmaktige-2024");
    let pdf = dir.path().join("kf.pdf");
    render(&kf, &pdf, &[]);
    let seed_pdf = dir.path().join("seed.pdf");
    render(&seed(), &seed_pdf, &[]);
    let Some(hay) = pdf_text(&pdf) else {
        return;
    };
    // Typed as "till förmån för eget yrkande om återremiss", without a full stop.
    assert!(hay.contains(&squash(
        "reserverar sig till förmån för eget yrkande om återremiss."
    )));
    assert!(!hay.contains(&squash("till förmån för till förmån för")));
    // Three people with the same jäv: one sentence naming all three.
    let (_, once) = run("pdftotext", &[pdf.to_str().unwrap(), "-"]);
    assert_eq!(
        squash(&once).matches(&squash("anmäler jäv")).count(),
        1,
        "one jäv sentence"
    );
    assert!(
        hay.contains(&squash("Erik Wallin ("))
            && hay.contains(&squash("anmäler jäv och deltar inte i handläggningen."))
    );
    assert!(
        hay.contains(&squash("Reservationer")),
        "two reservations: plural heading"
    );
    // En dash in the time range; plain numbering referred to as "punkt 4", never "(4.)".
    let seed_text = extracted_text(&seed_pdf, None);
    assert!(seed_text.contains(&squash("kl. 9.00–11.20")), "{seed_text}");
    assert!(seed_text.contains(&squash("(punkt ")), "{seed_text}");
    // No "(4.)"; the "(forts.)" of a continued item is no number.
    let numbered_stop = seed_text
        .match_indices(".)")
        .any(|(at, _)| seed_text[..at].ends_with(|c: char| c.is_ascii_digit()));
    assert!(!numbered_stop, "{seed_text}");
}

#[test]
fn a_confidential_item_may_publish_its_decision() {
    let dir = tempfile::tempdir().unwrap();
    let sample = sample("kommunstyrelsen-2024");
    // The sample's folder with its files, and the input with publish_decision set.
    for entry in std::fs::read_dir(sample.parent().unwrap()).unwrap() {
        let p = entry.unwrap().path();
        std::fs::copy(&p, dir.path().join(p.file_name().unwrap())).unwrap();
    }
    let mut json = load_json(&sample);
    let item = json["items"]
        .as_array_mut()
        .unwrap()
        .iter_mut()
        .find(|i| i["confidential"] == true && i["decision"].is_string() && i["text"].is_string())
        .expect("a confidential item with a decision and a text");
    item["publish_decision"] = true.into();
    let decision = item["decision"].as_str().unwrap().to_string();
    let text = item["text"].as_str().unwrap().to_string();
    let input = dir.path().join("publish.json");
    std::fs::write(&input, json.to_string()).unwrap();
    let (full, public) = (dir.path().join("full.pdf"), dir.path().join("public.pdf"));
    render(&input, &full, &[]);
    render(&input, &public, &["--public"]);
    let Some(hay) = pdf_text(&public) else {
        return;
    };
    let first = |t: &str| {
        t.lines()
            .find(|l| l.trim().chars().count() >= 12)
            .unwrap()
            .trim()
            .to_string()
    };
    assert!(
        hay.contains(&squash(&first(&decision))),
        "the decision is published"
    );
    absent_everywhere(&public, &[first(&text)], "public version");
    assert_eq!(page_count(&full), page_count(&public));
}
