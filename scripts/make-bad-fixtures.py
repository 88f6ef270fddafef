#!/usr/bin/env python3
"""Writes the generated bad fixtures in tests/fixtures/bad/ (one mistake each, from one valid
base meeting). The .expected files are written by running the program and then read by a
person before they are committed: `scripts/make-bad-fixtures.py && for f in ...`."""
import copy, json, os, struct, zlib

HERE = os.path.join(os.path.dirname(__file__), "..", "tests", "fixtures", "bad")

BASE = {
    "version": 1,
    "layout": "kommun",
    "organisation": {"name": "Sjöbacka kommun"},
    "body": {"name": "Barn- och utbildningsnämnden"},
    "date": "2024-05-21",
    "time": {"start": "18:00", "end": "19:30"},
    "place": "Kommunhuset",
    "chair": {"name": "Eva Lind", "party": "S"},
    "secretary": {"name": "Olof Berg"},
    "adjusters": [{"name": "Tor Ahl", "party": "M"}],
    "members": [
        {"name": "Eva Lind", "party": "S"},
        {"name": "Tor Ahl", "party": "M"},
        {"name": "Kim Ek", "party": "C"},
    ],
    "items": [
        {
            "number": 12,
            "title": "Läsårstider 2024/2025",
            "decision": "Läsårstiderna fastställs.",
            "votes": [
                {
                    "question": "Bifall?",
                    "yes": "bifall",
                    "no": "avslag",
                    "ballots": [
                        {"name": "Eva Lind", "vote": "yes"},
                        {"name": "Tor Ahl", "vote": "no"},
                        {"name": "Kim Ek", "vote": "yes"},
                    ],
                }
            ],
        }
    ],
}


def png(width, height, truncate=False):
    def chunk(kind, data):
        c = kind + data
        return struct.pack(">I", len(data)) + c + struct.pack(">I", zlib.crc32(c))
    raw = b"".join(b"\0" + b"\x80" * width for _ in range(height))
    data = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0))
    data += chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
    return data[: len(data) // 2] if truncate else data


def case(name, change, files=None):
    m = copy.deepcopy(BASE)
    change(m)
    with open(os.path.join(HERE, name + ".json"), "w", encoding="utf-8") as f:
        json.dump(m, f, ensure_ascii=False, indent=2)
    for fname, data in (files or {}).items():
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(data)


def set_(path, value):
    def change(m):
        *head, last = path
        target = m
        for k in head:
            target = target[k]
        target[last] = value
    return change


def items0(**kv):
    return lambda m: m["items"][0].update(kv)


def five(m):
    m["items"][0]["decison"] = "x"                      # unknown key
    m["members"][2]["party"] = ["C"]                    # wrong type
    del m["place"]                                      # missing key
    m["date"] = "2024-13-01"                            # bad date
    m["items"][0]["votes"][0]["ballots"][2]["name"] = "Kalle Anka"  # voter not a member


def serving_substitute_left_out(m):
    m["absent"] = [{"name": "Kim Ek", "party": "C"}]
    m["members"][2] = {"name": "Lo Berg", "party": "C", "role": "tjänstgörande ersättare", "replaces": "Kim Ek"}
    m["items"][0]["votes"][0]["ballots"].pop()


CASES = {
    "five-mistakes": five,
    "version-2": set_(["version"], 2),
    "not-a-date": set_(["date"], "21 maj 2024"),
    "not-a-time": set_(["time", "start"], "18.00"),
    "break-backwards": set_(["time", "breaks"], [{"start": "19:00", "end": "18:50"}]),
    "break-outside": set_(["time", "breaks"], [{"start": "20:00", "end": "20:10"}]),
    "adjusted-before": set_(["adjustment"], {"date": "2024-05-01"}),
    "notice-backwards": lambda m: [
        m.update(adjustment={"date": "2024-05-24"}),
        m.update(notice={"posted": "2024-05-25", "removed": "2024-05-22"}),
    ],
    "notice-before-adjustment": lambda m: [
        m.update(adjustment={"date": "2024-05-24"}),
        m.update(notice={"posted": "2024-05-23"}),
    ],
    "notice-without-adjustment": set_(["notice"], {"posted": "2024-05-27"}),
    "no-adjusters": set_(["adjusters"], []),
    "no-items": set_(["items"], []),
    "empty-name": set_(["place"], "  "),
    "empty-title": set_(["title"], ""),
    "out-of-range": set_(["items", 0, "number"], -3),
    "number-wraps": set_(["items"], [{"number": 4294967295, "title": "A"}, {"title": "B"}]),
    "enum-value": set_(["items", 0, "votes", 0, "ballots", 0, "vote"], "ja"),
    "bad-role": set_(["members", 0, "role"], "ordf"),
    "nobody-named": items0(proposals=[{"by": [], "text": "bifall"}]),
    "confidential-without-reason": items0(confidential=True),
    "no-ballots": items0(votes=[{"question": "?", "yes": "a", "no": "b", "ballots": []}]),
    "voted-not-attending": set_(["members", 2, "items"], [13]),
    "attendance-no-such-item": set_(["absent"], [{"name": "Bo Ny", "items": [99]}]),
    "present-and-absent": set_(["absent"], [{"name": "Kim Ek", "party": "C"}]),
    "replaces-nobody": set_(["substitutes"], [{"name": "Lo Berg", "replaces": "Ingen Alls"}]),
    "two-chairs": lambda m: [m["members"][0].update(role="ordförande"), m["members"][1].update(role="ordförande")],
    "chair-role-elsewhere": set_(["members", 1, "role"], "ordförande"),
    "roll-call-incomplete": lambda m: m["items"][0]["votes"][0]["ballots"].pop(),
    "serving-substitute-left-out": serving_substitute_left_out,
    "control-character": set_(["items", 0, "decision"], "Beslut\u0007fattat."),
    "byte-order-mark-inside": set_(["items", 0, "title"], "Läsår\ufefftider"),
    "noncharacter": set_(["items", 0, "title"], "Läsår\uffff"),
    "long-word": set_(["items", 0, "decision"], "x" * 100_000),
    "too-many-adjusters": set_(["adjusters"], [{"name": "Tor Ahl"}] * 3000),
    "unknown-layout": set_(["layout"], "kommunal"),
    "lost-in-a-cell": set_(["members", 2, "represents"], " ".join(f"ord{i}" for i in range(400))),
    "heading-taller-than-page": set_(["body", "heading"], [" ".join(f"ord{i}" for i in range(400))]),
    "not-an-image": set_(["organisation", "logo"], "vapen.txt"),
    "huge-logo": set_(["organisation", "logo"], "huge.png"),
    "truncated-logo": set_(["organisation", "logo"], "truncated.png"),
    "reason-not-a-text": items0(confidential=True, confidential_reason=26),
    # Format 1.1 (docs/format.md, "Additions 1.1").
    "suffix-without-number": set_(["items"], [{"title": "A", "number_suffix": "a"}]),
    "suffix-not-a-letter": set_(["items", 0, "number_suffix"], "aa"),
    "suffixes-out-of-order": set_(["items"], [
        {"number": 12, "number_suffix": "b", "title": "A"},
        {"number": 12, "number_suffix": "a", "title": "B"},
        {"number": 12, "number_suffix": "a", "title": "C"},
    ]),
    "presiding-not-serving": lambda m: [
        m["members"][2].update(items=[13]),
        m["items"][0]["votes"][0]["ballots"].pop(),
        m["items"][0].update(presiding="Kim Ek"),
        m["items"].append({"number": 13, "title": "B", "presiding": "Ingen Alls"}),
    ],
    "presiding-conflicted": items0(presiding="Tor Ahl", conflicts=["Tor Ahl"], votes=[]),
    "group-reservation-no-member": items0(reservations=[{"by_parties": ["M", "KD"]}]),
    "reservation-by-and-by-parties": items0(reservations=[
        {"by": ["Tor Ahl"], "by_parties": ["M"]},
        {"text": "Till förmån för avslag."},
    ]),
    "partly-no-such-item": lambda m: [
        m["items"].append({"number": 13, "title": "B"}),
        m["members"][2].update(partly=[99]),
        m["members"][1].update(items=[12], partly=[13]),
        m.update(absent=[{"name": "Bo Ny", "partly": [12]}]),
    ],
    "adjuster-substitute-unknown": lambda m: [
        m["adjusters"][0].update(substitute="Ingen Alls"),
        m["adjusters"].append({"name": "Kim Ek", "substitute": "Kim Ek"}),
    ],
    "adjustment-time": set_(["adjustment"], {"date": "2024-05-24", "time": "16.00"}),
    "statement-by-unknown": items0(statements=[{"by": "Ingen Alls", "text": "Vi vill framföra …"}]),
    "names-wrong-type": items0(statements=[{"by": 5, "text": "…"}]),
    "committee-proposal-empty": items0(committee_proposals=[{"body": "Arbetsutskottet", "text": " "}]),
    "personal-data-broken": items0(
        decision="Ansökan från {{Anna Berg bifalls.",
        text="Se }} ovan {{ }}.",
        procedure="{{Anna {{Berg}}",
    ),
    "personal-data-outside-rich-text": lambda m: [
        m["items"][0].update(title="Bidrag till {{Anna Berg}}"),
        m["items"][0].update(proposals=[{"by": ["Tor Ahl"], "text": "bifall till {{Anna}}"}]),
    ],
    "prefix-empty": set_(["numbering"], {"prefix": " "}),
}

FILES = {
    "vapen.txt": b"not an image\n",
    "huge.png": png(30000, 30000)[:200],  # a header that says 30000 x 30000
    "truncated.png": png(40, 40, truncate=True),
}

if __name__ == "__main__":
    for name, change in CASES.items():
        case(name, change)
    for fname, data in FILES.items():
        with open(os.path.join(HERE, fname), "wb") as f:
            f.write(data)
    # Hand-written text problems: a real line break in a text, curly quotes, Windows-1252.
    text = json.dumps(BASE, ensure_ascii=False, indent=2)
    broken = text.replace('"Läsårstiderna fastställs."', '"Läsårstiderna\nfastställs."')
    open(os.path.join(HERE, "raw-line-break.json"), "w", encoding="utf-8").write(broken)
    curly = text.replace('"place": "Kommunhuset"', "\u201cplace\u201d: \u201cKommunhuset\u201d")
    open(os.path.join(HERE, "curly-quotes.json"), "w", encoding="utf-8").write(curly)
    open(os.path.join(HERE, "windows-1252.json"), "wb").write(text.encode("cp1252"))
    tab = text.replace('"Läsårstiderna fastställs."', '"Läsårstiderna\tfastställs."')
    open(os.path.join(HERE, "raw-tab.json"), "w", encoding="utf-8").write(tab)
    open(os.path.join(HERE, "ends-early.json"), "w", encoding="utf-8").write(text[: len(text) // 2])
