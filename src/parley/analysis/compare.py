"""Compare a negotiation map with an expected one (``seed.map.json``), field by field.

``diff_maps(expected, actual)`` returns the differences as readable lines (empty: the maps
agree). Both are the JSON objects (dicts) of a map. The rules:

- entries are paired by their parties (stances by actor and toward; blockers likewise; talks by
  the pair); two names match when equal ignoring case or when they share the last word
  ("Zelensky" ~ "Volodymyr Zelensky"). An expected entry with no pair is *missing*; an actual
  entry with no pair is *extra* (the map says something the expectation does not support).
- stance labels, talk statuses, dates, ``in_effect``, ``since`` and ``confirmed`` are equal;
  ``reported_by`` is equal ignoring case (an absent expected key means null);
  ``previous`` is equal (absent means null); ``confirmed_by`` names match.
- conditions and blocker texts match when at least half of the expected text's tokens are in
  the actual one; conditions pair one to one, and an unpaired actual condition is extra.
- ``same_side``: every name the actual map folds into a person is one of the expected names
  for that person.
"""

from __future__ import annotations

from typing import Any

from parley.analysis.text import overlap

THRESHOLD = 0.5


def names_match(a: str | None, b: str | None) -> bool:
    if a is None or b is None:
        return a is b
    x, y = a.strip().lower(), b.strip().lower()
    return x == y or (bool(x.split()) and bool(y.split()) and x.split()[-1] == y.split()[-1])


def _pair(
    expected: list[dict[str, Any]], actual: list[dict[str, Any]], key: Any
) -> tuple[list[tuple[dict[str, Any], dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    pairs, missing, left = [], [], list(actual)
    for e in expected:
        found = next((a for a in left if key(e, a)), None)
        if found is None:
            missing.append(e)
        else:
            left.remove(found)
            pairs.append((e, found))
    return pairs, missing, left


def _texts_match(expected: list[str], actual: list[str]) -> list[str]:
    out, left = [], list(actual)
    for e in expected:
        best = max(left, key=lambda a: overlap(e, a), default=None)
        if best is None or overlap(e, best) < THRESHOLD:
            out.append(f"missing condition {e!r} (have {left})")
        else:
            left.remove(best)
    out.extend(f"extra condition {a!r}" for a in left)
    return out


def _same_value(field: str, e: Any, a: Any, where: str) -> list[str]:
    if isinstance(e, str) and isinstance(a, str) and field == "reported_by":
        ok = e.strip().lower() == a.strip().lower()
    else:
        ok = e == a
    return [] if ok else [f"{where}: {field} expected {e!r}, got {a!r}"]


def diff_maps(expected: dict[str, Any], actual: dict[str, Any]) -> list[str]:
    """Differences between two maps (JSON objects), one readable line each."""
    out: list[str] = []
    if "as_of" in expected:
        out += _same_value("as_of", expected["as_of"], actual.get("as_of"), "map")

    def directed(e: dict[str, Any], a: dict[str, Any]) -> bool:
        return names_match(e["actor"], a["actor"]) and names_match(e["toward"], a["toward"])

    pairs, missing, extra = _pair(expected.get("stances", []), actual.get("stances", []),
                                  directed)
    out += [f"missing stance {e['actor']} -> {e['toward']} ({e['stance']})" for e in missing]
    out += [f"extra stance {a['actor']} -> {a['toward']} ({a['stance']})" for a in extra]
    for e, a in pairs:
        where = f"stance {e['actor']} -> {e['toward']}"
        for f in ("stance", "date"):
            out += _same_value(f, e.get(f), a.get(f), where)
        out += _same_value("reported_by", e.get("reported_by"), a.get("reported_by"), where)
        out += _same_value("previous", e.get("previous"), a.get("previous"), where)
        out += [f"{where}: {m}" for m in _texts_match(e.get("conditions", []),
                                                       a.get("conditions", []))]

    pairs, missing, extra = _pair(expected.get("blockers", []), actual.get("blockers", []),
                                  directed)
    out += [f"missing blocker {e['actor']} -> {e['toward']}: {e['text']!r}" for e in missing]
    out += [f"extra blocker {a['actor']} -> {a['toward']}: {a['text']!r}" for a in extra]
    for e, a in pairs:
        where = f"blocker {e['actor']} -> {e['toward']}"
        if overlap(e["text"], a.get("text") or "") < THRESHOLD:
            out.append(f"{where}: text expected {e['text']!r}, got {a.get('text')!r}")
        for f in ("since", "in_effect", "confirmed"):
            if f in e:
                out += _same_value(f, e[f], a.get(f), where)
        if "confirmed_by" in e and not names_match(e["confirmed_by"], a.get("confirmed_by")):
            out.append(f"{where}: confirmed_by expected {e['confirmed_by']!r}, "
                       f"got {a.get('confirmed_by')!r}")

    def undirected(e: dict[str, Any], a: dict[str, Any]) -> bool:
        x, y = e["between"]
        p, q = a["between"]
        return (names_match(x, p) and names_match(y, q)) or (names_match(x, q)
                                                             and names_match(y, p))

    pairs, missing, extra = _pair(expected.get("talks", []), actual.get("talks", []),
                                  undirected)
    out += [f"missing talks {e['between']} ({e['status']})" for e in missing]
    out += [f"extra talks {a['between']} ({a['status']})" for a in extra]
    for e, a in pairs:
        where = f"talks {e['between']}"
        for f in ("status", "date"):
            out += _same_value(f, e.get(f), a.get(f), where)

    expected_sides = expected.get("same_side") or {}
    for person, names in (actual.get("same_side") or {}).items():
        allowed = next((v for k, v in expected_sides.items() if names_match(k, person)), None)
        if allowed is None:
            continue
        allowed_l = {n.lower() for n in allowed}
        out += [f"same_side {person}: {n!r} is not one of {allowed}"
                for n in names if n.lower() not in allowed_l]
    return out
