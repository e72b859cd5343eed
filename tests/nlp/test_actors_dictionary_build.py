"""The converter of PETRARCH2's TABARI dictionaries (scripts/build_actor_dictionary.py), on a
hand-written snippet in that format."""

from __future__ import annotations

import importlib.util
from pathlib import Path
from types import ModuleType

import pytest

SCRIPT = Path(__file__).resolve().parents[2] / "scripts" / "build_actor_dictionary.py"

SNIPPET = """\
# comment line
FREEDONIA_  [FRE]
+FREEDONIAN_
+FREEDONIA_CITY_
RUFUS_T._FIREFLY_  # a leader
+PRESIDENT_FIREFLY_
+FIREFLY_
\t[FREGOV 330101-331231]
\t[FREELI]
FREEDONIAN_ARMY_ [FREMIL]
SYLVANIA_NEWS_ [MED]
"""


@pytest.fixture(scope="module")
def build() -> ModuleType:
    spec = importlib.util.spec_from_file_location("build_actor_dictionary", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_build_parse_code_and_dates(build: ModuleType) -> None:
    assert build.parse_code("RUSGOV") == ("RUS", "GOV")
    assert build.parse_code("IGOUNO") == (None, "IGO")
    assert build.parse_code("~CVLOPP") == (None, "OPP")
    assert build.parse_date("991231") == "1999-12-31"
    assert build.parse_date("080507") == "2008-05-07"
    assert build.parse_date("19270101") == "1927-01-01"
    assert build.parse_roles("[RUSGOV >080508]") == [["RUS", "GOV", "2008-05-08", None]]


def test_build_reads_blocks_with_synonyms_and_dated_roles(build: ModuleType, tmp_path: Path
                                                           ) -> None:
    path = tmp_path / "x.actors.txt"
    path.write_text(SNIPPET, encoding="utf-8")
    blocks = build.read_blocks(path)
    names = [b[0] for b in blocks]
    assert names[0] == ["freedonia", "freedonian", "freedonia city"]
    leader = blocks[1]
    assert leader[0] == ["rufus t. firefly", "president firefly", "firefly"]
    assert ["FRE", "GOV", "1933-01-01", "1933-12-31"] in leader[1]
    assert build.canonical_person_name(leader[0]) == "Rufus T. Firefly"
    assert blocks[2][1] == [["FRE", "MIL", None, None]]


def test_build_title_case_keeps_acronyms(build: ModuleType) -> None:
    assert build.title_case("bashar al-assad") == "Bashar Al-Assad"
    assert build.title_case("cnn") == "CNN"
    assert build.plural("militia") == "militias" and build.plural("army") == "armies"
