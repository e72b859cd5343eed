"""``diff_maps``: the field-by-field comparison the map tests rely on must catch each error."""

from __future__ import annotations

import copy
from typing import Any

import pytest

from parley.analysis import diff_maps

BASE: dict[str, Any] = {
    "as_of": "2025-01-23",
    "stances": [{"actor": "Volodymyr Zelensky", "toward": "Vladimir Putin",
                 "stance": "conditional", "date": "2025-01-23", "reported_by": "Bloomberg",
                 "conditions": ["receiving security guarantees from U.S. President Donald Trump"],
                 "previous": {"stance": "refuses", "date": "2022"}}],
    "blockers": [{"actor": "Volodymyr Zelensky", "toward": "Vladimir Putin",
                  "text": "a decree prohibiting himself from negotiating with Putin",
                  "since": "2022", "in_effect": True, "confirmed_by": "Andrey Sibiga",
                  "confirmed": "2025-01"}],
    "talks": [{"between": ["Donald Trump", "Volodymyr Zelensky"], "status": "ongoing",
               "date": "2025-01-21"}],
}


def test_compare_diff_equal_maps_and_tolerances() -> None:
    actual = copy.deepcopy(BASE)
    assert diff_maps(BASE, actual) == []
    # surnames match, talks are undirected, conditions need half of their tokens
    actual["stances"][0]["actor"] = "Zelensky"
    actual["talks"][0]["between"] = ["Volodymyr Zelensky", "Donald Trump"]
    actual["stances"][0]["conditions"] = ["security guarantees from President Donald Trump"]
    assert diff_maps(BASE, actual) == []


def _set(path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    actual = copy.deepcopy(BASE)
    target: Any = actual
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return actual


@pytest.mark.parametrize("path, value, expected", [
    (("stances", 0, "stance"), "willing", "stance expected"),
    (("stances", 0, "date"), None, "date expected"),
    (("stances", 0, "previous"), None, "previous expected"),
    (("stances", 0, "reported_by"), None, "reported_by expected"),
    (("stances", 0, "conditions"), ["guarantees"], "missing condition"),
    (("stances", 0, "conditions"),
     ["receiving security guarantees from U.S. President Donald Trump", "elections"],
     "extra condition"),
    (("stances", 0, "toward"), "Donald Trump", "missing stance"),
    (("blockers", 0, "in_effect"), False, "in_effect expected"),
    (("blockers", 0, "text"), "martial law", "text expected"),
    (("blockers", 0, "confirmed_by"), None, "confirmed_by expected"),
    (("talks", 0, "status"), "held", "status expected"),
    (("as_of",), "2023-01-01", "as_of expected"),
])
def test_compare_diff_reports_each_error(path: tuple[Any, ...], value: Any,
                                         expected: str) -> None:
    diffs = diff_maps(BASE, _set(path, value))
    assert any(expected in d for d in diffs), diffs


def test_compare_diff_extra_entries_and_same_side() -> None:
    actual = copy.deepcopy(BASE)
    actual["stances"].append({"actor": "Vladimir Putin", "toward": "Volodymyr Zelensky",
                              "stance": "refuses", "conditions": [], "date": None})
    actual["same_side"] = {"Vladimir Putin": ["Russia", "Ukraine"]}
    expected = dict(BASE, same_side={"Vladimir Putin": ["Russia", "Moscow"]})
    diffs = diff_maps(expected, actual)
    assert any(d.startswith("extra stance Vladimir Putin") for d in diffs)
    assert any("'Ukraine' is not one of" in d for d in diffs)
    assert len(diffs) == 2
