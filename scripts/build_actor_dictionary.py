"""Build Parley's actor dictionary (src/parley/data/actors/) from the reference data.

Reads PETRARCH2's TABARI-format dictionaries (openeventdata/petrarch2, MIT):
``actors/Phoenix.Countries.actors.txt`` (states, their institutions and office holders with
dated roles), ``actors/Phoenix.International.actors.txt`` (IGOs, NGOs, companies, armed
groups), ``actors/Phoenix.agents.txt`` plus ``codebooks/PLOVER_agents.txt`` (sector nouns:
"rebels", "foreign minister", "police"), and ``codebooks/countries.csv`` (NGEC-2025, MIT:
country names, adjectives, ISO codes), and writes Parley's own format:

- ``actors.json.gz``: ``{"format": 1, "actors": [[id, name, kind, country, sector, roles,
  aliases], ...]}``, e.g.::

    ["VLADIMIR_PUTIN", "Vladimir Putin", "person", "RUS", null,
     [["RUS", "GOV", "1999-12-31", "2008-05-07"], ...],
     ["vladimir putin", "putin", "president vladimir putin", ...]]

  ``kind`` is "state", "person" or "org"; a role is ``[country, sector, start, end]`` with ISO
  dates or null for an open end; ``sector`` uses the gold sectors (GOV, MIL, REB, ...). Aliases
  are stored as spaCy's English tokenizer splits them, lower-cased and joined by one space
  ("bashar al - assad"), so that they are PhraseMatcher keys as they stand.
- ``agents.json``: ``{"foreign minister": "GOV", "rebel": "REB", ...}`` (tokenized the same
  way, with regular and listed plurals).

The hand-written ``current.yaml`` beside them (office holders and groups up to 2025) is read at
run time and takes precedence. Run:

    python scripts/build_actor_dictionary.py [--data ../shared/data]
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "src" / "parley" / "data" / "actors"

# CAMEO sector codes -> the gold sectors of GOLD_FORMAT.md (None: no sector).
SECTOR_MAP: dict[str, str | None] = {
    "GOV": "GOV", "MIL": "MIL", "REB": "REB", "OPP": "OPP", "PTY": "PTY", "COP": "COP",
    "JUD": "JUD", "LEG": "LEG", "MED": "MED", "JRN": "MED", "BUS": "BUS", "MNC": "BUS",
    "CVL": "CVL", "REL": "REL", "IGO": "IGO", "NGO": "NGO", "NGM": "NGO", "SPY": "GOV",
    "UAF": "REB", "INS": "REB", "SEP": "REB", "EDU": "CVL", "LAB": "CVL", "AGR": "CVL",
    "REF": "CVL", "HLH": "CVL", "ENV": "NGO", "HRI": "NGO", "CRM": None, "ELI": None,
    "PRE": "GOV", "PRM": "GOV", "SOC": "CVL", "CHR": "REL", "MOS": "REL", "BUD": "REL",
    "JEW": "REL", "HIN": "REL", "ITH": "REL", "CTH": "REL", "SHI": "REL", "SUN": "REL",
    "PRO": "REL", "ORT": "REL", "JAN": "REL", "TAO": "REL", "ATH": "REL",
}
NON_STATE = {"IGO": "IGO", "NGO": "NGO", "MNC": "BUS", "NGM": "NGO"}
# Phoenix codes that are not ISO 3166-1 alpha-3.
COUNTRY_FIX = {"KSV": "XKX", "ROM": "ROU", "ZAR": "COD", "TMP": "TLS"}
TITLE_WORDS = {
    "president", "prime", "minister", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "dr", "dr.",
    "secretary-general", "secretary", "general", "gen.", "king", "queen", "premier",
    "chancellor", "foreign", "defense", "defence", "vice", "vice-president", "former",
    "president-elect", "senator", "sen.", "gov.", "governor", "u.s.", "us", "american",
    "russian", "chairman", "leader", "sheikh", "emir", "crown", "prince", "sultan", "the",
}
MONTHS_DAYS = {
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december", "monday", "tuesday", "wednesday", "thursday",
    "friday", "saturday", "sunday", "will", "mark", "mass", "chase", "young", "rice",
    "long", "white", "black", "brown", "green", "king", "rich", "new", "north", "south",
}


def phrase(raw: str) -> str:
    """TABARI phrase (``PRESIDENT_VLADIMIR_PUTIN_``) -> lower-case words."""
    raw = raw.strip().rstrip("_").replace("_", " ")
    return re.sub(r"\s+", " ", raw).strip().lower()


def title_case(words: str) -> str:
    """``"vladimir putin"`` -> ``"Vladimir Putin"``; acronyms stay upper case (``"CNN"``)."""
    out = []
    for w in words.split():
        if len(w) <= 5 and w.isalpha() and not re.search(r"[aeiouy]", w):
            out.append(w.upper())
            continue
        parts = [p[:1].upper() + p[1:] for p in w.split("-")]
        out.append("-".join(parts))
    return " ".join(out)


def parse_date(raw: str, end: bool = False) -> str | None:
    raw = raw.strip()
    if not raw:
        return None
    if len(raw) == 6:
        yy = int(raw[:2])
        year = 2000 + yy if yy <= 30 else 1900 + yy
        mm, dd = raw[2:4], raw[4:6]
    elif len(raw) == 8:
        year, mm, dd = int(raw[:4]), raw[4:6], raw[6:8]
    else:
        return None
    mm = mm if "01" <= mm <= "12" else ("12" if end else "01")
    dd = dd if "01" <= dd <= "31" else ("28" if end else "01")
    return f"{year:04d}-{mm}-{dd}"


def parse_code(code: str) -> tuple[str | None, str | None] | None:
    """``RUSGOV`` -> ("RUS", "GOV"); ``IGOUNO`` -> (None, "IGO"); ``CVLOPP`` -> (None, "OPP")."""
    code = code.strip().upper()
    is_agent = code.startswith("~")
    code = code.lstrip("~")
    if len(code) < 3:
        return None
    head = code[:3]
    if head in NON_STATE:
        return None, NON_STATE[head]
    chunks = [code[i:i + 3] for i in range(3, len(code), 3)]
    country: str | None = COUNTRY_FIX.get(head, head)
    if is_agent or head in SECTOR_MAP and head not in KNOWN_ISO:
        # a bare sector code: agents, and actors coded by sector alone ("[MED]" for an outlet)
        chunks = [head] + chunks
        country = None
    sector = None
    for i, ch in enumerate(chunks):
        if ch in SECTOR_MAP:
            sector = SECTOR_MAP[ch]
            if ch == "CVL" and "OPP" in chunks[i + 1:]:
                sector = "OPP"
            break
    return country, sector


KNOWN_ISO: set[str] = set()  # filled from countries.csv before the actor files are read
CODE_RE = re.compile(r"\[([~A-Z]+)\s*([<>]?)\s*(\d*)\s*-?\s*(\d*)\s*\]")


def parse_roles(text: str) -> list[list[str | None]]:
    roles: list[list[str | None]] = []
    for code, rel, d1, d2 in CODE_RE.findall(text):
        parsed = parse_code(code)
        if parsed is None:
            continue
        country, sector = parsed
        start = end = None
        if rel == ">":
            start = parse_date(d1)
        elif rel == "<":
            end = parse_date(d1, end=True)
        elif d1 and d2:
            start, end = parse_date(d1), parse_date(d2, end=True)
        roles.append([country, sector, start, end])
    return roles


def read_blocks(path: Path) -> list[tuple[list[str], list[list[str | None]], str | None]]:
    """TABARI actor file -> blocks of (names, roles, inline-code of the first line)."""
    blocks: list[tuple[list[str], list[list[str | None]], str | None]] = []
    names: list[str] = []
    roles: list[list[str | None]] = []
    closed = False

    def flush() -> None:
        nonlocal names, roles
        if names:
            blocks.append((names, roles, None))
        names, roles = [], []

    for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
        body = line.split("#", 1)[0].rstrip()
        if not body.strip():
            continue
        stripped = body.strip()
        if stripped.startswith("["):
            roles.extend(parse_roles(stripped))
            closed = True
            continue
        if stripped.startswith("+"):
            name_part = stripped[1:]
            code_part = ""
            if "[" in name_part:
                name_part, code_part = name_part.split("[", 1)
                code_part = "[" + code_part
            names.append(phrase(name_part))
            if code_part:
                roles.extend(parse_roles(code_part))
                closed = True
            continue
        # a new name: starts a new block if the current one already has codes
        if closed:
            flush()
            closed = False
        name_part, code_part = stripped, ""
        if "[" in stripped:
            name_part, code_part = stripped.split("[", 1)
            code_part = "[" + code_part
        names.append(phrase(name_part))
        if code_part:
            roles.extend(parse_roles(code_part))
            closed = True
    flush()
    return blocks


def canonical_person_name(names: list[str]) -> str:
    for n in names:
        words = n.split()
        while len(words) > 2 and words[0] in TITLE_WORDS:
            words = words[1:]
        if words and words[0] not in TITLE_WORDS:
            return title_case(" ".join(words))
    return title_case(names[0])


def make_id(name: str) -> str:
    return re.sub(r"[^A-Z0-9]+", "_", name.upper()).strip("_")


def is_person(names: list[str], roles: list[list[str | None]]) -> bool:
    return any(r[2] or r[3] for r in roles) or any(r[1] is None and r[0] for r in roles
                                                    if len(roles) > 1)


def good_alias(alias: str) -> bool:
    if len(alias) < 2 or not re.search(r"[a-z]", alias):
        return False
    if " " not in alias and alias in MONTHS_DAYS:
        return False
    return True


def state_aliases(aliases: list[str], known: list[str]) -> list[str]:
    """Keep a country block's names and spellings of the country, not its cities and
    provinces (capitals come from current.yaml, as metonyms)."""
    stems = {k.lower()[:5] for k in known if len(k) >= 4}
    full = {k.lower() for k in known if len(k) >= 4}
    keep = []
    for a in aliases:
        bare = a[4:] if a.startswith("the ") else a
        if bare[:5] in stems and (" " not in bare or bare in full or any(
                bare.startswith(f) for f in full)) or any(f == bare for f in full):
            keep.append(a)
    return keep


def countries(path: Path) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    with path.open(encoding="utf-8") as fh:
        for row in csv.DictReader(fh):
            iso3 = row["CCA3"].strip()
            if not iso3:
                continue
            adjs = [a.strip() for a in row["Nationality"].split(",") if a.strip()]
            out[iso3] = {"name": row["Name"].strip(), "aliases": [row["Name"].strip()] + adjs}
    return out


def build_actors(data: Path) -> list[dict[str, Any]]:
    states = countries(data / "codebooks" / "countries.csv")
    KNOWN_ISO.update(states, COUNTRY_FIX.values(), ("SUN", "YUG", "CSK", "DDR"))
    entries: dict[str, dict[str, Any]] = {}

    def add(entry: dict[str, Any]) -> None:
        key = entry["id"]
        if key in entries:
            old = entries[key]
            old["aliases"] = sorted(set(old["aliases"]) | set(entry["aliases"]))
            old["roles"] = old["roles"] + [r for r in entry["roles"] if r not in old["roles"]]
        else:
            entries[key] = entry

    for iso3, info in states.items():
        add({"id": iso3, "name": info["name"], "kind": "state", "country": iso3,
             "sector": "GOV", "roles": [],
             "aliases": sorted({a.lower() for a in info["aliases"]})})

    for fname in ("Phoenix.Countries.actors.txt", "Phoenix.International.actors.txt"):
        for names, roles, _ in read_blocks(data / "actors" / fname):
            aliases = sorted({n for n in names if good_alias(n)})
            if not aliases or not roles:
                continue
            # a country block: a bare 3-letter code without dates
            if len(roles) == 1 and roles[0][1] is None and roles[0][0] and not roles[0][2] \
                    and not roles[0][3] and fname.startswith("Phoenix.Countries"):
                iso3 = roles[0][0]
                name = states.get(iso3, {}).get("name") or title_case(aliases[0])
                aliases = state_aliases(aliases, states.get(iso3, {}).get("aliases", [name]))
                add({"id": iso3, "name": name, "kind": "state", "country": iso3,
                     "sector": "GOV", "roles": [], "aliases": aliases})
                continue
            if is_person(names, roles):
                name = canonical_person_name(names)
                dated = [r for r in roles if r[1] is not None]
                country = next((r[0] for r in roles if r[0]), None)
                add({"id": make_id(name), "name": name, "kind": "person",
                     "country": country, "sector": None, "roles": dated or roles,
                     "aliases": aliases})
            else:
                country, sector = roles[0][0], roles[0][1]
                name = title_case(re.sub(r"^the ", "", names[0]))
                add({"id": make_id(name) + ("_" + country if country else ""), "name": name,
                     "kind": "org", "country": country, "sector": sector, "roles": [],
                     "aliases": aliases})
    return sorted(entries.values(), key=lambda e: e["id"])


def plural(word: str) -> str:
    if word.endswith(("s", "x", "ch", "sh")):
        return word + "es"
    if word.endswith("y") and word[-2:-1] not in "aeiou":
        return word[:-1] + "ies"
    if word.endswith("man"):
        return word[:-3] + "men"
    return word + "s"


def build_agents(data: Path) -> dict[str, str]:
    agents: dict[str, str] = {}
    for path in (data / "actors" / "Phoenix.agents.txt", data / "codebooks" / "PLOVER_agents.txt"):
        subst: dict[str, list[str]] = {}
        for line in path.read_text(encoding="utf-8", errors="replace").splitlines():
            body = line.split("#", 1)[0].strip()
            m = re.match(r"^(![A-Z]+!)\s*=\s*(.+)$", body)
            if m:
                subst[m.group(1)] = [w.strip() for w in m.group(2).split(",")]
                continue
            m = re.match(r"^([^\[{]+?)\s*(\{[^}]*\})?\s*\[([~A-Z]+)\]", body)
            if not m:
                continue
            parsed = parse_code(m.group(3))
            if parsed is None or parsed[1] is None:
                continue
            sector = parsed[1]
            forms = [m.group(1)]
            if m.group(2):
                forms += [f for f in m.group(2).strip("{} ").split() if f]
            for form in forms:
                variants = [form]
                for key, words in subst.items():
                    if key in form:
                        variants = [v.replace(key, " " + w + " ") for v in variants for w in words]
                for v in variants:
                    words_ = phrase(v)
                    if not words_ or not good_alias(words_):
                        continue
                    agents.setdefault(words_, sector)
                    head = words_.split()
                    agents.setdefault(" ".join(head[:-1] + [plural(head[-1])]), sector)
    return dict(sorted(agents.items()))


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--data", type=Path, default=ROOT.parent / "shared" / "data")
    args = ap.parse_args()
    import spacy

    tokenizer = spacy.blank("en").tokenizer

    def key(text: str) -> str:
        return " ".join(t.lower_ for t in tokenizer(text.replace("\u2019", "'")))

    OUT.mkdir(parents=True, exist_ok=True)
    actors = build_actors(args.data)
    rows = []
    for e in actors:
        aliases = sorted({key(a) for a in e["aliases"]} - {""})
        rows.append([e["id"], e["name"], e["kind"], e["country"], e["sector"], e["roles"],
                     aliases])
    with gzip.open(OUT / "actors.json.gz", "wt", encoding="utf-8", compresslevel=9) as fh:
        json.dump({"format": 1, "actors": rows}, fh, ensure_ascii=False, separators=(",", ":"))
    agents = {key(k): v for k, v in build_agents(args.data).items()}
    (OUT / "agents.json").write_text(
        json.dumps(agents, ensure_ascii=False, indent=0, sort_keys=True) + "\n", encoding="utf-8")
    n_alias = sum(len(e["aliases"]) for e in actors)
    print(f"{len(actors)} actors ({n_alias} aliases), {len(agents)} agent nouns -> {OUT}")


if __name__ == "__main__":
    main()
