//! No panic on any PDF: `verify`, `fields` and `sign` (prepare, objections, reopen) over
//! mutated signed files — bit flips, truncations, edited numbers, deleted and duplicated
//! runs — with a fixed seed. A damaged signed file is never judged sound: every mutation
//! outside a signature's own `/Contents` gap changes signed bytes.
//!
//! `PROTOKOLL_FUZZ_CASES=20000 cargo test --release --test it fuzz_pdf -- --nocapture` runs
//! a longer campaign (the README gives the figures); `PROTOKOLL_FUZZ_SEED` another seed.

use crate::support::pki::{identity_of, issue, make_pki};
use crate::support::rng::Rng;
use crate::support::*;
use std::panic::{catch_unwind, AssertUnwindSafe};

/// One mutation of `pdf`: the new bytes, a description, and the changed offsets (for a
/// shift, the first).
fn mutate(pdf: &[u8], rng: &mut Rng) -> (Vec<u8>, String, Vec<usize>) {
    let mut out = pdf.to_vec();
    match rng.below(5) {
        0 => {
            let flips = 1 + rng.below(4);
            let mut at = Vec::new();
            for _ in 0..flips {
                let i = rng.below(out.len());
                out[i] ^= 1 << rng.below(8);
                at.push(i);
            }
            (out, format!("bit flips at bytes {at:?}"), at)
        }
        1 => {
            let at = rng.below(out.len());
            out.truncate(at);
            (out, format!("truncated at byte {at}"), vec![at])
        }
        2 => {
            // An edited number: a run of digits replaced by another, negative or huge.
            let start = rng.below(out.len());
            let Some(at) = out[start..]
                .iter()
                .position(u8::is_ascii_digit)
                .map(|i| i + start)
            else {
                return (out, "no number to edit".into(), Vec::new());
            };
            let end = at + out[at..].iter().take_while(|b| b.is_ascii_digit()).count();
            let replacement = match rng.below(4) {
                0 => "-1".to_string(),
                1 => "99999999999999999999".to_string(),
                2 => "0".to_string(),
                _ => (rng.next() % 1_000_000).to_string(),
            };
            out.splice(at..end, replacement.bytes());
            (
                out,
                format!("number at byte {at} set to {replacement}"),
                vec![at],
            )
        }
        3 => {
            let at = rng.below(out.len());
            let len = 1 + rng.below(64).min(out.len() - at - 1);
            out.drain(at..at + len);
            (out, format!("{len} bytes deleted at byte {at}"), vec![at])
        }
        _ => {
            let at = rng.below(out.len());
            let len = 1 + rng.below(64).min(out.len() - at - 1);
            let chunk = out[at..at + len].to_vec();
            let to = rng.below(out.len());
            out.splice(to..to, chunk);
            (
                out,
                format!("{len} bytes from {at} copied to {to}"),
                vec![to],
            )
        }
    }
}

/// The `/Contents` gaps of the signatures of `pdf` (where a change is not a signed change).
fn gaps(pdf: &[u8]) -> Vec<std::ops::Range<usize>> {
    let doc = lopdf::Document::load_mem(pdf).unwrap();
    doc.objects
        .values()
        .filter_map(|o| {
            o.as_dict()
                .ok()?
                .get(b"ByteRange")
                .ok()?
                .as_array()
                .ok()
                .cloned()
        })
        .map(|r| r[1].as_i64().unwrap() as usize..r[2].as_i64().unwrap() as usize)
        .collect()
}

/// A request to sign `field` as `signer` at a fixed time (2026-01-01 12:00).
fn request_at_noon(field: &str, signer: &str) -> protokoll::sign::SignRequest {
    protokoll::sign::SignRequest {
        field: field.into(),
        signer: signer.into(),
        time: chrono::NaiveDate::from_ymd_opt(2026, 1, 1)
            .unwrap()
            .and_hms_opt(12, 0, 0)
            .unwrap(),
        reason: None,
        location: None,
    }
}

#[test]
fn mutated_signed_files_never_panic_and_are_never_sound() {
    let Some(pki) = make_pki() else { return };
    // The minimal protocol (small, so that many cases run quickly), signed twice through the
    // library by its own secretary and chair.
    let unsigned = pki.path("minimal.pdf");
    render(&fixture("minimal.json"), &unsigned, &[]);
    let mut signed = std::fs::read(&unsigned).unwrap();
    issue(&pki, "olof", "Olof Berg");
    issue(&pki, "eva", "Eva Lind");
    for (field, p12) in [("sekreterare", "olof.p12"), ("ordforande", "eva.p12")] {
        let id = identity_of(&pki, p12);
        let request = request_at_noon(field, &id.name());
        signed = protokoll::sign::sign(&signed, &request, &id).unwrap();
    }
    let gaps = gaps(&signed);
    let cases: usize = std::env::var("PROTOKOLL_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    let seed: u64 = std::env::var("PROTOKOLL_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_2026);
    let mut rng = Rng(seed);
    let request = request_at_noon("justerare-1", "Per Holmgren");
    // The test PKI's certificates are valid from now for 30 days: judged at a fixed time
    // they would be "not yet valid" and no file could ever be sound.
    let now = chrono::Utc::now().timestamp();
    let base = protokoll::sign::verify(&signed, &[], now).unwrap();
    assert!(
        base.len() == 2 && base.iter().all(|r| r.sound()),
        "the unmutated file is sound: {base:?}"
    );
    let (mut panics, mut accepted) = (Vec::new(), Vec::new());
    let (mut refused, mut sound_gap_edits) = (0usize, 0usize);
    for case in 0..cases {
        let (bytes, what, changed) = mutate(&signed, &mut rng);
        if bytes == signed {
            continue;
        }
        let run = catch_unwind(AssertUnwindSafe(|| {
            let verdict = protokoll::sign::verify(&bytes, &[], now);
            let _ = protokoll::sign::list(&bytes, now);
            let _ = protokoll::sign::prepare(&bytes, &request);
            let _ = protokoll::sign::objections(&bytes, "justerare-1", "Per Holmgren", None, now);
            let _ = protokoll::sign::reopen(&bytes);
            verdict.is_ok_and(|r| !r.is_empty() && r.iter().all(|r| r.sound()))
        }));
        let in_gap = changed.iter().all(|at| gaps.iter().any(|g| g.contains(at)));
        match run {
            Err(_) => panics.push(format!("case {case}: {what}")),
            // A changed /Contents padding leaves the signed bytes as they were.
            Ok(true) if in_gap => sound_gap_edits += 1,
            Ok(true) => accepted.push(format!("case {case}: {what}")),
            Ok(false) => refused += 1,
        }
    }
    eprintln!(
        "fuzz: {cases} cases (seed {seed:#x}), {refused} refused, {sound_gap_edits} sound \
         (changed only inside a /Contents gap), {} panics, {} damaged files accepted",
        panics.len(),
        accepted.len()
    );
    assert!(panics.is_empty(), "panics: {panics:#?}");
    assert!(
        accepted.is_empty(),
        "damaged files judged sound: {accepted:#?}"
    );
}
