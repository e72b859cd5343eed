"""Build ``src/parley/data/lexicons/triggers.yaml`` from PETRARCH2's CAMEO verb dictionary.

Reads ``<shared>/codebooks/petrarch_CAMEO.2.0.verbs.txt`` (openeventdata/petrarch2, MIT) and
converts it into Parley's compact trigger format, then merges the hand-written patterns of
``src/parley/data/lexicons/triggers_manual.yaml`` on top (hand-written entries win):

    verbs:          {lemma: cameo}                 # default code of a verb
    phrasal:        {"rule out": cameo}            # verb + particle/preposition
    verb_group:     {lemma: group}                 # PETRARCH verb group of a verb
    group_objects:  {group: [[words, cameo], ...]} # group verb with object/PP words -> code
    verb_objects:   {lemma: [[words, cameo], ...]} # hand-written, checked before the group
    synsets:        {"&ceasefire": [words]}        # word sets named in object patterns
    nouns:          {lemma: cameo}                 # nominal triggers (hand-written)
    ...                                            # other hand-written sections verbatim

Usage: ``python scripts/build_trigger_lexicon.py [--shared PATH]``
"""

from __future__ import annotations

import argparse
import re
import sys
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
LEX_DIR = ROOT / "src" / "parley" / "data" / "lexicons"
HEADER = re.compile(r"^---\s+(\S+)\s+\[([^\]]*)\]\s+---")
CODE = re.compile(r"\[([^\]]*)\]")


def _code(raw: str) -> str | None:
    """``036`` -> 036, ``036:036`` -> 036, ``:020`` -> 020, ``---`` -> None."""
    for part in raw.split(":"):
        part = part.strip()
        if part and part != "---" and part.isdigit():
            return part
    return None


def _synsets(lines: list[str]) -> dict[str, list[str]]:
    sets: dict[str, list[str]] = {}
    current: str | None = None
    for line in lines:
        line = line.split("#", 1)[0].strip()
        if line.startswith("####"):
            break
        if line.startswith("&"):
            current = line
            sets[current] = []
        elif line.startswith("+") and current:
            sets[current].append(line[1:].strip("_").replace("_", " ").lower())
    return sets


def _words(obj: str, synsets: dict[str, list[str]]) -> list[list[str]]:
    """Object text of a pattern -> alternatives, each a list of lower-case words."""
    obj = obj.replace("{", " ").replace("}", " ").replace("(", " ").replace(")", " ")
    alts: list[list[str]] = [[]]
    for tok in obj.split():
        if tok in ("$", "^", "%", "+", "*") or tok.startswith("<"):
            continue
        if tok.startswith("&"):
            if tok not in synsets:
                continue
            alts = [a + [tok.lower()] for a in alts]
        else:
            word = tok.strip("_").replace("_", " ").lower()
            if "/" in word:
                word = word.split("/")[0]
            alts = [a + word.split() for a in alts]
    return [a for a in alts if a]


def parse(path: Path) -> dict[str, dict]:
    lines = path.read_text(encoding="utf-8", errors="replace").splitlines()
    synsets = _synsets(lines)
    verbs: dict[str, str] = {}
    phrasal: dict[str, str] = {}
    objects: dict[str, list[list]] = {}  # group -> [[words, code], ...]
    groups: dict[str, str] = {}  # verb lemma -> group
    in_verbs = False
    group_code: str | None = None
    group_name = ""
    group_verbs: list[str] = []
    for raw in lines:
        if raw.startswith("####### VERB PATTERNS"):
            in_verbs = True
            continue
        if raw.startswith("######## TRANSFORMATIONS"):
            break
        if not in_verbs:
            continue
        line = raw.split("#", 1)[0].rstrip()
        if not line.strip():
            continue
        m = HEADER.match(line)
        if m:
            group_code = _code(m.group(2))
            group_name = m.group(1).lower()
            group_verbs = []
            continue
        if line.startswith("-"):
            body = line[1:].strip()
            cm = CODE.search(body)
            if not cm or "*" not in body:
                continue
            code = _code(cm.group(1))
            before, after = body[: cm.start()].split("*", 1)
            if not code or before.strip():  # subject-side patterns are skipped
                continue
            for alt in _words(after, synsets):
                entry = [" ".join(alt), code]
                if entry not in objects.setdefault(group_name, []):
                    objects[group_name].append(entry)
            continue
        # a verb line: VERB {forms} [code] or +MULTI_WORD {forms}
        cm = CODE.search(line)
        code = _code(cm.group(1)) if cm else group_code
        head = line.split("{", 1)[0].split("[", 1)[0].strip()
        if not head:
            continue
        multi = head.startswith("+")
        form = head.lstrip("+").strip("_").replace("_", " ").lower()
        if multi or " " in form:
            if code:
                phrasal.setdefault(form, code)
            group_verbs.append(form.split()[0])
            groups.setdefault(form.split()[0], group_name)
        else:
            group_verbs.append(form)
            groups.setdefault(form, group_name)
            if code:
                verbs.setdefault(form, code)
    sets = {k.lower(): v for k, v in synsets.items() if v}
    return {"verbs": verbs, "phrasal": phrasal, "verb_group": groups, "group_objects": objects,
            "synsets": sets}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--shared", type=Path, default=None, help="path of ../shared/data")
    args = ap.parse_args(argv)
    sys.path.insert(0, str(ROOT / "src"))
    from parley.config import shared_data_dir

    shared = args.shared or shared_data_dir()
    src = shared / "codebooks" / "petrarch_CAMEO.2.0.verbs.txt"
    if not src.is_file():
        print(f"error: {src} not found (pass --shared or set PARLEY_SHARED_DATA)", file=sys.stderr)
        return 2
    lex = parse(src)
    manual = yaml.safe_load((LEX_DIR / "triggers_manual.yaml").read_text(encoding="utf-8")) or {}
    for section, entries in manual.items():
        if section in ("verbs", "phrasal", "nouns") and isinstance(entries, dict):
            lex.setdefault(section, {}).update(entries)
        else:
            lex[section] = entries
    out = LEX_DIR / "triggers.yaml"
    header = (
        "# Generated by scripts/build_trigger_lexicon.py from PETRARCH2's CAMEO verb dictionary\n"
        "# (openeventdata/petrarch2, MIT) merged with triggers_manual.yaml. Do not edit: edit\n"
        "# triggers_manual.yaml and rerun the script.\n"
    )
    body = yaml.safe_dump(lex, sort_keys=True, allow_unicode=True, width=100)
    out.write_text(header + body, encoding="utf-8")
    n_obj = sum(len(v) for v in lex["group_objects"].values())
    print(f"{out}: {len(lex['verbs'])} verbs, {len(lex['phrasal'])} phrasal, {n_obj} object patterns, "
          f"{len(lex.get('nouns', {}))} nouns")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
